"""Inputs of every kind, read one way: paths (files, directories, '-'), URLs, :class:`Article`
objects and JSON-style dicts, in any mix, with ids made unique among them and the limits of
``config.ingest`` applied. :func:`read` is ``newsfuse.read``; the CLI, the service and
:func:`newsfuse.brief` read through :func:`stream_inputs`. It stands above
:mod:`newsfuse.ingest` (the formats of files and records) and :mod:`newsfuse.fetch` (URLs).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, NamedTuple

from newsfuse.config import Config
from newsfuse.ingest import InputError, records_of, stream_read, unique_id
from newsfuse.model import Article, Skipped

InputLike = str | Path | Article | dict  # what read() accepts, in any mix


class Corpus(NamedTuple):
    """What :func:`read` returns: the articles read and the inputs skipped (``articles,
    skipped = read(paths)`` unpacks it)."""

    articles: list[Article]
    skipped: list[Skipped]


def read(inputs: InputLike | Iterable[InputLike], stdin: BinaryIO | None = None, config: Config | None = None
         ) -> Corpus:
    """Read every input (paths, '-', URLs, :class:`Article` objects, JSON-style dicts, in any
    mix); what cannot be read is reported in ``skipped``, never fatal. The CLI, the service
    and :func:`newsfuse.brief` read through here.

    Article ids are unique across all the inputs (a clash becomes ``id-2``, ``id-3``), so
    citations stay unambiguous when two folders hold files of the same name; an Article
    passed in is never changed (a renamed one is a copy). An article longer than
    ``ingest.max_article_chars`` is skipped with a message naming it; a URL is fetched as
    ``config.ingest`` says.
    """
    corpus = Corpus([], [])
    for got in stream_inputs(inputs, stdin, config):
        (corpus.skipped if isinstance(got, Skipped) else corpus.articles).append(got)
    return corpus


def stream_inputs(inputs: InputLike | Iterable[InputLike], stdin: BinaryIO | None = None,
                  config: Config | None = None) -> Iterator[Article | Skipped]:
    """What :func:`read` reads, one input at a time, in input order: each article as soon as
    its input is read (never the whole corpus in memory), or what could not be read. The one
    place that makes ids unique among the inputs."""
    config = config or Config()
    if isinstance(inputs, (str, Path, Article, dict)):
        inputs = [inputs]
    from newsfuse.fetch import Fetcher, is_url

    fetcher: Fetcher | None = None  # one for the whole call, made when first needed: it keeps the per-host delay

    def fetch(url: str, article_id: str | None = None) -> Article | Skipped:
        nonlocal fetcher
        fetcher = fetcher or Fetcher(config.ingest)
        try:
            return fetcher.fetch(url, article_id)
        except InputError as e:
            return Skipped(e.input, e.problem)

    def items_of(n: int, item) -> Iterator[Article | Skipped]:
        if is_url(item):
            yield fetch(item)
        elif isinstance(item, Article):
            yield item
        elif isinstance(item, dict):  # its id, else one from its content: never reused for other content
            yield from records_of(item, None, f"record {n}")
        elif isinstance(item, (str, Path)):
            yield from stream_read([item], stdin=stdin)
        else:
            yield Skipped(f"input {n}", f"not a path, an Article or a dict: {type(item).__name__}")

    taken: set[str] = set()
    limit = config.ingest.max_article_chars
    for n, given in enumerate(inputs, start=1):  # in input order, whatever the kind
        for item in items_of(n, given):
            if isinstance(item, Article) and item.format == "link":  # a feed entry that is only a link
                if not config.ingest.fetch_links:
                    yield Skipped(item.origin, f"entry without content; its link {item.url} is fetched with "
                                               "--fetch-links (ingest.fetch_links)")
                    continue
                page = fetch(item.url, item.id)
                item = page if isinstance(page, Skipped) else replace(
                    page, origin=item.origin, title=item.title, published=item.published, source=item.source)
            if isinstance(item, Skipped):
                yield item
            elif len(item.raw) > limit:
                yield Skipped(item.origin or item.id, f"too large: {len(item.raw):,} characters, over the "
                                                      f"limit of {limit:,} (ingest.max_article_chars)")
            else:
                new_id = unique_id(item.id, taken)
                taken.add(new_id)
                yield item if new_id == item.id else replace(item, id=new_id)
