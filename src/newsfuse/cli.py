"""The command line: a thin layer over the library (arguments, I/O, progress)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    help="Read one news event through many outlets: a cited brief from the articles.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)


class Format(str, Enum):
    json = "json"
    md = "md"
    html = "html"


def _count(n: int, noun: str) -> str:
    """``1 article``, ``5 articles``."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _say(message: str) -> None:
    print(f"newsfuse: {message}", file=sys.stderr)


PROGRESS_EVERY = 5.0  # seconds between progress lines when stderr is not a terminal (a log, CI, a pipe)


def _now() -> float:
    import time

    return time.monotonic()


def _duration(seconds: float) -> str:
    """1h 3m, 1m 49s, 12s."""
    s = int(seconds + 0.5)
    if s >= 3600:
        return f"{s // 3600}h {s % 3600 // 60}m"
    return f"{s // 60}m {s % 60}s" if s >= 60 else f"{s}s"


class _Meter:
    """One stage's progress on stderr (stdout carries the report and must stay clean when piped).
    On a terminal, a rich bar: the stage, count, total where known, rate and time left (elapsed
    time for an unknown total). Otherwise a plain line at most every PROGRESS_EVERY seconds,
    and one at the end of a stage that showed any: ``newsfuse: preparing: 340/772 (4.1/s,
    1m 49s left)``, ``newsfuse: preparing: 340 (4.1/s)``. A stage over in less than
    PROGRESS_EVERY seconds prints nothing."""

    def __init__(self, what: str, total: Optional[int]):
        import threading

        self.what, self.total, self.n, self.shown = what, total, 0, False
        self.start = self.last = _now()
        self.bar = None
        self.lock = threading.Lock()
        self.done = threading.Event()
        if sys.stderr.isatty():
            self.bar = _rich_bar(total)
            self.bar.start()
            self.task = self.bar.add_task(what, total=total)
        else:
            # a line every PROGRESS_EVERY seconds even while one item takes longer (a batch of a
            # hundred pages): a log never goes silent for long
            threading.Thread(target=self._tick, daemon=True).start()

    def _tick(self) -> None:
        while not self.done.wait(max(PROGRESS_EVERY, 0.1)):
            if _now() - self.last >= PROGRESS_EVERY:
                self._line()

    def advance(self, n: int = 1) -> None:
        self.n += n
        if self.bar is not None:
            self.bar.advance(self.task, n)
        elif _now() - self.last >= PROGRESS_EVERY:
            self._line()

    def close(self) -> None:
        self.done.set()
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
        elif self.shown or _now() - self.start >= PROGRESS_EVERY:
            self._line(end=True)

    def _line(self, end: bool = False) -> None:
        with self.lock:
            if self.done.is_set() and not end:
                return
            self._write(end)

    def _write(self, end: bool) -> None:
        now = _now()
        elapsed = now - self.start
        rate = self.n / elapsed if elapsed > 0 else 0.0
        count = f"{self.n}" if self.total is None else f"{self.n}/{self.total}"
        if end:
            detail = f"{rate:.1f}/s, took {_duration(elapsed)}"
        elif self.total is not None and rate > 0:
            detail = f"{rate:.1f}/s, {_duration(max(self.total - self.n, 0) / rate)} left"
        else:
            detail = f"{rate:.1f}/s"
        _say(f"{self.what}: {count} ({detail})")
        sys.stderr.flush()
        self.last, self.shown = now, True


def _rich_bar(total: Optional[int]):
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:.1f}/s" if task.speed else "", style="progress.data.speed")

    if total is None:
        columns = [SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed:.0f}"), Rate(),
                   TimeElapsedColumn()]
    else:
        columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(),
                   TimeRemainingColumn()]
    return Progress(*columns, transient=True, console=Console(stderr=True))


def _progress(items, total, what="working"):
    """``items`` again, their progress shown as they are consumed (see :class:`_Meter`); a
    stage of one item shows none. ``total`` is None for a stream, known only at its end."""
    if total is not None and total < 2:
        return items
    return _metered(items, total, what)


def _metered(items, total, what):
    meter = _Meter(what, total)  # made when the first item is asked for: the stage starts then
    try:
        for item in items:
            yield item
            meter.advance()
    finally:
        meter.close()


class _IngestProgress:
    """Ingest's progress. Its "preparing" stage yields batches: it counts articles instead, each
    prepared article as its batch comes back and each skipped input as the ingest reports it
    (:meth:`skipped`), out of the number of inputs when every input is one article. The stage
    ends when the next begins or the ingest does (:meth:`close`): inputs skipped after the last
    batch still count."""

    def __init__(self, paths: list[str]):
        self.total = _articles_in(paths)
        self.meter: Optional[_Meter] = None

    def __call__(self, items, total, what):
        self.close()
        if what != "preparing":
            return _progress(items, total, what)
        self.meter = _Meter(what, self.total)
        return self._preparing(items)

    def _preparing(self, items):
        for result in items:
            if self.meter is not None:
                self.meter.advance(len(result.articles))
            yield result

    def skipped(self) -> None:
        if self.meter is not None:
            self.meter.advance()

    def close(self) -> None:
        if self.meter is not None:
            self.meter.close()
            self.meter = None


def _articles_in(paths: list[str]) -> Optional[int]:
    """How many articles the inputs hold, when that is cheap to know: every input a text or HTML
    file (one article each) or a directory of them; a path that is missing counts one, as it is
    one skipped input. None when any input may hold many (JSONL, WARC, a feed, stdin, a URL)."""
    from newsfuse.fetch import is_url
    from newsfuse.ingest import HTML_SUFFIXES, STDIN, TEXT_SUFFIXES, _expand, _strip_suffixes
    from newsfuse.model import Skipped

    if any(is_url(p) or p == STDIN for p in paths):
        return None
    n = 0
    try:
        for item in _expand(paths):
            if not isinstance(item, Skipped) and _strip_suffixes(item)[1] not in TEXT_SUFFIXES | HTML_SUFFIXES:
                return None
            n += 1
    except OSError:  # a directory that cannot be walked: the ingest says so, the progress goes without a total
        return None
    return n


