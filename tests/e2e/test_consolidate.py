"""Consolidation killed inside its transaction, in a process of its own (its other tests run in
process, tests/integration/test_consolidate.py)."""

import os
import signal
import sqlite3
import subprocess
import sys

from newsfuse import service
from newsfuse.service import ingest
from newsfuse.store import Store
from tests.conftest import ROOT
from tests.helpers import FAST, N, _article, _snapshot, merging


KILLED = """
import sys, time
from newsfuse import service
from newsfuse.config import Config
from newsfuse.store import Store

FAST = Config().set({"analyse.enabled": False})
remake = Store._remade_clusterer

def slow(self, *args):
    clusterer = remake(self, *args)  # every update of the transaction is made by now
    print("inside", flush=True)
    time.sleep(120)
    return clusterer

Store._remade_clusterer = slow
topic = lambda a: int(a.id[1:]) % 6
with Store(sys.argv[1], FAST) as store:
    service.consolidate(store, lambda arts, current=None: [0 if topic(a) == 1 else topic(a) for a in arts])
"""


def test_a_kill_inside_the_transaction_leaves_the_store_as_it_was(built):
    before = _snapshot(built)
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(built)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "inside", proc.stderr.read()
        # the transaction is open and holds the updates: readers still see the store as it was
        assert _snapshot(built) == before
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    db = sqlite3.connect(built)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    assert _snapshot(built) == before
    with Store(built, FAST) as store:  # opened and written after
        (late,) = list(ingest(store, [_article(N + 1)], FAST))
        assert late.status == "added" and late.story == 2
        assert service.consolidate(store, merging(0, 1)).merged == [(2, 1)]
