"""Discrepancies: where sources give different values for the same thing.

Four kinds, each found by its own function in ``FINDERS``:

- number: two counts of the same thing (same counted noun or a synonym, same
  scope, the same event) whose ranges do not overlap ("about 2,400 residents"
  against "about 3,000 people", both evacuated);
- date: the same event dated differently ("completed in 2011" and "in 2012");
- name: one entity spelled differently by different sources;
- claim: one fact stated by one source and negated by another.

"The same thing" is judged by the words around a value: the sentences report
the same fact (align stage), or they hang the value from the same verb, are
lexically similar and name the same people. A value that counts something
else (a total, the whole in "26 of the 28") is never set against a part.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from newsfuse import dates as dates_mod
from newsfuse import numbers
from newsfuse.align import Similarity
from newsfuse.analyse.entities import fold, spelling_variants
from newsfuse.config import AnalyseConfig
from newsfuse.model import Discrepancy, Entity, Sentence, SentenceAnnotation, Value
from newsfuse.text import STOPWORDS

# units say less about what is measured than counted nouns: "$3 billion" and "$20 million" may
# be any two sums, so money, percentages and measures also need the same verb and a close sentence
UNIT_KEYS = {numbers.noun_class(u) for u in ("dollar", "metre", "kilometre", "percent")}


@dataclass
class Context:
    """What every finder reads: the story's sentences, their annotations and how they relate."""

    sentences: list[Sentence]
    annotations: list[SentenceAnnotation]
    fact_of: list[int]  # index of each sentence's fact
    similarity: Similarity  # sentence x sentence cosine, sparse
    entities: list[Entity]
    speakers: dict[int, str]  # sentence index -> speaker it names
    published: dict[str, object]  # article id -> datetime.date or None
    config: AnalyseConfig


Finder = Callable[[Context], list[Discrepancy]]
FINDERS: dict[str, Finder] = {}


def finder(kind: str) -> Callable[[Finder], Finder]:
    def register(fn: Finder) -> Finder:
        FINDERS[kind] = fn
        return fn

    return register


def find_discrepancies(ctx: Context) -> list[Discrepancy]:
    return [d for fn in FINDERS.values() for d in fn(ctx)]


def _people(ctx: Context, k: int) -> frozenset[str]:
    """Surnames of the people a sentence is about (its speaker is not one of them)."""
    speaker = ctx.speakers.get(k, "")
    return frozenset(fold(e.text.split()[-1]) for e in ctx.annotations[k].entities
                     if e.label == "PERSON" and e.text not in speaker and e.text.split())


_RELATIVE_YEAR = re.compile(r"\b(this|last|next) year\b", re.I)


def _years(ctx: Context, k: int) -> frozenset[str]:
    """The years a sentence is dated to: those it names, and "this year" or "last year" (the
    publish date's, or, without one, a year of their own: "32 cases this year" is not "21 cases
    in 2015", else the story would say "this year" of 2015 too)."""
    named = {y for e in ctx.annotations[k].entities if e.label == "DATE"
             for y in re.findall(r"\b(?:19|20)\d\d\b", e.text)}
    published = _published(ctx, k)
    for m in _RELATIVE_YEAR.finditer(ctx.sentences[k].text):
        shift = {"this": 0, "last": -1, "next": 1}[m[1].lower()]
        named.add(str(published.year + shift) if published is not None else f"{m[1].lower()} year")
    return frozenset(named)


def _published(ctx: Context, k: int):
    """The publish date (datetime.date) of sentence k's article, or None."""
    return ctx.published.get(ctx.sentences[k].article_id)


def _other_periods(ctx: Context, i: int, j: int) -> bool:
    """Sentences i and j are dated to different years ("21 cases in 2015", "50 in 2016")."""
    years_i, years_j = _years(ctx, i), _years(ctx, j)
    return bool(years_i and years_j and not (years_i & years_j))


