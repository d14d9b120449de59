"""Same-story judgments learned from labelled streams (issue 26).

Two articles are one story or not. ``PairFeatures`` describes a pair of
articles of a window by what a reader would compare: their bodies, leads,
titles and spellings (TF-IDF cosines over the window), the names and numbers
they share weighted by rarity, how near each is among the other's neighbours,
how far their body cosine stands above each one's usual in the window, and how
far apart they were published (coarse and capped; a missing title or date is a
missing value, never a sentinel a model could learn from).
``SameStoryModel`` is a logistic regression over them, small enough to ship as
JSON, with a second one without the window's usual (``small``) for windows too
small or too large to read it in; ``consolidate`` heals a window's stories with
its probabilities: its articles are joined by average linkage while they
average a join the window picks (of the model's ``joins``, by the silhouette of
the stories each gives; a window under ``Z_MIN`` or over ``PICK_MAX`` keeps one) (the shipped model links every article afresh; the earlier
``heal`` linkage starts from the stream clusterer's stories, each parted where
the model is sure its members tell two, or where two groups of them hold far
better inside than across).
``benchmarks/train_story_model.py`` trains it, leaving each data set out in turn
to choose the thresholds and to report what it does on a set it never saw.

Lengths are left out on purpose: they tell one corpus from another rather than
one story from another.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newsfuse.cluster import article_terms, publish_time, stream_order, stream_time
from newsfuse.config import ClusterConfig
from newsfuse.model import PreparedArticle
from newsfuse.tfidf import ENGLISH_STOP_WORDS, char_wb, tfidf, words

FEATURES = ("body", "lead", "title", "chars", "names", "numbers", "rank", "relative", "gap", "zscore")
LEAD = 3  # sentences of an article's lead
SHIPPED = Path(__file__).with_name("story_model.json")  # written by benchmarks/train_story_model.py --write
BLOCK = 512  # rows of a window's cosines made at a time: memory follows the window, not its square
# A pair's cosine against each one's cosines to the rest of the window (``zscore``): 0.20 means much
# among hundreds of stories on unlike subjects and little among many on one. Left out, with it:
# Multi-News-plus 0.826 -> 0.852, BASIL as a stream 0.912 -> 0.940 (README). A window too small to tell
# what is usual, or so large that many stories are alike in it, is read by the model without it
# (``SameStoryModel.small``): the z-score weighs a pair against a background of unrelated stories, and
# past a thousand articles it fused them (benchmarks/story_model_sizes.py: Multi-News-plus 0.692
# against 0.773 at 15,162 articles; NeuS pooled whole, 8,255, 0.547 against 0.610).
Z_MIN = 100
Z_MAX = 1_000
# A window picks its join (``SameStoryModel.joins``) between Z_MIN and PICK_MAX articles. Past it, in
# pools of thousands of look-alike stories, the pick went either way (NeuS pooled whole, 8,255 articles,
# 0.699 -> 0.770; Multi-News-plus of 10,000, 0.768 -> 0.759, and the whole file 0.782 -> 0.775), where up
# to 5,000 it gained or tied on every pool measured (Multi-News-plus of 1,200 to 5,000 articles: +0.017
# to +0.001; the mixed stream of 1,363: +0.001). README: A window's size.
PICK_MAX = 5_000
Z_CAP = 10.0  # standard deviations: past this a pair is as sure as it gets (half the same-story pairs reach it)
MAX_GAP_DAYS = 30.0  # a gap longer than this says nothing more: streams span days, data sets years
# The gap is learned from sets dated as a feed dates them too (train_story_model.py's streamed
# copies): from BASIL (stories years apart) and UCI (stories of 70 headlines a day) alone, a model
# took a close date for a sign of one story and fused a real stream's stories.

_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")


def _names(article: PreparedArticle, keep: Sequence[int]) -> set[str] | None:
    """Capitalised names written inside its sentences ``keep``; None for lower-cased text (no
    capitals to go by). A text in another script has capitals of its own: its Latin names
    are what it can share with an English one (a Russian report of an English story shares
    none, rather than nothing being known)."""
    text = " ".join(s.text for s in article.sentences)
    if text == text.lower():  # no capital in any script (a loop over characters is slow on long texts)
        return None
    return {m.group(0).lower() for k in keep for m in _NAME.finditer(article.sentences[k].text)}


def _numbers(article: PreparedArticle, keep: Sequence[int]) -> set[str]:
    """Numbers of two digits or more in its sentences ``keep``, as written without thousands
    separators."""
    out = set()
    for s in (article.sentences[k] for k in keep):
        for m in _NUMBER.finditer(s.text):
            value = m.group(0).replace(",", "")
            if len(value.replace(".", "")) >= 2:
                out.add(value)
    return out


def _days(article: PreparedArticle) -> float | None:

    t = publish_time(article.article.published)
    return None if t is None else t / 86400.0


# The overlap when a side writes none. Two articles that both write numbers and share none tell of
# two events (two jobs reports, two earthquakes); an article that writes no number tells nothing
# either way, and reading it as 0 shared said it disagreed (left out, ECB+ 0.887 -> 0.898,
# Multi-News-plus 0.801 -> 0.815). Names stay 0: an article with capitals and no name is rare.
NONE_WRITTEN = {"names": 0.0, "numbers": math.nan}


def _overlap(a: set[str] | None, b: set[str] | None, idf: dict[str, float], kind: str) -> float:
    """Shared items weighted by rarity, over the geometric mean of each side's weight; NaN
    when a side cannot have any (a lower-cased text has no names); ``NONE_WRITTEN[kind]`` when a
    side has none."""
    if a is None or b is None:
        return math.nan
    if not a or not b:
        return NONE_WRITTEN[kind]
    # fsum: a set's order follows the hash seed, and a float sum taken in it would too
    shared = math.fsum(idf[x] for x in a & b)
    return shared / math.sqrt(math.fsum(idf[x] for x in a) * math.fsum(idf[x] for x in b))


@dataclass
class PairFeatures:
    """Features of article pairs within one window of articles.

    ``fit`` reads the window (its document frequencies are the window's own, as a stream
    has no corpus to learn them from); ``pairs`` lists the candidate pairs (each article with
    its ``neighbours`` nearest by body cosine, both ways); ``transform`` gives one row of
    ``FEATURES`` per pair, NaN where a value is missing.
    """

    neighbours: int = 50
    boilerplate: int = ClusterConfig.boilerplate_articles  # a text this many articles of the window write is not read
    pages: int = ClusterConfig.boilerplate_pages  # nor a whole body this many of them write
    page_words: int = ClusterConfig.boilerplate_page_words  # unless it is this long: wire copy, not furniture
    copy_terms: int = ClusterConfig.boilerplate_copy_terms  # texts that many write, this long in one article: wire copy
    body_: object = field(default=None, repr=False)
    lead_: object = field(default=None, repr=False)
    title_: object = field(default=None, repr=False)
    chars_: object = field(default=None, repr=False)
    has_title_: np.ndarray = field(default=None, repr=False)
    days_: list = field(default_factory=list, repr=False)
    names_: list = field(default_factory=list, repr=False)
    numbers_: list = field(default_factory=list, repr=False)
    name_idf_: dict = field(default_factory=dict, repr=False)
    number_idf_: dict = field(default_factory=dict, repr=False)
    rank_: dict = field(default_factory=dict, repr=False)
    best_: np.ndarray = field(default=None, repr=False)
    row_mean_: np.ndarray = field(default=None, repr=False)
    row_std_: np.ndarray = field(default=None, repr=False)

    @classmethod
    def of(cls, cluster: ClusterConfig) -> "PairFeatures":
        """Features that leave out what ``cluster`` calls boilerplate, as its stream clusterer does."""
        return cls(boilerplate=cluster.boilerplate_articles, pages=cluster.boilerplate_pages,
                   page_words=cluster.boilerplate_page_words, copy_terms=cluster.boilerplate_copy_terms)

    def fit(self, articles: Sequence[PreparedArticle]) -> "PairFeatures":

        def vectors(docs: list[list[str]], **kw):
            # scikit-learn's TfidfVectorizer(sublinear_tf=True, dtype=float32), without its import
            try:
                return tfidf(docs, sublinear_tf=True, dtype=np.float32, **kw)
            except ValueError:  # an empty vocabulary
                return None

        # each article's own sentences: not those many articles of the window write (an archive's
        # crawl notice, "Tweet with a location..."), which the stream clusterer does not read either
        # and which would make one story of every page that holds nothing else
        title_terms = [article_terms(a)[0] for a in articles]
        own, titled = self._own_text(articles, title_terms)
        titles = [(a.article.title or "") if keep else "" for a, keep in zip(articles, titled)]
        # the title's words are the body's too (as the stream clusterer reads them): a headline
        # alone is all some streams carry
        self.body_ = vectors([(list(terms) if keep_title else []) + [t for k in keep for t in a.tokens[k]]
                              for a, terms, keep, keep_title in zip(articles, title_terms, own, titled)])
        self.lead_ = vectors([[t for k in keep[:LEAD] for t in a.tokens[k]] for a, keep in zip(articles, own)])
        self.has_title_ = np.array([bool(t.strip()) for t in titles])
        self.title_ = vectors([words(t, ENGLISH_STOP_WORDS) for t in titles])
        heads = [f"{title} {' '.join(a.sentences[k].text for k in keep[:LEAD])}".lower()
                 for a, keep, title in zip(articles, own, titles)]
        self.chars_ = vectors([char_wb(h) for h in heads], max_features=200_000)
        self.days_ = [_days(a) for a in articles]
        self.names_ = [_names(a, keep) for a, keep in zip(articles, own)]
        self.numbers_ = [_numbers(a, keep) for a, keep in zip(articles, own)]
        n = len(articles)
        for values, idf in ((self.names_, self.name_idf_), (self.numbers_, self.number_idf_)):
            df = Counter(x for v in values if v for x in v)
            idf.clear()
            idf.update({x: math.log((n + 1) / (c + 1)) + 1.0 for x, c in df.items()})
        self._neighbours(n)
        return self

    def _own_text(self, articles: Sequence[PreparedArticle],
                  title_terms: Sequence[Sequence[str]]) -> tuple[list[list[int]], list[bool]]:
        """For each article, the positions of its sentences that fewer than ``boilerplate``
        articles of the window write (by their terms; all of them when those more write hold
        ``copy_terms`` terms in it: wire copy), none when ``pages`` articles of the window
        write its whole body of fewer than ``page_words`` words and not all from one named source
        (a page's furniture: a crawl notice, a login wall), and whether its title (``title_terms``:
        its terms) is not such a text (a page of boilerplate alone may have its first line taken
        for a headline); all of them with both 0."""
        keys = [[tuple(tokens) for tokens in a.tokens] for a in articles]
        heads = [tuple(terms) for terms in title_terms]
        furniture = [False] * len(articles)
        if self.pages:
            # in the labelled streams, three copies of one body are furniture, not an article three
            # outlets ran word for word (Multi-News-plus: 28 of 29 such bodies, Multi-News dev: 3 of
            # 3; ECB+, BASIL and NeuS have none, and their pairs of copies are each one story);
            # copies that one source names are its own item sent again; a long body is wire copy
            # that several outlets ran (every furniture body of those sets has 225 words or fewer)
            bodies = [tuple(key for key in article if key) for article in keys]
            copies = Counter(body for body in bodies if body)
            sources: dict[tuple, set] = {}
            for body, a in zip(bodies, articles):
                if body and copies[body] >= self.pages \
                        and sum(s.words for s in a.sentences) < self.page_words:
                    sources.setdefault(body, set()).add(a.article.outlet)
            furniture = [body in sources and not (len(sources[body]) == 1 and None not in sources[body])
                         for body in bodies]
        if not self.boilerplate:
            return [[] if page else list(range(len(k))) for k, page in zip(keys, furniture)], [True] * len(articles)
        writers = Counter(key for article, head in zip(keys, heads) for key in set(article) | {head} if key)
        # what many articles write is a template's lines, unless it is long in one of them: then it
        # is an agency's report that they all ran, read as the stream clusterer reads it
        copy = [sum(len(key) for key in (head, *article) if key and writers[key] >= self.boilerplate)
                >= self.copy_terms for article, head in zip(keys, heads)]
        return ([[] if page else [i for i, key in enumerate(article) if wire or writers[key] < self.boilerplate]
                 for article, page, wire in zip(keys, furniture, copy)],
                [wire or not head or writers[head] < self.boilerplate for head, wire in zip(heads, copy)])

    def _neighbours(self, n: int) -> None:
        """Each article's nearest by body cosine: their ranks, and its best cosine."""
        self.rank_ = {}
        self.best_ = np.zeros(n, dtype=np.float32)
        self.row_mean_ = np.zeros(n)
        self.row_std_ = np.ones(n)
        if self.body_ is None or n < 2:
            return
        k = min(self.neighbours, n - 1)
        for start in range(0, n, BLOCK):  # in blocks: a window of 10,000 never holds n x n floats
            block = (self.body_[start:start + BLOCK] @ self.body_.T).toarray().astype(np.float64)
            rows = np.arange(start, min(n, start + BLOCK))
            own = block[np.arange(len(rows)), rows]
            # each article's cosines to the rest of the window: their mean and spread
            self.row_mean_[rows] = (block.sum(axis=1) - own) / (n - 1)
            squares = ((block ** 2).sum(axis=1) - own ** 2) / (n - 1)
            self.row_std_[rows] = np.sqrt(np.maximum(squares - self.row_mean_[rows] ** 2, 0.0))
            for row, i in enumerate(range(start, min(n, start + BLOCK))):
                block[row, i] = -1.0
            top = np.argpartition(-block, k - 1, axis=1)[:, :k]
            for row, i in enumerate(range(start, min(n, start + BLOCK))):
                order = top[row][np.argsort(-block[row, top[row]])]
                self.best_[i] = max(float(block[row, order[0]]), 0.0)
                for rank, j in enumerate(order, start=1):
                    self.rank_[(i, int(j))] = rank

    def _zscore(self, body: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """How far the pair's body cosine stands above what each of the two shares with the rest
        of the window, in standard deviations of those cosines (the mean of the two sides), capped
        at ``Z_CAP``; missing in a window of fewer than ``Z_MIN`` articles, whose rest is too few
        (or all one story) to tell what is usual."""
        if len(self.days_) < Z_MIN:
            return np.full(len(body), np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = ((body - self.row_mean_[i]) / self.row_std_[i] + (body - self.row_mean_[j]) / self.row_std_[j]) / 2
        return np.minimum(np.nan_to_num(z, nan=0.0, posinf=Z_CAP, neginf=0.0), Z_CAP)

    def pairs(self) -> list[tuple[int, int]]:
        """Candidate pairs (i < j): one is among the other's nearest."""
        return sorted({(min(i, j), max(i, j)) for i, j in self.rank_})

    def transform(self, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, len(FEATURES)), dtype=np.float64)
        i = np.array([p[0] for p in pairs])
        j = np.array([p[1] for p in pairs])

        def cosine(matrix) -> np.ndarray:
            if matrix is None:
                return np.zeros(len(pairs))
            # in chunks: the rows of half a million pairs at once would take gigabytes
            return np.concatenate([np.asarray(matrix[i[at:at + 20_000]].multiply(matrix[j[at:at + 20_000]])
                                              .sum(axis=1)).ravel() for at in range(0, len(pairs), 20_000)])

        body = cosine(self.body_)
        title = cosine(self.title_)
        title[~(self.has_title_[i] & self.has_title_[j])] = np.nan
        rank = np.array([min(self.rank_.get((a, b), 99), self.rank_.get((b, a), 99)) for a, b in pairs], dtype=float)
        best = np.maximum(np.minimum(self.best_[i], self.best_[j]), 1e-6)
        gap = np.array([np.nan if self.days_[a] is None or self.days_[b] is None
                        else math.log1p(min(abs(self.days_[a] - self.days_[b]), MAX_GAP_DAYS)) for a, b in pairs])
        names = np.array([_overlap(self.names_[a], self.names_[b], self.name_idf_, "names") for a, b in pairs])
        numbers = np.array([_overlap(self.numbers_[a], self.numbers_[b], self.number_idf_, "numbers") for a, b in pairs])
        columns = {"body": body, "lead": cosine(self.lead_), "title": title, "chars": cosine(self.chars_),
                   "names": names, "numbers": numbers, "rank": np.log(rank), "relative": np.minimum(body / best, 1.5),
                   "gap": gap,
                   "zscore": self._zscore(body, i, j)}
        return np.column_stack([columns[f] for f in FEATURES]).astype(np.float64)


LINKAGES = ("fresh", "heal")  # SameStoryModel.linkage
UNFLAGGED = ("names",)  # features whose missing value is filled with the mean and not flagged


@dataclass
class SameStoryModel:
    """Logistic regression over ``FEATURES``, each missing value filled with the training
    mean and flagged by an indicator of its own. ``consolidate`` joins articles that average
    ``threshold``; with the ``heal`` linkage it first parts a stream story whose members average
    a P(one story) under ``split``, or under ``cohesion`` times what its parts average inside."""

    coef: list[float] = field(default_factory=list)
    intercept: float = 0.0
    means: list[float] = field(default_factory=list)
    scale: list[float] = field(default_factory=list)
    threshold: float = 0.5
    features: tuple[str, ...] = FEATURES
    trained_on: list[str] = field(default_factory=list)
    fallback: list[float] = field(default_factory=lambda: [10.0, -5.0])  # P(one story | body cosine) for the rest
    split: float = 0.3
    cohesion: float = 0.0
    small: "SameStoryModel | None" = None  # for a window under Z_MIN or over Z_MAX articles: no zscore
    # features read as missing whatever their value: ``small`` learned zscore's missing flag as part of
    # its intercept, and a window over Z_MAX (or a round around an ingest) still has the values
    unread: tuple[str, ...] = ()
    # where consolidation links from: "fresh", every article alone; "heal", the stream clusterer's
    # stories, parted at ``split`` and ``cohesion`` (the thresholds were chosen for one of them)
    linkage: str = "heal"
    # the joins a window of at least Z_MIN articles picks its own from: the one whose stories hold
    # best by the window's own P (``silhouette``); empty: ``threshold`` alone. Stories of 2 and of 12,
    # on unlike subjects or many of one kind, want different joins (Multi-News dev 0.4, NeuS 0.85 to
    # 0.95), and no one join served every set; left out, the window's pick lifts Multi-News dev
    # 0.867 -> 0.882, and ``small``'s pools of 2,000 Multi-News-plus articles 0.830 -> 0.843 (README)
    joins: tuple[float, ...] = ()

    def for_window(self, n: int) -> "SameStoryModel":
        """The model that reads a window of ``n`` articles: ``small`` under ``Z_MIN`` (where the
        window cannot say what cosine is usual) or over ``Z_MAX`` (where many of its stories are
        alike, and a cosine far above the usual is no sign of one story), else this one."""
        return self.small if (n < Z_MIN or n > Z_MAX) and self.small is not None else self

    def _design(self, X: np.ndarray) -> np.ndarray:
        if self.unread:
            X = X.copy()
            X[:, [FEATURES.index(f) for f in self.unread]] = np.nan
        missing = np.isnan(X)
        filled = np.where(missing, np.array(self.means)[None, :], X)
        # names are missing only in lower-cased text, which one corpus alone brings (Multi-News-plus):
        # an indicator of it would learn that corpus's share of same-story pairs, not the case's
        missing[:, [FEATURES.index(f) for f in UNFLAGGED]] = False
        filled = (filled - np.array(self.means)[None, :]) / np.array(self.scale)[None, :]
        return np.hstack([filled, missing.astype(float)])

    def fit(self, X: np.ndarray, y: np.ndarray, C: float = 1.0, sample_weight=None) -> "SameStoryModel":
        from sklearn.linear_model import LogisticRegression

        with warnings.catch_warnings():  # a feature missing in every pair (the small model's zscore)
            warnings.simplefilter("ignore", RuntimeWarning)
            means, std = np.nanmean(X, axis=0), np.nanstd(X, axis=0)
        self.means = [float(v) if not math.isnan(v) else 0.0 for v in means]
        self.scale = [float(s) if s > 1e-9 and not math.isnan(s) else 1.0 for s in std]
        model = LogisticRegression(C=C, max_iter=1000, class_weight="balanced").fit(self._design(X), y,
                                                                                   sample_weight=sample_weight)
        self.coef = [float(c) for c in model.coef_[0]]
        self.intercept = float(model.intercept_[0])
        body = np.nan_to_num(X[:, [FEATURES.index("body")]])
        plain = LogisticRegression(C=C, max_iter=1000, class_weight="balanced").fit(body, y, sample_weight=sample_weight)
        self.fallback = [float(plain.coef_[0][0]), float(plain.intercept_[0])]
        return self

    def from_cosine(self, cosine: np.ndarray) -> np.ndarray:
        """P(one story) of pairs that are not candidates, from their body cosine alone."""
        return 1.0 / (1.0 + np.exp(-(self.fallback[0] * cosine + self.fallback[1])))

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        z = self._design(X) @ np.array(self.coef) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict:
        return {"features": list(self.features), "coef": self.coef, "intercept": self.intercept,
                "means": self.means, "scale": self.scale, "threshold": self.threshold, "split": self.split,
                "cohesion": self.cohesion, "fallback": self.fallback, "trained_on": self.trained_on,
                **({"small": self.small.to_dict()} if self.small is not None else {}),
                **({"unread": list(self.unread)} if self.unread else {}), "linkage": self.linkage,
                **({"joins": list(self.joins)} if self.joins else {})}

    @classmethod
    def from_dict(cls, d: dict) -> "SameStoryModel":
        if tuple(d["features"]) != FEATURES:
            raise ValueError(f"story model: features {d['features']} are not this version's {list(FEATURES)}")
        if d.get("linkage", "heal") not in LINKAGES:
            raise ValueError(f"story model: linkage {d['linkage']!r} is none of {list(LINKAGES)}")
        return cls(d["coef"], d["intercept"], d["means"], d["scale"], d["threshold"], FEATURES, d.get("trained_on", []),
                   d["fallback"], d.get("split", 0.0), d.get("cohesion", 0.0),
                   cls.from_dict(d["small"]) if d.get("small") else None, tuple(d.get("unread", ())),
                   d.get("linkage", "heal"), tuple(float(j) for j in d.get("joins", ())))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path | None = None) -> "SameStoryModel":
        """The model saved at ``path``; without one, the model shipped in the package."""
        return cls.from_dict(json.loads((path or SHIPPED).read_text(encoding="utf-8")))


