"""Sections a reader can use (issue 14): the timeline in time order, never one date both
resolved and unknown; "what each source alone adds" only what no other source reports, the
most newsworthy first, every item reachable; copies counted at any number of reprints.

Hand-built stories, briefed the way a user briefs them (``newsfuse.brief`` on records).
"""

import newsfuse
from newsfuse.analyse.timeline import _sort_key
from newsfuse.config import Config
from newsfuse.report import render


# --- timeline -----------------------------------------------------------------------------

def test_timeline_in_time_order_and_one_date_never_both_resolved_and_unknown():
    # a1 is dated (Wednesday 7 July 2021); a2 is not, and says "on Monday" of other facts than a1's
    dated = {"id": "a1", "published": "2021-07-07", "text": (
        "The dam above Ostby was built in 2019 by a Swedish firm. "
        "The river flooded the lower town on Monday after two days of rain, officials said. "
        "Engineers had warned last week that the dam was leaking. "
        "Residents complained last month about cracks in its wall.")}
    undated = {"id": "a2", "text": (
        "The river flooded the lower town of Ostby on Monday after two days of rain, officials said. "
        "Mayor Anna Berg opened two shelters in the school gym on Monday evening. "
        "Inspectors from the water authority will visit the dam on Friday.")}
    b = newsfuse.brief([undated, dated])  # the undated article first: its mentions come first
    resolved = [e for e in b.timeline if e.resolved]
    unresolved = [e for e in b.timeline if not e.resolved]
    # the dated events first, in time order: the year, the month, the week (as its Monday), the day
    assert b.timeline == resolved + unresolved
    assert [e.when for e in resolved] == sorted((e.when for e in resolved), key=_sort_key)
    assert [e.when for e in resolved] == ["2019", "2021-06", "2021-W26", "2021-07-05", "2021-07-05", "2021-07-09"]
    # "Monday" is 5 July in the story's dated article: a2's Mondays are that day, not "date unknown"
    assert not any("monday" in e.expression.lower() for e in unresolved)
    flood = next(e for e in resolved if "flooded" in e.text)
    assert set(flood.sources) == {"a1", "a2"}  # one event, reported by both
    assert any("shelters" in e.text and e.when == "2021-07-05" for e in resolved)
    # what no dated article dates is read as of a2's own days: "will visit on Friday" is after
    # Monday 5 July, so Friday 9 July
    assert unresolved == []
    friday = next(e for e in resolved if "Friday" in e.expression)
    assert friday.when == "2021-07-09" and friday.sources == ["a2"]
    # without any publish date in the story, a weekday stays as written, marked, after the dated ones
    b = newsfuse.brief([undated])
    assert b.timeline and not any(e.resolved for e in b.timeline)
    assert [e.when for e in b.timeline] == ["monday", "monday", "friday"]
    md = render(b, "md")
    assert "**Friday (date unknown)**" in md


# --- what each source alone adds ----------------------------------------------------------

MILL = ("The Ostby paper mill closed on Sunday after a two-week strike by its 400 workers, the union said. "
        "Managers had refused for three years to raise the wages of the night shift at the mill. "
        "They have now asked the regional government for an emergency loan. "
        "The mill was opened in 1921 by the Lindqvist family, who still own half of it. "
        "The owners plan to sell the site to Nordbank for 12 million euros.")
STRIKE = ("Ostby's paper mill shut down on Sunday, two weeks into a strike by its 400 workers, the union said. "
          "Staff on the night shift said managers had refused them a raise in wages for three years. "
          "Police said the picket line outside the gates had stayed peaceful throughout the strike.")


def _mill(**settings):
    records = [{"id": "mill", "title": "Ostby mill closes as owners sell site to Nordbank", "text": MILL},
               {"id": "strike", "title": "Strike shuts Ostby paper mill", "text": STRIKE}]
    return newsfuse.brief(records, Config().set(settings) if settings else None)


