"""Syndication: articles, or runs of sentences, copied near word for word.

Wire copy is rewritten lightly or not at all, so copies share long word
sequences that independent reports of the same event do not. Two sentences
are copies when their word 5-gram sets overlap by most of the shorter one
(containment); two articles are copies when most of the shorter one's
sentences are. Fact support stays the count of distinct articles, but each
fact also says how many of them are independent of each other.
"""

from __future__ import annotations

import re
from collections import defaultdict

from scipy.cluster.hierarchy import DisjointSet

from dataclasses import replace

from newsfuse.config import AnalyseConfig
from newsfuse.model import Article, Fact, Sentence, Syndication

_WORD = re.compile(r"\w+", re.UNICODE)


_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")


def shingles(text: str, n: int) -> frozenset[tuple[str, ...]]:
    """Word n-grams of a sentence outside its quotation marks: outlets that quote the
    same speaker print the same words without copying one another."""
    # punctuation and case vary between copies of one wire story; words do not
    text = _QUOTED.sub(" ", text)
    # a quotation running over several sentences: cut from an opening mark to the end, or to a closing one
    text = re.sub(r"[“\"].*$", " ", re.sub(r"^.*”", " ", text))
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return frozenset()
    return frozenset(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def containment(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def copied_pairs(sentences: list[Sentence], config: AnalyseConfig | None = None) -> set[tuple[int, int]]:
    """Index pairs (i < j) of sentences of different articles that copy one another.

    Only pairs sharing at least one shingle are compared, through an inverted
    index, so a story of thousands of sentences stays fast.
    """
    config = config or AnalyseConfig()
    sets = [shingles(s.text, config.shingle) for s in sentences]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, sh in enumerate(sets):
        for g in sh:
            index[g].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in index.values():
        if len(members) > config.common_shingle:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if sentences[i].article_id != sentences[j].article_id:
                    shared[(i, j)] += 1
    return {(i, j) for (i, j), n in shared.items()
            if n / max(1, min(len(sets[i]), len(sets[j]))) >= config.sentence_copy}


def find_syndication(articles: list[Article], sentences: list[Sentence],
                     pairs: set[tuple[int, int]] | None = None, config: AnalyseConfig | None = None
                     ) -> list[Syndication]:
    """Copied articles (grouped transitively) and copied passages between article pairs."""
    config = config or AnalyseConfig()
    pairs = copied_pairs(sentences, config) if pairs is None else pairs
    count = defaultdict(int)
    for s in sentences:
        count[s.article_id] += 1
    copied: dict[tuple[str, str], set[int]] = defaultdict(set)  # article pair -> copied sentence indices
    for i, j in pairs:
        key = tuple(sorted((sentences[i].article_id, sentences[j].article_id)))
        copied[key].update((i, j))
    order = {a.id: k for k, a in enumerate(articles)}
    copies = DisjointSet(order)

    shares: dict[tuple[str, str], float] = {}
    out: list[Syndication] = []
    for (a, b), members in sorted(copied.items(), key=lambda kv: (order.get(kv[0][0], 0), order.get(kv[0][1], 0))):
        in_a = {i for i in members if sentences[i].article_id == a}
        in_b = {i for i in members if sentences[i].article_id == b}
        # share of the shorter article that is copied: a trimmed copy of a wire story still counts
        shorter = in_a if count[a] <= count[b] else in_b
        share = len(shorter) / max(min(count[a], count[b]), 1)
        shares[(a, b)] = share
        if share >= config.article_copy and a in copies and b in copies:
            copies.merge(a, b)
            continue
        passages = _runs(sentences, sorted(in_a if order.get(a, 0) <= order.get(b, 0) else in_b),
                         config.min_passage)
        if passages:
            out.append(Syndication([a, b], "passage", round(share, 3), passages))
    whole = []
    for group in copies.subsets():
        if len(group) > 1:
            members = sorted(group, key=order.get)
            best = [shares.get(tuple(sorted((x, y))), 0.0) for x in members for y in members if x < y]
            whole.append(Syndication(members, "article", round(max(best), 3)))
    whole.sort(key=lambda s: order[s.articles[0]])
    # passages between two articles already known as copies say nothing new
    out = [s for s in out if not copies.connected(*s.articles)]
    return whole + out


def _runs(sentences: list[Sentence], indices: list[int], min_passage: int) -> list[str]:
    """Runs of at least ``min_passage`` consecutive copied sentences of one article, as text."""
    runs, run = [], []
    for i in indices:
        if run and sentences[i].position == sentences[run[-1]].position + 1:
            run.append(i)
        else:
            if len(run) >= min_passage:
                runs.append(run)
            run = [i]
    if len(run) >= min_passage:
        runs.append(run)
    return [" ".join(sentences[i].text for i in r) for r in runs]


def count_independent(facts: list[Fact], sentences: list[Sentence], pairs: set[tuple[int, int]]) -> list[Fact]:
    """The facts with ``independent`` set: their supporting articles, copies counted once."""
    index = {s.key: i for i, s in enumerate(sentences)}
    linked = defaultdict(set)
    for i, j in pairs:
        linked[i].add(j)
        linked[j].add(i)
    out = []
    for fact in facts:
        members = {index[s.key] for s in fact.sentences if s.key in index and s.article_id in fact.sources}
        supporters = DisjointSet(sentences[m].article_id for m in members)
        for m in members:
            for other in linked[m] & members:
                supporters.merge(sentences[m].article_id, sentences[other].article_id)
        out.append(replace(fact, independent=supporters.n_subsets))
    return out