def headline_window(articles: Sequence[PreparedArticle]) -> bool:
    """Most of the window is headlines alone (no body sentences): a regime none of the sets the
    model learned from but one (UCI) is in, where the stream clusterer does better."""
    return sum(1 for a in articles if not a.sentences) * 2 > len(articles)


def consolidate(articles: Sequence[PreparedArticle], model: SameStoryModel, threshold: float | None = None,
                current: Sequence[object] | None = None, features: PairFeatures | None = None,
                split: float | None = None) -> list[int]:
    """Stories of a window of articles, labels in ``articles`` order: average linkage over
    1 - P(one story), joining two groups while their articles average ``threshold`` (by default
    the window's own pick among the model's ``joins``, or without them the model's ``threshold``).
    A window under ``Z_MIN`` articles keeps the model's ``threshold`` (too small to say how its
    stories hold: the silhouette of one story is not defined), and so does one over ``PICK_MAX``.

    The model's ``linkage`` says where it starts (:func:`starts`). ``fresh`` (the shipped model's):
    every article alone, whatever the ``current`` stories (the stream clusterer's), whose single
    pass fuses same-kind events in a large window that a sure parting would keep (NeuS pooled
    whole, 8,255 articles: 0.610 healed, 0.699 fresh); but a headline keeps its story. ``heal``:
    from the ``current`` stories, a story whose members fall into groups that average a P under
    ``split`` (the model's own by default), or under the model's ``cohesion`` times what they
    average inside, parted first (:func:`parted`).
    A window of headlines keeps its ``current`` stories (or is all singletons).
    """
    n = len(articles)
    if n < 2:
        return list(range(n))
    if headline_window(articles):
        return numbered(current) if current is not None else list(range(n))
    features = (features or PairFeatures()).fit(articles)
    model = model.for_window(n)
    if threshold is None and not Z_MIN <= n <= PICK_MAX:
        threshold = model.threshold
    start = starts(articles, current, model.linkage, features)
    return regroup(features, model, candidate_matrix(features, model), threshold, start,
                   split if model.linkage == "heal" else 0.0)


