"""newsfuse.text: the ground floor's small text helpers."""

import ast
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import newsfuse
from newsfuse import text
from newsfuse.text import STOPWORDS, content_token_tuple, content_tokens, shortened, stem, trim, url_host
from tests.conftest import is_subsequence

TEXT_PY = Path(text.__file__)


def test_content_tokens_drop_stop_words_and_stem():
    assert content_tokens("The soldiers were fleeing across the border") == ["soldier", "flee", "across", "border"]
    assert all(w not in content_tokens("said the minister, who told them") for w in ("the", "said", "who", "told"))
    assert "the" in STOPWORDS and "said" in STOPWORDS and "river" not in STOPWORDS
    assert stem("soldiers") == "soldier" and stem("fleeing") == "flee"


def test_content_tokens_numbers_possessives_and_single_letters():
    assert content_tokens("1,037 troops; 2.5 km. 7.") == ["1037", "troop", "2.5", "km", "7"]
    assert content_tokens("the mayor’s office") == content_tokens("the mayor's office") == ["mayor", "offic"]
    assert content_tokens("a b c x") == []  # one-letter words are not content
    assert content_tokens("") == []


def test_content_tokens_normalise_numbers_and_stems():
    assert content_tokens("1,037 soldiers fled") == content_tokens("1037 soldier flees")[:1] + ["soldier", "fled"]
    assert "the" not in content_tokens("The river")


def test_content_token_tuple_is_the_cached_tuple():
    words = content_token_tuple("Floods closed the harbour")
    assert words == ("flood", "close", "harbour") and content_token_tuple("Floods closed the harbour") is words
    got = content_tokens("Floods closed the harbour")
    got.append("x")  # a fresh list: changing it leaves the cache alone
    assert content_tokens("Floods closed the harbour") == ["flood", "close", "harbour"]


def test_url_host():
    assert url_host("https://www.bbc.co.uk/news/world-123") == "bbc.co.uk"
    assert url_host("http://Example.ORG:8080/a?b=c") == "example.org"  # no port, lower-cased
    assert url_host("https://user:pw@news.example.com/x") == "news.example.com"
    assert url_host("https://wwwnews.example/") == "wwwnews.example"  # only "www." goes
    assert url_host("/relative/path") is None and url_host("mailto:desk@example.org") is None
    assert url_host("") is None and url_host(None) is None
    assert url_host("http://[::1") is None  # unparseable: None, not an error


def test_shortened_cuts_at_a_word_boundary():
    assert shortened("The river broke through", 100) == "The river broke through"
    assert shortened("The river broke through", 23) == "The river broke through"  # exactly n: kept whole
    assert shortened("The river broke through the barrier", 20) == "The river broke…"
    assert len(shortened("The river broke through the barrier", 20)) <= 20
    assert shortened("Unbreakableword", 6) == "Unbre…"  # no space: cut inside the word


def test_shortened_tidy_and_as_is():
    assert shortened("Floods,  rain\nand wind: the town", 12) == "Floods…"  # "," dropped before "…"
    assert shortened("Floods, rain and wind: the town", 25) == "Floods, rain and wind…"  # ":" dropped
    # tidy=False (the reports' and the web page's cut): white space and punctuation as they are
    assert shortened("Floods, rain and wind: the town", 25, tidy=False) == "Floods, rain and wind:…"
    assert shortened("a\nb  c d e f", 8, tidy=False) == "a\nb  c…"
    assert shortened("a\nb  c d e f", 8) == "a b c…"
    assert shortened("short", 10, tidy=False) == "short"


def test_trim_deletes_datelines_only():
    assert trim("VARNHOLM (Coastwire) - The river broke through.") == "The river broke through."
    assert trim("KABUL, Afghanistan: More than 1,000 soldiers fled.") == "More than 1,000 soldiers fled."
    assert trim("NATO said on Monday it would help.") == "NATO said on Monday it would help."
    assert trim("(CNN) - Sen. Bernie Sanders ended his campaign.") == "Sen. Bernie Sanders ended his campaign."
    assert trim("(Reuters) — The bank cut rates.") == "The bank cut rates."
    assert trim("(In brief) it rained.") == "(In brief) it rained."
    # a tag with no dash after it: a name in capitals only, glued to the sentence or not
    assert trim("(CNN)Stabbings inside a rabbi's home marked the latest attack.") == \
        "Stabbings inside a rabbi's home marked the latest attack."
    assert trim("(CNN Business) Tesla shares fell.") == "Tesla shares fell."
    assert trim("(Survey among economic experts) Growth slowed.") == "(Survey among economic experts) Growth slowed."
    assert trim("(Updated at 5 p.m.) The vote was held.") == "(Updated at 5 p.m.) The vote was held."
    # a lower-cased corpus: a wire's name only
    assert trim("( cnn ) it was an oddly familiar day.") == "it was an oddly familiar day."
    assert trim("( and then ) it rained.") == "( and then ) it rained."


