"""The data model every stage shares: Article, Sentence, Fact, Brief.

Stages take these and return them; none reaches back into an earlier stage.
Everything here is a plain dataclass so it is cheap to build in tests and
serialises to the JSON the CLI prints with :meth:`Brief.to_dict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Removal:
    """A piece of text the cleaner took out of an article, and why."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


@dataclass
class Article:
    """One article, from raw input to cleaned body.

    ``raw`` is what ingest read (text or HTML, as ``format`` says); ``text`` is
    the cleaned body, paragraphs separated by blank lines, filled in by the
    clean stage. ``removed`` records every piece the cleaner dropped.
    """

    id: str
    raw: str
    format: str = "text"  # "text" or "html"
    origin: str = ""  # where it came from: a path, "path:line" or "-"
    source: str | None = None  # the outlet, when known
    title: str | None = None
    url: str | None = None
    published: str | None = None
    text: str = ""
    removed: list[Removal] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "url": self.url,
            "published": self.published,
            "text": self.text,
            "removed": [r.to_dict() for r in self.removed],
        }


@dataclass(frozen=True)
class Sentence:
    """A sentence of a cleaned article, with where it stands in it."""

    article_id: str
    text: str
    position: int  # index of the sentence in its article, from 0
    paragraph: int  # index of its paragraph, from 0
    article_length: int = 1  # number of sentences in the article

    @property
    def key(self) -> tuple[str, int]:
        """The sentence's stable identity across stages, stores and processes."""
        return (self.article_id, self.position)

    @property
    def relative_position(self) -> float:
        """0.0 for the lead sentence, towards 1.0 for the last one."""
        return self.position / max(self.article_length, 1)

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Fact:
    """Sentences from one or more articles that report the same information.

    ``text`` is the member sentence that states it best; ``sources`` lists the
    distinct supporting articles in input order.
    """

    sentences: list[Sentence]
    text: str
    sources: list[str]
    # supporting articles that do not copy another supporter's sentence word for
    # word: ten copies of one wire report are one independent source, not ten
    independent: int | None = None
    # articles whose sentence reports the same event with a conflicting number or date
    disputed: list[str] = field(default_factory=list)

    @property
    def support(self) -> int:
        return len(self.sources)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "sources": list(self.sources),
            "support": self.support,
            "independent": self.support if self.independent is None else self.independent,
            "disputed": list(self.disputed),
            "sentences": [
                {"article": s.article_id, "text": s.text, "position": s.position}
                for s in self.sentences
            ],
        }


@dataclass
class SummarySentence:
    """One sentence of the brief: a source sentence and every article behind it."""

    text: str
    sources: list[str]
    support: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "sources": list(self.sources)}


@dataclass
class Skipped:
    """An input that could not be read, and why."""

    input: str
    error: str

    def to_dict(self) -> dict[str, str]:
        return {"input": self.input, "error": self.error}


@dataclass
class Value:
    """One of the values sources give for the same thing, and who gives it."""

    value: str  # as written in the first sentence that states it ("about 2,400")
    text: str  # that sentence
    sources: list[str]
    counts: str | None = None  # for a number: what it counts ("residents")
    sentences: list[str] = field(default_factory=list)  # every sentence stating it

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"value": self.value, "text": self.text, "sources": list(self.sources)}
        if self.counts:
            d["counts"] = self.counts
        return d


@dataclass
class Discrepancy:
    """Sources that report different values for the same thing."""

    about: str  # what is compared, in words ("residents evacuated")
    kind: str  # "number", "date", "name" or "claim"
    values: list[Value]

    def to_dict(self) -> dict[str, Any]:
        return {"about": self.about, "kind": self.kind, "values": [v.to_dict() for v in self.values]}


@dataclass
class Entity:
    """A person, place or organisation, with every spelling the sources use."""

    name: str  # the most used full spelling
    label: str  # PERSON, GPE, LOC, FAC or ORG
    variants: list[str]  # every distinct spelling, most used first
    sources: list[str]
    mentions: int = 0
    spellings: dict[str, list[str]] = field(default_factory=dict)  # variant -> articles that write it

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "variants": list(self.variants),
                "sources": list(self.sources), "mentions": self.mentions}


@dataclass
class Quote:
    """A direct quote, or a claim attributed to a source, with its speaker."""

    speaker: str | None  # None when the text names nobody
    text: str  # the quoted words, or the attributed sentence for a claim
    sources: list[str]
    kind: str = "quote"  # "quote" (in quotation marks) or "claim" (reported speech)

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "text": self.text, "sources": list(self.sources), "kind": self.kind}


@dataclass
class Event:
    """A dated event of the story: what happened when, and who reports it."""

    when: str  # ISO date ("2021-07-04"), month ("2021-06") or year; the expression itself if unresolved
    text: str
    sources: list[str]
    expression: str = ""  # the words that date it ("on Sunday")
    resolved: bool = True  # False: relative and no publish date to anchor it

    def to_dict(self) -> dict[str, Any]:
        return {"when": self.when, "text": self.text, "sources": list(self.sources),
                "expression": self.expression, "resolved": self.resolved}


@dataclass
class Syndication:
    """Articles, or passages of them, that are near-verbatim copies of each other."""

    articles: list[str]
    kind: str  # "article": one copy of the other; "passage": shared runs of sentences
    share: float  # share of the shorter article's wording that the others repeat
    passages: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"articles": list(self.articles), "kind": self.kind, "share": round(self.share, 3),
                "passages": list(self.passages)}


@dataclass(kw_only=True)
class Analysis:
    """What reading across the sources finds (the analyse stage)."""

    discrepancies: list[Discrepancy] = field(default_factory=list)
    unique: dict[str, list[Fact]] = field(default_factory=dict)  # article id -> facts only it reports
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timeline: list[Event] = field(default_factory=list)
    syndicated: list[Syndication] = field(default_factory=list)


@dataclass
class Brief(Analysis):
    """What ``newsfuse brief`` returns for one story.

    The fields it inherits from :class:`Analysis` stay empty when the analyse
    stage is switched off.
    """

    articles: list[Article]
    summary: list[SummarySentence]
    facts: list[Fact]
    skipped: list[Skipped] = field(default_factory=list)
    words: int | None = None
    sentences: int | None = None

    def to_dict(self) -> dict[str, Any]:
        from newsfuse import __version__

        ids = [a.id for a in self.articles]
        return {
            "newsfuse": __version__,
            "budget": {"words": self.words, "sentences": self.sentences},
            "articles": [a.to_dict() for a in self.articles],
            "summary": [s.to_dict() for s in self.summary],
            "facts": [f.to_dict() for f in self.facts],
            "coverage": {"articles": ids,
                         "facts": [[int(a in f.sources) for a in ids] for f in self.facts]},
            "discrepancies": [d.to_dict() for d in self.discrepancies],
            "unique": {a: [{"text": f.text} for f in facts] for a, facts in self.unique.items()},
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "timeline": [e.to_dict() for e in self.timeline],
            "syndicated": [s.to_dict() for s in self.syndicated],
            "skipped": [s.to_dict() for s in self.skipped],
        }

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)
