"""Evidence about a page's article that no extractor votes on.

Two runs of one library are not two witnesses: trafilatura's precise and default
modes agree on the same fragment (the last paragraphs and a promo, a list of
links) as readily as on the article. When readability's extraction disagrees with
trafilatura's, the page itself decides: how much of its prose each text holds,
how much of each text is prose, and which one starts nearer the headline.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newsfuse.shingles import shingles

PROSE_WORDS = 10  # a block this long with a sentence end in it reads as prose
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]?(?:\s|$)")
_LINE_END = re.compile(r"[.!?\"”’)…]$")

# the other text wins when it holds more than MORE_PROSE times the prose plus MORE_WORDS
# words, is no more than SHARE_SLACK less prose itself, and starts as near the headline
# (chosen on the development sets' pages outside their held-back fifths)
MORE_PROSE = 1.5
MORE_WORDS = 50
SHARE_SLACK = 0.1


@dataclass(frozen=True)
class Witness:
    """What a page says of one extraction of it."""

    held: int  # words of the page's prose blocks it holds (half their shingles or more)
    prose_share: float  # share of its own words in lines that read as sentences
    start: int | None  # index among the page's blocks of the first prose block it holds


def is_prose(block: str) -> bool:
    return len(block.split()) >= PROSE_WORDS and bool(_SENTENCE_END.search(block))


def prose_blocks(visible: list[str]) -> list[tuple[int, int, Counter]]:
    """(index, words, shingles) of each of the page's blocks that reads as prose."""
    return [(i, len(block.split()), shingles(block)) for i, block in enumerate(visible) if is_prose(block)]


def witness(text: str, visible: list[str], prose: list[tuple[int, int, Counter]] | None = None) -> Witness:
    """The page's evidence about ``text`` (``visible``: the page's blocks, in order; ``prose``:
    their :func:`prose_blocks`, when the caller has them)."""
    kept = shingles(text)
    held, start = 0, None
    for i, n, own in prose_blocks(visible) if prose is None else prose:
        if 2 * sum((own & kept).values()) >= sum(own.values()):
            held += n
            start = i if start is None else start
    lines = [ln.split() for ln in text.splitlines()]
    words = sum(len(ln) for ln in lines)
    prose_words = sum(len(ln) for ln in lines if len(ln) >= PROSE_WORDS and _LINE_END.search(ln[-1]))
    return Witness(held, prose_words / words if words else 0.0, start)


def headline_block(visible: list[str], title: str | None) -> int | None:
    """Index of the first block that holds the headline's first words, or None."""
    head = " ".join((title or "").split()).lower()[:40]
    if not head:
        return None
    return next((i for i, block in enumerate(visible) if head in block.lower()), None)


def other_is_article(first: str, other: str, visible: list[str], title: str | None) -> bool:
    """Whether ``other`` (readability's extraction) is the article rather than ``first``
    (trafilatura's), by the page's evidence: it holds much more of the page's prose, is
    not much less prose itself, and starts at least as near the headline. Without a
    headline found on the page, ``first`` stands."""
    at = headline_block(visible, title)
    if at is None:
        return False
    prose = prose_blocks(visible)  # the page's prose, read once for both texts
    mine, theirs = witness(first, visible, prose), witness(other, visible, prose)
    if theirs.held <= MORE_PROSE * mine.held + MORE_WORDS or theirs.prose_share < mine.prose_share - SHARE_SLACK:
        return False
    if theirs.start is None:
        return False
    return mine.start is None or abs(theirs.start - at) <= abs(mine.start - at)