def _same_event(ctx: Context, i: int, j: int, same_verb: bool, same_subject: bool = False,
                counts: bool = False) -> bool:
    """Whether sentences i and j report the same event. For ``counts`` (numbers counting one
    noun), sentences dated to different years never do (the dates are not what is compared),
    and under one verb, people named in only one sentence, or one person they share, are
    enough."""
    if i == j:
        return False
    if _other_people(ctx, i, j):
        return False  # "Bekah was reported missing", "Stromberg was reported missing": two events
    if counts and _other_periods(ctx, i, j):
        return False  # "21 cases in 2015", "50 cases as of August 2016": two periods
    if ctx.fact_of[i] == ctx.fact_of[j]:
        return True
    c = ctx.config
    needed = (c.same_event_with_clause if same_verb and same_subject else c.same_event_with_verb if same_verb
              else c.same_event)
    people_i, people_j = _people(ctx, i), _people(ctx, j)
    # "Lieberman could get 160 votes" / "Lieberman is the only one who can get 100 votes", one
    # sentence naming also who said it; "the deputy director" / "Deputy Director David Bowdich"
    return ctx.similarity.cosine(i, j) >= needed and (people_i == people_j or counts and same_verb and not (
        people_i and people_j and not people_i & people_j))


def _greedy(items: list, fits: Callable[[list, object], bool]) -> list[list]:
    """Each item joins the first group it fits, or starts one."""
    groups: list[list] = []
    for item in items:
        home = next((g for g in groups if fits(g, item)), None)
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    return groups


def _separate(source_sets: list[set[str]]) -> bool:
    """Whether two of the values come from separate articles: one article giving two values
    is comparing them ("72 percent against 63 percent"), not contradicting others."""
    return any(not (a & b) for i, a in enumerate(source_sets) for b in source_sets[i + 1:])


def _split(items: list, agree: Callable, article_of: Callable) -> list[list]:
    """Group values that agree (each with the group's first); two groups from separate
    articles are a discrepancy, else []."""
    classes = _greedy(items, lambda c, item: agree(c[0], item))
    if len(classes) < 2 or not _separate([{article_of(x) for x in c} for c in classes]):
        return []
    return classes


def _value(ctx: Context, members: list, surface: Callable, counts: str | None = None) -> Value:
    first = members[0]
    order = list(dict.fromkeys(ctx.sentences[m.sentence].article_id for m in members))
    keys = list(dict.fromkeys(ctx.sentences[m.sentence].key for m in members))
    return Value(surface(first), ctx.sentences[first.sentence].text, order, counts, keys)


def _groups(items: list, comparable: Callable, bucket: Callable) -> list[list]:
    """Items that are about the same thing as the group's first item, greedily; never two
    from one sentence (a sentence that gives two values is about two things). Items are
    only compared within their ``bucket`` (what ``comparable`` requires to be equal), so a
    large story does not compare every value with every other."""
    buckets: dict[object, list[tuple[int, object]]] = {}
    for n, item in enumerate(items):
        buckets.setdefault(bucket(item), []).append((n, item))
    groups = []
    for members in buckets.values():
        groups += _greedy(members, lambda g, it: comparable(g[0][1], it[1])
                          and all(m.sentence != it[1].sentence for _, m in g))
    groups.sort(key=lambda g: g[0][0])  # in the order of their first items, as one greedy pass gives
    return [[item for _, item in g] for g in groups]


