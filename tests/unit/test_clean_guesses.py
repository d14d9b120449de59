"""Text an HTML extraction kept is not read with the guesses made for scraped text (issue 28):
a list of names in capitalised words, a line printed twice and a paragraph ending in "..." stay
in the body; the same lines in scraped text are still dropped."""

from newsfuse.clean import classify_line, clean, clean_text
from newsfuse.clean.rules import GUESSES
from newsfuse.model import Article

PROSE = [
    "The festival opened on Friday with a film about three sisters who return to their childhood "
    "home on the coast, and the director said the cast had grown up in the business themselves.",
    "Each of the actresses below is the daughter or niece of a star, and each has a film you can "
    "stream this weekend, so we asked the festival's programmers which ones to watch first.",
]
NAMES = ["Actress Eva Amurri Martino", "Roots: Daughter of Susan Sarandon", "Actress Lily Collins",
         "Roots: Daughter of Phil Collins", "Actress Emma Roberts", "Roots: Niece of Julia Roberts"]
RECIPE = ["Portion Fix Containers: 1 Purple, 1 Red, 1 tsp.", "Portion Fix Containers: 1 Purple, 1 Red, 1 tsp."]
CLOSING = [
    "The programmers' favourite was the first film on the list, which they said was the only one "
    "that did not lean on its star's famous parent, and the festival runs until the end of the month.",
    "Tickets for the closing night sold out within an hour, though the organisers promised to add "
    "a second screening on Sunday afternoon for those who missed out...",
]


def _page(lines: list[str]) -> str:
    body = "".join(f"<p>{line}</p>" for line in lines)
    return ("<html><head><title>Same tree, different apples</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article><h1>Same tree, different apples</h1>{body}</article>"
            "<footer><p>Copyright 2012 Example Media</p></footer></body></html>")


def test_menu_words_are_a_guess_for_scraped_text_only():
    line = "Actress Eva Amurri Martino"
    assert classify_line(line) == "navigation or breadcrumb"
    assert classify_line(line, "en", GUESSES) is None
    # a menu run between separators is structure, read in both
    assert classify_line("News › Local › Varnholm", "en", GUESSES) == "navigation or breadcrumb"


def test_html_body_keeps_name_lists_repeated_lines_and_closing_ellipsis():
    lines = PROSE + NAMES + RECIPE + CLOSING
    cleaned = clean(Article(id="a", raw=_page(lines), format="html"))
    kept = cleaned.text.split("\n\n")
    for line in NAMES + CLOSING:
        assert line in kept, line
    assert kept.count(RECIPE[0]) == 2  # a line printed twice in the body is the body's
    assert "Copyright 2012 Example Media" not in cleaned.text


def test_scraped_text_still_guesses():
    text = "\n".join(["Home News Sport Weather Business"] + PROSE + [PROSE[1]] + CLOSING)
    body, _, removed = clean_text(text, find_body=True)
    reasons = {r.reason for r in removed}
    assert "navigation or breadcrumb" in reasons
    assert "duplicate line" in reasons
    assert body.count(PROSE[1]) == 1
