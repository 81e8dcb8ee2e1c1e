"""A timeline's periods (day, ISO week, month, year) and how matches are counted into them, with
every period between the first and the last shown, the empty ones as 0."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..errors import QueryError
from ..models import PeriodCount

PERIODS = ("day", "week", "month", "year")


def check_period(by: str, text: str = "") -> None:
    """QueryError (exit 2) for a period newsearch does not know."""
    if by not in PERIODS:
        raise QueryError(f"unknown period '{by}'; choose one of: {', '.join(PERIODS)}", text)


def count_periods(published: Iterable[str], by: str) -> tuple[PeriodCount, ...]:
    """Articles per period from their publication dates (ISO text, '' when undated), oldest first,
    every period between the first and the last (empty ones as 0), then always one
    `PeriodCount(None, n)` for the undated."""
    counts: dict[str, int] = {}
    undated = 0
    first = last = None
    for text in published:
        day = _date(text)
        if day is None:
            undated += 1
            continue
        key = period_of(day, by)
        counts[key] = counts.get(key, 0) + 1
        first = day if first is None or day < first else first
        last = day if last is None or day > last else last
    series = [PeriodCount(key, counts.get(key, 0)) for key in periods_between(first, last, by)] if first else []
    return tuple(series) + (PeriodCount(None, undated),)


def period_of(day: dt.date, by: str) -> str:
    """The period label a date falls in."""
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def periods_between(first: dt.date, last: dt.date, by: str) -> list[str]:
    """Every period label from the one holding `first` to the one holding `last`, in order."""
    labels = []
    day = _period_start(first, by)
    end = period_of(last, by)
    while True:
        label = period_of(day, by)
        labels.append(label)
        if label == end:
            return labels
        day = _next_start(day, by)


def _period_start(day: dt.date, by: str) -> dt.date:
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    if by == "year":
        return day.replace(month=1, day=1)
    return day


def _next_start(day: dt.date, by: str) -> dt.date:
    if by == "day":
        return day + dt.timedelta(days=1)
    if by == "week":
        return day + dt.timedelta(days=7)
    if by == "month":
        return day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)
    return day.replace(year=day.year + 1)


def _date(published: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None