@finder("number")
def number_discrepancies(ctx: Context) -> list[Discrepancy]:
    mentions = [replace(m, sentence=k) for k, note in enumerate(ctx.annotations) for m in note.numbers]
    # exact values first, so each class is anchored on the most precise statement
    mentions.sort(key=lambda m: (m.high - m.low > 0, m.sentence))

    def comparable(a, b) -> bool:
        if a.key != b.key or a.scope != b.scope or a.sentence == b.sentence:
            return False
        if a.key == numbers.AGE:  # a person has one age in a story, whatever the sentence tells
            pronouns = {a.subject.lower(), b.subject.lower()} & numbers.PRONOUN_AGE_SUBJECTS
            if pronouns:  # "when he was 22" / "when he was only 14": one age if one event is told
                return (a.subject.lower() == b.subject.lower()
                        and _same_event(ctx, a.sentence, b.sentence, same_verb=False, counts=True))
            return numbers.same_person(a.subject, b.subject, fold) and not _other_periods(ctx, a.sentence, b.sentence)
        if a.key.startswith(numbers.DURATION):  # how long one thing lasted: sentences of one fact, whatever the verb
            if a.measures and b.measures:  # "a 60-day suspension" / "a 96-day suspension": one length of one thing
                return a.measures == b.measures and _same_event(ctx, a.sentence, b.sentence, same_verb=True,
                                                                  counts=True)
            return _same_event(ctx, a.sentence, b.sentence, same_verb=False, counts=True)
        if (a.subject and b.subject and a.subject != b.subject and not {a.subject, b.subject} & PRONOUN_SUBJECTS
                and (_named(ctx, a.sentence, a.subject) or _named(ctx, b.sentence, b.subject))):
            return False  # "Brat raised $200,000", "Cantor raised $5.4 million"; "a woman" may be "an employee", "who" anyone
        same_verb = bool(a.verb) and a.verb == b.verb
        if a.key not in UNIT_KEYS and a.measures and b.measures and a.measures != b.measures:
            return False  # "seven flybys of Venus", "24 flybys of the sun": flybys of two things
        if a.key in UNIT_KEYS or a.key.startswith("degree"):
            if a.measures and b.measures and a.measures != b.measures:
                return False  # "a $325,000 settlement", "$2 million in legal fees": two sums
            if a.measures and a.measures == b.measures:  # one sum of one thing, whatever the verb
                return (ctx.fact_of[a.sentence] == ctx.fact_of[b.sentence]
                        or ctx.similarity.cosine(a.sentence, b.sentence) >= ctx.config.same_event_with_verb)
            return same_verb and (ctx.fact_of[a.sentence] == ctx.fact_of[b.sentence]
                                  or ctx.similarity.cosine(a.sentence, b.sentence) >= ctx.config.same_event)
        if _same_event(ctx, a.sentence, b.sentence, same_verb, bool(a.subject) and a.subject == b.subject,
                       counts=True):
            return True
        # "all 56 people currently listed as missing" / "the 35 people listed as missing": one noun
        # counted and described alike, in sentences that share more than the topic
        return (numbers.singular(a.counts) == numbers.singular(b.counts) and described_alike(a, b)
                and ctx.similarity.cosine(a.sentence, b.sentence) >= ctx.config.same_event_with_verb
                and not _other_people(ctx, a.sentence, b.sentence) and not _other_periods(ctx, a.sentence, b.sentence))

    def described_alike(a, b) -> bool:
        da, db = _described(ctx.sentences[a.sentence].text, a), _described(ctx.sentences[b.sentence].text, b)
        return len(da & db) >= 2 and len(da & db) * 2 >= min(len(da), len(db))

    stated: dict[tuple, list] = {}  # (article, what it counts, scope) -> every value it gives for that
    for m in mentions:
        stated.setdefault((ctx.sentences[m.sentence].article_id, m.key, m.scope), []).append(m)

    def printed_by_one(c1: list, c2: list) -> bool:
        """An article of one class also gives the other's value for the same thing: "six
        districts" beside "26 of the 28 districts" in one article is two counts, not a
        source contradicting another. Only a statement about the same thing counts: "20
        percent of Tea Party supporters" elsewhere in an article does not give Romney's 21, but
        "95.1 percent for local tumours, 76 percent where they spread" gives both."""
        for mine, theirs in ((c1, c2), (c2, c1)):
            own = {m.sentence for m in mine}  # a sentence that gives both values compares them
            for article in {ctx.sentences[m.sentence].article_id for m in mine}:
                if any(v.agrees(t) and (v.sentence in own or comparable(v, t)) for v in stated.get((article, theirs[0].key, theirs[0].scope), ())
                       for t in theirs):
                    return True
        return False

    def with_restatements(classes: list[list]) -> list[list]:
        """Each side with the other sentences that restate its value of the same thing, in the
        same fact or comparably ("21 cases were confirmed in 2015" / "when 21 cases for the whole
        year were reported"): the side names every article that gives the value."""
        taken = {(m.sentence, m.surface) for c in classes for m in c}
        out = []
        for c in classes:
            facts = {ctx.fact_of[m.sentence] for m in c}
            more = [m for m in stated.get((None, c[0].key, c[0].scope), ())
                    if (m.sentence, m.surface) not in taken and m.agrees(c[0])
                    and all(m.sentence != x.sentence for x in c)
                    and (ctx.fact_of[m.sentence] in facts or comparable(c[0], m))]
            out.append(c + more)
        return out

    for m in mentions:
        stated.setdefault((None, m.key, m.scope), []).append(m)  # the story's values of each thing, any article

    out = []
    for group in _groups(mentions, comparable, lambda m: (m.key, m.scope)):
        classes = _split(group, lambda a, b: a.agrees(b), lambda m: ctx.sentences[m.sentence].article_id)
        if not classes:
            continue
        classes = with_restatements(classes)
        if all(printed_by_one(c1, c2) for k, c1 in enumerate(classes) for c2 in classes[k + 1:]):
            continue
        counts = list(dict.fromkeys(m.counts.lower() for m in group))
        verb = next((m.verb_text for m in group if m.verb_text), "")
        about = " / ".join(counts[:3]) + (f" ({verb})" if verb else "")
        values = [_value(ctx, sorted(c, key=lambda m: m.sentence), lambda m: m.surface, c[0].counts)
                  for c in classes]
        out.append(Discrepancy(about, "number", values))
    return out


