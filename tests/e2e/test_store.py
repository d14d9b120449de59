"""The store through the installed `newsfuse ingest`, killed in the middle (its other tests run in
process, tests/integration/test_store.py)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from newsfuse.store import Store
from tests.helpers import FAST, _article

BIN = Path(sys.executable).parent / "newsfuse"


def test_ingest_killed_midway_loses_nothing_reported(tmp_path):
    data = tmp_path / "many.jsonl"
    data.write_text("\n".join(json.dumps(_article(n)) for n in range(400)) + "\n", encoding="utf-8")
    store = tmp_path / "s.db"
    cmd = [str(BIN), "ingest", str(data), "--store", str(store), "--json",
           "--set", "analyse.enabled=false", "--set", "ingest.batch=20"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    reported = []
    for line in proc.stdout:
        reported.append(json.loads(line)["article"])
        if len(reported) == 57:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    db = sqlite3.connect(store)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in db.execute("SELECT id FROM articles")}
    db.close()
    assert set(reported) <= stored and len(stored) < 400
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(x) for x in done.stdout.splitlines()]
    assert sum(x["status"] == "duplicate" for x in lines) == len(stored)
    with Store(store, FAST) as s:
        assert s.counts()["articles"] == 400
        assert sum(st["n_articles"] for st in s.stories()) == 400
