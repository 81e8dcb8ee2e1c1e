"""Ordering and near-duplicate folding for the research lists (`quotes`, `people`) on an index
folder, and `--since/--until` as `query` reads them (the checks and paging every engine shares
are `research.paging`).

Plain data in and out (models); the Whoosh query a date span becomes stays inside the library.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from ...errors import QueryError
from .highlight import tokens
from ...models import FoldedQuote, PersonCount, QuoteHit
from .queryparse import date_range



class Candidate(NamedTuple):
    """A quote found, with what orders and folds it: its article's date, rank and cluster."""

    hit: QuoteHit
    cluster: str
    position: int  # the quote's place in its article
    rank: float = float("inf")  # the article's place in `query`'s ranking (inf: not ranked)


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


def _matched_words(hit: QuoteHit) -> int:
    """How many distinct words of the quote are highlighted (a matched phrase counts each word)."""
    return len({form for start, end in hit.highlights for form, _, _ in tokens(hit.text[start:end].casefold())})


def _words(text: str) -> str:
    """Text as its words (case and accents folded, punctuation dropped); the text when it has none."""
    return " ".join(form for form, _, _ in tokens(text.casefold())) or text


def _fields(hit: QuoteHit) -> dict:
    return {name: getattr(hit, name) for name in QuoteHit.__dataclass_fields__}