def _described(text: str, m) -> frozenset[str]:
    """The content words that follow a count up to the end of its clause: what the counted
    things are said to be or do ("people currently listed as missing in the county")."""
    at = text.find(m.surface)
    if at < 0:
        return frozenset()
    clause = re.split(r"[,;:()\u2014\u2013]|\.(?:\s|$)", text[at + len(m.surface):], maxsplit=1)[0]
    words = re.findall(r"[a-z]+", clause.lower())[:10]
    counted = numbers.singular(m.counts)
    return frozenset(numbers.singular(w) for w in words if w not in STOPWORDS and numbers.singular(w) != counted)


@dataclass(frozen=True)
class _DateMention:
    sentence: int
    surface: str
    when: dates_mod.When
    verb: str
    verb_text: str
    subject: str
    written: tuple = ()  # the precision as written, before a weekday is resolved to a calendar date


@finder("date")
def date_discrepancies(ctx: Context) -> list[Discrepancy]:
    """The same event dated differently. Two dates are of one event when they hang from the
    same verb with the same subject (or one unnamed: "he") in sentences about the same
    event, or, whatever their verbs, when their sentences state the same fact (or are as
    close as ``analyse.same_event``), the verbs have one subject (or one unnamed) and each
    sentence gives one date of that precision ("Pelosi was re-elected to her post Sunday" /
    "Pelosi on Wednesday was appointed to an eighth term"), or when each sentence also tells
    the other's dated verb, or when each is the date an article's lead gives its news, on one
    day ("_lead_dates"). Dates of statements ("said on Monday") are compared only there, where
    the statement is the news; dates offered as alternatives ("July or August") never are; dates
    compared are written alike (a weekday resolved to a calendar date is not set against "June")."""
    mentions, said = [], []
    for k, note in enumerate(ctx.annotations):
        for m in note.dates:
            when = dates_mod.read_date(m.surface)
            if when is not None and not _alternative(ctx.sentences[k].text, m.surface):
                (said if m.statement else mentions).append(
                    _DateMention(k, m.surface, _resolved(ctx, k, when), m.verb, m.verb_text,
                                 "" if m.subject in PRONOUN_SUBJECTS else m.subject, _precision(when)))
    per_sentence = Counter((m.sentence, _precision(m.when)) for m in {(m.sentence, m.surface): m for m in mentions}.values())

    told: dict[int, set[str]] = {}  # sentence -> the verbs it tells, made when first asked

    def verbs_of(k: int) -> set[str]:
        """The verbs sentence k tells (its main clauses', and those its dates and counts hang from)."""
        if k not in told:
            note = ctx.annotations[k]
            told[k] = ({p.verb for p in note.polarity} | {m.verb for m in note.dates if not m.statement}
                       | {m.verb for m in note.numbers}) - {""}
        return told[k]

    def same_or_unnamed(a, b) -> bool:
        return a.subject == b.subject or not a.subject or not b.subject

    def one_subject(a, b) -> bool:
        """The same subject, or one unnamed ("he"), or, under one verb, two common nouns that
        may be one referent ("the youth was booked" / "a student was booked"); two names are
        two subjects."""
        return same_or_unnamed(a, b) or not (_named(ctx, a.sentence, a.subject) and _named(ctx, b.sentence, b.subject))

    def one_date_each(a, b) -> bool:
        """Both dates of one precision, and the only one of it in each sentence: which of two
        dates the other sentence dates is not known."""
        kind = _precision(a.when)
        return kind == _precision(b.when) and per_sentence[a.sentence, kind] == 1 == per_sentence[b.sentence, kind]

    def same_clause(a, b) -> bool:
        if a.written != b.written:
            return False  # "Thursday's announcement" / "the decision in June": what is dated is not one thing
        return (a.verb == b.verb and one_subject(a, b)
                and _same_event(ctx, a.sentence, b.sentence, True, bool(a.subject) and a.subject == b.subject))

    def same_fact(a, b) -> bool:
        # each date hangs from a verb, of one subject (or one unnamed): "the attorney blasted the
        # bureau on Monday" does not date "Strzok was fired late Friday", though one fact holds both
        return (a.verb and b.verb and same_or_unnamed(a, b) and one_date_each(a, b)
                and _same_event(ctx, a.sentence, b.sentence, same_verb=False))

    def shared_verbs(a, b) -> bool:
        # "a judge ordered him released from prison Wednesday" / "will be released from prison Friday
        # after a judge ordered": each date's verb is told by the other sentence too
        return (a.verb and b.verb and a.verb != b.verb and a.verb in verbs_of(b.sentence)
                and b.verb in verbs_of(a.sentence) and one_date_each(a, b)
                and _same_event(ctx, a.sentence, b.sentence, same_verb=True))

    leads = _lead_dates(ctx, mentions + said)

    stated_figures: dict[int, set] = {}  # sentence -> its figures, made when first asked

    def figures(k: int) -> set:
        """The figures sentence k states of what it counts or measures, past the small counts
        any two events share ("$325,000" of a settlement, not "two" of anything)."""
        if k not in stated_figures:
            stated_figures[k] = {(m.key, m.measures or numbers.singular(m.counts.lower()), m.value)
                                 for m in ctx.annotations[k].numbers
                                 if m.value >= 10 and m.key not in (numbers.AGE, numbers.ADDRESS)
                                 and not m.key.startswith(numbers.DURATION)}
        return stated_figures[k]

    def same_figure(a, b):
        # "the cheerleaders scored a $325,000 settlement on Monday" / "a court approved a $325,000
        # settlement on Wednesday": one figure of one thing tells one event, whatever its verb
        # and its subject
        return (a.verb and b.verb and one_date_each(a, b) and not _other_people(ctx, a.sentence, b.sentence)
                and bool(figures(a.sentence) & figures(b.sentence))
                and ctx.similarity.cosine(a.sentence, b.sentence) >= ctx.config.same_event_with_verb)

    def lead_events(a, b):
        # "Pelosi was re-elected to her leadership post Sunday" / "Pelosi on Wednesday was appointed
        # to an eighth term": each lead dates the news it opens with, and two leads of one day
        # about one story, with one subject (or one unnamed), open with one event whatever their
        # verbs; "senators kept up pressure on Steele Sunday" / "conservatives offered reactions
        # to Steele on Friday" open with two
        return (a in leads and b in leads and a.written == b.written and same_or_unnamed(a, b)
                and ctx.sentences[a.sentence].article_id != ctx.sentences[b.sentence].article_id
                and _published_together(ctx, a.sentence, b.sentence)
                and not _other_people(ctx, a.sentence, b.sentence)
                and ctx.similarity.cosine(a.sentence, b.sentence) >= ctx.config.same_event_with_verb)

    def both_knew(a, b) -> bool:
        """Each article could have told the other's day: an article published on Sunday cannot
        date Thursday's meeting, so "met on Sunday" (published Sunday) and "met on Thursday"
        (published Thursday) are two meetings. What will happen may be told before."""
        days = [(m.when, _published(ctx, m.sentence)) for m in (a, b)]
        if any(w.day is None or w.year is None or p is None for w, p in days) or any(
                dates_mod.tells_future(ctx.sentences[m.sentence].text) for m in (a, b)):
            return True
        latest = max(datetime.date(w.year, w.month, w.day) for w, _ in days)
        return latest <= min(p for _, p in days)

    out, shown = [], set()
    passes = ((mentions, same_clause, lambda m: m.verb), (mentions, same_fact, lambda m: _precision(m.when)),
              (mentions, shared_verbs, lambda m: _precision(m.when)),
              (mentions, same_figure, lambda m: _precision(m.when)),
              ([m for m in mentions + said if m in leads], lead_events, lambda m: m.written))
    for items, comparable, bucket in passes:
        for group in _groups(items, lambda a, b, same=comparable: same(a, b) and both_knew(a, b), bucket):
            classes = _split(group, lambda a, b: not a.when.conflicts(b.when),
                             lambda m: ctx.sentences[m.sentence].article_id)
            seen = frozenset(frozenset((m.sentence, m.surface) for m in c) for c in classes)
            if not classes or seen in shown:
                continue
            shown.add(seen)
            subject = next((m.subject for m in group if m.subject), "")
            about = f"when {subject + ' ' if subject else ''}{group[0].verb_text}".strip()
            values = [_value(ctx, sorted(c, key=lambda m: m.sentence), lambda m: m.surface) for c in classes]
            out.append(Discrepancy(about, "date", values))
    return out


