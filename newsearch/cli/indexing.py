"""`newsearch index`: read documents, add their articles to the index, report what went wrong."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import IndexDir, app, name_ignored, open_index, run_library, warn


@app.command("index")
def index_command(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files and folders to index; - reads JSON Lines from stdin.", show_default="seeds/")] = None,
    index_dir: IndexDir = "index",
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Delete the index and start over.")] = False,
    wait: Annotated[float, typer.Option("--wait", min=0, metavar="SECONDS", help="Wait this long for another indexing run to finish.")] = 0.0,
    optimize: Annotated[bool, typer.Option("--optimize", help="Merge the index into one segment at the end: faster queries, a longer run.")] = False,
) -> None:
    """Read documents, split and clean them into articles, and add them to the index."""
    from ..render import index_info

    paths = paths or ["seeds"]
    stdin = sys.stdin if "-" in paths else None
    files = [Path(p) for p in paths if p != "-"]
    options = dict(rebuild=rebuild, wait=wait, on_wait=warn, stdin=stdin, optimize=optimize, on_merge=_announce_merge)
    with _progress() as progress:
        report = run_library(lambda: open_index(index_dir).index_paths(files, progress=progress, **options))
    _report_problems(report, files)
    print(index_info.index_summary(report), file=sys.stderr)
    raise typer.Exit(2 if report.fatal else 1 if report.failed or not report.documents_found else 0)


def _report_problems(report, paths) -> None:
    """One line on stderr for each file that could not be read, and for what was not a document."""
    for path, reason in report.failed:
        warn(reason if reason.startswith(path) else f"{path}: {reason}")
    name_ignored(report.ignored)
    for message in report.fatal:
        warn(message)
    if not report.documents_found and not report.missing:
        warn(f"no documents found in {', '.join(str(p) for p in paths)}")


def _announce_merge(segments: int) -> None:
    print(f"newsearch: merging {segments} segment{'s' if segments != 1 else ''} into one…", file=sys.stderr)


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
