"""HTML pages: trafilatura's extraction, light metadata, and a record of what was left out."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from newsfuse.clean.page import (drop_empty_elements, parse_page, strip_code, visible_block_elements,
                                 visible_blocks)
from newsfuse.clean.structure import restore_structure
from newsfuse.clean.text import clean_text
from newsfuse.config import CleanConfig
from newsfuse.model import Article, Removal
from newsfuse.shingles import agreement
from newsfuse.text import url_host


def _extract(tree_or_html, favor_precision: bool, with_metadata: bool = False) -> str:
    """trafilatura's text of a page ("" for none). ``fast``: without trafilatura's own
    comparison with its readability and jusText forks, which cost a third of its time;
    newsfuse asks for a second opinion itself, on the few pages that need one."""
    import trafilatura

    # No deduplicate=True: trafilatura keeps that cache across documents, so the
    # second of two outlets running the same wire copy would lose its text.
    doc = trafilatura.bare_extraction(
        tree_or_html, with_metadata=with_metadata, include_comments=False,
        include_images=False, favor_precision=favor_precision, fast=True,
    )
    return (doc.text if doc is not None else "") or ""


def _readability(tree) -> str:
    """readability-lxml's article, one line per block (``tree``: a page from
    :func:`parse_page`; not changed: readability reads a copy)."""
    from lxml import html as lxml_html

    try:
        summary = _document_class()(tree).summary(html_partial=True)
        if not summary.strip():
            return ""
        return "\n".join(visible_blocks(strip_code(lxml_html.fromstring(summary))))
    except Exception:  # noqa: BLE001 - a second opinion that fails is no opinion
        return ""


@lru_cache(maxsize=1)  # made on first use: readability is imported only for a second opinion
def _document_class():
    """readability's ``Document``, but reading a copy of the tree it is given (so the caller's
    is never changed and needs no copy of its own) and without lxml_html_clean's cleaner,
    which took 40% of its time walking every element and link in Python. Its place is taken
    by the steps of it that can change readability's text, each done in libxml2: the page
    already lost its scripts and styles (:func:`parse_page`); comments, processing
    instructions, links, inline styles and ``on*`` attributes are dropped, XHTML tags renamed,
    ``image`` read as ``img``, as that cleaner does. What it does besides (emptying
    ``javascript:`` links, dropping ``srcdoc``) changes attribute values readability never
    reads: the one it reads, an iframe's ``src``, counts only as an http(s) video link."""
    import copy

    from lxml import etree
    from lxml.html import xhtml_to_html
    from readability import Document
    from readability.readability import REGEXES, clean

    display_none = REGEXES["displayNoneRe"]
    unlikely, maybe = REGEXES["unlikelyCandidatesRe"], REGEXES["okMaybeItsACandidateRe"]
    with_marks = etree.XPath("//*[@hidden or @style or @*[starts-with(name(), 'on')]]")
    with_class_or_id = etree.XPath(".//*[@class or @id]")
    in_code = etree.XPath("ancestor-or-self::pre | ancestor-or-self::code")
    holds_article = etree.XPath("descendant-or-self::main | descendant-or-self::article | descendant-or-self::math")

    class _Document(Document):
        def _parse(self, input):  # called afresh for each of readability's passes
            doc = copy.deepcopy(input)
            self.encoding = "utf-8"
            # one walk finds what readability drops (hidden elements, then those styled out of
            # sight) and what its cleaner changes (on* attributes); an element found inside one
            # dropped before it is dropped or changed out of the page, as if not found
            marked = with_marks(doc)
            for elem in marked:
                if elem.get("hidden") is not None:
                    elem.drop_tree()
            for elem in marked:
                style = elem.get("style")
                # (a hidden one dropped above has no parent left to be dropped from)
                if style is not None and display_none.search(style) and (elem.getparent() is not None or elem is doc):
                    elem.drop_tree()
            # readability's cleaner (readability.cleaners.html_cleaner), as it changes the text
            xhtml_to_html(doc)
            for el in doc.iter("image"):
                el.tag = "img"
            for el in marked:
                for name in [a for a in el.attrib.keys() if a.startswith("on")]:
                    del el.attrib[name]
            etree.strip_attributes(doc, "style")
            for el in list(doc.iter(etree.Comment, etree.ProcessingInstruction, "script", "style", "link")):
                el.drop_tree()
            if any(b.get("href") is not None for b in doc.iter("base", "{http://www.w3.org/1999/xhtml}base")):
                doc.resolve_base_href(handle_failures=self.handle_failures)  # a no-op without one
            return doc

        def remove_unlikely_candidates(self):
            # readability's, but only elements with a class or id are read (for the others it
            # read " " and went on), not those inside one already dropped (it dropped them from
            # the dropped one), its XPaths are compiled once, not for each element, and no debug
            # description is built of each one dropped
            elems = with_class_or_id(self.html)  # in document order: an element's own follow it
            i = 0
            while i < len(elems):
                elem = elems[i]
                i += 1
                s = "{} {}".format(elem.get("class", ""), elem.get("id", ""))
                if (
                    len(s) >= 2
                    and unlikely.search(s)
                    and not maybe.search(s)
                    and elem.tag not in ("html", "body")
                    and not in_code(elem)
                    and not holds_article(elem)
                ):
                    i += len(with_class_or_id(elem))
                    elem.drop_tree()

        def get_link_density(self, elem):  # readability's, its text_length sparing short plain texts its regexes
            return float(sum(text_length(a) for a in elem.findall(".//a"))) / max(text_length(elem), 1)

    def text_length(elem) -> int:
        # readability's text_length: len(readability.readability.clean(text)), which squeezes
        # runs of spaces and tabs, spaces around newlines and whitespace runs of 255 or more,
        # then strips; a text shorter than 255 holding none of those is only stripped
        text = elem.text_content() or ""
        if len(text) < 255 and "\n" not in text and "\t" not in text and "  " not in text:
            return len(text.strip())
        return len(clean(text))

    return _Document


