"""Salience: how likely an editor is to keep a fact, from what the story knows of it.

The hand-set parts (:func:`score_parts`: independent support, lead position,
centrality, the headlines' words stated), their weighted sum (:func:`score_facts`),
the salience of what one source alone adds (:func:`rank_alone`), and a learned model.
``summarise`` ranks the brief with them; ``analyse`` ranks each source's own facts.

A gradient-boosted regression (scikit-learn's ``HistGradientBoostingRegressor``,
trained by ``benchmarks/train_brief.py`` on editors' summaries) over
:data:`FEATURES`, one row per fact: its support and copies, where it stands in
its articles, how central it is, how much of the headlines it states, how many of
its words and word pairs other articles also write, its length, numbers, names
and quotes. The label it learned is the ROUGE-1 + ROUGE-2 precision of the fact's
shown sentence against the editor's summary: the share of what it says that an
editor also said (scoring by F instead favours long sentences).

The trees are shipped as plain arrays (``brief_model.json``) and evaluated here in
numpy: a brief needs no scikit-learn import and no pickle, and the file reads the
same under any scikit-learn version. A test holds the evaluation equal to
scikit-learn's own ``predict``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newsfuse.align import Similarity
from newsfuse.config import SummariseConfig
from newsfuse.headlines import coverage, headline_scores, headline_words
from newsfuse.model import Fact
from newsfuse.text import content_tokens, names

SHIPPED = Path(__file__).with_name("brief_model.json")  # written by benchmarks/train_brief.py --write

FEATURES = (
    "support",  # share of the other articles that report it, copies of one wire counted once
    "independent",  # independent supporting articles
    "copies",  # supporting articles that copy another supporter word for word
    "articles",  # articles in the story
    "lead",  # 1 - its earliest relative position in an article
    "mean_lead",  # 1 - mean relative position of its members
    "centrality",  # cosine of the fact's words to the story's centroid
    "own_centrality",  # cosine of its statement to its own article's centroid
    "other_best",  # highest cosine of its statement to a sentence of another article
    "headlines",  # share of the headlines' words (weighed by headlines using each) it states
    "consensus",  # share of the words two or more headlines use that it states
    "own_headline",  # share of its own article's headline words it states
    "words",  # words in its shown sentence
    "content_share",  # content words / words
    "numbers",  # numbers it states
    "names",  # capitalised words past the first
    "pairs_shared",  # share of its word pairs another article also writes
    "word_spread",  # mean share of the articles that use each of its content words
    "word_rarity",  # mean share of the story's sentences that use each of its content words
    "quote",  # it holds a quotation
    "attributed",  # it reports speech ("said", "told", ...)
    "leans",  # it opens leaning on a sentence before it
    "members",  # member sentences
    "disputed",  # articles that dispute it
    "cased",  # the story's text is cased (a lower-cased corpus says less with capitals)
)
# Not among them, measured: positions and sizes counted in sentences (where it stands, how
# long its article is). Whole articles and truncated ones differ there, and a model that
# read them scored lower on whole articles (cross-validated on Multi-News dev).

# --------------------------------------------------------------------------- #
# the hand-set parts of a fact's salience (summarise weighs them; the model reads them)


def number_words(words: set[str]) -> set[str]:
    """The numbers among content words (a number token opens with a digit)."""
    return {w for w in words if w[0].isdigit()}


def score_parts(facts: list[Fact], similarity: Similarity, n_articles: int,
                titles: list[str] | None = None) -> dict[str, np.ndarray]:
    """The parts of each fact's salience, each in [0, 1]: ``support`` (independent support:
    copies of one wire count once), ``lead`` (position), ``centrality`` (in the story) and
    ``headline`` (how much of the headlines' words it states, each weighing the number of
    headlines using it; ``titles``: the articles' headlines)."""
    from scipy.sparse import csr_matrix

    if not facts:  # a story of headlines alone has no sentence to score
        return {k: np.zeros(0) for k in ("support", "lead", "centrality", "headline")}
    index = similarity.index
    rows, cols = [], []
    for k, fact in enumerate(facts):
        for s in fact.sentences:
            if s.key in index:
                rows.append(k)
                cols.append(index[s.key])
    # each fact's vector is the sum of its sentences' vectors: one sparse product for all facts
    members = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(facts), len(similarity.sentences)))
    fact_vectors = members @ similarity.vectors
    centroid = np.asarray(similarity.vectors.mean(axis=0)).ravel()
    norms = np.sqrt(np.asarray(fact_vectors.multiply(fact_vectors).sum(axis=1)).ravel())
    centrality = (fact_vectors @ centroid) / (np.where(norms > 0, norms, 1.0) * (np.linalg.norm(centroid) or 1.0))
    support = np.array([((f.independent if f.independent is not None else f.support) - 1) / max(n_articles - 1, 1)
                        for f in facts])
    lead = np.array([1.0 - min(s.relative_position for s in f.sentences) for f in facts])
    claims = headline_words(titles or [])
    headline = np.array([coverage(set(content_tokens(f.text)), claims) for f in facts])
    return {"support": support, "lead": lead, "centrality": np.asarray(centrality).ravel(), "headline": headline}


