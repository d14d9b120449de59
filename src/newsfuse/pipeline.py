"""The pipeline: ingest -> clean -> segment -> align -> summarise, for one story.

This is the only module that knows the order of the stages; the CLI, the
Python API and later the server call :func:`brief` and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields
from pathlib import Path
from typing import BinaryIO

from newsfuse.align import Similarity, group_facts, sort_facts
from newsfuse.clean import clean, remove_templates
from newsfuse.ingest import InputError, article_from_record, read
from newsfuse.model import Analysis, Article, Brief, Skipped
from newsfuse.segment import sentences_of
from newsfuse.summarise import summarise

Progress = Callable[[Iterable[Article], int], Iterable[Article]]


class NoArticlesError(ValueError):
    """None of the inputs gave an article; ``skipped`` says why for each."""

    def __init__(self, skipped: list[Skipped]):
        detail = "; ".join(f"{s.input}: {s.error}" for s in skipped[:5]) or "no inputs given"
        more = f" (and {len(skipped) - 5} more)" if len(skipped) > 5 else ""
        super().__init__(f"no article could be read: {detail}{more}")
        self.skipped = skipped


InputLike = str | Path | Article | dict


def load(inputs: InputLike | Iterable[InputLike], stdin: BinaryIO | None = None
         ) -> tuple[list[Article], list[Skipped]]:
    """Accept paths, '-', Article objects or JSON-style dicts, in any mix."""
    if isinstance(inputs, (str, Path, Article, dict)):
        inputs = [inputs]
    articles: list[Article] = []
    skipped: list[Skipped] = []
    paths: list[str | Path] = []
    for n, item in enumerate(inputs, start=1):
        if isinstance(item, Article):
            articles.append(item)
        elif isinstance(item, dict):
            try:
                articles.append(article_from_record(item, f"record:{n}", f"record {n}"))
            except InputError as e:
                skipped.append(Skipped(e.input, e.problem))
        else:
            paths.append(item)
    if paths:
        corpus = read(paths, stdin=stdin)
        articles.extend(corpus.articles)
        skipped.extend(corpus.skipped)
    return articles, skipped


def clean_all(articles: list[Article], progress: Progress | None = None
              ) -> tuple[list[Article], list[Skipped]]:
    """Clean every article; one that fails is reported and the rest go on."""
    done, skipped = [], []
    for article in progress(articles, len(articles)) if progress else articles:
        try:
            done.append(clean(article))
        except Exception as e:  # noqa: BLE001 - one bad article must not sink the batch
            skipped.append(Skipped(article.origin or article.id, f"could not be cleaned ({type(e).__name__}: {e})"))
    return done, skipped


def clean_inputs(inputs: InputLike | Iterable[InputLike], stdin: BinaryIO | None = None,
                 progress: Progress | None = None) -> tuple[list[Article], list[Skipped]]:
    """Read and clean the inputs: each article alone, then across articles (site templates)."""
    articles, skipped = load(inputs, stdin=stdin)
    articles, failed = clean_all(articles, progress)
    return remove_templates(articles), skipped + failed


def brief(inputs: InputLike | Iterable[InputLike], words: int | None = 120,
          sentences: int | None = None, threshold: float = 0.35,
          stdin: BinaryIO | None = None, progress: Progress | None = None, analysis: bool = True) -> Brief:
    """Read, clean and summarise the articles of one story into a cited Brief.

    ``words`` caps the brief's length in words (default 120); ``sentences``
    caps it in sentences; give either or both. ``threshold`` is the cosine
    similarity at which sentences of different articles count as one fact.
    """
    if words is not None and words < 1:
        raise ValueError(f"words must be at least 1, got {words}")
    if sentences is not None and sentences < 1:
        raise ValueError(f"sentences must be at least 1, got {sentences}")
    articles, skipped = clean_inputs(inputs, stdin, progress)
    if not articles:
        raise NoArticlesError(skipped)
    all_sentences = [s for a in articles for s in sentences_of(a)]
    similarity = Similarity.fit(all_sentences)
    facts = group_facts(all_sentences, similarity, threshold, [a.id for a in articles])
    found = None
    if analysis:  # before summarise: a source that disputes a fact must not be cited for it
        from newsfuse.analyse import analyse

        found = analyse(articles, all_sentences, facts, similarity)
        sort_facts(facts, [a.id for a in articles])  # disputed sources may have lowered a fact's support
    summary = summarise(facts, similarity, len(articles), words=words, sentences=sentences)
    result = Brief(articles, summary, facts, skipped, words=words, sentences=sentences)
    if found is not None:
        for f in fields(Analysis):
            setattr(result, f.name, getattr(found, f.name))
    return result
