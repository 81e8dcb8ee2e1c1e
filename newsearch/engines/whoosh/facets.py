"""Counting views of a query's matches: facets (per source, author, speaker, year, month,
language) and the publication days a timeline counts (`research.periods` makes the periods).
Counts cover every matching article, not a page of them. Plain data out; no Whoosh object leaves.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import speakers, store
from ...models import FacetCounts
from ...research import facets as facet_counts
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
    names = facet_counts.checked_names(names, text)
    if not names:
        return FacetCounts()
    ix = store.open_for_reading(Path(folder))
    with ix.searcher() as s:
        wanted = speakers.widened(parse_query(text, ix.schema, match_all=match_all), s.reader()) if text else query.Every()
        groups = {name: sorting.FieldFacet(FACET_FIELDS[name], allow_overlap=True) for name in names}
        results = s.search(wanted, limit=1, scored=False, groupedby=groups, maptype=sorting.UnorderedList)
        articles = {name: {_text(value): docs for value, docs in results.groups(name).items()} for name in names}
    return facet_counts.count(articles, names, top)


@store.guarded
def published_days(folder: str | os.PathLike, text: str, *, match_all: bool = True) -> list[str]:
    """The publication date (ISO text, '' when undated) of every article matching `text`."""
    ix = store.open_for_reading(Path(folder))
    with ix.searcher() as s:
        parsed = speakers.widened(parse_query(text, ix.schema, match_all=match_all), s.reader())
        dates = s.reader().column_reader("published")
        return [_text(dates[docnum]) for docnum in s.docs_for_query(parsed)]


def _text(value) -> str:
    if value is None:
        return ""
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
