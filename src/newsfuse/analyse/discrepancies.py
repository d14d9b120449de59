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

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from newsfuse import dates as dates_mod
from newsfuse.analyse import numbers
from newsfuse.analyse.entities import fold, spelling_variants
from newsfuse.analyse.quotes import SPEECH
from newsfuse.model import Discrepancy, Entity, Sentence, Value

SAME_EVENT = 0.35  # sentence cosine at which two values are about the same thing
SAME_EVENT_WITH_VERB = 0.2  # ... when the values also hang from the same verb
SAME_EVENT_WITH_CLAUSE = 0.1  # ... from the same verb with the same subject ("the barrier was completed")
# units say less about what is measured than counted nouns: "$3 billion" and "$20 million" may
# be any two sums, so money, percentages and measures also need the same verb and a close sentence
UNIT_KEYS = {numbers.noun_class(u) for u in ("dollar", "metre", "kilometre", "percent")}


@dataclass
class Context:
    """What every finder reads: the story's sentences, their parses and how they relate."""

    sentences: list[Sentence]
    docs: list
    fact_of: list[int]  # index of each sentence's fact
    similarity: np.ndarray  # sentence x sentence cosine
    entities: list[Entity]
    speakers: dict[int, str]  # sentence index -> speaker it names
    published: dict[str, object]  # article id -> datetime.date or None


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
    return frozenset(fold(e.text.split()[-1]) for e in ctx.docs[k].ents
                     if e.label_ == "PERSON" and e.text not in speaker)


def _years(ctx: Context, k: int) -> frozenset[str]:
    return frozenset(y for e in ctx.docs[k].ents if e.label_ == "DATE" for y in re.findall(r"\b(?:19|20)\d\d\b", e.text))


def _same_event(ctx: Context, i: int, j: int, same_verb: bool, same_subject: bool = False,
                periods: bool = False) -> bool:
    """Whether sentences i and j report the same event; with ``periods``, sentences dated to
    different years never do (for numbers: the dates are not what is compared)."""
    if i == j:
        return False
    people_i, people_j = _people(ctx, i), _people(ctx, j)
    if people_i and people_j and not (people_i & people_j):
        return False  # "Bekah was reported missing", "Stromberg was reported missing": two events
    years_i, years_j = _years(ctx, i), _years(ctx, j)
    if periods and years_i and years_j and not (years_i & years_j):
        return False  # "21 cases in 2015", "50 cases as of August 2016": two periods
    if ctx.fact_of[i] == ctx.fact_of[j]:
        return True
    needed = (SAME_EVENT_WITH_CLAUSE if same_verb and same_subject else SAME_EVENT_WITH_VERB if same_verb
              else SAME_EVENT)
    return ctx.similarity[i, j] >= needed and people_i == people_j


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
    texts = list(dict.fromkeys(ctx.sentences[m.sentence].text for m in members))
    return Value(surface(first), ctx.sentences[first.sentence].text, order, counts, texts)


def _groups(items: list, comparable: Callable) -> list[list]:
    """Items that are about the same thing as the group's first item, greedily; never two
    from one sentence (a sentence that gives two values is about two things)."""
    return _greedy(items, lambda g, item: comparable(g[0], item) and all(m.sentence != item.sentence for m in g))


@finder("number")
def number_discrepancies(ctx: Context) -> list[Discrepancy]:
    mentions = [m for k, doc in enumerate(ctx.docs) for m in numbers.mentions(doc, k)]
    # exact values first, so each class is anchored on the most precise statement
    mentions.sort(key=lambda m: (m.high - m.low > 0, m.sentence))

    def comparable(a, b) -> bool:
        if a.key != b.key or a.scope != b.scope or a.sentence == b.sentence:
            return False
        if a.subject and b.subject and a.subject != b.subject:
            return False  # "Brat raised $200,000", "Cantor raised $5.4 million"
        same_verb = bool(a.verb) and a.verb == b.verb
        if a.key in UNIT_KEYS or a.key.startswith("degree"):
            return same_verb and (ctx.fact_of[a.sentence] == ctx.fact_of[b.sentence]
                                  or ctx.similarity[a.sentence, b.sentence] >= SAME_EVENT)
        return _same_event(ctx, a.sentence, b.sentence, same_verb, bool(a.subject) and a.subject == b.subject,
                           periods=True)

    out = []
    for group in _groups(mentions, comparable):
        classes = _split(group, lambda a, b: a.agrees(b), lambda m: ctx.sentences[m.sentence].article_id)
        if not classes:
            continue
        counts = list(dict.fromkeys(m.counts.lower() for m in group))
        verb = next((m.verb_text for m in group if m.verb_text), "")
        about = " / ".join(counts[:3]) + (f" ({verb})" if verb else "")
        values = [_value(ctx, sorted(c, key=lambda m: m.sentence), lambda m: m.surface, c[0].counts)
                  for c in classes]
        out.append(Discrepancy(about, "number", values))
    return out


