"""The same-story model's weights tuned for the linkage it feeds, tried beside the shipped ones (issue 26).

    .venv/bin/python benchmarks/story_model_linkage_search.py [--data ../shared/data] [--rounds N]

The shipped weights are a logistic regression's: they make the best pair judgments, not
the best stories, and the two disagree (trained on every set the model clusters ECB+ worse
than trained without it, though its pair AUC there is higher). Here the logistic regression
is only the start: a coordinate search moves each feature's weight and the intercept, one at
a time, keeping a step when the mean B-cubed F1 of consolidation across the training sets
of articles (at the part threshold 0.3 and the join that does best on them) rises. Left out
as ``train_story_model.py`` leaves them (a set and its copies together), beside the
shipped training on the same folds.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_story_model as T  # noqa: E402

from newsfuse.story_model import FEATURES  # noqa: E402

STEPS = (0.5, 0.25)  # each round tries + and - this much on every weight (in standardised units)


def joined_f1(sets, model) -> dict[float, float]:
    """Mean F1 across ``sets`` at each join, parting at 0.3."""
    scores = [s.f1(model) for s in sets]
    return {join: float(np.mean([sc[0.3, join] for sc in scores])) for join in T.JOINS}


def searched(training, rounds: int):
    start = T.train(training)
    articles = [s for s in training if not s.headlines]

    def score(model):
        by_join = joined_f1(articles, model)
        join = max(by_join, key=by_join.get)
        return by_join[join], join

    best, join = score(start)
    model = start
    for step in STEPS[:rounds]:
        for k in range(len(FEATURES) + 1):  # each feature's weight, then the intercept
            for sign in (1.0, -1.0):
                coef, intercept = list(model.coef), model.intercept
                if k < len(FEATURES):
                    coef[k] += sign * step
                else:
                    intercept += sign * step
                trial = replace(model, coef=coef, intercept=intercept)
                value, trial_join = score(trial)
                if value > best + 1e-4:
                    best, join, model = value, trial_join, trial
                    break
    model.split, model.threshold = 0.3, join
    return start, model, best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=T.ROOT.parent / "shared" / "data")
    ap.add_argument("--rounds", type=int, default=len(STEPS))
    args = ap.parse_args()
    # one part threshold, so each trial is one linkage a set: 0.3, the one shipped when this search was
    # run (the shipped part is now 0.1 with the cohesion rule; the README's figures are that round's)
    T.LINKAGE = "heal"  # measured on the stream stories parted, the linkage shipped then
    T.SPLITS = (0.3,)
    sets = [T.Set(name, docs) for name, docs in T.data_sets(args.data).items()]
    print("| set | shipped training, left out | searched, left out (join) |")
    print("|---|--:|--:|")
    for family in sorted({T.family(s.name) for s in sets if not s.headlines}):
        training = [s for s in sets if T.trains(s) and T.family(s.name) != family]
        start, model, best = searched(training, args.rounds)
        print(f"<!-- {family}: training mean {best:.3f}, weights {np.round(model.coef[:len(FEATURES)], 2).tolist()} "
              f"intercept {model.intercept:.2f} -->", file=sys.stderr, flush=True)
        for held in (s for s in sets if T.family(s.name) == family):
            shipped = held.f1(start)[0.3, start.threshold]  # T.SPLITS is (0.3,): the split T.train chose
            print(f"| {held.name} | {shipped:.3f} | {held.f1(model)[0.3, model.threshold]:.3f} ({model.threshold}) |",
                  flush=True)


if __name__ == "__main__":
    main()
