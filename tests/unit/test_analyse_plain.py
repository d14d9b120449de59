"""The analyse stage on hand-built plain data (issue 31, tests by layer).

Every input here is made by hand: sentences, their annotations (entities, speakers, counted
numbers, dates, polarity, as the annotate stage would give them) and the facts the align
stage would group. No spaCy model is loaded, so each test runs in milliseconds and fails at
the analyser that broke, not somewhere in the pipeline before it.
"""

import datetime as dt
import re
from dataclasses import replace

import pytest

from newsfuse import numbers
from newsfuse.align import story_similarity
from newsfuse.analyse import analyse, merge_same_counts, nothing_to_compare, unique_facts
from newsfuse.analyse.entities import find_entities, spelling_variants
from newsfuse.analyse.quotes import find_quotes
from newsfuse.analyse.syndication import copied_pairs, count_independent, find_syndication
from newsfuse.analyse.timeline import build_timeline
from newsfuse.config import AnalyseConfig
from newsfuse.model import (Article, DateMention, EntityMention, Fact, NumberMention, Polarity, Sentence,
                            SentenceAnnotation)

NONE = SentenceAnnotation()


def _story(rows, groups=(), published=None):
    """rows: (article id, text, annotation) in story order. ``groups`` lists the row indices the
    align stage made one fact (the first row states it); every other row is a fact of its own."""
    published = published or {}
    order = list(dict.fromkeys(article for article, *_ in rows))
    length = {a: sum(r[0] == a for r in rows) for a in order}
    seen: dict[str, int] = {}
    sentences = []
    for article, text, _ in rows:
        k = seen.get(article, 0)
        sentences.append(Sentence(article, text, k, k, length[article]))
        seen[article] = k + 1
    grouped = [list(g) for g in groups]
    grouped += [[k] for k in range(len(rows)) if not any(k in g for g in grouped)]
    facts = [Fact([sentences[k] for k in g], sentences[g[0]].text,
                  list(dict.fromkeys(sentences[k].article_id for k in g)), stated_by=sentences[g[0]].key)
             for g in grouped]
    articles = [Article(a, "", text=" ".join(r[1] for r in rows if r[0] == a), published=published.get(a))
                for a in order]
    return articles, sentences, [note for *_, note in rows], facts


def _analyse(rows, groups=(), published=None):
    articles, sentences, notes, facts = _story(rows, groups, published)
    return analyse(articles, sentences, notes, facts, story_similarity(sentences))


def _count(surface, value, counts, lemma, verb, low=None, high=None, scope=""):
    """A counted number as the parse reads it; ``low``/``high`` its range (exact by default)."""
    return NumberMention(surface, value, value if low is None else low, value if high is None else high,
                         counts, numbers.noun_class(lemma), verb, verb + "d", scope)


def _kinds(analysis, kind):
    return [d for d in analysis.discrepancies if d.kind == kind]


def _date(surface, verb="", verb_text="", subject=""):
    """A date as the parse gives it: a DATE entity, and the clause it dates."""
    return SentenceAnnotation(entities=(EntityMention(re.sub(r"^(?:in|on|until) ", "", surface), "DATE"),),
                              dates=(DateMention(surface, verb, verb_text, subject),))


ABOUT_2400 = _count("about 2,400", 2400, "residents", "resident", "evacuate", 2160, 2640)
ABOUT_3000 = _count("about 3,000", 3000, "people", "people", "evacuate", 2700, 3300)
EVACUATED = [
    ("a", "About 2,400 residents were evacuated from the harbour district, the rescue service said.",
     SentenceAnnotation(speaker="the rescue service", numbers=(ABOUT_2400,),
                        entities=(EntityMention("Tuesday", "DATE", "on"),))),
    ("b", "Rescuers evacuated about 2,400 residents from the harbour district on Tuesday.",
     SentenceAnnotation(numbers=(ABOUT_2400,), entities=(EntityMention("Tuesday", "DATE", "on"),))),
    ("c", "About 3,000 people were evacuated from the harbour district on Tuesday, the rescue service said.",
     SentenceAnnotation(speaker="the rescue service", numbers=(ABOUT_3000,),
                        entities=(EntityMention("Tuesday", "DATE", "on"),))),
]


# --- numbers --------------------------------------------------------------------------------