LEAD = 2  # sentences of an article's lead: a dateline or a kicker may come before the news


def _lead_dates(ctx: Context, mentions: list) -> set:
    """The date each article's lead gives its news: the one day or weekday of the first
    sentence of the lead that dates a clause or a statement ("Trump on Friday called the case
    unfair" opens with what he said), none when that sentence names another day ("Trump on
    Friday said he had no regret for the assault at a rally Thursday")."""
    first: dict[str, object] = {}
    for m in sorted(mentions, key=lambda m: ctx.sentences[m.sentence].position):
        sentence = ctx.sentences[m.sentence]
        if (sentence.position >= LEAD or sentence.article_id in first or not (m.written[2] or m.written[3])
                or _names_a_thing(sentence.text, m.surface)):
            continue
        first[sentence.article_id] = m if dates_mod.days_named(sentence.text) == 1 else None
    return {m for m in first.values() if m is not None}


def _names_a_thing(text: str, surface: str) -> bool:
    """A date written as part of a noun ("the Monday incident", "Wednesday's vote") names
    something of that day, not the day of the clause's verb."""
    return bool(re.match(r"(?:the|a)\b", surface, re.I)
                or re.search(rf"\b(?:the|a)\s+{re.escape(surface)}\b|\b{re.escape(surface)}['’]s\b", text))


