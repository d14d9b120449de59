"""newsfuse's TF-IDF is scikit-learn's TfidfVectorizer's, without importing scikit-learn: the
same columns, the same vectors (to rounding), for each analyzer newsfuse uses."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.tfidf import ENGLISH_STOP_WORDS, char_wb, tfidf, words
from tests.conftest import AFGHAN, EXAMPLE

text = pytest.importorskip("sklearn.feature_extraction.text")


def _texts() -> list[str]:
    paths = sorted(EXAMPLE.glob("*.txt")) + (sorted(AFGHAN.glob("*")) if AFGHAN.is_dir() else [])
    lines = [line for p in paths if p.is_file() for line in p.read_text(encoding="utf-8", errors="replace").splitlines()]
    return [line for line in lines if line.strip()] + ["", "   ", "a"]  # empty and term-less documents too


def _same(theirs, mine, tolerance: float) -> None:
    theirs = theirs.tocsr()
    theirs.sort_indices()
    assert theirs.shape == mine.shape and theirs.dtype == mine.dtype
    assert np.array_equal(theirs.indptr, mine.indptr) and np.array_equal(theirs.indices, mine.indices)
    assert np.allclose(theirs.data, mine.data, rtol=0, atol=tolerance)


def test_pre_tokenised_documents_float64():
    docs = [t.split() for t in _texts()]
    _same(text.TfidfVectorizer(analyzer=list, sublinear_tf=True).fit_transform(docs), tfidf(docs, sublinear_tf=True),
          1e-12)
    _same(text.TfidfVectorizer(analyzer=list).fit_transform(docs), tfidf(docs), 1e-12)


def test_titles_without_english_stop_words_float32():
    assert ENGLISH_STOP_WORDS == text.ENGLISH_STOP_WORDS
    texts = _texts()
    theirs = text.TfidfVectorizer(sublinear_tf=True, dtype=np.float32, stop_words="english").fit_transform(texts)
    _same(theirs, tfidf([words(t, ENGLISH_STOP_WORDS) for t in texts], sublinear_tf=True, dtype=np.float32), 1e-6)


@pytest.mark.parametrize("limit", [None, 300, 5])
def test_character_ngrams_with_a_feature_limit(limit):
    texts = [t.lower() for t in _texts()]
    theirs = text.TfidfVectorizer(sublinear_tf=True, dtype=np.float32, analyzer="char_wb", ngram_range=(3, 5),
                                  max_features=limit).fit_transform(texts)
    _same(theirs, tfidf([char_wb(t) for t in texts], sublinear_tf=True, dtype=np.float32, max_features=limit), 1e-6)


def test_no_term_anywhere_is_an_error_as_in_scikit_learn():
    with pytest.raises(ValueError):
        tfidf([[], []])
    with pytest.raises(ValueError):
        text.TfidfVectorizer(analyzer=list).fit_transform([[], []])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(list("abcdefgh")), max_size=12), min_size=1, max_size=8))
def test_any_small_corpus(docs):
    if not any(docs):
        return
    _same(text.TfidfVectorizer(analyzer=list, sublinear_tf=True).fit_transform(docs), tfidf(docs, sublinear_tf=True),
          1e-12)
