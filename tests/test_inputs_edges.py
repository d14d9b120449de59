"""Edges of reading and cleaning inputs (issue 23): code in pages and text, articles empty
after cleaning, malformed feeds, content-derived ids, Multi-News records, JSON messages."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.clean import clean, visible_blocks
from newsfuse.clean.html import parse_page
from newsfuse.model import Article

PROSE = [
    "The council met on Monday and agreed to repair the flood barrier before the winter storms, officials said.",
    "Rescue crews used boats to reach residents trapped in the upper floors of houses near the river.",
    "About 2,400 residents were evacuated overnight and spent the night in schools on higher ground.",
    "The mayor thanked the volunteers who filled sandbags through the night along the embankment.",
    "Engineers said the barrier had been inspected in the spring and showed no sign of weakness then.",
    "Insurers expect claims from several hundred households whose ground floors were flooded.",
]
CODE = "googletag.cmd.push(function(){ googletag.display('div-gpt-ad-1'); });"


def _page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>Flood barrier fails</title></head><body><article><h1>Flood barrier fails in "
            f"Varnholm</h1>{body}</article><footer><a href='/'>Home</a></footer></body></html>")


def _html(raw: str) -> Article:
    return clean(Article(id="page", raw=raw, format="html"))


# --- 1. code is never text -------------------------------------------------------------

def test_a_script_inside_a_paragraph_is_not_kept_and_the_prose_around_it_is():
    inner = ("The mayor said the work would finish by Friday <script>" + CODE + " alert(1)</script> and "
             "thanked the crews for their long effort on the river bank.")
    cleaned = _html(_page(PROSE[:3] + [inner] + PROSE[3:]))
    assert "googletag" not in cleaned.text and "alert" not in cleaned.text
    assert ("The mayor said the work would finish by Friday and thanked the crews for their long effort on the "
            "river bank.") in cleaned.text
    assert PROSE[0] in cleaned.text and PROSE[-1] in cleaned.text


def test_style_noscript_and_template_text_is_never_a_block_and_tails_stay():
    raw = ("<html><body><p>Before <style>.ad{display:none}</style>the <noscript>Enable JavaScript</noscript>"
           "river <template><b>slot</b></template>rose.</p><p>Second <script>x()</script></p></body></html>")
    tree = parse_page(raw)
    assert tree is not None and not tree.xpath("//script|//style|//noscript|//template")
    assert visible_blocks(tree) == ["Before the river rose.", "Second"]
    # a tree that still holds them (not from parse_page) is read without them as well
    from lxml import html as lxml_html

    assert visible_blocks(lxml_html.fromstring(raw)) == ["Before the river rose.", "Second"]


def test_json_ld_is_kept_for_the_publish_date_but_never_read_as_text():
    raw = _page(PROSE).replace(
        "<p>", '<p><script type="application/ld+json">{"@type": "NewsArticle", '
               '"datePublished": "2026-03-11T08:00:00Z"}</script>', 1)
    cleaned = _html(raw)
    assert cleaned.published == "2026-03-11" and "datePublished" not in cleaned.text
    assert PROSE[0] in cleaned.text


def test_script_and_style_lines_in_plain_text_are_removed_with_a_reason():
    raw = "\n".join([PROSE[0], CODE, PROSE[1], "var slot = window.slots || [];", PROSE[2],
                     "document.write('<div>');", PROSE[3], ".ad-slot {", "  display: none;", "}", PROSE[4],
                     "{ display:none; }", PROSE[5]])
    cleaned = clean(Article(id="t", raw=raw, title="Flood barrier fails"))
    assert cleaned.text.split("\n\n") == PROSE
    code = [r.text for r in cleaned.removed if r.reason == "script or style code"]
    assert CODE in code and "var slot = window.slots || [];" in code and "{ display:none; }" in code
    assert "display: none;" in code and "document.write('<div>');" in code


def test_prose_that_looks_a_little_like_code_is_kept():
    from newsfuse.clean.rules import classify_line

    for line in ["Amazon.com (AMZN) rose 5% on Monday after the results.", "Let x be the number of votes, he wrote.",
                 "Note: the barrier was built in 1998; it was raised in 2011.", "The score was 3-1 (after extra time)."]:
        assert classify_line(line) is None, line


SENTENCES = st.lists(st.sampled_from(PROSE), min_size=3, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SENTENCES, st.data())
def test_a_script_anywhere_in_a_paragraph_never_leaks(paragraphs, data):
    where = data.draw(st.integers(0, len(paragraphs) - 1))
    words = paragraphs[where].split()
    at = data.draw(st.integers(0, len(words)))
    tag = data.draw(st.sampled_from(["script", "style", "noscript"]))
    code = data.draw(st.sampled_from([CODE, "alert(1)", ".leak{color:red}", "var leak = 1;"]))
    marker = "zqleakmarker"
    element = f"<{tag}>{marker} {code}</{tag}>"
    paragraphs = paragraphs[:where] + [" ".join(words[:at] + [element] + words[at:])] + paragraphs[where + 1:]
    cleaned = _html(_page(paragraphs))
    assert marker not in cleaned.text and marker not in (cleaned.title or "")
    assert code not in cleaned.text
