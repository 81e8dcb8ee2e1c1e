"""The research commands: quotes, people, similar, timeline."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from .app import (
    AnyOpt, ArticleFormat, ArticleFormatOpt, Color, ColorOpt, Format, FormatOpt, IndexDir, LimitOpt, Output, QueryArg,
    Sort, app, finish, open_index, run_library, warn,
)


class PeopleSort(str, Enum):
    count = "count"
    name = "name"


# Lists are bounded by default, on a terminal and in a pipe alike (as `query` is), so a command's
# output does not change with where it goes; the footer on a terminal says how many there are.
QUOTES_LIMIT = 20
PEOPLE_LIMIT = 20
OffsetOpt = Annotated[int, typer.Option("--offset", min=0, help="Results to skip first.")]
SinceOpt = Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Published on or after (YYYY[-MM[-DD]]).")]
UntilOpt = Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Published on or before (YYYY[-MM[-DD]]).")]
QuoteSortOpt = Annotated[Sort, typer.Option("--sort", help="date: newest first, undated last; relevance: most query words, then as query ranks the articles.")]
PeopleSortOpt = Annotated[PeopleSort, typer.Option("--sort", help="count: most articles first; name: alphabetical.")]
DuplicatesOpt = Annotated[bool, typer.Option("--duplicates", help="List a quote from every near-duplicate article (default: once per cluster).")]


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


@app.command("quotes")
def quotes_command(
    text: QueryArg = None,
    speaker: Annotated[Optional[str], typer.Option("--speaker", help="Only quotes by this person (any form of the name).")] = None,
    about: Annotated[Optional[str], typer.Option("--about", metavar="QUERY", help="Only quotes whose own words match this query.")] = None,
    limit: LimitOpt = QUOTES_LIMIT,
    offset: OffsetOpt = 0,
    sort: QuoteSortOpt = Sort.date,
    since: SinceOpt = None,
    until: UntilOpt = None,
    duplicates: DuplicatesOpt = False,
    any_term: AnyOpt = False,
    fmt: ArticleFormatOpt = ArticleFormat.auto,
    color: ColorOpt = Color.auto,
    index_dir: IndexDir = "index",
) -> None:
    """Quotations with their speakers: who said what, about what."""
    from ..render import research as render_research

    out = Output(fmt, color)
    options = dict(speaker=speaker, about=about, match_all=not any_term, since=since, until=until,
                   sort=sort.value, collapse=not duplicates, limit=limit, offset=offset)
    found = run_library(lambda: open_index(index_dir).quotes(text, **options))
    if not found.total and speaker:
        _suggest_speaker(index_dir, speaker)
    finish(found.total, lambda stream: render_research.quotes(found, out.format, stream, out.color))


def _suggest_speaker(index_dir, speaker: str) -> None:
    better = run_library(lambda: open_index(index_dir).speaker_suggestion(speaker))
    if better:
        warn(f"no quotes by {speaker}. Did you mean: --speaker {better}?")


@app.command("people")
def people_command(
    text: QueryArg = None,
    limit: LimitOpt = PEOPLE_LIMIT,
    offset: OffsetOpt = 0,
    sort: PeopleSortOpt = PeopleSort.count,
    since: SinceOpt = None,
    until: UntilOpt = None,
    any_term: AnyOpt = False,
    fmt: ArticleFormatOpt = ArticleFormat.auto,
    color: ColorOpt = Color.auto,
    index_dir: IndexDir = "index",
) -> None:
    """Who's who of a story: the people matching articles quote or credit, with counts by role."""
    from ..render import research as render_research

    out = Output(fmt, color)
    options = dict(match_all=not any_term, since=since, until=until, sort=sort.value, limit=limit, offset=offset)
    found = run_library(lambda: open_index(index_dir).people(text, **options))
    finish(found.total, lambda stream: render_research.people(found, out.format, stream, out.color))


@app.command("similar")
def similar_command(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id (or a unique prefix).")],
    limit: LimitOpt = 10,
    duplicates: Annotated[bool, typer.Option("--duplicates", help="Include the article's own near-duplicates.")] = False,
    fmt: FormatOpt = Format.auto,
    color: ColorOpt = Color.auto,
    index_dir: IndexDir = "index",
) -> None:
    """The articles most like a given one, by its key terms."""
    from ..render import hit_list

    out = Output(fmt, color)
    result = run_library(lambda: open_index(index_dir).similar(article_id, limit=limit, include_duplicates=duplicates))
    finish(result.hits, lambda stream: hit_list.hits(result, out.format, stream, out.color))


@app.command("timeline")
def timeline_command(
    text: Annotated[str, typer.Argument(metavar="QUERY", help="Query whose matches are counted.")],
    by: Annotated[Period, typer.Option("--by", help="Period to count by.")] = Period.month,
    any_term: AnyOpt = False,
    fmt: ArticleFormatOpt = ArticleFormat.auto,
    color: ColorOpt = Color.auto,
    index_dir: IndexDir = "index",
) -> None:
    """How many matching articles per period, as a bar chart (or JSON Lines in a pipe)."""
    from ..render import research as render_research

    out = Output(fmt, color)
    periods = run_library(lambda: open_index(index_dir).timeline(text, by=by.value, match_all=not any_term))
    finish([p for p in periods if p.count], lambda stream: render_research.timeline(periods, out.format, stream, out.color))
