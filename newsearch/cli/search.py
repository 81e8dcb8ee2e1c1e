"""`newsearch query`: ranked hits, a batch of queries, keyword in context, facet counts."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from .app import (
    AnyOpt, Color, ColorOpt, Format, FormatOpt, IndexDir, LimitOpt, Output, QueryArg, Sort, app, article_format,
    open_index, print_output, require, run_library, usage, warn,
)


class Facet(str, Enum):
    source = "source"
    author = "author"
    speaker = "speaker"
    year = "year"
    month = "month"
    language = "language"


@app.command("query")
def query_command(
    text: QueryArg = None,
    limit: LimitOpt = 10,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Hits to skip first.")] = 0,
    sort: Annotated[Sort, typer.Option("--sort", help="relevance, or date (newest first); ties by id.")] = Sort.relevance,
    any_term: AnyOpt = False,
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Published on or after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Published on or before (YYYY[-MM[-DD]]).")] = None,
    collapse: Annotated[bool, typer.Option("--collapse", help="One article per near-duplicate cluster.")] = False,
    snippets: Annotated[bool, typer.Option("--snippets/--no-snippets", help="Cut highlighted snippets (off: ranking only, faster).")] = True,
    feedback: Annotated[bool, typer.Option("--feedback/--no-feedback", help="Re-rank with a few words from the top articles (gentle RM3, queries of 4+ words; slower; off by default).")] = False,
    batch: Annotated[Optional[str], typer.Option("--batch", metavar="FILE", help="Run one query per line, 'qid<TAB>query' (- for stdin).")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print how the query was understood (stderr).")] = False,
    facet: Annotated[Optional[list[Facet]], typer.Option("--facet", help="Count matches by this facet (repeatable).")] = None,
    facets_only: Annotated[bool, typer.Option("--facets-only", help="Print only the facet counts.")] = False,
    kwic: Annotated[bool, typer.Option("--kwic", help="Keyword-in-context lines instead of hits.")] = False,
    width: Annotated[Optional[int], typer.Option("--width", min=5, help="Context characters each side with --kwic (default: on a terminal, what its width leaves; in a pipe, 40).")] = None,
    similar_to: Annotated[Optional[str], typer.Option("--similar-to", metavar="ID", help="Articles most like this one (QUERY, if given, filters them).")] = None,
    fmt: FormatOpt = Format.auto,
    color: ColorOpt = Color.auto,
    index_dir: IndexDir = "index",
) -> None:
    """Ranked search with highlighted snippets. Exit 0: hits, 1: none, 2: error."""
    options = dict(
        limit=limit, offset=offset, sort=sort.value, match_all=not any_term,
        since=since, until=until, collapse=collapse, snippets=snippets, feedback=feedback,
    )
    out = Output(fmt, color)
    if batch is not None:
        raise typer.Exit(_query_batch(index_dir, batch, options, out))
    if text is None and similar_to is None:
        usage("missing argument QUERY (or give --batch FILE or --similar-to ID)")
    if explain and text is not None:
        _explain(index_dir, text, options["match_all"], options["feedback"])
    if kwic:
        raise typer.Exit(_query_kwic(index_dir, require(text, "--kwic"), options, width, out))
    raise typer.Exit(_query_hits(index_dir, text, options, [f.value for f in facet or ()], facets_only, similar_to, out))


def _query_hits(index_dir, text, options, facet_names, facets_only, similar_to, out) -> int:
    from ..render import hit_list

    if similar_to is not None:
        result = run_library(lambda: open_index(index_dir).similar(similar_to, limit=options["limit"], within=text))
    else:
        result = run_library(lambda: open_index(index_dir).search(text, **options))
    counts = _facet_counts(index_dir, text, facet_names, options["match_all"])
    if result.total == 0:
        _suggest(index_dir, text)
        return 1
    if facet_names and out.format not in ("rich", "jsonl"):
        warn("facet counts are printed with --format rich or --format jsonl --facets-only")
    if not facets_only:
        print_output(lambda stream: hit_list.hits(result, out.format, stream, out.color))
    printed = _print_facets(counts, facet_names, facets_only, out)
    return 1 if facets_only and not printed else 0


def _print_facets(counts, facet_names, facets_only: bool, out) -> bool:
    """Facet counts (after the hits, or alone), and a line on stderr for each facet asked for that
    no matching article has a value for; whether any count was printed."""
    if not facet_names:
        return False
    if not (facets_only or out.format == "rich"):
        if out.format == "jsonl":
            warn("add --facets-only to print facet counts as JSON Lines")
        return False
    from ..render import research as render_research

    if counts:
        facet_format = "rich" if out.format == "rich" else "jsonl"
        print_output(lambda stream: render_research.facets(counts, facet_format, stream, out.color))
    for name in counts.empty:
        warn(render_research.empty_facet(name))
    return bool(counts)


def _facet_counts(index_dir, text, names: list[str], match_all: bool):
    if not names:
        return ()
    return run_library(lambda: open_index(index_dir).facets(text, names, match_all=match_all))


def _query_kwic(index_dir, text, options, width, out) -> int:
    from ..engine import KWIC_WIDTH
    from ..render import research as render_research

    fmt = article_format(out.format)
    paging = {k: options[k] for k in ("limit", "offset", "sort", "match_all")}
    # On a terminal the printer fits the context to the console's width: it gets all of it.
    context = (width or KWIC_WIDTH) if fmt == "jsonl" else None
    lines = run_library(lambda: open_index(index_dir).kwic(text, width=context, **paging))
    if not lines:
        _suggest(index_dir, text)
        return 1
    print_output(lambda stream: render_research.kwic(lines, fmt, stream, out.color, width=width))
    return 0


def _query_batch(index_dir, batch: str, options, out) -> int:
    """Every query of a batch on one open index; a bad line or query is reported, the rest run."""
    from ..render import hit_list

    bad: list[str] = []
    lines = _batch_queries(batch, bad)
    found = False
    results = run_library(lambda: list(open_index(index_dir).search_batch(lines, **options)))
    for qid, result in results:
        if isinstance(result, Exception):
            bad.append(qid)
            warn(f"query {qid}: {result}")
            continue
        found = found or result.total > 0
        print_output(lambda stream: hit_list.hits(result, out.format, stream, out.color, qid=qid))
    return 2 if bad else (0 if found else 1)


def _batch_queries(batch: str, bad: list[str]) -> list[tuple[str, str]]:
    """(qid, query) pairs from `qid<TAB>query` lines; blank lines are skipped."""
    try:
        handle = sys.stdin if batch == "-" else open(batch, encoding="utf-8", errors="replace")
    except OSError as error:
        warn(f"{batch}: {error.strerror or error}")
        raise typer.Exit(2) from None
    pairs = []
    with handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            qid, tab, query = line.partition("\t")
            if not tab:
                bad.append(str(number))
                warn(f"{batch}:{number}: expected 'qid<TAB>query'")
                continue
            pairs.append((qid, query))
    return pairs


def _explain(index_dir, text: str, match_all: bool, feedback: bool) -> None:
    from ..textutil import one_line

    for line in run_library(lambda: open_index(index_dir).explain(text, match_all=match_all, feedback=feedback)):
        print(one_line(line) if not line.startswith(" ") else "  " + one_line(line), file=sys.stderr)


def _suggest(index_dir, text: str | None) -> None:
    """After a query with no hits, a correction built from the index's words (stderr)."""
    if not text:
        return
    suggestion = run_library(lambda: open_index(index_dir).suggest(text))
    if suggestion:
        warn(f"no matches. Did you mean: {suggestion}?")
