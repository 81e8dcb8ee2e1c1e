"""The `newsearch` command: reads options, makes one library call, hands the result to render.

Heavy modules (Whoosh, Rich, the parser) are imported inside the commands, so start-up stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer

T = TypeVar("T")

app = typer.Typer(
    name="newsearch",
    help="Full-text search for scraped news articles: index pages, then query them.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(str, Enum):
    auto = "auto"
    rich = "rich"
    jsonl = "jsonl"
    tsv = "tsv"
    paths = "paths"


class ArticleFormat(str, Enum):
    auto = "auto"
    rich = "rich"
    jsonl = "jsonl"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Sort(str, Enum):
    relevance = "relevance"
    date = "date"


IndexDir = Annotated[
    Path, typer.Option("--index", envvar="NEWSEARCH_INDEX", help="Index folder.", show_default=True)
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format; auto: rich on a terminal, jsonl in a pipe.")]
ArticleFormatOpt = Annotated[ArticleFormat, typer.Option("--format", "-f", help="Output format; auto: rich on a terminal, jsonl in a pipe.")]
ColorOpt = Annotated[Color, typer.Option("--color", help="Colour on a terminal (NO_COLOR is honoured by auto).")]


@app.command("index")
def index_command(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files and folders to index; - reads JSON Lines from stdin.", show_default="seeds/")] = None,
    index_dir: IndexDir = Path("index"),
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Delete the index and start over.")] = False,
    wait: Annotated[float, typer.Option("--wait", min=0, metavar="SECONDS", help="Wait this long for another indexing run to finish.")] = 0.0,
) -> None:
    """Read documents, split and clean them into articles, and add them to the index."""
    from . import indexer, render

    paths = paths or ["seeds"]
    stdin = sys.stdin if "-" in paths else None
    files = [Path(p) for p in paths if p != "-"]
    with _progress() as progress:
        report = _run(lambda: indexer.index_paths(files, index_dir, rebuild=rebuild, progress=progress, wait=wait, on_wait=_warn, stdin=stdin))
    for path, reason in report.failed:
        _warn(reason if reason.startswith(path) else f"{path}: {reason}")
    print(render.index_summary(report), file=sys.stderr)
    raise typer.Exit(1 if report.failed else 0)


@app.command("query")
def query_command(
    text: Annotated[str, typer.Argument(metavar="QUERY", help='Query, e.g. \'"Min Aung Hlaing" speaker:Shoigu\'.')],
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="Hits to show.")] = 10,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Hits to skip first.")] = 0,
    sort: Annotated[Sort, typer.Option("--sort", help="relevance, or date (newest first); ties by id.")] = Sort.relevance,
    any_term: Annotated[bool, typer.Option("--any", help="Rank articles matching any word (default: all).")] = False,
    fmt: FormatOpt = Format.auto,
    color: ColorOpt = Color.auto,
    index_dir: IndexDir = Path("index"),
) -> None:
    """Ranked search with highlighted snippets. Exit 0: hits, 1: none, 2: error."""
    from . import render, searcher

    result = _run(lambda: searcher.search(index_dir, text, limit=limit, offset=offset, sort=sort.value, match_all=not any_term))
    if result.total == 0:
        raise typer.Exit(1)
    _output(lambda out: render.hits(result, _resolve_format(fmt), out, _use_color(color)))


@app.command("parse")
def parse_command(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to parse.")],
    show_removed: Annotated[bool, typer.Option("--show-removed", help="List the lines left out of the articles, and why.")] = False,
    fmt: ArticleFormatOpt = ArticleFormat.auto,
    color: ColorOpt = Color.auto,
) -> None:
    """Print the articles newsearch finds in documents, without indexing them."""
    from . import render

    failures: list = []
    items = _iter_parsed(paths, failures, show_removed)
    printer = render.removed_lines if show_removed else render.articles
    count = _output(lambda out: printer(items, _resolve_format(fmt), out, _use_color(color)))
    raise typer.Exit(2 if failures else (0 if count else 1))


@app.command("show")
def show_command(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id (or a unique prefix).")],
    fmt: ArticleFormatOpt = ArticleFormat.auto,
    color: ColorOpt = Color.auto,
    index_dir: IndexDir = Path("index"),
) -> None:
    """Print one whole article."""
    from . import render, searcher

    article = _run(lambda: searcher.get_article(index_dir, article_id))
    _output(lambda out: render.articles([article], _resolve_format(fmt), out, _use_color(color), full=True))


@app.command("stats")
def stats_command(
    fmt: ArticleFormatOpt = ArticleFormat.auto,
    color: ColorOpt = Color.auto,
    index_dir: IndexDir = Path("index"),
) -> None:
    """What the index holds: articles, files, sources, bylines by role, speakers, size."""
    from . import render, searcher

    info = _run(lambda: searcher.index_stats(index_dir))
    _output(lambda out: render.stats(info, _resolve_format(fmt), out, _use_color(color)))


def _iter_parsed(paths, failures: list, removed: bool = False):
    """Articles (or, with `removed`, the lines left out) of every readable document.

    Unreadable documents and unreadable records are reported on stderr and skipped.
    """
    from . import parsing
    from .errors import InputError

    for root in paths:
        try:
            documents = list(parsing.iter_document_paths([root]))
        except InputError as error:
            failures.append(error)
            _warn(str(error))
            continue
        for path in documents:
            problems: list = []
            try:
                if removed:
                    yield from _removed_lines(parsing, path)
                else:
                    yield from parsing.parse_file(path, problems)
            except InputError as error:
                failures.append(error)
                _warn(str(error))
            for line, reason in problems:
                _warn(f"{path}:{line}: {reason}")


def _removed_lines(parsing, path: Path):
    """Plain-text pages show what the cleaner dropped; other formats are extracted whole."""
    if parsing.format_suffix(path) != ".txt":
        return []
    return parsing.parse_text_with_removed(parsing.read_text(path), str(path))[1]


def _run(call: Callable[[], T]) -> T:
    """Call the library; a NewsearchError becomes a one-line message and its exit code."""
    from .errors import NewsearchError, QueryError

    try:
        return call()
    except KeyboardInterrupt:
        _warn("interrupted; the index keeps its last commit")
        raise typer.Exit(130) from None
    except NewsearchError as error:
        _warn(str(error))
        if isinstance(error, QueryError) and error.query and error.position is not None:
            print(f"  {error.query}\n  {' ' * error.position}^", file=sys.stderr)
        raise typer.Exit(error.exit_code) from None


def _output(write: Callable):
    """Write to stdout; a closed pipe (`| head -1`) ends the command quietly."""
    try:
        result = write(sys.stdout)
        sys.stdout.flush()
        return result
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0) from None


def _warn(message: str) -> None:
    from .textutil import one_line

    print(f"newsearch: {one_line(message)}", file=sys.stderr)


def _resolve_format(fmt: Enum) -> str:
    if fmt.value != "auto":
        return fmt.value
    return "rich" if sys.stdout.isatty() else "jsonl"


def _use_color(color: Color) -> bool:
    if color is Color.auto:
        return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    return color is Color.always


class _progress:
    """A Rich progress bar on stderr when it is a terminal; otherwise nothing."""

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = Progress("indexing", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("files", total=None)
        return lambda done, total: self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc):
        if sys.stderr.isatty():
            self.bar.stop()


def main() -> None:
    app()
