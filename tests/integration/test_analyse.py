"""Reading across sources: discrepancies, unique facts, entities, quotes, timeline, copies.

The bundled example's right answers are in examples/README.md; the small
hand-made stories below each exercise one rule.
"""

import datetime as dt

import pytest

import newsfuse
from newsfuse.dates import read_date, resolve
from newsfuse.numbers import words_to_number


@pytest.fixture(scope="session")
def varnholm():
    from tests.conftest import EXAMPLE

    return newsfuse.brief([EXAMPLE])


def _story(*texts, published=None, **kw):
    records = [{"id": f"a{i}", "text": t, **({"published": published} if published else {})}
               for i, t in enumerate(texts, start=1)]
    return newsfuse.brief(records, **kw)


def _kinds(brief, kind):
    return [d for d in brief.discrepancies if d.kind == kind]


# --- the bundled example: every kind of output -------------------------------------------

def test_example_number_discrepancy_names_each_side(varnholm):
    (d,) = _kinds(varnholm, "number")
    values = {v.value.lower(): v.sources for v in d.values}
    assert values["about 3,000"] == ["radio-nord"]
    assert set(values["about 2,400"]) == {"baltic-morning-post", "coastwire", "northern-ledger", "varnholm-today"}
    assert "evacuated" in d.about and {v.counts for v in d.values} == {"residents", "people"}


def test_example_disputing_source_no_longer_supports_the_fact(varnholm):
    top = next(f for f in varnholm.facts if "2,400" in f.text)
    assert "radio-nord" not in top.sources and top.disputed == ["radio-nord"]
    lead = next(s for s in varnholm.summary if "2,400" in s.text)
    assert "radio-nord" not in lead.sources


def test_example_date_discrepancy(varnholm):
    (d,) = _kinds(varnholm, "date")
    assert {v.value: v.sources for v in d.values} == {"2011": ["northern-ledger"], "2012": ["baltic-morning-post"]}
    assert "barrier" in d.about


def test_example_name_spelled_two_ways_is_one_entity_and_a_discrepancy(varnholm):
    (d,) = _kinds(varnholm, "name")
    assert {v.value: v.sources for v in d.values}["Katrin Solvberg"] == ["varnholm-today"]
    mayor = next(e for e in varnholm.entities if "Sølvberg" in e.name)
    assert mayor.label == "PERSON" and {"Katrin Sølvberg", "Katrin Solvberg"} <= set(mayor.variants)
    assert len(mayor.sources) == 5
    assert not any(e.name == "Katrin Solvberg" for e in varnholm.entities)


def test_example_unique_details(varnholm):
    unique = {a: " ".join(f.text for f in facts) for a, facts in varnholm.unique.items()}
    assert "4.7 metres" in unique["radio-nord"] and "1968" in unique["radio-nord"]
    assert "cracks" in unique["varnholm-today"]
    assert "38 million euros" in unique["northern-ledger"]
    assert "baltic-morning-post" not in unique  # everything it says, another outlet says too


def test_example_quote_has_its_speaker(varnholm):
    quote = next(q for q in varnholm.quotes if q.kind == "quote")
    assert quote.text.startswith("We have never seen the river rise") and quote.speaker == "Sølvberg"
    claim = next(q for q in varnholm.quotes if q.kind == "claim" and "2,400" in q.text)
    assert claim.speaker == "the regional rescue service"


def test_example_timeline_resolves_against_publish_date(varnholm):
    # Northern Ledger's date line "Published 14 March 2026" (a Saturday) anchors "on Tuesday night"
    assert varnholm.article("northern-ledger").published == "2026-03-14"
    whens = {e.when: e for e in varnholm.timeline}
    assert "2026-03-10" in whens and "Tuesday" in whens["2026-03-10"].expression
    assert {"2011", "2012"} <= set(whens)
    resolved = [e.when for e in varnholm.timeline if e.resolved]
    assert resolved == sorted(resolved)
    # the undated articles' days are the story's: Wednesday is 11 March, and the rain "forecast to
    # continue until Friday" is ahead of it, on 13 March; nothing is left "date unknown"
    assert [e for e in varnholm.timeline if not e.resolved] == []
    friday = next(e for e in varnholm.timeline if "until Friday" in e.text)
    assert friday.when == "2026-03-13" and set(friday.sources) == {"coastwire", "varnholm-today"}
    # Radio Nord says about 3,000 were evacuated: the 2,400 entry does not cite it
    breach = whens["2026-03-10"]
    assert "2,400" in breach.text and "radio-nord" not in breach.sources