def starts(articles: Sequence[PreparedArticle], current: Sequence[object] | None, linkage: str,
           features: PairFeatures) -> list | None:
    """The groups consolidation's linkage starts from (None: every article alone); ``features``:
    fitted on the window. ``heal``: the ``current`` stories. ``fresh``: every article alone but a
    headline (no body, and a title the window does not write as boilerplate), which stays in its
    ``current`` story, as a window of headlines does: the model learned headlines from one set
    only, and linked afresh it left each nearly alone (300 UCI headlines among BASIL's 300
    articles: the headlines' stories 0.312, kept 0.817)."""
    if current is None:
        return None
    if linkage == "heal":
        return list(current)
    headline = [not a.sentences and bool(titled) for a, titled in zip(articles, features.has_title_)]
    if not any(headline):
        return None
    return [("story", label) if head else ("article", k) for k, (head, label) in enumerate(zip(headline, current))]


def heal(prepared: Sequence[PreparedArticle], story_of: dict[str, object],
         model: SameStoryModel | None = None, cluster: ClusterConfig | None = None) -> dict[str, int]:
    """A batch's stream stories (``story_of``: article id -> story) healed as a store's are:
    :func:`consolidate` with the articles in the order they joined their stories; article id
    -> healed story. ``cluster``: what is boilerplate (the defaults without it)."""

    ordered = [prepared[i] for i in stream_order([stream_time(p.article) for p in prepared])]
    labels = consolidate(ordered, model or SameStoryModel.load(), current=[story_of[p.id] for p in ordered],
                         features=PairFeatures.of(cluster or ClusterConfig()))
    return {p.id: label for p, label in zip(ordered, labels)}


