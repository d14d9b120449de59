"""`newsfuse ingest` with the local engine and with Dask (1 and 2 workers), side by side.

    .venv/bin/python benchmarks/dask_ingest.py [--mn-docs 3000] [--runs 1] [--annotate now|later]
        [--html scrapinghub,dragnet] [--refresh]

Data (read from ../shared/data, never copied here): the HTML pages of
extraction-scrapinghub/html/ (181) and, with --html ...,dragnet, of
extraction-dragnet-train/html/ (964), and the first --mn-docs pooled documents of
multinews-plus-test.jsonl (written to a temporary JSONL). Each run is the whole
command, as a user runs it, into a fresh store: start-up, the cluster's start and
its workers' model loading included. Prints seconds, documents per second, and the
speed-up from 1 to 2 Dask workers.

With --refresh, also `newsfuse refresh` of the Multi-News store ingested with the
parse later (every story briefed, so every article parsed: the work the parse made
later leaves), on a copy of that store per engine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
BIN = Path(sys.executable).parent / "newsfuse"
ENGINES = {"local": [], "dask, 1 worker": ["--engine", "dask", "--workers", "1"],
           "dask, 2 workers": ["--engine", "dask", "--workers", "2"]}


def _multinews(limit: int, folder: Path) -> tuple[Path, int]:
    out = folder / "multinews-pooled.jsonl"
    n = 0
    with (DATA / "multinews-plus-test.jsonl").open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as w:
        for line in f:
            cluster = json.loads(line)
            for doc in cluster["documents"]:
                if n >= limit:
                    return out, n
                if doc.get("text", "").strip():
                    w.write(json.dumps({"id": doc.get("doc_id"), "text": doc["text"]}) + "\n")
                    n += 1
    return out, n


HTML = {"scrapinghub": DATA / "extraction-scrapinghub" / "html", "dragnet": DATA / "extraction-dragnet-train" / "html"}


def _time(inputs: list[str], args: list[str], folder: Path, store: Path | None = None) -> tuple[float, int]:
    store = store or folder / f"bench-{time.monotonic_ns()}.db"
    start = time.perf_counter()
    done = subprocess.run([str(BIN), "ingest", *inputs, "--store", str(store), "--json", *args],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"newsfuse ingest failed: {done.stderr[-2000:]}")
    added = sum(json.loads(line)["status"] == "added" for line in done.stdout.splitlines())
    return seconds, added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mn-docs", type=int, default=3000, help="pooled Multi-News documents (of about 15,000)")
    parser.add_argument("--runs", type=int, default=1, help="runs per cell (the median is shown)")
    parser.add_argument("--annotate", choices=("now", "later"), default="later",
                        help="when the articles are parsed (ingest --annotate): later, the default, leaves "
                             "the workers the cleaning only")
    parser.add_argument("--html", default="scrapinghub",
                        help="the HTML page sets, comma-separated: scrapinghub (181 pages), dragnet (964)")
    parser.add_argument("--refresh", action="store_true", help="also time `refresh` of the Multi-News store")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        mn, n_mn = _multinews(args.mn_docs, folder)
        pages = [HTML[name] for name in args.html.split(",")]
        sets = {f"{args.html} HTML pages": ([str(p) for p in pages], sum(len(list(p.iterdir())) for p in pages)),
                "pooled Multi-News documents": ([str(mn)], n_mn)}
        for name, (inputs, n) in sets.items():
            for engine, extra in ENGINES.items():
                runs = [_time(inputs, [*extra, "--annotate", args.annotate], folder) for _ in range(args.runs)]
                seconds = statistics.median(r[0] for r in runs)
                rows.append({"data": name, "documents": n, "engine": engine, "seconds": round(seconds, 2),
                             "added": runs[0][1], "docs_per_second": round(runs[0][1] / seconds, 1)})
                print(f"{name:<32}{engine:<18}{seconds:>8.1f} s{rows[-1]['docs_per_second']:>9.1f} docs/s",
                      file=sys.stderr, flush=True)
        if args.refresh:
            ingested = folder / "refresh-source.db"
            _, stored = _time([str(mn)], ["--annotate", "later"], folder, ingested)
            for engine, extra in ENGINES.items():
                copy = folder / f"refresh-{time.monotonic_ns()}.db"
                shutil.copy(ingested, copy)
                start = time.perf_counter()
                done = subprocess.run([str(BIN), "refresh", "--store", str(copy), *extra], capture_output=True,
                                      text=True)
                seconds = time.perf_counter() - start
                if done.returncode != 0:
                    raise SystemExit(f"newsfuse refresh failed: {done.stderr[-2000:]}")
                rows.append({"data": "refresh, Multi-News store", "documents": stored, "engine": engine,
                             "seconds": round(seconds, 2), "added": stored,
                             "docs_per_second": round(stored / seconds, 1)})
                print(f"{'refresh':<32}{engine:<18}{seconds:>8.1f} s", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'data':<32}{'engine':<18}{'docs':>6}{'seconds':>9}{'docs/s':>9}")
    for r in rows:
        print(f"{r['data']:<32}{r['engine']:<18}{r['added']:>6}{r['seconds']:>9.1f}{r['docs_per_second']:>9.1f}")
    for name in dict.fromkeys(r["data"] for r in rows):
        one = next(r for r in rows if r["data"] == name and r["engine"] == "dask, 1 worker")
        two = next(r for r in rows if r["data"] == name and r["engine"] == "dask, 2 workers")
        local = next(r for r in rows if r["data"] == name and r["engine"] == "local")
        print(f"{name}: dask x{one['seconds'] / two['seconds']:.2f} from 1 to 2 workers; "
              f"2 workers x{local['seconds'] / two['seconds']:.2f} against the local engine")


if __name__ == "__main__":
    main()
