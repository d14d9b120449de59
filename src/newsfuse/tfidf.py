"""TF-IDF vectors as scikit-learn's ``TfidfVectorizer`` makes them, for the analyzers newsfuse
uses, without importing scikit-learn.

Importing scikit-learn takes 0.8 s on the development machine (it imports scipy.stats),
more than the TF-IDF of a story costs, and a cold ``newsfuse brief`` paid it on every run
(``README``, "Ingest at stream speed"). The vectors are the same: smoothed idf
(``log((n + 1) / (df + 1)) + 1``), optionally sublinear tf (``1 + log(tf)``), rows scaled to
unit length, columns in the terms' sorted order; ``max_features`` keeps the terms most
frequent over all documents, as scikit-learn picks them. ``tests/test_tfidf.py`` holds them
equal to scikit-learn's on real text. ``newsfuse.evaluation`` and the training scripts still
use scikit-learn itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np

# scikit-learn's default token pattern: words of two characters or more
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")


def tfidf(docs: Iterable[Sequence[str]], *, sublinear_tf: bool = False, dtype=np.float64,
          max_features: int | None = None):
    """A CSR matrix of the TF-IDF vectors of ``docs``, each a sequence of its terms (as
    ``TfidfVectorizer(analyzer=list)`` reads them). ValueError when no document has a term."""
    from scipy.sparse import csr_matrix

    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for doc in docs:
        row: dict[int, int] = {}
        for term in doc:
            j = vocabulary.setdefault(term, len(vocabulary))
            row[j] = row.get(j, 0) + 1
        indices.extend(row)
        counts.extend(row.values())
        indptr.append(len(indices))
    if not vocabulary:
        raise ValueError("empty vocabulary")
    # columns in the terms' sorted order
    terms = sorted(vocabulary)
    column = np.empty(len(terms), dtype=np.int64)
    column[[vocabulary[t] for t in terms]] = np.arange(len(terms))
    X = csr_matrix((np.asarray(counts, dtype=dtype), column[np.asarray(indices, dtype=np.int64)],
                    np.asarray(indptr, dtype=np.int64)), shape=(len(indptr) - 1, len(terms)))
    X.sort_indices()
    if max_features is not None and len(terms) > max_features:
        # the most frequent over all documents, ties as scikit-learn's argsort leaves them
        totals = np.asarray(X.sum(axis=0)).ravel()
        keep = np.sort((-totals).argsort()[:max_features])
        X = X[:, keep]
        X.sort_indices()
    df = np.bincount(X.indices, minlength=X.shape[1]).astype(dtype) + 1.0
    idf = np.full_like(df, X.shape[0] + 1, dtype=dtype)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    if sublinear_tf:
        np.log(X.data, out=X.data)
        X.data += 1.0
    X.data *= idf[X.indices]
    # each row's length, summed in order as scikit-learn's normalize does; an empty row stays empty
    lengths = np.diff(X.indptr)
    rows = np.repeat(np.arange(X.shape[0]), lengths)
    norms = np.sqrt(np.bincount(rows, weights=X.data * X.data, minlength=X.shape[0])).astype(dtype)
    norms[norms == 0.0] = 1.0
    X.data /= norms[rows]
    return X


def words(text: str, stop_words: frozenset[str] = frozenset()) -> list[str]:
    """The terms scikit-learn's default analyzer reads: lower-cased words of two characters
    or more, without ``stop_words``."""
    return [w for w in _TOKEN.findall(text.lower()) if w not in stop_words]


def char_wb(text: str, low: int = 3, high: int = 5) -> list[str]:
    """The character n-grams of each word padded with a space (scikit-learn's ``char_wb``
    analyzer on lower-cased text)."""
    out: list[str] = []
    for w in _SPACES.sub(" ", text.lower()).split():
        w = f" {w} "
        for n in range(low, high + 1):
            offset = 0
            out.append(w[offset:offset + n])
            while offset + n < len(w):
                offset += 1
                out.append(w[offset:offset + n])
            if offset == 0:  # a word shorter than n: counted once
                break
    return out


Analyzer = Callable[[str], list[str]]

# scikit-learn's English stop words (sklearn/feature_extraction/_stop_words.py, BSD licence;
# from the Glasgow Information Retrieval Group's list)
ENGLISH_STOP_WORDS = frozenset("""
a about above across after afterwards again against all almost alone along already also although always am
among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere are around as at back
be became because become becomes becoming been before beforehand behind being below beside besides between
beyond bill both bottom but by call can cannot cant co con could couldnt cry de describe detail do done down
due during each eg eight either eleven else elsewhere empty enough etc even ever every everyone everything
everywhere except few fifteen fifty fill find fire first five for former formerly forty found four from front
full further get give go had has hasnt have he hence her here hereafter hereby herein hereupon hers herself
him himself his how however hundred i ie if in inc indeed interest into is it its itself keep last latter
latterly least less ltd made many may me meanwhile might mill mine more moreover most mostly move much must my
myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere of off
often on once one only onto or other others otherwise our ours ourselves out over own part per perhaps please
put rather re same see seem seemed seeming seems serious several she should show side since sincere six sixty
so some somehow someone something sometime sometimes somewhere still such system take ten than that the their
them themselves then thence there thereafter thereby therefore therein thereupon these they thick thin third
this those though three through throughout thru thus to together too top toward towards twelve twenty two un under
until up upon us very via was we well were what whatever when whence whenever where whereafter whereas whereby
wherein whereupon wherever whether which while whither who whoever whole whom whose why will with within
without would yet you your yours yourself yourselves
""".split())
