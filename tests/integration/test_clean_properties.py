"""Properties of cleaning on arbitrary input: never crashes, only deletes, idempotent."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.clean import clean, clean_text
from newsfuse.ingest import InputError, decode
from newsfuse.model import Article
from tests.conftest import is_subsequence

NEWSY = st.sampled_from([
    "Share", "Home News Sport World", "By Ann Lee", "05 Dec, 2024", "© AFP", "Photo: AP", "More stories",
    "Name SurnameName Surname Headline here MORE said", "Sign up for our newsletter",
    "The council met on Monday and agreed to repair the barrier, officials said.",
    "Rescue crews used boats to reach residents trapped in the upper floors.",
    "IN the view of one learned judge, parliament holds the...", "| 1 | Kyle Busch | 5040 |",
    "What inspired you to start cooking?", "先日、改造したiPhoneを販売したとして男性が逮捕されました。",
])
LINES = st.lists(st.one_of(st.text(max_size=100), NEWSY,
                           st.from_regex(r"[A-Z][a-z]+( [a-z]+){3,14}[.!?]", fullmatch=True)), max_size=40)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def words(text):
    return re.findall(r"\w+", text)


@FAST
@given(LINES, st.sampled_from(["en", "de", "fr", "es", "ru"]))
def test_text_cleaning_is_idempotent(lines, language):
    """In one language (told once, from the raw text, when cleaning): cleaned text cleans to itself."""
    body, title, _ = clean_text("\n".join(lines), language=language)
    again, title2, removed = clean_text(body, title, language=language)
    assert again == body, removed
    assert title2 == title


@FAST
@given(LINES)
def test_text_cleaning_only_deletes(lines):
    raw = "\n".join(lines)
    body, title, removed = clean_text(raw)
    # deletion-only: the body is the input with characters taken out (whitespace aside)
    assert is_subsequence(re.sub(r"\s+", "", body), re.sub(r"\s+", "", raw))
    if "MORE" not in raw:  # only the glued-link repair cuts inside a word
        assert set(words(body)) <= set(words(raw))
    # nothing vanishes unrecorded: body and removals (a title found in the text is
    # one, reason "title") hold exactly the input's characters
    from collections import Counter

    def chars(text):
        return Counter(re.sub(r"\s+", "", text))

    accounted = chars(body) + sum((chars(r.text) for r in removed), Counter())
    assert accounted == chars(raw)


def _nested(depth):
    return "<div>" * depth + "<p>Deep text of the article, officials said on Monday.</p>" + "</div>" * depth


HTML = st.one_of(
    st.text(max_size=2000),
    st.binary(max_size=2000).map(lambda b: b.decode("latin-1")),
    st.lists(st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<!--", "-->",
                              "<table><tr><td>", "<a href='x'>", "&amp;", "&#0;", "\x00", "Text here. ",
                              "<br>", "<h1>Title</h1>", "<![CDATA[", "]]>", "<?xml?>", "<p Unclosed"]),
             max_size=200).map("".join),
    st.integers(min_value=1, max_value=3000).map(_nested),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HTML)
def test_html_cleaning_never_crashes_and_only_deletes(html):
    article = clean(Article(id="x", raw=html, format="html"))
    assert isinstance(article.text, str)
    # removing a tag can join the text around it ("0</>0" reads "00"), and entities
    # decode to new characters: the words may come from the tag-free text as well
    untagged = re.sub(r"<[^>]*>", "", html)
    assert set(words(article.text)) <= set(words(html)) | set(words(untagged)) | set(
        words(re.sub(r"&[#\w]+;", " ", html))) | {w for w in words(article.text) if not w.isascii()}


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=4000))
def test_decoding_arbitrary_bytes_gives_text_or_a_named_error(data):
    try:
        text = decode(data, "junk.bin")
    except InputError as e:
        assert e.input == "junk.bin" and e.problem
    else:
        assert isinstance(text, str)


def test_mixed_encodings_in_one_file_still_decode():
    data = "Café in UTF-8. ".encode() + "Café in cp1252. ".encode("cp1252") * 3
    text = decode(data, "mixed.txt")
    assert text.startswith("Caf") and "cp1252" in text


def test_ten_megabytes_of_html():
    paras = "".join(f"<p>Paragraph {i}: the river broke through the flood barrier on Tuesday night, "
                    f"the rescue service said.</p>" for i in range(95_000))
    html = "<html><body><article>" + paras + "</article></body></html>"
    assert len(html) > 10_000_000
    article = clean(Article(id="big", raw=html, format="html"))
    assert article.text.count("flood barrier") > 1000


def test_deeply_nested_html():
    article = clean(Article(id="deep", raw=_nested(5000), format="html"))
    assert isinstance(article.text, str)


WORDS = st.lists(st.sampled_from("the council voted to rebuild sea wall before winter storms arrive on monday "
                                 "officials said 12 boats".split()), min_size=1, max_size=30)


@FAST
@given(st.lists(WORDS, min_size=1, max_size=8), st.data())
def test_holes_are_filled_only_from_the_page_and_the_record_never_lists_a_kept_line(blocks, data):
    """Whatever the page and the extraction, filling holes only puts back whole blocks of the
    page (one line for one line), and no kept line is recorded as left out."""
    from newsfuse.clean.html import _html_removals, fill_holes

    visible = [" ".join(b) for b in blocks]
    lines = []
    for b in blocks:
        kind = data.draw(st.sampled_from(["whole", "holed", "absent"]))
        if kind == "whole":
            lines.append(" ".join(b))
        elif kind == "holed" and len(b) > 2:
            i = data.draw(st.integers(1, len(b) - 2))
            j = data.draw(st.integers(i + 1, len(b) - 1))
            lines.append(" ".join(b[:i] + b[j:]))
    extracted = "\n".join(lines)
    filled = fill_holes(extracted, visible)
    out = filled.split("\n") if extracted else [""]
    assert len(out) == len(extracted.split("\n"))
    assert all(new == old or new in visible for new, old in zip(out, extracted.split("\n")))
    # a block recorded as left out whole is never a kept line (a run cut from a block may read
    # like another block, "the", and still be what was cut)
    recorded = [r.text for r in _html_removals(visible, filled) if r.reason == "not main content (HTML extraction)"]
    assert not any(r and r in out for r in recorded if r in visible)
