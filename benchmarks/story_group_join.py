"""A learned join between stories, tried beside the shipped one (issue 26; not in the product).

    .venv/bin/python benchmarks/story_group_join.py [--data ../shared/data] [--cohesion]

The shipped consolidation joins two stories while their articles average a P(one story)
of 0.75. Here the join is a second logistic regression, over pairs of stories rather than
of articles: the mean, the largest and the three largest P across them, the share of
pairs across at P >= 0.5, and the two stories' sizes. Both start from the stream's stories
parted at 0.3, as the product does. For each set left out (with its body-only copy): the
pair model and the story model are trained on the other sets, the story model on the pairs
of parted stories that some pair across links at P >= 0.3, labelled by whether the two
stories' most common gold stories agree; the cut on its probability is the one of 0.5 to
0.9 that does best on the training sets, on average. Stories are then joined greedily,
the most probable pair first, the probabilities made again for each joined story. Beside
it: the parted stories alone and the shipped join, left out the same way
(``train_story_model.py``'s protocol). ``--cohesion`` adds how tight each story is within
(tried: within 0.005 of the same without it, see the README).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from scipy.spatial.distance import squareform

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_story_model as T  # noqa: E402

from newsfuse.evaluation.clustering import bcubed  # noqa: E402
from newsfuse.story_model import SameStoryModel, candidate_matrix, distances, numbered, parted  # noqa: E402

LINK = 0.3  # stories some pair across reaches this are weighed at all
CUTS = (0.5, 0.6, 0.7, 0.8, 0.9)
COHESION = False  # what --cohesion chooses: each story's mean P within, and the mean across relative to them


def probabilities(s: T.Set, model: SameStoryModel) -> tuple[np.ndarray, np.ndarray]:
    """The set's P(one story) of every pair, square, and its stream stories parted at 0.3."""
    candidates = candidate_matrix(s.features, model, s.X)
    square = 1.0 - squareform(distances(s.features, model, candidates))
    np.fill_diagonal(square, 1.0)
    return square, parted(s.features, model, candidates, np.array(numbered(s.current)), 0.3)


def describe(square: np.ndarray, a: list[int], b: list[int]) -> list[float] | None:
    if len(a) > len(b):
        a, b = b, a
    across = square[np.ix_(a, b)].ravel()
    if across.max() < LINK:
        return None
    top = np.sort(across)[::-1][:3]
    row = [across.mean(), across.max(), top.mean(), float((across >= 0.5).mean()), np.log(len(a)),
           np.log(len(b)), np.log(len(a) * len(b))]
    if COHESION:  # how tight each story is within: stories of 12 average a lower P inside, and across
        within = [cohesion(square, g) for g in (a, b)]
        row += [min(within), max(within), across.mean() / np.sqrt(within[0] * within[1])]
    return row


def cohesion(square: np.ndarray, members: list[int]) -> float:
    """The mean P(one story) among a story's members (1 for an article alone)."""
    if len(members) < 2:
        return 1.0
    inside = square[np.ix_(members, members)]
    return float((inside.sum() - len(members)) / (len(members) * (len(members) - 1)))


def examples(s: T.Set, square: np.ndarray, start: np.ndarray) -> tuple[list, list]:
    groups = [list(np.flatnonzero(start == g)) for g in np.unique(start)]

    def gold(members):
        labels = [s.gold[s.kept[i]] for i in members]
        return max(set(labels), key=labels.count)

    X, y = [], []
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            row = describe(square, groups[i], groups[j])
            if row is not None:
                X.append(row)
                y.append(gold(groups[i]) == gold(groups[j]))
    return X, y


def join(square: np.ndarray, start: np.ndarray, joiner, cut: float) -> list[int]:
    groups = {int(g): list(np.flatnonzero(start == g)) for g in np.unique(start)}

    def scored(pairs) -> dict:
        """The probability of each pair that some pair across links, those reaching the cut."""
        rows, kept = [], []
        for a, b in pairs:
            row = describe(square, groups[a], groups[b])
            if row is not None:
                rows.append(row)
                kept.append((a, b))
        if not rows:
            return {}
        p = joiner.predict_proba(np.array(rows))[:, 1]
        return {k: float(v) for k, v in zip(kept, p) if v >= cut}

    keys = sorted(groups)
    scores = scored([(a, b) for n, a in enumerate(keys) for b in keys[n + 1:]])
    while scores:
        (a, b), _ = max(scores.items(), key=lambda kv: kv[1])
        groups[a] += groups.pop(b)
        scores = {k: v for k, v in scores.items() if a not in k and b not in k}
        scores.update(scored([(min(a, o), max(a, o)) for o in groups if o != a]))
    labels = np.empty(len(square), dtype=int)
    for n, members in enumerate(groups.values()):
        labels[members] = n
    return labels.tolist()


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=T.ROOT.parent / "shared" / "data")
    ap.add_argument("--cohesion", action="store_true",
                    help="also describe a pair of stories by how tight each is within (the mean P among its "
                         "members) and the mean P across relative to that")
    args = ap.parse_args()
    global COHESION
    COHESION = args.cohesion
    T.LINKAGE = "heal"  # measured on the stream stories parted, the linkage shipped then
    sets = [T.Set(name, docs) for name, docs in T.data_sets(args.data).items()]
    print("| set | parted only | shipped join, left out | learned join, left out (cut) | baseline at its best |")
    print("|---|--:|--:|--:|--:|")
    for held in sets:
        if held.headlines:
            continue
        training = [s for s in sets if T.family(s.name) != T.family(held.name)]
        model = T.train(training)
        X, y, w, seen = [], [], [], []
        for s in training:
            if s.headlines:
                continue
            square, start = probabilities(s, model)
            gx, gy = examples(s, square, start)
            X += gx
            y += gy
            w += [1.0 / max(len(gy), 1)] * len(gy)
            seen.append((s, square, start))
        joiner = LogisticRegression(max_iter=1000, class_weight="balanced").fit(
            np.array(X), np.array(y), sample_weight=np.array(w) * len(y))
        cut = max(CUTS, key=lambda c: np.mean([bcubed(s.gold, s.labels(join(q, st, joiner, c)))[2]
                                               for s, q, st in seen]))
        square, start = probabilities(held, model)
        learned = bcubed(held.gold, held.labels(join(square, start, joiner, cut)))[2]
        shipped = held.f1(model)[model.split, model.threshold]
        base = bcubed(held.gold, T.run_baseline(held.docs, held.gold)[0])[2]
        print(f"| {held.name} | {bcubed(held.gold, held.labels(start.tolist()))[2]:.3f} | {shipped:.3f} "
              f"| {learned:.3f} ({cut}) | {base:.3f} |", flush=True)


if __name__ == "__main__":
    main()
