"""``newsfuse eval summarize``: multi-document summaries against baselines, same run.

Data: JSONL lines ``{cluster_id, documents: [{doc_id, text}], summary}`` (the
layout of Multi-News as shipped in ``../shared/data``). A document may also have a
``title`` (NeuS: a headline and a first paragraph): newsfuse gets it as the record's
headline, as ``newsfuse brief`` would; the baselines get the text sentences alone.
``part`` picks the clusters: all, only the held-back fifth
(:func:`newsfuse.evaluation.held_back` of the cluster id) or the rest.

Every system returns source sentences in its order of preference; the
evaluation takes them in that order until the budget is reached and cuts the
last one at exactly ``words`` words, the same for every system. All systems
share newsfuse's sentence splitter. The baselines get the documents as they
are; newsfuse gets them too, and runs exactly the product's ``brief`` on
them with its shipped configuration (cleaning, site templates, the analysis
that moves disputing sources out of a fact), as a user would. A variant
configuration (``--config``) is scored beside it as ``newsfuse[name]``.

Scores: ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 with stemming (rouge-score),
averaged over clusters; seconds per cluster for each system's own work,
including the sentence splitting it needs (done once, charged to each). For each
system beside newsfuse, the 95% paired-bootstrap interval of newsfuse's mean
score minus that system's, over the same clusters (``vs_newsfuse``).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsfuse import pipeline
from newsfuse.config import Config
from newsfuse.evaluation import held_back, jsonl_lines
from newsfuse.pipeline import NoArticlesError, no_progress
from newsfuse.segment import paragraphs, split_sentences
from newsfuse.text import leans_on_another

MULTINEWS_WORDS = 250  # the default budget: about the length of a Multi-News reference
PARTS = ("all", "held-back", "rest")  # which clusters: every one, the held-back fifth, the other four fifths
METRICS = ("rouge1", "rouge2", "rougeLsum")
RESAMPLES = 1000  # of the paired bootstrap


@dataclass
class Cluster:
    id: str
    documents: list[str]  # the texts, in the given order
    reference: str
    sentences: list[list[str]]  # each document's sentences, by the shared splitter
    split_seconds: float = 0.0  # what splitting took: charged to every system that uses these sentences
    # each document's title (None where it has none), aligned with ``documents``; only newsfuse gets them
    titles: list[str | None] = field(default_factory=list)

    def __post_init__(self):
        if not self.titles:
            self.titles = [None] * len(self.documents)
        if len(self.titles) != len(self.documents):
            raise ValueError(f"cluster {self.id}: {len(self.titles)} titles for {len(self.documents)} documents")

    def records(self) -> list[dict]:
        """The documents as newsfuse reads them: input records, each with its title as the headline."""
        return [{"id": f"d{i}", "text": t, **({"title": title} if title else {})}
                for i, (t, title) in enumerate(zip(self.documents, self.titles, strict=True))]


def _title(document: dict) -> str | None:
    title = document.get("title")
    return title if isinstance(title, str) and title.strip() else None


def _check_part(part: str) -> None:
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}, got {part!r}")


def in_part(cluster_id: str, part: str) -> bool:
    """Whether a cluster belongs to ``part``: "all", "held-back" (:func:`held_back` of its id) or "rest"."""
    _check_part(part)
    return part == "all" or held_back(cluster_id) == (part == "held-back")


def load_clusters(path: Path, limit: int | None = None, part: str = "all") -> list[Cluster]:
    """The clusters of ``path`` in ``part`` (see :func:`in_part`), the first ``limit`` of them.
    Documents with no text are left out, with their titles."""
    _check_part(part)  # an unknown part fails before the file is read
    clusters: list[Cluster] = []
    if limit is not None and limit <= 0:
        return clusters
    for n, record in jsonl_lines(path):
        try:
            kept = [d for d in record["documents"] if d.get("text", "").strip()]
            docs = [d["text"] for d in kept]
            titles = [_title(d) for d in kept]
            ref = record["summary"]
        except (KeyError, TypeError) as e:
            raise ValueError(f"{path}:{n}: not a cluster record ({e})") from None
        cluster_id = str(record.get("cluster_id", n))
        if not in_part(cluster_id, part):
            continue
        start = time.perf_counter()
        sents = [[s for p in paragraphs(d) for s in split_sentences(p)] for d in docs]
        split = time.perf_counter() - start
        clusters.append(Cluster(cluster_id, docs, ref, sents, split, titles))
        if limit is not None and len(clusters) >= limit:
            break
    return clusters


# --------------------------------------------------------------------------- #
# systems: each maps a cluster to sentences in order of preference

Ranker = Callable[[Cluster], list[str]]


def lead(cluster: Cluster) -> list[str]:
    """First sentences of each document in turn: 1st of each, then 2nd of each..."""
    out = []
    for i in range(max((len(s) for s in cluster.sentences), default=0)):
        out += [doc[i] for doc in cluster.sentences if i < len(doc)]
    return out


def _pool(cluster: Cluster) -> list[str]:
    return [s for doc in cluster.sentences for s in doc]


def centroid(cluster: Cluster) -> list[str]:
    """Radev et al.'s centroid method: closeness to the cluster's TF-IDF centroid, repeats skipped."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    pool = _pool(cluster)
    if not pool:
        return []
    try:
        vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(pool)
    except ValueError:
        return pool
    center = np.asarray(vectors.mean(axis=0)).ravel()
    scores = vectors @ center
    chosen: list[int] = []
    for i in np.argsort(-scores, kind="stable"):
        if chosen and (vectors[chosen] @ vectors[i].T).max() > 0.5:
            continue
        chosen.append(int(i))
    return [pool[i] for i in chosen]


