"""Facet counts from the articles each value is found in, the same for every engine: the names a
user may ask for, the forms of one person's name as one value, years and months in time order,
other values most frequent first."""

from __future__ import annotations

from ..errors import QueryError
from ..models import FacetCount, FacetCounts
from .names import merged_names

FACETS = ("source", "author", "speaker", "year", "month", "language")
# Facets whose values are periods read in time order; the others are listed most frequent first.
CHRONOLOGICAL = ("year", "month")
# Facets of people's names: the forms of one person's name count as one value (see merged_names).
MERGED = ("speaker", "author")


def checked_names(names, text: str | None) -> list[str]:
    """The facets asked for, each once, in order; QueryError for a name that is no facet."""
    unknown = [name for name in names if name not in FACETS]
    if unknown:
        raise QueryError(f"unknown facet '{unknown[0]}'; choose from: {', '.join(FACETS)}", text or "")
    return list(dict.fromkeys(names))


def count(articles_by_value: dict[str, dict[str, list]], names: list[str], top: int | None = None) -> FacetCounts:
    """FacetCounts from, per facet, each value's articles (an article may be listed twice)."""
    return ordered(value_counts(articles_by_value, names), names, top)


def value_counts(articles_by_value: dict[str, dict[str, list]], names: list[str]) -> dict[str, dict[str, int]]:
    """Per facet, each value's count of distinct articles, the forms of a person's name as one."""
    counts: dict[str, dict[str, int]] = {}
    for name in names:
        articles = {value: docs for value, docs in articles_by_value.get(name, {}).items() if value}
        if name in MERGED:
            articles = merged_names(articles)
        counts[name] = {value: len(set(docs)) for value, docs in articles.items()}
    return counts


def ordered(counts_by_value: dict[str, dict[str, int]], names: list[str], top: int | None = None) -> FacetCounts:
    """FacetCounts from, per facet, each value's count of articles (an engine that counts them
    itself); periods in time order, other values most frequent first, `top` of each."""
    found: list[FacetCount] = []
    for name in names:
        counts = {value: n for value, n in counts_by_value.get(name, {}).items() if value}
        if name in CHRONOLOGICAL:
            listed = sorted(counts.items())
        else:
            listed = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        found += [FacetCount(facet=name, value=value, count=n) for value, n in listed[:top]]
    return FacetCounts(found, names)
