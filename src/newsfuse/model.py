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

    @property
    def support(self) -> int:
        return len(self.sources)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "sources": list(self.sources),
            "support": self.support,
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
class Brief:
    """What ``newsfuse brief`` returns for one story."""

    articles: list[Article]
    summary: list[SummarySentence]
    facts: list[Fact]
    skipped: list[Skipped] = field(default_factory=list)
    words: int | None = None
    sentences: int | None = None

    def to_dict(self) -> dict[str, Any]:
        from newsfuse import __version__

        return {
            "newsfuse": __version__,
            "budget": {"words": self.words, "sentences": self.sentences},
            "articles": [a.to_dict() for a in self.articles],
            "summary": [s.to_dict() for s in self.summary],
            "facts": [f.to_dict() for f in self.facts],
            "skipped": [s.to_dict() for s in self.skipped],
        }

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)
