"""Dates in queries: `published:2021-06`, comparisons (`published:>=2021-06-01`) and ranges
(`published:[2021 TO 2022-06]`), and the spans `--since`/`--until` cover."""

from __future__ import annotations

import datetime as dt
import re

from ...errors import QueryError
from .schema import qparser, query

_RANGE = re.compile(r"^\s*(?P<start>\S+?)?\s*(?<![^\s\[{])TO(?![^\s\]}])\s*(?P<end>\S+?)?\s*$", re.IGNORECASE)
_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
DATE_FIELD = "published"


def date_bounds(value: str, text: str = "", at: int = 0) -> tuple[str, str]:
    """The first and last day (ISO) that a date written YYYY, YYYY-MM or YYYY-MM-DD covers."""
    found = _DATE.fullmatch(value)
    problem = f"'{value}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
    if not found:
        raise QueryError(problem, text, at)
    year = int(found.group("year"))
    month = int(found.group("month") or 1)
    try:
        first = dt.date(year, month, int(found.group("day") or 1))
        if found.group("day"):
            last = first
        elif found.group("month"):
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        else:
            last = dt.date(year, 12, 31)
    except ValueError:
        missing = "year" if year < dt.MINYEAR else "month" if not 1 <= month <= 12 else "day"
        raise QueryError(f"{problem} (no such {missing})", text, at) from None
    return first.isoformat(), last.isoformat()


def date_range(start: str | None, end: str | None, *, start_excl=False, end_excl=False, text="", at=0):
    """A query on `published` from `start` to `end` (partial dates; None leaves that end open)."""
    low = high = None
    if start:
        first, last = date_bounds(start, text, at)
        low = last if start_excl else first
    if end:
        first, last = date_bounds(end, text, at)
        high = first if end_excl else last
    if low and high and low > high:
        raise QueryError(f"the date range ends ({end}) before it starts ({start})", text, at)
    return query.TermRange(DATE_FIELD, low, high, startexcl=bool(start and start_excl),
                           endexcl=bool(end and end_excl))


class DateNode(qparser.syntax.SyntaxNode):
    has_fieldname = False
    has_boost = False

    def __init__(self, value: str, start, end, start_excl, end_excl, query_text: str, at: int):
        self.value, self.at = value, at
        self.range = date_range(start, end, start_excl=start_excl, end_excl=end_excl, text=query_text, at=at)

    def r(self):
        return f"Date {self.value!r}"

    def query(self, parser):
        return self.range


class DatePlugin(qparser.TaggingPlugin):
    """`published:` (any case) followed by a date, a comparison (`>=2021-06`) or a range (`[2021 TO 2022-06]`)."""

    expr = r"(?i:published):(?P<value>[\[{][^\]}]*[\]}]|\"[^\"]*\"|[<>]=?[^\s()]*|[^\s()]*)"
    priority = -1

    def __init__(self, query_text: str):
        super().__init__()
        self.query_text = query_text

    def create(self, parser, match):
        value, at = match.group("value"), match.start("value")
        text = self.query_text
        if value[:1] and value[0] in "[{":
            found = _RANGE.match(value[1:-1])
            if not found:
                raise QueryError("a range is written [FROM TO UNTIL] (either end may be left out)", text, at)
            return DateNode(value, found.group("start"), found.group("end"), value[0] == "{", value[-1] == "}",
                             text, at)
        value = value.strip('"')
        comparison = re.match(r"[<>]=?", value)
        if comparison:
            op, date = comparison.group(), value[comparison.end():]
            at += comparison.end()
            if op.startswith(">"):
                return DateNode(value, date, None, op == ">", False, text, at)
            return DateNode(value, None, date, False, op == "<", text, at)
        if not value:
            raise QueryError("published: needs a date, as in published:2021-06", text, at)
        return DateNode(value, value, value, False, False, text, at)