class _WordTokenizer:
    """sumy wants a tokenizer; the sentences are already split, so only words are needed."""

    language = "english"

    @staticmethod
    def to_words(text: str) -> list[str]:
        import re

        return re.findall(r"\w+", text)

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)


class _Capture:
    """Passed to sumy as ``sentences_count``: receives every sentence sorted by rating."""

    order: list[int]

    def __call__(self, infos):
        self.order = [info.order for info in infos]
        return infos


@lru_cache(maxsize=None)
def _sumy(name: str):
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    cls = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer, "lsa": LsaSummarizer}[name]
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return summarizer


def _sumy_ranker(name: str) -> Ranker:
    def run(cluster: Cluster) -> list[str]:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

        tokenizer = _WordTokenizer()
        doc = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sents])
                                   for sents in cluster.sentences if sents])
        capture = _Capture()
        capture.order = []
        _sumy(name)(doc, capture)
        pool = [s for p in doc.paragraphs for s in p.sentences]
        return [str(pool[i]) for i in capture.order]

    return run


def newsfuse_system(config=None, words: int = MULTINEWS_WORDS) -> Ranker:
    """newsfuse as a user runs it: the product's ``brief`` on the raw documents (each with
    its title, when it has one, as the record's headline), with the given configuration
    (default: the shipped one: cleaning, site templates, analysis on) and the evaluation's
    word budget. Its brief never exceeds the budget, so the evaluation's cut changes
    nothing; its sentences come in the brief's own order."""

    config = (config or Config()).replace(summarise={"words": words, "sentences": None})

    def run(cluster: Cluster) -> list[str]:
        try:
            # pipeline.brief, looked up at each call: newsfuse as a user calls it, and as a test sees it
            return [s.text for s in pipeline.brief(cluster.records(), config).summary]
        except NoArticlesError:
            return []

    return run


# --------------------------------------------------------------------------- #
# scoring


@lru_cache(maxsize=1)
def _scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)


def fill(sentences: list[str], words: int) -> list[str]:
    """Take sentences in order until ``words`` words; the last one is cut to fit exactly."""
    out, used = [], 0
    for s in sentences:
        tokens = s.split()
        if used + len(tokens) >= words:
            out.append(" ".join(tokens[: words - used]))
            return out
        out.append(s)
        used += len(tokens)
    return out


