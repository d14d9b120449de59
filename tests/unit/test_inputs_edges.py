"""Edges of reading and cleaning inputs (issue 23): code in pages and text, articles empty
after cleaning, malformed feeds, content-derived ids, Multi-News records, JSON messages."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.clean import clean, visible_blocks
from newsfuse.clean.html import parse_page
from newsfuse.config import Config
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


# --- 2. empty after cleaning, malformed feeds, empty entries ----------------------------

def _cleaned(inputs):
    from newsfuse.pipeline import clean_inputs

    return clean_inputs(inputs)


def test_an_article_empty_after_cleaning_is_a_named_skip_and_a_title_alone_is_kept():
    boilerplate = "\n".join(["Home News Sport World Business", "Share", "Sign up for our newsletter",
                             "Read more", "Advertisement"])
    articles, skipped = _cleaned([
        {"id": "menus", "text": boilerplate},
        {"id": "headline", "title": "Flood barrier fails in Varnholm"},
        {"id": "story", "title": "Flood barrier fails", "text": "\n".join(PROSE)}])
    assert [a.id for a in articles] == ["headline", "story"]
    assert articles[0].title == "Flood barrier fails in Varnholm"
    (skip,) = skipped
    assert skip.input == "record 1" and skip.error.startswith("nothing left after cleaning: removed ")
    assert "navigation or breadcrumb" in skip.error and "share, subscribe or promo prompt" in skip.error


def test_a_page_of_only_scripts_is_a_named_skip():
    raw = "<html><body><div><script>" + CODE + "</script></div></body></html>"
    articles, skipped = _cleaned([{"id": "ads", "html": raw}])
    assert articles == [] and [s.error.split(":")[0] for s in skipped] == ["nothing left after cleaning"]


def test_a_malformed_feed_or_other_xml_is_a_named_skip_never_an_article_of_its_xml(tmp_path):
    from newsfuse.inputs import read

    (tmp_path / "broken.rss").write_text("<rss><channel><item><title>unclosed", encoding="utf-8")
    (tmp_path / "broken.xml").write_text("<rss version='2.0'><channel><item><title>Flood barrier", encoding="utf-8")
    (tmp_path / "catalog.xml").write_text('<?xml version="1.0"?>\n<catalog><book id="1"><title>X</title>'
                                          "</book></catalog>", encoding="utf-8")
    (tmp_path / "mismatched.dat").write_text('<?xml version="1.0"?>\n<catalog><book></catalog>', encoding="utf-8")
    articles, skipped = read(sorted(tmp_path.iterdir()))
    assert articles == []
    assert {s.input for s in skipped} == {str(p) for p in tmp_path.iterdir()}
    assert all(s.error.startswith("not a feed that could be read: ") for s in skipped), skipped
    broken = next(s for s in skipped if s.input.endswith("broken.rss"))
    assert "line" in broken.error and "column" in broken.error and "<unknown>" not in broken.error


FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Coast Radio</title>
<item></item>
<item><title>Flood barrier fails in Varnholm</title><guid isPermaLink="false">a1</guid>
<description>The Elsin river broke through the flood barrier in Varnholm on Tuesday night.</description></item>
<item><title>Shelters open in three schools</title><guid isPermaLink="false">a2</guid></item>
</channel></rss>"""


def test_feed_entries_empty_described_or_titled(tmp_path):
    from newsfuse.inputs import read

    (tmp_path / "coast.rss").write_text(FEED, encoding="utf-8")
    articles, skipped = read([tmp_path / "coast.rss"])
    assert [(a.id, a.raw) for a in articles] == [
        ("a1", "The Elsin river broke through the flood barrier in Varnholm on Tuesday night."),
        ("a2", "Shelters open in three schools")]
    assert [(s.input.rsplit(":", 1)[1], s.error) for s in skipped] == [
        ("entry 1", "empty entry: no title, content, description or link")]
    cleaned, _ = _cleaned([tmp_path / "coast.rss"])
    assert [a.id for a in cleaned] == ["a1", "a2"]  # the headline alone stays an article


# --- 3. ids from content ---------------------------------------------------------------

