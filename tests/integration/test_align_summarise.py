import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsfuse
from newsfuse.align import group_facts
from newsfuse.config import SummariseConfig
from newsfuse.summarise import cut_asides, cut_attribution, summarise
from tests.conftest import is_subsequence, sent


def test_copied_and_paraphrased_sentences_form_one_fact():
    sentences = [
        sent("a", "Two people were taken to hospital with hypothermia, the rescue service said."),
        sent("b", "Two people were treated in hospital for hypothermia, the rescue service said."),
        sent("c", "Two people were taken to hospital with hypothermia, according to the rescue service."),
        sent("a", "Heavy rain is forecast to continue until Friday.", 1),
        sent("d", "The mayor declared a state of emergency on Wednesday.", 1),
    ]
    facts = group_facts(sentences, threshold=0.35)
    top = facts[0]
    assert top.support == 3 and top.sources == ["a", "b", "c"]
    assert {f.support for f in facts[1:]} == {1}


def test_a_fact_is_stated_in_the_wording_other_outlets_use():
    """Two statements of one fact tie on similarity: the one whose word pairs other
    articles also write states it, not a mangled translation, though that one comes first."""
    sentences = [
        sent("a", "The United States plans to withdraw all foreign troops by September 11, officials said.", 2),
        sent("b", "The United States plans to withdraw all the foreign troops by 11 p.m. September, officials said.",
             0),
        sent("c", "Washington set September 11 as the deadline for the withdrawal.", 1),
    ]
    fact = next(f for f in group_facts(sentences, threshold=0.35) if f.support == 2)
    assert fact.sources == ["a", "b"] and fact.text == sentences[0].text


def test_a_fact_is_stated_by_a_member_that_stands_alone():
    """The most central member leans on the sentence before it in its article ("..., he said"):
    another member, which says who spoke, states the fact, in every section alike."""
    sentences = [
        sent("a", "The Taliban cut off all the roads and these people had nowhere to go, he said on Monday.", 3),
        sent("b", "The Taliban cut off all the roads and these people had nowhere to go, he said on Monday.", 2),
        sent("c", "The Taliban cut off all the roads and the people had nowhere to go, an Afghan official said.", 4),
    ]
    fact = group_facts(sentences, threshold=0.35)[0]
    assert fact.support == 3 and fact.text == sentences[2].text and fact.statement is sentences[2]
    # with no member that stands alone, the most central one states it still
    fact = group_facts(sentences[:2], threshold=0.35)[0]
    assert fact.support == 2 and fact.text == sentences[0].text


def test_one_article_repeating_itself_is_not_support():
    sentences = [
        sent("a", "The barrier broke on Tuesday night in Varnholm."),
        sent("a", "The barrier broke on Tuesday night in Varnholm, officials said.", 3),
    ]
    assert all(f.support == 1 for f in group_facts(sentences))


@pytest.mark.parametrize("text, cut", [
    ("Over 1,000 soldiers fled into Tajikistan, the Tajik border guard service said.",
     "Over 1,000 soldiers fled into Tajikistan."),
    ("Some 40 people died, officials told Reuters on Monday.", "Some 40 people died."),
    ("The company lost $2 billion, the Wall Street Journal reported.", "The company lost $2 billion."),
    # a quotation keeps its speaker; a pronoun's sentence leans on another anyway; so does one already reporting
    ("\u201cThe roads were cut,\u201d a senior official told Reuters on Monday.", None),
    ("The Taliban cut off all the roads, he said.", None),
    ("He said the road was closed, officials said.", None),
    ("Officials said nothing more.", None),
])
def test_cut_attribution_deletes_who_said_it_from_a_plain_statement(text, cut):
    assert cut_attribution(text) == (cut or text)


