"""The pipeline: the only module that knows the order of the stages.

Two halves, so that a store can keep prepared articles and workers can make
them in parallel:

- :func:`prepare` does the per-article work, each article independent of
  every other: read, clean, then (an explicit step over the batch) remove
  site templates, then split into sentences, tokenise and annotate.
- :func:`fuse` does the per-story work on prepared articles: align,
  analyse, summarise, into a :class:`~newsfuse.model.Brief`.

:func:`brief` is ``fuse(prepare(...))``. Nothing here reads or writes a store:
:mod:`newsfuse.service` ingests, briefs and refreshes a store's stories with
these functions, for the CLI, the web app and the engines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, BinaryIO

from newsfuse.config import Config
from newsfuse.inputs import InputLike, read
from newsfuse.model import (Analysis, Article, Brief, Fact, PreparedArticle, SentenceAnnotation, SetAside,
                            Skipped)
from newsfuse.text import content_tokens
from newsfuse.config import SummariseConfig

if TYPE_CHECKING:
    from newsfuse.align import Similarity

# progress(items, total, what) -> the same items, shown to a user as they are consumed
Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]


class NoArticlesError(ValueError):
    """None of the inputs gave an article; ``skipped`` says why for each."""

    def __init__(self, skipped: list[Skipped]):
        detail = "; ".join(f"{s.input}: {s.error}" for s in skipped[:5]) or "no inputs given"
        more = f" (and {len(skipped) - 5} more)" if len(skipped) > 5 else ""
        super().__init__(f"no article could be read: {detail}{more}")
        self.skipped = skipped




@dataclass
class Prepared:
    """What :func:`prepare` returns: the prepared articles and the inputs skipped, with why."""

    articles: list[PreparedArticle] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def no_progress(items, total, what):
    return items


# --------------------------------------------------------------------------- #
# per article


def clean_all(articles: Sequence[Article], config: Config | None = None, progress: Progress | None = None
              ) -> tuple[list[Article], list[Skipped]]:
    """Clean every article alone, and tell the language of its cleaned text (one given with
    the article is kept); one that fails is reported and the rest go on. An article whose
    input had a body but whose cleaned text is empty is skipped, naming what was removed: it
    is never a story. A title alone (a headline dataset) stays an article."""
    from newsfuse.clean import clean, nothing_left
    from newsfuse.language import detect

    config = config or Config()
    done, skipped = [], []
    for article in (progress or no_progress)(articles, len(articles), "cleaning"):
        try:
            cleaned = clean(article, config.clean)
            empty = nothing_left(article, cleaned)
            if empty:
                skipped.append(Skipped(article.origin or article.id, empty))
                continue
            done.append(cleaned if cleaned.language else replace(
                cleaned, language=detect(cleaned.text or cleaned.title)))
        except Exception as e:  # noqa: BLE001 - one bad article must not sink the batch
            skipped.append(Skipped(article.origin or article.id, f"could not be cleaned ({type(e).__name__}: {e})"))
    return done, skipped


def clean_inputs(inputs: InputLike | Iterable[InputLike], stdin: BinaryIO | None = None,
                 progress: Progress | None = None, config: Config | None = None
                 ) -> tuple[list[Article], list[Skipped]]:
    """Read and clean the inputs: each article alone, then site templates across the batch."""
    config = config or Config()
    articles, skipped = read(inputs, stdin=stdin, config=config)
    articles, failed = clean_batch(articles, config, progress)
    return articles, skipped + failed


def clean_batch(articles: Sequence[Article], config: Config, progress: Progress | None = None
                ) -> tuple[list[Article], list[Skipped]]:
    """Clean each article alone, then remove site templates across the batch; an article
    that templates leave empty is skipped like one its own cleaning left empty."""
    from newsfuse.clean import nothing_left, remove_templates

    cleaned, skipped = clean_all(articles, config, progress)
    given = {a.id: a for a in articles}
    kept = []
    for article in remove_templates(cleaned, config.clean):
        empty = nothing_left(given[article.id], article)
        if empty:
            skipped.append(Skipped(article.origin or article.id, empty))
        else:
            kept.append(article)
    return kept, skipped


ANNOTATE_CHUNK = 4000  # sentences per call to the annotator: progress moves, memory stays flat


def annotate_all(articles: Sequence[Article], config: Config | None = None, annotator=None,
                 progress: Progress | None = None) -> list[PreparedArticle]:
    """Split, tokenise and (when the analysis is on) annotate cleaned articles."""
    from newsfuse.segment import sentences_of

    config = config or Config()
    split = [(a, tuple(sentences_of(a))) for a in articles]
    tokens = [tuple(tuple(content_tokens(s.text)) for s in sentences) for _, sentences in split]
    if not config.analyse.enabled:
        return [PreparedArticle(a, s, t) for (a, s), t in zip(split, tokens)]
    if annotator is None:
        from newsfuse.annotate import default_annotator

        annotator = default_annotator(config.annotate)
    out: list[PreparedArticle] = [None] * len(split)  # type: ignore[list-item]
    # an article in another language than the model's is never parsed with it: with that
    # language's model if one is configured and installed (its entities), else not at all
    foreign: dict[str, list[int]] = {}
    for k, (a, _) in enumerate(split):
        if a.language and a.language != config.annotate.language:
            foreign.setdefault(a.language, []).append(k)
    for language, ks in foreign.items():
        from newsfuse.annotate import language_annotator

        other = language_annotator(language, config.annotate)
        texts = [s.text for k in ks for s in split[k][1]]
        if other is not None:
            notes = iter(other.annotate(texts))
        else:  # no model: the numbers are still read, from the words
            from newsfuse.numbers import text_numbers

            notes = iter([SentenceAnnotation(numbers=tuple(text_numbers(t))) for t in texts])
        for k in ks:
            article, sentences = split[k]
            out[k] = PreparedArticle(article, sentences, tokens[k], tuple(next(notes) for _ in sentences))
    chunks, chunk, size = [], [], 0
    for k, (_, sentences) in enumerate(split):
        if out[k] is not None:
            continue
        chunk.append(k)
        size += len(sentences)
        if size >= ANNOTATE_CHUNK:
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    for chunk in (progress or no_progress)(chunks, len(chunks), "annotating"):
        texts = [s.text for k in chunk for s in split[k][1]]
        notes = iter(annotator.annotate(texts))
        for k in chunk:
            article, sentences = split[k]
            out[k] = PreparedArticle(article, sentences, tokens[k], tuple(next(notes) for _ in sentences))
    return out


def prepare(inputs: InputLike | Iterable[InputLike], config: Config | None = None, *, annotator=None,
            stdin: BinaryIO | None = None, progress: Progress | None = None) -> Prepared:
    """Everything per article, once: read, clean, remove site templates (across this
    batch), split, tokenise, annotate. What cannot be read is in ``skipped``."""
    config = config or Config()
    articles, skipped = clean_inputs(inputs, stdin, progress, config)
    return Prepared(annotate_all(articles, config, annotator, progress), skipped)


def prepare_batch(articles: Sequence[Article], config: Config | None = None, annotator=None) -> Prepared:
    """The per-article work on one batch of read articles: clean each, remove site templates
    across the batch, split, tokenise, annotate. An article that fails at any step is
    reported in ``skipped`` and the rest go on. Any engine runs this same function."""
    config = config or Config()
    cleaned, failed = clean_batch(articles, config)
    try:
        return Prepared(annotate_all(cleaned, config, annotator), failed)
    except Exception:  # noqa: BLE001 - find the article that fails, keep the others
        prepared = []
        for article in cleaned:
            try:
                prepared += annotate_all([article], config, annotator)
            except Exception as e:  # noqa: BLE001
                failed.append(Skipped(article.origin or article.id,
                                      f"could not be annotated ({type(e).__name__}: {e})"))
        return Prepared(prepared, failed)


class LocalEngine:
    """Runs the work one piece after another in this process (the default engine)."""

    def __init__(self, annotator=None):
        self.annotator = annotator

    def __enter__(self) -> "LocalEngine":
        return self

    def __exit__(self, *exc) -> None:
        pass

    def run(self, batches: Iterable[list[Article]], config: Config) -> Iterator[Prepared]:
        for batch in batches:
            yield prepare_batch(batch, config, self.annotator)

    def brief(self, stories: Iterable[tuple[int, list[PreparedArticle]]], config: Config
              ) -> Iterator[tuple[int, str | None, str, list[PreparedArticle]]]:
        """(story, brief JSON or None, error, its articles annotated for it) for each story."""
        for story, prepared in stories:
            try:
                text, annotated = brief_json(prepared, config, self.annotator)
                yield story, text, "", annotated
            except Exception as e:  # noqa: BLE001 - one story that fails is reported, the rest go on
                yield story, None, f"{type(e).__name__}: {e}", []


# --------------------------------------------------------------------------- #
# per story


@dataclass(frozen=True)
class StoryFacts:
    """One story read as facts: what ``summarise`` ranks (``fuse`` and the brief model's training
    share it, so the model learns from the facts a brief is made of)."""

    prepared: list[PreparedArticle]  # annotated when the analysis is on
    articles: list[Article]  # cleaned, the raw page dropped
    similarity: Similarity
    facts: list[Fact]  # after the analysis: a disputing source is not among a fact's sources
    found: Analysis
    language: str | None = None  # the story's: that of most of its articles (None: none is known)
    set_aside: list[SetAside] = field(default_factory=list)  # its articles in other languages, left out

    @property
    def titles(self) -> dict[str, str | None]:
        return {a.id: a.title for a in self.articles}


def in_one_language(prepared: Sequence[PreparedArticle]
                    ) -> tuple[list[PreparedArticle], str | None, list[SetAside]]:
    """A story read in its main language (:func:`newsfuse.language.main_language`): the
    articles in it or of no known language, the language, and the others set aside, in
    article order, each with why. Were every article set aside, none is."""
    from newsfuse.language import described, main_language

    main = main_language([p.article.language for p in prepared])
    kept, aside = [], []
    for p in prepared:
        code = p.article.language
        if main is None or not code or code == main:
            kept.append(p)
        else:
            aside.append(SetAside(p.id, p.article.origin or p.id, code,
                                  f"in {described(code)}; the story is in {described(main)}"))
    if not kept:  # cannot happen with main_language; a brief of nothing would be worse than one of all
        return list(prepared), main, []
    return kept, main, aside


def story_facts(prepared: Sequence[PreparedArticle], config: Config | None = None, *, annotator=None,
                progress: Progress | None = None) -> StoryFacts:
    """One story's prepared articles -> its facts, aligned and analysed.

    The story is read in its main language: articles in another are left out of
    everything and listed in ``set_aside`` (:func:`in_one_language`). Articles
    prepared without annotations are annotated here when the analysis is on (a
    store holds them annotated, so this is for ad hoc use).
    """
    from newsfuse.align import group_facts, story_similarity

    config = config or Config()
    if not prepared:
        raise NoArticlesError([])
    ids = [p.id for p in prepared]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ValueError(f"article id {dup!r} is given twice; ids in one story must be unique")
    prepared, language, set_aside = in_one_language(prepared)
    ids = [p.id for p in prepared]
    if config.analyse.enabled and any(p.annotations is None for p in prepared):
        missing = [p for p in prepared if p.annotations is None]
        done = {p.id: p for p in annotate_all([p.article for p in missing], config, annotator, progress)}
        prepared = [done.get(p.id, p) for p in prepared]
    sentences = [s for p in prepared for s in p.sentences]
    tokens = [t for p in prepared for t in p.tokens]
    similarity = story_similarity(sentences, config.align, tokens)
    facts = group_facts(sentences, similarity, config.align.fact_threshold, ids)
    # a brief's articles are the cleaned ones: the raw page stays with the prepared article
    articles = [replace(p.article, raw="") for p in prepared]
    # before summarise: a source that disputes a fact must not be cited for it
    if config.analyse.enabled:
        from newsfuse.analyse import analyse

        annotations = [n for p in prepared for n in p.annotations]
        facts, found = analyse(articles, sentences, annotations, facts, similarity, config.analyse)
    else:  # no parse: the figures are still checked, from the words
        from newsfuse.analyse import check_numbers

        facts, found = check_numbers(articles, sentences, facts, similarity, config.analyse)
    return StoryFacts(prepared, articles, similarity, facts, found, language, set_aside)


def fuse(prepared: Sequence[PreparedArticle], config: Config | None = None, *, skipped: Sequence[Skipped] = (),
         annotator=None, progress: Progress | None = None) -> Brief:
    """One story's prepared articles -> its Brief: align, analyse (:func:`story_facts`, which
    annotates the articles prepared without the parse), summarise."""
    config = config or Config()
    if not prepared:
        raise NoArticlesError(list(skipped))
    return brief_of(story_facts(prepared, config, annotator=annotator, progress=progress), config, skipped)


def stored_story_brief(prepared: Sequence[PreparedArticle], config: Config | None = None, annotator=None
                       ) -> tuple[Brief, list[PreparedArticle]]:
    """A stored story's brief, and those of its articles that were annotated to make it (stored
    without the parse: ``ingest.annotate = "later"``), for the store to keep."""
    config = config or Config()
    if not prepared:
        raise NoArticlesError([])
    missing = {p.id for p in prepared if p.annotations is None}
    story = story_facts(prepared, config, annotator=annotator)
    annotated = [p for p in story.prepared if p.id in missing and p.annotations is not None]
    return brief_of(story, config), annotated


def brief_json(prepared: Sequence[PreparedArticle], config: Config | None = None, annotator=None
               ) -> tuple[str, list[PreparedArticle]]:
    """:func:`stored_story_brief` with the brief as JSON (what an engine's worker sends back)."""
    from newsfuse.report import to_json

    brief, annotated = stored_story_brief(prepared, config, annotator)
    return to_json(brief), annotated


def brief_of(story: StoryFacts, config: Config, skipped: Sequence[Skipped] = ()) -> Brief:
    """A story's facts -> its Brief: summarise, with the notes a reader needs."""
    from newsfuse.analyse import nothing_to_compare
    from newsfuse.headlines import consensus_title
    from newsfuse.summarise import summarise

    articles, found = story.articles, story.found
    summary = summarise(story.facts, story.similarity, len(story.prepared), config.summarise, titles=story.titles,
                        language=story.language)
    alone = nothing_to_compare(articles, found.syndicated)
    if alone:  # one account: what one source "alone adds" is all of it, and says nothing
        found = replace(found, unique={})
    notes = [alone] if alone else []
    if config.analyse.enabled:
        from newsfuse.annotate import missing_model

        notes += [n for n in (missing_model(story.language, config.annotate),) if n]
    return Brief(articles, summary, story.facts, list(skipped), words=config.summarise.words,
                 sentences=config.summarise.sentences, config=config.to_dict(),
                 title=consensus_title([a.title for a in articles if a.title]),
                 language=story.language, set_aside=story.set_aside, notes=notes,
                 **{f.name: getattr(found, f.name) for f in fields(Analysis)})


def split_stories(prepared: Sequence[PreparedArticle], config: Config | None = None) -> list[list[PreparedArticle]]:
    """The stories among prepared articles (``newsfuse.cluster``, healed by
    ``newsfuse.story_model`` as a store's are, unless ``cluster.consolidate`` is off), largest
    first (ties: the one whose first article came first), each in input order."""
    from newsfuse.cluster import cluster_articles

    config = config or Config()
    story_of = cluster_articles(prepared, config.cluster)
    if config.cluster.consolidate and len(prepared) > 1:
        from newsfuse.story_model import heal

        story_of = heal(prepared, story_of, cluster=config.cluster)
    groups: dict[int, list[PreparedArticle]] = {}
    for p in prepared:
        groups.setdefault(story_of[p.id], []).append(p)
    # groups are in the order of their first articles; a stable sort keeps it among equals
    return sorted(groups.values(), key=len, reverse=True)


_UNSET: Any = object()


def brief_config(config: Config | None = None, *, words: int | None = _UNSET, sentences: int | None = _UNSET,
                 threshold: float = _UNSET, analysis: bool = _UNSET) -> Config:
    """The configuration a brief runs with: ``config`` with the common overrides, and a budget."""
    config = config or Config()
    overrides: dict[str, Any] = {}
    if words is not _UNSET:
        overrides["summarise.words"] = words
    if sentences is not _UNSET:
        overrides["summarise.sentences"] = sentences
        if words is _UNSET and sentences is not None:
            overrides["summarise.words"] = None  # a sentence budget alone
    if threshold is not _UNSET:  # the cut in effect: with embeddings, theirs
        overrides["align.embedding_threshold" if config.align.embeddings else "align.threshold"] = threshold
    if analysis is not _UNSET:
        overrides["analyse.enabled"] = analysis
    return _with_budget(config.set(overrides) if overrides else config)


STORY_POLICIES = ("fuse", "largest", "each")  # what a brief of inputs that hold several stories does


@dataclass
class StoryBriefs:
    """What :func:`brief_stories` made: the briefs (largest story first), the stories the
    inputs hold (their prepared articles, largest first; one, all the articles, when they
    were fused) and the inputs that could not be read."""

    briefs: list[Brief]
    stories: list[list[PreparedArticle]]
    skipped: list[Skipped]


def brief_stories(inputs: InputLike | Iterable[InputLike], config: Config | None = None, *,
                  stories: str = "largest", annotator=None, stdin: BinaryIO | None = None,
                  progress: Progress | None = None) -> StoryBriefs:
    """Read and prepare the inputs, find the stories they hold (:func:`split_stories`), and
    brief as ``stories`` says: ``fuse`` all the articles as one story, the ``largest``
    story only, or ``each``. Only the articles briefed are parsed (with ``annotator``:
    default, this process's model). ``newsfuse brief`` briefs the largest, or each with
    ``--split``; :func:`brief` fuses by default."""
    if stories not in STORY_POLICIES:
        raise ValueError(f"stories={stories!r}: choose one of {', '.join(STORY_POLICIES)}")
    config = config or Config()
    # the parse waits until the stories are known: those not briefed are never parsed
    done = prepare(inputs, config.set({"analyse.enabled": False}), stdin=stdin, progress=progress)
    if not done.articles:
        raise NoArticlesError(done.skipped)
    found = [done.articles] if stories == "fuse" else split_stories(done.articles, config)
    chosen = found[:1] if stories == "largest" else found
    made = [fuse(story, config, skipped=done.skipped, annotator=annotator, progress=progress) for story in chosen]
    return StoryBriefs(made, found, done.skipped)


def brief(inputs: InputLike | Iterable[InputLike], config: Config | None = None, *, words: int | None = _UNSET,
          sentences: int | None = _UNSET, threshold: float = _UNSET, analysis: bool = _UNSET,
          stories: str = "fuse", stdin: BinaryIO | None = None, progress: Progress | None = None,
          annotator=None) -> Brief:
    """Read, clean and summarise the articles into a cited Brief.

    ``config`` holds every setting (default: ``Config()``); the keywords override
    the ones most often changed: ``words`` caps the brief's length in words,
    ``sentences`` in sentences (give only ``sentences`` for a sentence budget
    alone), ``threshold`` is the similarity at which sentences of different
    articles are one fact, ``analysis=False`` skips reading across the sources.
    ``stories``: what to do when the inputs hold several stories: ``fuse`` them into
    one brief (the default), or brief the ``largest`` (as ``newsfuse brief`` does);
    :func:`brief_stories` briefs each.
    """
    if stories == "each":
        raise ValueError("stories='each' gives several briefs: call brief_stories")
    config = brief_config(config, words=words, sentences=sentences, threshold=threshold, analysis=analysis)
    return brief_stories(inputs, config, stories=stories, annotator=annotator, stdin=stdin,
                         progress=progress).briefs[0]


def _with_budget(config: Config) -> Config:
    """A brief needs a budget: with neither, the word budget's default."""

    if config.summarise.words is None and config.summarise.sentences is None:
        return config.replace(summarise={"words": SummariseConfig().words})
    return config
