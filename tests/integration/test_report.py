import json

import pytest

import newsfuse
from newsfuse.report import md_escape, render

EVIL = '<script>alert("x")</script> <img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))'


@pytest.fixture
def evil_brief():
    records = [
        {"id": "evil<1>", "source": "<b>Outlet</b>", "title": EVIL,
         "text": f"The council approved the plan on Monday, officials said. {EVIL}\n\nIt will cost five million."},
        {"id": "two", "text": "The council approved the plan on Monday, officials said.\n\nVoters were split."},
    ]
    return newsfuse.brief(records)


def test_html_escapes_all_article_text(evil_brief):
    page = render(evil_brief, "html")
    assert "<script>" not in page and "<img" not in page and "<b>Outlet" not in page
    assert "&lt;script&gt;" in page
    assert page.startswith("<!doctype html>") and "http" not in page.split("<body>")[0].replace("http-equiv", "")


def test_markdown_escapes_syntax_and_html(evil_brief):
    text = render(evil_brief, "md")
    assert "<script>" not in text and "**bold**" not in text and "[link](javascript" not in text
    assert "evil<1>" not in text
    assert md_escape("1. a *b* <c>") == "1\\. a \\*b\\* &lt;c&gt;"


def test_json_shape(evil_brief):
    data = json.loads(render(evil_brief, "json"))
    assert {"articles", "summary", "facts", "skipped"} <= set(data)
    a = data["articles"][0]
    assert set(a) >= {"id", "source", "title", "text", "removed"}
    assert all(set(s) == {"text", "sources", "support", "sentences"} for s in data["summary"])
    f = data["facts"][0]
    assert f["support"] == len(set(f["sources"])) == 2
    assert data["articles"][0]["title"] == EVIL  # JSON keeps text as it is; escaping is the renderer's job


def test_unknown_format(evil_brief):
    with pytest.raises(ValueError, match="unknown format"):
        render(evil_brief, "pdf")


def test_the_report_and_the_web_pages_share_one_view_and_one_environment(evil_brief):
    """The HTML report is a template of the environment the web app's pages use, and both read
    the brief through one BriefView: a change to either shows in both."""
    from newsfuse.report import BriefView, environment, sections
    from newsfuse.server import pages
    from newsfuse.server.views import StoryPage

    assert pages.templates.env is environment()
    assert environment().get_template("report.html") is not None
    view = BriefView(evil_brief)
    page = StoryPage({"id": 1}, evil_brief, [])
    assert page.number == view.number and page.outlet == view.outlet
    assert [c for _, c in view.coverage(40)] == page.matrix(40).cells
    table = next((s.table for s in sections(evil_brief) if s.table), None)
    if table:  # the report's marks are the same cells
        marks = {"reports": "●", "conflicts": "≠", "": "·"}
        assert [row[1:] for row in table[1:-1]] == [[marks[c] for c in cells] for _, cells in
                                                    view.coverage(view.layout.coverage_rows)]
