"""The sparse similarity graph and the clustering on it (align at scale).

The clustering is checked against SciPy's average linkage over the full dense
distance matrix, the method it replaces; the graph against the dense cosines.
"""

import copy
import dataclasses
import random
import tracemalloc

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from scipy.spatial.distance import squareform

from newsfuse import align
from newsfuse.align import Similarity, group_facts, sort_facts
from newsfuse.model import Fact, Sentence
from newsfuse.text import content_tokens
from tests.conftest import sent
from newsfuse.summarise import rank, score_facts

WORDS = ("river barrier flood mayor council rain storm ferry harbour school police minister budget "
         "election court judge bridge railway hospital museum airport").split()


def random_story(seed: int, n_articles: int, per_article: int, vocabulary: int = 12) -> list[Sentence]:
    """Sentences of random words from a small vocabulary, so that many pairs overlap."""
    rng = random.Random(seed)
    words = WORDS[:vocabulary]
    return [sent(f"a{a}", " ".join(rng.choices(words, k=rng.randint(2, 6))) + ".", p, per_article)
            for a in range(n_articles) for p in range(per_article)]


def dense_cosine(similarity: Similarity) -> np.ndarray:
    v = similarity.vectors.toarray()[: len(similarity.sentences)]
    return v @ v.T


def scipy_facts(sentences: list[Sentence], cosine: np.ndarray, threshold: float) -> set[frozenset]:
    """The reference: average linkage over the full distance matrix, same-article pairs at
    distance 1, cut at 1 - threshold (what align did before the sparse graph)."""
    if len(sentences) == 1:
        return {frozenset([sentences[0].key])}
    distance = 1.0 - np.clip(cosine, 0.0, 1.0)
    ids = np.array([s.article_id for s in sentences])
    distance[ids[:, None] == ids[None, :]] = 1.0
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(linkage(squareform(distance, checks=False), method="average"),
                      t=1.0 - threshold - 1e-12, criterion="distance")
    groups: dict[int, set] = {}
    for s, label in zip(sentences, labels):
        groups.setdefault(label, set()).add(s.key)
    return {frozenset(g) for g in groups.values()}


def fact_sets(facts: list[Fact]) -> set[frozenset]:
    return {frozenset(s.key for s in f.sentences) for f in facts}


@pytest.mark.parametrize("seed", range(40))
def test_sparse_clustering_equals_scipy_average_linkage(seed):
    rng = random.Random(seed)
    sentences = random_story(seed, rng.randint(2, 6), rng.randint(1, 8), vocabulary=rng.randint(6, 20))
    similarity = Similarity.fit(sentences, min_similarity=0.0, max_neighbours=None)
    cosine = dense_cosine(similarity)
    for threshold in (0.2, 0.35, 0.5, 0.8):
        assert fact_sets(group_facts(sentences, similarity, threshold)) == scipy_facts(sentences, cosine, threshold)


