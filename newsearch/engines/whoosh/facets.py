"""Counting views of a query's matches: facets (per source, author, speaker, year, month) and a
timeline (matching articles per day, week, month or year). Counts cover every matching article,
not a page of them. Plain data out; no Whoosh object leaves.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from . import speakers, store
from ...errors import QueryError
from ...models import FacetCount, PeriodCount
from ...parsing import same_person
from ...parsing.names import read_name
from .queryparse import parse_query
from .schema import query, sorting

# Facet name (as a user types it) → the index field holding its whole values.
FACET_FIELDS = {
    "source": "source_name",
    "author": "author_name",
    "speaker": "speaker_name",
    "year": "year",
    "month": "month",
    "language": "language",
}
# Facets whose values are periods read in time order; the others are listed most frequent first.
CHRONOLOGICAL = ("year", "month")
# Facets of people's names: the forms of one person's name count as one value (see merged_names).
MERGED = ("speaker", "author")
PERIODS = ("day", "week", "month", "year")


class FacetCounts(tuple):
    """The FacetCount items of `facets` (a tuple, facet after facet), with `names`: every facet
    asked for, in order, so that one no matching article has a value for (a `year` facet over
    undated articles) is there to see, with no counts, rather than silently missing."""

    names: tuple[str, ...]

    def __new__(cls, items=(), names: tuple[str, ...] = ()):
        counts = super().__new__(cls, items)
        counts.names = tuple(names)
        return counts

    def of(self, name: str) -> tuple[FacetCount, ...]:
        """The counts of one facet (empty when no matching article has a value for it)."""
        return tuple(item for item in self if item.facet == name)

    @property
    def empty(self) -> tuple[str, ...]:
        """The facets asked for that no matching article has a value for."""
        present = {item.facet for item in self}
        return tuple(name for name in self.names if name not in present)


@store.guarded
def facets(
    folder: str | os.PathLike,
    text: str | None,
    names: list[str] | tuple[str, ...],
    *,
    match_all: bool = True,
    top: int | None = None,
) -> FacetCounts:
    """For each facet in `names`, how many matching articles (all articles without `text`) carry
    each value. An article with two speakers counts once for each; the forms of one person's name
    ("Baker", "James Baker") are one speaker or author (`merged_names`). Years and months come in time
    order, other values most frequent first (ties by value); `top` keeps the first N of each facet.
    A facet no matching article has a value for has no counts: see `FacetCounts.empty` (with no
    match at all, every facet asked for is empty).
    """
    unknown = [name for name in names if name not in FACET_FIELDS]
    if unknown:
        raise QueryError(f"unknown facet '{unknown[0]}'; choose from: {', '.join(FACET_FIELDS)}", text or "")
    names = list(dict.fromkeys(names))
    if not names:
        return FacetCounts()
    ix = store.open_for_reading(Path(folder))
    found: list[FacetCount] = []
    with ix.searcher() as s:
        wanted = speakers.widened(parse_query(text, ix.schema, match_all=match_all), s.reader()) if text else query.Every()
        groups = {name: sorting.FieldFacet(FACET_FIELDS[name], allow_overlap=True) for name in names}
        results = s.search(wanted, limit=1, scored=False, groupedby=groups, maptype=sorting.UnorderedList)
        for name in names:
            articles = {_text(value): docs for value, docs in results.groups(name).items() if value}
            if name in MERGED:
                articles = merged_names(articles)
            counts = {value: len(set(docs)) for value, docs in articles.items()}
            if name in CHRONOLOGICAL:
                ordered = sorted(counts.items())
            else:
                ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            found += [FacetCount(facet=name, value=value, count=count) for value, count in ordered[:top]]
    return FacetCounts(found, names)


def merged_names(articles: dict[str, list]) -> dict[str, list]:
    """Name -> its articles, with the forms of one person's name as one name (the rule of
    `parsing.same_person`, pooled over these names, weighted by articles; an article holding two
    forms counts once). Names that read as an organisation's stay as they are."""
    people = {name: len(docs) for name, docs in articles.items() if read_name(name).kind == "person"}
    shown = same_person.merge(people)
    merged: dict[str, list] = {}
    for name, docs in articles.items():
        merged.setdefault(shown.get(name, name), []).extend(docs)
    return merged


@store.guarded
def timeline(
    folder: str | os.PathLike,
    text: str,
    *,
    by: str = "month",
    match_all: bool = True,
) -> tuple[PeriodCount, ...]:
    """Matching articles per period, oldest first, every period between the first and the last
    (empty ones as 0), then always one `PeriodCount(None, n)` for the undated matches.

    Periods: day `YYYY-MM-DD`, ISO week `YYYY-Www`, month `YYYY-MM`, year `YYYY`.
    """
    if by not in PERIODS:
        raise QueryError(f"unknown period '{by}'; choose one of: {', '.join(PERIODS)}", text)
    ix = store.open_for_reading(Path(folder))
    counts: dict[str, int] = {}
    undated = 0
    with ix.searcher() as s:
        parsed = speakers.widened(parse_query(text, ix.schema, match_all=match_all), s.reader())
        dates = s.reader().column_reader("published")
        first = last = None
        for docnum in s.docs_for_query(parsed):
            published = _text(dates[docnum])
            day = _date(published)
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


def _text(value) -> str:
    if value is None:
        return ""
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
