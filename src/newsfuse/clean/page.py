"""A page as blocks of visible text: the parsed page without its code, its empty elements
dropped, and the text of each innermost block element. What extraction (``clean.html``)
and the restored structure (``clean.structure``) both read."""

from __future__ import annotations

from functools import lru_cache

# Elements whose text is never read: code and styles a browser runs or applies, markup
# for scripts to use. Their text is not the article's, wherever they sit.
CODE_ELEMENTS = ("script", "style", "noscript", "template")


def parse_page(raw: str):
    """The parsed page (trafilatura's parser) without its code: every script, style,
    noscript and template element removed, the text that follows each (its tail) kept in
    place, so that no extraction, second opinion or restored block can read code as text.
    JSON-LD blocks are data, not code: they are moved into the head, where the date finder
    reads them and no block is read. None for a page that cannot be parsed."""
    from trafilatura import load_html

    tree = load_html(raw)
    return strip_code(tree) if tree is not None else None


def strip_code(tree):
    """``tree`` without its script, style, noscript and template elements (see
    :func:`parse_page`); changed in place and returned."""
    heads = tree.xpath("//head")
    for el in list(tree.iter(*CODE_ELEMENTS)):
        parent = el.getparent()
        if parent is None:
            continue
        data = el.tag == "script" and "json" in (el.get("type") or "").lower()
        if data and heads and heads[0] is parent:
            continue  # already in the head
        _remove_keeping_tail(el)
        if data and heads:
            el.tail = None
            heads[0].append(el)
    return tree


def _remove_keeping_tail(el) -> None:
    """Take ``el`` out of its parent, the text that follows it staying where it was."""
    parent = el.getparent()
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# The elements trafilatura deletes when empty; in precise mode it deletes their tail text
# with them, and "reported that <a>the NFL will fine Rudolph</a><span></span> for his
# role" loses " for his role...": a hole in a kept sentence.
_EMPTY_PRUNED = ("article", "b", "blockquote", "dd", "div", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "i",
                 "li", "main", "p", "pre", "q", "section", "span", "strong")


def drop_empty_elements(tree) -> None:
    """Delete the empty elements extraction would prune, keeping the text that follows each
    (its tail), so no extraction mode can punch a hole in a sentence. Changes ``tree``."""
    for el in [e for e in tree.iter(*_EMPTY_PRUNED) if e.text is None and len(e) == 0]:
        if el.getparent() is not None:
            _remove_keeping_tail(el)


_BLOCKS = frozenset(
    "p li h1 h2 h3 h4 h5 h6 td th dt dd figcaption caption blockquote pre address summary "
    "nav header footer aside section article main div form label button".split()
)
_HIDDEN = CODE_ELEMENTS + ("head",)


@lru_cache(maxsize=1)  # XPath string(), compiled once (el.xpath compiled it for each block: a third of the walk)
def _string_of():
    from lxml import etree

    return etree.XPath("string()", smart_strings=False)


def visible_blocks(tree) -> list[str]:
    """The page's visible text, one string per innermost block element (the tree is not
    changed). Text inside a script, style, noscript or template element is never read, even
    in a tree that still holds them (one not from :func:`parse_page`)."""
    return [text for _, text in visible_block_elements(tree)]


def visible_block_elements(tree) -> list[tuple[object, str]]:
    """(element, text) of each of :func:`visible_blocks`, in page order."""
    if isinstance(tree, str):
        tree = parse_page(tree)
        if tree is None:
            return []
    string_of = _string_of()
    # whole hidden subtrees are marked once (an XPath ancestor test per element cost twice the walk)
    hidden: set = set()
    holds_hidden: set = set()  # the elements with a hidden element inside them
    for el in tree.iter(*_HIDDEN):
        if el not in hidden:
            hidden.update(el.iter())
            parent = el.getparent()
            while parent is not None and parent not in holds_hidden:
                holds_hidden.add(parent)
                parent = parent.getparent()
    blocks = [el for el in tree.iter(*_BLOCKS) if el not in hidden]
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
        elif el in holds_hidden:
            own = " ".join(_text_outside(el, hidden))
        else:
            own = string_of(el)  # all its text, gathered in libxml2
        own = " ".join(own.split())
        if own:
            out.append((el, own))
    return out


def _text_outside(el, hidden: set) -> list[str]:
    """The text of ``el`` and its descendants, but for that of the ``hidden`` ones (whose
    tails, outside them, are read)."""
    out = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child not in hidden:  # not a comment either
            out.extend(_text_outside(child, hidden))
        out.append(child.tail or "")
    return out