def test_example_json_has_every_key(varnholm):
    data = varnholm.to_dict()
    for key in ("discrepancies", "unique", "entities", "quotes", "timeline", "syndicated", "coverage"):
        assert key in data
    d = data["discrepancies"][0]
    assert set(d) >= {"about", "values"} and set(d["values"][0]) >= {"value", "text", "sources"}
    assert set(data["entities"][0]) >= {"name", "label", "variants", "sources"}
    assert set(data["quotes"][0]) >= {"speaker", "text", "sources"}
    assert set(data["timeline"][0]) >= {"when", "text", "sources"}
    assert all(set(u) >= {"text", "sources", "sentences"} for items in data["unique"].values() for u in items)
    cov = data["coverage"]
    assert len(cov["facts"]) == len(data["facts"]) == len(cov["disputed"])
    assert [[cov["articles"][i] for i in row] for row in cov["facts"]] == [f["sources"] for f in data["facts"]]
    assert [[cov["articles"][i] for i in row] for row in cov["disputed"]] == [f["disputed"] for f in data["facts"]]
    assert any(cov["disputed"])


def test_example_reports_have_every_section(varnholm):
    from newsfuse.report import render

    md = render(varnholm, "md")
    for title in ("Where the sources differ", "Coverage", "What each source alone adds", "Who said what",
                  "Timeline", "People, places, organisations", "Copied text"):
        assert f"## {title}" in md
    assert "| fact | 1 | 2 | 3 | 4 | 5 |" in md
    page = render(varnholm, "html")
    assert 'class="coverage"' in page and "Where the sources differ" in page


def test_analysis_can_be_switched_off(example_dir):
    """Without the parse the figures are still checked (from the words); nothing else."""
    b = newsfuse.brief([example_dir], analysis=False)
    assert b.summary and not b.entities and not b.timeline and not b.quotes
    (d,) = b.discrepancies
    assert d.kind == "number" and {v.value.lower() for v in d.values} == {"about 2,400", "about 3,000"}
    assert all("radio-nord" not in s.sources for s in b.summary if "2,400" in s.text)


# --- small hand-made cases, one rule each -------------------------------------------------

def test_same_number_written_two_ways_is_not_a_discrepancy():
    b = _story("The storm forced 1,000 residents to leave their homes on the coast, the fire service said.",
               "The storm forced one thousand residents to leave their homes on the coast, the fire service said.")
    assert not _kinds(b, "number")


def test_rounded_number_agrees_with_the_exact_one():
    b = _story("More than 1,000 soldiers fled across the border into the neighbouring country on Sunday.",
               "Exactly 1,037 soldiers fled across the border into the neighbouring country on Sunday.")
    assert not _kinds(b, "number")


def test_different_counts_of_one_thing_are_a_discrepancy():
    b = _story("Twelve people were killed when the bridge collapsed in the city centre, police said.",
               "Nineteen people were killed when the bridge collapsed in the city centre, police said.")
    (d,) = _kinds(b, "number")
    assert sorted(v.value.lower() for v in d.values) == ["nineteen", "twelve"]
    assert sorted(s for v in d.values for s in v.sources) == ["a1", "a2"]


def test_a_number_that_counts_something_else_is_not_a_discrepancy():
    b = _story("The fire destroyed 40 homes in the village of Brekke, officials said on Monday.",
               "The fire killed 3 people in the village of Brekke, officials said on Monday.")
    assert not _kinds(b, "number")


def test_a_total_is_not_set_against_one_day_count():
    b = _story("About 300 soldiers crossed the border into Tajikistan on Sunday, the border service said.",
               "About 300 soldiers crossed the border on Sunday. In total, nearly 1,600 soldiers have crossed "
               "the border into Tajikistan, the border service said.")
    assert not _kinds(b, "number")


def test_same_date_written_two_ways_is_not_a_discrepancy():
    b = _story("The president vowed to withdraw all troops from the country by Sept. 11, aides said.",
               "The president vowed to withdraw all troops from the country by September 11, aides said.")
    assert not _kinds(b, "date")


