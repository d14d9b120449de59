"""``newsfuse eval cluster``: story clustering against a baseline, same documents, same run.

Data: JSONL ``{doc_id, story_id, title, text, published, source}`` (articles
taken in ``published`` order, file order where it is null), or the UCI News
Aggregator CSV (``ID, TITLE, ..., STORY, ..., TIMESTAMP`` in ms: titles only,
in timestamp order), or Multi-News (``{cluster_id, documents: [{doc_id,
text}]}``: the documents pooled, the story is the cluster).

newsfuse does what ``newsfuse cluster`` does with the records: prepares
every article (cleaning, sentences, tokens; no spaCy) and inserts them one at
a time, in publish order, into :class:`~newsfuse.cluster.StoryClusterer`. The baseline is TF-IDF (title +
text) with average-linkage agglomerative clustering over cosine distance,
cut at its best single threshold for the data set (chosen with the labels:
a ceiling for that method, not a fair peer). Metrics: B-cubed precision,
recall and F1 (Bagga and Baldwin), pairwise F1, documents per second.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from newsfuse.cluster import cluster_articles
from newsfuse.config import Config
from newsfuse.evaluation import jsonl_lines
from newsfuse.pipeline import prepare


@dataclass
class Doc:
    id: str
    story: str
    title: str
    text: str
    published: str | None = None
    source: str | None = None


def load_docs(path: Path, limit: int | None = None, stories: str | None = None) -> list[Doc]:
    """Documents with their gold story, in the order a stream would bring them; ``stories``:
    only those of the stories whose id starts with it."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: not found")
    docs: list[Doc] = []
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        try:
            rows.sort(key=lambda r: int(r["TIMESTAMP"]))
            for r in rows:
                stamp = int(r["TIMESTAMP"]) / 1000
                docs.append(Doc(str(r["ID"]), r["STORY"], r["TITLE"], "", _iso(stamp), r.get("PUBLISHER")))
        except (KeyError, ValueError) as e:
            raise ValueError(f"{path}: not the UCI headlines layout ({e})") from None
        return docs[:limit] if limit else docs
    for n, r in jsonl_lines(path):
        try:
            if "documents" in r:  # Multi-News, NeuS: pool the documents, the cluster is the story
                docs += [Doc(f"{r['cluster_id']}/{d.get('doc_id', k)}", str(r["cluster_id"]), d.get("title") or "",
                             d["text"])
                         for k, d in enumerate(r["documents"]) if d.get("text", "").strip()]
            else:
                docs.append(Doc(str(r["doc_id"]), str(r["story_id"]), r.get("title") or "", r.get("text") or "",
                                r.get("published"), r.get("source")))
        except (KeyError, TypeError) as e:
            raise ValueError(f"{path}:{n}: not a clustering record ({e})") from None
    if stories:
        docs = [d for d in docs if d.story.startswith(stories)]
    if docs and all(d.published for d in docs):
        docs = sorted(docs, key=lambda d: d.published)  # stable: file order within a date
    return docs[:limit] if limit else docs


def as_stream(docs: list[Doc], days: float, seed: int = 26) -> list[Doc]:
    """The documents dated as a busy feed dates them: each at a random minute within ``days``
    of the others, whatever its story (a news day runs many stories), in time order. Labelled
    sets come undated (ECB+, Multi-News) or years apart (BASIL), where a feed's articles are
    all close in time; this asks whether close dates make a clusterer fuse stories."""
    if days <= 0:
        raise ValueError(f"as_stream: days must be positive, not {days}")
    rng = random.Random(seed)
    start = dt.datetime(2024, 3, 4, tzinfo=dt.timezone.utc)
    minutes = max(1, int(days * 24 * 60))
    dated = [replace(d, published=(start + dt.timedelta(minutes=rng.randrange(minutes))).isoformat()) for d in docs]
    return sorted(dated, key=lambda d: d.published)


def pooled(sets: Sequence[list[Doc]]) -> list[Doc]:
    """Several labelled sets as one mixed stream: each set's stories kept apart (a story id is
    prefixed by its set's number), the sets interleaved evenly by position, as streams that
    arrive together would be (a set's own order is kept)."""
    if len(sets) == 1:
        return list(sets[0])
    keyed = [((n + 0.5) / len(docs), k, replace(d, id=f"{k}:{d.id}", story=f"{k}:{d.story}"))
             for k, docs in enumerate(sets) for n, d in enumerate(docs)]
    return [d for _, _, d in sorted(keyed, key=lambda t: (t[0], t[1]))]


def _iso(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).isoformat()


# --------------------------------------------------------------------------- #
# metrics