def score_facts(facts: list[Fact], similarity: Similarity, n_articles: int,
                config: SummariseConfig | None = None, titles: list[str] | None = None) -> np.ndarray:
    """Salience of each fact, a weighted sum of :func:`score_parts`: independent support,
    lead position, centrality in the story, and how much of the headlines' words it states."""
    return weighted_sum(score_parts(facts, similarity, n_articles, titles), config or SummariseConfig())


def weighted_sum(parts: dict[str, np.ndarray], config: SummariseConfig) -> np.ndarray:
    """:func:`score_parts` weighed by the configuration."""
    return (config.support_weight * parts["support"] + config.lead_weight * parts["lead"]
            + config.centrality_weight * parts["centrality"] + config.headline_weight * parts["headline"])


def alone_salience(facts: list[Fact], similarity: Similarity, n_articles: int,
                   titles: dict[str, str | None] | None = None, config: SummariseConfig | None = None) -> np.ndarray:
    """Salience of facts one source alone reports (what it adds): :func:`score_facts`'s lead
    position and centrality; with the support weight (support is one source for all of them)
    how much of that source's own headline it states, a word weighing less the more headlines
    use it (what its headline alone says counts most); with the headline weight the numbers
    and names it brings that no other article gives (``rank`` takes a new number or name as
    news; a number counts twice a name)."""
    config = config or SummariseConfig()
    base = score_facts(facts, similarity, n_articles, config)
    titles = titles or {}
    given = [set(content_tokens(t)) for t in titles.values() if t]
    headlines = Counter(w for ws in given for w in ws)
    used: dict[str, set[str]] = {}  # article -> its content words and numbers
    for s in similarity.sentences:
        used.setdefault(s.article_id, set()).update(content_tokens(s.text))
    spread = Counter(w for ws in used.values() for w in ws)
    extra = []
    for fact in facts:
        text = fact.text
        words = set(content_tokens(text))
        own = Counter({w: 1 / headlines[w] for w in content_tokens(titles.get(fact.sources[0]) or "")})
        # a new number is news whatever the words around it (as in ``rank``): it counts twice a name
        brings = 2 * sum(spread[w] <= 1 for w in number_words(words)) + sum(
            all(spread[w] <= 1 for w in content_tokens(name)) for name in names(text) if content_tokens(name))
        extra.append((config.support_weight * coverage(words, own), config.headline_weight * min(brings, 2) / 2))
    # support is one source for every such fact: its weight goes to the source's own headline
    return base + np.array([a + b for a, b in extra]).reshape(len(facts))


def rank_alone(found: list[Fact], similarity: Similarity, article_order: list[str],
               titles: dict[str, str | None] | None = None) -> dict[str, list[Fact]]:
    """Facts one source alone reports, by source (in ``article_order``), most newsworthy first
    (:func:`alone_salience`; ``titles``: article id -> headline)."""
    if not found:
        return {}
    salience = alone_salience(found, similarity, len(article_order), titles)
    out: dict[str, list[Fact]] = {a: [] for a in article_order}
    for k in sorted(range(len(found)), key=lambda k: (-salience[k], found[k].sentences[0].position)):
        out[found[k].sources[0]].append(found[k])
    return {a: fs for a, fs in out.items() if fs}


