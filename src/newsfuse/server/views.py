"""What the web pages show, as plain data: a story page built from its brief and its
prepared articles. No HTML here (the templates escape everything they print)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsfuse.model import Article, Brief, PreparedArticle
from newsfuse.text import shortened

Key = tuple[str, int]


@dataclass
class Cite:
    """One citation mark: the outlet's name, and the sentence of that article it stands for."""

    article: str
    n: int  # the article's number on the page, from 1
    outlet: str
    title: str
    quote: str | None = None  # the cited sentence in that article, when known


@dataclass
class CiteRun:
    """The citation marks of one statement: the first few shown, the rest folded."""

    shown: list[Cite]
    folded: list[Cite] = field(default_factory=list)


@dataclass
class Matrix:
    """The coverage picture: facts (rows) by articles (columns)."""

    facts: list[str]
    outlets: list[str]
    cells: list[list[str]]  # "reports", "conflicts" or ""


def outlet_names(articles: list[Article]) -> dict[str, str]:
    """A short name per article: its outlet, else its URL's host, else its id; a second
    article of one outlet gets a number ("Reuters 2")."""
    base = {a.id: a.outlet or (a.id if len(a.id) <= 16 else a.id[:14] + "…") for a in articles}
    seen: Counter[str] = Counter()
    names = {}
    totals = Counter(base.values())
    for a in articles:
        seen[base[a.id]] += 1
        names[a.id] = base[a.id] if totals[base[a.id]] == 1 else f"{base[a.id]} {seen[base[a.id]]}"
    return names


def safe_url(url: str | None) -> str | None:
    """A link only for web addresses: a ``javascript:`` or ``data:`` URL is never made a link."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    return None


class StoryPage:
    """Everything the story page shows, read from a brief and the articles it was made from."""

    def __init__(self, story: dict, brief: Brief, prepared: list[PreparedArticle], fold_after: int = 4):
        self.story = story
        self.brief = brief
        self.fold_after = fold_after
        self.number = {a.id: i for i, a in enumerate(brief.articles, start=1)}
        self.outlet = outlet_names(brief.articles)
        self.titles = {a.id: a.title or "" for a in brief.articles}
        self.sentence = {s.key: s.text for p in prepared for s in p.sentences}

    def cites(self, sources: list[str], keys: list[Key] | tuple = ()) -> CiteRun:
        """Citation marks for ``sources``, each with the sentence of that article among ``keys``."""
        quote: dict[str, str] = {}
        for article, position in keys:
            text = self.sentence.get((article, position))
            if text and article not in quote:
                quote[article] = text
        marks = [Cite(a, self.number[a], self.outlet[a], self.titles[a], quote.get(a))
                 for a in sources if a in self.number]
        if len(marks) <= self.fold_after + 1:  # folding one mark into "+1" saves nothing
            return CiteRun(marks)
        return CiteRun(marks[:self.fold_after], marks[self.fold_after:])

    def fact_cites(self, fact) -> CiteRun:
        return self.cites(fact.sources, [s.key for s in fact.sentences])

    @property
    def shared_facts(self):
        return [f for f in self.brief.facts if f.support > 1]

    def matrix(self, rows: int = 40) -> Matrix:
        facts = self.shared_facts[:rows]
        ids = [a.id for a in self.brief.articles]
        cells = [["reports" if a in f.sources else "conflicts" if a in f.disputed else "" for a in ids]
                 for f in facts]
        return Matrix([shortened(f.text, 80, tidy=False) for f in facts], [self.outlet[a] for a in ids], cells)

    def unique(self) -> list[tuple[Article, list]]:
        """Per article, every fact only it reports (none left out)."""
        return [(self.brief.article(a), facts) for a, facts in self.brief.unique.items() if a in self.number]

    def said(self):
        """Who said what, as every report of the brief lists it: named speakers, the rest folded."""
        from newsfuse.report import _layout, who_said_what

        return who_said_what(self.brief, _layout(self.brief).top_quotes)

    def set_aside(self) -> list[tuple[str, str]]:
        """The articles left out for their language: how each is named, and why."""
        from newsfuse.report import set_aside_label

        return [(set_aside_label(s), s.reason) for s in self.brief.set_aside]

    def articles(self) -> list[tuple[int, str, Article]]:
        return [(self.number[a.id], self.outlet[a.id], a) for a in self.brief.articles]
