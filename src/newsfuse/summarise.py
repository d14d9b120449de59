"""Summarise: pick source sentences for the brief, cite them, order them.

Every sentence of the brief is the best-stated sentence of one fact, so it
cites every article that supports that fact. Facts are scored by
cross-document support, position in their articles (news puts the news
first) and centrality in the story; selection is greedy under the budget and
skips any sentence too similar to one already chosen. The chosen sentences are
shown in story order (earliest position in the sources first). Leftovers such
as datelines are trimmed by deletion only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np

from newsfuse.align import Similarity
from newsfuse.config import SummariseConfig
from newsfuse.model import Fact, SummarySentence

# The knobs (word limits, salience weights, the redundancy cosine and the word
# containment that catches paraphrases swapping words, "soldiers" for "personnel")
# are newsfuse.config.SummariseConfig's: salience = support_weight * support +
# lead_weight * lead + the rest * centrality.
_UNSET = object()

# "KABUL, Afghanistan: " / "WASHINGTON (Reuters) - " / "LONDON — "
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*(?:,\s*[A-Z][\w.]+(?:\s+[A-Z][\w.]+)*)?"
    r"(?:\s*\([^)]{1,40}\))?\s*(?::|--|—|–|-)\s+)(?=[A-Z\"“])"
)


# "(AP Photo/Jim Cole)", "(Photo: Reuters)", "(Image credit: NASA)" inside a sentence
_PHOTO_CREDIT = re.compile(
    r"\s*\((?:(?:AP|AFP|Reuters|EPA|AAP|PA|Getty\s+Images)\s+)?(?i:photo|image|picture)s?"
    r"(?:\s+(?i:credit|courtesy))?\s*(?:[/:]|(?i:by)\b)[^()]{0,80}\)"
)
# "... said on Monday. Photo: Getty Images" glued after the sentence
_TRAILING_CREDIT = re.compile(r"(?<=[.!?\"”])\s+(?:Photo|Image|Picture)s?(?:\s+credit)?\s*:\s*[^.!?]{1,60}$", re.I)


def trim(text: str) -> str:
    """Delete leftovers: a dateline before the sentence, photo credits in or after it.
    Only deletes, so the result is still the source's own words."""
    text = _DATELINE.sub("", text, count=1)
    text = _PHOTO_CREDIT.sub("", text)
    return _TRAILING_CREDIT.sub("", text).strip()


def _usable(text: str, cased: bool = True, config: SummariseConfig | None = None) -> bool:
    """Fit to stand alone in a brief. In ``cased`` text a sentence opening in lower
    case is a fragment; in lower-cased text (a preprocessed corpus) every one does."""
    config = config or SummariseConfig()
    n = len(text.split())
    if n < config.min_words or n > config.max_words:
        return False
    if text.rstrip().endswith("?") or not re.search(r"[.!\"”’)]$", text.rstrip()):
        return False  # questions and unterminated fragments read badly out of context
    return not (cased and text[0].islower()) and text.count("“") == text.count("”")


# A sentence that leans on one before it ("It added...", "..., he said.") reads
# badly on its own; such sentences are demoted, not banned.
_DANGLING = re.compile(
    r"^(?:it|he|she|they|this|that|these|those|his|her|their|its|but|however|also|the office)\b"
    r"|[,”\"]\s+(?:he|she|they)\s+(?:said|says|told|added)\b",
    re.I,
)


def score_facts(facts: list[Fact], similarity: Similarity, n_articles: int,
                config: SummariseConfig | None = None) -> np.ndarray:
    """Salience of each fact: support, lead position and centrality, each in [0, 1]."""
    from scipy.sparse import csr_matrix

    config = config or SummariseConfig()
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
    support = np.array([(f.support - 1) / max(n_articles - 1, 1) for f in facts])
    lead = np.array([1.0 - min(s.relative_position for s in f.sentences) for f in facts])
    centrality_weight = 1.0 - config.support_weight - config.lead_weight
    scores = (config.support_weight * support + config.lead_weight * lead
              + centrality_weight * np.asarray(centrality).ravel())
    dangling = np.array([bool(_DANGLING.search(f.text)) for f in facts])
    return np.where(dangling, scores * config.dangling_factor, scores)


