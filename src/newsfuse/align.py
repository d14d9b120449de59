"""Align: group sentences of different articles that report the same information.

Sentences become TF-IDF vectors over stemmed content words (numbers kept,
written without separators, so "1,037" and "1037" match). Facts are the
clusters of average-linkage agglomeration over cosine similarity, cut at
``threshold``: average linkage keeps a chain of loosely similar sentences
from collapsing into one fact. Sentences of the same article are kept apart
(similarity 0) so that one article restating itself does not count as support.

Only a sparse graph of strong cosines is kept (each sentence's strongest
neighbours above a floor), so time and memory grow linearly with the story,
not with its square; clustering runs on that graph.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newsfuse.config import AlignConfig
from newsfuse.model import Fact, Sentence
from newsfuse.text import content_token_tuple, leans_on_another

# the defaults are the configuration's (newsfuse.config.AlignConfig documents them)
FACT_THRESHOLD = AlignConfig.threshold  # average cosine at which sentences of different articles are one fact
MIN_SIMILARITY = AlignConfig.min_similarity  # cosines below this are not stored (read as 0.0)
MAX_NEIGHBOURS = AlignConfig.max_neighbours  # strongest neighbours kept per sentence
NEAR_COPY = AlignConfig.near_copy  # ... besides its near copies
CHUNK = 512  # rows of the similarity product computed at once: memory stays CHUNK x sentences at most


@dataclass
class Similarity:
    """TF-IDF vectors of a story's sentences and the graph of their strong cosines.

    ``neighbours`` is a sparse symmetric sentences x sentences matrix holding the
    cosine of every pair of distinct sentences (same article or not) that reaches
    ``min_similarity``, keeping at most ``max_neighbours`` strongest per sentence
    (a pair stays if either of its sentences keeps it). Memory is linear in the
    number of sentences; nothing here builds a dense sentences x sentences array.
    Cosines below the floor read as 0.0.
    """

    sentences: list[Sentence]
    vectors: object  # scipy.sparse CSR matrix, one L2-normalised row per sentence
    neighbours: object  # scipy.sparse CSR, symmetric, diagonal empty; float64: the dense product's exact values
    index: dict[tuple[str, int], int] = field(init=False, repr=False)  # Sentence.key -> row
    _article: np.ndarray = field(init=False, repr=False)  # row -> article number

    def __post_init__(self) -> None:
        self.index = {s.key: i for i, s in enumerate(self.sentences)}
        codes: dict[str, int] = {}
        self._article = np.array([codes.setdefault(s.article_id, len(codes)) for s in self.sentences], dtype=np.int64)

    @classmethod
    def fit(cls, sentences: list[Sentence], min_similarity: float = MIN_SIMILARITY,
            max_neighbours: int | None = MAX_NEIGHBOURS, *, near_copy: float = NEAR_COPY,
            tokens: Sequence[Sequence[str]] | None = None, embeddings: np.ndarray | None = None,
            embedding_weight: float = 0.5) -> "Similarity":
        """Vectorise ``sentences`` and keep their neighbours (``max_neighbours=None``: no cap;
        near copies are kept beyond it).

        ``tokens``, if given, are the sentences' :func:`newsfuse.text.content_tokens`, already computed.
        ``embeddings``, if given (one unit-length row per sentence), are mixed into the
        neighbours' similarity: ``(1 - embedding_weight) * TF-IDF cosine + embedding_weight
        * embedding cosine``. ``vectors`` stay the TF-IDF ones."""
        from scipy.sparse import csr_matrix

        from newsfuse.tfidf import tfidf

        if tokens is None:
            terms = [content_token_tuple(s.text) for s in sentences] or [[]]
        else:
            if len(tokens) != len(sentences):
                raise ValueError(f"{len(tokens)} token lists for {len(sentences)} sentences")
            terms = list(tokens) or [()]
        try:
            vectors = tfidf(terms, sublinear_tf=True)
        except ValueError:  # no content word anywhere
            vectors = csr_matrix((len(terms), 1))
        if embeddings is not None and len(embeddings) != len(sentences):
            raise ValueError(f"{len(embeddings)} embeddings for {len(sentences)} sentences")
        graph = _neighbours(vectors, len(sentences), min_similarity, max_neighbours, near_copy,
                            dense=embeddings, dense_weight=embedding_weight)
        return cls(sentences, vectors, graph)

    def _row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        g = self.neighbours
        start, stop = g.indptr[i], g.indptr[i + 1]
        return g.indices[start:stop], g.data[start:stop]

    def _self(self, i: int) -> float:
        # what the dense matrix held on its diagonal: 1 for a sentence with content words
        return 1.0 if self.vectors.indptr[i + 1] > self.vectors.indptr[i] else 0.0

    def cosine(self, i: int, j: int) -> float:
        """Cosine of rows ``i`` and ``j`` if stored, else 0.0 (1.0 for ``i == j`` with content)."""
        if i == j:
            return self._self(i)
        cols, vals = self._row(i)
        k = int(np.searchsorted(cols, j))
        return float(vals[k]) if k < len(cols) and cols[k] == j else 0.0

    def max_cosine(self, i: int, rows) -> float:
        """Largest ``cosine(i, j)`` over ``rows`` (0.0 for none)."""
        rows = np.asarray(list(rows) if not isinstance(rows, np.ndarray) else rows, dtype=np.int64)
        if rows.size == 0:
            return 0.0
        cols, vals = self._row(i)
        hit = np.isin(cols, rows)
        best = float(vals[hit].max()) if hit.any() else 0.0
        return max(best, self._self(i)) if (rows == i).any() else best

    def max_to_other_articles(self, i: int) -> float:
        """Largest stored cosine of row ``i`` to a sentence of another article (0.0 for none)."""
        cols, vals = self._row(i)
        other = self._article[cols] != self._article[i]
        return float(vals[other].max()) if other.any() else 0.0


def story_similarity(sentences: list[Sentence], config: AlignConfig | None = None,
                     tokens: Sequence[Sequence[str]] | None = None) -> Similarity:
    """:meth:`Similarity.fit` with the configuration's settings, embeddings mixed in if it says so."""
    config = config or AlignConfig()
    embeddings = None
    if config.embeddings:
        from newsfuse.embed import embed

        embeddings = embed([s.text for s in sentences])
    return Similarity.fit(sentences, min_similarity=config.min_similarity, max_neighbours=config.max_neighbours,
                          near_copy=config.near_copy, tokens=tokens, embeddings=embeddings,
                          embedding_weight=config.embedding_weight)