def numbered(labels: Sequence[object]) -> list[int]:
    """Labels as 0, 1, 2, ... in the order they first appear."""
    index: dict[object, int] = {}
    return [index.setdefault(label, len(index)) for label in labels]


def regroup(features: PairFeatures, model: SameStoryModel, candidates, threshold: float | None = None,
            current: Sequence[object] | None = None, split: float | None = None) -> list[int]:
    """:func:`consolidate` on a fitted window and its ``candidates`` (``candidate_matrix``).

    Exact and fast on large windows: average linkage joins two groups only if some pair across
    them reaches the threshold (a mean cannot reach what no member does), so the window is
    first cut into the connected parts of the graph of such pairs and of the stories it starts
    from, and each part is linked alone; no n x n matrix is ever made. Starting from stories is
    average linkage in which the members of one story are at distance 0.

    With ``joins`` (and no ``threshold`` given) the window is cut at each of them, from one linkage
    of the parts at the lowest, and the cut whose stories have the largest silhouette stands
    (:func:`silhouette`; a tie goes to the higher join).
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse.csgraph import connected_components

    n = len(features.days_)
    cuts = sorted(model.joins) if threshold is None and model.joins else \
        [model.threshold if threshold is None else threshold]
    start = np.arange(n) if current is None else parted(features, model, candidates, np.array(numbered(current)),
                                                          model.split if split is None else split)
    joined = _strong_pairs(features, model, candidates, cuts[0], start)
    _, part_of = connected_components(joined, directed=False)
    labels = np.empty((len(cuts), n), dtype=int)
    next_label = np.zeros(len(cuts), dtype=int)
    for members in _groups(part_of):
        if len(members) == 1:
            labels[:, members[0]] = next_label
            next_label += 1
            continue
        tree = linkage(_condensed_distances(features, model, candidates, members, start[members]), method="average")
        for c, cut in enumerate(cuts):
            part = fcluster(tree, t=1.0 - cut, criterion="distance") - 1
            labels[c, members] = part + next_label[c]
            next_label[c] += int(part.max()) + 1
    best = 0
    if len(cuts) > 1:
        scores = silhouette(features, model, candidates, labels, start)
        best = max(range(len(cuts)), key=lambda c: (scores[c], cuts[c]))
    return numbered(labels[best].tolist())  # in order of first member: the same stories, the same labels


SILHOUETTE_SAMPLE = 2_000  # articles whose silhouette is read at most: a seeded sample of a larger window


def silhouette(features: PairFeatures, model: SameStoryModel, candidates, labels: np.ndarray,
               together: np.ndarray | None = None) -> list[float]:
    """The silhouette of each row of ``labels`` (one cut of the window each), over 1 - P(one story):
    how much nearer each article is, on average, to its own story than to the nearest other (as
    scikit-learn's ``silhouette_score`` reads it; a story of one scores 0, and a cut into one story
    or into singletons 0), read from the window alone, no labels. In a window of more than
    ``SILHOUETTE_SAMPLE`` articles, that many (seeded) are read, each against the whole window:
    sampled against each other, most would have none of their story beside them. Made in blocks
    of rows, so memory follows the window, not its square. ``together``: groups at distance 0."""
    from scipy.sparse import csr_matrix

    cuts, n = labels.shape
    rows = np.arange(n) if n <= SILHOUETTE_SAMPLE else \
        np.sort(np.random.default_rng(0).choice(n, SILHOUETTE_SAMPLE, replace=False))
    stories = [np.unique(row, return_inverse=True)[1] for row in labels]
    members = [csr_matrix((np.ones(n), (np.arange(n), story)), shape=(n, int(story.max()) + 1)) for story in stories]
    sizes = [np.bincount(story).astype(float) for story in stories]
    total = np.zeros(cuts)
    for first in range(0, len(rows), BLOCK):
        block = rows[first:first + BLOCK]
        distance = _distance_rows(features, model, candidates, block, together)
        for c in range(cuts):
            sums = np.asarray((members[c].T @ distance.T).T)  # each row's distance summed over each story
            own, size = stories[c][block], sizes[c][stories[c][block]]
            inside = sums[np.arange(len(block)), own] / np.maximum(size - 1.0, 1.0)
            sums /= sizes[c][None, :]
            sums[np.arange(len(block)), own] = np.inf
            nearest = sums.min(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                score = np.nan_to_num((nearest - inside) / np.maximum(inside, nearest))
            total[c] += float(np.sum(np.where(size > 1.0, score, 0.0)))
    return [0.0 if not 1 < len(sizes[c]) < n else total[c] / len(rows) for c in range(cuts)]


def _distance_rows(features: PairFeatures, model: SameStoryModel, candidates, rows: np.ndarray,
                   together: np.ndarray | None = None) -> np.ndarray:
    """1 - P(one story) of each of ``rows`` to every article of the window (0 to itself), as
    :func:`_condensed_distances` makes them for pairs."""
    probability, mask = candidates
    body = features.body_
    distance = 1.0 - _probability_block(model, None if body is None else body[rows], body, probability[rows], mask[rows])
    if together is not None:
        distance = np.where(together[rows][:, None] == together[None, :], 0.0, np.maximum(distance, 1e-9))
    distance[np.arange(len(rows)), rows] = 0.0
    return distance


def _groups(labels: np.ndarray) -> list[np.ndarray]:
    """The indices of each label's members, in index order."""
    order = np.argsort(labels, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(labels[order])) + 1)


