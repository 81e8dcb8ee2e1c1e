"""What an index holds (`stats`) and the one-line summary of an `index` run."""

from __future__ import annotations

from typing import IO

from ..models import IndexReport, IndexStats
from ..textutil import one_line, strip_controls
from .common import console_for, plural, write_jsonl


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


def _counts(counts: dict[str, int]):
    from rich.text import Text

    return Text(", ".join(f"{one_line(name)} ({n})" for name, n in counts.items()) or "—")


def _human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"