def test_two_counts_of_one_fact_are_set_side_by_side_and_the_dissenter_no_longer_supports_it():
    given = _story(EVACUATED, [[0, 1, 2]])
    facts, analysis = analyse(*given, story_similarity(given[1]))
    (d,) = _kinds(analysis, "number")
    assert [(v.value, v.sources, v.counts) for v in d.values] == [
        ("about 2,400", ["a", "b"], "residents"), ("about 3,000", ["c"], "people")]
    assert d.about == "residents / people (evacuated)"
    assert [v.sentences for v in d.values] == [[("a", 0), ("b", 0)], [("c", 0)]]
    (fact,) = facts
    assert fact.sources == ["a", "b"] and fact.disputed == ["c"] and fact.support == 2
    assert given[3][0].sources == ["a", "b", "c"] and given[3][0].disputed == []  # the align stage's fact is left


def test_every_section_leaves_out_the_source_that_disputes_the_shown_sentence():
    """Quotes and the timeline show the 2,400 sentence: c, which says 3,000, is cited for neither."""
    _, analysis = _analyse(EVACUATED, [[0, 1, 2]], published={"a": "2026-03-14"})
    (claim,) = [q for q in analysis.quotes if q.kind == "claim"]
    assert claim.speaker == "the rescue service" and "2,400" in claim.text and claim.sources == ["a"]
    (event,) = analysis.timeline
    assert event.when == "2026-03-10" and "2,400" in event.text and event.sources == ["a", "b"]


def test_the_same_count_stated_twice_is_no_discrepancy():
    thousand = _count("1,000", 1000, "residents", "resident", "leave")
    rows = [("a", "The storm forced 1,000 residents to leave their homes on the coast.",
             SentenceAnnotation(numbers=(thousand,))),
            ("b", "The storm forced one thousand residents to leave their homes on the coast.",
             SentenceAnnotation(numbers=(replace(thousand, surface="one thousand"),)))]
    facts, analysis = _analyse(rows, [[0, 1]])
    assert analysis.discrepancies == []
    assert facts[0].sources == ["a", "b"] and facts[0].disputed == []


@pytest.mark.parametrize("vague, low, high, exact, conflict", [
    ("about 1,000", 900, 1100, 1037, False),  # a round figure agrees with what it rounds
    ("more than 1,000", 1000, 1500, 1037, False),
    ("about 1,000", 900, 1100, 1200, True),  # ... not with what lies outside its range
    ("nearly 1,000", 900, 1000, 1037, True),
])
def test_a_qualified_number_conflicts_only_outside_its_range(vague, low, high, exact, conflict):
    rows = [("a", f"{vague.capitalize()} soldiers fled across the border into the neighbouring country.",
             SentenceAnnotation(numbers=(_count(vague, 1000, "soldiers", "soldier", "flee", low, high),))),
            ("b", f"{exact:,} soldiers fled across the border into the neighbouring country.",
             SentenceAnnotation(numbers=(_count(f"{exact:,}", exact, "soldiers", "soldier", "flee"),)))]
    facts, analysis = _analyse(rows, [[0, 1]])
    found = _kinds(analysis, "number")
    if conflict:
        (d,) = found
        # exact values anchor the classes: the precise statement comes first
        assert [(v.value, v.sources) for v in d.values] == [(f"{exact:,}", ["b"]), (vague, ["a"])]
        assert facts[0].sources == ["a"] and facts[0].disputed == ["b"]
    else:
        assert found == [] and facts[0].sources == ["a", "b"]


def test_a_total_is_not_set_against_the_count_of_one_day():
    rows = [("a", "About 300 soldiers crossed the border into Tajikistan on Sunday.",
             SentenceAnnotation(numbers=(_count("About 300", 300, "soldiers", "soldier", "cross", 270, 330),))),
            ("b", "In total, nearly 1,600 soldiers have crossed the border into Tajikistan.",
             SentenceAnnotation(numbers=(_count("nearly 1,600", 1600, "soldiers", "soldier", "cross", 1440, 1600,
                                                scope="total"),)))]
    assert _kinds(_analyse(rows, [[0, 1]])[1], "number") == []