@pytest.mark.parametrize("seed", range(25))
def test_cluster_equals_scipy_on_random_similarities(seed):
    """Continuous random similarities (no ties), many of them missing (0)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 40))
    s = rng.random((n, n)) * (rng.random((n, n)) < rng.uniform(0.2, 0.9))
    s = np.triu(s, 1)
    s = s + s.T
    articles = rng.integers(0, int(rng.integers(1, n + 1)), n)
    for threshold in (0.1, 0.3, 0.5):
        labels = align._cluster(csr_matrix(s), articles, threshold)
        got = {frozenset(np.flatnonzero(labels == k).tolist()) for k in set(labels.tolist())}
        distance = 1.0 - s
        distance[articles[:, None] == articles[None, :]] = 1.0
        np.fill_diagonal(distance, 0.0)
        ref = fcluster(linkage(squareform(distance, checks=False), method="average"),
                       t=1.0 - threshold - 1e-12, criterion="distance")
        want = {frozenset(np.flatnonzero(ref == k).tolist()) for k in set(ref.tolist())}
        assert got == want


def test_an_article_restating_itself_is_not_a_fact():
    """Pairs of one article count 0: no fact is made of one article's sentences alone,
    however alike they are. (Average linkage can still take two sentences of one
    article into a fact that other articles support, as the dense method did.)"""
    sentences = [
        sent("a", "The barrier broke on Tuesday night in Varnholm."),
        sent("a", "The barrier broke on Tuesday night in Varnholm.", 3),
        sent("a", "The barrier broke on Tuesday night in Varnholm, officials said.", 4),
        sent("b", "Heavy rain is forecast until Friday."),
    ]
    assert [len(f.sentences) for f in group_facts(sentences, threshold=0.1)] == [1, 1, 1, 1]
    for seed in range(10):
        rng = random.Random(seed)
        # each article repeats its own sentences word for word
        story = [sent(f"a{a}", " ".join(rng.sample(WORDS[:8], 3)) + ".", p, 6) for a in range(4) for p in range(3)]
        story += [sent(s.article_id, s.text, s.position + 3, 6) for s in story]
        for threshold in (0.2, 0.35, 0.6):
            facts = group_facts(story, threshold=threshold)
            assert all(f.support >= 2 for f in facts if len(f.sentences) > 1)
            assert all(f.support == len({s.article_id for s in f.sentences}) for f in facts)


def similarity_near_copy() -> float:
    from newsfuse.config import AlignConfig

    return AlignConfig().near_copy


@pytest.mark.parametrize("cap", [1, 3, 10])
def test_neighbours_are_symmetric_bounded_and_exact(monkeypatch, cap):
    monkeypatch.setattr(align, "CHUNK", 7)  # several chunks, one of them partial
    sentences = random_story(11, 5, 12, vocabulary=10)
    n = len(sentences)
    similarity = Similarity.fit(sentences, min_similarity=0.1, max_neighbours=cap)
    g = similarity.neighbours
    assert g.shape == (n, n)
    cosine = dense_cosine(similarity)
    near = int((cosine >= similarity_near_copy()).sum() - (np.diag(cosine) >= similarity_near_copy()).sum())
    assert g.nnz <= n * cap * 2 + near  # the cap, plus near copies kept beyond it
    assert abs(g - g.T).max() == 0  # exactly symmetric
    assert g.diagonal().max() == 0
    stored = g.toarray() > 0
    assert np.allclose(g.toarray()[stored], cosine[stored], rtol=0, atol=1e-12)
    assert (cosine[stored] >= 0.1).all()
    np.fill_diagonal(cosine, 0.0)
    for i in range(n):
        strong = np.sort(cosine[i][cosine[i] >= 0.1])[::-1]
        # every row keeps its `cap` strongest (ties aside): the weakest kept is no weaker than the cap-th
        if len(strong):
            assert stored[i].sum() >= min(cap, len(strong))
            assert np.sort(g.toarray()[i])[::-1][min(cap, len(strong)) - 1] >= strong[min(cap, len(strong)) - 1] - 1e-12


def test_neighbours_do_not_depend_on_chunking(monkeypatch):
    sentences = random_story(5, 4, 15)
    whole = Similarity.fit(sentences, 0.05, 4).neighbours
    monkeypatch.setattr(align, "CHUNK", 3)
    chunked = Similarity.fit(sentences, 0.05, 4).neighbours
    assert (whole != chunked).nnz == 0


def test_floor_and_cap_defaults_keep_facts_of_the_dense_method():
    sentences = random_story(8, 6, 10, vocabulary=14)
    similarity = Similarity.fit(sentences)
    assert fact_sets(group_facts(sentences, similarity)) == scipy_facts(sentences, dense_cosine(similarity), 0.35)


def test_lookups_on_a_hand_built_story():
    sentences = [
        sent("a", "The river barrier broke on Tuesday night.", 0),
        sent("a", "The river barrier broke, officials said.", 1),
        sent("b", "The river barrier broke on Tuesday night.", 0),
        sent("b", "Heavy rain is forecast until Friday.", 1),
        sent("c", "Heavy rain and storms are forecast until Friday.", 0),
        sent("c", "The", 1),  # no content word
    ]
    sim = Similarity.fit(sentences)
    assert sim.index == {s.key: i for i, s in enumerate(sentences)}
    assert sim.cosine(0, 2) == pytest.approx(1.0)  # word for word
    assert sim.cosine(0, 1) == pytest.approx(float(sim.vectors[0].multiply(sim.vectors[1]).sum()))
    assert 0.3 < sim.cosine(0, 1) < 1.0
    assert sim.cosine(0, 3) == 0.0 == sim.cosine(3, 0)  # nothing in common
    assert sim.cosine(1, 0) == sim.cosine(0, 1)
    assert sim.cosine(0, 0) == 1.0 and sim.cosine(5, 5) == 0.0  # the dense matrix's diagonal
    assert sim.max_to_other_articles(0) == pytest.approx(1.0)  # b's copy
    # a's second sentence: b's lead (identical to a's own lead, which does not count)
    assert sim.max_to_other_articles(1) == pytest.approx(sim.cosine(1, 2))
    assert sim.max_to_other_articles(3) == pytest.approx(sim.cosine(3, 4))
    assert sim.cosine(3, 4) > 0.3
    assert sim.max_to_other_articles(5) == 0.0
    assert sim.max_cosine(0, [3, 4]) == 0.0
    assert sim.max_cosine(0, []) == 0.0
    assert sim.max_cosine(0, [1, 3]) == pytest.approx(sim.cosine(0, 1))
    assert sim.max_cosine(0, np.array([1, 2])) == pytest.approx(1.0)
    # a sentence close only to one of its own article: nothing from another article
    own = Similarity.fit([sent("a", "The river barrier broke."), sent("a", "The river barrier broke again.", 1),
                          sent("b", "Rain is forecast.")])
    assert own.cosine(0, 1) > 0.5 and own.max_to_other_articles(0) == 0.0


def test_below_the_floor_reads_as_zero():
    sentences = [sent("a", "river barrier flood mayor council rain storm ferry harbour."),
                 sent("b", "river school police minister budget election court judge bridge.")]
    dense = dense_cosine(Similarity.fit(sentences, 0.0))[0, 1]
    assert 0 < dense < 0.3
    assert Similarity.fit(sentences, 0.0).cosine(0, 1) == pytest.approx(dense)
    assert Similarity.fit(sentences, dense + 0.01).cosine(0, 1) == 0.0


def test_group_facts_joins_by_key_not_by_order():
    sentences = random_story(2, 4, 8)
    sim = Similarity.fit(sentences)
    shuffled = list(reversed(sentences))
    assert fact_sets(group_facts(shuffled, sim)) == fact_sets(group_facts(sentences, sim))
    subset = sentences[::2]
    assert fact_sets(group_facts(subset, sim, 0.35)) == scipy_facts(subset, dense_cosine(sim)[::2, ::2], 0.35)


def test_sort_facts_returns_a_new_list():
    facts = [Fact([sent("a", "x", 3)], "x", ["a"]), Fact([sent("a", "y", 0), sent("b", "y", 0)], "y", ["a", "b"])]
    before = list(facts)
    ordered = sort_facts(facts, ["a", "b"])
    assert facts == before and ordered is not facts
    assert [f.text for f in ordered] == ["y", "x"]


def test_summariser_joins_sentences_by_key():
    """Equal sentences that are other objects (as after a round trip through a store) rank the same."""
    sentences = random_story(4, 5, 6, vocabulary=20)
    sentences = [sent(s.article_id, s.text.capitalize().replace(".", " today in the harbour city.")[:-1] + ".",
                      s.position, s.article_length) for s in sentences]
    sim = Similarity.fit(sentences)
    facts = group_facts(sentences, sim)
    copies = [dataclasses.replace(f, sentences=[copy.copy(s) for s in f.sentences], sources=list(f.sources))
              for f in facts]
    assert all(c.sentences[0] is not f.sentences[0] for c, f in zip(copies, facts))
    assert np.array_equal(score_facts(copies, sim, 5), score_facts(facts, sim, 5))
    assert [t for _, t in rank(copies, sim, 5)] == [t for _, t in rank(facts, sim, 5)]
    # the redundancy check sees the copies: two word-for-word facts are never both ranked
    texts = [t for _, t in rank(facts, sim, 5)]
    assert len(texts) == len(set(texts))


def test_memory_grows_linearly_not_with_the_square():
    """12,000 sentences: the dense float64 matrix alone would take 1.15 GB."""
    rng = random.Random(0)
    vocabulary = [f"w{k}" for k in range(3000)]
    sentences = [sent(f"a{i // 20}", " ".join(rng.choices(vocabulary, k=8)) + ".", i % 20, 20) for i in range(12_000)]
    tracemalloc.start()
    try:
        sim = Similarity.fit(sentences)
        facts = group_facts(sentences, sim)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(facts) > 0
    assert sim.neighbours.nnz <= len(sentences) * align.MAX_NEIGHBOURS * 2
    assert peak < 250e6, peak


def test_given_tokens_give_the_same_vectors_and_graph():
    sentences = random_story(6, 4, 6, vocabulary=15) + [sent("z", "The", 0)]
    fitted = Similarity.fit(sentences)
    given = Similarity.fit(sentences, tokens=[content_tokens(s.text) for s in sentences])
    assert (fitted.vectors != given.vectors).nnz == 0
    assert (fitted.neighbours != given.neighbours).nnz == 0
    with pytest.raises(ValueError):
        Similarity.fit(sentences, tokens=[])


def test_copies_beyond_the_cap_stay_one_fact():
    """A wire sentence printed by more outlets than the neighbour cap is still one fact:
    near copies are kept beyond the cap."""
    from newsfuse.align import Similarity, group_facts
    from newsfuse.model import Sentence

    wire = "More than 1,000 Afghan soldiers fled across the border into Tajikistan on Sunday, officials said."
    sents = []
    for a in range(150):
        text = wire if a % 3 else wire.replace("Sunday", "Sunday night") + " It was the largest crossing."
        sents.append(Sentence(f"a{a}", text, 0, 0, 1))
    sim = Similarity.fit(sents, 0.1, 20)
    facts = group_facts(sents, sim, 0.35)
    assert facts[0].support == 150
    capped = Similarity.fit(sents, 0.1, 20, near_copy=1.01)  # no exception for copies: the cap splits them
    assert group_facts(sents, capped, 0.35)[0].support < 150
