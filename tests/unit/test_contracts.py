"""Contracts over the registries: whatever a reader is given, it answers with articles or a
skip that names the input; whatever text a brief holds, every renderer escapes it."""

from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.ingest import READERS, InputError
from newsfuse.model import (Article, Brief, Discrepancy, Entity, Event, Fact, Quote, Removal, Sentence, SetAside,
                            Skipped, SummarySentence, Syndication, Value)
from newsfuse.report import RENDERERS, render

ORIGIN = "inbox/odd-name.txt"
SAMPLES = {  # one well-formed input of each registered format
    "text": "Floodwater breached the barrier at Varnholm on Sunday.",
    "html": "<html><body><article><p>Floodwater breached the barrier at Varnholm on Sunday.</p></article></body></html>",
    "jsonl": json.dumps({"id": "a1", "text": "Floodwater breached the barrier at Varnholm on Sunday."}) + "\n",
    "feed": ("<?xml version='1.0'?><rss version='2.0'><channel><title>t</title><item><title>Barrier breached"
             "</title><link>https://example.org/a</link><description>Floodwater breached the barrier at Varnholm."
             "</description></item></channel></rss>"),
}


def test_every_reader_has_a_sample():
    assert set(READERS) == set(SAMPLES)  # a new reader needs its sample here


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_a_reader_reads_its_sample_as_articles(fmt):
    out = list(READERS[fmt](SAMPLES[fmt], "a1", ORIGIN))
    assert out and all(isinstance(x, Article) for x in out)
    assert all(a.raw.strip() and a.origin.startswith(ORIGIN) for a in out)


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300))
def test_a_reader_answers_anything_with_articles_or_a_named_skip(fmt, text):
    try:
        out = list(READERS[fmt](text, "a1", ORIGIN))
    except InputError as e:
        assert e.input.startswith(ORIGIN) and e.problem
        return
    for x in out:
        assert isinstance(x, (Article, Skipped))
        if isinstance(x, Skipped):
            assert x.input.startswith(ORIGIN) and x.error
        else:
            assert x.id and x.origin.startswith(ORIGIN)


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> *b* [l](javascript:alert(3)) | # `c`"


def _hostile_brief() -> Brief:
    """A brief whose every field a renderer shows holds markup an attacker could plant."""
    h = HOSTILE
    articles = [Article(id=f"a{i}", raw=h, source=f"{h} outlet {i}", title=f"{h} title {i}", url="javascript:alert(4)",
                        text=f"{h}\n\n{h}", removed=(Removal(h, f"{h} reason"),)) for i in (1, 2)]
    sentence = Sentence("a1", h, 0, 0)
    fact = Fact([sentence, Sentence("a2", h, 0, 0)], h, ["a1", "a2"], independent=2)
    alone = Fact([Sentence("a2", h + " alone", 1, 0)], h + " alone", ["a2"])
    return Brief(
        discrepancies=[Discrepancy(h, "number", [Value(f"{h} 1", h, ["a1"], counts=h), Value(f"{h} 2", h, ["a2"])])],
        unique={"a2": [alone]},
        entities=[Entity(h, "PERSON", [h, h + " variant"], ["a1", "a2"])],
        quotes=[Quote(h, h, ["a1"]), Quote(None, h, ["a2"], kind="claim")],
        timeline=[Event("2021-07-04", h, ["a1"], expression=h), Event(h, h, ["a2"], expression=h, resolved=False)],
        syndicated=[Syndication(["a1", "a2"], "passage", 0.5, passages=[h])],
        articles=articles, summary=[SummarySentence(h, ["a1", "a2"], 2)], facts=[fact, alone],
        skipped=[Skipped(h, h)], title=h, notes=[h],
        set_aside=[SetAside("a3", h, "de", h)],
    )


def test_every_renderer_is_covered():
    assert set(RENDERERS) == {"md", "html", "json"}  # a new renderer needs its check below


def test_the_html_report_escapes_every_field():
    out = render(_hostile_brief(), "html")
    assert "<script>alert" not in out and "<img" not in out and 'href="javascript' not in out
    assert html.escape(HOSTILE, quote=False) in out or html.escape(HOSTILE) in out


def test_the_markdown_report_escapes_every_field():
    out = render(_hostile_brief(), "md")
    assert "<script" not in out and "<img" not in out
    assert not re.search(r"(?<!\\)\[l\]\(", out)  # no live link
    assert "&lt;script&gt;" in out


def test_the_json_brief_gives_back_the_text_as_given():
    data = json.loads(render(_hostile_brief(), "json"))
    assert data["title"] == HOSTILE and data["summary"][0]["text"] == HOSTILE