def test_the_same_count_of_the_same_thing_in_two_facts_makes_them_one_and_a_shared_article_keeps_them_apart():
    fled = _count("More than 1,000", 1000, "soldiers", "soldier", "flee", 1000, 1500)
    exact = _count("1,037", 1037, "soldiers", "soldier", "flee")
    rows = [("a", "More than 1,000 Afghan security personnel fled into Tajikistan.", SentenceAnnotation(numbers=(fled,))),
            ("b", "More than 1,000 Afghan soldiers have fled across the border.", SentenceAnnotation(numbers=(fled,))),
            ("c", "Exactly 1,037 Afghan servicemen fled across the border.", SentenceAnnotation(numbers=(exact,)))]
    _, sentences, notes, facts = _story(rows)
    merged = merge_same_counts(facts, sentences, notes, ["a", "b", "c"])
    assert [f.sources for f in merged] == [["a", "b"], ["c"]]
    assert [s.key for s in merged[0].sentences] == [("a", 0), ("b", 0)]
    assert len(facts) == 3  # the facts given are left as they were
    # a second sentence of a, in b's fact: the two facts share an article, and stay two
    facts[1] = Fact(facts[1].sentences + [Sentence("a", "Soldiers fled.", 1, 1)], facts[1].text, ["b", "a"])
    assert [f.sources for f in merge_same_counts(facts, sentences, notes, ["a", "b", "c"])] == [
        ["a"], ["b", "a"], ["c"]]


# --- dates, names, claims -------------------------------------------------------------------

def test_one_event_dated_two_ways_is_a_date_discrepancy_and_disputes_the_fact():
    rows = [("a", "The flood barrier was completed in 2011 after years of delay.",
             _date("in 2011", "complete", "completed", "barrier")),
            ("b", "The flood barrier was completed in 2012 after years of delay.",
             _date("in 2012", "complete", "completed", "barrier"))]
    facts, analysis = _analyse(rows, [[0, 1]])
    (d,) = _kinds(analysis, "date")
    assert d.about == "when barrier completed"
    assert [(v.value, v.sources) for v in d.values] == [("in 2011", ["a"]), ("in 2012", ["b"])]
    assert facts[0].sources == ["a"] and facts[0].disputed == ["b"]
    assert [(e.when, e.sources) for e in analysis.timeline] == [("2011", ["a"]), ("2012", ["b"])]


def test_a_respelled_name_between_sources_is_one_entity_and_a_name_discrepancy_but_disputes_no_fact():
    def said(name):
        return SentenceAnnotation(entities=(EntityMention(name, "PERSON", "mayor"),))

    rows = [("a", "Mayor Katrin Sølvberg opened the shelters in the town hall.", said("Katrin Sølvberg")),
            ("b", "Mayor Katrin Sølvberg opened shelters in the town hall on Tuesday.", said("Katrin Sølvberg")),
            ("c", "Mayor Katrin Solvberg opened the shelters in the town hall.", said("Katrin Solvberg"))]
    facts, analysis = _analyse(rows, [[0, 1, 2]])
    (mayor,) = analysis.entities
    assert mayor.name == "Katrin Sølvberg" and mayor.label == "PERSON"
    assert mayor.spellings == {"Katrin Sølvberg": ["a", "b"], "Katrin Solvberg": ["c"]}
    (d,) = _kinds(analysis, "name")
    assert d.about == "spelling of Katrin Sølvberg"
    assert [(v.value, v.sources) for v in d.values] == [("Katrin Sølvberg", ["a", "b"]), ("Katrin Solvberg", ["c"])]
    assert d.values[1].text == rows[2][1]
    assert facts[0].sources == ["a", "b", "c"] and facts[0].disputed == []  # a spelling confirms the fact


def test_a_source_writing_both_spellings_is_its_own_inconsistency_not_a_discrepancy():
    rows = [("a", "Katrin Sølvberg opened the shelters.", SentenceAnnotation(
                entities=(EntityMention("Katrin Sølvberg", "PERSON"),))),
            ("a", "Katrin Solvberg thanked the volunteers.", SentenceAnnotation(
                entities=(EntityMention("Katrin Solvberg", "PERSON"),))),
            ("b", "Katrin Solvberg opened the shelters in the town hall.", SentenceAnnotation(
                entities=(EntityMention("Katrin Solvberg", "PERSON"),)))]
    _, analysis = _analyse(rows, [[0, 2]])
    assert _kinds(analysis, "name") == []


def test_a_statement_one_source_negates_is_a_claim_discrepancy():
    def deployed(negated):
        return SentenceAnnotation(polarity=(Polarity("deploy", "troop", negated),))

    rows = [("a", "Russian troops will be deployed to Afghanistan next month, the defence minister said.",
             deployed(False)),
            ("b", "Russian troops will not be deployed to Afghanistan next month, the defence minister said.",
             deployed(True))]
    _, analysis = _analyse(rows, [[0, 1]])
    (d,) = _kinds(analysis, "claim")
    assert d.about == "whether troop deploy"
    assert {v.value: v.sources for v in d.values} == {"affirms": ["a"], "denies": ["b"]}
    # the same two sentences in two facts: not one statement, so no contradiction
    assert _kinds(_analyse(rows)[1], "claim") == []