def _published_together(ctx: Context, i: int, j: int) -> bool:
    """The articles of sentences i and j were published on one day, or are not dated: the lead
    of a later day may open with that day's news ("LePage opened the door Tuesday to an early
    exit" / "LePage said Wednesday that he has no plans to resign")."""
    day_i, day_j = _published(ctx, i), _published(ctx, j)
    return day_i is None or day_j is None or day_i == day_j


def _alternative(text: str, surface: str) -> bool:
    """A date offered as one of two ("in either July or August of 2018"): no date is stated."""
    at = text.find(surface)
    return at >= 0 and bool(re.search(r"\bor(?:\s+[a-z]+){0,2}\s+$", text[:at])  # "Sunday or earlier on Monday"
                            or re.match(r"\s+or\b", text[at + len(surface):]))


def _named(ctx: Context, k: int, word: str) -> bool:
    """Whether ``word`` (a subject's lemma) is a name in sentence k: part of a person, place or
    organisation the parse found there, or capitalised where it is not the sentence's first word."""
    if any(word in e.text.lower().split() for e in ctx.annotations[k].entities if e.label in _NAMED):
        return True
    text = ctx.sentences[k].text
    return any(m.start() > 0 and text[m.start()].isupper()
               for m in re.finditer(rf"\b{re.escape(word)}", text, re.I))