def rouge(reference_sentences: list[str], summary: list[str]) -> dict[str, float]:
    """ROUGE F1; sentences on lines, as ROUGE-Lsum needs."""
    result = _scorer().score("\n".join(reference_sentences), "\n".join(summary))
    return {k: v.fmeasure for k, v in result.items()}


def _reference_sentences(reference: str) -> list[str]:
    return [s for p in paragraphs(reference) for s in split_sentences(p)]


def oracle(cluster: Cluster, words: int) -> list[str]:
    """Greedy extractive oracle: add the source sentence that most raises ROUGE-1 + ROUGE-2
    against the reference, until nothing raises it or the budget is full."""
    stem = _scorer()._tokenizer  # the scorer's own tokenizer and stemmer
    ref_tokens = stem.tokenize(cluster.reference)
    ref = [Counter(ref_tokens), Counter(zip(ref_tokens, ref_tokens[1:]))]
    pool = list(dict.fromkeys(_pool(cluster)))
    toks = [stem.tokenize(s) for s in pool]
    grams = [(Counter(t), Counter(zip(t, t[1:]))) for t in toks]

    def f1(c: Counter, r: Counter) -> float:
        overlap = sum((c & r).values())
        if not overlap:
            return 0.0
        p, rc = overlap / sum(c.values()), overlap / sum(r.values())
        return 2 * p * rc / (p + rc)

    chosen: list[int] = []
    current = [Counter(), Counter()]
    best_score, used = 0.0, 0
    while used < words:
        best = None
        for i, (g1, g2) in enumerate(grams):
            if i in chosen:
                continue
            score = f1(current[0] + g1, ref[0]) + f1(current[1] + g2, ref[1])
            if score > best_score:
                best_score, best = score, i
        if best is None:
            break
        chosen.append(best)
        current = [current[0] + grams[best][0], current[1] + grams[best][1]]
        used += len(pool[best].split())
    return [pool[i] for i in chosen]


BASELINES: dict[str, Ranker] = {
    "lead": lead,
    "lexrank": _sumy_ranker("lexrank"),
    "textrank": _sumy_ranker("textrank"),
    "lsa": _sumy_ranker("lsa"),
    "centroid": centroid,
}


def _predecessors(cluster: Cluster) -> dict[str, set[str]]:
    """Each sentence of the cluster -> the sentences just before it in its documents."""
    out: dict[str, set[str]] = {}
    for sentences in cluster.sentences:
        for prev, sentence in zip(sentences, sentences[1:]):
            out.setdefault(_norm(sentence), set()).add(_norm(prev))
    return out


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def _leaning(summary: list[str], before: dict[str, set[str]]) -> int:
    """Summary sentences that open leaning on a sentence before them ("It added...", "But...")
    when the summary does not show that sentence just before them (a sentence a system
    trimmed is matched on its words)."""

    n = 0
    for i, sentence in enumerate(summary):
        if not leans_on_another(sentence):
            continue
        previous = _norm(summary[i - 1]) if i else None
        antecedents = before.get(_norm(sentence), set())
        if previous is None or not any(previous == a or previous in a or a in previous for a in antecedents):
            n += 1
    return n


def paired_bootstrap(differences, resamples: int = RESAMPLES, seed: int = 0) -> tuple[float, float]:
    """95% percentile-bootstrap interval of the mean of per-cluster ``differences`` (one
    system's score minus another's on the same cluster): clusters are resampled with
    replacement, ``resamples`` times, by ``numpy.random.default_rng(seed)``. The same seed
    draws the same resamples for every pair of systems and every metric."""
    diffs = np.asarray(differences, dtype=float)
    if diffs.ndim != 1 or not len(diffs):
        raise ValueError("paired_bootstrap needs a non-empty list of differences")
    picks = np.random.default_rng(seed).integers(0, len(diffs), size=(resamples, len(diffs)))
    lo, hi = np.percentile(diffs[picks].mean(axis=1), [2.5, 97.5])
    return float(lo), float(hi)


