"""The same-story model on new stories of a corpus it was trained on (issue 26).

    .venv/bin/python benchmarks/story_model_halves.py [--data ../shared/data]
        [--streams train|score] [--lower train|score] [--flag-names] [--cohesion R]

``train_story_model.py`` leaves each corpus out whole: what the model does on a corpus it
never saw. A stream of a known kind (new ECB+ topics, more Multi-News clusters) is the other
case: the corpus is in training, its stories are not. Here each corpus's stories are split
in two halves (by a hash of the story id, the same half in every copy of the corpus); each
half is scored with the model trained on the other corpora and on the other half of this
one, its thresholds chosen as the shipped training chooses them. Beside it, the same half
with the whole corpus left out of training, and the stream clusterer's stories.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_story_model as T  # noqa: E402

from newsfuse import story_model  # noqa: E402
from newsfuse.evaluation.clustering import bcubed  # noqa: E402


def half_of(story: str) -> int:
    return hashlib.sha1(story.encode("utf-8")).digest()[0] % 2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=T.ROOT.parent / "shared" / "data")
    ap.add_argument("--streams", choices=("train", "score"), default="train")
    ap.add_argument("--lower", choices=("train", "score"), default="train")
    ap.add_argument("--flag-names", action="store_true")
    ap.add_argument("--cohesion", type=float, default=T.COHESION, metavar="R",
                    help=f"as train_story_model.py's (default {T.COHESION}; 0: parting on the sure call alone)")
    args = ap.parse_args()
    T.STREAMS, T.LOWER, T.COHESION = args.streams, args.lower, args.cohesion
    if args.flag_names:
        story_model.UNFLAGGED = ()
    whole, halves = [], []
    for name, docs in T.data_sets(args.data).items():
        whole.append(T.Set(name, docs))
        if not whole[-1].headlines:
            halves += [T.Set(f"{name}#{h}", [d for d in docs if half_of(d.story) == h]) for h in (0, 1)]
    print("| set, half | other half trained on | corpus left out | stream clusterer | TF-IDF baseline at its best |")
    print("|---|--:|--:|--:|--:|")
    seen, left, base = [], [], []
    models: dict[tuple[str, int | None], object] = {}  # (family, half trained on or None): one training each
    for held in halves:
        name, h = held.name.split("#")
        fam = T.family(name)
        others = [s for s in whole if T.trains(s) and T.family(s.name) != fam]
        if (fam, None) not in models:
            models[fam, None] = T.train(others)
        if (fam, 1 - int(h)) not in models:
            other_half = [s for s in halves if T.trains(s) and T.family(s.name.split("#")[0]) == fam
                          and s.name.endswith(f"#{1 - int(h)}")]
            models[fam, 1 - int(h)] = T.train(others + other_half)
        with_half, without = models[fam, 1 - int(h)], models[fam, None]
        a = held.f1(with_half)[T.picked(held, with_half)]  # f1 first: the window's pick reads its silhouettes
        b = held.f1(without)[T.picked(held, without)]
        seen.append(a)
        left.append(b)
        base.append(held.baseline)
        print(f"| {held.name} | {a:.3f} | {b:.3f} | {bcubed(held.gold, held.stream)[2]:.3f} | {held.baseline:.3f} |",
              flush=True)
    print(f"| mean | {np.mean(seen):.3f} | {np.mean(left):.3f} | | {np.mean(base):.3f} |")


if __name__ == "__main__":
    main()
