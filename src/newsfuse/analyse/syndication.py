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


def _words(text: str) -> list[str]:
    """The words of a sentence outside its quotation marks, lower-cased: outlets that quote
    the same speaker print the same words without copying one another."""
    # punctuation and case vary between copies of one wire story; words do not
    text = _QUOTED.sub(" ", text)
    # a quotation running over several sentences: cut from an opening mark to the end, or to a closing one
    text = re.sub(r"[“\"].*$", " ", re.sub(r"^.*”", " ", text))
    return _WORD.findall(text.lower())


def shingles(text: str, n: int) -> frozenset[tuple[str, ...]]:
    """Word n-grams of a sentence outside its quotation marks (see ``_words``)."""
    words = _words(text)
    if len(words) < n:
        return frozenset()
    return frozenset(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def containment(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def copied_pairs(sentences: list[Sentence], config: AnalyseConfig | None = None) -> set[tuple[int, int]]:
    """Index pairs (i < j) of sentences of different articles that copy one another; copies of
    one sentence are linked through one of them (a star), not pair by pair.

    Sentences with the same words (outside quotes) are one text: each copy is paired with
    the first. The distinct texts are compared only when they share a shingle, through an
    inverted index; a shingle of more than ``config.common_shingle`` texts pairs each with
    the first of them only, so nothing grows with the square of the story, and a wire story
    reprinted by hundreds of outlets is still found. A candidate pair is a copy when
    their shingle containment is at least ``config.sentence_copy``.
    """
    config = config or AnalyseConfig()
    n = config.shingle
    groups: dict[tuple[str, ...], list[int]] = {}  # the same words -> the sentences printing them
    for i, s in enumerate(sentences):
        words = _words(s.text)
        if len(words) >= n:
            groups.setdefault(tuple(words), []).append(i)
    pairs: set[tuple[int, int]] = set()

    def link(i: int, j: int) -> None:
        if sentences[i].article_id != sentences[j].article_id:
            pairs.add((min(i, j), max(i, j)))

    firsts, sets = [], []
    for words, members in groups.items():
        first = members[0]
        other = next((m for m in members if sentences[m].article_id != sentences[first].article_id), None)
        for m in members[1:]:
            partner = first if sentences[m].article_id != sentences[first].article_id else other
            if partner is not None:  # a sentence one article prints twice, and no other: no copy
                link(partner, m)
        firsts.append(first)
        sets.append(frozenset(words[k:k + n] for k in range(len(words) - n + 1)))
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)  # shingle -> distinct texts holding it
    for t, sh in enumerate(sets):
        for g in sh:
            index[g].append(t)
    candidates: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) > config.common_shingle:  # "the police said that": each meets the first only
            candidates.update((members[0], m) for m in members[1:])
            continue
        for y in range(1, len(members)):
            for x in range(y):
                candidates.add((members[x], members[y]))
    for a, b in candidates:
        i, j = firsts[a], firsts[b]
        if sentences[i].article_id != sentences[j].article_id and containment(sets[a], sets[b]) >= config.sentence_copy:
            link(i, j)
    return pairs


def find_syndication(articles: list[Article], sentences: list[Sentence],
                     pairs: set[tuple[int, int]] | None = None, config: AnalyseConfig | None = None
                     ) -> list[Syndication]:
    """Copied articles (grouped transitively) and copied passages between article pairs."""
    config = config or AnalyseConfig()
    pairs = _stars(sentences, copied_pairs(sentences, config) if pairs is None else pairs)
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


def _stars(sentences: list[Sentence], pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The copies of each sentence (a copy of a copy is a copy) paired with their first one
    only: an article reprinting a wire story then shares its copied sentences with the first
    article that printed each, whatever copy each sentence was matched through."""
    copies = DisjointSet()
    for i, j in pairs:
        copies.add(i)
        copies.add(j)
        copies.merge(i, j)
    out = set()
    for group in copies.subsets():
        first = min(group)
        for m in group:
            if sentences[m].article_id != sentences[first].article_id:
                out.add((first, m))
    return out


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
    """The facts with ``independent`` set: their supporting articles, copies counted once
    (a copy of a copy is a copy: copies are linked through one of them)."""
    index = {s.key: i for i, s in enumerate(sentences)}
    copies = DisjointSet(range(len(sentences)))
    for i, j in pairs:
        copies.merge(i, j)
    out = []
    for fact in facts:
        members = {index[s.key] for s in fact.sentences if s.key in index and s.article_id in fact.sources}
        supporters = DisjointSet(sentences[m].article_id for m in members)
        first: dict[int, int] = {}  # copy group -> its first member in the fact
        for m in members:
            k = first.setdefault(copies[m], m)
            supporters.merge(sentences[m].article_id, sentences[k].article_id)
        out.append(replace(fact, independent=supporters.n_subsets))
    return out
