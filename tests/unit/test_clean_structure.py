"""restore_structure: short blocks of the article's own structure that precise extraction
left out (headings, list items, a link-only paragraph) are given back in page order; asides,
footers and lists of links to other stories are not."""

from newsfuse.clean.html import drop_empty_elements, parse_page
from newsfuse.clean.structure import restore_structure

P = [f"Paragraph {i} of the article tells the reader several things about the council's plan in full sentences."
     for i in range(4)]


def _page(body: str):
    tree = parse_page(f"<html><head><link rel='canonical' href='https://news.example.org/story'></head>"
                      f"<body>{body}</body></html>")
    drop_empty_elements(tree)
    return tree


def test_headings_list_items_and_a_link_paragraph_inside_the_article_are_given_back_in_order():
    tree = _page(
        f"<article><h1>Council plan</h1><div class='body'><p>{P[0]}</p><h2>What does it cost?</h2><p>{P[1]}</p>"
        f"<ul><li>A new bridge</li><li>Two schools</li></ul><p>{P[2]}</p>"
        f"<p><a href='mailto:desk@example.org'>desk@example.org</a></p><p>{P[3]}</p></div></article>")
    extracted = "\n".join(P)  # what the precise extraction kept
    assert restore_structure(tree, extracted).split("\n") == [
        P[0], "What does it cost?", P[1], "A new bridge", "Two schools", P[2], "desk@example.org", P[3]]


def test_an_aside_widget_of_links_and_a_footer_are_not_given_back():
    tree = _page(
        f"<article><div><p>{P[0]}</p><aside><h3>Downloads</h3><ul><li><a href='/a.pdf'>Plan (PDF)</a></li>"
        f"<li><a href='/b.pdf'>Budget (PDF)</a></li></ul></aside><p>{P[1]}</p>"
        f"<footer><p><a href='https://other.example.com/'>Contact us</a></p></footer><p>{P[2]}</p></div></article>"
        "<footer><p>Copyright 2024</p></footer>")
    extracted = "\n".join(P[:3])
    assert restore_structure(tree, extracted) == extracted


def test_a_list_of_related_stories_after_the_article_is_not_given_back():
    tree = _page(
        f"<article><div><p>{P[0]}</p><p>{P[1]}</p><h3>Related</h3><ul>"
        "<li><a href='https://news.example.org/other-story'>Mayor opens a bridge</a></li>"
        "<li><a href='https://news.example.org/third-story'>Schools reopen</a></li>"
        "<li><a href='/fourth-story'>Rain again</a></li></ul></div></article>")
    extracted = "\n".join(P[:2])
    assert restore_structure(tree, extracted) == extracted


def test_a_link_only_paragraph_to_another_story_of_the_site_between_paragraphs_is_not_given_back():
    tree = _page(
        f"<div><p>{P[0]}</p><p><a href='https://news.example.org/older-story'>MAYOR OPENS A BRIDGE</a></p>"
        f"<p><a href='https://www.facebook.com/events/1'>The event on Facebook</a></p><p>{P[1]}</p></div>")
    out = restore_structure(tree, "\n".join(P[:2]))
    assert out.split("\n") == [P[0], "The event on Facebook", P[1]]


def test_nothing_kept_nothing_given_back():
    tree = _page(f"<div><p>{P[0]}</p><h2>A heading</h2></div>")
    assert restore_structure(tree, "") == ""
