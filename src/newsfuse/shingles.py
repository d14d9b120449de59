"""Word shingles: the unit of the extraction benchmark's metric, and of how far two
extractions of a page agree (the cleaner's second opinion)."""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter:
    """The multiset of ``n``-token runs of ``text`` (its ``\\w+`` tokens); a text shorter
    than ``n`` tokens is one shingle."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def agreement(a: str, b: str) -> float:
    """Shingle F1 of two texts: how much of the same text they hold (1.0: the same)."""
    sa, sb = shingles(a), shingles(b)
    total = sum(sa.values()) + sum(sb.values())
    return 2 * sum((sa & sb).values()) / total if total else 0.0