def _numbers(words: set[str]) -> set[str]:
    return {w for w in words if w[0].isdigit()}


def _repeats(words: set[str], numbers: set[str], other: set[str], containment: float) -> bool:
    """Most of ``words`` (share ``containment``) already said in ``other``, and no number
    ``other`` lacks (``numbers``: those of ``words``): "cost 2 million" does not repeat
    "cost 3 million", however alike the rest."""
    return numbers <= other and len(words & other) >= containment * len(words)


def _row_of(fact: Fact, similarity: Similarity) -> int | None:
    """Row of the member sentence that states the fact, if it is in ``similarity``."""
    return similarity.index.get(fact.statement.key)


def rank(facts: list[Fact], similarity: Similarity, n_articles: int,
         config: SummariseConfig | None = None) -> Iterator[tuple[Fact, str]]:
    """Every usable fact with its trimmed text, most salient first, skipping repeats.

    Greedy: take the highest-scoring fact whose sentence is not too similar
    (cosine above ``config.redundancy``) to one already taken. A generator: each
    candidate is checked against the facts taken so far, so a caller that stops
    after a brief's worth pays for a brief's worth, not for all pairs of facts.
    """
    config = config or SummariseConfig()
    scores = score_facts(facts, similarity, n_articles, config)
    from newsfuse.align import content_tokens

    rows: list[int] = []
    said: list[set[str]] = []
    openers = [s.text[0] for s in similarity.sentences if s.text and s.text[0].isalpha()]
    cased = sum(c.isupper() for c in openers) >= 0.5 * len(openers) if openers else True
    for k in np.argsort(-scores, kind="stable"):
        fact = facts[k]
        text = trim(fact.text)
        if not _usable(text, cased, config):
            continue
        row = _row_of(fact, similarity)
        if row is not None and rows and similarity.max_cosine(row, rows) > config.redundancy:
            continue
        words = set(content_tokens(text))
        numbers = _numbers(words)
        if len(words) >= 4 and any(_repeats(words, numbers, other, config.containment) for other in said):
            continue
        said.append(words)
        yield fact, text
        if row is not None:
            rows.append(row)


def summarise(facts: list[Fact], similarity: Similarity, n_articles: int,
              config: SummariseConfig | None = None, *, words=_UNSET, sentences=_UNSET) -> list[SummarySentence]:
    """Choose facts for the brief under a word budget and/or a sentence count.

    The budgets are ``config.words`` and ``config.sentences`` unless ``words`` or
    ``sentences`` is given. Sentences are taken in rank order; one that would
    overrun the word budget is skipped for a shorter one further down, so the
    budget is never exceeded. The brief is shown in story order (earliest
    position in the sources first).
    """
    config = config or SummariseConfig()
    words = config.words if words is _UNSET else words
    sentences = config.sentences if sentences is _UNSET else sentences
    if words is None and sentences is None:
        words = SummariseConfig.words
    chosen: list[tuple[Fact, str]] = []
    used = 0
    for fact, text in rank(facts, similarity, n_articles, config):
        n = len(text.split())
        if words is not None and used + n > words:
            continue
        chosen.append((fact, text))
        used += n
        if sentences is not None and len(chosen) >= sentences:
            break
        if words is not None and words - used < config.min_words:
            break  # no sentence fit for a brief is this short
    chosen.sort(key=lambda ft: (min(s.relative_position for s in ft[0].sentences), -ft[0].support))
    return [SummarySentence(text, list(f.sources), f.support, [s.key for s in f.sentences if s.article_id in f.sources])
            for f, text in chosen]
