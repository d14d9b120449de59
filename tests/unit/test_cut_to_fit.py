"""A ranked sentence that overruns the word budget is shown without its closing clause
when that fits: deletion only, and never a clause the rest of the sentence needs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.align import Similarity, group_facts
from newsfuse.config import SummariseConfig
from newsfuse.model import Fact
from newsfuse.summarise import cut_closing_clause, summarise
from tests.conftest import sent


@pytest.mark.parametrize("text, cut", [
    ("President Trump threatened on Friday to close the southern border, saying it would be a profit-making "
     "operation.", "President Trump threatened on Friday to close the southern border."),
    ("Trump said the restrictions would not apply to Great Britain, which left the European Union in January.",
     "Trump said the restrictions would not apply to Great Britain."),
    ("Democrats fell far short of the two-thirds majority needed, as senators voted 52 to 48 to acquit him.",
     "Democrats fell far short of the two-thirds majority needed."),
    # an abbreviation's full stop is the sentence's: not two
    ("Evers urged Trump on Sunday to reconsider his plans to visit Kenosha, Wis., which has been rocked by unrest.",
     "Evers urged Trump on Sunday to reconsider his plans to visit Kenosha, Wis."),
    # the clause closes mid-sentence: what follows it is the sentence's verb
    ("There are concerns that the Afghan military, which was to take over security, will collapse.", None),
    # who says so, a concession or a cause is kept: without it a claim reads as settled
    ("Tajikistan is still in control of the border, according to the border guards in Dushanbe.", None),
    ("About 185,000 homes remained without power on Friday, though officials said blackouts were possible.", None),
    # a noun in -ing is no participle; what is left must stand alone and close its quotation
    ("Officials met on the border on Sunday, morning talks having failed.", None),
    ("Ghani spoke, saying nothing new.", None),
    ("\u201cThe roads were cut, leaving them nowhere to go.", None),
    ("The army fled north, leaving the district to the Taliban", None),  # no full stop: not a sentence
])
def test_cut_closing_clause(text, cut):
    assert cut_closing_clause(text) == cut


@given(st.lists(st.sampled_from(list("abc ,.\u201c\u201d()") + ["which", "saying", "as", " The"]), max_size=40)
       .map("".join))
def test_cut_closing_clause_only_deletes_a_tail(text):
    out = cut_closing_clause(text)
    if out is not None:
        assert out.endswith(".") and len(out) < len(text)
        # cut at the clause's comma, with a full stop added unless one ends what is kept
        assert (text.startswith(out[:-1]) and text[len(out) - 1] == ",") or \
            (text.startswith(out) and text[len(out)] == ",")


def _story():
    lead = ("More than 1,000 Afghan soldiers fled across the border into Tajikistan on Sunday after Taliban "
            "advances in the north.")
    second = ("Tajikistan let the soldiers cross on humanitarian grounds, saying they had asked to enter the "
              "country and that it had no wish to see them killed by the Taliban militants.")
    sentences = [sent(a, lead) for a in "abc"] + [sent(a, second, 1) for a in "ab"]
    similarity = Similarity.fit(sentences)
    return group_facts(sentences, similarity), similarity


def test_a_sentence_that_overruns_the_budget_is_shown_without_its_closing_clause():
    facts, similarity = _story()
    words = 19 + 8  # the lead, and the second sentence only without its clause
    summary = summarise(facts, similarity, 3, words=words)
    assert [s.text for s in summary] == [
        "More than 1,000 Afghan soldiers fled across the border into Tajikistan on Sunday after Taliban advances "
        "in the north.",
        "Tajikistan let the soldiers cross on humanitarian grounds."]
    assert summary[1].sources == ["a", "b"]  # cited as the whole sentence is
    whole = summarise(facts, similarity, 3, SummariseConfig(cut_to_fit=False), words=words)
    assert len(whole) == 1
    # with room for it, the whole sentence is shown
    assert any(s.text.endswith("Taliban militants.") for s in summarise(facts, similarity, 3, words=60))
    # the clause words are English: a story in another language is not cut
    assert len(summarise(facts, similarity, 3, words=words, language="de")) == 1
    assert len(summarise(facts, similarity, 3, words=words, language="en")) == 2


def test_a_cut_sentence_that_repeats_one_shown_is_left_out():
    """What made the whole sentence new (here 2,400) may be in the clause it would lose."""
    short = [sent(a, "Over 1,000 Afghan soldiers fled into Tajikistan on Sunday.") for a in "ab"]
    long = sent("c", "Over 1,000 Afghan soldiers fled into Tajikistan on Sunday, raising to 2,400 the number "
                     "of troops who have crossed the frontier.", 1)
    similarity = Similarity.fit(short + [long])
    facts = [Fact(short, short[0].text, ["a", "b"]), Fact([long], long.text, ["c"])]
    summary = summarise(facts, similarity, 3, words=20)
    assert [s.text for s in summary] == ["Over 1,000 Afghan soldiers fled into Tajikistan on Sunday."]
    # with room for the whole of it, it is shown: it brings a number
    assert len(summarise(facts, similarity, 3, words=40)) == 2