def test_cut_asides_deletes_what_dashes_or_brackets_set_off_inside_a_sentence():
    assert cut_asides("One nominee \u2014 a man who, if confirmed, would sit on the U.S. court for life \u2014 failed "
                      "to answer.") == "One nominee failed to answer."
    assert cut_asides("Senator Bernie Sanders (I-VT) suspended his campaign.") == \
        "Senator Bernie Sanders suspended his campaign."
    # a dash that opens or closes, or brackets that end the sentence, are left
    for text in ("He said \u2014 and meant it.", "Profits rose (see chart).", "(Reuters) Profits rose."):
        assert cut_asides(text) == text


@given(st.text(alphabet=st.sampled_from(list("ab .()\u2014\u2013xyz")), max_size=60))
def test_cut_asides_only_deletes(text):
    assert is_subsequence(cut_asides(text), text)  # what remains is the text with spans taken out, in order


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ,.\u201c\u201dSsaidtoldMonday")), max_size=80)
       | st.from_regex(r"[A-Z][a-z ]{3,30}, (the |a )?[a-z ]{1,20} (said|told Reuters|reported)( on Monday)?\.",
                       fullmatch=True))
def test_cut_attribution_only_deletes_one_span(text):
    out = cut_attribution(text)
    assert out == text or any(text[:i] + text[j:] == out for i in range(len(text)) for j in range(i + 1, len(text) + 1))
    assert out.endswith(".") == text.endswith(".")


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=200))
def test_word_budget_is_never_exceeded(example_brief_parts, budget):
    facts, similarity, n = example_brief_parts
    summary = summarise(facts, similarity, n, words=budget)
    assert sum(len(s.text.split()) for s in summary) <= budget


def test_sentence_budget_and_no_repeats(example_brief_parts):
    facts, similarity, n = example_brief_parts
    summary = summarise(facts, similarity, n, words=None, sentences=3)
    assert len(summary) == 3
    texts = [s.text for s in summary]
    assert len(set(texts)) == 3


def test_example_brief_is_cited_and_supported(example_dir):
    brief = newsfuse.brief([example_dir])
    ids = {a.id for a in brief.articles}
    assert len(brief.articles) == 5
    assert sum(len(s.text.split()) for s in brief.summary) <= 120
    cited = {src for s in brief.summary for src in s.sources}
    assert cited <= ids and len(cited) >= 4
    lead = brief.summary[0]
    assert "2,400" in lead.text and len(lead.sources) >= 4
    # every summary sentence is a source sentence (or one with a dateline deleted)
    for s in brief.summary:
        assert any(s.text in a.text for a in brief.articles), s.text
    # the facts are ordered by support and each support counts distinct articles
    supports = [f.support for f in brief.facts]
    assert supports == sorted(supports, reverse=True)
    # (a source whose sentence gives a conflicting number is moved to ``disputed``)
    assert all(f.support + len(f.disputed) == len(set(x.article_id for x in f.sentences)) for f in brief.facts)
    hypothermia = next(f for f in brief.facts if "hypothermia" in f.text)
    assert hypothermia.support == 4 and "radio-nord" not in hypothermia.sources
    unique = next(f for f in brief.facts if "4.7 metres" in f.text)
    assert unique.sources == ["radio-nord"]


def test_paraphrased_repeat_is_not_chosen_twice():
    """Two leads that say the same thing in other words: the brief keeps one."""
    brief = newsfuse.brief([
        {"id": "a", "text": "More than 1,000 Afghan security personnel fled across the border into Tajikistan "
                            "on Sunday, the border guard service said.\n\nThe Taliban took six districts."},
        {"id": "b", "text": "More than 1,000 Afghan soldiers have fled to neighbouring Tajikistan after "
                            "clashing with the Taliban.\n\nPeace talks remain stalled in Doha this week."},
    ], words=200)
    leads = [s for s in brief.summary if "More than 1,000" in s.text]
    assert len(leads) == 1