def _average_linkage(condensed: np.ndarray, cut: float) -> np.ndarray:
    from scipy.cluster.hierarchy import fcluster, linkage

    return fcluster(linkage(condensed, method="average"), t=1.0 - cut, criterion="distance") - 1


def _parts(condensed: np.ndarray, split: float, cohesion: float) -> np.ndarray:
    """Labels of one story's members, parted from the top of their average-linkage tree down:
    two branches part where they average a P(one story) across under ``split``, or under
    ``cohesion`` times what the less cohesive of the two averages inside. Without ``cohesion``
    this is the tree cut at ``split``."""
    if not cohesion:
        return _average_linkage(condensed, split)
    from scipy.cluster.hierarchy import linkage, to_tree

    root, nodes = to_tree(linkage(condensed, method="average"), rd=True)
    inside = np.zeros(len(nodes))  # the sum of P over the pairs within each node
    for node in nodes:  # by id: the leaves, then the merges in their order, each after its branches
        if not node.is_leaf():
            a, b = node.get_left(), node.get_right()
            # average linkage's distance between two branches is the mean of 1 - P across them
            inside[node.id] = inside[a.id] + inside[b.id] + (1.0 - node.dist) * a.count * b.count

    def mean_inside(node) -> float | None:
        return None if node.count < 2 else inside[node.id] / (node.count * (node.count - 1) / 2)

    labels = np.empty(root.count, dtype=int)
    next_label, stack = 0, [root]
    while stack:
        node = stack.pop()
        if not node.is_leaf():
            a, b = node.get_left(), node.get_right()
            held = [m for m in (mean_inside(a), mean_inside(b)) if m is not None]
            # the split as SciPy's cut reads it (a distance over 1 - split), to the last bit
            if node.dist > 1.0 - split or (held and 1.0 - node.dist < cohesion * min(held)):
                stack += [b, a]
                continue
        labels[node.pre_order()], next_label = next_label, next_label + 1
    return labels