_NAMED = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")


PRONOUN_SUBJECTS = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"}


def _precision(when: dates_mod.When) -> tuple:
    """What a date states: a year, a month, a day, a weekday, a relative time."""
    return (when.year is not None, when.month is not None, when.day is not None, when.weekday is not None,
            when.relative is not None)


def _other_people(ctx: Context, i: int, j: int) -> bool:
    """The sentences are about different people ("Bekah was reported missing", "Stromberg was")."""
    people_i, people_j = _people(ctx, i), _people(ctx, j)
    return bool(people_i and people_j and not (people_i & people_j))


def _resolved(ctx: Context, k: int, when: dates_mod.When) -> dates_mod.When:
    """A weekday or "last week" as a calendar date, when the article's publish date is known; a
    weekday keeps its name, to be set against the same weekday of an article without one."""
    if when.year is not None:
        return when
    iso, ok = dates_mod.resolve(when, _published(ctx, k))
    if ok and len(iso) == 10:
        return dates_mod.When(int(iso[:4]), int(iso[5:7]), int(iso[8:10]), when.weekday)
    return when


@finder("name")
def name_discrepancies(ctx: Context) -> list[Discrepancy]:
    out = []
    for entity in ctx.entities:
        groups = spelling_variants(entity)
        if not groups:
            continue
        values = []
        for variants in groups:
            sources = sorted({a for v in variants for a in entity.spellings.get(v, [])},
                             key=lambda a: entity.sources.index(a) if a in entity.sources else 0)
            shown = max(variants, key=lambda v: len(v.split()))  # "Emomali Rakhmon" says more than "Rakhmon"
            exact = re.compile(rf"(?<!\w){re.escape(shown)}(?!\w)")
            text = next((s.text for s in ctx.sentences if s.article_id in sources and exact.search(s.text)), "")
            values.append(Value(shown, text, sources))
        if not _separate([set(v.sources) for v in values]):
            continue  # every source writes it both ways: its own inconsistency, not the sources disagreeing
        out.append(Discrepancy(f"spelling of {entity.name}", "name", values))
    return out


@finder("claim")
def claim_discrepancies(ctx: Context) -> list[Discrepancy]:
    """One fact stated by one source and negated by another, same verb and same subject:
    "Russian troops will be deployed" against "Russian troops will not be deployed"."""
    by_fact: dict[int, list[int]] = {}
    for k, f in enumerate(ctx.fact_of):
        by_fact.setdefault(f, []).append(k)
    out = []
    for members in by_fact.values():
        if len({ctx.sentences[k].article_id for k in members}) < 2:
            continue
        polarity = {k: {(p.verb, p.subject): p.negated for p in ctx.annotations[k].polarity} for k in members}
        found = None
        for i in members:
            for j in members:
                if (ctx.sentences[i].article_id == ctx.sentences[j].article_id
                        or ctx.similarity.cosine(i, j) < ctx.config.opposed
                        or min(ctx.sentences[i].words, ctx.sentences[j].words) < 8):
                    continue
                flipped = [key for key, neg in polarity[j].items() if neg and polarity[i].get(key) is False]
                if flipped:
                    found = flipped[0]
                    break
            if found:
                break
        if not found:
            continue
        yes = [k for k in members if polarity[k].get(found) is False]
        no = [k for k in members if polarity[k].get(found) is True]
        if {ctx.sentences[k].article_id for k in yes} & {ctx.sentences[k].article_id for k in no}:
            continue  # a source saying both is quoting both sides, not contradicting another
        values = [Value(label, ctx.sentences[ks[0]].text, list(dict.fromkeys(ctx.sentences[k].article_id for k in ks)))
                  for label, ks in (("affirms", yes), ("denies", no))]
        verb, subject = found
        out.append(Discrepancy(f"whether {subject + ' ' if subject else ''}{verb}", "claim", values))
    return out