def test_records_without_an_id_get_one_from_their_content_never_reused():
    from newsfuse.inputs import read

    one, two = {"text": PROSE[0]}, {"text": PROSE[1]}
    first, _ = read([one, two])
    again, _ = read([two, one])  # another call, another order: the same content, the same id
    assert first[0].id.startswith("text-") and len(first[0].id) == len("text-") + 12
    assert first[0].id != first[1].id
    assert {a.id: a.raw for a in first} == {a.id: a.raw for a in again}
    titled, _ = read([{"title": "Flood", "text": PROSE[0]}])
    assert titled[0].id != first[0].id  # the title is part of the content
    twice, _ = read([one, dict(one)])  # the same content twice in one batch: still unique
    assert [a.id for a in twice] == [first[0].id, first[0].id + "-2"]
    named, _ = read([{"id": "mine", "text": PROSE[0]}, {"doc_id": "basil-7", "text": PROSE[1]}])
    assert [a.id for a in named] == ["mine", "basil-7"]


# --- 4. Multi-News records ---------------------------------------------------------------

MULTI = {"cluster_id": "c42", "source": "Wire", "documents": [
    {"doc_id": "c42-1", "text": PROSE[0]},
    {"text": PROSE[1], "title": "Crews reach residents", "url": "https://coast.example/b"},
    "not a document"], "summary": "A short reference summary."}


def test_a_record_with_documents_gives_one_article_per_document(tmp_path):
    import json

    from newsfuse.inputs import read

    path = tmp_path / "multi.jsonl"
    path.write_text(json.dumps(MULTI) + "\n" + json.dumps({"documents": []}) + "\n", encoding="utf-8")
    articles, skipped = read([path])
    assert [(a.id, a.raw, a.source, a.title) for a in articles] == [
        ("c42-1", PROSE[0], "Wire", None), ("c42:2", PROSE[1], "Wire", "Crews reach residents")]
    assert articles[1].url == "https://coast.example/b"
    assert all("reference summary" not in a.raw for a in articles)
    assert [(s.input, s.error.split(" (")[0]) for s in skipped] == [
        (f"{path}:1:document 3", "expected a JSON object, got str"),
        (f"{path}:2", "field 'documents' must be a non-empty list of objects, one per article")]
    posted, _ = read([{k: v for k, v in MULTI.items() if k != "cluster_id"}])  # no cluster id: from content
    assert posted[0].id == "c42-1" and posted[1].id.startswith("text-")


# --- 5. JSON messages --------------------------------------------------------------------

def test_a_bad_json_line_says_where_without_a_doubled_word(tmp_path):
    from newsfuse.inputs import read

    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "unterminated\n', encoding="utf-8")
    _, (skip,) = read([path])
    assert skip.error == "invalid JSON (Unterminated string starting at column 10)"
    assert "at at" not in skip.error


def test_an_article_that_site_templates_leave_empty_is_a_named_skip():
    """The outlet prints the same two lines under every story; an article that is only those
    lines is no article once they are known as the outlet's template."""
    from newsfuse.pipeline import prepare

    template = ("Follow the Harbour Gazette on social media for the latest local news and weather updates.\n\n"
                "Our newsroom can be reached by phone every weekday between nine and five o'clock.")
    stories = ["The city council approved a new budget for road repairs in the northern districts on Monday.",
               "A fire destroyed a wooden warehouse near the old harbour late on Saturday night, firefighters said.",
               "The local football club signed a young goalkeeper from a second division team for three years.",
               "Heavy snow closed the mountain pass road for two days and stranded dozens of lorry drivers."]
    records = [{"id": f"s{k}", "source": "Harbour Gazette", "text": f"{body}\n\n{template}"}
               for k, body in enumerate(stories)]
    records.append({"id": "only", "source": "Harbour Gazette", "text": template})
    done = prepare(records, Config().replace(analyse={"enabled": False}))
    assert sorted(p.id for p in done.articles) == ["s0", "s1", "s2", "s3"]
    (skipped,) = done.skipped
    assert skipped.input == "record 5" and skipped.error.startswith("nothing left after cleaning")