def parted(features: PairFeatures, model: SameStoryModel, candidates, stories: np.ndarray, split: float,
           cohesion: float | None = None) -> np.ndarray:
    """Each story parted where its members fall into groups averaging a P(one story) under
    ``split``, or under ``cohesion`` (the model's own by default) times what they average
    inside: two stories the stream clusterer ran together each hold well inside and
    poorly across, while one large story's members hold alike throughout."""
    out = stories.copy()
    next_label = int(stories.max()) + 1
    cohesion = model.cohesion if cohesion is None else cohesion
    for members in _groups(stories):
        if len(members) < 2 or split <= 0.0:
            continue
        part = _parts(_condensed_distances(features, model, candidates, members), split, cohesion)
        for label in sorted(set(part.tolist()) - {int(part[0])}):  # the first member's part keeps the story
            out[members[part == label]] = next_label
            next_label += 1
    return out


def candidate_matrix(features: PairFeatures, model: SameStoryModel, X: np.ndarray | None = None):
    """P(one story) of the candidate pairs, as a sparse symmetric matrix (a stored zero is
    kept apart from an absent pair by a mask of its own: ``(P, mask)``); ``X``: their
    features, when they were made already."""
    from scipy.sparse import coo_matrix

    n = len(features.days_)
    pairs = features.pairs()
    if not pairs:
        empty = coo_matrix((n, n)).tocsr()
        return empty, empty
    i = np.array([a for a, _ in pairs])
    j = np.array([b for _, b in pairs])
    p = model.predict_proba(features.transform(pairs) if X is None else X)
    rows, cols = np.concatenate([i, j]), np.concatenate([j, i])
    probability = coo_matrix((np.concatenate([p, p]), (rows, cols)), shape=(n, n)).tocsr()
    mask = coo_matrix((np.ones(2 * len(p)), (rows, cols)), shape=(n, n)).tocsr()
    return probability, mask


