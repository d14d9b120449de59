"""The data model every stage shares: Article, Sentence, PreparedArticle, Fact, Brief.

Stages take these and return new ones; none changes what an earlier stage
made (articles, sentences and annotations are frozen). Sentences are joined
across stages by their key, ``(article id, position)``, never by object
identity or text. Everything here is a plain dataclass, cheap to build in
tests, that serialises with ``to_dict`` and comes back with ``from_dict``:
``Brief.from_dict(b.to_dict()) == b``, and the same for a PreparedArticle,
so a store can keep them and a worker can send them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsfuse._version import __version__
from newsfuse.text import shortened, url_host  # store.py imports url_host from here too

TITLE_CHARS = 120  # a lead sentence standing in for a headline is cut to this


def story_title(consensus: str | None, lead: str | None) -> str | None:
    """A story's title: the consensus headline; without one, the lead sentence, shortened."""
    if consensus:
        return consensus
    return shortened(lead, TITLE_CHARS) if lead and lead.strip() else None


Key = tuple[str, int]  # a sentence: (article id, position in the article)


def _key(k) -> Key:
    return (str(k[0]), int(k[1]))


@dataclass(frozen=True)
class Removal:
    """A piece of text the cleaner took out of an article, and why."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}

    @classmethod
    def from_dict(cls, d: dict) -> "Removal":
        return cls(d["text"], d["reason"])


@dataclass(frozen=True)
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
    removed: tuple[Removal, ...] = ()
    # None: ``published`` is the input's own (a field, a feed, the page's metadata);
    # "dateline": the cleaner read it from a date line above the body
    published_from: str | None = None
    # ISO 639-1 code of the cleaned text's language ("en"), detected when the article is
    # prepared; None: not detected yet, or too short to tell
    language: str | None = None

    @property
    def outlet(self) -> str | None:
        """Who published it: its source, else its URL's host ("bbc.co.uk"); None when neither
        is known."""
        if self.source:
            return self.source
        return url_host(self.url)

    def to_dict(self) -> dict[str, Any]:
        """Everything but ``raw`` when it is empty (a brief's articles drop it: it may be
        a whole web page, and the cleaned text is what a reader of the brief needs)."""
        d = {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "url": self.url,
            "published": self.published,
            "text": self.text,
            "removed": [r.to_dict() for r in self.removed],
            "format": self.format,
            "origin": self.origin,
        }
        if self.published_from:
            d["published_from"] = self.published_from
        if self.language:
            d["language"] = self.language
        if self.raw:
            d["raw"] = self.raw
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Article":
        return cls(id=d["id"], raw=d.get("raw", ""), format=d.get("format", "text"), origin=d.get("origin", ""),
                   source=d.get("source"), title=d.get("title"), url=d.get("url"), published=d.get("published"),
                   text=d.get("text", ""), removed=tuple(Removal.from_dict(r) for r in d.get("removed", ())),
                   published_from=d.get("published_from"), language=d.get("language"))


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

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article_id, "text": self.text, "position": self.position,
                "paragraph": self.paragraph, "article_length": self.article_length}

    @classmethod
    def from_dict(cls, d: dict) -> "Sentence":
        return cls(d["article"], d["text"], d["position"], d.get("paragraph", 0), d.get("article_length", 1))


# --------------------------------------------------------------------------- #
# annotations: what the analysis reads from the parse of one sentence, made once
# per article by the annotate stage; plain data, so the parser is not needed again


@dataclass(frozen=True)
class EntityMention:
    """A named entity as the parser found it."""

    text: str
    label: str  # spaCy's label: PERSON, GPE, ORG, DATE, CARDINAL...
    after: str = ""  # the word before it, lower-cased ("in" in "residents of Varnholm")


@dataclass(frozen=True)
class NumberMention:
    """One counted number in a sentence."""

    surface: str  # as written, with its qualifier ("more than 1,000")
    value: float
    low: float
    high: float
    counts: str  # the counted noun as written ("servicemen"), or the unit
    key: str  # what it counts, normalised (synonym class or lemma)
    verb: str  # lemma of the verb it depends on ("flee"), or ""
    verb_text: str  # that verb as written ("fled")
    scope: str  # "" or "total" or "whole" (the 28 in "26 of the 28")
    subject: str = ""  # lemma of the subject of that verb ("taliban"), or ""
    sentence: int = -1  # set by the analysis: index of the sentence in the story
    measures: str = ""  # lemma of what an amount, a share or the counted things are of ("settlement" of
    # "a $325,000 settlement", "venus" of "seven flybys of Venus"), or ""

    def agrees(self, other: "NumberMention") -> bool:
        return self.low <= other.high and other.low <= self.high


@dataclass(frozen=True)
class DateMention:
    """A date expression and the clause it dates."""

    surface: str  # "in 2011"
    verb: str  # lemma of the verb it hangs from ("complete"), "" if none
    verb_text: str  # that verb as written ("completed")
    subject: str  # lemma of that verb's subject ("barrier"), or ""
    statement: bool = False  # the date of a saying ("said on Monday"), not of what was said


@dataclass(frozen=True)
class Polarity:
    """A plain statement of a sentence: its verb and subject, and whether it is negated."""

    verb: str
    subject: str
    negated: bool


@dataclass(frozen=True)
class SentenceAnnotation:
    """Everything the analysis reads from one parsed sentence."""

    entities: tuple[EntityMention, ...] = ()
    speaker: str | None = None  # the speaker the sentence names ("the border guard service")
    speaker_is_pronoun: bool = False  # "he said": the speaker is someone named before
    numbers: tuple[NumberMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    polarity: tuple[Polarity, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        if self.entities:
            d["entities"] = [[e.text, e.label, e.after] for e in self.entities]
        if self.speaker is not None:
            d["speaker"] = [self.speaker, self.speaker_is_pronoun]
        if self.numbers:
            d["numbers"] = [_fields(n) for n in self.numbers]
        if self.dates:
            d["dates"] = [[m.surface, m.verb, m.verb_text, m.subject] + ([True] if m.statement else [])
                          for m in self.dates]
        if self.polarity:
            d["polarity"] = [[p.verb, p.subject, p.negated] for p in self.polarity]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "SentenceAnnotation":
        speaker = d.get("speaker") or [None, False]
        return cls(tuple(EntityMention(*e) for e in d.get("entities", ())), speaker[0], bool(speaker[1]),
                   tuple(NumberMention(**n) for n in d.get("numbers", ())),
                   tuple(DateMention(*m) for m in d.get("dates", ())),
                   tuple(Polarity(*p) for p in d.get("polarity", ())))


def _fields(obj) -> dict[str, Any]:
    from dataclasses import fields

    return {f.name: getattr(obj, f.name) for f in fields(obj)}


@dataclass(frozen=True)
class PreparedArticle:
    """An article with all its per-article work done once: cleaned, split into sentences,
    tokenised for alignment and, unless the analysis is off, annotated from the parse.
    Independent of every other article, so a worker can make it and a store can keep it."""

    article: Article
    sentences: tuple[Sentence, ...]
    tokens: tuple[tuple[str, ...], ...]  # content tokens of each sentence (align's vocabulary)
    annotations: tuple[SentenceAnnotation, ...] | None = None  # one per sentence; None: not annotated

    @property
    def id(self) -> str:
        return self.article.id

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "sentences": [[s.text, s.paragraph] for s in self.sentences],
            "tokens": [list(t) for t in self.tokens],
            "annotations": None if self.annotations is None else [a.to_dict() for a in self.annotations],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "PreparedArticle":
        article = Article.from_dict(d["article"])
        n = len(d["sentences"])
        sentences = tuple(Sentence(article.id, text, i, paragraph, n) for i, (text, paragraph)
                          in enumerate(d["sentences"]))
        annotations = d.get("annotations")
        return cls(article, sentences, tuple(tuple(t) for t in d["tokens"]),
                   None if annotations is None else tuple(SentenceAnnotation.from_dict(a) for a in annotations))


@dataclass(frozen=True)
class Fact:
    """Sentences from one or more articles that report the same information.

    ``text`` is the text of the member sentence that states it best (``stated_by``,
    its key; trimmed of leftovers in a unique fact); ``sources`` lists the distinct
    supporting articles in input order.
    """

    sentences: list[Sentence]
    text: str
    sources: list[str]
    # supporting articles that do not copy another supporter's sentence word for
    # word: ten copies of one wire report are one independent source, not ten
    independent: int | None = None
    # articles whose sentence reports the same event with a conflicting number or date
    disputed: list[str] = field(default_factory=list)
    stated_by: Key | None = None  # key of the member sentence that states it; None: the first

    @property
    def support(self) -> int:
        return len(self.sources)

    @property
    def statement(self) -> Sentence:
        """The member sentence that states the fact."""
        return next((s for s in self.sentences if s.key == self.stated_by), self.sentences[0])

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "sources": list(self.sources),
            "support": self.support,
            "independent": self.independent,  # null: not counted (the analysis was off)
            "disputed": list(self.disputed),
            "sentences": [s.to_dict() for s in self.sentences],
            "stated_by": list(self.stated_by) if self.stated_by else None,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Fact":
        stated_by = d.get("stated_by")
        return cls([Sentence.from_dict(s) for s in d["sentences"]], d["text"], list(d["sources"]),
                   d.get("independent"), list(d.get("disputed", [])), _key(stated_by) if stated_by else None)


@dataclass
class SummarySentence:
    """One sentence of the brief: a source sentence and every article behind it."""

    text: str
    sources: list[str]
    support: int = 1
    sentences: list[Key] = field(default_factory=list)  # the fact's source sentences, by key

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "sources": list(self.sources), "support": self.support,
                "sentences": [list(k) for k in self.sentences]}

    @classmethod
    def from_dict(cls, d: dict) -> "SummarySentence":
        return cls(d["text"], list(d["sources"]), d.get("support", len(d["sources"])),
                   [_key(k) for k in d.get("sentences", [])])


@dataclass
class Skipped:
    """An input that could not be read, and why."""

    input: str
    error: str

    def to_dict(self) -> dict[str, str]:
        return {"input": self.input, "error": self.error}

    @classmethod
    def from_dict(cls, d: dict) -> "Skipped":
        return cls(d["input"], d["error"])


@dataclass
class SetAside:
    """An article left out of a story's brief, and why: it is in another language than the story."""

    article: str  # its id
    input: str  # where it came from (its origin, else its id)
    language: str | None
    reason: str  # "in German (de); the story is in English (en)"

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "input": self.input, "language": self.language, "reason": self.reason}

    @classmethod
    def from_dict(cls, d: dict) -> "SetAside":
        return cls(d["article"], d.get("input", d["article"]), d.get("language"), d.get("reason", ""))


