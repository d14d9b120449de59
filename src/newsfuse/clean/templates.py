"""Cross-article evidence: lines an outlet repeats across its stories are its site template."""

from __future__ import annotations

from dataclasses import replace

from newsfuse.clean.rules import line_words
from newsfuse.clean.words import ENGLISH
from newsfuse.clean.text import line_key
from newsfuse.config import CleanConfig
from newsfuse.model import Article, Removal


def remove_templates(articles: list[Article], config: CleanConfig | None = None) -> list[Article]:
    """Cleaned articles without the lines their outlet repeats across different stories (its
    site template): new articles, in the same order; those given are not changed.

    This is the one cleaning step that needs other articles as evidence, so it is
    explicit, and its input is whatever batch the caller has: the articles of one
    run, or later an outlet's articles in a store. Articles of one outlet whose
    words (outside the candidate lines) overlap by ``same_story_overlap`` are
    versions of one story, and what they share is not evidence of a template; a
    line counts as template when it appears in at least ``template_min_stories``
    distinct stories of the same outlet. Articles whose outlet is unknown are left
    as they are.
    """
    config = config or CleanConfig()
    min_stories = config.template_min_stories
    articles = list(articles)
    by_outlet: dict[str, list[int]] = {}
    for n, a in enumerate(articles):
        if a.source:
            by_outlet.setdefault(a.source.lower(), []).append(n)
    for outlet, positions in by_outlet.items():
        if len(positions) < min_stories:
            continue
        group = [articles[n] for n in positions]
        lines = [{line_key(p) for p in a.text.split("\n\n") if p.strip()} for a in group]
        seen_in: dict[str, int] = {}
        for keys in lines:
            for k in keys:
                seen_in[k] = seen_in.get(k, 0) + 1
        candidates = {k for k, n in seen_in.items() if n >= min_stories}
        if not candidates:
            continue
        own_words = [_content_words(keys - candidates) for keys in lines]
        story = _story_versions(own_words, config.same_story_overlap)
        stories_of: dict[str, set[int]] = {}
        for i, keys in enumerate(lines):
            if not own_words[i]:
                continue  # nothing of its own (a copy, or a bare template): no evidence either way
            for k in keys:
                stories_of.setdefault(k, set()).add(story[i])
        template = {k for k, st in stories_of.items() if len(st) >= min_stories}
        if not template:
            continue
        for n, a in zip(positions, group):
            kept, removed = [], []
            for p in a.text.split("\n\n"):
                if line_key(p) in template:
                    removed.append(Removal(p, f"site template: repeated across {len(stories_of[line_key(p)])} "
                                              f"stories of {a.source}"))
                else:
                    kept.append(p)
            if removed:
                articles[n] = replace(a, text="\n\n".join(kept), removed=a.removed + tuple(removed))
    return articles


def _content_words(lines: set[str]) -> set[str]:
    return {w for line in lines for w in line_words(line) if w not in ENGLISH.function_words and len(w) > 2}


def _story_versions(words: list[set[str]], overlap: float) -> list[int]:
    """Label articles so that those sharing much of their vocabulary (Jaccard at least
    ``overlap``) get one story label.

    Pairs are found by prefix filtering (Chaudhuri et al.'s exact set-similarity join):
    with words ordered rarest first, two sets that reach the overlap must share a word
    among the first ``|x| - ceil(overlap |x|) + 1`` of each, so only articles sharing a
    rare word are compared, not every pair of an outlet's articles."""
    import math
    from collections import Counter

    from scipy.cluster.hierarchy import DisjointSet

    n = len(words)
    stories = DisjointSet(range(n))
    if overlap <= 0:  # every pair with a word between them reaches it: one story, if any words at all
        if any(words):
            for i in range(1, n):
                stories.merge(0, i)
        return [stories[i] for i in range(n)]
    frequency = Counter(w for ws in words for w in ws)
    index: dict[str, list[int]] = {}
    for i, ws in enumerate(words):
        if not ws:
            continue
        ordered = sorted(ws, key=lambda w: (frequency[w], w))
        prefix = ordered[: len(ws) - math.ceil(overlap * len(ws) - 1e-9) + 1]
        candidates = {j for w in prefix for j in index.get(w, ())}
        for j in candidates:
            union = len(ws | words[j])
            if len(ws & words[j]) >= overlap * union:
                stories.merge(i, j)
        for w in prefix:
            index.setdefault(w, []).append(i)
    return [stories[i] for i in range(n)]
