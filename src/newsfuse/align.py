"""Align: group sentences of different articles that report the same information.

Sentences become TF-IDF vectors over stemmed content words (numbers kept,
written without separators, so "1,037" and "1037" match). Facts are the
clusters of average-linkage agglomeration over cosine distance, cut at
``1 - threshold``: average linkage keeps a chain of loosely similar sentences
from collapsing into one fact. Sentences of the same article are kept apart
(distance 1) so that one article restating itself does not count as support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from newsfuse.model import Fact, Sentence

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    yours yourself said says say told according would could may might also""".split()
)
_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    # PyStemmer is the Snowball English stemmer in C: the same stems, many times faster
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def content_tokens(text: str) -> list[str]:
    """Lower-cased, stemmed content words and normalised numbers of a text."""
    return list(_content_tokens(text))


@lru_cache(maxsize=50_000)
def _content_tokens(text: str) -> tuple[str, ...]:
    # cached: TF-IDF and the summariser's redundancy check both ask for the same sentences
    out = []
    for tok in _TOKEN.findall(text.lower()):
        if tok[0].isdigit():
            out.append(tok.replace(",", "").rstrip("."))
        elif tok not in STOPWORDS and len(tok) > 1:
            out.append(stem(tok.replace("’", "'").removesuffix("'s")))
    return tuple(out)


@dataclass
class Similarity:
    """TF-IDF vectors of a story's sentences and their pairwise cosine similarity."""

    sentences: list[Sentence]
    vectors: object  # scipy.sparse matrix, one L2-normalised row per sentence
    matrix: np.ndarray  # dense cosine similarity, sentences x sentences

    @classmethod
    def fit(cls, sentences: list[Sentence]) -> "Similarity":
        from sklearn import config_context
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(analyzer=_content_tokens, sublinear_tf=True)
        texts = [s.text for s in sentences] or [""]
        try:
            with config_context(skip_parameter_validation=True):  # our own inputs; checks cost more than the work
                vectors = vectorizer.fit_transform(texts)
        except ValueError:  # no content word anywhere
            from scipy.sparse import csr_matrix

            vectors = csr_matrix((len(texts), 1))
        matrix = (vectors @ vectors.T).toarray()
        return cls(sentences, vectors, matrix[: len(sentences), : len(sentences)])


def group_facts(sentences: list[Sentence], similarity: Similarity | None = None,
                threshold: float = 0.45, article_order: list[str] | None = None) -> list[Fact]:
    """Cluster sentences into facts, most supported first."""
    if not sentences:
        return []
    sim = similarity or Similarity.fit(sentences)
    labels = _cluster(sim.matrix, [s.article_id for s in sentences], threshold)
    order = {a: i for i, a in enumerate(article_order or dict.fromkeys(s.article_id for s in sentences))}
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, []).append(i)
    facts = []
    for members in groups.values():
        sub = sim.matrix[np.ix_(members, members)]
        # the member most similar to the others states the fact best; ties go to the earlier
        centrality = sub.sum(axis=1)
        best = max(range(len(members)), key=lambda k: (round(float(centrality[k]), 6),
                                                       -sentences[members[k]].relative_position))
        sources = sorted({sentences[m].article_id for m in members}, key=lambda a: order.get(a, 0))
        facts.append(Fact([sentences[m] for m in members], sentences[members[best]].text, sources))
    return sort_facts(facts, list(order))


def sort_facts(facts: list[Fact], article_order: list[str]) -> list[Fact]:
    """Most supported first; then earliest in its articles; then input order."""
    order = {a: i for i, a in enumerate(article_order)}
    facts.sort(key=lambda f: (-f.support, min(s.relative_position for s in f.sentences),
                              order.get(f.sentences[0].article_id, 0), f.sentences[0].position))
    return facts


def _cluster(matrix: np.ndarray, article_ids: list[str], threshold: float) -> list[int]:
    """Average-linkage clusters cut at distance ``1 - threshold`` (SciPy's C implementation)."""
    n = len(article_ids)
    if n == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = 1.0 - np.clip(matrix, 0.0, 1.0)
    ids = np.array(article_ids)
    distance[ids[:, None] == ids[None, :]] = 1.0
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    # fcluster merges at distance <= t; a hair under the cut keeps "closer than" exact
    return (fcluster(tree, t=1.0 - threshold - 1e-12, criterion="distance") - 1).tolist()