def test_lowercased_story_still_fills_its_budget():
    """A lower-cased corpus: sentences open in lower case and must still be usable."""
    topics = ["the harbour ferry", "the new bridge", "school funding", "the river barrier", "parking fees",
              "the coastal railway", "a hospital wing", "the airport runway", "street lighting", "the museum"]
    docs = [{"id": f"d{i}", "text": " ".join(
        f"officials in district {i} said {t} would cost {k + 2} million euros over {k + 3} years." for k, t in
        enumerate(topics))} for i in range(2)]
    brief = newsfuse.brief(docs, words=100)
    assert all(s.text[0].islower() for s in brief.summary)
    assert sum(len(s.text.split()) for s in brief.summary) > 70


# --- a brief an editor would keep -------------------------------------------------------

def _leans_on_a_missing_sentence(brief) -> list[str]:
    """Brief sentences that lean on the one before them in their article ("It added...")
    without that one shown just before."""
    from newsfuse.text import leans_on_another

    bad = []
    for n, s in enumerate(brief.summary):
        if not leans_on_another(s.text):
            continue
        before = brief.summary[n - 1].sentences if n else []
        if not any((a, p - 1) in [tuple(k) for k in before] for a, p in s.sentences):
            bad.append(s.text)
    return bad


def test_consensus_title_is_the_headline_most_headlines_agree_with():
    from newsfuse.headlines import consensus_title

    titles = ["Hundreds of Afghan security forces flee into Tajikistan following Taliban advance",
              "More than 1,000 Afghan troops are fleeing the Taliban across the border",
              "Over 1,000 Afghan soldiers flee to Tajikistan after clashes with Taliban",
              "More than 1,000 Afghan security personnel flee into Tajikistan as Taliban advances"]
    assert consensus_title(titles) == titles[3]
    assert consensus_title([None, "Only one"]) == "Only one" and consensus_title([None]) is None


def test_a_sentence_that_leans_on_a_missing_one_is_not_shown():
    """"It added that..." is not shown without the sentence it leans on: another statement
    of its fact is, or none."""

    brief = newsfuse.brief([
        {"id": "a", "text": "The Tajik president's office issued a statement on Sunday about the border.\n\n"
                            "It added that Rakhmon expressed concern about the forced crossings by Afghan troops."},
        {"id": "b", "text": "The Tajik president's office issued a statement on Sunday about the border.\n\n"
                            "It added that Rakhmon expressed concern about the forced crossings by Afghan troops."},
        {"id": "c", "text": "Rakhmon expressed concern about the forced crossings by Afghan troops, his office said."},
    ], words=200)
    assert brief.summary and not _leans_on_a_missing_sentence(brief)
    concern = [s for s in brief.summary if "concern" in s.text]
    assert len(concern) == 1 and concern[0].text.startswith("Rakhmon") and len(concern[0].sources) == 3


def test_a_new_number_is_not_a_repeat():
    """Two facts alike in words, one with the exact figure: the second brings a number, so
    the redundancy tests do not drop it; a third with nothing new is dropped."""
    from newsfuse.align import Similarity

    sentences = [sent("a", "More than 1,000 Afghan servicemen fled across the border into Tajikistan, the border "
                           "guard service said.", 0),
                 sent("b", "In all 1,037 Afghan servicemen fled across the border into Tajikistan, the border guard "
                           "service said.", 0),
                 sent("c", "Afghan servicemen fled across the border into Tajikistan, the border guard service "
                           "said on the day.", 1)]
    similarity = Similarity.fit(sentences)
    assert similarity.cosine(0, 1) > 0.4  # the cosine test alone would call it a repeat
    facts = group_facts(sentences, similarity, threshold=0.99)  # three facts
    chosen = [s.text for s in summarise(facts, similarity, 3, words=200)]
    assert any("More than 1,000" in t for t in chosen) and any("1,037" in t for t in chosen)
    assert not any("on the day" in t for t in chosen)


