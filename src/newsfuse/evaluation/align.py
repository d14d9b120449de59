"""``newsfuse eval align``: would newsfuse put two sentences into one fact?

Data: JSONL of sentence pairs ``{id, a, b, label}`` (label 1: they report the same
information), such as the Microsoft Research Paraphrase Corpus. Each pair is read as
two sentences from two articles of one story; document frequencies come from all the
pairs' sentences (a corpus of news sentences, as a story's own sentences are in a
brief). newsfuse's decision is its fact grouping's: two sentences are one fact when
their TF-IDF cosine over content words (stems, normalised numbers) reaches
``align.threshold`` (for two sentences, average linkage is their cosine).

The baseline is a plain TF-IDF cosine (scikit-learn's default word tokens) at its best
threshold for these labels: a ceiling for that method, not a fair peer. newsfuse at
its own best threshold is reported beside it, for what the grouping could reach.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from newsfuse.config import Config
from newsfuse.evaluation import jsonl_lines
from newsfuse.model import Sentence


def load_pairs(path: Path, limit: int | None = None) -> list[dict]:
    pairs = []
    for n, r in jsonl_lines(path):
        try:
            pairs.append({"a": str(r["a"]), "b": str(r["b"]), "label": int(r["label"])})
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"{path}:{n}: not a sentence pair {{id, a, b, label}} ({e})") from None
        if limit and len(pairs) >= limit:
            break
    if not pairs:
        raise ValueError(f"{path}: no sentence pairs in it")
    return pairs


def _scores(labels: np.ndarray, same: np.ndarray, seconds: float) -> dict:
    tp = int((same & (labels == 1)).sum())
    precision = tp / max(int(same.sum()), 1)
    recall = tp / max(int((labels == 1).sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"accuracy": float((same == (labels == 1)).mean()), "f1": f1, "precision": precision, "recall": recall,
            "pairs_per_second": len(labels) / seconds if seconds else 0.0}


def _best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    grid = np.arange(0.05, 0.96, 0.01)
    return float(max(grid, key=lambda t: ((scores >= t) == (labels == 1)).mean()))


def newsfuse_cosines(pairs: list[dict], config) -> np.ndarray:
    """The cosine newsfuse's grouping reads for each pair (0 where its graph keeps none)."""
    from newsfuse.align import story_similarity

    sentences = [Sentence(f"{i}{side}", p[side], 0, 0) for i, p in enumerate(pairs) for side in ("a", "b")]
    similarity = story_similarity(sentences, config.align)
    return np.array([similarity.cosine(2 * i, 2 * i + 1) for i in range(len(pairs))])


def run_align(data: Path, limit: int | None = None, config=None) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer


    config = config or Config()
    pairs = load_pairs(data, limit)
    labels = np.array([p["label"] for p in pairs])
    start = time.perf_counter()
    cosines = newsfuse_cosines(pairs, config)
    same = cosines >= config.align.fact_threshold
    seconds = time.perf_counter() - start
    out = {"n_pairs": len(pairs), "positive_share": float(labels.mean()), "systems": {}}
    out["systems"]["newsfuse"] = {**_scores(labels, same, seconds), "threshold": config.align.fact_threshold}
    best = _best_threshold(cosines, labels)
    out["systems"]["newsfuse_best_threshold"] = {**_scores(labels, cosines >= best, seconds),
                                                 "threshold": round(best, 2)}
    start = time.perf_counter()
    vectors = TfidfVectorizer().fit_transform([p[side] for p in pairs for side in ("a", "b")]).tocsr()
    plain = np.asarray(vectors[0::2].multiply(vectors[1::2]).sum(axis=1)).ravel()
    seconds = time.perf_counter() - start
    best = _best_threshold(plain, labels)
    out["systems"]["tfidf_cosine"] = {**_scores(labels, plain >= best, seconds), "threshold": round(best, 2)}
    return out
