"""The text cleaner: deletion-only cleaning of extracted or scraped text.

It works on lines: the line rules (``rules.py``) first, then context passes
(title, repeats, captions, teasers, the body region, the page tail, stray
short lines), then inline repair of related-link text glued into sentences.
The whole pass repeats until it removes nothing more, so it is idempotent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsfuse.clean.rules import GUESSES, classify_line, is_navigation, line_words, patterns, structure_only
from newsfuse.clean.words import WORDS, table_language
from newsfuse.config import CleanConfig
from newsfuse.model import Removal

_LANGUAGES = ", ".join(WORDS)

# --------------------------------------------------------------------------- #
# context passes


@dataclass
class _Line:
    text: str
    reason: str | None = None


@lru_cache(maxsize=65_536)
def _looks_like_sentence(text: str) -> bool:
    if re.search(r"[。！？]['\"”’）)」]?$", text):
        return len(text) >= 15  # Chinese, Japanese: no spaces to count words by
    return bool(re.search(r"[.!?]['\"”’)]?$", text)) and len(line_words(text)) >= 6


def _looks_like_headline(text: str, language: str | None = "en") -> bool:
    n = len(line_words(text))
    return 3 <= n <= 25 and not re.search(r"[.!?:;,]['\"”’]?$", text) and not is_navigation(text, language)


def _is_site_name(text: str) -> bool:
    """'Radio Nord News', 'SBS World News': a short run of capitalised words."""
    words = line_words(text)
    return 1 <= len(words) <= 4 and all(w[0].isupper() for w in words) and not re.search(r"[.!?,:;]$", text)


def _mark_captions(lines: list[_Line], credit: re.Pattern) -> None:
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
            if rest and credit.search(" " + rest) and len(line_words(rest)) <= 25:
                captions.update((short, longer))
    for ln in lines:
        if ln.text in captions:
            ln.reason = "photo caption (printed twice, with a credit)"


@lru_cache(maxsize=65_536)
def line_key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _mark_repeats(lines: list[_Line], title: str | None, duplicates: bool = True) -> None:
    """Drop the title printed again and (``duplicates``) the second copy of a line printed
    twice (a standfirst or caption again).

    A line printed three times or more is structure inside the article (the
    questions of a Q&A series, an embedded tweet's signature) and is kept.
    """
    counts: dict[str, int] = {}
    for ln in lines:
        k = line_key(ln.text)
        counts[k] = counts.get(k, 0) + 1
    seen: set[str] = set()
    title_key = line_key(title) if title else None
    for ln in lines:
        key = line_key(ln.text)
        if ln.reason is None:
            if key == title_key:
                ln.reason = "repeated title"
            elif duplicates and key in seen and counts[key] == 2:
                ln.reason = "duplicate line"
        seen.add(key)


_TRUNCATED = re.compile(r"\w[,;]?(?:\.\.\.|…)$")


TEASER_WORDS = 60  # words: a teaser is a sentence or two; a longer paragraph ending "…" is the post's own


def _mark_teasers(lines: list[_Line], language: str | None) -> None:
    """A line cut off mid-sentence ("... parliament holds the...") next to a
    headline or a dropped line is the teaser of another story."""
    for i, ln in enumerate(lines):
        if ln.reason or not _TRUNCATED.search(ln.text) or not 8 <= len(line_words(ln.text)) <= TEASER_WORDS:
            continue
        neighbours = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        if any(n.reason or _looks_like_headline(n.text, language) for n in neighbours):
            ln.reason = "truncated teaser of another story"


PROSE_CHARS = 80  # a paragraph of body prose: a sentence line of at least this many characters ...
PROSE_RUN = 2  # ... in a run of at least this many such lines, one after another


def _is_prose(ln: _Line) -> bool:
    return ln.reason is None and _looks_like_sentence(ln.text) and len(ln.text) >= PROSE_CHARS


def _last_prose_end(lines: list[_Line]) -> int:
    """The index just after the last run of body prose (kept sentence paragraphs one after
    another), 0 if there is none: a cut that starts before it would take the prose with it."""
    run = 0
    end = 0
    for i, ln in enumerate(lines):
        run = run + 1 if _is_prose(ln) else 0
        if run >= PROSE_RUN:
            end = i + 1
    return end


def _mark_tail(lines: list[_Line]) -> None:
    """Cut the page tail: from a dropped line after which the text is mostly boilerplate.

    Weighting by characters keeps long body paragraphs from being outvoted by
    many short menu lines; a cut needs body text before it, at least three
    boilerplate lines after it, at least twice the density of boilerplate that
    the text before it has, and may drop sentence text only up to half the body
    kept before it. It starts after the last run of body prose: a list of short lines
    inside the article (a team, a product's or a book's details) followed by more
    paragraphs is no tail (the run's length and line size measured on the rest, not the
    held-back fifth, of both development sets; scrapinghub text mode gained most).
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
    prose_end = _last_prose_end(lines)
    for i, ln in enumerate(lines):
        if ln.reason is None:
            kept_before += len(ln.text)
            continue
        if i < prose_end:
            continue  # body prose follows: this is a list or box inside the article, not its tail
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


def _line_score(ln: _Line, config: CleanConfig) -> float:
    # weights set on a coarse grid on the scrapinghub pages (README, "Cleaning"): by default a
    # dropped line costs twice its words, a line that is not a sentence its words, a sentence earns its words
    n = max(1, min(len(line_words(ln.text)), 10))
    if ln.reason:
        return -config.dropped_weight * n
    if _looks_like_sentence(ln.text):
        return float(min(len(line_words(ln.text)), 80))
    return -config.non_sentence_weight * n


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


def _mark_outside_body(lines: list[_Line], config: CleanConfig) -> tuple[int, int]:
    """Page regions before and after the article body (menus, link lists, footers)."""
    a, b = _body_region([_line_score(ln, config) for ln in lines])
    for ln in lines[:a] + lines[b:]:
        if ln.reason is None:
            ln.reason = "outside the article body (menus, link lists, footer)"
    return a, b


def _restore_lost_repeats(lines: list[_Line], body: tuple[int, int]) -> None:
    """A repeat inside the body whose other copy a later pass dropped comes back:
    a repeat is dropped to keep one copy, never to lose the text."""
    kept = {line_key(ln.text) for ln in lines if ln.reason is None}
    for ln in lines[body[0]:body[1]]:
        if ln.reason == "duplicate line" and line_key(ln.text) not in kept and _looks_like_sentence(ln.text):
            ln.reason = None
            kept.add(line_key(ln.text))


def _mark_stray_short_lines(lines: list[_Line]) -> None:
    """A short line that is not a sentence, between dropped lines, is page furniture."""
    for i, ln in enumerate(lines):
        if ln.reason or _looks_like_sentence(ln.text) or len(line_words(ln.text)) > 8:
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




def clean_text(raw: str, title: str | None = None, find_body: bool = True, config: CleanConfig | None = None,
               language: str | None = None) -> tuple[str, str | None, list[Removal]]:
    """Clean extracted text. Returns (body, title, removals); only ever deletes.

    ``find_body`` looks for the article's region in a whole page's text; turn
    it off for text an HTML extractor already reduced to the article, which also turns off
    the guesses made for text without structure (menu words, lines printed twice, teasers).
    ``language`` (ISO 639-1) picks the line rules' word table; by default it is told from
    the function words the text uses (:func:`newsfuse.clean.words.table_language`; text
    too short to tell is read as English). A language without a table is cleaned by
    the rules that read structure only, and the first removal says so (with no text).

    The rules look at context (repeats, neighbours, regions), which removals
    change, so the pass is repeated until it removes nothing more: cleaning
    cleaned text then changes nothing. Each pass only deletes, so this ends,
    almost always after one confirming pass.
    """
    config = config or CleanConfig()
    if language is None:
        language = table_language(raw) or "und"  # "und": undetermined, as ISO 639 says
    note = [Removal("", f"no word rules for this text's language ({_LANGUAGES} have them): cleaned by its "
                        "structure only" if language == "und" else
                        f"no word rules for language {language!r}: cleaned by its structure only")
            ] if structure_only(language) else []
    body, title, removed = _clean_pass(raw, title, find_body, config, language)
    if not removed:
        return body, title, note + removed  # nothing removed: the input already is a fixed point
    for _ in range(config.max_passes):
        again, title, more = _clean_pass(body, title, find_body, config, language)
        if again == body:
            break
        body = again
        removed += more
    return body, title, note + removed


def _clean_pass(raw: str, title: str | None, find_body: bool, config: CleanConfig, language: str
                ) -> tuple[str, str | None, list[Removal]]:
    lines = [_Line(t) for t in (re.sub(r"[ \t\u00a0]+", " ", x).strip() for x in raw.splitlines()) if t]
    removed: list[Removal] = []
    # text an HTML extraction kept: the page's structure found the body and its menus, so the
    # guesses made for scraped text (menu words, a line printed twice, a cut-off teaser) are
    # not made; each dropped more body than boilerplate there (README, "Cleaning")
    guess = find_body
    for ln in lines:
        ln.reason = classify_line(ln.text, language, frozenset() if guess else GUESSES)
    head = [ln for ln in lines[:4] if ln.reason is None]
    if head and len(head) > 1 and _is_site_name(head[0].text) and _looks_like_headline(head[1].text, language):
        head[0].reason = "site name"
        head = head[1:]
    if title is None and head and _looks_like_headline(head[0].text, language):
        title = head[0].text
        head[0].reason = "title"
    _mark_captions(lines, patterns(language).credit)
    _mark_repeats(lines, title, duplicates=guess)
    if guess:
        _mark_teasers(lines, language)
    body_lines = _mark_outside_body(lines, config) if find_body else (0, len(lines))
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
