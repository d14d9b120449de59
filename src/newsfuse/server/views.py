"""What the web pages show, as plain data: a story page built from its brief and its
prepared articles. No HTML here (the templates escape everything they print)."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsfuse.model import Article, Brief, PreparedArticle
from newsfuse.report import BriefView
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


class StoryPage:
    """Everything the story page shows, read from a brief (its :class:`~newsfuse.report.BriefView`,
    as the reports read it) and the articles it was made from (the cited sentences)."""

    def __init__(self, story: dict, brief: Brief, prepared: list[PreparedArticle], fold_after: int = 4):
        self.story = story
        self.brief = brief
        self.view = BriefView(brief)
        self.fold_after = fold_after
        self.number = self.view.number
        self.outlet = self.view.outlet
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
        return self.view.shared

    def matrix(self, rows: int = 40) -> Matrix:
        coverage = self.view.coverage(rows)
        return Matrix([shortened(f.text, 80, tidy=False) for f, _ in coverage],
                      [self.outlet[a.id] for a in self.brief.articles], [cells for _, cells in coverage])

    def unique(self) -> list[tuple[Article, list]]:
        """Per article, every fact only it reports (none left out)."""
        return self.view.unique()

    def said(self):
        """Who said what, as every report of the brief lists it: named speakers, the rest folded."""
        return self.view.said()

    def set_aside(self) -> list[tuple[str, str]]:
        """The articles left out for their language: how each is named, and why."""
        return self.view.set_aside()

    def articles(self) -> list[tuple[int, str, Article]]:
        return [(self.number[a.id], self.outlet[a.id], a) for a in self.brief.articles]