class TextFormat(str, Enum):
    """The output of the commands that print data: lines for a reader, or JSON."""

    text = "text"
    json = "json"


# every command that prints data takes --format; --json is its short form
TextFormatOption = Annotated[TextFormat, typer.Option("--format", "-f", help="Output format (--json: json).")]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON output: the same as --format json.")]


StoreOption = Annotated[Optional[Path], typer.Option(
    "--store", help="The store's SQLite file (ingest.store). [default: ./newsfuse.db]", metavar="FILE")]
ConfigFile = Annotated[Optional[Path], typer.Option(
    "--config", help="TOML configuration file (default: $NEWSFUSE_CONFIG, else the built-in defaults; "
                     "see `newsfuse config --show`).", metavar="FILE")]
SetOption = Annotated[Optional[list[str]], typer.Option(
    "--set", help="Override one setting: --set align.threshold=0.3 (repeatable).", metavar="SECTION.NAME=VALUE")]


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class AnnotateWhen(str, Enum):
    now = "now"
    later = "later"


EngineOption = Annotated[Engine, typer.Option(
    help="Where the per-article work runs: this process, or Dask workers (a LocalCluster of --workers "
         "processes, or the cluster at --scheduler).")]
SchedulerOption = Annotated[Optional[str], typer.Option(
    help="With --engine dask: the address of a running Dask scheduler (tcp://host:8786).", metavar="ADDRESS")]
WorkersOption = Annotated[Optional[int], typer.Option(
    min=1, help="With --engine dask and no --scheduler: worker processes to start here. [default: 2]")]
VerboseOption = Annotated[bool, typer.Option(
    "--verbose", help="With --engine dask: show Dask's own logs and warnings (quiet by default).")]


# on the eval commands: a variant of the configuration, scored beside it
VariantOption = Annotated[Optional[list[str]], typer.Option(
    "--variant", metavar="FILE|SECTION.NAME=VALUE",
    help="A variant scored beside the configuration as newsfuse[VARIANT]: a TOML file (instead of --config's) "
         "and/or overrides (after --set's); repeatable, all of them one variant.")]


def _config(path: Optional[Path], sets: Optional[list[str]], extra: Optional[dict] = None):
    """The effective configuration: defaults, the file, --set, then the command's own options."""
    from newsfuse.config import Config, ConfigError

    overrides = {**_overrides(sets, "--set"), **(extra or {})}
    try:
        config = Config.load(path, overrides)
    except ConfigError as e:
        _say(str(e))
        raise typer.Exit(2) from None
    if config.align.embeddings:  # before any work starts, as for any other bad setting
        from newsfuse.embed import EmbeddingsUnavailable, model_dir

        try:
            model_dir()
        except EmbeddingsUnavailable as e:
            _say(f"align.embeddings: {e}")
            raise typer.Exit(2) from None
    return config


def _version(value: bool) -> None:
    if value:
        from newsfuse._version import __version__

        print(f"newsfuse {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
) -> None:
    pass


