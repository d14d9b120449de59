"""Analyse: read across the sources of one story.

Given a story's cleaned articles, their sentences and facts (align stage),
this stage finds what the sources share and where they part: copied wire
text (``syndication``), numbers, dates, names and claims that disagree
(``discrepancies``), what each source alone adds, the entities with their
spellings merged (``entities``), who said what (``quotes``) and a
``timeline``. Every analyser reads the same spaCy parse of each sentence
(``nlp``), made once.
"""

from __future__ import annotations

from dataclasses import replace

from newsfuse.align import Similarity, sort_facts
from newsfuse.analyse.discrepancies import Context, find_discrepancies, number_discrepancies
from newsfuse.analyse.entities import find_entities
from newsfuse.analyse.quotes import find_quotes, speakers_by_sentence
from newsfuse.analyse.syndication import copied_pairs, count_independent, find_syndication
from newsfuse.analyse.timeline import build_timeline
from newsfuse.config import AnalyseConfig
from newsfuse.dates import parse_published
from newsfuse.model import Analysis, Article, Discrepancy, Fact, Key, Sentence, SentenceAnnotation
from newsfuse.numbers import text_numbers
from newsfuse.salience import rank_alone
from newsfuse.text import content_tokens, leans_on_another, names, trim


def unique_facts(facts: list[Fact], similarity: Similarity, article_order: list[str],
                 config: AnalyseConfig, titles: dict[str, str | None] | None = None) -> dict[str, list[Fact]]:
    """For each article, the facts no other article reports, in any words; most newsworthy first.

    A fact one article alone supports is still reported by another article when its sentence
    comes close to one of that article's (cosine ``config.unique_overlap``), or when that
    article's closest sentences (up to three of its neighbours in ``similarity``) hold
    ``config.unique_words`` of its content words, each weighted by its rarity in the story,
    and the article gives each of its numbers and names. A sentence that leans on the one
    before it ("They have taken...") is not listed. Order: the summariser's salience (lead
    position, centrality) with what the source's headline states (``titles``: article id ->
    headline) and the numbers and names no other article gives."""
    import math
    from collections import Counter


    rows = similarity.sentences
    words = [set(content_tokens(s.text)) for s in rows]
    in_article: dict[str, set[str]] = {}
    for s, ws in zip(rows, words):
        in_article.setdefault(s.article_id, set()).update(ws)
    spread = Counter(w for ws in in_article.values() for w in ws)  # articles using each word
    n = max(len(in_article), 1)

    def weight(w: str) -> float:  # smooth IDF over the story's articles: a word all of them use weighs 1
        return math.log((1 + n) / (1 + spread[w])) + 1

    def said_elsewhere(i: int, mine: set[str], specifics: set[str]) -> bool:
        start, stop = similarity.neighbours.indptr[i], similarity.neighbours.indptr[i + 1]
        closest: dict[str, list[tuple[float, int]]] = {}
        for j, v in zip(similarity.neighbours.indices[start:stop].tolist(),
                        similarity.neighbours.data[start:stop].tolist()):
            if rows[j].article_id != rows[i].article_id:
                closest.setdefault(rows[j].article_id, []).append((v, j))
        total = sum(weight(w) for w in mine)
        for other, near in closest.items():
            if not specifics <= in_article[other]:
                continue  # a number or name that article does not give
            held = set().union(*(words[j] for _, j in sorted(near, reverse=True)[:3]))
            if total and sum(weight(w) for w in mine & held) >= config.unique_words * total:
                return True
        return False

    found: list[Fact] = []
    known = set(article_order)
    for fact in facts:
        if fact.support != 1 or fact.sources[0] not in known:
            continue
        s = fact.sentences[0]
        text = trim(s.text)
        if len(text.split()) < config.min_unique_words or text.endswith("?") or leans_on_another(text):
            continue
        i = similarity.index.get(s.key)
        mine = set(content_tokens(text))
        specifics = {w for w in mine if w[0].isdigit()} | {w for name in names(text) for w in content_tokens(name)}
        if i is not None and (similarity.max_to_other_articles(i) >= config.unique_overlap
                              or said_elsewhere(i, mine, specifics)):
            continue
        found.append(Fact(fact.sentences, text, fact.sources, independent=1, stated_by=s.key))
    return rank_alone(found, similarity, article_order, titles)


