"""Memory flat with the stream (issue 30): the peak memory of ingesting 1,000 new articles into a
store that already holds 1,000, 10,000 and 50,000.

    .venv/bin/python benchmarks/stream_memory.py [--sizes 1000,10000,50000] [--json]

The stream reuses the shared data with new ids and dates (built at run time in a temporary
directory, never copied into the repo): the documents of multinews-plus-test.jsonl in turn,
each round of them with its own id suffix, one sentence naming the round (so a round is not
found a duplicate of the one before) and dates that move on by a day every 500 articles, as a
stream of a few days' news at a time does. The store is filled up to each size by `newsfuse
ingest`; then 1,000 more articles are ingested by a child process whose wall time and peak RSS
come from os.wait4 (the default configuration: the parse later, consolidation on).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stream import BIN, DATA, run  # noqa: E402

START = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
PER_DAY = 500
PROBE = 1000


def stream() -> Iterator[dict]:
    """Articles without end: the Multi-News-plus documents, round after round, dated in order."""
    docs = []
    with open(DATA / "multinews-plus-test.jsonl", encoding="utf-8") as src:
        for line in src:
            docs += [d for d in json.loads(line)["documents"] if d.get("text", "").strip()]
    n = 0
    for round_ in range(10_000):
        for doc in docs:
            day = START + dt.timedelta(days=n // PER_DAY, seconds=n % PER_DAY)
            yield {"id": f"{doc['doc_id']}-r{round_}", "text": f"{doc['text']} (Edition {round_}.)",
                   "published": day.isoformat()}
            n += 1


def write(path: Path, articles: Iterator[dict], n: int) -> None:
    with open(path, "w", encoding="utf-8") as dst:
        for _ in range(n):
            dst.write(json.dumps(next(articles)) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="store sizes at which to measure")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sizes = sorted(int(x) for x in args.sizes.split(","))
    articles = stream()
    figures, fills = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        store = tmp / "stream.db"
        held = 0
        for size in sizes:
            if size > held:
                print(f"filling the store to {size} articles ...", file=sys.stderr, flush=True)
                write(tmp / "fill.jsonl", articles, size - held)
                got = run([str(BIN), "ingest", str(tmp / "fill.jsonl"), "--store", str(store)])
                fills.append({"from": held, "to": size, "seconds": got["seconds"], "peak_mb": got["peak_mb"]})
                held = size
            write(tmp / "probe.jsonl", articles, PROBE)
            got = run([str(BIN), "ingest", str(tmp / "probe.jsonl"), "--store", str(store)])
            figures.append({"store": held, "probe": PROBE, "seconds": got["seconds"], "peak_mb": got["peak_mb"],
                            "per_second": PROBE / got["seconds"]})
            held += PROBE
    if args.json:
        print(json.dumps({"probes": figures, "fills": fills}, indent=2))
        return
    print(f"{'in store':>9} {'ingested':>9} {'seconds':>8} {'per s':>7} {'peak MB':>8}")
    for f in figures:
        print(f"{f['store']:>9} {f['probe']:>9} {f['seconds']:>8.1f} {f['per_second']:>7.1f} {f['peak_mb']:>8.0f}")
    for f in fills:
        print(f"filling {f['from']:>6} -> {f['to']:>6}: {f['to'] - f['from']} articles in one ingest, "
              f"{f['seconds']:.0f} s, peak {f['peak_mb']:.0f} MB")
    first, last = figures[0], figures[-1]
    print(f"peak memory at {last['store']} articles: x{last['peak_mb'] / first['peak_mb']:.2f} of that at "
          f"{first['store']}")


if __name__ == "__main__":
    main()
