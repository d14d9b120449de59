"""Line rules: each looks at one line of text and may name a reason to drop it.

Rules are registered in ``LINE_RULES`` with ``@line_rule(name)``; the first
that names a reason wins. They see one line only, with the :class:`Patterns` of
its text's language (built from that language's word table in ``words.py``; a
language without a table gets only the rules that read structure). Context
(neighbours, repeats, regions) is the text cleaner's business (``newsfuse.clean.text``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from newsfuse.clean.words import WORDS, Words


_NUMERIC_DATE = r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}\.\d{1,2}\.\d{2,4}"
_TIME = r"(?:,?\s*(?:at|um|à|a\s+las)?\s*\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?|uhr)?(?:\s*[A-Z]{2,4})?)?"
_AGENCY_CREDIT = (r"\((?:AP|AFP|Reuters|Getty|dpa|EPA)\s+Photo[^)]*\)\s*$"
                  r"| ^©.*$ | (?:^|\s)(?:Getty\s+Images|AFP\s+via\s+Getty\s+Images|Shutterstock|iStock)\s*$")


@dataclass(frozen=True)
class Patterns:
    """The line rules' patterns for one language: from its word table (``words``), or, for a
    language without one (``words`` None), those that read structure only."""

    language: str | None
    words: Words | None
    date: re.Pattern
    prompts: re.Pattern | None
    credit: re.Pattern
    byline: re.Pattern | None
    caption: re.Pattern | None = None


@lru_cache(maxsize=None)
def patterns(language: str | None = "en") -> Patterns:
    """The patterns for ``language`` (an ISO 639-1 code; None: English, the rules' first
    language, for text too short to tell)."""
    words = WORDS.get(language or "en")
    if words is None:
        return Patterns(language, None, re.compile(rf"^(?:{_NUMERIC_DATE}){_TIME}\s*$", re.I | re.X), None,
                        re.compile(_AGENCY_CREDIT, re.I | re.X), None)
    month = rf"(?:{words.months})\.?"
    date = re.compile(
        rf"""^(?:(?:{words.stamp})\s*(?:on|at)?:?\s*)?
        (?:(?:{words.days})\.?,?\s*)?
        (?:(?:{words.day_of_month})\s+{month},?\s+(?:de\s+)?\d{{4}}|{month}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
           |{_NUMERIC_DATE})
        {_TIME}\s*$""",
        re.I | re.X,
    )
    prompts = re.compile(rf"^(?:{words.prompts})[.!:]?$", re.I | re.X)
    bracketed = rf" | ^\(\s*(?:{words.bracket_credit})\s*:\s*[^()]+\)\s*$" if words.bracket_credit else ""
    credit = re.compile(rf"(?:^|\s)(?:{words.credit})\s*:\s*\S.*${bracketed} | {_AGENCY_CREDIT}", re.I | re.X)
    byline = re.compile(
        rf"^(?i:{words.byline})\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){{0,3}}"
        r"(?:\s*(?:,|and|&|und|et|y)\s*[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})*(?:\s*[|,;·•-].{0,60})?$"
    )
    caption = re.compile(rf"^(?:{words.caption})", re.I) if words.caption else None
    return Patterns(language or "en", words, date, prompts, credit, byline, caption)


def structure_only(language: str | None) -> bool:
    """No word table for ``language``: only the rules that read structure apply to it."""
    return patterns(language).words is None


@lru_cache(maxsize=65_536)
def line_words(line: str) -> tuple[str, ...]:
    # cached: the cleaner asks again for the same lines on every pass and in several rules
    return tuple(re.findall(r"[\w'’-]+", line))


def is_navigation(line: str, language: str | None = "en") -> bool:
    """A line of menu items: :func:`is_menu_run` or :func:`is_menu_words`."""
    return is_menu_run(line) or is_menu_words(line, language)


_SEPARATOR = re.compile(r"\s[|›»>/•·]\s")


def is_menu_run(line: str) -> bool:
    """A run of menu items between separators ("Home › World › Europe")."""
    if line.startswith("|") or not _SEPARATOR.search(line) or re.search(r"[.!?]['\"”’]?$", line):
        return False  # a table row, no separator, or a sentence
    parts = [p for p in _SEPARATOR.split(line) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)


def is_menu_words(line: str, language: str | None = "en") -> bool:
    """In a language with a word table, a run of capitalised menu words ("Home News Sport
    Weather") with no sentence, number, separator or function word of the language in it."""
    words = line_words(line)
    table = patterns(language).words
    if (table is None or len(words) < 4 or line.startswith("|") or _SEPARATOR.search(line)
            or re.search(r"[.!?,;:]['\"”’]?$", line) or re.search(r"\d", line)):
        return False
    if not all(w[0].isupper() for w in words):
        return False  # a lower-case word, or a script without case (Korean, Japanese...)
    if all(w.isupper() for w in words):
        return False  # ALL CAPS: a subheading more often than a menu
    return not any(w.lower() in table.function_words for w in words)


LineRule = Callable[[str, Patterns], "str | None"]
LINE_RULES: list[tuple[str, LineRule]] = []


def line_rule(name: str) -> Callable[[LineRule], LineRule]:
    """Register a rule: given a line and its language's :class:`Patterns`, it returns a reason
    to drop the line, or None."""

    def register(fn: LineRule) -> LineRule:
        LINE_RULES.append((name, fn))
        if "classify_line" in globals():  # registered after import: it may change any line's verdict
            classify_line.cache_clear()
        return fn

    return register


@line_rule("navigation")
def _navigation(line: str, p: Patterns) -> str | None:
    return "navigation or breadcrumb" if is_menu_run(line) else None


@line_rule("menu words")
def _menu_words(line: str, p: Patterns) -> str | None:
    return "navigation or breadcrumb" if is_menu_words(line, p.language) else None


@line_rule("prompt")
def _prompt(line: str, p: Patterns) -> str | None:
    return "share, subscribe or promo prompt" if p.prompts and len(line) < 160 and p.prompts.match(line) else None


@line_rule("date")
def _date(line: str, p: Patterns) -> str | None:
    return "date or time stamp" if p.date.match(line) else None


@line_rule("credit")
def _credit(line: str, p: Patterns) -> str | None:
    if len(line_words(line)) <= 12 and p.credit.search(line):
        return "photo or source credit"
    return None


@line_rule("caption")
def _caption(line: str, p: Patterns) -> str | None:
    # a caption's line is short: a longer one is the caption glued to the body, a text whose
    # paragraphs were joined into one line (406 Multi-News-plus documents), and is kept whole
    return "photo caption" if p.caption and len(line_words(line)) <= 40 and p.caption.match(line) else None


@line_rule("byline")
def _byline(line: str, p: Patterns) -> str | None:
    return "byline" if p.byline and len(line_words(line)) <= 14 and p.byline.match(line) else None


# JavaScript and CSS a scraper kept as text. Each pattern is something prose never writes:
# a declaration with "=", a dotted call glued to its "(" that ends like a statement, a
# function literal, a line opening or closing a block, a CSS rule or declaration.
_CSS_PROPERTY = (r"(?:display|visibility|position|float|clear|overflow(?:-[xy])?|z-index|opacity|content|cursor"
                 r"|(?:min-|max-)?(?:width|height)|top|left|right|bottom|color|background(?:-[a-z]+)?"
                 r"|(?:margin|padding|border)(?:-[a-z]+)*|font(?:-[a-z]+)?|line-height|text-[a-z]+"
                 r"|vertical-align|white-space|box-[a-z]+|flex(?:-[a-z]+)?|align-[a-z]+|justify-content"
                 r"|transform|transition|animation)")
_CODE = re.compile(
    rf"""^(?:var|let|const)\s+[A-Za-z_$][\w$]*\s*=(?!=)
    | ^[\w$]+(?:\.[\w$]+)+(?:\[[^\]]*\])?\(.*[;{{)]$
    | \bfunction\s*[\w$]*\s*\([^)]*\)\s*\{{
    | ^[\s{{}}()\[\];,]+$ | \{{$ | ^\}}
    | ^</?(?:script|style)\b
    | ^[^{{}}]{{0,80}}\{{\s*(?:-?[a-z-]+\s*:\s*[^;{{}}]+;?\s*)+\}}$
    | ^[\w$]+(?:\.[\w$]+)+\s*=(?!=).*;$
    | ^{_CSS_PROPERTY}\s*:\s*[^;:\s]+(?:\s+[^;:\s]+){{0,2}}\s*;$""",
    re.X,
)


@line_rule("code")
def _code(line: str, p: Patterns) -> str | None:
    return "script or style code" if _CODE.search(line) else None


@lru_cache(maxsize=65_536)
def classify_line(line: str, language: str | None = "en", skip: frozenset[str] = frozenset()) -> str | None:
    """The reason the first matching rule gives for dropping ``line`` (in ``language``), or None.
    ``skip``: names of rules not to apply (:data:`GUESSES` for an HTML extraction's text)."""
    p = patterns(language)
    for name, rule in LINE_RULES:
        if name in skip:
            continue
        reason = rule(line, p)
        if reason:
            return reason
    return None


# The line rules that guess a page's menus from words alone, for scraped text that lost its
# structure. In text an HTML extraction kept, the page's structure has already told menus from
# the body, and these guesses only drop body lines: a list of names ("Actress Eva Amurri
# Martino"), of places ("Dallas, TX – Landmark Inwood Theatre ...").
GUESSES = frozenset({"menu words"})
