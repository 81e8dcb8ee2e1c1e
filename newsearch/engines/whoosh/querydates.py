"""Dates in Whoosh queries: the `published` range a query's date (`published:2021-06`,
`published:>=2021-06-01`, `published:[2021 TO 2022-06]`) or `--since`/`--until` covers."""

from __future__ import annotations

from ...query.checks import date_bounds, date_span  # noqa: F401  (date_bounds: for the searcher's options)
from ...query.tree import DATE_FIELD
from .schema import query


def date_range(start: str | None, end: str | None, *, start_excl=False, end_excl=False, text="", at=0):
    """A query on `published` from `start` to `end` (partial dates; None leaves that end open)."""
    low, high = date_span(start, end, start_excl=start_excl, end_excl=end_excl, text=text, at=at)
    return query.TermRange(DATE_FIELD, low, high, startexcl=bool(start and start_excl),
                           endexcl=bool(end and end_excl))


def date_query(node):
    """The range query of a tree's DateRange."""
    return query.TermRange(DATE_FIELD, node.first, node.last, startexcl=node.first_excluded,
                           endexcl=node.last_excluded)