def analyse(articles: list[Article], sentences: list[Sentence], annotations: list[SentenceAnnotation],
            facts: list[Fact], similarity: Similarity, config: AnalyseConfig | None = None
            ) -> tuple[list[Fact], Analysis]:
    """Everything the story's sources say across one another (see the module docstring).

    Returns new facts (a source whose sentence gives a conflicting value no longer
    supports its fact; copies count once in ``independent``) and the analysis; the
    align stage's facts are left as they were.
    """

    config = config or AnalyseConfig()
    order = [a.id for a in articles]
    facts = merge_same_counts(facts, sentences, annotations, order)
    pairs = copied_pairs(sentences, config)
    analysis = Analysis(syndicated=find_syndication(articles, sentences, pairs, config),
                        unique=unique_facts(facts, similarity, order, config,
                                                   titles={a.id: a.title for a in articles}))
    if not sentences:
        return count_independent(facts, sentences, pairs), analysis
    fact_index = {s.key: k for k, f in enumerate(facts) for s in f.sentences}
    fact_of = [fact_index.get(s.key, -1 - i) for i, s in enumerate(sentences)]
    published = {a.id: parse_published(a.published) for a in articles}
    article_ids = [s.article_id for s in sentences]
    analysis.entities = find_entities(annotations, article_ids, order, config.close_spelling)
    ctx = Context(sentences, annotations, fact_of, similarity, analysis.entities,
                  speakers_by_sentence(sentences, annotations), published, config)
    analysis.discrepancies = find_discrepancies(ctx)
    disputes = Disputes(analysis.discrepancies)  # who may be cited for what: every section reads it
    analysis.quotes = find_quotes(sentences, annotations, fact_of, config, cite=disputes.citable)
    analysis.timeline = build_timeline(sentences, annotations, fact_of, published, config.max_events,
                                       cite=disputes.citable)
    facts = separate_disputed(facts, disputes)
    facts = count_independent(facts, sentences, pairs)
    return sort_facts(facts, order), analysis


def nothing_to_compare(articles: list[Article], syndicated: list) -> str:
    """A note for a story with one account only: one article, or articles all copies of one
    ("" when the sources can be compared)."""
    if len(articles) == 1:
        return "One article: there is nothing to compare it with, so no section sets sources side by side."
    copies = [set(s.articles) for s in syndicated if s.kind == "article"]
    if any(len(group) == len(articles) and group >= {a.id for a in articles} for group in copies):
        return (f"All {len(articles)} articles are copies of one report: there is one account, nothing to compare, "
                "so no section sets sources side by side.")
    return ""


def check_numbers(articles: list[Article], sentences: list[Sentence], facts: list[Fact], similarity: Similarity,
                  config: AnalyseConfig | None = None) -> tuple[list[Fact], Analysis]:
    """The figures of a story checked without a parse (``analyse.enabled`` off): counts,
    sums, shares, ages and lengths of time read from the words (:func:`numbers.text_numbers`),
    compared as the full analysis compares them, so a source that gives another figure is
    shown beside the others and never cited for theirs. Only number discrepancies; facts
    otherwise as given."""

    config = config or AnalyseConfig()
    if not sentences:
        return facts, Analysis()
    annotations = [SentenceAnnotation(numbers=tuple(text_numbers(s.text))) for s in sentences]
    fact_index = {s.key: k for k, f in enumerate(facts) for s in f.sentences}
    fact_of = [fact_index.get(s.key, -1 - i) for i, s in enumerate(sentences)]
    ctx = Context(sentences, annotations, fact_of, similarity, [], {}, {}, config)
    found = Analysis(discrepancies=number_discrepancies(ctx))
    return separate_disputed(facts, found.discrepancies), found