def test_headline_words_once_said_earn_nothing_more():
    """The headlines' words are claims to cover: after the sentence stating the event is
    chosen, a second one repeating its headline words gains nothing from them, and a
    sentence stating a headline word not yet said comes first."""
    from newsfuse.align import Similarity
    from newsfuse.summarise import rank

    titles = ["Dam bursts near Varnholm, thousands evacuated", "Varnholm dam bursts; army sends engineers",
              "Thousands evacuated as Varnholm dam bursts"]
    sentences = [sent("a", "The dam near Varnholm burst on Tuesday and thousands were evacuated from the valley.", 0),
                 sent("b", "Rescue crews from Bergen and Trondheim reached Varnholm after the dam burst, police said.", 3),
                 sent("c", "The army sends forty engineers to shore up the remaining levees along the river.", 3),
                 sent("d", "Local shops reported brisk sales of sandbags and bottled water over the weekend.", 3)]
    similarity = Similarity.fit(sentences)
    facts = group_facts(sentences, similarity, threshold=0.99)  # one fact per sentence
    weighted = SummariseConfig(salience="weighted")  # the cover itself, without the model's correction
    order = [f.sources[0] for f, _ in rank(facts, similarity, 4, weighted, titles=titles)]
    assert order[0] == "a" and order.index("c") < order.index("b")
    # without headlines the second account of the event outranks the engineers (words in common)
    plain = [f.sources[0] for f, _ in rank(facts, similarity, 4, weighted)]
    assert plain.index("b") < plain.index("c")


def test_example_brief_sentences_stand_alone(example_dir):

    for words in (50, 120, 300):
        brief = newsfuse.brief([example_dir], words=words)
        assert brief.summary and not _leans_on_a_missing_sentence(brief)
    assert brief.title == "Varnholm flood: barrier breached, residents evacuated"


def test_afghan_brief_says_what_happened(afghan_dir):

    brief = newsfuse.brief([afghan_dir], words=120)
    text = " ".join(s.text for s in brief.summary)
    assert "1,037" in text and "districts" in text  # how many fled, and where the fighting was
    assert brief.title == "More than 1,000 Afghan security personnel flee into Tajikistan as Taliban advances"
    short = newsfuse.brief([afghan_dir], words=50)
    assert any("fled" in s.text or "flee" in s.text for s in short.summary)
    for words in (50, 120, 200, 400):
        assert not _leans_on_a_missing_sentence(newsfuse.brief([afghan_dir], words=words))


def test_eval_align_cli(tmp_path):
    """`newsfuse eval align`: each pair read as two articles' sentences; newsfuse's decision
    is its grouping's (cosine at align.threshold), scored beside a plain TF-IDF cosine."""
    import json

    from tests.helpers import cli

    pairs = [
        {"id": "1", "a": "The Elsin river broke through the flood barrier in Varnholm on Tuesday night.",
         "b": "On Tuesday night the Elsin river broke through Varnholm's flood barrier.", "label": 1},
        {"id": "2", "a": "About 2,400 residents were evacuated from the harbour district.",
         "b": "Some 2,400 people were evacuated from homes in the harbour district.", "label": 1},
        {"id": "3", "a": "The museum in Oslo reopened after a two-year renovation.",
         "b": "Heavy rain is expected to continue until Friday, the weather office said.", "label": 0},
        {"id": "4", "a": "The ferry strike in Bergen ended on Monday.",
         "b": "Wildfires burned 400 hectares of forest near Valencia on Sunday.", "label": 0},
    ]
    data = tmp_path / "pairs.jsonl"
    data.write_text("\n".join(json.dumps(p) for p in pairs) + "\n", encoding="utf-8")
    r = cli("eval", "align", "--data", data, "--json")
    assert r.exit_code == 0, r.stderr
    result = json.loads(r.stdout)
    assert result["n_pairs"] == 4 and {"newsfuse", "tfidf_cosine"} <= set(result["systems"])
    for m in result["systems"].values():
        assert {"accuracy", "f1", "pairs_per_second"} <= set(m) and 0 <= m["accuracy"] <= 1
    assert result["systems"]["newsfuse"]["accuracy"] == 1.0
    data.write_text('{"a": "only one side"}\n', encoding="utf-8")
    bad = cli("eval", "align", "--data", data)
    assert bad.exit_code == 1 and "pairs.jsonl:1" in bad.stderr
