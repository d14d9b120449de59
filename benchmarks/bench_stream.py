"""Ingest at stream speed (issue 30): `newsfuse ingest` parsing later (the default) beside
parsing now, in one run, and the first brief of a 20-article story.

    .venv/bin/python benchmarks/bench_stream.py [--articles 1500] [--json]

Inputs are built at run time in a temporary directory from the shared data (never copied
into the repo): the first N documents of multinews-plus-test.jsonl as a JSONL of text
articles, and the 181 pages of the scrapinghub extraction set (read where they are). Each
ingest is a child process into a fresh store with the default configuration but the parse
setting; its wall time and peak RSS come from os.wait4 on that child alone (ru_maxrss;
spaCy's own parser processes, started for chunks of 3,000 sentences or more, are not
counted). The first brief: 20 articles of the largest ECB+ story ingested into a store
as one story, then, in one child process, spaCy's model loaded, the story briefed (cold: its articles
parsed if the store lacks their parse, the brief made and kept) and briefed again from
the store's cache (best of 5).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
BIN = Path(sys.executable).parent / "newsfuse"
HTML = DATA / "extraction-scrapinghub" / "html"

BRIEF = """
import json, sys, time
from newsfuse import service
from newsfuse.annotate import default_annotator
from newsfuse.config import Config
from newsfuse.store import Store
t0 = time.perf_counter()
default_annotator(Config().annotate).nlp  # the model, loaded as a server has it loaded
load = time.perf_counter() - t0
with Store(sys.argv[1]) as store:
    story = max(store.stories(), key=lambda st: st["n_articles"])
    t0 = time.perf_counter()
    service.brief_json(store, story["id"])
    cold = time.perf_counter() - t0
    cached = []
    for _ in range(5):
        t0 = time.perf_counter()
        service.brief_json(store, story["id"])
        cached.append(time.perf_counter() - t0)
print(json.dumps({"model_load": load, "cold": cold, "cached": min(cached), "articles": story["n_articles"]}))
"""


def run(cmd: list[str]) -> dict:
    """Wall seconds and peak RSS (MB) of ``cmd`` as a child, and its stdout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if code != 0:
            raise SystemExit(f"{' '.join(map(str, cmd))} exited {code}:\n{err.read().decode()[-2000:]}")
        return {"seconds": elapsed, "peak_mb": usage.ru_maxrss / 1024, "stdout": out.read().decode()}


def text_articles(path: Path, n: int) -> int:
    """The first ``n`` Multi-News-plus documents as a JSONL of articles; how many were written."""
    written = 0
    with open(DATA / "multinews-plus-test.jsonl", encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        for line in src:
            for doc in json.loads(line)["documents"]:
                if written == n:
                    return written
                if doc.get("text", "").strip():
                    dst.write(json.dumps({"id": doc["doc_id"], "text": doc["text"]}) + "\n")
                    written += 1
    return written


def story_of_20(path: Path) -> None:
    """20 articles of the largest story of ECB+ train/dev, as a JSONL."""
    stories = defaultdict(list)
    with open(DATA / "clustering-ecbplus-traindev.jsonl", encoding="utf-8") as src:
        for line in src:
            rec = json.loads(line)
            if rec.get("text", "").strip():
                stories[rec["story_id"]].append(rec)
    largest = max(stories.values(), key=len)[:20]
    with open(path, "w", encoding="utf-8") as dst:
        for rec in largest:
            dst.write(json.dumps({k: rec[k] for k in ("doc_id", "title", "text") if rec.get(k)}
                                 | {"id": rec["doc_id"]}) + "\n")


def ingest(inputs: Path, store: Path, when: str, *settings: str) -> dict:
    got = run([str(BIN), "ingest", str(inputs), "--store", str(store), "--annotate", when,
               *(x for setting in settings for x in ("--set", setting))])
    added = sum(1 for line in got["stdout"].splitlines() if line.startswith(("added", "duplicate")))
    return {"articles": added, "seconds": got["seconds"], "per_second": added / got["seconds"],
            "peak_mb": got["peak_mb"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1500, help="Multi-News-plus documents to ingest")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        n = text_articles(tmp / "text.jsonl", args.articles)
        story_of_20(tmp / "story20.jsonl")
        for when in ("later", "now"):
            print(f"ingesting {n} text articles, annotate {when} ...", file=sys.stderr, flush=True)
            figures[f"text {when}"] = ingest(tmp / "text.jsonl", tmp / f"text-{when}.db", when)
            print(f"ingesting the 181 scrapinghub pages, annotate {when} ...", file=sys.stderr, flush=True)
            figures[f"html {when}"] = ingest(HTML, tmp / f"html-{when}.db", when)
            # one story of all 20 (the clusterer parts the ECB+ story in two; the brief is timed here)
            ingest(tmp / "story20.jsonl", tmp / f"story-{when}.db", when, "cluster.threshold=0",
                   "cluster.consolidate=false")
            got = run([sys.executable, "-c", BRIEF, str(tmp / f"story-{when}.db")])
            figures[f"brief {when}"] = json.loads(got["stdout"])
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{'ingest':<12} {'articles':>8} {'seconds':>8} {'per s':>7} {'peak MB':>8}")
    for name, f in figures.items():
        if name.startswith(("text", "html")):
            print(f"{name:<12} {f['articles']:>8} {f['seconds']:>8.1f} {f['per_second']:>7.1f} {f['peak_mb']:>8.0f}")
    for kind in ("text", "html"):
        later, now = figures[f"{kind} later"], figures[f"{kind} now"]
        print(f"{kind}: annotate later at {later['per_second'] / now['per_second']:.1f} x the articles per second "
              f"of annotate now")
    print("first brief of a 20-article story (model already loaded; seconds):")
    for when in ("later", "now"):
        f = figures[f"brief {when}"]
        print(f"  stored with annotate {when:<5}  {f['articles']} articles  model load {f['model_load']:.2f}  "
              f"cold {f['cold']:.3f}  cached {f['cached'] * 1000:.2f} ms")


if __name__ == "__main__":
    main()
