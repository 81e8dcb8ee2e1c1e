"""`newsearch parse`, `show` and `stats`: articles from documents or from the index, and what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import (
    ArticleFormat, ArticleFormatOpt, Color, ColorOpt, IndexDir, app, name_ignored, open_index, print_output, resolve_format,
    run_library, use_color, warn,
)


@app.command("parse")
def parse_command(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to parse.")],
    show_removed: Annotated[bool, typer.Option("--show-removed", help="List the lines left out of the articles, and why.")] = False,
    fmt: ArticleFormatOpt = ArticleFormat.auto,
    color: ColorOpt = Color.auto,
) -> None:
    """Print the articles newsearch finds in documents, without indexing them."""
    from ..render import article_view

    failures: list = []
    items = _iter_parsed(paths, failures, show_removed)
    printer = article_view.removed_lines if show_removed else article_view.articles
    count = print_output(lambda out: printer(items, resolve_format(fmt), out, use_color(color)))
    raise typer.Exit(2 if failures else (0 if count else 1))


@app.command("show")
def show_command(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id (or a unique prefix).")],
    fmt: ArticleFormatOpt = ArticleFormat.auto,
    color: ColorOpt = Color.auto,
    index_dir: IndexDir = "index",
) -> None:
    """Print one whole article."""
    from ..render import article_view

    article = run_library(lambda: open_index(index_dir).get_article(article_id))
    print_output(lambda out: article_view.articles([article], resolve_format(fmt), out, use_color(color), full=True))


@app.command("stats")
def stats_command(
    fmt: ArticleFormatOpt = ArticleFormat.auto,
    color: ColorOpt = Color.auto,
    index_dir: IndexDir = "index",
) -> None:
    """What the index holds: articles, files, sources, bylines by role, speakers, size."""
    from ..render import index_info

    info = run_library(lambda: open_index(index_dir).stats())
    print_output(lambda out: index_info.stats(info, resolve_format(fmt), out, use_color(color)))


def _iter_parsed(paths, failures: list, removed: bool = False):
    """Articles (or, with `removed`, the lines left out) of every readable document.

    Files are found as `index` finds them (index folders are not walked, non-documents are
    named); unreadable documents and records are reported on stderr and skipped.
    """
    from .. import parsing
    from ..discovery import discover
    from ..errors import InputError

    found = discover(paths)
    for _, reason in found.failed:
        failures.append(reason)
        warn(reason)
    name_ignored(found.ignored)
    for path, _signature in found.files.values():
        problems: list = []
        try:
            yield from (parsing.removed_lines(path) if removed else parsing.parse_file(path, problems))
        except InputError as error:
            failures.append(error)
            warn(str(error))
        for _, message in parsing.problem_report(str(path), problems):
            warn(message)