# --- entities -------------------------------------------------------------------------------

def _entities(*articles):
    """find_entities on one sentence per mention: for each article a, b, c..., (text, label, word before)."""
    notes, ids = [], []
    for article, mentions in zip("abcdef", articles):
        for m in mentions:
            notes.append(SentenceAnnotation(entities=(EntityMention(*m),)))
            ids.append(article)
    return find_entities(notes, ids, list("abcdef"[:len(articles)]))


def test_a_title_and_a_lone_surname_join_the_full_name_and_spell_it_no_differently():
    (mayor,) = _entities([("Mayor Katrin Sølvberg", "PERSON", ""), ("Sølvberg", "PERSON", "")],
                         [("Katrin Sølvberg", "PERSON", "")])
    assert mayor.name == "Katrin Sølvberg" and mayor.label == "PERSON" and mayor.mentions == 3
    assert mayor.sources == ["a", "b"] and mayor.spellings["Sølvberg"] == ["a"]
    assert spelling_variants(mayor) == []  # a title or a surname alone is no other spelling


def test_an_abbreviation_joins_the_name_it_abbreviates():
    (un,) = _entities([("United Nations", "ORG", "the")], [("UN", "ORG", "")], [("U.N.", "ORG", "")])
    assert un.name == "United Nations" and un.label == "ORG" and un.sources == ["a", "b", "c"]
    assert set(un.variants) == {"United Nations", "UN", "U.N."} and spelling_variants(un) == []


def test_a_surname_two_full_names_end_with_joins_neither():
    found = {e.name: e.sources for e in _entities([("Anna Berg", "PERSON", "")], [("Lars Berg", "PERSON", "")],
                                                  [("Berg", "PERSON", "")])}
    assert found == {"Anna Berg": ["a"], "Lars Berg": ["b"], "Berg": ["c"]}


def test_labels_a_place_after_of_a_country_not_a_nationality_and_no_dates_or_groups():
    found = {e.name: e.label for e in _entities([("Varnholm", "PERSON", "of"), ("Norway", "NORP", "in"),
                                                 ("Norwegian", "NORP", ""), ("Tuesday", "DATE", "on"),
                                                 ("Anna Berg", "PERSON", "mayor")])}
    assert found == {"Varnholm": "GPE", "Norway": "GPE", "Anna Berg": "PERSON"}


# --- quotes ---------------------------------------------------------------------------------

def test_a_quote_takes_its_speaker_from_the_annotation_and_a_pronoun_the_last_person_named():
    rows = [("a", "Mayor Anna Berg visited the flooded district on Monday.",
             SentenceAnnotation(entities=(EntityMention("Anna Berg", "PERSON", "mayor"),))),
            ("a", "“We will rebuild every house in this town,” she said.",
             SentenceAnnotation(speaker="she", speaker_is_pronoun=True)),
            ("b", "“Nobody expected the water to rise this fast,” the fire chief told reporters.",
             SentenceAnnotation(speaker="the fire chief")),
            ("c", "“Nobody expected the water to rise so fast,” he said.",
             SentenceAnnotation(speaker="he", speaker_is_pronoun=True)),
            ("c", "“The pumps were switched on far too late,” he said.", NONE)]
    _, sentences, notes, _ = _story(rows)
    quotes = find_quotes(sentences, notes, list(range(len(rows))))
    assert [(q.speaker, q.text, q.sources, q.kind) for q in quotes] == [
        ("Anna Berg", "We will rebuild every house in this town", ["a"], "quote"),
        # one quote printed twice (nearly word for word); c names nobody it could be
        ("the fire chief", "Nobody expected the water to rise this fast", ["b", "c"], "quote"),
        (None, "The pumps were switched on far too late", ["c"], "quote")]


def test_one_claim_of_one_fact_and_speaker_however_many_outlets_repeat_it():
    rows = [("a", "The shelters will stay open all week, the national weather office said.",
             SentenceAnnotation(speaker="the national weather office")),
            ("b", "Shelters will stay open for the whole week, the weather office said.",
             SentenceAnnotation(speaker="the weather office")),
            ("c", "Shelters will stay open for the whole week, the mayor said.", SentenceAnnotation(speaker="the mayor"))]
    _, sentences, notes, _ = _story(rows)
    claims = find_quotes(sentences, notes, [0, 0, 0])
    assert [(q.speaker, q.sources, q.kind) for q in claims] == [
        ("the national weather office", ["a", "b"], "claim"), ("the mayor", ["c"], "claim")]
    assert claims[0].text == rows[0][1]


