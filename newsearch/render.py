"""Printers: Rich for a terminal, JSON Lines / TSV / paths for pipes. Each takes its stream.

Document text never becomes Rich markup (Text objects only) and is stripped of control
characters before it reaches a terminal; JSON escapes them instead, so data is not altered.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from typing import IO

from .models import Article, IndexReport, IndexStats, RemovedLine, SearchResult
from .textutil import fold_lines, one_line, strip_controls

HIT_FORMATS = ("rich", "jsonl", "tsv", "paths")
ARTICLE_FORMATS = ("rich", "jsonl")
HIGHLIGHT_STYLE = "bold yellow"
# Characters json.dumps leaves raw that a terminal may still act on (DEL, C1 controls, bidi marks).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")


def json_line(record: dict) -> str:
    """One JSON object on one line, UTF-8 readable, with terminal-active characters escaped."""
    text = json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_jsonl(records: Iterable[dict], stream: IO[str]) -> None:
    for record in records:
        stream.write(json_line(record) + "\n")


def display_path(path: str, cwd: str | None) -> str:
    """`path` as it opens from the folder `cwd`: relative to it when the file lies under it, else
    absolute. A relative path (an index built before paths were stored absolute) is kept as stored,
    and so is every path when `cwd` is None."""
    if not cwd or not os.path.isabs(path):
        return path
    path, root = os.path.normpath(path), os.path.join(os.path.normpath(cwd), "")
    return path[len(root):] if path.startswith(root) and len(path) > len(root) else path


def current_folder() -> str | None:
    """The process's working folder, or None when it has been deleted (paths then show absolute)."""
    try:
        return os.getcwd()
    except OSError:
        return None


def hits(result: SearchResult, fmt: str, stream: IO[str], color: bool = False, qid: str | None = None,
         cwd: str | None = None) -> None:
    """Print a page of search results in one of HIT_FORMATS; `qid` tags each hit of a batch.

    Paths are shown by `display_path` from `cwd` (default: the process's working folder).
    """
    cwd = cwd or current_folder()
    if fmt == "jsonl":
        tag = {} if qid is None else {"qid": qid}
        write_jsonl((tag | _hit_record(hit, cwd) for hit in result.hits), stream)
    elif fmt == "tsv":
        prefix = [] if qid is None else [one_line(qid)]
        for hit in result.hits:
            fields = (str(hit.rank), f"{hit.score:.4f}", hit.id, one_line(display_path(hit.path, cwd)),
                      one_line(hit.title), one_line(hit.published or ""), one_line(hit.source or ""))
            stream.write("\t".join(prefix + list(fields)) + "\n")
    elif fmt == "paths":
        for path in dict.fromkeys(one_line(display_path(hit.path, cwd)) for hit in result.hits):
            stream.write(path + "\n")
    else:
        _rich_hits(result, stream, color, qid, cwd)


def _hit_record(hit, cwd: str | None) -> dict:
    record = hit.to_dict()
    record["path"] = display_path(record["path"], cwd)
    record["paths"] = [display_path(path, cwd) for path in record["paths"]]
    return record


def articles(items: Iterable[Article], fmt: str, stream: IO[str], color: bool = False, full: bool = False,
             cwd: str | None = None) -> int:
    """Print parsed or stored articles (paths by `display_path`), each with its language (detected
    here for parsed ones); returns how many were printed."""
    from .parsing.language import with_language

    items = (with_language(article) for article in items)
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


def stats(info: IndexStats, fmt: str, stream: IO[str], color: bool = False) -> None:
    record = {
        "path": info.path,
        "articles": info.articles,
        "files": info.files,
        "size_bytes": info.size_bytes,
        "schema_version": info.schema_version,
        "segments": info.segments,
        "sources": info.sources,
        "authors_by_role": info.authors_by_role,
        "top_speakers": info.top_speakers,
    }
    if fmt == "jsonl":
        write_jsonl([record], stream)
        return
    from rich.table import Table
    from rich.text import Text

    console = console_for(stream, color)
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("index", Text(strip_controls(info.path)))
    table.add_row("articles", f"{info.articles:,}")
    table.add_row("files", f"{info.files:,}")
    table.add_row("size on disk", _human_size(info.size_bytes))
    table.add_row("schema version", str(info.schema_version))
    merge_hint = " (`newsearch index --optimize` merges them into one)" if info.segments > 1 else ""
    table.add_row("segments", f"{info.segments}{merge_hint}")
    table.add_row("sources", _counts(info.sources))
    for role, names in info.authors_by_role.items():
        table.add_row(f"{role}s", _counts(names))
    table.add_row("top speakers", _counts(info.top_speakers))
    console.print(table)


