"""What the headlines of a story agree on: their words, each weighing the number of
headlines using it, and the headline that states most of them (the story's title).
Below the store and the brief, which both name stories by it."""

from __future__ import annotations

from collections import Counter

import numpy as np

from newsfuse.text import content_tokens


def consensus_title(titles: list[str | None]) -> str | None:
    """The headline that best states what the headlines agree on (ties: the earliest)."""
    given = [t for t in titles if t and t.strip()]
    if not given:
        return None
    scores = headline_scores(given, given)
    return given[int(np.argmax(scores))] if len(given) > 1 else given[0]


def headline_scores(texts: list[str], titles: list[str]) -> np.ndarray:
    """For each text, the share of the headlines' common words it states, in [0, 1]: a word
    weighs the number of headlines using it, so what most headlines say (the event) counts
    most. With fewer than two headlines there is no consensus: all zeros."""
    # said by one headline only: no consensus
    common = Counter({w: n for w, n in headline_words(titles).items() if n >= 2})
    return np.array([coverage(set(content_tokens(t)), common) for t in texts])


def headline_words(titles: list[str]) -> Counter:
    """Content words of the headlines, each weighing the number of headlines using it (none
    with fewer than two headlines: one headline is no consensus)."""
    if len(titles) < 2:
        return Counter()
    return Counter(w for t in titles for w in set(content_tokens(t)))


def coverage(words: set[str], claims: Counter, total: float | None = None) -> float:
    """Share of the headline words' weight (``claims``, of ``total`` weight) that ``words`` state."""
    total = sum(claims.values()) if total is None else total
    return sum(claims[w] for w in words if w in claims) / total if total else 0.0
