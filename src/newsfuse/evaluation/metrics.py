"""Extraction metric of the scrapinghub article-extraction-benchmark.

Text is split into ``\\w+`` tokens; true and predicted text become multisets of
4-token shingles; a page's true positives, false positives and false
negatives are normalised to sum to 1 (so long pages weigh no more than short
ones); precision and recall are averaged over pages, and F1 is the harmonic
mean of those two averages.
"""

from __future__ import annotations

from statistics import mean

from newsfuse.shingles import SHINGLE, shingles  # noqa: F401 - the metric's unit, shared with cleaning


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def scores(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Precision, recall and F1 over pages, as the benchmark averages them."""
    ps = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = mean(ps) if ps else 0.0
    recall = mean(rs) if rs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def page_f1(counts: tuple[float, float, float]) -> float:
    """F1 of one page from its normalised counts (1.0 when both texts are empty)."""
    p, r = _precision(*counts), _recall(*counts)
    return 2 * p * r / (p + r) if p + r else 0.0