def index_summary(report: IndexReport) -> str:
    """The one-line summary of an `index` run (the CLI prints it to stderr). Its article count is
    what `stats` gains: new articles less those no file holds any more."""
    extras = [f"{report.skipped} unchanged", f"{report.removed} removed", f"{len(report.failed)} failed"]
    if report.duplicates:
        extras.append(f"{plural(report.duplicates, 'copy', 'copies')} of indexed articles")
    if report.replaced:
        extras.append(f"{report.replaced} rewritten")
    if report.dropped:
        extras.append(f"{plural(report.dropped, 'article')} dropped")
    if report.ignored:
        extras.append(f"{len(report.ignored)} not documents")
    return (
        f"indexed {plural(report.articles, 'article')} from {plural(report.files, 'file')} "
        f"({', '.join(extras)}) in {report.seconds:.2f} s"
    )


def console_for(stream: IO[str], color: bool):
    """A Rich console on `stream` that reads no markup, emoji or highlighting into text."""
    from rich.console import Console

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:
            # Rich ends the process with exit code 1 here; the caller decides instead (the command
            # line ends quietly with 0 for every format).
            raise BrokenPipeError

    return QuietConsole(
        file=stream,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


def highlighted(text: str, spans, base_style: str = "", flat: bool = False):
    """A Rich Text of `text` with its [start, end) spans highlighted; `flat` folds line breaks.

    Offsets are into the raw text, so it is sanitised piece by piece to keep them aligned.
    """
    from rich.text import Text

    clean = fold_lines if flat else strip_controls
    out = Text(style=base_style)
    cursor = 0
    for start, end in spans:
        out.append(clean(text[cursor:start]))
        out.append(clean(text[start:end]), style=HIGHLIGHT_STYLE)
        cursor = end
    out.append(clean(text[cursor:]))
    return out


def _rich_hits(result: SearchResult, stream: IO[str], color: bool, qid: str | None, cwd: str | None) -> None:
    from rich.padding import Padding
    from rich.text import Text

    console = console_for(stream, color)
    if qid is not None:
        console.print(Text(f"query {one_line(qid)}: {one_line(result.query)}", style="bold magenta"))
    for hit in result.hits:
        title_snippet = next((s for s in hit.snippets if s.field == "title"), None)
        head = Text(f"{hit.rank:>2}. ", style="bold")
        head.append_text(highlighted(title_snippet.text, title_snippet.highlights, "bold") if title_snippet else Text(one_line(hit.title), style="bold"))
        head.append(f"  {hit.score:.2f}", style="dim")
        if hit.duplicates:
            head.append(f"  +{hit.duplicates} similar", style="magenta")
        console.print(head)
        console.print(Padding(_byline(hit), (0, 0, 0, 4), expand=False))
        where = one_line(display_path(hit.path, cwd))
        console.print(Padding(Text(f"{where} #{hit.ordinal}  id {hit.id}", style="dim"), (0, 0, 0, 4), expand=False))
        for snippet in hit.snippets:
            if snippet.field == "title":
                continue
            line = highlighted(snippet.text, snippet.highlights, "italic" if snippet.field == "quote" else "", flat=True)
            if snippet.field == "quote":
                line.append(f"  — {one_line(snippet.speaker or 'unattributed')}", style="cyan")
            elif snippet.field != "body":
                line.append(f"  ({snippet.field})", style="dim")
            _print_guttered(console, line)
        console.print()
    noun = "article" if result.total == 1 else "articles"
    console.print(Text(f"{len(result.hits)} of {result.total} matching {noun}", style="dim"))


def _print_guttered(console, text, indent: int = 4) -> None:
    """Print `text` indented and wrapped to the console's width, every line starting with the
    `│ ` gutter (Rich's own wrapping would start continuation lines without it)."""
    from rich.text import Text

    for piece in text.wrap(console, max(console.width - indent - 2, 8)):
        line = Text(" " * indent)
        line.append("│ ", style="dim")
        piece.rstrip()
        line.append_text(piece)
        console.print(line, soft_wrap=True)  # already wrapped to fit


def _byline(hit_or_article):
    from rich.text import Text

    parts = []
    if hit_or_article.source:
        parts.append(one_line(hit_or_article.source))
    if hit_or_article.authors:
        parts.append(", ".join(one_line(a.name) for a in hit_or_article.authors))
    parts.append(hit_or_article.published or "undated")
    return Text(" · ".join(parts), style="green")


def _rich_article(console, article: Article, full: bool, cwd: str | None) -> None:
    from rich.rule import Rule
    from rich.text import Text

    console.print(Rule(style="dim"))
    console.print(Text(one_line(article.title), style="bold"))
    if article.subtitle:
        console.print(Text(one_line(article.subtitle), style="italic"))
    console.print(_byline(article))
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


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural_form or noun + 's'}"


def _counts(counts: dict[str, int]):
    from rich.text import Text

    return Text(", ".join(f"{one_line(name)} ({n})" for name, n in counts.items()) or "—")


def _human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"
