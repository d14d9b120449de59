"""Consolidation of a store's window of 10,000 articles, beside the TF-IDF baseline (issue 26).

    .venv/bin/python benchmarks/consolidate_window.py [--articles 10000] [--data ../shared/data]
        [--no-baseline]

Puts the first N documents of the pooled Multi-News-plus set (text only, no dates, the
hardest stream the model sees) into a new store in a temporary folder, one at a time as
`newsfuse ingest` adds them (prepared without spaCy), then runs `service.consolidate` over
them all as one window (``cluster.consolidate_window`` = N; briefs left to `refresh`);
then adds 5 more and consolidates around their stories, as `ingest` does.
Prints the seconds and peak memory of each step and the B-cubed F1 of the stories before
and after, beside TF-IDF average linkage over the same documents (vectors, the n x n
distances and the linkage, cut at its best threshold: a ceiling for that method) in the
same run. Nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--no-baseline", dest="baseline", action="store_false")
    args = ap.parse_args()

    from newsfuse import service
    from newsfuse.config import Config
    from newsfuse.evaluation.clustering import bcubed, load_docs, run_baseline
    from newsfuse.pipeline import prepare
    from newsfuse.store import Store

    docs = load_docs(args.data / "multinews-plus-test.jsonl", args.articles)
    config = Config().replace(analyse={"enabled": False}, cluster={"consolidate_window": len(docs)})
    records = [{"id": str(n), "text": d.text} for n, d in enumerate(docs)]
    start = time.perf_counter()
    done = prepare(records, config)
    prepared = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "window.db", config) as store:
        copy_of = {}  # a duplicate (the same text: boilerplate pages) is told the story of its original
        for article in done.articles:
            outcome = store.add(article)
            if outcome.status == "duplicate":
                copy_of[article.id] = outcome.duplicate_of
        added = time.perf_counter()
        story_of = dict(store.db.execute("SELECT id, story FROM articles"))
        before_mb = peak_mb()
        result = service.consolidate(store, briefs=False)
        consolidated = time.perf_counter()
        healed = dict(store.db.execute("SELECT id, story FROM articles"))
        # then what `ingest` does after adding a few articles: consolidate around their stories
        extra = load_docs(args.data / "multinews-plus-test.jsonl", len(docs) + 5)[len(docs):]
        touched = {store.add(a).story for a in prepare([{"id": f"new{n}", "text": d.text}
                                                        for n, d in enumerate(extra)], config).articles}
        around_start = time.perf_counter()
        around = service.consolidate(store, briefs=False, around=touched)
        around_seconds = time.perf_counter() - around_start
    gold = [d.story for d in docs]

    def story(stories: dict, n: int) -> object:
        return stories.get(copy_of.get(str(n), str(n)), f"unread:{n}")

    before = [story(story_of, n) for n in range(len(docs))]
    after = [story(healed, n) for n in range(len(docs))]
    print(f"{len(docs)} documents, {len(set(gold))} stories (Multi-News-plus, pooled)")
    print(f"{'step':<34} {'seconds':>8} {'docs/s':>8} {'B3 F1':>7} {'peak MB':>8}")
    print(f"{'prepare (no spaCy)':<34} {prepared - start:>8.1f} {len(docs) / (prepared - start):>8.0f} {'':>7} "
          f"{'':>8}")
    print(f"{'add to the store (incremental)':<34} {added - prepared:>8.1f} {len(docs) / (added - prepared):>8.0f} "
          f"{bcubed(gold, before)[2]:>7.3f} {before_mb:>8.0f}")
    print(f"{'consolidate the window':<34} {consolidated - added:>8.1f} "
          f"{len(docs) / (consolidated - added):>8.0f} {bcubed(gold, after)[2]:>7.3f} {peak_mb():>8.0f}")
    print(f"  {len(result.merged)} merged, {len(result.split)} split, {len(result.changed)} stories changed",
          file=sys.stderr)
    print(f"{'5 more, consolidated around them':<34} {around_seconds:>8.1f} {around.articles / around_seconds:>8.0f} "
          f"{'':>7} {'':>8}  ({around.articles} articles in the window)")
    if args.baseline:
        labels, threshold, seconds = run_baseline(docs, gold)
        print(f"{'tfidf average linkage (best cut)':<34} {seconds:>8.1f} {len(docs) / seconds:>8.0f} "
              f"{bcubed(gold, labels)[2]:>7.3f} {peak_mb():>8.0f}")


if __name__ == "__main__":
    main()
