"""newsfuse's faster readability (clean/html.py ``_document_class``) reads pages as readability-lxml's
own ``Document`` does: it overrides three of its methods, so a new readability release that changes
them must fail here, not change briefs silently."""

import copy

import pytest

from newsfuse.clean.html import _document_class, drop_empty_elements, parse_page

PARAGRAPHS = [f"Paragraph {i}: the harbour authority ignored {i + 2} warnings about the sea wall, "
              f"according to documents seen by reporters, and residents now want answers." for i in range(6)]
PAGES = {
    "plain": "<html><body><div id='content'>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></body></html>",
    "hidden and styled out": (
        "<html><body><div class='article'>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "<p hidden>Hidden promo text that readers never see on the page at all.</p>"
        + "<div style='display: none'><p>Invisible newsletter box, long enough to count as text here.</p></div>"
        + "</div></body></html>"),
    "unlikely candidates": (
        "<html><body><div class='sidebar'><p>Most read stories of the week in one long sidebar list.</p></div>"
        "<div class='comment-list'><p>" + "A comment that goes on and on. " * 8 + "</p></div>"
        "<main><div class='story-body'>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></main>"
        "<div id='footer'><p>Copyright and legal notices of the harbour paper.</p></div></body></html>"),
    "links and events": (
        "<html><head><base href='https://example.org/news/'></head><body><div class='entry'>"
        + "".join(f"<p onclick='track()'>{p} <a href='more{i}.html'>More</a></p>" for i, p in enumerate(PARAGRAPHS))
        + "<ul class='related'>" + "".join(f"<li><a href='/s{i}'>Related story {i} about the harbour</a></li>"
                                          for i in range(8)) + "</ul><!-- a comment --></div></body></html>"),
    "code and pre": (
        "<html><body><article><pre class='comment'>x = 1  # code in a class readability calls unlikely</pre>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_newsfuse_readability_reads_a_page_as_readability_does(name):
    from readability import Document

    tree = parse_page(PAGES[name])
    drop_empty_elements(tree)
    ours = _document_class()(tree).summary(html_partial=True)
    theirs = Document(copy.deepcopy(tree)).summary(html_partial=True)
    assert ours == theirs


def test_the_bundled_example_page_too():
    from pathlib import Path

    from readability import Document

    page = (Path(__file__).parents[2] / "examples" / "varnholm-flood" / "baltic-morning-post.html").read_text()
    tree = parse_page(page)
    drop_empty_elements(tree)
    assert _document_class()(tree).summary(html_partial=True) == Document(copy.deepcopy(tree)).summary(
        html_partial=True)
