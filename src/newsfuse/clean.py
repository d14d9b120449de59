"""Clean: reduce an article to its body and record what was removed and why.

HTML goes through trafilatura (main-text extraction plus metadata); its output
and plain text then pass the same text cleaner, because scraped text carries
the page's leftovers: navigation, teasers, promos, captions, credits, footers,
and related-link text glued into sentences.

The text cleaner only deletes. It works on lines in three passes:

1. line rules: each rule in ``LINE_RULES`` looks at one line and may name a
   reason to drop it (navigation, prompt, date line, credit, teaser...);
2. context: the title, repeated lines, captions printed twice or with a
   credit, and the page tail (the point after which the rest is mostly
   boilerplate: a sidebar, a footer, a list of other stories);
3. inline repair: related-link text glued into a sentence is cut out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from newsfuse.model import Article, Removal

# --------------------------------------------------------------------------- #
# line rules

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
    )[.!:]?$""",
    re.I | re.X,
)
_CREDIT = re.compile(
    r"""(?:^|\s)(?:(?:photo|image|picture|video|map|graphic)s?(?:\s+(?:courtesy|credit))?|source|credit|courtesy)\s*:\s*\S.*$
    | \((?:AP|AFP|Reuters|Getty)\s+Photo[^)]*\)\s*$
    | ^©.*$ | (?:^|\s)(?:Getty\s+Images|AFP\s+via\s+Getty\s+Images|Shutterstock|iStock)\s*$""",
    re.I | re.X,
)
_BYLINE = re.compile(
    r"^(?i:by|written\s+by|reporting\s+by|words\s+by)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})*(?:\s*[|,;·•-].{0,60})?$"
)
_STOPWORDS = frozenset(
    "a an the of to in on at for from with by and or but is are was were be been has have had "
    "that this it its as into over after before than not no about their his her they he she".split()
)


def _words(line: str) -> list[str]:
    return re.findall(r"[\w'’-]+", line)


def _is_navigation(line: str) -> bool:
    """A run of capitalised menu words with no sentence in it."""
    if line.startswith("|"):
        return False  # a table row
    if re.search(r"\s[|›»>/•·]\s", line) and not re.search(r"[.!?]['\"”’]?$", line):
        parts = [p for p in re.split(r"\s[|›»>/•·]\s", line) if p.strip()]
        return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)
    words = _words(line)
    if len(words) < 4 or re.search(r"[.!?,;:]['\"”’]?$", line) or re.search(r"\d", line):
        return False
    if not all(w[0].isupper() for w in words):
        return False  # a lower-case word, or a script without case (Korean, Japanese...)
    if all(w.isupper() for w in words):
        return False  # ALL CAPS: a subheading more often than a menu
    return not any(w.lower() in _STOPWORDS for w in words)


LineRule = Callable[[str], "str | None"]
LINE_RULES: list[tuple[str, LineRule]] = []


def line_rule(name: str) -> Callable[[LineRule], LineRule]:
    """Register a rule; it returns a reason to drop the line, or None."""

    def register(fn: LineRule) -> LineRule:
        LINE_RULES.append((name, fn))
        return fn

    return register


@line_rule("navigation")
def _navigation(line: str) -> str | None:
    return "navigation or breadcrumb" if _is_navigation(line) else None


@line_rule("prompt")
def _prompt(line: str) -> str | None:
    return "share, subscribe or promo prompt" if len(line) < 160 and _PROMPTS.match(line) else None


@line_rule("date")
def _date(line: str) -> str | None:
    return "date or time stamp" if _DATE_LINE.match(line) else None


@line_rule("credit")
def _credit(line: str) -> str | None:
    if len(_words(line)) <= 12 and _CREDIT.search(line):
        return "photo or source credit"
    return None


@line_rule("byline")
def _byline(line: str) -> str | None:
    return "byline" if len(_words(line)) <= 14 and _BYLINE.match(line) else None


def classify_line(line: str) -> str | None:
    """The reason the first matching rule gives for dropping ``line``, or None."""
    for _, rule in LINE_RULES:
        reason = rule(line)
        if reason:
            return reason
    return None


