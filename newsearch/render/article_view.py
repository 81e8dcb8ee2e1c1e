"""Printers of articles (parsed or stored) and of the lines the page cleaner left out."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from ..models import Article, RemovedLine
from ..textutil import one_line, strip_controls
from .common import byline, console_for, current_folder, display_path, json_line


def articles(items: Iterable[Article], fmt: str, stream: IO[str], color: bool = False, full: bool = False,
             cwd: str | None = None) -> int:
    """Print parsed or stored articles (paths by `display_path`); returns how many were printed."""
    return _each(items, fmt, stream, color, lambda console, article, where: _rich_article(console, article, full, where), cwd)


def removed_lines(items: Iterable[RemovedLine], fmt: str, stream: IO[str], color: bool = False,
                  cwd: str | None = None) -> int:
    """Print the lines the page cleaner left out: `path:line  reason  text`, or JSON Lines."""
    return _each(items, fmt, stream, color, _rich_removed, cwd)


def _each(items: Iterable, fmt: str, stream: IO[str], color: bool, rich_printer, cwd: str | None) -> int:
    """Print items (each with `to_dict` and a `path`) as JSON Lines or with `rich_printer`; how
    many there were."""
    count = 0
    cwd = cwd or current_folder()
    console = None if fmt == "jsonl" else console_for(stream, color)
    for item in items:
        count += 1
        if console is None:
            record = item.to_dict()
            record["path"] = display_path(record["path"], cwd)
            stream.write(json_line(record) + "\n")
        else:
            rich_printer(console, item, cwd)
    return count


def _rich_removed(console, item: RemovedLine, cwd: str | None) -> None:
    from rich.text import Text

    line = Text(f"{one_line(display_path(item.path, cwd))}:{item.line}", style="dim")
    line.append(f"  {item.reason:<18}", style="yellow")
    line.append(one_line(item.text))
    console.print(line)


def _rich_article(console, article: Article, full: bool, cwd: str | None) -> None:
    from rich.rule import Rule
    from rich.text import Text

    console.print(Rule(style="dim"))
    console.print(Text(one_line(article.title), style="bold"))
    if article.subtitle:
        console.print(Text(one_line(article.subtitle), style="italic"))
    console.print(byline(article))
    for author in article.authors:
        console.print(Text(f"  {author.role}: {one_line(author.name)}", style="dim"))
    console.print(Text(f"{one_line(display_path(article.path, cwd))} #{article.ordinal}  id {article.id}  {article.word_count} words"
                       f"{'  language ' + article.language if article.language else ''}", style="dim"))
    if article.subheads:
        console.print(Text("subheads: " + " | ".join(one_line(s) for s in article.subheads), style="dim"))
    paragraphs = article.body.split("\n\n")
    shown = paragraphs if full else paragraphs[:2]
    for paragraph in shown:
        console.print()
        console.print(Text(strip_controls(paragraph)))
    if len(shown) < len(paragraphs):
        console.print(Text(f"… {len(paragraphs) - len(shown)} more paragraphs (newsearch show {article.id})", style="dim"))
    if article.quotes:
        console.print()
        console.print(Text(f"quotes ({len(article.quotes)}):", style="bold"))
        for quote in article.quotes:
            line = Text(f"  “{one_line(quote.text)}”", style="italic")
            line.append(f"  — {one_line(quote.speaker or 'unattributed')}", style="cyan")
            console.print(line)
    console.print()
