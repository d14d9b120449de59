"""Every brief sentence stands alone: one that opens with a connective ("And ...",
"Instead, ...") or inside a quotation opened before it ('... immediately," he said.') is
shown only right after the sentence it continues, never without it."""

import pytest

from newsfuse.align import Similarity
from newsfuse.model import Fact
from newsfuse.summarise import summarise
from tests.conftest import sent


@pytest.mark.parametrize("follow_text", [
    "And Vindman appears to be the first target of a wider purge of the council.",
    'Get out of the building immediately," the guards told the staff of the council.',
])
def test_a_sentence_that_continues_another_needs_it_shown_just_before(follow_text):
    first = sent("a", "Lt. Col. Alexander Vindman was escorted out of the White House on Friday by security staff.")
    follow = sent("a", follow_text, 1)
    other = sent("b", "The National Security Council is being restructured, officials in Washington said.", 2)
    similarity = Similarity.fit([first, follow, other])
    facts = [Fact([follow], follow.text, ["a"]), Fact([first], first.text, ["a"]), Fact([other], other.text, ["b"])]
    # room for the follow-up and its antecedent: the follow-up comes right after it
    texts = [s.text for s in summarise(facts, similarity, 2, words=100)]
    assert texts.index(follow.text) == texts.index(first.text) + 1
    # without its antecedent in the brief, it is never shown
    texts = [s.text for s in summarise([facts[0], facts[2]], similarity, 2, words=100)]
    assert follow.text not in texts and other.text in texts


@pytest.mark.parametrize("text, cased, reason", [
    ("The council voted on Monday to rebuild the flood barrier.", True, None),
    ("Rebuilt.", True, "too short"),
    ("The council " + "met and talked " * 20 + "on Monday.", True, "too long"),
    ("Who will pay to rebuild the barrier after the flood?", True, "question"),
    ("The council voted on Monday to rebuild the flood barrier after", True, "unterminated fragment"),
    ("which the council voted on Monday to rebuild after the flood.", True, "opens in lower case"),
    ("which the council voted on Monday to rebuild after the flood.", False, None),  # a lower-cased corpus
    ("“We will rebuild the barrier before the winter comes.", True, "quotation not closed"),
    ("“We will rebuild the barrier,” the mayor said on Monday.", True, None),
])
def test_unfit_reason_names_why_a_sentence_cannot_stand_alone(text, cased, reason):
    from newsfuse.summarise import _usable, unfit_reason

    assert unfit_reason(text, cased) == reason
    assert _usable(text, cased) == (reason is None)
