"""One account of the story (issue 25): no section of any format cites a source for a value
that source disputes; a story with one account says there is nothing to compare.

The citations are read from the output as a reader reads them
(``newsfuse.evaluation.citations``), in the JSON, the Markdown and the HTML.
"""

from pathlib import Path

import pytest

import newsfuse
from newsfuse.evaluation.citations import miscitations
from newsfuse.report import render

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = sorted((ROOT / "examples" / "varnholm-flood").iterdir())
AFGHAN = ROOT.parent / "shared" / "examples" / "afghan-tajik-2021"

WIRE = ("Heavy snow closed the main mountain pass on Thursday, stranding about 400 lorries near the border town "
        "of Ostby, police said. The road would stay closed until the snow ploughs had cleared it. The weather "
        "service warned that more snow was expected over the weekend.")
OTHER = ("About 900 lorries were stranded near Ostby after heavy snow closed the main mountain pass on Thursday, "
         "police said. Drivers slept in their cabs as temperatures fell to minus 15 degrees.")


@pytest.fixture(scope="module")
def varnholm_briefs():
    return newsfuse.brief(EXAMPLE), newsfuse.brief(EXAMPLE, analysis=False)


def test_the_bundled_example_cites_no_source_for_a_value_it_disputes(varnholm_briefs):
    for brief in varnholm_briefs:
        kinds = {(d.kind, tuple(sorted(v.value for v in d.values))) for d in brief.discrepancies}
        assert ("number", ("About 3,000", "about 2,400")) in kinds
        assert miscitations(brief) == []
    full, _ = varnholm_briefs
    # "Who said what" cites the rescue service's 2,400 sentence without Radio Nord (3,000), and the
    # water authority's "completed in 2012" without Northern Ledger (2011)
    md = render(full, "md")
    rescue = next(line for line in md.splitlines() if line.startswith("- **the regional rescue service**"))
    assert "2,400" in rescue and "[4]" not in rescue
    authority = next(line for line in md.splitlines() if line.startswith("- **the regional water authority**"))
    assert "2012" in authority and "[3]" not in authority


def test_the_check_finds_a_source_cited_for_a_value_it_disputes(monkeypatch):
    """Without the one decision (every outlet of a fact cited, as before), the check fails: it
    reads the output, not newsfuse's decision."""
    from newsfuse import analyse

    monkeypatch.setattr(analyse.Disputes, "citable", lambda self, shown, articles: list(articles))
    found = miscitations(newsfuse.brief(EXAMPLE))
    assert {(m.where, m.value, m.sources) for m in found} >= {
        ("json:quotes", "2,400", ("radio-nord",)), ("json:timeline", "2,400", ("radio-nord",)),
        ("md", "2,400", ("radio-nord",)), ("html", "2012", ("northern-ledger",))}


@pytest.mark.skipif(not AFGHAN.is_dir(), reason="the shared afghan example is not here")
def test_the_afghan_example_cites_no_source_for_a_value_it_disputes():
    brief = newsfuse.brief(sorted(AFGHAN.iterdir()))
    assert miscitations(brief) == []
    assert any(d.kind == "name" and {"Emomali Rakhmon", "Emomali Rahmon"} <= {v.value for v in d.values}
               for d in brief.discrepancies)


def test_sixty_reprints_and_one_dissent_one_account_each():
    reprints = [{"id": f"wire-{i:02d}", "text": f"Published by Outlet {i}.\n\n{WIRE}"} for i in range(60)]
    brief = newsfuse.brief(reprints + [{"id": "ostby-post", "text": OTHER}])
    (lorries,) = [d for d in brief.discrepancies if d.kind == "number"]
    assert {v.value: len(v.sources) for v in lorries.values} == {"about 400": 60, "About 900": 1}
    assert miscitations(brief) == []
    fact = next(f for f in brief.facts if "about 400 lorries" in f.text)
    assert fact.independent == 1 and "ostby-post" in fact.disputed and "ostby-post" not in fact.sources


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_one_article_or_copies_of_one_say_there_is_nothing_to_compare(fmt):
    one = newsfuse.brief([EXAMPLE[3]])  # radio-nord alone
    copies = newsfuse.brief([{"id": f"wire-{i}", "text": WIRE} for i in range(3)])
    for brief, words in ((one, "One article"), (copies, "All 3 articles are copies of one report")):
        assert brief.unique == {} and brief.discrepancies == []
        out = render(brief, fmt)
        assert words in out and "nothing to compare" in out
        assert "What each source alone adds" not in out
    two = newsfuse.brief(EXAMPLE[:2])
    assert two.notes == [] and "nothing to compare" not in render(two, fmt)


def test_the_web_page_of_a_one_article_story_says_there_is_nothing_to_compare(tmp_path):
    from fastapi.testclient import TestClient

    from newsfuse.service import ingest
    from newsfuse.server import create_app
    from newsfuse.store import Store

    with Store(tmp_path / "s.db") as store:
        assert [r.status for r in ingest(store, [EXAMPLE[3]])] == ["added"]
    with TestClient(create_app(tmp_path / "s.db"), base_url="http://127.0.0.1:8000") as client:
        (story,) = client.get("/api/stories").json()["stories"]
        page = client.get(f"/stories/{story['id']}")
        assert page.status_code == 200 and "One article: there is nothing to compare" in page.text
        assert "One article" in client.get(f"/api/stories/{story['id']}").json()["notes"][0]


def test_eval_sections_reads_every_story_and_reports_none_miscited(tmp_path):
    import json

    from tests.helpers import cli

    texts = {p.stem: p.read_text() for p in EXAMPLE if p.suffix == ".txt"}
    items = tmp_path / "items.jsonl"
    items.write_text("\n".join(json.dumps({"id": f"s{n}", "kind": "control", "articles": [
        {"id": name, "text": texts[name]} for name in names]}) for n, names in enumerate(
        [("coastwire", "radio-nord", "northern-ledger"), ("radio-nord",)])) + "\n")
    run = cli("eval", "sections", "--data", items, "--json")
    assert run.exit_code == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["stories"] == 2 and result["one_account"] == 1
    assert result["miscitations"] == 0 and result["alone_shared"] == 0 and result["alone_items"] > 0


def test_an_article_giving_both_values_contradicts_no_one():
    """Article c gives 50 cases in one sentence and a's 21 in another: it is on both sides, so
    it is cited for either and contradicts no one."""
    from newsfuse.align import Similarity
    from newsfuse.analyse.discrepancies import Context, number_discrepancies
    from newsfuse.config import AnalyseConfig
    from newsfuse.model import Sentence, SentenceAnnotation
    from newsfuse.numbers import text_numbers

    rows = [("a", "In all of 2015, 21 cases of the syndrome were confirmed by the health agency."),
            ("c", "Health officials confirmed 50 cases of the syndrome across 24 states."),
            ("c", "In all of 2015, only 21 cases of the syndrome were confirmed by the agency.")]
    sentences = [Sentence(art, text, k, 0) for k, (art, text) in enumerate(rows)]
    notes = [SentenceAnnotation(numbers=tuple(text_numbers(t))) for _, t in rows]
    ctx = Context(sentences, notes, [0, 0, 0], Similarity.fit(sentences), [], {}, {}, AnalyseConfig())
    assert number_discrepancies(ctx) == []
    # without c's second sentence, a (21) and c (50) disagree
    ctx = Context(sentences[:2], notes[:2], [0, 0], Similarity.fit(sentences[:2]), [], {}, {}, AnalyseConfig())
    (d,) = number_discrepancies(ctx)
    assert [v.sources for v in d.values] == [["a"], ["c"]]