# --------------------------------------------------------------------------- #
# context passes


@dataclass
class _Line:
    text: str
    reason: str | None = None


def _looks_like_sentence(text: str) -> bool:
    if re.search(r"[。！？]['\"”’）)」]?$", text):
        return len(text) >= 15  # Chinese, Japanese: no spaces to count words by
    return bool(re.search(r"[.!?]['\"”’)]?$", text)) and len(_words(text)) >= 6


def _looks_like_headline(text: str) -> bool:
    n = len(_words(text))
    return 3 <= n <= 25 and not re.search(r"[.!?:;,]['\"”’]?$", text) and not _is_navigation(text)


def _is_site_name(text: str) -> bool:
    """'Radio Nord News', 'SBS World News': a short run of capitalised words."""
    words = _words(text)
    return 1 <= len(words) <= 4 and all(w[0].isupper() for w in words) and not re.search(r"[.!?,:;]$", text)


def _mark_captions(lines: list[_Line]) -> None:
    """A line printed again with a credit after it is a caption: drop both copies."""
    # In sorted order every line that extends ``t`` follows ``t`` directly, so one
    # forward scan per distinct line finds them all without comparing every pair.
    distinct = sorted({ln.text for ln in lines})
    captions: set[str] = set()
    for k, short in enumerate(distinct):
        if len(short) < 20:
            continue
        for m in range(k + 1, len(distinct)):  # an index, not a slice: a slice copies the rest
            longer = distinct[m]
            if not longer.startswith(short):
                break
            rest = longer[len(short):].strip()
            if rest and _CREDIT.search(" " + rest) and len(_words(rest)) <= 25:
                captions.update((short, longer))
    for ln in lines:
        if ln.text in captions:
            ln.reason = "photo caption (printed twice, with a credit)"


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _mark_repeats(lines: list[_Line], title: str | None) -> None:
    """Drop the second copy of a line printed twice (a standfirst or caption again).

    A line printed three times or more is structure inside the article (the
    questions of a Q&A series, an embedded tweet's signature) and is kept.
    """
    counts: dict[str, int] = {}
    for ln in lines:
        k = _key(ln.text)
        counts[k] = counts.get(k, 0) + 1
    seen: set[str] = set()
    title_key = _key(title) if title else None
    for ln in lines:
        key = _key(ln.text)
        if ln.reason is None:
            if key == title_key:
                ln.reason = "repeated title"
            elif key in seen and counts[key] == 2:
                ln.reason = "duplicate line"
        seen.add(key)


_TRUNCATED = re.compile(r"\w[,;]?(?:\.\.\.|…)$")


def _mark_teasers(lines: list[_Line]) -> None:
    """A line cut off mid-sentence ("... parliament holds the...") next to a
    headline or a dropped line is the teaser of another story."""
    for i, ln in enumerate(lines):
        if ln.reason or not _TRUNCATED.search(ln.text) or len(_words(ln.text)) < 8:
            continue
        neighbours = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        if any(n.reason or _looks_like_headline(n.text) for n in neighbours):
            ln.reason = "truncated teaser of another story"