def _neighbours(vectors, n: int, floor: float, cap: int | None, near_copy: float = 1.0,
                dense: np.ndarray | None = None, dense_weight: float = 0.5):
    """Symmetric CSR of cosines >= ``floor`` between distinct rows, ``cap`` strongest per row,
    computed ``CHUNK`` rows at a time. Near copies (cosine >= ``near_copy``) are kept beyond
    the cap: a wire sentence printed by hundreds of outlets is one fact only if every copy
    stays linked to the others, and copies would otherwise crowd each other out of the cap.
    ``dense`` (unit rows, such as sentence embeddings) mixes its cosines in with weight
    ``dense_weight``; the block is then dense, CHUNK x n at most."""
    from scipy.sparse import coo_matrix, csr_matrix

    vectors = vectors[:n].tocsr()
    vectors.sort_indices()  # one summation order for (i, j) and (j, i): the cosines stay exactly symmetric
    transposed = vectors.T.tocsr()
    rows, cols, vals = [], [], []
    for start in range(0, n, CHUNK):
        block = vectors[start:start + CHUNK] @ transposed
        if dense is not None:
            mixed = (1.0 - dense_weight) * block.toarray()
            # float64 products of float32 rows: the same value for (i, j) and (j, i)
            mixed += dense_weight * (dense[start:start + CHUNK].astype(np.float64) @ dense.astype(np.float64).T)
            mixed[mixed < floor] = 0.0
            block = coo_matrix(mixed)
        else:
            block = block.tocoo()
        r, c, v = block.row.astype(np.int64) + start, block.col.astype(np.int64), block.data
        keep = (v >= floor) & (v > 0) & (r != c)
        r, c, v = r[keep], c[keep], v[keep]
        if cap is not None:
            order = np.argsort(r, kind="stable")
            r, c, v = r[order], c[order], v[order]
            bounds = np.searchsorted(r, np.arange(start, min(start + CHUNK, n) + 1))
            keep = np.ones(len(r), dtype=bool)
            for a, b in zip(bounds[:-1], bounds[1:]):
                if b - a > cap:
                    drop = a + np.argpartition(-v[a:b], cap)[cap:]
                    keep[drop[v[drop] < near_copy]] = False
            r, c, v = r[keep], c[keep], v[keep]
        rows.append(r)
        cols.append(c)
        vals.append(v)
    r, c = (np.concatenate(x) if x else np.zeros(0, dtype=np.int64) for x in (rows, cols))
    v = np.concatenate(vals) if vals else np.zeros(0)
    graph = csr_matrix((v, (r, c)), shape=(n, n))
    if cap is not None:
        graph = graph.maximum(graph.T).tocsr()  # union: kept if either end keeps it
    graph.sort_indices()
    return graph


