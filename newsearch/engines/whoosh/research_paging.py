"""Ordering, near-duplicate folding and paging for the research lists (`quotes`, `people`), with
`query`'s rules: the same `--since/--until` dates, the same checks on `--limit/--offset/--sort`.

Plain data in and out (models); the Whoosh query a date span becomes stays inside the library.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ...errors import QueryError
from .highlight import tokens
from ...models import FoldedQuote, Page, PersonCount, QuoteHit
from .queryparse import date_range

QUOTE_SORTS = ("date", "relevance")
PEOPLE_SORTS = ("count", "name")


class Candidate(NamedTuple):
    """A quote found, with what orders and folds it: its article's date, rank and cluster."""

    hit: QuoteHit
    cluster: str
    position: int  # the quote's place in its article
    rank: float = float("inf")  # the article's place in `query`'s ranking (inf: not ranked)


def check(sort: str, sorts: Sequence[str], limit: int | None, offset: int) -> None:
    """`query`'s checks: a known sort, no negative limit or offset (QueryError, exit 2)."""
    if sort not in sorts:
        raise QueryError(f"unknown sort '{sort}'; choose one of: {', '.join(sorts)}")
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("--limit and --offset must not be negative")


def date_filter(since: str | None, until: str | None):
    """The span `--since/--until` cover (YYYY, YYYY-MM or YYYY-MM-DD, inclusive), as `query` reads
    it; None for no span. A bad date is a QueryError naming the options."""
    if not (since or until):
        return None
    try:
        return date_range(since, until)
    except QueryError as error:
        raise QueryError(f"--since/--until: {error}") from None


def order_quotes(found: list[Candidate], sort: str) -> list[Candidate]:
    """date: newest article first, undated last, ties by id, each article's quotes in its order.
    relevance: quotes holding more distinct query words first, then as `query` ranks their
    articles, then by date."""
    found = sorted(found, key=lambda c: (c.hit.id, c.position))
    found.sort(key=lambda c: c.hit.published or "", reverse=True)
    if sort == "relevance":
        found.sort(key=lambda c: (-_matched_words(c.hit), c.rank))
    return found


def fold(found: Iterable[Candidate], collapse: bool) -> tuple[list[FoldedQuote], int]:
    """Each quote once per near-duplicate cluster (its first copy in `found`'s order, counting the
    others), or every quote when not `collapse`; and how many copies were folded in all."""
    kept: dict[tuple[str, str], list] = {}
    for n, candidate in enumerate(found):
        key = (candidate.cluster, _words(candidate.hit.text)) if collapse else ("", str(n))
        kept.setdefault(key, [candidate.hit, 0])[1] += 1
    hits = [FoldedQuote(**_fields(hit), duplicates=copies - 1) for hit, copies in kept.values()]
    return hits, sum(hit.duplicates for hit in hits)


def order_people(found: list[PersonCount], sort: str) -> list[PersonCount]:
    """count: most articles first, then most quotes, then by name; name: alphabetical (case- and
    accent-insensitive)."""
    if sort == "name":
        return sorted(found, key=lambda p: (_words(p.name), p.name.casefold(), p.name))
    return sorted(found, key=lambda p: (-p.articles, -p.quotes, p.name.casefold(), p.name))


def page(items: Sequence, limit: int | None, offset: int, folded: int = 0) -> Page:
    """Items `offset` to `offset + limit` (all from `offset` when `limit` is None)."""
    end = None if limit is None else offset + limit
    return Page(items[offset:end], total=len(items), folded=folded)


def _matched_words(hit: QuoteHit) -> int:
    """How many distinct words of the quote are highlighted (a matched phrase counts each word)."""
    return len({form for start, end in hit.highlights for form, _, _ in tokens(hit.text[start:end].casefold())})


def _words(text: str) -> str:
    """Text as its words (case and accents folded, punctuation dropped); the text when it has none."""
    return " ".join(form for form, _, _ in tokens(text.casefold())) or text


def _fields(hit: QuoteHit) -> dict:
    return {name: getattr(hit, name) for name in QuoteHit.__dataclass_fields__}