@dataclass
class Value:
    """One of the values sources give for the same thing, and who gives it."""

    value: str  # as written in the first sentence that states it ("about 2,400")
    text: str  # that sentence
    sources: list[str]
    counts: str | None = None  # for a number: what it counts ("residents")
    sentences: list[Key] = field(default_factory=list)  # every sentence stating it, by key

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"value": self.value, "text": self.text, "sources": list(self.sources)}
        if self.counts:
            d["counts"] = self.counts
        d["sentences"] = [list(k) for k in self.sentences]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Value":
        return cls(d["value"], d["text"], list(d["sources"]), d.get("counts"),
                   [_key(k) for k in d.get("sentences", [])])


@dataclass
class Discrepancy:
    """Sources that report different values for the same thing."""

    about: str  # what is compared, in words ("residents evacuated")
    kind: str  # "number", "date", "name" or "claim"
    values: list[Value]

    def to_dict(self) -> dict[str, Any]:
        return {"about": self.about, "kind": self.kind, "values": [v.to_dict() for v in self.values]}

    @classmethod
    def from_dict(cls, d: dict) -> "Discrepancy":
        return cls(d["about"], d["kind"], [Value.from_dict(v) for v in d["values"]])


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
                "sources": list(self.sources), "mentions": self.mentions,
                "spellings": {k: list(v) for k, v in self.spellings.items()}}

    @classmethod
    def from_dict(cls, d: dict) -> "Entity":
        return cls(d["name"], d["label"], list(d["variants"]), list(d["sources"]), d.get("mentions", 0),
                   {k: list(v) for k, v in d.get("spellings", {}).items()})


