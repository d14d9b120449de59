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

import numpy as np

from newsfuse.align import Similarity
from newsfuse.model import Analysis, Article, Discrepancy, Fact, Sentence

UNIQUE_OVERLAP = 0.25  # a sentence this similar to another outlet's is not that outlet's alone
MIN_UNIQUE_WORDS = 6


def unique_facts(facts: list[Fact], similarity: Similarity, article_order: list[str]) -> dict[str, list[Fact]]:
    """For each article, the facts no other article reports, nor comes close to reporting."""
    from newsfuse.summarise import trim

    row = {id(s): i for i, s in enumerate(similarity.sentences)}
    article_of = np.array([s.article_id for s in similarity.sentences])
    out: dict[str, list[Fact]] = {a: [] for a in article_order}
    for fact in facts:
        if fact.support != 1 or fact.sources[0] not in out:
            continue
        s = fact.sentences[0]
        text = trim(s.text)
        if len(text.split()) < MIN_UNIQUE_WORDS or text.endswith("?"):
            continue
        i = row.get(id(s))
        if i is not None:
            others = similarity.matrix[i][article_of != s.article_id]
            if others.size and others.max() >= UNIQUE_OVERLAP:
                continue
        out[s.article_id].append(Fact(fact.sentences, text, fact.sources))
    for a in out:
        out[a].sort(key=lambda f: f.sentences[0].position)
    return {a: fs for a, fs in out.items() if fs}


def analyse(articles: list[Article], sentences: list[Sentence], facts: list[Fact],
            similarity: Similarity) -> Analysis:
    """Everything the story's sources say across one another (see the module docstring)."""
    from newsfuse.dates import parse_published
    from newsfuse.analyse.discrepancies import Context, find_discrepancies
    from newsfuse.analyse.entities import find_entities
    from newsfuse.analyse.nlp import parse
    from newsfuse.analyse.quotes import find_quotes, speakers_by_sentence
    from newsfuse.analyse.syndication import copied_pairs, count_independent, find_syndication
    from newsfuse.analyse.timeline import build_timeline

    order = [a.id for a in articles]
    pairs = copied_pairs(sentences)
    analysis = Analysis(syndicated=find_syndication(articles, sentences, pairs),
                        unique=unique_facts(facts, similarity, order))
    if not sentences:
        count_independent(facts, sentences, pairs)
        return analysis
    docs = parse([s.text for s in sentences])
    fact_index = {id(s): k for k, f in enumerate(facts) for s in f.sentences}
    fact_of = [fact_index.get(id(s), -1 - i) for i, s in enumerate(sentences)]
    published = {a.id: parse_published(a.published) for a in articles}
    analysis.entities = find_entities(docs, [s.article_id for s in sentences], order)
    analysis.quotes = find_quotes(sentences, docs, fact_of)
    analysis.timeline = build_timeline(sentences, docs, fact_of, published)
    ctx = Context(sentences, docs, fact_of, similarity.matrix, analysis.entities,
                  speakers_by_sentence(sentences, docs), published)
    analysis.discrepancies = find_discrepancies(ctx)
    separate_disputed(facts, analysis.discrepancies)
    count_independent(facts, sentences, pairs)
    return analysis


def separate_disputed(facts: list[Fact], discrepancies: list[Discrepancy]) -> None:
    """A sentence that gives a conflicting number or date no longer supports the fact:
    "about 3,000 evacuated" reports the same event as "about 2,400 evacuated" but does
    not confirm it. Its article moves from the fact's ``sources`` to ``disputed``."""
    for d in discrepancies:
        if d.kind not in ("number", "date"):
            continue
        value_of = {t: k for k, v in enumerate(d.values) for t in (v.sentences or [v.text])}
        for fact in facts:
            classes = {value_of[s.text] for s in fact.sentences if s.text in value_of}
            if len(classes) < 2:
                continue
            mine = value_of.get(fact.text, min(classes))
            against = {s.article_id for s in fact.sentences if value_of.get(s.text, mine) != mine}
            agree = {s.article_id for s in fact.sentences if value_of.get(s.text, mine) == mine}
            moved = against - agree
            fact.sources = [a for a in fact.sources if a not in moved]
            fact.disputed = sorted(set(fact.disputed) | moved)