# a sentence as a source writes it: a capital, words, a full stop
_SENTENCE = st.from_regex(r"[A-Z][a-z]{1,8}( [a-z0-9,']{1,9}){2,12}\.", fullmatch=True)


@given(st.sampled_from(["(CNN)", "(CNN) ", "(CNN Business)", "(Reuters) - ", "(AP) — ", "WASHINGTON (Reuters) - ",
                        "KABUL, Afghanistan: "]), _SENTENCE)
def test_trim_deletes_a_tag_and_keeps_the_sentence(tag, sentence):
    assert trim(tag + sentence) == sentence


@given(st.sampled_from(["( cnn ) ", "(cnn)", "( reuters ) "]), _SENTENCE.map(str.lower))
def test_trim_deletes_a_wires_tag_in_lower_case(tag, sentence):
    assert trim(tag + sentence) == sentence


@given(st.text(alphabet=st.sampled_from(list("()[]-—:,. \"“”AaBbCcNn0123456789PhotoImagecreditReuters")), max_size=120))
def test_trim_only_deletes(text):
    assert is_subsequence(trim(text), text)


def test_trim_deletes_photo_credits():
    assert trim("Voters queued in Concord (AP Photo/Jim Cole) before dawn.") == "Voters queued in Concord before dawn."
    assert trim("The polls opened at 7 a.m. Photo: Getty Images") == "The polls opened at 7 a.m."
    assert trim("He photographed (the photo is below) the scene.") == "He photographed (the photo is below) the scene."


def test_the_users_share_the_one_helper():
    from newsfuse import align, model, report, summarise
    from newsfuse.analyse import discrepancies
    from newsfuse.server import views

    assert model.url_host is url_host and model.shortened is shortened
    assert report.shortened is shortened and views.shortened is shortened
    assert summarise.trim is trim and summarise.content_tokens is content_tokens
    assert discrepancies.STOPWORDS is STOPWORDS and align.content_token_tuple is content_token_tuple
    from newsfuse._version import __version__

    assert newsfuse.__version__ is __version__


def _imports(tree: ast.AST) -> list[tuple[str, int]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.col_offset) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            out.append(("." * node.level + (node.module or ""), node.col_offset))
    return out


def test_text_is_the_ground_floor():
    """newsfuse.text imports no newsfuse module (nor a relative one); at its top only the
    standard library (the stemmer is imported when a word is first stemmed)."""
    imports = _imports(ast.parse(TEXT_PY.read_text(encoding="utf-8")))
    assert imports, "the walk found no imports at all"
    assert not [m for m, _ in imports if m.startswith(".") or m.split(".")[0] == "newsfuse"]
    top = [m for m, col in imports if col == 0]
    assert all(m.split(".")[0] in sys.stdlib_module_names or m == "__future__" for m in top), top
    assert {m for m, col in imports if col} == {"Stemmer"}


def test_leans_on_another_connectives_and_quotes_opened_before():
    from newsfuse.text import leans_on_another

    leaning = ["And Vindman appears to be his first target.", "Instead, he is declaring a public health emergency.",
               "Still, the bridge stayed shut.", "Meanwhile the river kept rising.", "The two men were arrested.",
               "Such attacks are rare in the region.", "In addition, the rules expand access.",
               'Get to work immediately," Biden told reporters.', "We will rebuild.” the mayor said.",
               "It added that 40 homes were lost.", "But the guards said nothing.",
               "According to her, the council met twice.", "The surge comes as the US and allies withdraw.",
               "The announcement came after a week of talks.", "Dozens of them, however, were caught."]
    standing = ["Andrew Cuomo resigned on Tuesday.", "So far, 20 people have died.", "So-called experts disagreed.",
                "The two-day summit ended in Paris.", "Still photographs showed the damage.",
                'Trump called it "a disgrace" on Monday.', "“We will rebuild,” the mayor said on Monday.",
                'Officials measured 5" of rain in the valley.', "Sochi hosted the talks.", "Yeti sightings rose.",
                "According to the police, two men were arrested.", "The storm came ashore on Sunday.",
                "The mayor said, however badly it went, the town would rebuild."]
    assert [s for s in leaning if not leans_on_another(s)] == []
    assert [s for s in standing if leans_on_another(s)] == []