def run_summarize(data: Path, words: int = MULTINEWS_WORDS, limit: int | None = None,
                  systems: list[str] | None = None, progress=None, with_oracle: bool = True,
                  variants: dict | None = None, part: str = "all", per_cluster: bool = False,
                  config=None) -> dict:
    """Score every system on every cluster; systems take turns cluster by cluster.

    ``newsfuse`` runs with ``config`` (None: the defaults); ``variants`` maps a name to
    another :class:`~newsfuse.config.Config`, scored beside it as ``newsfuse[name]``.
    ``part`` picks the clusters (:func:`in_part`); ``limit`` counts within it. Every
    system other than ``newsfuse`` gets ``vs_newsfuse``: per metric, the 95%
    paired-bootstrap interval of newsfuse's mean minus its own (:func:`paired_bootstrap`;
    none without clusters or without newsfuse). ``per_cluster`` adds ``clusters``: each
    cluster's id and every system's scores on it, with its summary's length as scored (``words``).
    """
    if words < 1:
        raise ValueError(f"words must be at least 1, got {words}")
    everything: dict[str, Ranker] = {"newsfuse": newsfuse_system(config, words)}
    for name, variant in (variants or {}).items():
        everything[f"newsfuse[{name}]"] = newsfuse_system(variant, words)
    everything.update(BASELINES)
    chosen = {k: v for k, v in everything.items() if systems is None or k in systems}
    if with_oracle:
        chosen["oracle"] = lambda c: oracle(c, words)
    clusters = load_clusters(data, limit, part)
    if clusters:  # warm-up: one-off imports and caches are not billed to the first cluster
        for system in chosen.values():
            system(clusters[0])
    scores: dict[str, list[dict[str, float]]] = {k: [] for k in chosen}  # per cluster, in order
    # words of each cluster's summary as scored: newsfuse's whole sentences may leave some over
    lengths: dict[str, list[int]] = {k: [] for k in chosen}
    seconds = dict.fromkeys(chosen, 0.0)
    shown = dict.fromkeys(chosen, 0)  # sentences of the summaries, and those that lean on one not shown
    leaning = dict.fromkeys(chosen, 0)
    for cluster in (progress or no_progress)(clusters, len(clusters), "clusters"):
        ref = _reference_sentences(cluster.reference)
        before = _predecessors(cluster)
        for name, system in chosen.items():
            start = time.perf_counter()
            ranked = system(cluster)
            seconds[name] += time.perf_counter() - start
            if not name.startswith("newsfuse"):  # it was handed the shared split: it pays for it too
                seconds[name] += cluster.split_seconds
            summary = fill(ranked, words)
            scores[name].append(rouge(ref, summary))
            shown[name] += len(summary)
            lengths[name].append(sum(len(s.split()) for s in summary))
            leaning[name] += _leaning(summary, before)
    n = max(len(clusters), 1)
    result_systems = {}
    for name in chosen:
        m: dict = {k: sum(s[k] for s in scores[name]) / n for k in METRICS}
        m["seconds_per_cluster"] = seconds[name] / n
        # share of summary sentences that open leaning on one not shown just before them
        m["leaning_share"] = leaning[name] / max(shown[name], 1)
        m["words_per_summary"] = sum(lengths[name]) / n
        if name != "newsfuse" and "newsfuse" in chosen and clusters:
            m["vs_newsfuse"] = {k: list(paired_bootstrap([ours[k] - theirs[k] for ours, theirs
                                                          in zip(scores["newsfuse"], scores[name], strict=True)]))
                                for k in METRICS}
        result_systems[name] = m
    result = {"n_clusters": len(clusters), "words": words, "part": part, "systems": result_systems}
    if per_cluster:
        result["clusters"] = [{"id": c.id, **{name: {**scores[name][j], "words": lengths[name][j]} for name in chosen}}
                              for j, c in enumerate(clusters)]
    return result
