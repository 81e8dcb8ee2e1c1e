"""The one interface every command calls, whatever engine holds the articles.

`engines.open_engine` turns an `--index` value into an engine: a folder is the embedded Whoosh index
(`engines/whoosh`); `sphinx://host:port,host:port` names a SphinxQL cluster (`engines/sphinx`).
Above this line nothing knows which engine runs: commands pass query text in newsearch's own
language (`newsearch.query`) and get back the result types of `models`. Each engine compiles
the query tree itself and raises `UnsupportedQueryError` (exit 2) for a construct it cannot run,
never a silent reinterpretation.

What is the same for every engine lives above it, once: how a timeline fills its empty periods
(`research.periods`), how the forms of one person's name merge (`research.names`, from
`parsing.same_person`), how research results are ordered and paged (`research.paging`).
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from .errors import QueryError
from .models import Article, FacetCounts, IndexReport, IndexStats, KwicLine, Page, PeriodCount, SearchResult

SEARCH_SORTS = ("relevance", "date")
KWIC_WIDTH = 40  # characters of context each side of a keyword (JSON Lines)


class Engine(ABC):
    """Where articles are written and searched. Every method may raise a NewsearchError."""

    location: str

    # ------------------------------------------------------------ writing

    @abstractmethod
    def index_paths(
        self,
        paths: Iterable[str | os.PathLike],
        *,
        rebuild: bool = False,
        progress: Callable | None = None,
        wait: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
        stdin: IO[str] | None = None,
        optimize: bool = False,
        on_merge: Callable[[int], None] | None = None,
        **tuning,
    ) -> IndexReport:
        """Parse files and folders (and JSON Lines from `stdin`) and write their articles: unchanged
        files skipped, changed ones replaced, vanished ones deleted; `rebuild` starts empty;
        `optimize` merges what the engine stores in pieces. A path given that does not exist never
        removes what was indexed from it."""

    # ------------------------------------------------------------ searching

    @abstractmethod
    def search(
        self,
        text: str,
        *,
        limit: int = 10,
        offset: int = 0,
        sort: str = "relevance",
        match_all: bool = True,
        since: str | None = None,
        until: str | None = None,
        collapse: bool = False,
        snippets: bool = True,
        feedback: bool = False,
    ) -> SearchResult:
        """Hits `offset` to `offset + limit` of a query, best first (or newest first), with the
        exact total, snippets whose highlight offsets point into the snippet text."""

    def search_batch(
        self, queries: Iterable[tuple[str, str]], **options
    ) -> Iterator[tuple[str, SearchResult | QueryError]]:
        """`(qid, result)` for each `(qid, text)`, in input order; a malformed query yields its
        QueryError in place of a result and the batch goes on."""
        for qid, text in queries:
            try:
                yield qid, self.search(text, **options)
            except QueryError as error:
                yield qid, error

    @abstractmethod
    def explain(self, text: str, *, match_all: bool = True, feedback: bool = False) -> list[str]:
        """How the engine reads `text`: one line per clause, then what re-ranks its matches."""

    @abstractmethod
    def suggest(self, text: str) -> str | None:
        """A corrected query built from the engine's own words, or None."""

    @abstractmethod
    def get_article(self, article_id: str) -> Article:
        """The article with this id (or unique prefix); NotFoundError otherwise."""

    @abstractmethod
    def stats(self, top: int = 10) -> IndexStats:
        """Counts of what the engine holds."""

    # ------------------------------------------------------------ research

    @abstractmethod
    def quotes(self, text: str | None = None, **options) -> Page:
        """Quotations from matching articles (options: speaker, about, match_all, since, until,
        sort, collapse, limit, offset)."""

    @abstractmethod
    def speaker_suggestion(self, name: str) -> str | None:
        """The speaker the engine knows that a misspelt `--speaker` name means, or None."""

    @abstractmethod
    def people(self, text: str | None = None, **options) -> Page:
        """Who the matching articles quote or credit (options: match_all, since, until, sort,
        limit, offset)."""

    @abstractmethod
    def similar(self, article_id: str, *, limit: int = 10, include_duplicates: bool = False,
                within: str | None = None) -> SearchResult:
        """Articles most like one article, best first, the article and its copies left out."""

    @abstractmethod
    def kwic(self, text: str, *, width: int | None = KWIC_WIDTH, limit: int = 10, offset: int = 0,
             sort: str = "relevance", match_all: bool = True) -> tuple[KwicLine, ...]:
        """Keyword-in-context lines for the articles `search` would show."""

    @abstractmethod
    def facets(self, text: str | None, names: list[str] | tuple[str, ...], *, match_all: bool = True,
               top: int | None = None) -> FacetCounts:
        """For each facet in `names`, how many matching articles carry each value."""

    @abstractmethod
    def published_days(self, text: str, *, match_all: bool = True) -> Iterator[str]:
        """The publication date (ISO, '' when undated) of every article matching `text`."""

    def timeline(self, text: str, *, by: str = "month", match_all: bool = True) -> tuple[PeriodCount, ...]:
        """Matching articles per period, oldest first, empty periods as 0, then the undated count."""
        from .research import periods  # only timelines need it: not loaded for queries

        periods.check_period(by, text)
        return periods.count_periods(self.published_days(text, match_all=match_all), by)
