"""The page's own evidence about an extraction (newsfuse.clean.evidence), on hand-built pages."""

from newsfuse.clean.evidence import headline_block, other_is_article, witness

HEADLINE = "Harbour authority ignored warnings on the sea wall"
ARTICLE = [
    "The inquiry report says the harbour authority ignored four warnings about the sea wall before the storm.",
    "Engineers had written in March that the concrete at the northern end was cracking under the weight of sand.",
    "A second letter, sent in June by the ferry company, asked for the berths to be closed until repairs were made.",
    "The authority replied that its own surveyors found no danger and that the budget for the year was spent.",
    "When the storm came in October, waves broke through a gap of twelve metres and flooded forty houses.",
    "Residents told the inquiry they had seen water seeping through the wall for weeks before the flood.",
    "The chair of the authority resigned on Friday, saying she accepted the findings in full and apologised.",
    "Repairs are expected to cost nine million pounds and to take until the end of next summer to finish.",
]
LINKS = [f"Celebrity item {i} introduces a new line of shoes — Style Blog" for i in range(8)]
PAGE = ["Home News Sport Weather", HEADLINE, "By a staff reporter", *ARTICLE, "Link Love", *LINKS,
        "Copyright 2024 The Harbour Times."]


def test_witness_counts_the_prose_a_text_holds_and_where_it_starts():
    whole = witness("\n".join(ARTICLE), PAGE)
    assert whole.held == sum(len(p.split()) for p in ARTICLE)
    assert whole.start == 3 and whole.prose_share == 1.0
    tail = witness("\n".join(ARTICLE[-2:] + LINKS), PAGE)
    assert tail.held == sum(len(p.split()) for p in ARTICLE[-2:]) and tail.start == 9
    assert tail.prose_share < 0.5  # the link lines are no sentences
    assert witness("", PAGE) == witness("", PAGE) and witness("", PAGE).held == 0


def test_the_headline_is_found_among_the_blocks():
    assert headline_block(PAGE, HEADLINE) == 1
    assert headline_block(PAGE, "  harbour AUTHORITY ignored warnings  ") == 1
    assert headline_block(PAGE, "Another story altogether") is None
    assert headline_block(PAGE, None) is None


def test_the_article_under_the_headline_outweighs_a_fragment_two_modes_agree_on():
    fragment = "\n".join(ARTICLE[-2:] + ["Link Love"] + LINKS)
    assert other_is_article(fragment, "\n".join(ARTICLE), PAGE, HEADLINE)
    # the other way round: the article stands against a longer text of links and other prose
    assert not other_is_article("\n".join(ARTICLE), "\n".join(ARTICLE[:2] + LINKS), PAGE, HEADLINE)
    # no headline on the page: trafilatura's text stands
    assert not other_is_article(fragment, "\n".join(ARTICLE), PAGE, "Another story altogether")


def test_more_prose_further_from_the_headline_does_not_win():
    """Other posts' prose below the article (a list of quotes) is more prose, but the
    article starts at the headline."""
    quotes = [f"Quote {i} of the day says that life asks courage of us and hope for the best of all days." for i in
              range(20)]
    page = [HEADLINE, ARTICLE[0], "More quotes", *quotes]
    assert not other_is_article(ARTICLE[0], "\n".join(quotes), page, HEADLINE)


def test_a_page_whose_two_trafilatura_modes_agree_on_a_fragment_gets_the_article(monkeypatch):
    """Precise and default mode keep the same fragment (the last paragraphs and a list of
    links): they outvote readability's whole article 2 to 1, but the page says the article
    is readability's (all its prose, starting under the headline)."""
    from newsfuse.clean import clean
    from newsfuse.clean import html as html_cleaner
    from newsfuse.model import Article

    page = ("<html><head><title>" + HEADLINE + "</title></head><body><nav>Home News Sport Weather</nav>"
            "<h1>" + HEADLINE + "</h1><p>By a staff reporter</p><div>" + "".join(f"<p>{p}</p>" for p in ARTICLE)
            + "</div><h3>Link Love</h3><ul>" + "".join(f"<li><a href='/x{i}'>{x}</a></li>" for i, x in enumerate(LINKS))
            + "</ul><footer>" + "Site map and legal notices. " * 80 + "</footer></body></html>")
    fragment = "\n".join(ARTICLE[-2:] + ["Link Love"] + LINKS)
    monkeypatch.setattr(html_cleaner, "_extract", lambda tree, favor_precision, with_metadata=False: fragment)
    monkeypatch.setattr(html_cleaner, "_readability", lambda tree: "\n".join(ARTICLE))
    cleaned = clean(Article(id="a", raw=page, format="html"))
    assert all(p in cleaned.text for p in ARTICLE)
    assert "Celebrity item" not in cleaned.text