@dataclass(frozen=True)
class _DateMention:
    sentence: int
    surface: str
    when: dates_mod.When
    verb: str
    verb_text: str
    subject: str


@finder("date")
def date_discrepancies(ctx: Context) -> list[Discrepancy]:
    mentions = []
    for k, doc in enumerate(ctx.docs):
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            when = dates_mod.read_date(ent.text)
            verb = numbers._verb(ent.root)
            if when is None or verb is None or verb.lemma_.lower() in SPEECH:
                continue  # "said on Monday" dates the statement, not the event
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None and verb.dep_ == "acl":
                subject = verb.head  # "the barrier, completed in 2011": the barrier was completed
            mentions.append(_DateMention(k, ent.text, _resolved(ctx, k, when), verb.lemma_.lower(), verb.text,
                                         subject.lemma_.lower() if subject is not None else ""))

    def comparable(a, b) -> bool:
        return (a.verb == b.verb and a.subject == b.subject
                and _same_event(ctx, a.sentence, b.sentence, True, bool(a.subject)))

    out = []
    for group in _groups(mentions, comparable):
        classes = _split(group, lambda a, b: not a.when.conflicts(b.when),
                         lambda m: ctx.sentences[m.sentence].article_id)
        if classes:
            subject = group[0].subject
            about = f"when {subject + ' ' if subject else ''}{group[0].verb_text}".strip()
            values = [_value(ctx, sorted(c, key=lambda m: m.sentence), lambda m: m.surface) for c in classes]
            out.append(Discrepancy(about, "date", values))
    return out


def _resolved(ctx: Context, k: int, when: dates_mod.When) -> dates_mod.When:
    """A weekday or "last week" as a calendar date, when the article's publish date is known."""
    if when.year is not None:
        return when
    iso, ok = dates_mod.resolve(when, ctx.published.get(ctx.sentences[k].article_id))
    if ok and len(iso) == 10:
        return dates_mod.When(int(iso[:4]), int(iso[5:7]), int(iso[8:10]))
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


NEGATIONS = {"not", "n't", "never", "no"}
OPPOSED = 0.4  # sentence cosine above which one sentence negating the other's verb contradicts it
_HEDGES = {"if", "whether", "unless", "would", "could", "might", "may", "should"}


def _polarity(doc) -> dict[tuple[str, str], bool]:
    """(verb lemma, subject lemma) -> negated, for the plain statements of a sentence.
    Verbs in a conditional or hedged clause ("if they don't pass", "would not") and verbs
    a sentence both affirms and negates are left out: they state nothing either way."""
    seen: dict[tuple[str, str], set[bool]] = {}
    for t in doc:
        if t.pos_ != "VERB" or not t.lemma_.isalpha() or t.lemma_.lower() in SPEECH:
            continue
        reported = t.dep_ == "ccomp" and t.head.dep_ == "ROOT" and t.head.lemma_.lower() in SPEECH
        if t.dep_ != "ROOT" and not reported and not (t.dep_ == "conj" and t.head.dep_ == "ROOT"):
            continue  # main (or reported) clauses only: "decided not to go", "decided against going" both decide
        if any(c.lower_ in _HEDGES for c in t.children) or any(a.lower_ in ("if", "whether") for a in t.ancestors):
            continue
        subject = next((c.lemma_.lower() for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), "")
        neg = any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in t.children)
        seen.setdefault((t.lemma_.lower(), subject), set()).add(neg)
    return {k: v.pop() for k, v in seen.items() if len(v) == 1}


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
        polarity = {k: _polarity(ctx.docs[k]) for k in members}
        found = None
        for i in members:
            for j in members:
                if (ctx.sentences[i].article_id == ctx.sentences[j].article_id
                        or ctx.similarity[i, j] < OPPOSED or min(ctx.sentences[i].words, ctx.sentences[j].words) < 8):
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