def rescue(raw: str, precise: str, tree=None, title: str | None = None,
           visible: list[str] | None = None) -> tuple[str, str | None]:
    """The best of three extractions of a page whose precise one kept little, and
    readability's text (None when the page could not be parsed), which :func:`extend` may
    need as well. The three: the precise one, trafilatura's default mode's and readability's.
    When readability confirms the precise text (agreement at least ``CONFIRMED``) that one is
    kept without asking the third. Otherwise each scores its agreement with the other two;
    the one the others agree with most wins (within 0.05: precise, then readability), so two
    extractors that keep the same article outvote one that kept a fragment or a page of
    links. But trafilatura's two modes are one library, and agree on a fragment as readily
    as on the article: when their text wins the vote, readability's still takes its place
    where the page's own evidence says it is the article
    (:func:`newsfuse.clean.evidence.other_is_article`: much more of the page's prose, as much
    prose itself, starting as near the ``title``). An empty extraction is no candidate: two
    others that share nothing tie at zero, and the tie went to the empty first one.
    ``tree``: the page as :func:`clean_html_article` holds it (parsed, empty elements
    dropped), saving a second parse: extraction and the date finder read copies of it; by
    default ``raw`` is parsed. ``visible``: the ``tree``'s visible blocks, if known."""
    from newsfuse.clean.evidence import other_is_article

    if tree is None:
        tree = parse_page(raw)
        if tree is None:
            return precise, None
        drop_empty_elements(tree)
    second = _readability(tree)
    if agreement(precise, second) >= CONFIRMED:
        return precise, second
    texts = [t for t in (precise, second, _extract(tree, favor_precision=False)) if t.strip()]
    if not texts:
        return precise, second
    chosen = most_agreed(texts)
    if chosen is not second and second.strip() and other_is_article(
            chosen, second, visible if visible is not None else visible_blocks(tree), title):
        return second, second
    return chosen, second


CONFIRMED = 0.8  # a second opinion this close to the first confirms it


def most_agreed(texts: list[str], tie: float = 0.05) -> str:
    """The text the others agree with most (sum of its agreements with each other one);
    within ``tie`` of the best, the earliest given."""
    scores = [sum(agreement(t, o) for j, o in enumerate(texts) if j != i) for i, t in enumerate(texts)]
    best = max(scores)
    return next(t for t, s in zip(texts, scores) if s >= best - tie)