def test_different_years_for_one_event_are_a_discrepancy():
    b = _story("The old stone bridge over the river was built in 1887 by the railway company.",
               "The old stone bridge over the river was built in 1891 by the railway company.")
    (d,) = _kinds(b, "date")
    assert {v.value for v in d.values} == {"1887", "1891"}


def test_opposite_claims_are_a_discrepancy():
    b = _story("Russian troops will be deployed to Afghanistan next month, the defence minister said.",
               "Russian troops will not be deployed to Afghanistan next month, the defence minister said.")
    (d,) = _kinds(b, "claim")
    assert {v.value: v.sources for v in d.values} == {"affirms": ["a1"], "denies": ["a2"]}


def test_transliterated_name_is_one_entity():
    b = _story("President Emomali Rakhmon spoke to Ashraf Ghani by phone on Sunday about the border.",
               "President Emomali Rahmon spoke to Ashraf Ghani by phone on Sunday about the border. "
               "Rahmon said he was concerned.")
    rahmon = [e for e in b.entities if "mon" in e.name]
    assert len(rahmon) == 1 and {"Emomali Rakhmon", "Emomali Rahmon"} <= set(rahmon[0].variants)
    assert rahmon[0].sources == ["a1", "a2"]
    assert _kinds(b, "name")


def test_generic_words_and_spaces_are_one_place():
    b = _story("The United States left Bagram Airbase last week after twenty years of war.",
               "The United States left Bagram Air Base last week after twenty years of war.",
               "The United States left the Bagram Airfield last week after twenty years of war.")
    bagram = [e for e in b.entities if e.name.startswith("Bagram")]
    assert len(bagram) == 1 and len(bagram[0].variants) == 3 and len(bagram[0].sources) == 3
    assert not any("Bagram" in d.about for d in _kinds(b, "name"))  # one spelling, written three ways


def test_close_names_in_one_article_stay_apart():
    b = _story("Austria and Australia signed a trade agreement in Vienna on Monday, officials said.")
    names = {e.name for e in b.entities}
    assert {"Austria", "Australia"} <= names


def test_country_labelled_a_nationality_is_a_place():
    b = _story("Tajikistan will send 20,000 troops to its border with Afghanistan, officials said.")
    places = {e.name for e in b.entities if e.label == "GPE"}
    assert {"Tajikistan", "Afghanistan"} <= places


WIRE = ("Heavy snow closed the main mountain pass on Thursday, stranding hundreds of lorries near the border "
        "town of Ostby. Police said the road would stay closed until the snow ploughs had cleared it. The "
        "weather service warned that more snow was expected over the weekend. Drivers were told to avoid the "
        "area and to carry blankets and water.")


def test_copied_wire_story_is_marked_and_counted_once():
    b = _story(WIRE, "Published by the Daily Ostby.\n\n" + WIRE,
               "Snowfall shut the mountain pass on Thursday and left hundreds of lorries stuck near Ostby, "
               "according to local police.")
    whole = [s for s in b.syndicated if s.kind == "article"]
    assert len(whole) == 1 and whole[0].articles == ["a1", "a2"]
    fact = next(f for f in b.facts if "mountain pass" in f.text and f.support >= 2)
    assert fact.independent == fact.support - 1


def test_pronoun_speaker_is_resolved():
    b = _story("Mayor Anna Berg visited the flooded district on Monday. \"We will rebuild every house,\" she said.")
    quote = next(q for q in b.quotes if q.kind == "quote")
    assert quote.speaker == "Mayor Anna Berg" or quote.speaker == "Anna Berg"


def test_relative_dates_resolve_or_are_marked():
    dated = _story("The factory closed on Sunday after the strike, the union said.", published="2021-07-06")
    (event,) = dated.timeline
    assert event.when == "2021-07-04" and event.resolved
    undated = _story("The factory closed on Sunday after the strike, the union said.")
    (event,) = undated.timeline
    assert not event.resolved and event.expression == "Sunday"


# --- units ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("1,037", 1037), ("one thousand", 1000), ("six", 6), ("twenty-six", 26), ("2.5 million", 2_500_000),
    ("a hundred", 100), ("38 million", 38_000_000), ("three hundred and twelve", 312), ("zero", 0),
])
def test_words_to_number(text, value):
    assert words_to_number(text) == value