def _strong_pairs(features: PairFeatures, model: SameStoryModel, candidates, cut: float, start: np.ndarray):
    """A graph holding every pair whose P(one story) reaches ``cut`` (candidates by the model,
    the rest by the body cosine's fallback: a cosine above the one at which it reaches ``cut``)
    and joining the members of each ``start`` group."""
    from scipy.sparse import coo_matrix

    probability, mask = candidates
    n = len(features.days_)
    strong = (probability >= cut).multiply(mask).tocoo()
    rows, cols = [strong.row], [strong.col]
    for members in _groups(start):  # a chain through each group's members
        rows.append(members[:-1])
        cols.append(members[1:])
    slope, intercept = model.fallback
    if features.body_ is not None and slope > 0:
        cosine = (math.log(cut / (1.0 - cut)) - intercept) / slope if 0.0 < cut < 1.0 else math.inf
        for first in range(0, n, BLOCK):
            # a candidate whose cosine passes is an edge too: a larger part, never a wrong one
            row, col = np.nonzero((features.body_[first:first + BLOCK] @ features.body_.T).toarray() >= cosine)
            rows.append(row + first)
            cols.append(col)
    row, col = np.concatenate(rows), np.concatenate(cols)
    return coo_matrix((np.ones(len(row)), (row, col)), shape=(n, n)).tocsr()