def bcubed(gold: list[str], predicted: list[object]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (each document's cluster against its class)."""
    pair = Counter(zip(gold, predicted))
    by_gold, by_pred = Counter(gold), Counter(predicted)
    n = len(gold) or 1
    precision = sum(c * c / by_pred[p] for (g, p), c in pair.items()) / n
    recall = sum(c * c / by_gold[g] for (g, p), c in pair.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def bcubed_by_document(gold: list[str], predicted: list[object]) -> tuple[np.ndarray, np.ndarray]:
    """Each document's B-cubed precision and recall (their means are :func:`bcubed`'s)."""
    pair = Counter(zip(gold, predicted))
    by_gold, by_pred = Counter(gold), Counter(predicted)
    return (np.array([pair[g, p] / by_pred[p] for g, p in zip(gold, predicted)]),
            np.array([pair[g, p] / by_gold[g] for g, p in zip(gold, predicted)]))


RESAMPLES = 1000  # of the bootstrap over stories


def bcubed_gain_interval(gold: list[str], predicted: list[object], other: list[object],
                         resamples: int = RESAMPLES, seed: int = 0) -> tuple[float, float]:
    """95% interval of B-cubed F1 of ``predicted`` minus that of ``other`` on the same documents:
    a paired bootstrap that draws gold stories with replacement (a story's documents are scored
    together, so they are drawn together), each document keeping the scores it has in the whole
    set. An interval that holds 0 is a difference the set cannot tell from chance."""
    stories = sorted(set(gold))
    if not stories:
        raise ValueError("bcubed_gain_interval needs documents")
    index = {s: k for k, s in enumerate(stories)}
    of = np.array([index[g] for g in gold])
    # per story: the sums of its documents' precision and recall under each system, and its size
    sums = [np.bincount(of, weights=v, minlength=len(stories))
            for v in (*bcubed_by_document(gold, predicted), *bcubed_by_document(gold, other))]
    size = np.bincount(of, minlength=len(stories)).astype(float)
    draws = np.random.default_rng(seed).integers(0, len(stories), size=(resamples, len(stories)))
    counts = np.stack([np.bincount(row, minlength=len(stories)) for row in draws]).astype(float)
    n = counts @ size

    def f1(p_sum, r_sum):
        p, r = counts @ p_sum / n, counts @ r_sum / n
        return np.divide(2 * p * r, p + r, out=np.zeros_like(p), where=p + r > 0)

    gains = f1(sums[0], sums[1]) - f1(sums[2], sums[3])
    low, high = np.percentile(gains, [2.5, 97.5])
    return float(low), float(high)


def pairwise_f1(gold: list[str], predicted: list[object]) -> float:
    """F1 over pairs of documents put in one story."""
    def pairs(counts: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter(zip(gold, predicted)))
    p_pairs, g_pairs = pairs(Counter(predicted)), pairs(Counter(gold))
    if not both:
        return 0.0
    precision, recall = both / p_pairs, both / g_pairs
    return 2 * precision * recall / (precision + recall)


def _scores(gold, predicted, seconds: float) -> dict[str, float]:
    p, r, f = bcubed(gold, predicted)
    return {"bcubed_precision": p, "bcubed_recall": r, "bcubed_f1": f, "pairwise_f1": pairwise_f1(gold, predicted),
            "docs_per_second": len(gold) / seconds if seconds else 0.0}


# --------------------------------------------------------------------------- #
# systems


def run_newsfuse(docs: list[Doc], config=None) -> tuple[list[object], dict[str, float]]:
    """What ``newsfuse cluster`` does with these records: prepare each (no spaCy), then
    :func:`~newsfuse.cluster.cluster_articles`; labels in ``docs`` order, seconds by stage."""
    labels, seconds, _ = _newsfuse(docs, config, consolidate=False)
    return labels, seconds


def _newsfuse(docs: list[Doc], config, consolidate: bool) -> tuple[list[object], dict[str, float], list[object]]:
    """Incremental labels, seconds by stage, and (with ``consolidate``) the labels after
    :func:`~newsfuse.story_model.heal` of the whole set as one window, as ``newsfuse
    consolidate`` regroups a store's window (empty without)."""

    config = (config or Config()).replace(analyse={"enabled": False})
    start = time.perf_counter()
    # ids by position: a data set's own ids may repeat (BASIL has several "empty")
    records = [{"id": str(n), "title": d.title or None, "text": d.text, "published": d.published,
                "source": d.source} for n, d in enumerate(docs)]
    done = prepare(records, config)
    after_prepare = time.perf_counter()
    stories = cluster_articles(done.articles, config.cluster)
    end = time.perf_counter()
    # a record that cannot be read (no text and no title) is a story of its own
    labels = [stories.get(str(n), f"skipped:{n}") for n in range(len(docs))]
    seconds = {"prepare": after_prepare - start, "cluster": end - after_prepare}
    if not consolidate:
        return labels, seconds, []
    from newsfuse.story_model import heal

    healed = heal(done.articles, stories, cluster=config.cluster)
    seconds["consolidate"] = time.perf_counter() - end
    return labels, seconds, [f"c{healed[str(n)]}" if str(n) in healed else f"skipped:{n}" for n in range(len(docs))]


def cosine_average_linkage(vectors):
    """SciPy's average-linkage tree over the cosine distance of two or more L2-normed rows
    (sparse), the baseline's; the n x n similarities are freed before the linkage runs."""
    from scipy.cluster.hierarchy import linkage

    dense = vectors.astype(np.float32)
    similarity = (dense @ dense.T).toarray()
    np.clip(similarity, 0.0, 1.0, out=similarity)
    distance = 1.0 - similarity[np.triu_indices(vectors.shape[0], k=1)]
    del similarity
    return linkage(distance, method="average")


def run_baseline(docs: list[Doc], gold: list[str], thresholds=None) -> tuple[list[int], float, float]:
    """TF-IDF (title + text), average-linkage agglomerative clustering over cosine distance,
    at its best threshold on these labels; returns labels, that threshold and seconds (of one cut)."""
    from scipy.cluster.hierarchy import fcluster
    from sklearn.feature_extraction.text import TfidfVectorizer

    start = time.perf_counter()
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [f"{d.title}\n{d.text}" for d in docs])
    if len(docs) < 2:
        return [0] * len(docs), 0.0, time.perf_counter() - start
    tree = cosine_average_linkage(vectors)
    seconds = time.perf_counter() - start
    best = (-1.0, 0.0, None)
    for t in thresholds or np.arange(0.05, 1.0, 0.05):
        labels = fcluster(tree, t=float(t), criterion="distance")
        f = bcubed(gold, labels.tolist())[2]
        if f > best[0]:
            best = (f, float(t), labels.tolist())
    return best[2], best[1], seconds


def run_cluster(data: Path | Sequence[Path], limit: int | None = None, config=None, baseline: bool = True,
                consolidate: bool = True, stream_days: float | None = None, stories: str | None = None) -> dict:
    """Scores of newsfuse's stories as ``newsfuse cluster`` gives them (``newsfuse``: the stream
    clusterer's, healed by consolidation unless ``consolidate`` or ``cluster.consolidate`` is
    off; its docs/s counts clustering and consolidation), of the stream clusterer alone
    (``newsfuse_incremental``, when they differ in kind) and of the baseline. Several ``data``
    files are one mixed stream (:func:`pooled`); ``limit`` then counts in each. ``stream_days``:
    the documents dated as a stream of that many days (:func:`as_stream`); ``stories``: only the
    stories whose id starts with it (NeuS's held-back validation stories: ``neus-val-``)."""
    paths = [data] if isinstance(data, (str, Path)) else list(data)
    docs = pooled([load_docs(Path(p), limit, stories) for p in paths])
    if not docs:
        raise ValueError(f"{', '.join(map(str, paths))}: no documents" + (f" of stories {stories}*" if stories else ""))
    if stream_days is not None:
        docs = as_stream(docs, stream_days)
    gold = [d.story for d in docs]
    consolidate = consolidate and (config or Config()).cluster.consolidate
    labels, stages, regrouped = _newsfuse(docs, config, consolidate)
    out = {"n_docs": len(docs), "n_stories": len(set(gold)), "systems": {}}
    incremental = _scores(gold, labels, stages["cluster"])
    incremental["n_predicted"] = len(set(labels))
    product = incremental
    if consolidate:
        product = _scores(gold, regrouped, stages["cluster"] + stages["consolidate"])
        product["n_predicted"] = len(set(regrouped))
    product["ingest_docs_per_second"] = len(docs) / sum(stages.values())
    product["seconds"] = {k: round(v, 3) for k, v in stages.items()}
    out["systems"]["newsfuse"] = product
    if consolidate:
        out["systems"]["newsfuse_incremental"] = incremental
    if baseline:
        base_labels, threshold, seconds = run_baseline(docs, gold)
        scores = _scores(gold, base_labels, seconds)
        scores["distance_threshold"] = round(threshold, 2)
        scores["n_predicted"] = len(set(base_labels))
        out["systems"]["tfidf_agglomerative"] = scores
        product["gain_over_baseline"] = {
            "bcubed_f1": product["bcubed_f1"] - scores["bcubed_f1"],
            "interval_95": list(bcubed_gain_interval(gold, regrouped if consolidate else labels, base_labels))}
    if len(paths) > 1:  # each set's documents within the mixed stream: a merge across sets costs precision
        predicted = {"newsfuse": regrouped if consolidate else labels, "newsfuse_incremental": labels,
                     "tfidf_agglomerative": base_labels if baseline else None}
        of_set = np.array([int(d.story.split(":", 1)[0]) for d in docs])
        for name, system in out["systems"].items():
            precision, recall = bcubed_by_document(gold, predicted[name])
            system["by_set"] = {}
            for k, path in enumerate(paths):
                p, r = float(precision[of_set == k].mean()), float(recall[of_set == k].mean())
                system["by_set"][Path(path).name] = 2 * p * r / (p + r) if p + r else 0.0
    return out