@dataclass
class Quote:
    """A direct quote, or a claim attributed to a source, with its speaker."""

    speaker: str | None  # None when the text names nobody
    text: str  # the quoted words, or the attributed sentence for a claim
    sources: list[str]
    kind: str = "quote"  # "quote" (in quotation marks) or "claim" (reported speech)

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "text": self.text, "sources": list(self.sources), "kind": self.kind}

    @classmethod
    def from_dict(cls, d: dict) -> "Quote":
        return cls(d["speaker"], d["text"], list(d["sources"]), d.get("kind", "quote"))


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

    @classmethod
    def from_dict(cls, d: dict) -> "Event":
        return cls(d["when"], d["text"], list(d["sources"]), d.get("expression", ""), d.get("resolved", True))


@dataclass
class Syndication:
    """Articles, or passages of them, that are near-verbatim copies of each other."""

    articles: list[str]
    kind: str  # "article": one copy of the other; "passage": shared runs of sentences
    share: float  # share of the shorter article's sentences that the others repeat (3 decimals)
    passages: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"articles": list(self.articles), "kind": self.kind, "share": self.share,
                "passages": list(self.passages)}

    @classmethod
    def from_dict(cls, d: dict) -> "Syndication":
        return cls(list(d["articles"]), d["kind"], d["share"], list(d.get("passages", [])))


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
    stage is switched off. ``config`` is the configuration it was made with
    (``Config.to_dict()``), so a brief says how it was made.
    """

    articles: list[Article]
    summary: list[SummarySentence]
    facts: list[Fact]
    skipped: list[Skipped] = field(default_factory=list)
    words: int | None = None
    sentences: int | None = None
    config: dict[str, Any] = field(default_factory=dict)
    title: str | None = None  # the headline that best states what the headlines agree on
    language: str | None = None  # the story's language (ISO 639-1), that of most of its articles
    set_aside: list[SetAside] = field(default_factory=list)  # articles in other languages, left out
    notes: list[str] = field(default_factory=list)  # what a reader must know about how it was made

    @property
    def headline(self) -> str | None:
        """What the story is called everywhere (the store's list, the story page, every
        report): the consensus headline, else, when no article has a headline, the lead fact."""
        return story_title(self.title, self.summary[0].text if self.summary else None)

    def to_dict(self) -> dict[str, Any]:
        ids = [a.id for a in self.articles]
        column = {a: i for i, a in enumerate(ids)}
        return {
            "newsfuse": __version__,
            "title": self.title,
            "language": self.language,
            "notes": list(self.notes),
            "budget": {"words": self.words, "sentences": self.sentences},
            "articles": [a.to_dict() for a in self.articles],
            "summary": [s.to_dict() for s in self.summary],
            "facts": [f.to_dict() for f in self.facts],
            # sparse: for each fact (in the order of "facts"), the indices in "articles" of those
            # reporting it, and of those disputing it; a dense matrix grows with facts x articles
            "coverage": {"articles": ids,
                         "facts": [[column[a] for a in f.sources] for f in self.facts],
                         "disputed": [[column[a] for a in f.disputed if a in column] for f in self.facts]},
            "discrepancies": [d.to_dict() for d in self.discrepancies],
            "unique": {a: [f.to_dict() for f in facts] for a, facts in self.unique.items()},
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "timeline": [e.to_dict() for e in self.timeline],
            "syndicated": [s.to_dict() for s in self.syndicated],
            "skipped": [s.to_dict() for s in self.skipped],
            "set_aside": [s.to_dict() for s in self.set_aside],
            "config": self.config,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Brief":
        """The Brief a ``to_dict()`` (or ``newsfuse brief --format json``) describes."""
        budget = d.get("budget", {})
        return cls(
            articles=[Article.from_dict(a) for a in d["articles"]],
            summary=[SummarySentence.from_dict(s) for s in d["summary"]],
            facts=[Fact.from_dict(f) for f in d["facts"]],
            skipped=[Skipped.from_dict(s) for s in d.get("skipped", [])],
            words=budget.get("words"), sentences=budget.get("sentences"), config=d.get("config", {}),
            title=d.get("title"), language=d.get("language"),
            set_aside=[SetAside.from_dict(s) for s in d.get("set_aside", [])], notes=list(d.get("notes", [])),
            discrepancies=[Discrepancy.from_dict(x) for x in d.get("discrepancies", [])],
            unique={a: [Fact.from_dict(f) for f in fs] for a, fs in d.get("unique", {}).items()},
            entities=[Entity.from_dict(x) for x in d.get("entities", [])],
            quotes=[Quote.from_dict(x) for x in d.get("quotes", [])],
            timeline=[Event.from_dict(x) for x in d.get("timeline", [])],
            syndicated=[Syndication.from_dict(x) for x in d.get("syndicated", [])],
        )

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)
