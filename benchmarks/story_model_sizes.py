"""Consolidation on windows of growing size: does the same-story model hold on a pool as large as a
store's window?

``train_story_model.py`` leaves each set out on pools of 290 to 900 articles. A store
consolidates up to ``cluster.consolidate_window`` (10,000) at once, and a pool that large holds
far more look-alike stories per article. This script takes whole stories of pooled
Multi-News-plus (seeded) until each size is reached and prints B-cubed F1 of the stream
clusterer, of the shipped model's consolidation (or ``--model FILE``'s: with the ``zscore``
feature in windows of ``Z_MIN`` to ``Z_MAX`` articles), of its model without that feature
(``small``) and of the one with it at every size (at one join), of ``small`` at the one join the
training chose rather than each window's pick (the evidence for picking over ``Z_MAX``), and of the
TF-IDF baseline at its best threshold, on each pool: the evidence for ``Z_MAX``. About 5 minutes:

    .venv/bin/python benchmarks/story_model_sizes.py
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import time
from pathlib import Path

from newsfuse.cluster import cluster_articles
from newsfuse.config import Config
from newsfuse.evaluation.clustering import Doc, bcubed, load_docs, run_baseline
from newsfuse.pipeline import prepare
from newsfuse.story_model import SameStoryModel, heal

ROOT = Path(__file__).resolve().parent.parent


def pool(docs: list[Doc], size: int, seed: int = 26) -> list[Doc]:
    """Whole stories, drawn at random (seeded), until ``size`` documents; in the file's order."""
    stories: dict[str, list[int]] = {}
    for n, d in enumerate(docs):
        stories.setdefault(d.story, []).append(n)
    order = sorted(stories)
    random.Random(seed).shuffle(order)
    keep: list[int] = []
    for story in order:
        if len(keep) >= size:
            break
        keep += stories[story]
    return [docs[n] for n in sorted(keep)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "multinews-plus-test.jsonl")
    ap.add_argument("--sizes", default="800,2000,5000,0", help="pool sizes in documents (0: the whole file)")
    ap.add_argument("--model", type=Path, help="a model file to consolidate with (default: the shipped one)")
    args = ap.parse_args()

    config = Config().replace(analyse={"enabled": False})
    model = SameStoryModel.load(args.model)
    every = load_docs(args.data)
    # the shipped choice by window size, and each of its two models at every size
    always = dataclasses.replace(model, small=None, joins=())  # its join fixed: a window's pick costs too much here
    never = model.small or model
    fixed = dataclasses.replace(never, joins=())  # the model without zscore at the one join the training chose
    print(f"{args.data.name}: pools of whole stories; B-cubed F1 (precision / recall)")
    print(f"{'documents':>9} {'stories':>7}  {'stream':>19}  {'consolidated':>19}  {'no zscore':>19}  "
          f"{'zscore at any size':>19}  {'no zscore, one join':>19}  {'baseline (its best)':>19}  seconds")
    for size in (int(s) for s in args.sizes.split(",")):
        docs = pool(every, size) if size else every
        gold = [d.story for d in docs]
        records = [{"id": str(n), "title": d.title or None, "text": d.text, "published": d.published,
                    "source": d.source} for n, d in enumerate(docs)]
        articles = prepare(records, config).articles
        stories = cluster_articles(articles, config.cluster)
        # a record that could not be read is a story of its own
        stream = [stories.get(str(n), f"unread:{n}") for n in range(len(docs))]
        start = time.perf_counter()
        cells = []
        for each in (model, never, always, fixed):
            healed = heal(articles, stories, model=each, cluster=config.cluster)
            cells.append(cell(gold, [healed.get(str(n), f"unread:{n}") for n in range(len(docs))]))
            if each is model:
                seconds = time.perf_counter() - start
        baseline = run_baseline(docs, gold)[0]
        print(f"{len(docs):>9} {len(set(gold)):>7}  {cell(gold, stream):>19}  "
              + "  ".join(f"{c:>19}" for c in cells) + f"  {cell(gold, baseline):>19}  {seconds:7.1f}", flush=True)


def cell(gold: list[str], labels: list[object]) -> str:
    p, r, f = bcubed(gold, labels)
    return f"{f:.3f} ({p:.3f}/{r:.3f})"


if __name__ == "__main__":
    main()