# --------------------------------------------------------------------------- #
# the learned model

_QUOTE = re.compile(r"[\"“”]")
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|added|according to|stated|announced)\b", re.I)
_WORD = re.compile(r"\w+")


def _pairs(text: str) -> set[tuple[str, str]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return set(zip(words, words[1:]))


def fact_features(facts: list[Fact], shown: list[str], similarity: Similarity, n_articles: int,
                  titles: dict[str, str | None] | None = None, cased: bool = True,
                  parts: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """One row of :data:`FEATURES` per fact (``shown``: the text each fact would show,
    ``titles``: article id -> headline, ``parts``: the facts' ``summarise.score_parts`` when the
    caller has them already)."""
    from newsfuse.text import NAME, leans_on_another

    out = np.zeros((len(facts), len(FEATURES)), dtype=np.float64)
    if not facts:
        return out
    titles = titles or {}
    given = [t for t in titles.values() if t]
    parts = parts if parts is not None else score_parts(facts, similarity, n_articles)
    consensus = headline_scores(shown, given)
    headlines = headline_words(given)
    total_headlines = sum(headlines.values())
    sentences = similarity.sentences
    # each article's centroid, the words and word pairs each article writes
    by_article: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        by_article.setdefault(s.article_id, []).append(i)
    centroids = {a: np.asarray(similarity.vectors[rows].mean(axis=0)).ravel() for a, rows in by_article.items()}
    pairs_of: dict[str, set] = {}
    words_of: dict[str, set] = {}
    sentence_words = Counter()
    for s in sentences:
        pairs_of.setdefault(s.article_id, set()).update(_pairs(s.text))
        tokens = set(content_tokens(s.text))
        words_of.setdefault(s.article_id, set()).update(tokens)
        sentence_words.update(tokens)
    spread = Counter(w for ws in words_of.values() for w in ws)
    pair_spread = Counter(p for ps in pairs_of.values() for p in ps)  # articles writing each word pair
    n_sentences = max(len(sentences), 1)
    for k, (fact, text) in enumerate(zip(facts, shown)):
        statement = fact.statement
        row = similarity.index.get(statement.key)
        own = centroids.get(statement.article_id)
        own_centrality = 0.0
        if row is not None and own is not None:
            norm = np.linalg.norm(own)
            own_centrality = float((similarity.vectors[row] @ own)[0]) / norm if norm else 0.0
        words = text.split()
        tokens = set(content_tokens(text))
        pairs = _pairs(text)
        own_pairs = pairs_of.get(statement.article_id, set())
        shared = sum(pair_spread[p] - (p in own_pairs) > 0 for p in pairs)  # written by another article
        own_title = titles.get(statement.article_id) or ""
        own_words = Counter(content_tokens(own_title))
        independent = fact.independent if fact.independent is not None else fact.support
        out[k] = (
            parts["support"][k], independent, fact.support - independent, n_articles,
            parts["lead"][k], 1.0 - float(np.mean([s.relative_position for s in fact.sentences])),
            parts["centrality"][k], own_centrality,
            similarity.max_to_other_articles(row) if row is not None else 0.0,
            coverage(tokens, headlines, total_headlines), consensus[k], coverage(tokens, own_words),
            len(words), len(tokens) / max(len(words), 1), sum(t[0].isdigit() for t in tokens), len(NAME.findall(text)),
            shared / len(pairs) if pairs else 0.0,
            # summed in a fixed order: a set's order changes with the hash seed, and a float sum with it
            float(np.mean([spread[t] / n_articles for t in sorted(tokens)])) if tokens else 0.0,
            float(np.mean([sentence_words[t] / n_sentences for t in sorted(tokens)])) if tokens else 0.0,
            bool(_QUOTE.search(text)), bool(_ATTRIBUTION.search(text)), leans_on_another(text),
            len(fact.sentences), len(fact.disputed), cased,
        )
    return out


@dataclass
class SalienceModel:
    """Regression trees as flat arrays: node ``i`` of the ensemble splits on ``feature[i]``
    at ``threshold[i]`` (missing values go left where ``missing_left[i]``), or is a leaf
    worth ``value[i]``; ``roots`` are the trees' first nodes. A prediction is ``baseline``
    plus the leaves reached, one per tree."""

    features: tuple[str, ...]
    baseline: float
    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    missing_left: np.ndarray
    left: np.ndarray
    right: np.ndarray
    leaf: np.ndarray
    value: np.ndarray
    depth: int
    trained_on: dict = field(default_factory=dict)

    @classmethod
    def from_sklearn(cls, model, trained_on: dict | None = None) -> "SalienceModel":
        """From a fitted ``HistGradientBoostingRegressor`` (numerical features only)."""
        trees = [predictors[0].nodes for predictors in model._predictors]
        offsets = np.cumsum([0] + [len(t) for t in trees[:-1]])
        nodes = np.concatenate(trees)
        shift = np.repeat(offsets, [len(t) for t in trees])
        leaf = nodes["is_leaf"].astype(bool)
        return cls(FEATURES, float(np.ravel(model._baseline_prediction)[0]), offsets.astype(np.int64),
                   nodes["feature_idx"].astype(np.int64), nodes["num_threshold"].astype(np.float64),
                   nodes["missing_go_to_left"].astype(bool),
                   np.where(leaf, 0, nodes["left"] + shift).astype(np.int64),
                   np.where(leaf, 0, nodes["right"] + shift).astype(np.int64), leaf,
                   nodes["value"].astype(np.float64), int(nodes["depth"].max()), trained_on or {})

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The ensemble's prediction for each row of ``X`` (columns in :data:`FEATURES`' order)."""
        X = np.asarray(X, dtype=np.float64)
        if X.shape[0] == 0:
            return np.zeros(0)
        rows = np.arange(X.shape[0])[:, None]
        node = np.broadcast_to(self.roots, (X.shape[0], len(self.roots))).copy()
        for _ in range(self.depth):
            x = X[rows, self.feature[node]]
            go_left = np.where(np.isnan(x), self.missing_left[node], x <= self.threshold[node])
            node = np.where(self.leaf[node], node, np.where(go_left, self.left[node], self.right[node]))
        return self.baseline + self.value[node].sum(axis=1)

    def to_dict(self) -> dict:
        return {"features": list(self.features), "baseline": self.baseline, "depth": self.depth,
                "roots": self.roots.tolist(), "feature": self.feature.tolist(),
                "threshold": [float(t) for t in self.threshold],
                "missing_left": self.missing_left.astype(int).tolist(), "left": self.left.tolist(),
                "right": self.right.tolist(), "leaf": self.leaf.astype(int).tolist(),
                "value": [float(v) for v in self.value], "trained_on": self.trained_on}

    @classmethod
    def from_dict(cls, d: dict) -> "SalienceModel":
        if tuple(d["features"]) != FEATURES:
            raise ValueError(f"brief model: features {d['features']} are not this version's {list(FEATURES)}")
        return cls(FEATURES, float(d["baseline"]), np.array(d["roots"], dtype=np.int64),
                   np.array(d["feature"], dtype=np.int64), np.array(d["threshold"], dtype=np.float64),
                   np.array(d["missing_left"], dtype=bool), np.array(d["left"], dtype=np.int64),
                   np.array(d["right"], dtype=np.int64), np.array(d["leaf"], dtype=bool),
                   np.array(d["value"], dtype=np.float64), int(d["depth"]), d.get("trained_on", {}))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), separators=(",", ":")) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path | None = None) -> "SalienceModel":
        return _load(str(path or SHIPPED))


_CACHE: dict[str, SalienceModel] = {}


def _load(path: str) -> SalienceModel:
    if path not in _CACHE:
        _CACHE[path] = SalienceModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    return _CACHE[path]