_SENTENCE_END = re.compile(r"[.!?\"”’)]$")
PROSE_WORDS = 25  # a left-out block this long that ends like a sentence reads as article prose


def _left_out_prose(left_out: list[Removal]) -> int:
    """Words of the left-out blocks that read as article prose (long, ending like a sentence)."""
    return sum(n for n, r in ((len(r.text.split()), r) for r in left_out)
               if n >= PROSE_WORDS and _SENTENCE_END.search(r.text))


def extend(raw: str, extracted: str, tree=None, other: str | None = None) -> str:
    """readability's extraction when it holds the one given (nine tenths of its shingles)
    and half as much again: the precise extraction stopped short of the article. Otherwise
    the one given. ``tree``: the page as :func:`clean_html_article` holds it (parsed, empty
    elements dropped: readability's article is the same), saving a second parse; by default
    ``raw`` is parsed. ``other``: readability's text of that page, if already known."""
    from newsfuse.shingles import shingles

    if other is None:
        if tree is None:
            tree = parse_page(raw)
        other = _readability(tree) if tree is not None else ""
    if len(other) < 1.5 * len(extracted):
        return extracted
    mine, theirs = shingles(extracted), shingles(other)
    held = sum((mine & theirs).values()) / max(sum(mine.values()), 1)
    return other if held >= 0.9 else extracted


_EDGE = 5  # words at each end of a block by which a line with a hole in it finds its block


def fill_holes(extracted: str, visible: list[str]) -> str:
    """Lines of ``extracted`` that are a page block with pieces cut out of it (extraction
    dropped an inline element: "reported that [the NFL will fine Rudolph] for his role"),
    given back whole: a block is kept entire or not at all. A line is such a block when it
    starts or ends with the block's first or last words, every one of its words appears in
    the block in order, and it is not already a piece of some block (a block split at a
    line break is not a hole)."""
    ends: dict[tuple, list[str]] = {}
    for block in visible:
        words = block.split()
        if len(words) > _EDGE:
            ends.setdefault(("<",) + tuple(words[:_EDGE]), []).append(block)
            ends.setdefault((">",) + tuple(words[-_EDGE:]), []).append(block)
    if not ends:
        return extracted
    joined = "\n".join(visible)
    blocks = set(visible)
    out = []
    for line in extracted.split("\n"):
        words = line.split()
        whole = None
        keys = (("<",) + tuple(words[:_EDGE]), (">",) + tuple(words[-_EDGE:]))
        # the search of the whole page's text only for a line that may have a hole: one that
        # is a block as it stands, or has no block's first or last words, has none (searching
        # for every line took 95 s on a page of 95,000 paragraphs)
        if len(words) > _EDGE and any(k in ends for k in keys):
            text = " ".join(words)
            if text not in blocks and text not in joined:
                for key in keys:
                    whole = next((b for b in ends.get(key, ()) if _holds_in_order(b.split(), words)), None)
                    if whole:
                        break
        out.append(whole or line)
    return "\n".join(out)


def _holds_in_order(block: list[str], words: list[str]) -> bool:
    """Every word of ``words`` appears in ``block`` in order (``block`` longer)."""
    if len(block) <= len(words):
        return False
    it = iter(block)
    return all(any(w == b for b in it) for w in words)