def group_facts(sentences: list[Sentence], similarity: Similarity | None = None,
                threshold: float = FACT_THRESHOLD, article_order: list[str] | None = None) -> list[Fact]:
    """Cluster sentences into facts, most supported first."""
    if not sentences:
        return []
    sim = similarity or Similarity.fit(sentences)
    graph = sim.neighbours
    if len(sim.sentences) != len(sentences) or any(a.key != b.key for a, b in zip(sim.sentences, sentences)):
        rows = [sim.index[s.key] for s in sentences]
        graph = graph[rows][:, rows].tocsr()
    articles = {a: k for k, a in enumerate(dict.fromkeys(s.article_id for s in sentences))}
    labels = _cluster(graph, np.array([articles[s.article_id] for s in sentences]), threshold)
    order = {a: i for i, a in enumerate(article_order or articles)}
    # the member most similar to the others states the fact best: row sums within the fact
    coo = graph.tocoo()
    inside = labels[coo.row] == labels[coo.col]
    centrality = np.bincount(coo.row[inside], weights=coo.data[inside], minlength=len(sentences))
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(i)
    usual = _usual_wording(sentences)
    facts = []
    for members in groups.values():
        # a member that stands alone before one that leans on the sentence before it ("It added
        # that ...", "..., he said"): every section shows the statement. Ties (two members are
        # always tied) go to the more usual wording, then the earlier sentence
        best = max(members, key=lambda m: (not leans_on_another(sentences[m].text), round(float(centrality[m]), 6),
                                           usual(m), -sentences[m].relative_position))
        sources = sorted({sentences[m].article_id for m in members}, key=lambda a: order.get(a, 0))
        facts.append(Fact([sentences[m] for m in members], sentences[best].text, sources,
                          stated_by=sentences[best].key))
    return sort_facts(facts, list(order))


_WORD = re.compile(r"\w+(?:[.'’]\w+)*")


def _usual_wording(sentences: list[Sentence]):
    """``usual(i)``: the share of sentence ``i``'s word pairs (all words, lower-cased) that
    another article of the story also uses. A mangled or machine-translated wording
    ("by 11 p.m. September") is one no other outlet writes; "by September 11" is."""
    pairs = [set(zip(w, w[1:])) for w in (_WORD.findall(s.text.lower()) for s in sentences)]
    users: dict[tuple[str, str], str | None] = {}  # pair -> its one article, or None for several
    for s, ps in zip(sentences, pairs):
        for p in ps:
            if users.setdefault(p, s.article_id) != s.article_id:
                users[p] = None

    def usual(i: int) -> float:
        return sum(users[p] is None for p in pairs[i]) / len(pairs[i]) if pairs[i] else 0.0

    return usual