def _mark_tail(lines: list[_Line]) -> None:
    """Cut the page tail: from a dropped line after which the text is mostly boilerplate.

    Weighting by characters keeps long body paragraphs from being outvoted by
    many short menu lines; a cut needs body text before it, at least three
    boilerplate lines after it, at least twice the density of boilerplate that
    the text before it has, and may drop sentence text only up to half the body
    kept before it.
    """
    n = len(lines)
    # suffix sums: characters and lines from i to the end, all and boilerplate-looking
    all_chars, bad_chars, bad_lines = [0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        ln = lines[i]
        bad = ln.reason is not None or not _looks_like_sentence(ln.text)
        all_chars[i] = all_chars[i + 1] + len(ln.text)
        bad_chars[i] = bad_chars[i + 1] + (len(ln.text) if bad else 0)
        bad_lines[i] = bad_lines[i + 1] + bad
    kept_before = 0
    for i, ln in enumerate(lines):
        if ln.reason is None:
            kept_before += len(ln.text)
            continue
        good_after = all_chars[i] - bad_chars[i]
        bad_after = bad_chars[i] / max(all_chars[i], 1)
        bad_before = (bad_chars[0] - bad_chars[i]) / max(all_chars[0] - all_chars[i], 1)
        # a tail is an appendix in another regime: much denser in boilerplate than
        # the text before it, and small beside the body it follows
        if (kept_before >= 200 and bad_lines[i] >= 3 and bad_after >= 0.6
                and bad_before <= 0.5 * bad_after and good_after < 0.5 * kept_before):
            for r in lines[i:]:
                if r.reason is None:
                    r.reason = "after the article: sidebar, footer or other stories"
            return


# Weights of the body-region search; set on a coarse grid on the scrapinghub
# pages (see README, "Cleaning"): a dropped line costs twice its words, a line
# that is not a sentence costs its words, a sentence earns its words.
DROPPED_WEIGHT, NON_SENTENCE_WEIGHT = 2.0, 1.0


def _line_score(ln: _Line) -> float:
    n = max(1, min(len(_words(ln.text)), 10))
    if ln.reason:
        return -DROPPED_WEIGHT * n
    if _looks_like_sentence(ln.text):
        return float(min(len(_words(ln.text)), 80))
    return -NON_SENTENCE_WEIGHT * n


def _body_region(scores: list[float]) -> tuple[int, int]:
    """The lines [a, b) of the article body: the maximum-sum run of line scores
    (as in Finn et al.'s body text extraction), grown over a gap wherever the
    text beyond it outweighs the gap."""
    best, cur, start, a, b = 0.0, 0.0, 0, 0, 0
    for i, score in enumerate(scores):
        cur, start = (score, i) if cur <= 0 else (cur + score, start)
        if cur > best:
            best, a, b = cur, start, i + 1
    if b == 0:
        return 0, len(scores)
    while True:
        grown = False
        run, gain, end = 0.0, 0.0, None
        for j in range(b, len(scores)):
            run += scores[j]
            if run > gain:
                gain, end = run, j + 1
        if end is not None:
            b, grown = end, True
        run, gain, begin = 0.0, 0.0, None
        for j in range(a - 1, -1, -1):
            run += scores[j]
            if run > gain:
                gain, begin = run, j
        if begin is not None:
            a, grown = begin, True
        if not grown:
            return a, b


def _mark_outside_body(lines: list[_Line]) -> tuple[int, int]:
    """Page regions before and after the article body (menus, link lists, footers)."""
    a, b = _body_region([_line_score(ln) for ln in lines])
    for ln in lines[:a] + lines[b:]:
        if ln.reason is None:
            ln.reason = "outside the article body (menus, link lists, footer)"
    return a, b


def _restore_lost_repeats(lines: list[_Line], body: tuple[int, int]) -> None:
    """A repeat inside the body whose other copy a later pass dropped comes back:
    a repeat is dropped to keep one copy, never to lose the text."""
    kept = {_key(ln.text) for ln in lines if ln.reason is None}
    for ln in lines[body[0]:body[1]]:
        if ln.reason == "duplicate line" and _key(ln.text) not in kept and _looks_like_sentence(ln.text):
            ln.reason = None
            kept.add(_key(ln.text))


def _mark_stray_short_lines(lines: list[_Line]) -> None:
    """A short line that is not a sentence, between dropped lines, is page furniture."""
    for i, ln in enumerate(lines):
        if ln.reason or _looks_like_sentence(ln.text) or len(_words(ln.text)) > 8:
            continue
        prev_bad = i == 0 or lines[i - 1].reason is not None
        next_bad = i == len(lines) - 1 or lines[i + 1].reason is not None
        if prev_bad and next_bad:
            ln.reason = "short line among boilerplate"


# --------------------------------------------------------------------------- #
# inline repair

# The Hill style: "Vladimir PutinVladimir Vladimirovich PutinPutin blasts ... MORE on".
# The word before the glue is a name, and the glued link text opens by repeating
# it (the person's full name), then runs on as headlines up to "MORE".
_GLUE = re.compile(r"\b([A-Z][a-z'’-]+)(?=[A-Z][a-z])")
_MORE = re.compile(r"\bMORE\b")


def repair_glued_links(text: str) -> tuple[str, list[Removal]]:
    """Cut related-link text glued onto a name, up to the ``MORE`` it ends with."""
    removed: list[Removal] = []
    out, pos = [], 0
    for m in _GLUE.finditer(text):
        start = m.end()
        if start < pos:
            continue
        name = re.escape(m.group(1))
        if not re.match(rf"(?:[A-Z][\w.'’-]*\s+){{0,3}}{name}", text[start:start + 80]):
            continue
        more = _MORE.search(text, start, start + 600)
        if more is None or len(text[start:more.start()].split()) < 4:
            continue  # glued link text is a name plus headlines: several words
        out.append(text[pos:start])
        removed.append(Removal(text[start:more.end()], "related-link text glued into a sentence"))
        pos = more.end()
    out.append(text[pos:])
    return "".join(out), removed


# --------------------------------------------------------------------------- #
# the cleaners


MAX_PASSES = 5


def clean_text(raw: str, title: str | None = None, find_body: bool = True
               ) -> tuple[str, str | None, list[Removal]]:
    """Clean extracted text. Returns (body, title, removals); only ever deletes.

    ``find_body`` looks for the article's region in a whole page's text; turn
    it off for text an HTML extractor already reduced to the article.

    The rules look at context (repeats, neighbours, regions), which removals
    change, so the pass is repeated until it removes nothing more: cleaning
    cleaned text then changes nothing. Each pass only deletes, so this ends,
    almost always after one confirming pass.
    """
    body, title, removed = _clean_pass(raw, title, find_body)
    if not removed:
        return body, title, removed  # nothing removed: the input already is a fixed point
    for _ in range(MAX_PASSES):
        again, title, more = _clean_pass(body, title, find_body)
        if again == body:
            break
        body = again
        removed += more
    return body, title, removed


def _clean_pass(raw: str, title: str | None, find_body: bool) -> tuple[str, str | None, list[Removal]]:
    lines = [_Line(t) for t in (re.sub(r"[ \t\u00a0]+", " ", x).strip() for x in raw.splitlines()) if t]
    removed: list[Removal] = []
    for ln in lines:
        ln.reason = classify_line(ln.text)
    head = [ln for ln in lines[:4] if ln.reason is None]
    if head and len(head) > 1 and _is_site_name(head[0].text) and _looks_like_headline(head[1].text):
        head[0].reason = "site name"
        head = head[1:]
    if title is None and head and _looks_like_headline(head[0].text):
        title = head[0].text
        head[0].reason = "title"
    _mark_captions(lines)
    _mark_repeats(lines, title)
    _mark_teasers(lines)
    body_lines = _mark_outside_body(lines) if find_body else (0, len(lines))
    _mark_tail(lines)
    _mark_stray_short_lines(lines)
    _restore_lost_repeats(lines, body_lines)
    body = []
    for ln in lines:
        if ln.reason:
            removed.append(Removal(ln.text, ln.reason))
            continue
        text, cut = repair_glued_links(ln.text)
        removed.extend(cut)
        body.append(re.sub(r"\s{2,}", " ", text).strip())
    return "\n\n".join(b for b in body if b), title, removed


Cleaner = Callable[[Article], Article]
CLEANERS: dict[str, Cleaner] = {}


def cleaner(fmt: str) -> Callable[[Cleaner], Cleaner]:
    def register(fn: Cleaner) -> Cleaner:
        CLEANERS[fmt] = fn
        return fn

    return register


@cleaner("text")
def _clean_text_article(article: Article) -> Article:
    article.text, article.title, article.removed = clean_text(article.raw, article.title)
    return article


# Below this many characters, trafilatura's precise mode may have cut the
# article short; its default mode is tried and kept if much longer.
SHORT_EXTRACTION = 1200


def _extract(tree_or_html, favor_precision: bool, with_metadata: bool):
    import trafilatura

    # No deduplicate=True: trafilatura keeps that cache across documents, so the
    # second of two outlets running the same wire copy would lose its text.
    return trafilatura.bare_extraction(
        tree_or_html, with_metadata=with_metadata, include_comments=False,
        include_images=False, favor_precision=favor_precision,
    )


@cleaner("html")
def _clean_html_article(article: Article) -> Article:
    """trafilatura in precise mode, its default mode as a fallback, then the text cleaner."""
    import copy

    from trafilatura import load_html

    tree = load_html(article.raw)
    if tree is None:
        article.text, article.removed = "", [Removal(article.raw[:200], "not an HTML page that could be parsed")]
        return article
    meta = page_metadata(tree, article.url)
    article.title = article.title or meta["title"]
    article.published = article.published or meta["published"]
    article.source = article.source or meta["source"]
    article.url = article.url or meta["url"]
    visible = visible_blocks(tree)
    spare = copy.deepcopy(tree)  # extraction prunes the tree it is given; the fallback needs a whole one
    doc = _extract(tree, favor_precision=True, with_metadata=False)
    extracted = (doc.text if doc is not None else "") or ""
    if len(extracted) < SHORT_EXTRACTION:
        fallback = _extract(spare, favor_precision=False, with_metadata=False)
        if fallback is not None and fallback.text and len(fallback.text) > 1.5 * len(extracted):
            extracted = fallback.text
    article.text, article.title, removed = clean_text(extracted, article.title, find_body=False)
    article.removed = _html_removals(visible, extracted) + removed
    return article


def _meta(tree, *names: str) -> str | None:
    for name in names:
        for value in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content'):
            if value.strip():
                return re.sub(r"\s+", " ", value).strip()
    return None


def page_metadata(tree, url: str | None = None) -> dict[str, str | None]:
    """Title, publish date, outlet and URL of a page, from its metadata.

    Only what newsfuse shows is read: this is several times cheaper than a full
    metadata extraction, which also looks for authors, categories and tags.
    """
    from urllib.parse import urlparse

    from htmldate import find_date

    title = _meta(tree, "og:title", "twitter:title")
    if not title:
        heads = [re.sub(r"\s+", " ", h.text_content()).strip() for h in tree.xpath("//h1")[:1]]
        page_title = [re.sub(r"\s+", " ", t).strip() for t in tree.xpath("//title/text()")[:1]]
        title = (heads[0] if heads and heads[0] else None) or (
            re.split(r"\s+[|–—-]\s+", page_title[0])[0] if page_title and page_title[0] else None)
    url = url or _meta(tree, "og:url") or next(iter(tree.xpath('//link[@rel="canonical"]/@href')), None)
    source = _meta(tree, "og:site_name", "application-name", "publisher")
    if not source and url:
        source = (urlparse(url).hostname or "").removeprefix("www.") or None
    try:
        published = find_date(tree, url=url, extensive_search=False, original_date=True)
    except Exception:  # noqa: BLE001 - a date is a nicety; a page without one is still an article
        published = None
    return {"title": title or None, "published": published, "source": source, "url": url}


_BLOCKS = frozenset(
    "p li h1 h2 h3 h4 h5 h6 td th dt dd figcaption caption blockquote pre address summary "
    "nav header footer aside section article main div form label button".split()
)
_IS_BLOCK = " or ".join(f"self::{t}" for t in sorted(_BLOCKS))
_VISIBLE = "not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template or ancestor::head)"


@lru_cache(maxsize=1)
def _block_query():
    from lxml import etree

    return etree.XPath(f"//*[{_IS_BLOCK}][{_VISIBLE}]")  # compiled once


def visible_blocks(tree) -> list[str]:
    """The page's visible text, one string per innermost block element (the tree is not changed)."""
    if isinstance(tree, str):
        from trafilatura import load_html

        tree = load_html(tree)
        if tree is None:
            return []
    blocks = _block_query()(tree)
    # every ancestor of a block holds a block; walking up stops at the first one
    # already seen, so each node is visited once
    containers: set = set()
    for el in blocks:
        parent = el.getparent()
        while parent is not None and parent not in containers:
            containers.add(parent)
            parent = parent.getparent()
    out = []
    for el in blocks:
        if el in containers:  # only the text directly inside it
            own = " ".join(t for t in [el.text] + [c.tail for c in el] if t and t.strip())
        else:
            own = el.xpath("string()")  # all its text, gathered in libxml2
        own = " ".join(own.split())
        if own:
            out.append(own)
    return out


def _html_removals(visible: list[str], extracted: str) -> list[Removal]:
    """The page's visible blocks that extraction left out, as removals."""
    kept_lines = {re.sub(r"\s+", " ", ln).strip() for ln in extracted.splitlines()}
    kept = re.sub(r"\s+", " ", extracted)
    out, seen = [], set()
    for block in visible:
        # a set lookup first: a substring search of every block is quadratic on big pages
        if block not in seen and block not in kept_lines and block not in kept:
            seen.add(block)
            out.append(Removal(block, "not main content (HTML extraction)"))
    return out


# --------------------------------------------------------------------------- #
# cross-article evidence

TEMPLATE_MIN_STORIES = 3
SAME_STORY_OVERLAP = 0.25  # Jaccard of content words above which two articles are one story


def remove_templates(articles: list[Article], min_stories: int = TEMPLATE_MIN_STORIES) -> list[Article]:
    """Remove lines an outlet repeats across different stories: its site template.

    Articles of one outlet whose words (outside the candidate lines) overlap
    by SAME_STORY_OVERLAP are versions of one story, and what they share is not
    evidence of a template; a line counts as template when it appears in at
    least ``min_stories`` distinct stories of the same outlet. Articles whose
    outlet is unknown are left as they are.
    """
    by_outlet: dict[str, list[Article]] = {}
    for a in articles:
        if a.source:
            by_outlet.setdefault(a.source.lower(), []).append(a)
    for outlet, group in by_outlet.items():
        if len(group) < min_stories:
            continue
        lines = [{_key(p) for p in a.text.split("\n\n") if p.strip()} for a in group]
        seen_in: dict[str, int] = {}
        for keys in lines:
            for k in keys:
                seen_in[k] = seen_in.get(k, 0) + 1
        candidates = {k for k, n in seen_in.items() if n >= min_stories}
        if not candidates:
            continue
        own_words = [_content_words(keys - candidates) for keys in lines]
        story = _story_versions(own_words)
        stories_of: dict[str, set[int]] = {}
        for i, keys in enumerate(lines):
            if not own_words[i]:
                continue  # nothing of its own (a copy, or a bare template): no evidence either way
            for k in keys:
                stories_of.setdefault(k, set()).add(story[i])
        template = {k for k, st in stories_of.items() if len(st) >= min_stories}
        if not template:
            continue
        for a in group:
            kept = []
            for p in a.text.split("\n\n"):
                if _key(p) in template:
                    a.removed.append(Removal(p, f"site template: repeated across {len(stories_of[_key(p)])} "
                                                f"stories of {a.source}"))
                else:
                    kept.append(p)
            a.text = "\n\n".join(kept)
    return articles


def _content_words(lines: set[str]) -> set[str]:
    return {w for line in lines for w in _words(line) if w not in _STOPWORDS and len(w) > 2}


def _story_versions(words: list[set[str]]) -> list[int]:
    """Label articles so that those sharing much of their vocabulary get one story label."""
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            union = len(words[i] | words[j])
            if union and len(words[i] & words[j]) >= SAME_STORY_OVERLAP * union:
                parent[find(i)] = find(j)
    return [find(i) for i in range(len(words))]


def clean(article: Article) -> Article:
    """Clean one article in place with the cleaner for its format and return it."""
    return CLEANERS[article.format](article)
