"""The checks and paging every research list shares (`quotes`, `people`), on every engine:
`query`'s rules for `--sort`, `--limit` and `--offset`."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import QueryError
from ..models import Page

QUOTE_SORTS = ("date", "relevance")
PEOPLE_SORTS = ("count", "name")


def check(sort: str, sorts: Sequence[str], limit: int | None, offset: int) -> None:
    """`query`'s checks: a known sort, no negative limit or offset (QueryError, exit 2)."""
    if sort not in sorts:
        raise QueryError(f"unknown sort '{sort}'; choose one of: {', '.join(sorts)}")
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("--limit and --offset must not be negative")


def page(items: Sequence, limit: int | None, offset: int, folded: int = 0) -> Page:
    """Items `offset` to `offset + limit` (all from `offset` when `limit` is None)."""
    end = None if limit is None else offset + limit
    return Page(items[offset:end], total=len(items), folded=folded)