# --- timeline -------------------------------------------------------------------------------

def test_timeline_resolves_days_against_the_publish_date_and_orders_the_events():
    rows = [("a", "The barrier broke on Tuesday night, flooding the harbour district.", _date("on Tuesday night")),
            ("b", "The river barrier broke on Tuesday night and flooded the harbour.", _date("on Tuesday night")),
            ("a", "The barrier was completed in 2011 after years of delay.", _date("in 2011")),
            ("c", "Rain is forecast to continue until Friday, the weather office said.", _date("until Friday"))]
    _, sentences, notes, _ = _story(rows)
    fact_of = [0, 0, 1, 2]
    # a was published on Saturday 14 March 2026; b and c undated
    timeline = build_timeline(sentences, notes, fact_of, {"a": dt.date(2026, 3, 14), "b": None, "c": None}, 40)
    assert [(e.when, e.sources, e.resolved) for e in timeline] == [
        ("2011", ["a"], True),
        ("2026-03-10", ["a", "b"], True),  # one event, told by two outlets; a's date anchors it
        ("2026-03-20", ["c"], True)]  # what will happen: the next Friday after the story's latest day
    assert timeline[1].expression == "Tuesday night"
    # without any publish date the days stay as written, after the dated events
    undated = build_timeline(sentences, notes, fact_of, {}, 40)
    assert [(e.when, e.resolved) for e in undated] == [("2011", True), ("tuesday night", False), ("friday", False)]
    assert [e.when for e in build_timeline(sentences, notes, fact_of, {}, 2)] == ["2011", "tuesday night"]


# --- syndication ----------------------------------------------------------------------------

WIRE = ["Heavy snow closed the main mountain pass on Thursday, stranding hundreds of lorries near Ostby.",
        "Police said the road would stay closed until the snow ploughs had cleared it.",
        "The weather service warned that more snow was expected over the weekend.",
        "Drivers were told to avoid the area and to carry blankets and water."]
OWN = ["Snowfall shut the mountain pass on Thursday and left lorries stuck near Ostby, police said.",
       WIRE[1], WIRE[2],  # a passage copied from the wire
       "A local hotel opened its doors to stranded drivers for the night.",
       "Schools in the valley will stay closed on Friday.",
       "The last time the pass was shut this long was in 2010.",
       "Ploughs from two neighbouring districts were sent to help."]


def _wire_story(*more):
    rows = ([("a", t, NONE) for t in WIRE] + [("b", t.replace("lorries", "trucks"), NONE) for t in WIRE]
            + [("c", t, NONE) for t in OWN + list(more)])
    return _story(rows, [[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7]])


def test_copied_articles_and_a_copied_passage_are_found():
    articles, sentences, _, _ = _wire_story()
    found = find_syndication(articles, sentences)
    assert [(s.articles, s.kind, s.share) for s in found] == [(["a", "b"], "article", 1.0), (["a", "c"], "passage", 0.5)]
    assert found[1].passages == [" ".join(WIRE[1:3])]
    assert nothing_to_compare(articles, found) == ""
    assert nothing_to_compare(articles[:2], find_syndication(articles[:2], sentences[:8])).startswith(
        "All 2 articles are copies of one report")


def test_copies_of_one_wire_count_once_as_independent_support():
    articles, sentences, notes, facts = _wire_story()
    counted = count_independent(facts, sentences, copied_pairs(sentences))
    assert [(f.sources, f.independent) for f in counted] == [
        (["a", "b", "c"], 2),  # a and b copy each other; c wrote its own sentence
        (["a", "b", "c"], 1), (["a", "b", "c"], 1),  # c copied the wire's words too
        (["a", "b"], 1)] + [(["c"], 1)] * 4
    assert all(f.independent is None for f in facts)
    # analyse() sets it on the facts it returns
    returned, _ = analyse(articles, sentences, notes, facts, story_similarity(sentences))
    lead = next(f for f in returned if f.text == WIRE[0])
    assert lead.support == 3 and lead.independent == 2


def test_what_one_source_alone_reports_is_listed_for_it_and_what_another_words_differently_is_not():
    # c's last sentence is a fact of its own (the align stage missed it), but the wire says it too
    articles, sentences, _, facts = _wire_story("Drivers were told to carry water and blankets and avoid the area.")
    alone = unique_facts(facts, story_similarity(sentences), ["a", "b", "c"], AnalyseConfig())
    assert set(alone) == {"c"}
    assert {f.text for f in alone["c"]} == set(OWN[3:])
    assert all(f.sources == ["c"] and f.independent == 1 for f in alone["c"])