def sort_facts(facts: list[Fact], article_order: list[str]) -> list[Fact]:
    """A new list: most supported first; then earliest in its articles; then input order."""
    order = {a: i for i, a in enumerate(article_order)}
    return sorted(facts, key=lambda f: (-f.support, min(s.relative_position for s in f.sentences),
                                        order.get(f.sentences[0].article_id, 0), f.sentences[0].position))


def _cluster(graph, article: np.ndarray, threshold: float) -> np.ndarray:
    """Average-linkage clusters of the sparse similarity graph, cut at ``threshold``.

    Greedy agglomeration: repeatedly merge the two clusters of highest average
    similarity S(A, B) / (|A| |B|), S summing the stored cosines between their
    members (pairs not stored, and pairs of one article, count 0), while it is at
    least ``threshold``. Average linkage is reducible and monotone, so this is the
    cut of the full average-linkage tree over the same similarities, up to exact ties.
    Returns each row's cluster, named by one of its rows.
    """
    n = graph.shape[0]
    coo = graph.tocoo()
    cross = article[coo.row] != article[coo.col]
    # pairs of one article never merge: they are left out of every sum
    g = coo.__class__((np.minimum(coo.data[cross], 1.0), (coo.row[cross], coo.col[cross])), shape=(n, n)).tocsr()
    g.sort_indices()
    indptr, indices, data = g.indptr, g.indices, g.data
    cut = threshold + 1e-12  # merge only "closer than" the cut, as fcluster at 1 - threshold - 1e-12 did
    label = np.arange(n)  # row -> cluster, named by one of its rows
    size = np.ones(n, dtype=np.int64)
    members: dict[int, list[int]] = {}  # clusters of two or more rows
    sums: dict[int, dict[int, float]] = {}  # such a cluster -> {neighbouring cluster: S}

    def row_sums(x: int) -> dict[int, float]:
        out: dict[int, float] = {}
        start, stop = indptr[x], indptr[x + 1]
        for c, v in zip(label[indices[start:stop]].tolist(), data[start:stop].tolist()):
            out[c] = out.get(c, 0.0) + v
        return out

    def pair_sum(a: int, b: int) -> float:
        if a in sums:
            return sums[a].get(b, 0.0)
        if b in sums:
            return sums[b].get(a, 0.0)
        start, stop = indptr[a], indptr[a + 1]
        k = start + int(np.searchsorted(indices[start:stop], b))
        return float(data[k]) if k < stop and indices[k] == b else 0.0

    upper = g.tocoo()
    strong = (upper.row < upper.col) & (upper.data >= cut)
    heap = list(zip((-upper.data[strong]).tolist(), upper.row[strong].tolist(), upper.col[strong].tolist()))
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if label[a] != a or label[b] != b or pair_sum(a, b) / (size[a] * size[b]) != -negative:
            continue  # lazy deletion: a cluster merged since this entry was pushed
        keep, gone = (a, b) if size[a] >= size[b] else (b, a)
        merged = sums.pop(keep) if keep in sums else row_sums(keep)
        for c, s in (sums.pop(gone) if gone in sums else row_sums(gone)).items():
            merged[c] = merged.get(c, 0.0) + s
        merged.pop(keep, None)
        merged.pop(gone, None)
        moved = members.pop(gone, [gone])
        label[moved] = keep
        members.setdefault(keep, [keep]).extend(moved)
        size[keep] += size[gone]
        sums[keep] = merged
        for c, s in merged.items():
            other = sums.get(c)
            if other is not None:
                other.pop(gone, None)
                other[keep] = s
            average = s / (size[keep] * size[c])
            if average >= cut:
                heapq.heappush(heap, (-average, min(keep, c), max(keep, c)))
    return label