def _probability_block(model: SameStoryModel, rows, columns, probability, mask) -> np.ndarray:
    """P(one story) of some articles (``rows``: their body vectors) against others (``columns``),
    dense: the model's where ``mask`` holds a candidate pair (``probability``: the candidates' P,
    the same block of both), the body cosine's fallback elsewhere (no body vectors: a cosine of 0)."""
    if columns is not None:
        block = model.from_cosine((rows @ columns.T).toarray())
    else:
        block = np.broadcast_to(model.from_cosine(np.zeros(1)), mask.shape).copy()
    known = mask.toarray().astype(bool)
    block[known] = probability.toarray()[known]
    return block


def _condensed_distances(features: PairFeatures, model: SameStoryModel, candidates,
                         members: np.ndarray, together: np.ndarray | None = None) -> np.ndarray:
    """1 - P(one story) among ``members``, condensed (SciPy's order): the model's for candidate
    pairs, the body cosine's fallback for the rest, and 0 between two members of one
    ``together`` group (any other pair at least a hair above); made in row blocks, so a part
    of 8,000 articles costs its condensed vector and one block, not several k x k matrices."""
    probability, mask = candidates
    k = len(members)
    out = np.empty(k * (k - 1) // 2)
    body = features.body_[members] if features.body_ is not None else None
    probability, mask = probability[members][:, members].tocsr(), mask[members][:, members].tocsr()
    at = 0
    for start in range(0, k - 1, BLOCK):
        stop = min(k - 1, start + BLOCK)
        block = _probability_block(model, None if body is None else body[start:stop], body,
                                   probability[start:stop], mask[start:stop])
        for row in range(stop - start):
            i = start + row
            distance = 1.0 - block[row, i + 1:]
            if together is not None:
                distance = np.where(together[i + 1:] == together[i], 0.0, np.maximum(distance, 1e-9))
            out[at:at + k - i - 1] = distance
            at += k - i - 1
    return out


def distances(features: PairFeatures, model: SameStoryModel, candidates=None,
              together: np.ndarray | None = None) -> np.ndarray:
    """Condensed 1 - P(one story) of every pair of a fitted window (``together``: 0 within
    each group of it), as :func:`regroup` links each part: the whole window's linkage, which
    the parts add up to (a test holds them equal)."""
    candidates = candidate_matrix(features, model) if candidates is None else candidates
    return _condensed_distances(features, model, candidates, np.arange(len(features.days_)), together)