@app.command()
def brief(
    paths: Annotated[Optional[list[str]], typer.Argument(
        help="Files (.txt, .html, .htm, .gz, .jsonl), directories (read recursively) or - for stdin.",
        metavar="[PATH...]", show_default=False)] = None,
    words: Annotated[Optional[int], typer.Option("--words", "-w", min=1,
                                                 help="Word budget of the brief (summarise.words). [default: 120]")
                     ] = None,
    sentences: Annotated[Optional[int], typer.Option("--sentences", "-s", min=1,
                                                     help="Sentence budget (instead of, or with, --words).")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format (--json: json).")] = Format.md,
    as_json: JsonOption = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    threshold: Annotated[Optional[float], typer.Option(
        min=0.0, max=1.0, help="Similarity at which sentences count as one fact (align.threshold; with "
                               "align.embeddings, align.embedding_threshold). [default: 0.35; 0.59]")] = None,
    analysis: Annotated[Optional[bool], typer.Option(
        "--analysis/--no-analysis",
        help="Read across the sources: discrepancies, unique facts, entities, quotes, timeline, copies. "
             "--no-analysis skips spaCy: faster, brief and shared facts only. [default: analysis]")] = None,
    split: Annotated[bool, typer.Option(
        "--split", help="When the inputs hold several stories, brief each (with -o FILE: FILE-1, FILE-2...) "
                        "instead of only the largest.")] = False,
    story: Annotated[Optional[int], typer.Option(
        "--story", help="Brief this story of the store instead of files (see `newsfuse stories`).")] = None,
    store: StoreOption = None,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """One story from the given articles: a cited brief, where sources agree and differ, and cleaned sources."""
    fmt = Format.json if as_json else fmt
    from newsfuse.annotate import BackgroundAnnotator, ModelMissingError
    from newsfuse.pipeline import NoArticlesError, brief_config, brief_stories
    from newsfuse.report import render

    given = {"words": words, "sentences": sentences, "threshold": threshold, "analysis": analysis}
    config = brief_config(_config(config_file, sets), **{k: v for k, v in given.items() if v is not None})
    if story is not None:
        if paths:
            _say("give files or --story, not both")
            raise typer.Exit(2)
        from newsfuse import service

        with _open_store(store, config) as db:
            kept = db.resolve(story)
            if kept != story:
                _say(f"story {story} was merged into {kept}")
                story = kept
            try:
                result = service.brief(db, story, config)
            except KeyError:
                _say(f"no story {story} in {db.path}; `newsfuse stories` lists them")
                raise typer.Exit(1) from None
        _write(render(result, fmt.value), output)
        return
    if not paths:
        _say("missing PATH...: give the articles to brief (files, directories or -), or --story ID")
        raise typer.Exit(2)
    # the parse of the stories briefed only, in a process that loads the model meanwhile
    parser = (BackgroundAnnotator(config.annotate)
              if config.analyse.enabled and BackgroundAnnotator.worth_it(config.annotate) else None)
    try:
        done = brief_stories(paths, config, stories="each" if split else "largest", annotator=parser,
                             progress=_progress)
    except ModelMissingError as e:
        _say(str(e))
        raise typer.Exit(1) from None
    except NoArticlesError as e:
        for s in e.skipped:
            _say(f"cannot read {s.input}: {s.error}")
        _say("no article could be read; nothing to summarise")
        raise typer.Exit(1) from None
    finally:
        if parser is not None:
            parser.close()
    results = done.briefs
    if len(done.stories) > 1:
        _say(f"the inputs hold {len(done.stories)} stories, not one:")
        for n, story in enumerate(done.stories, start=1):
            title = next((p.article.title for p in story if p.article.title), story[0].id)
            _say(f"  story {n}: {len(story)} articles: {title}")
        if not split:
            _say("briefing story 1, the largest (--split briefs each)")
    for s in done.skipped:
        _say(f"skipped {s.input}: {s.error}")
    if done.skipped:
        _say(f"read {sum(map(len, done.stories))} articles, skipped {len(done.skipped)} inputs")
    if len(results) == 1:
        _write(render(results[0], fmt.value), output)
    elif output is not None:
        for n, result in enumerate(results, start=1):
            _write(render(result, fmt.value), output.with_name(f"{output.stem}-{n}{output.suffix}"))
    elif fmt is Format.json:
        import json

        _write(json.dumps({"stories": [r.to_dict() for r in results]}, ensure_ascii=False, indent=2) + "\n", None)
    else:
        _write(("\n---\n\n" if fmt is Format.md else "\n").join(render(r, fmt.value) for r in results), None)




@app.command()
def clean(
    paths: Annotated[list[str], typer.Argument(
        help="Files (.txt, .html, .htm, .gz, .jsonl), directories (read recursively) or - for stdin.",
        metavar="PATH...")],
    fmt: TextFormatOption = TextFormat.text,
    as_json: JsonOption = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """Clean articles to their bodies and show what was removed and why."""
    as_json = as_json or fmt is TextFormat.json
    import json

    from newsfuse.pipeline import clean_inputs

    articles, skipped = clean_inputs(paths, progress=_progress, config=_config(config_file, sets))
    for s in skipped:
        _say(f"skipped {s.input}: {s.error}")
    if not articles:
        _say("no article could be read; nothing to clean")
        raise typer.Exit(1)
    if as_json:
        from dataclasses import replace

        text = json.dumps({"articles": [replace(a, raw="").to_dict() for a in articles],
                           "skipped": [s.to_dict() for s in skipped]}, ensure_ascii=False, indent=2) + "\n"
    else:
        parts = []
        for a in articles:
            head = f"=== {a.id}" + (f" · {a.source}" if a.source else "") + (f" · {a.title}" if a.title else "")
            removed = "\n".join(f"  - [{r.reason}] {r.text}" for r in a.removed) or "  (nothing)"
            parts.append(f"{head}\n\n{a.text}\n\n--- removed ({len(a.removed)}):\n{removed}\n")
        text = "\n".join(parts)
    _write(text, output)


def _open_store(path: Optional[Path], config, must_exist: bool = True):
    from newsfuse.store import Store, StoreError

    path = path or Path(config.ingest.store)
    if must_exist and not path.exists():
        _say(f"no store at {path}; `newsfuse ingest PATH... --store {path}` makes one")
        raise typer.Exit(1)
    try:
        return Store(path, config)
    except StoreError as e:
        _say(str(e))
        raise typer.Exit(1) from None


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(
        help="Files (.txt, .html, .jsonl, .warc, .rss, .atom, .gz), directories (read recursively), - for stdin, "
             "or http(s) URLs.", metavar="PATH...")],
    store: StoreOption = None,
    fmt: TextFormatOption = TextFormat.text,
    as_json: JsonOption = False,
    allow_private: Annotated[bool, typer.Option(
        "--allow-private", help="Fetch URLs on private, loopback and link-local addresses too "
                                "(ingest.allow_private).")] = False,
    fetch_links: Annotated[bool, typer.Option(
        "--fetch-links", help="Fetch the link of a feed entry without content (ingest.fetch_links).")] = False,
    annotate: Annotated[Optional[AnnotateWhen], typer.Option(
        "--annotate", help="now: parse each article (spaCy) as it is ingested; later: when a brief of its story "
                           "first needs it, then kept (ingest.annotate, default later).")] = None,
    engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    verbose: VerboseOption = False,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """Add articles to the store: cleaned, grouped into stories as they arrive (and parsed for
    the analysis now or, by default, when a brief first needs them). PATH may be a file, a
    directory, -, or an http(s) URL to fetch. With --engine dask, the reading, cleaning and
    annotating run on Dask workers; the stories are the same."""
    as_json = as_json or fmt is TextFormat.json
    import json

    from newsfuse.annotate import ModelMissingError
    from newsfuse.model import Skipped
    from newsfuse.service import ingest as run
    from newsfuse.store import StoreError, outcome

    config = _config(config_file, sets, {**({"ingest.allow_private": True} if allow_private else {}),
                                         **({"ingest.fetch_links": True} if fetch_links else {}),
                                         **({"ingest.annotate": annotate.value} if annotate else {})})
    counts = {"added": 0, "duplicate": 0, "skipped": 0}
    touched: set[int] = set()  # the stories this ingest added to
    progress = _IngestProgress(paths)
    # the engine first: one that cannot start leaves no store file behind
    with _engine(engine, scheduler, workers, verbose) as runner, _open_store(store, config, must_exist=False) as db:
        try:
            for got in run(db, paths, config, progress=progress, engine=runner):
                line = outcome(got)
                counts[line["status"]] += 1
                if isinstance(got, Skipped):
                    progress.skipped()
                    text = f"skipped {got.input}: {got.error}"
                elif got.status == "duplicate":
                    text = f"duplicate {got.article}: {got.why} as {got.duplicate_of}"
                else:
                    touched.add(got.story)
                    text = f"added {got.article} to story {got.story}"
                # stdout, flushed: a line here means the article is committed to the store
                print(json.dumps(line, ensure_ascii=False) if as_json else text, flush=True)
        except (ModelMissingError, StoreError) as e:
            _say(str(e))
            raise typer.Exit(1) from None
        finally:
            progress.close()
        if config.cluster.consolidate and counts["added"]:
            # the stories this ingest added to and their neighbours; stdout holds one line per input.
            # Their briefs are made when read (or by refresh), as after the ingest itself: made
            # here, they would parse every article of a changed story, which annotate later spares
            _consolidate(db, _say, briefs=False, summary=False, around=touched)
        total = db.counts()
    _say(f"{counts['added']} added, {counts['duplicate']} duplicates, {counts['skipped']} skipped; "
         f"{total['articles']} articles in {total['stories']} stories in {db.path}")
    if not counts["added"] and not counts["duplicate"]:  # nothing read: a script must not take it for success
        raise typer.Exit(1)


@contextmanager
def _engine(engine: Engine, scheduler: Optional[str], workers: Optional[int], verbose: bool = False):
    """The engine, started: a Dask scheduler out of reach is one line and exit 2."""
    if engine is Engine.local:
        if scheduler or workers:
            _say("--scheduler and --workers go with --engine dask")
            raise typer.Exit(2)
        from newsfuse.pipeline import LocalEngine

        with LocalEngine() as runner:
            yield runner
        return
    try:
        from newsfuse.engines.dask import DaskEngine, SchedulerUnreachable, quiet
    except ImportError:
        _say("--engine dask needs Dask: pip install 'newsfuse[dask]'")
        raise typer.Exit(2) from None  # as every missing extra
    if not verbose:
        quiet()
    runner = DaskEngine(scheduler, workers, verbose=verbose)
    try:
        runner.__enter__()
    except SchedulerUnreachable as e:
        _say(str(e))
        raise typer.Exit(2) from None
    try:
        yield runner
    finally:
        runner.__exit__(None, None, None)


@app.command()
def refresh(
    store: StoreOption = None,
    engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    verbose: VerboseOption = False,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """Brief every story of the store that changed since its last brief (in parallel with
    --engine dask), and keep the briefs: `brief --story`, the web app and the API then
    serve them at once."""
    from newsfuse.service import refresh as run

    config = _config(config_file, sets)
    done = failed = 0
    with _open_store(store, config) as db, _engine(engine, scheduler, workers, verbose) as runner:
        for story, error in run(db, config, engine=runner, progress=_progress):
            if error:
                failed += 1
                _say(f"story {story}: {error}")
            else:
                done += 1
    _say(f"{done} {'story' if done == 1 else 'stories'} briefed" + (f", {failed} failed" if failed else "")
         + f" in {db.path}")
    if failed:
        raise typer.Exit(1)


def _consolidate(db, say=print, briefs: bool = True, summary: bool = True, around=None) -> None:
    """Consolidate the store's stories (``around``: only those stories and their neighbours)
    and say what it did: a line per merge and split (with ``say``), then a summary (stderr;
    without ``summary``, only when a story changed)."""
    from newsfuse import service
    from newsfuse.store import StoreError

    try:
        done = service.consolidate(db, progress=_progress, briefs=briefs, around=around)
    except StoreError as e:
        _say(str(e))
        raise typer.Exit(1) from None
    for old, kept in done.merged:
        say(f"merged story {old} into {kept}")
    for story, new in done.split:
        n = db.story(new)["n_articles"]
        say(f"split story {story}: {_count(n, 'article')} to new story {new}")
    for story, error in done.brief_errors:
        _say(f"story {story}: its brief could not be made: {error}")
    if not summary and not done.changed and not done.merged:
        return
    _say(f"consolidated {_count(done.articles, 'article')}: {len(done.merged)} merged, {len(done.split)} split, "
         f"{len(done.changed)} {'story' if len(done.changed) == 1 else 'stories'} changed in {db.path}")


@app.command()
def consolidate(
    store: StoreOption = None,
    briefs: Annotated[bool, typer.Option(help="Brief the changed stories now; without, `refresh` or the next "
                                              "reader makes their briefs.")] = True,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """Regroup the stories of the store's latest articles (cluster.consolidate_window) with the
    same-story model: stories told twice are merged (the older id kept, the other redirects to
    it), a story that mixed two is split; the changed stories are briefed again."""
    config = _config(config_file, sets)
    with _open_store(store, config) as db:
        _consolidate(db, briefs=briefs)


@app.command()
def stories(
    store: StoreOption = None,
    fmt: TextFormatOption = TextFormat.text,
    as_json: JsonOption = False,
    since: Annotated[Optional[str], typer.Option(
        help="Only stories seen since this day: YYYY-MM-DD (or an ISO date and time), today, yesterday, "
             "or days ago as 7d.", metavar="DATE")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="At most N stories.")] = None,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """The stories in the store, newest first."""
    as_json = as_json or fmt is TextFormat.json
    import json

    from newsfuse.dates import BadDate, parse_since

    if since is not None:
        try:
            since = parse_since(since)  # the ISO day it starts, which the store compares with
        except BadDate as e:
            _say(f"--since: {e}")
            raise typer.Exit(2) from None
    config = _config(config_file, sets)
    with _open_store(store, config) as db:
        found = db.stories(since=since, limit=limit)
    if as_json:
        print(json.dumps({"stories": found}, ensure_ascii=False, indent=2))
        return
    for st in found:
        day = (st["last_seen"] or "no date")[:10]
        print(f"{st['id']:>6}  {day:<10}  {_count(st['n_articles'], 'article'):>13}  {_count(st['n_sources'], 'outlet'):>11}  "
              f"{st['language'] or '--':<3} {st['title'] or '(untitled)'}")


@app.command()
def serve(
    store: StoreOption = None,
    host: Annotated[Optional[str], typer.Option(help="Address to listen on (default: serve.host, 127.0.0.1).")] = None,
    port: Annotated[Optional[int], typer.Option(min=1, max=65535, help="Port (default: serve.port, 8000).")] = None,
    token: Annotated[Optional[str], typer.Option(
        envvar="NEWSFUSE_TOKEN", help="Required by every write (POST, DELETE) when set; needed to listen on "
                                      "anything but localhost. Also read from $NEWSFUSE_TOKEN.")] = None,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """The web app and REST API over the store: stories, briefs, search, adding articles.
    OpenAPI documentation at /docs."""
    config = _config(config_file, sets)
    host = host or config.serve.host
    port = port or config.serve.port
    from newsfuse.server import LOCAL_HOSTS, create_app

    if host not in LOCAL_HOSTS and not token:
        _say(f"refusing to listen on {host} without a token: anyone who can reach it could add and delete "
             "articles; give --token TOKEN (or $NEWSFUSE_TOKEN), or listen on 127.0.0.1")
        raise typer.Exit(2)
    path = store or Path(config.ingest.store)
    _open_store(path, config, must_exist=False).close()  # a file that is no store fails here, with its name
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets)
            if self.started:  # said once the socket is open and the model loaded: the URL answers now
                _say(f"serving {path} on http://{'[' + host + ']' if ':' in host else host}:{port}/ "
                     "(API documentation at /docs)")

    _say(f"starting: loading the model and opening {path}")
    Server(uvicorn.Config(create_app(path, config, token=token, host=host), host=host, port=port,
                          log_level="warning")).run()


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (all of them) in titles and cleaned text.")],
    store: StoreOption = None,
    fmt: TextFormatOption = TextFormat.text,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option(min=1, help="At most N articles.")] = 20,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """Find articles in the store, with their stories."""
    as_json = as_json or fmt is TextFormat.json
    import json

    config = _config(config_file, sets)
    with _open_store(store, config) as db:
        found = db.search(query, limit)
    if as_json:
        print(json.dumps({"articles": found}, ensure_ascii=False, indent=2))
        return
    for a in found:
        print(f"story {a['story']:>5}  {a['id']}" + (f" · {a['title']}" if a["title"] else "") + f"\n    {a['snippet']}")


@app.command("cluster")
def cluster(
    paths: Annotated[list[str], typer.Argument(
        help="Files (.txt, .html, .htm, .gz, .jsonl), directories (read recursively) or - for stdin.",
        metavar="PATH...")],
    fmt: TextFormatOption = TextFormat.text,
    as_json: JsonOption = False,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """Group articles into stories (a batch, no store): inserted one at a time in publish order."""
    as_json = as_json or fmt is TextFormat.json
    import json

    from newsfuse.pipeline import prepare, split_stories

    config = _config(config_file, sets, {"analyse.enabled": False})
    done = prepare(paths, config, progress=_progress)
    for s in done.skipped:
        _say(f"skipped {s.input}: {s.error}")
    if not done.articles:
        _say("no article could be read; nothing to cluster")
        raise typer.Exit(1)
    ordered = [[p.article for p in story] for story in split_stories(done.articles, config)]
    if as_json:
        print(json.dumps({"stories": [{"id": n, "title": next((a.title for a in members if a.title), None),
                                       "n_articles": len(members), "articles": [a.id for a in members]}
                                      for n, members in enumerate(ordered, start=1)]}, ensure_ascii=False, indent=2))
        return
    for n, members in enumerate(ordered, start=1):
        title = next((a.title for a in members if a.title), members[0].id)
        print(f"story {n} ({len(members)} articles): {title}")
        for a in members:
            print(f"  {a.id}" + (f" · {a.source}" if a.source else "") + (f" · {a.title}" if a.title else ""))


@app.command("config")
def show_config(
    show: Annotated[bool, typer.Option("--show", help="Print the effective configuration as TOML.")] = True,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """The effective configuration (defaults, then the file, then --set), each setting documented."""
    config = _config(config_file, sets)
    if show:
        sys.stdout.write(config.to_toml())


eval_app = typer.Typer(help="Evaluate newsfuse against its peers on reference data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


class ExtractMode(str, Enum):
    html = "html"
    text = "text"


@eval_app.command("extract")
def eval_extract(
    data: Annotated[Path, typer.Option(help="Folder with html/<id>.html.gz and ground-truth.json.")],
    mode: Annotated[ExtractMode, typer.Option(help="html: systems get the page's raw bytes and decode them "
                                                   "their own way; text: its full visible text.")]
    = ExtractMode.html,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Only the first N pages (of the part).")] = None,
    part: Annotated[str, typer.Option(
        metavar="[all|held-back|rest]", help="Which pages: all, the held-back fifth that no tuning may see "
                                              "(by page id), or the rest.")] = "all",
    fmt: TextFormatOption = TextFormat.text,
    as_json: JsonOption = False,
    config_file: ConfigFile = None,
    sets: SetOption = None,
    variant: VariantOption = None,
) -> None:
    """Article-body extraction: newsfuse and its peers, same pages, same run (scrapinghub metric)."""

    as_json = as_json or fmt is TextFormat.json
    from newsfuse.evaluation.extraction import run_extract
    from newsfuse.evaluation.summarization import PARTS

    if part not in PARTS:
        raise typer.BadParameter(f"{part!r} is not one of {', '.join(PARTS)}.", param_hint="'--part'")
    config = _config(config_file, sets)
    variants = _variants(config_file, sets, variant)

    def table(result: dict) -> list[str]:
        width = max([18] + [len(name) + 1 for name in result["systems"]])
        shown = "" if result["part"] == "all" else f" ({result['part']} part)"
        lines = [f"{result['n_pages']} pages{shown}, mode {result['mode']}",
                 f"{'system':<{width}} {'precision':>9} {'recall':>7} {'F1':>7} {'pages/s':>8} {'behind':>7}"]
        for name, m in result["systems"].items():
            pps = f"{m['pages_per_second']:.1f}" if m["pages_per_second"] else "-"
            behind = m.get("pages_behind")
            lines.append(f"{name:<{width}} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>7.3f} {pps:>8} "
                         f"{'-' if behind is None else behind:>7}")
        if any(m.get("pages_behind") is not None for m in result["systems"].values()):
            lines.append("behind: pages where newsfuse's F1 is more than 0.1 below the best peer's on that page "
                         "(--json lists them)")
        ours, peer = result["systems"].get("newsfuse"), result["systems"].get("trafilatura")
        if ours and peer and ours["pages_per_second"] and peer["pages_per_second"]:
            lines.append(f"speed: newsfuse at {ours['pages_per_second'] / peer['pages_per_second']:.2f} x "
                         f"trafilatura's pages per second")
        return lines

    _report_eval(lambda: run_extract(data, mode.value, limit=limit, progress=_progress, variants=variants,
                                     part=part, config=config), as_json, table)


@eval_app.command("summarize")
def eval_summarize(
    data: Annotated[Path, typer.Option(help="JSONL of {cluster_id, documents: [{doc_id, text}], summary}; a "
                                            "document's title, when it has one, goes to newsfuse as its headline.")],
    words: Annotated[int, typer.Option(min=1, help="Word budget of every summary (Multi-News: 250).")] = 250,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Only the first N clusters (of the part).")] = None,
    part: Annotated[str, typer.Option(
        metavar="[all|held-back|rest]", help="Which clusters: all, the held-back fifth that no training may see "
                                              "(by cluster id), or the rest.")] = "all",
    oracle: Annotated[bool, typer.Option(help="Also run the greedy extractive oracle (the ceiling).")] = True,
    baselines: Annotated[str, typer.Option(
        metavar="NAMES", help="The baselines run beside newsfuse: some of lead, lexrank, textrank, lsa, centroid "
                              "(comma-separated), all, or none.")] = "all",
    fmt: TextFormatOption = TextFormat.text,
    as_json: JsonOption = False,
    per_cluster: Annotated[bool, typer.Option(
        "--per-cluster", help="With --json: also every cluster's scores for each system.")] = False,
    config_file: ConfigFile = None,
    sets: SetOption = None,
    variant: VariantOption = None,
) -> None:
    """Multi-document summaries: newsfuse and baselines, same clusters, budget and splitter (ROUGE)."""

    as_json = as_json or fmt is TextFormat.json
    from newsfuse.evaluation.summarization import BASELINES, PARTS, run_summarize

    if part not in PARTS:
        raise typer.BadParameter(f"{part!r} is not one of {', '.join(PARTS)}.", param_hint="'--part'")
    wanted = baselines.strip()
    chosen = list(BASELINES) if wanted == "all" else [] if wanted == "none" else \
        [b.strip() for b in wanted.split(",") if b.strip()]
    unknown = [b for b in chosen if b not in BASELINES]
    if unknown or not wanted:
        raise typer.BadParameter(f"{', '.join(map(repr, unknown)) or 'nothing'} is not a baseline: give some of "
                                 f"{', '.join(BASELINES)}, all or none.", param_hint="'--baselines'")
    config = _config(config_file, sets)
    variants = _variants(config_file, sets, variant)
    systems = ["newsfuse", *(f"newsfuse[{name}]" for name in variants), *chosen]

    def interval(m: dict) -> str:
        if "vs_newsfuse" not in m:
            return ""
        lo, hi = m["vs_newsfuse"]["rouge2"]
        return f"{lo:+.3f}..{hi:+.3f}"

    def table(result: dict) -> list[str]:
        width = max([20] + [len(name) + 1 for name in result["systems"]])
        shown = "" if result["part"] == "all" else f" ({result['part']} part)"
        lines = [f"{result['n_clusters']} clusters{shown}, {result['words']} words",
                 f"{'system':<{width}} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-Lsum':>10} {'words':>6} {'s/cluster':>10} "
                 f"{'leaning':>8} {'ΔR2 95%':>15}"]
        for name, m in result["systems"].items():
            lines.append(f"{name:<{width}} {m['rouge1']:>8.4f} {m['rouge2']:>8.4f} {m['rougeLsum']:>10.4f} "
                         f"{m['words_per_summary']:>6.1f} {m['seconds_per_cluster']:>10.4f} {m['leaning_share']:>8.1%} {interval(m):>15}".rstrip())
        lines.append("words: mean words of a summary as scored (every system is cut at the budget; newsfuse never cuts "
                     "a sentence mid-clause)")
        lines.append("leaning: share of summary sentences that open leaning on one not shown (\"It added\", \"But\", "
                     "\"And\", mid-quotation)")
        if any("vs_newsfuse" in m for m in result["systems"].values()):
            lines.append("ΔR2 95%: newsfuse's ROUGE-2 minus the system's, 95% paired bootstrap over the clusters")
        return lines

    _report_eval(lambda: run_summarize(data, words=words, limit=limit, progress=_progress, systems=systems,
                                       with_oracle=oracle, variants=variants, part=part,
                                       per_cluster=per_cluster and as_json, config=config), as_json, table)


@eval_app.command("cluster")
def eval_cluster(
    data: Annotated[list[Path], typer.Option(help="JSONL of {doc_id, story_id, title, text, published, source}, "
                                                  "Multi-News JSONL (documents pooled), or the UCI headlines CSV. "
                                                  "Given more than once, the sets are one mixed stream (each "
                                                  "set's stories apart, the sets interleaved).")],
    limit: Annotated[Optional[int], typer.Option(min=1, help="Only the first N documents (of each set).")] = None,
    as_stream: Annotated[Optional[float], typer.Option(
        "--as-stream", min=0.001, metavar="DAYS",
        help="Date every document at random within DAYS of the others, whatever its story, as a busy feed "
             "dates them (seeded): do close dates make stories fuse?")] = None,
    stories: Annotated[Optional[str], typer.Option(
        metavar="PREFIX", help="Only the stories whose id starts with PREFIX (neus-val-: NeuS's validation "
                               "stories, held back from the story model's training).")] = None,
    baseline: Annotated[bool, typer.Option(help="Also run TF-IDF + agglomerative clustering at its best threshold "
                                                "(memory grows with the square of the documents).")] = True,
    consolidate: Annotated[bool, typer.Option(help="Also consolidate the stream's stories with the learned "
                                                   "same-story model, as `newsfuse cluster` and `newsfuse consolidate` "
                                                   "do; --no-consolidate scores the stream clusterer alone.")] = True,
    fmt: TextFormatOption = TextFormat.text,
    as_json: JsonOption = False,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """Story clustering: newsfuse's stories as `newsfuse cluster` gives them, the stream clusterer's
    alone, and a batch baseline, same documents (B-cubed)."""
    as_json = as_json or fmt is TextFormat.json
    from newsfuse.evaluation.clustering import run_cluster

    config = _config(config_file, sets)

    def table(result: dict) -> list[str]:
        lines = [f"{result['n_docs']} documents, {result['n_stories']} stories",
                 f"{'system':<22} {'B3 prec':>8} {'B3 rec':>8} {'B3 F1':>8} {'pair F1':>8} {'stories':>8} {'docs/s':>9}"]
        for name, m in result["systems"].items():
            lines.append(f"{name:<22} {m['bcubed_precision']:>8.3f} {m['bcubed_recall']:>8.3f} {m['bcubed_f1']:>8.3f} "
                         f"{m['pairwise_f1']:>8.3f} {m['n_predicted']:>8} {m['docs_per_second']:>9.0f}")
        nf = result["systems"]["newsfuse"]
        lines.append(f"newsfuse from raw text (prepare, cluster, consolidate): {nf['ingest_docs_per_second']:.0f} docs/s; "
                     f"seconds by stage: {nf['seconds']}")
        if "tfidf_agglomerative" in result["systems"]:
            lines.append(f"baseline distance threshold: {result['systems']['tfidf_agglomerative']['distance_threshold']}")
            gain = nf["gain_over_baseline"]
            low, high = gain["interval_95"]
            lines.append(f"newsfuse minus the baseline, B3 F1: {gain['bcubed_f1']:+.3f} (95% interval {low:+.3f} to "
                         f"{high:+.3f}, stories resampled)")
        if "by_set" in nf:
            lines.append("B3 F1 of each set's documents in the mixed stream: " + "; ".join(
                f"{name} " + " / ".join(f"{m['by_set'][name]:.3f}" for m in result["systems"].values())
                for name in nf["by_set"]) + f" ({' / '.join(result['systems'])})")
        return lines

    _report_eval(lambda: run_cluster(data, limit=limit, config=config, baseline=baseline, consolidate=consolidate,
                                     stream_days=as_stream, stories=stories),
                 as_json, table)


@eval_app.command("align")
def eval_align(
    data: Annotated[Path, typer.Option(help="JSONL of sentence pairs {id, a, b, label} (label 1: the same "
                                            "information), e.g. ../shared/data/paraphrase-mrpc-train.jsonl.")],
    limit: Annotated[Optional[int], typer.Option(min=1, help="Only the first N pairs.")] = None,
    fmt: TextFormatOption = TextFormat.text,
    as_json: JsonOption = False,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """Fact grouping: would newsfuse put the two sentences of each pair into one fact? Beside a plain
    TF-IDF cosine at its best threshold."""
    as_json = as_json or fmt is TextFormat.json
    from newsfuse.evaluation.align import run_align

    config = _config(config_file, sets)

    def table(result: dict) -> list[str]:
        lines = [f"{result['n_pairs']} pairs ({result['positive_share']:.1%} the same information)",
                 f"{'system':<24} {'accuracy':>9} {'F1':>7} {'precision':>10} {'recall':>7} {'threshold':>10} "
                 f"{'pairs/s':>9}"]
        for name, m in result["systems"].items():
            lines.append(f"{name:<24} {m['accuracy']:>9.3f} {m['f1']:>7.3f} {m['precision']:>10.3f} "
                         f"{m['recall']:>7.3f} {m['threshold']:>10.2f} {m['pairs_per_second']:>9.0f}")
        return lines

    _report_eval(lambda: run_align(data, limit=limit, config=config), as_json, table)


@eval_app.command("plant")
def eval_plant(
    sources: Annotated[list[Path], typer.Option("--from", metavar="FILE", help="Clustering JSONL {doc_id, story_id, "
                                                "title, text, ...} or Multi-News JSONL (repeatable).")],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="FILE", help="The items' JSONL file to write.")],
    seed: Annotated[int, typer.Option(help="Seed of the planted changes.")] = 0,
) -> None:
    """Make the data of `newsfuse eval discrepancies`: pairs of articles of one story with one planted
    difference (a number, a date, a respelled name) and the same pairs untouched as controls."""
    from collections import Counter

    from newsfuse.evaluation.discrepancies import plant, write_items

    try:
        items = plant(sources, seed=seed, progress=_progress)
    except (FileNotFoundError, ValueError) as e:
        _say(str(e))
        raise typer.Exit(1) from None
    try:
        write_items(items, output)
    except OSError as e:
        _say(f"cannot write {output}: {e.strerror or e}")
        raise typer.Exit(1) from None
    counts = Counter(i["kind"] for i in items)
    _say(f"wrote {output}: " + ", ".join(f"{counts[k]} {k}" for k in ("number", "date", "name", "control")))


class Shown(str, Enum):
    none = "none"
    missed = "missed"
    controls = "controls"
    all = "all"


@eval_app.command("discrepancies")
def eval_discrepancies(
    data: Annotated[Path, typer.Option(help="Items made by `newsfuse eval plant` (JSONL).")],
    limit: Annotated[Optional[int], typer.Option(min=1, help="Only the first N items.")] = None,
    show: Annotated[Shown, typer.Option(help="List the planted differences missed, the discrepancies found on "
                                             "untouched pairs, or both.")] = Shown.none,
    fmt: TextFormatOption = TextFormat.text,
    as_json: JsonOption = False,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """Discrepancies: recall of planted differences per kind, respelled names merged into one entity,
    and discrepancies reported on the untouched pairs (each a real difference or a false alarm); on all
    the stories and on the held-out quarter never read while tuning."""
    as_json = as_json or fmt is TextFormat.json
    from newsfuse.evaluation.discrepancies import evaluate, load_items

    config = _config(config_file, sets)

    def run() -> dict:
        return evaluate(load_items(data, limit), config, progress=_progress)

    def table(result: dict) -> list[str]:
        held = result["held_out"]
        lines = [f"{'kind':<8} {'items':>6} {'found':>6} {'recall':>7}   {'held-out items':>14} {'recall':>7}"]
        for kind, m in result["kinds"].items():
            h = held["kinds"][kind]
            lines.append(f"{kind:<8} {m['items']:>6} {m['found']:>6} {m['recall']:>7.3f}   {h['items']:>14} "
                         f"{h['recall']:>7.3f}")
        lines.append(f"respelled names merged into one entity: {result['entity_merge']:.3f} "
                     f"(held out {held['entity_merge']:.3f})")
        for name, part in (("all", result), ("held out", held)):
            c = part["controls"]
            lines.append(f"untouched pairs ({name}): {c['stories']}, discrepancies on them: {c['discrepancies']} "
                         f"({c['discrepancies'] / max(c['stories'], 1) * 25:.2f} per 25 stories) {c['by_kind']}")
        if show in (Shown.controls, Shown.all):
            for d in result["control_discrepancies"]:
                lines.append(f"  control {d['story']} [{d['kind']}] {d['about']}: " + " | ".join(
                    f"{v['value']!r} ({', '.join(v['sources'])})" for v in d["values"]))
        if show in (Shown.missed, Shown.all):
            for m in result["misses"]:
                lines.append(f"  missed {m['id']}{' (held out)' if m['held_out'] else ''}: {m['original']!r} -> "
                             f"{m['changed']!r} in: {m['sentence'][:200]}")
                if m["counterpart"]:
                    lines.append(f"      other: {m['counterpart'][:200]}")
        lines.append(f"{result['seconds']:.0f} s")
        return lines

    _report_eval(run, as_json, table)


@eval_app.command("sections")
def eval_sections(
    data: Annotated[Path, typer.Option(help="Stories: items made by `newsfuse eval plant`, clustering JSONL "
                                            "(story_id) or Multi-News clusters.")],
    limit: Annotated[Optional[int], typer.Option(min=1, help="Only the first N stories.")] = None,
    show: Annotated[int, typer.Option(min=0, help="List up to N examples of each failure.")] = 0,
    fmt: TextFormatOption = TextFormat.text,
    as_json: JsonOption = False,
    config_file: ConfigFile = None,
    sets: SetOption = None,
) -> None:
    """One account: briefs citing a source for a value it disputes (in JSON, Markdown and HTML), and
    "alone adds" items another source also reports or that lean on a sentence not shown."""
    as_json = as_json or fmt is TextFormat.json
    from newsfuse.evaluation.citations import evaluate, read_stories

    config = _config(config_file, sets)

    def run() -> dict:
        stories = read_stories(data)[:limit] if limit else read_stories(data)
        return evaluate(stories, config, progress=_progress, show=show)

    def table(r: dict) -> list[str]:
        lines = [f"stories {r['stories']} ({r['one_account']} with one account: nothing to compare)",
                 f"sources cited for a value they dispute: {r['miscitations']} in {r['stories_miscited']} stories",
                 f"'alone adds' items: {r['alone_items']}; reported by another source too: {r['alone_shared']} "
                 f"({r['alone_shared_share']:.1%}); leaning on a sentence not shown: {r['alone_leaning']} "
                 f"({r['alone_leaning_share']:.1%})"]
        for kind, examples in r["examples"].items():
            for x in examples:
                lines.append(f"  {kind} {x['story']}: " + ", ".join(f"{k}={v!r}" for k, v in x.items() if k != "story"))
        lines.append(f"{r['seconds']:.0f} s")
        return lines

    _report_eval(run, as_json, table)


def _overrides(items: Optional[list[str]], option: str) -> dict[str, str]:
    """SECTION.NAME=VALUE items as overrides; one without "=" is exit 2, naming it."""
    overrides = {}
    for item in items or []:
        key, eq, value = item.partition("=")
        if not eq:
            _say(f"{option} {item!r}: write it as section.name=value, e.g. align.threshold=0.3")
            raise typer.Exit(2)
        overrides[key.strip()] = value.strip()
    return overrides


def _variants(config_file: Optional[Path], sets: Optional[list[str]], variant: Optional[list[str]]) -> dict:
    """The variant to score beside the configuration (``--variant``: a TOML file, instead of
    ``--config``'s, and overrides, after ``--set``'s), named by what it changes."""
    if not variant:
        return {}
    files = [Path(v) for v in variant if "=" not in v]
    if len(files) > 1:
        _say(f"--variant: one file at most, got {', '.join(map(str, files))}")
        raise typer.Exit(2)
    changes = [v for v in variant if "=" in v]
    _overrides(changes, "--variant")  # a malformed one is named as the variant's
    name = ",".join([f.stem for f in files] + changes)
    return {name: _config(files[0] if files else config_file, [*(sets or []), *changes])}


def _report_eval(run, as_json: bool, table) -> None:
    """Run an evaluation; a bad data path is a one-line error, exit 1; a missing peer (the
    eval extra), exit 2."""
    import json

    try:
        result = run()
    except ImportError as e:  # a peer of the eval extra, missing: as every missing extra
        _say(str(e))
        raise typer.Exit(2) from None
    except (FileNotFoundError, ValueError) as e:
        _say(str(e))
        raise typer.Exit(1) from None
    print(json.dumps(result, indent=2) if as_json else "\n".join(table(result)))


def _write(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        _say(f"cannot write {output}: {e.strerror or e}")
        raise typer.Exit(1) from None
    _say(f"wrote {output}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