def test_alone_adds_only_what_no_other_source_reports_in_any_words():
    # the align stage is told not to group the wage sentences (threshold 0.9) and the cosine test
    # is off: the words, numbers and names the other article gives still say it is not unique
    b = _mill(**{"align.threshold": 0.9, "analyse.unique_overlap": 1.0})
    alone = [f.text for fs in b.unique.values() for f in fs]
    assert not any("three years" in t for t in alone), alone
    assert any("Nordbank" in t for t in alone) and any("1921" in t for t in alone)
    assert any("picket line" in f.text for f in b.unique["strike"])


def test_alone_adds_no_sentence_that_leans_on_the_one_before():
    b = _mill()
    alone = [f.text for fs in b.unique.values() for f in fs]
    assert alone and not any(t.startswith("They have now asked") for t in alone), alone


def test_alone_adds_the_most_newsworthy_first():
    # last in its article, but what the outlet's own headline says and a figure no one else gives
    b = _mill()
    first = b.unique["mill"][0]
    assert "Nordbank" in first.text and "12 million" in first.text
    assert len(b.unique["mill"]) >= 2  # there was something else to put first


def test_alone_adds_every_item_reachable_collapsed_not_cut():
    b = _mill(**{"report.top_unique": 1})
    alone = [f.text for f in b.unique["mill"]]
    assert len(alone) >= 2
    md, page = render(b, "md"), render(b, "html")
    hidden = len(alone) - 1
    assert f"<details><summary>{hidden} more</summary>" in md and "</details>" in md
    assert "all are in the JSON output" not in md
    section = md[md.index("## What each source alone adds"):]
    shown, folded = section.split("<details>", 1)
    assert "Nordbank" in shown  # the first item stays in view
    assert f"<details><summary>{hidden} more</summary><ul>" in page
    for text in alone:
        assert render_md_text(text) in md and text.replace("'", "&#x27;") in page


def render_md_text(text: str) -> str:
    from newsfuse.report import md_escape

    return md_escape(text)


# --- copies of one wire story -------------------------------------------------------------

WIRE = ("Heavy snow closed the main mountain pass on Thursday, stranding hundreds of lorries near the border "
        "town of Ostby. Police said the road would stay closed until the snow ploughs had cleared it. The "
        "weather service warned that more snow was expected over the weekend.")


def test_sixty_reprints_of_one_wire_story_are_one_independent_source():
    reprints = []
    for i in range(60):
        text = WIRE if i % 2 else WIRE.replace("hundreds of lorries", "hundreds of trucks")  # lightly edited
        reprints.append({"id": f"wire-{i:02d}", "text": f"Published by Outlet {i} at {i % 12 + 1} pm.\n\n{text}"})
    others = [
        {"id": "ostby-post", "text": "Hundreds of lorries were stranded near Ostby after heavy snow closed the main "
                                     "mountain pass on Thursday, police said."},
        {"id": "radio-ost", "text": "Heavy snow shut the main mountain pass near Ostby on Thursday, leaving "
                                    "hundreds of lorries stuck, the local police said."},
    ]
    b = newsfuse.brief(reprints + others)
    fact = next(f for f in b.facts if "mountain pass" in f.text)
    assert fact.support == 62 and fact.independent == 3  # the wire once, and the two others
    (copies,) = [s for s in b.syndicated if s.kind == "article"]
    assert sorted(copies.articles) == sorted(r["id"] for r in reprints)
    road = next(f for f in b.facts if "snow ploughs" in f.text)
    assert road.support == 60 and road.independent == 1


def test_a_sentence_one_article_prints_twice_is_no_copy():
    """A repeat inside one article (a pull quote printed twice) is not copying, and never
    breaks the copy finder when no other article prints it."""
    from newsfuse.analyse.syndication import copied_pairs
    from newsfuse.model import Sentence

    repeated = "The mayor said the new bridge over the river would open to traffic next spring."
    texts = [("a", repeated), ("a", "Work on the approach roads began in March after two years of delays."),
             ("a", repeated), ("b", "Engineers from three firms inspected the foundations of the old bridge today.")]
    sentences = [Sentence(article, text, k, 0) for k, (article, text) in enumerate(texts)]
    assert copied_pairs(sentences) == set()
    assert copied_pairs(sentences + [Sentence("c", repeated, 4, 0)]) == {(0, 4), (2, 4)}
