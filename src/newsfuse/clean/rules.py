"""Line rules: each looks at one line of text and may name a reason to drop it.

Rules are registered in ``LINE_RULES`` with ``@line_rule(name)``; the first
that names a reason wins. They see one line only; context (neighbours,
repeats, regions) is the text cleaner's business (``newsfuse.clean.text``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_LINE = re.compile(
    rf"""^(?:(?:published|updated|posted|last\s+updated|first\s+published)\s*(?:on|at)?:?\s*)?
    (?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s*)?
    (?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
       |\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})
    (?:,?\s*(?:at\s*)?\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?\s*$""",
    re.I | re.X,
)
_PROMPTS = re.compile(
    r"""^(?:
      share(?:\s+(?:this|on|via)\b.*)?|tweet|email|e-mail|print|save|comments?(?:\s*\(\d+\))?
    | (?:follow|like)\s+us\b.*|(?:subscribe|sign\s+up|register|log\s*in|sign\s+in)\b.*
    | download\s+(?:our|the)\s+app.*|get\s+the\s+app.*|listen\s+to\s+(?:our|the)\s+podcast.*
    | watch\s+on\s+.*|get\s+.{0,40}\b(?:daily|newsletter|inbox|alerts?)\b.*|by\s+subscribing\b.*
    | read\s+more.*|more\s+(?:stories|news|from|on)\b.*|related(?:\s+(?:stories|articles|coverage|content|topics|news))?:?
    | advertisement|sponsored(?:\s+content)?|opinion|editorial|analysis|most\s+(?:read|popular|viewed|shared)
    | trending(?:\s+now)?|recommended(?:\s+for\s+you)?|you\s+may\s+also\s+like.*|don'?t\s+miss.*
    | \d+\s+min(?:ute)?s?\s+read|published|updated|skip\s+to\s+(?:main\s+)?content|back\s+to\s+top
    | (?:all\s+rights\s+reserved|copyright)\b.*|terms\s+of\s+(?:use|service).*|privacy\s+policy.*
    | click\s+here\b.*|(?:also\s+)?read:.*|see\s+also:?.*|top\s+stories|latest(?:\s+news)?
    | also\s+on\s+[\w-]+\.(?:com|org|net|co\.uk|de|fr|ru)\b.*|(?:did\s+you\s+)?(?:like|enjoy)(?:ed)?\s+this\s+(?:story|article|post)\?.*
    )[.!:]?$""",
    re.I | re.X,
)
CREDIT = re.compile(
    r"""(?:^|\s)(?:(?:photo|image|picture|video|map|graphic)s?(?:\s+(?:courtesy|credit))?|source|credit|courtesy)\s*:\s*\S.*$
    | \((?:AP|AFP|Reuters|Getty)\s+Photo[^)]*\)\s*$
    | ^©.*$ | (?:^|\s)(?:Getty\s+Images|AFP\s+via\s+Getty\s+Images|Shutterstock|iStock)\s*$""",
    re.I | re.X,
)
_BYLINE = re.compile(
    r"^(?i:by|written\s+by|reporting\s+by|words\s+by)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})*(?:\s*[|,;·•-].{0,60})?$"
)
STOPWORDS = frozenset(
    "a an the of to in on at for from with by and or but is are was were be been has have had "
    "that this it its as into over after before than not no about their his her they he she".split()
)


@lru_cache(maxsize=65_536)
def line_words(line: str) -> tuple[str, ...]:
    # cached: the cleaner asks again for the same lines on every pass and in several rules
    return tuple(re.findall(r"[\w'’-]+", line))


def is_navigation(line: str) -> bool:
    """A run of capitalised menu words with no sentence in it."""
    if line.startswith("|"):
        return False  # a table row
    if re.search(r"\s[|›»>/•·]\s", line) and not re.search(r"[.!?]['\"”’]?$", line):
        parts = [p for p in re.split(r"\s[|›»>/•·]\s", line) if p.strip()]
        return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)
    words = line_words(line)
    if len(words) < 4 or re.search(r"[.!?,;:]['\"”’]?$", line) or re.search(r"\d", line):
        return False
    if not all(w[0].isupper() for w in words):
        return False  # a lower-case word, or a script without case (Korean, Japanese...)
    if all(w.isupper() for w in words):
        return False  # ALL CAPS: a subheading more often than a menu
    return not any(w.lower() in STOPWORDS for w in words)


LineRule = Callable[[str], "str | None"]
LINE_RULES: list[tuple[str, LineRule]] = []


def line_rule(name: str) -> Callable[[LineRule], LineRule]:
    """Register a rule; it returns a reason to drop the line, or None."""

    def register(fn: LineRule) -> LineRule:
        LINE_RULES.append((name, fn))
        if "classify_line" in globals():  # registered after import: it may change any line's verdict
            classify_line.cache_clear()
        return fn

    return register


@line_rule("navigation")
def _navigation(line: str) -> str | None:
    return "navigation or breadcrumb" if is_navigation(line) else None


@line_rule("prompt")
def _prompt(line: str) -> str | None:
    return "share, subscribe or promo prompt" if len(line) < 160 and _PROMPTS.match(line) else None


@line_rule("date")
def _date(line: str) -> str | None:
    return "date or time stamp" if _DATE_LINE.match(line) else None


@line_rule("credit")
def _credit(line: str) -> str | None:
    if len(line_words(line)) <= 12 and CREDIT.search(line):
        return "photo or source credit"
    return None


@line_rule("byline")
def _byline(line: str) -> str | None:
    return "byline" if len(line_words(line)) <= 14 and _BYLINE.match(line) else None


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
def _code(line: str) -> str | None:
    return "script or style code" if _CODE.search(line) else None


@lru_cache(maxsize=65_536)
def classify_line(line: str) -> str | None:
    """The reason the first matching rule gives for dropping ``line``, or None."""
    for _, rule in LINE_RULES:
        reason = rule(line)
        if reason:
            return reason
    return None