@pytest.mark.parametrize("text", ["the", "several", ""])
def test_words_to_number_refuses_words(text):
    assert words_to_number(text) is None


@pytest.mark.parametrize("text,iso", [
    ("Sept. 11", "2021-09-11"), ("September 11", "2021-09-11"), ("11 September 2001", "2001-09-11"),
    ("Sunday", "2021-07-04"), ("last week", "2021-W26"), ("2011", "2011"), ("Last month", "2021-06"),
    ("two days ago", "2021-07-04"), ("yesterday", "2021-07-05"),
])
def test_read_and_resolve_dates(text, iso):
    assert resolve(read_date(text), dt.date(2021, 7, 6)) == (iso, True)


@pytest.mark.parametrize("text", ["20 years", "two decades", "the past three days"])
def test_durations_are_not_dates(text):
    assert read_date(text) is None


# --- the shared real example: what a careful reader finds --------------------------------

@pytest.fixture(scope="session")
def afghan():
    from tests.conftest import AFGHAN

    if not AFGHAN.is_dir():
        pytest.skip(f"shared example not found at {AFGHAN}")
    return newsfuse.brief([AFGHAN])


def test_afghan_crossing_is_supported_by_several_outlets(afghan):
    fact = next(f for f in afghan.facts if "1,037" in f.text)
    assert fact.support >= 3


def test_afghan_total_is_a_different_figure_not_a_conflict(afghan):
    for d in _kinds(afghan, "number"):
        values = " ".join(v.value for v in d.values)
        assert not ("1,037" in values and "1,600" in values)
    assert any("1,600" in f.text for f in afghan.unique["003_cf1f2ced66ed321d"])


def test_afghan_districts_taken_and_districts_held_are_no_conflict(afghan):
    """"Took over six key districts" counts one advance; "26 of the 28 districts" counts what
    the Taliban hold of the province (and its outlet also writes of six key areas): a
    difference of scope, not one source contradicting another."""
    assert not [d for d in _kinds(afghan, "number") if "district" in d.about]


def test_afghan_president_spelled_two_ways_is_one_person(afghan):
    people = [e for e in afghan.entities if e.label == "PERSON" and "mon" in e.name.lower()]
    assert len(people) == 1
    assert {"Emomali Rakhmon", "Emomali Rahmon"} <= set(people[0].variants) and len(people[0].sources) == 5
    assert any("Rahmon" in d.about for d in _kinds(afghan, "name"))
    badakhshan = [e for e in afghan.entities if e.name.lower().startswith("badak")]
    assert len(badakhshan) == 1 and {"Badakhshan", "Badakshan"} <= set(badakhshan[0].variants)
    bagram = [e for e in afghan.entities if e.name.startswith("Bagram")]
    assert len(bagram) == 1 and len(bagram[0].variants) >= 3


def test_afghan_single_outlet_details(afghan):
    unique = {a: " ".join(f.text for f in fs) for a, fs in afghan.unique.items()}
    assert "20,000" in unique["002_0efd8e7d470463fc"]
    assert "Peskov" in unique["004_7082b5382028ba51"]


def test_afghan_nothing_is_made_from_boilerplate(afghan):
    # what the cleaner removed, less lines it removed as a second copy of body text (a standfirst)
    removed = {r.text for a in afghan.articles for r in a.removed if r.text not in a.text}
    said = ([f.text for fs in afghan.unique.values() for f in fs] + [q.text for q in afghan.quotes]
            + [e.text for e in afghan.timeline] + [v.text for d in afghan.discrepancies for v in d.values])
    for text in said:
        assert not any(text in r or (len(r) > 40 and r in text) for r in removed), text


def test_the_same_count_of_the_same_thing_is_one_fact(afghan):
    """"More than 1,000 Afghan security personnel fled" and "More than 1,000 Afghan soldiers
    have fled": one fact that all five outlets support; the exact 1,037 stays its own."""
    lead = next(f for f in afghan.facts if f.text.startswith("More than 1,000 Afghan security personnel fled"))
    assert lead.support == 5
    exact = next(f for f in afghan.facts if "1,037" in f.text)
    assert exact is not lead and "1,037" not in lead.text
