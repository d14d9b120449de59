"""Blocks of the article's own structure that precise extraction left out, given back.

trafilatura in precise mode drops short blocks inside the article that do not read as
prose: a paragraph that is a single link (an e-mail address, "The event on Facebook"), a
heading between paragraphs, the items of a list. :func:`restore_structure` gives such a
block back, whole and in page order, where the page's structure shows it belongs to the
article: it sits in the same container element as the kept body paragraphs, between two
of them. Structure only: no site's names, no word lists. Never given back: anything
inside navigation, an aside, a footer, a header, a form or a figure; a list with two or
more link-only items, a run of two or more link-only paragraphs (related stories, share
bars); a link-only block whose link is to the page's own site (a teaser of another story).
Measured and left out: blocks right after the last kept paragraph (share buttons, "leave
a comment", a comment's permalink: Dragnet train rest lost), and a standfirst in the
article's header (on these sets it caught bylines, not intros).
"""

from __future__ import annotations

from newsfuse.clean.page import visible_block_elements
from newsfuse.text import url_host

ANCHOR_WORDS = 8  # a kept block this long is a body paragraph that places the others
SHORT_WORDS = 25  # a block given back is at most this long (a heading, an item, a link)
_HEADINGS = frozenset("h2 h3 h4 h5 h6".split())
_LISTS = frozenset(("ul", "ol"))
_OUTSIDE = frozenset("nav aside footer form header figure figcaption button label".split())


def _norm(text: str) -> str:
    return " ".join(text.split())


def _outside_article(el) -> bool:
    """``el`` sits in navigation, an aside, a footer, a header, a form or a figure."""
    return any(a.tag in _OUTSIDE for a in el.iterancestors()) or el.tag in _OUTSIDE


def _link_only(el) -> bool:
    """All of ``el``'s text is that of one link."""
    links = el.xpath(".//a[@href]")
    if len(links) != 1:
        return False
    return _norm(links[0].xpath("string()")) == _norm(el.xpath("string()"))


def _container(el):
    """The element whose children are the article's blocks: a list item's list's parent,
    any other block's parent."""
    parent = el.getparent()
    if el.tag == "li" and parent is not None and parent.tag in _LISTS:
        parent = parent.getparent()
    return parent


def _link_list(el) -> bool:
    """``el`` is an item of a list in which two or more items are links only (related
    stories, a share bar)."""
    parent = el.getparent()
    if parent is None or parent.tag not in _LISTS:
        return False
    return sum(1 for li in parent if li.tag == "li" and _link_only(li)) >= 2


def _kind(el) -> bool:
    """A block of the kinds precise extraction drops: a heading, a list item, a link."""
    return el.tag in _HEADINGS or el.tag == "li" or _link_only(el)


def _page_host(tree) -> str | None:
    """The host of the page's own address (canonical link or og:url), without "www."."""
    for url in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
        host = url_host(url.strip())
        if host:
            return host
    return None


def _links_within_site(el, host: str | None) -> bool:
    """``el`` holds a link to another page of the same site (a relative address, or one on
    the page's own host): in a block of nothing but that link, a teaser of another story."""
    from urllib.parse import urlparse

    for href in el.xpath(".//a/@href"):
        url = urlparse(href.strip())
        if url.scheme in ("mailto", "tel"):
            continue
        if not url.netloc and not url.scheme:
            return not href.strip().startswith("#")
        if host and url_host(href.strip()) == host:
            return True
    return False


def _give_back(runs: dict[int, list[str]], after: int | None, pending: list) -> None:
    """Add the ``pending`` blocks after line ``after``, unless two or more of them are
    links only: a run of links is a list of other stories, not the article's."""
    if after is None or not pending:
        return
    if sum(1 for el, _ in pending if el.tag != "li" and _link_only(el)) >= 2:
        return
    runs.setdefault(after, []).extend(text for _, text in pending)


def restore_structure(tree, extracted: str, blocks: list[tuple[object, str]] | None = None) -> str:
    """``extracted`` with the short blocks of the article's own structure it left out
    given back, each whole, on its own line, in page order (see the module's docstring).
    ``tree``: the page from :func:`newsfuse.clean.page.parse_page` after
    :func:`newsfuse.clean.page.drop_empty_elements`; ``blocks``: its visible blocks with
    their elements (:func:`newsfuse.clean.page.visible_block_elements`) when the caller has them."""
    if tree is None or not extracted.strip():
        return extracted
    lines = extracted.split("\n")
    line_at: dict[str, int] = {}
    for i, line in enumerate(lines):
        key = _norm(line)
        key = key[2:] if key.startswith("- ") else key
        line_at.setdefault(key, i)
    kept_text = " " + _norm(extracted) + " "
    if blocks is None:
        blocks = visible_block_elements(tree)
    # kept body paragraphs, by container: (position in page order, line in extracted)
    anchors: dict[object, list[tuple[int, int]]] = {}
    for n, (el, text) in enumerate(blocks):
        if text in line_at and len(text.split()) >= ANCHOR_WORDS and not _outside_article(el):
            anchors.setdefault(el.getparent(), []).append((n, line_at[text]))
    if not anchors:
        return extracted
    host = _page_host(tree)
    runs: dict[int, list[str]] = {}  # line of extracted -> blocks to add after it
    for container, kept in anchors.items():
        at_line = dict(kept)
        last = kept[-1][0]
        after, pending = None, []
        for n in range(kept[0][0], len(blocks)):
            if n in at_line:
                _give_back(runs, after, pending)
                after, pending = at_line[n], []
                continue
            el, text = blocks[n]
            fits = (_container(el) is container and not _outside_article(el)
                    and len(text.split()) <= SHORT_WORDS and f" {text} " not in kept_text
                    and _kind(el) and not _link_list(el)
                    and not (_link_only(el) and _links_within_site(el, host)))
            if fits:
                pending.append((el, text))
            elif n > last:
                break
    if not runs:
        return extracted
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        out.extend(runs.get(i, ()))
    return "\n".join(out)