def clean_html_article(article: Article, config: CleanConfig | None = None) -> Article:
    """trafilatura in precise mode, a second opinion where it kept little or left much
    prose out, then the text cleaner. Returns a new Article; the one given is not changed."""

    config = config or CleanConfig()
    tree = parse_page(article.raw)
    if tree is None:
        return replace(article, text="", removed=(Removal(article.raw[:200], "not an HTML page that could be parsed"),))
    meta = page_metadata(tree, article.url)
    drop_empty_elements(tree)
    elements = visible_block_elements(tree)
    visible = [text for _, text in elements]
    extracted = _extract(tree, favor_precision=True)
    visible_chars = sum(len(b) for b in visible)
    # a second opinion only where the page holds much more text than was kept
    second = None  # readability's text, once asked for
    if len(extracted) < config.short_extraction and len(extracted) < config.rescue_share * visible_chars:
        extracted, second = rescue(article.raw, extracted, tree, article.title or meta["title"], visible)
    chosen = extracted
    left_out = _html_removals(visible, extracted)
    # more prose left out than kept: the extraction may have stopped short of the article
    if extracted and _left_out_prose(left_out) > config.extend_share * len(extracted.split()):
        extracted = extend(article.raw, extracted, tree, second)
    extracted = fill_holes(restore_structure(tree, extracted, elements), visible)
    if extracted != chosen:  # the record is of the text finally kept
        left_out = _html_removals(visible, extracted)
    text, title, removed = clean_text(extracted, article.title or meta["title"], find_body=False, config=config)
    return replace(article, text=text, title=title, removed=tuple(left_out + removed),
                   published=article.published or meta["published"], source=article.source or meta["source"],
                   url=article.url or meta["url"])


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
        source = url_host(url)
    try:
        published = find_date(tree, url=url, extensive_search=False, original_date=True)
    except Exception:  # noqa: BLE001 - a date is a nicety; a page without one is still an article
        published = None
    return {"title": title or None, "published": published, "source": source, "url": url}


_WORD = re.compile(r"\w+")


def _html_removals(visible: list[str], extracted: str) -> list[Removal]:
    """What extraction left out of the page, as removals: each visible block none of whose
    words were kept in order, whole; of a block kept in part, only the runs of words left
    out. A block kept with other spacing ("to:Observe" / "to: Observe") is not listed."""
    kept_lines = {re.sub(r"\s+", " ", ln).strip() for ln in extracted.splitlines()}
    kept = re.sub(r"\s+", " ", extracted)
    kept_words = " " + " ".join(_WORD.findall(extracted)) + " "
    lines: list[list[str]] | None = None  # computed for the first block kept in part, if any
    windows: dict[tuple, set[int]] = {}
    out, seen = [], set()
    for block in visible:
        # a set lookup first: a substring search of every block is quadratic on big pages
        if block in seen or block in kept_lines or block in kept:
            continue
        seen.add(block)
        words = _WORD.findall(block)
        if not words or " " + " ".join(words) + " " in kept_words:
            continue
        missing = None
        if len(words) >= 8:
            if lines is None:
                # a kept line that is some block as it stands accounts for that block, not for
                # another block that says nearly the same (a standfirst beside the lead)
                whole = set(visible)
                lines = [_WORD.findall(ln) for ln in kept_lines if ln and ln not in whole]
                for i, line in enumerate(lines):  # each three-word run -> the lines holding it
                    for k in range(len(line) - 2):
                        windows.setdefault(tuple(line[k:k + 3]), set()).add(i)
            missing = _left_out_runs(words, lines, windows)
        if missing is None:
            out.append(Removal(block, "not main content (HTML extraction)"))
        else:
            out.extend(Removal(run, "part of a block left out (HTML extraction)") for run in missing)
    return out


def _left_out_runs(words: list[str], lines: list[list[str]], windows: dict[tuple, set[int]]) -> list[str] | None:
    """The runs of ``words`` (a block) missing from the kept line that holds it with pieces
    cut out: a line holding the block's first or last three words in a row and four fifths
    of its words in order. None when no line does (the block was left out whole).
    ``windows`` maps each three-word run of the lines to the lines holding it: a block
    meets only its candidate lines, never all of them."""
    from difflib import SequenceMatcher

    candidates = windows.get(tuple(words[:3]), set()) | windows.get(tuple(words[-3:]), set())
    best, best_size = None, 0
    for i in sorted(candidates):
        line = lines[i]
        matcher = SequenceMatcher(None, words, line, autojunk=False)
        size = sum(m.size for m in matcher.get_matching_blocks())
        if size > best_size:
            best, best_size = matcher, size
    if best is None or 5 * best_size < 4 * len(words):
        return None
    runs, at = [], 0
    for m in best.get_matching_blocks():
        if m.a > at:
            runs.append(" ".join(words[at:m.a]))
        at = m.a + m.size
    return runs


