"""The search results printer: Rich on a terminal, JSON Lines / TSV / paths for pipes."""

from __future__ import annotations

from typing import IO

from ..models import SearchResult
from ..textutil import one_line
from .common import byline, console_for, current_folder, display_path, highlighted, print_guttered, write_jsonl

HIT_FORMATS = ("rich", "jsonl", "tsv", "paths")


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
        console.print(Padding(byline(hit), (0, 0, 0, 4), expand=False))
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
            print_guttered(console, line)
        console.print()
    noun = "article" if result.total == 1 else "articles"
    console.print(Text(f"{len(result.hits)} of {result.total} matching {noun}", style="dim"))