def merge_same_counts(facts: list[Fact], sentences: list[Sentence], annotations: list[SentenceAnnotation],
                      order: list[str]) -> list[Fact]:
    """Facts of different articles that give the same count, worded the same way, of the
    same kind of thing doing the same ("More than 1,000 Afghan security personnel fled",
    "More than 1,000 Afghan soldiers have fled") are one fact, however different their other
    words: a reader counts them as one. Exact and rounded figures ("1,037", "more than
    1,000") stay apart, as do facts that share an article. New facts; those given are left."""
    note = {s.key: a for s, a in zip(sentences, annotations)}
    parent = list(range(len(facts)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    articles = [set(f.sources) for f in facts]
    first: dict[tuple, int] = {}  # the count's signature -> the first fact giving it
    for k, fact in enumerate(facts):
        for sentence in fact.sentences:
            annotation = note.get(sentence.key)
            for n in annotation.numbers if annotation else ():
                if not (n.verb and n.key) or n.scope:
                    continue
                signature = (n.value, n.low, n.high, n.key, n.verb)
                other = first.setdefault(signature, k)
                a, b = root(k), root(other)
                if a != b and not articles[a] & articles[b]:
                    keep, gone = min(a, b), max(a, b)
                    parent[gone] = keep
                    articles[keep] |= articles[gone]
    if all(parent[k] == k for k in range(len(facts))):
        return facts
    groups: dict[int, list[int]] = {}
    for k in range(len(facts)):
        groups.setdefault(root(k), []).append(k)
    place = {a: i for i, a in enumerate(order)}
    out = []
    for members in groups.values():
        if len(members) == 1:
            out.append(facts[members[0]])
            continue
        lead = max(members, key=lambda k: (len(facts[k].sentences), -k))  # the larger group states it
        merged = [s for k in members for s in facts[k].sentences]
        sources = sorted({a for k in members for a in facts[k].sources}, key=lambda a: place.get(a, 0))
        disputed = sorted({a for k in members for a in facts[k].disputed} - set(sources))
        out.append(replace(facts[lead], sentences=merged, sources=sources, disputed=disputed))
    return sort_facts(out, order)


class Disputes:
    """Which sources may be cited for which sentence: the one decision every section reads.

    Built from the story's number and date discrepancies. A sentence that gives one side's
    value ("about 2,400 residents were evacuated") may cite a source only if that source
    gives the same value, or none, for each thing disputed in it: Radio Nord, which says
    about 3,000, is cited for the 2,400 sentence nowhere (brief, facts, timeline, quotes).
    A source that prints both values is not against either.
    """

    def __init__(self, discrepancies: list[Discrepancy]):
        self.side_of: dict[Key, list[tuple[int, int]]] = {}  # sentence -> (dispute, side) of each value it gives
        self.sides: dict[tuple[int, str], set[int]] = {}  # (dispute, article) -> the sides that article gives
        disputes = [d for d in discrepancies if d.kind in ("number", "date")]
        for n, d in enumerate(disputes):
            for side, value in enumerate(d.values):
                for key in value.sentences:
                    self.side_of.setdefault(tuple(key), []).append((n, side))
                    self.sides.setdefault((n, key[0]), set()).add(side)

    def __bool__(self) -> bool:
        return bool(self.side_of)

    def against(self, shown: Key | None, articles: list[str]) -> list[str]:
        """The articles that give another value than sentence ``shown`` for a thing it states."""
        sides = self.side_of.get(tuple(shown), ()) if shown is not None else ()
        return [a for a in articles if any((n, a) in self.sides and side not in self.sides[n, a]
                                           for n, side in sides)]

    def citable(self, shown: Key | None, articles: list[str]) -> list[str]:
        """``articles`` without those against sentence ``shown``, in their order."""
        out = self.against(shown, articles)
        return [a for a in articles if a not in out] if out else list(articles)


def separate_disputed(facts: list[Fact], discrepancies: list[Discrepancy] | Disputes) -> list[Fact]:
    """A sentence that gives a conflicting number or date no longer supports the fact:
    "about 3,000 evacuated" reports the same event as "about 2,400 evacuated" but does
    not confirm it. Its article moves from the fact's ``sources`` to ``disputed``
    (:class:`Disputes` decides, for the sentence that states the fact)."""
    disputes = discrepancies if isinstance(discrepancies, Disputes) else Disputes(discrepancies)
    if not disputes:
        return facts
    out = []
    for fact in facts:
        moved = disputes.against(fact.statement.key, fact.sources)
        if not moved:
            out.append(fact)  # no disputed value in it: most facts of a large story
            continue
        out.append(replace(fact, sources=[a for a in fact.sources if a not in moved],
                           disputed=sorted(set(fact.disputed) | set(moved))))
    return out
