"""The command line: a thin layer over the library (arguments, I/O, progress)."""

from __future__ import annotations

import sys
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


def _say(message: str) -> None:
    print(f"newsfuse: {message}", file=sys.stderr)


def _progress(items, total):
    """A progress bar on stderr for long batches, when a person is watching."""
    if total < 20 or not sys.stderr.isatty():
        return items
    from rich.console import Console
    from rich.progress import track

    # stderr: stdout carries the report and must stay clean when piped
    return track(items, total=total, description="cleaning", transient=True, console=Console(stderr=True))


def _version(value: bool) -> None:
    if value:
        from newsfuse import __version__

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
    paths: Annotated[list[str], typer.Argument(
        help="Files (.txt, .html, .htm, .gz, .jsonl), directories (read recursively) or - for stdin.",
        metavar="PATH...")],
    words: Annotated[Optional[int], typer.Option("--words", "-w", min=1,
                                                 help="Word budget of the brief. [default: 120]")] = None,
    sentences: Annotated[Optional[int], typer.Option("--sentences", "-s", min=1,
                                                     help="Sentence budget (instead of, or with, --words).")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.md,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    threshold: Annotated[float, typer.Option(min=0.0, max=1.0,
                                             help="Similarity at which sentences count as one fact.")] = 0.35,
) -> None:
    """One story from the given articles: a cited brief, shared facts and cleaned sources."""
    from newsfuse.pipeline import NoArticlesError
    from newsfuse.pipeline import brief as make_brief
    from newsfuse.report import render

    if words is None and sentences is None:
        words = 120
    try:
        result = make_brief(paths, words=words, sentences=sentences, threshold=threshold, progress=_progress)
    except NoArticlesError as e:
        for s in e.skipped:
            _say(f"cannot read {s.input}: {s.error}")
        _say("no article could be read; nothing to summarise")
        raise typer.Exit(1) from None
    for s in result.skipped:
        _say(f"skipped {s.input}: {s.error}")
    if result.skipped:
        _say(f"read {len(result.articles)} articles, skipped {len(result.skipped)} inputs")
    text = render(result, fmt.value)
    if output is None:
        sys.stdout.write(text)
    else:
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
