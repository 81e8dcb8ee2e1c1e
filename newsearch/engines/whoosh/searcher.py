"""Reads the index: ranked queries with snippets, single articles, and statistics."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import feedback as rm3, highlight, proximity, speakers, store, termscore
from ...engine import SEARCH_SORTS
from ...errors import NotFoundError, QueryError
from .highlight import Terms
from ...models import Article, Author, Hit, IndexStats, SearchResult
from .queryexplain import explain_lines, suggestion
from .queryparse import all_leaves, date_range, parse_query, positive_leaves
from .schema import EXACT_SUFFIX, PROSE_FIELDS, SCHEMA_VERSION, query, sorting, weighting

MIN_ID_PREFIX = 4


@store.guarded
def search(
    folder: str | os.PathLike,
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
    """Run a query; hits `offset` to `offset + limit`, best first (or newest first).

    `since`/`until` keep articles published in that span (ISO dates, inclusive; YYYY or YYYY-MM
    cover the whole year or month). `collapse` keeps one hit per near-duplicate cluster; the hit's
    `paths` then lists where every matching copy was found and `duplicates` counts them.
    `snippets=False` leaves snippets out (for scripts that only need the ranking). `feedback=True`
    re-ranks with a few words from the best first matches (pseudo-relevance feedback, for queries of
    4+ words: slower; off by default, as it does not help on every collection measured).
    """
    options = _Options(limit, offset, sort, match_all, since, until, collapse, snippets, feedback)
    return _run(_open_searcher(Path(folder)), text, options)


@store.guarded
def search_batch(
    folder: str | os.PathLike, queries: Iterable[tuple[str, str]], **options
) -> Iterator[tuple[str, SearchResult | QueryError]]:
    """Run many `(qid, text)` queries on one open index, yielding `(qid, result)` in input order.

    Takes the keyword options of `search`. A malformed query does not stop the batch: its qid is
    yielded with the QueryError in place of a result (bad options raise before the first query).
    """
    checked = _Options(**options)
    searcher = _open_searcher(Path(folder))
    for qid, text in queries:
        try:
            result = _run(searcher, text, checked)
        except QueryError as error:
            yield qid, error
        else:
            yield qid, result


@store.guarded
def explain(folder: str | os.PathLike, text: str, *, match_all: bool = True, feedback: bool = False) -> list[str]:
    """How newsearch reads `text`: one line per clause (fields, forms, counts, dropped words), then
    what re-ranks its matches (`feedback=True`: as `search(feedback=True)` would)."""
    ix = store.open_for_reading(Path(folder))
    with ix.searcher() as searcher:
        return explain_lines(text, ix.schema, searcher, match_all=match_all, feedback=feedback)


@store.guarded
def suggest(folder: str | os.PathLike, text: str) -> str | None:
    """A corrected query built from the index's own words ("Min Aung Hlaing" for "Min Aung Hlaeng")."""
    ix = store.open_for_reading(Path(folder))
    with ix.searcher() as searcher:
        return suggestion(text, ix.schema, searcher)


# Open searchers kept between calls in this process, by folder: opening an index reads its term
# dictionary and column files, which costs more than a typical query. An entry is reused only while
# the folder's table of contents is the same files with the same modification times, so a commit
# or a rebuild by any process opens the index afresh. Searchers are not shared between threads.
_OPEN: dict[Path, tuple[tuple, object]] = {}
MAX_OPEN_INDEXES = 4
_TOC_SUFFIX = ".toc"


def _open_searcher(folder: Path):
    """A ranked searcher on `folder`'s index, opened once per process and reopened when it changes."""
    try:
        key = tuple(sorted((entry.name, entry.stat().st_mtime_ns) for entry in os.scandir(folder)
                           if entry.name.endswith(_TOC_SUFFIX) or entry.name == store.MARKER_NAME))
    except OSError:
        key = None  # missing or unreadable: open_for_reading says why
    cached = _OPEN.get(folder)
    if cached is not None and key is not None and cached[0] == key:
        return cached[1]
    searcher = store.open_for_reading(folder).searcher(weighting=weighting())
    if cached is not None:
        _close_quietly(_OPEN.pop(folder)[1])
    while len(_OPEN) >= MAX_OPEN_INDEXES:
        _close_quietly(_OPEN.pop(next(iter(_OPEN)))[1])
    if key is not None:
        _OPEN[folder] = (key, searcher)
    return searcher


def _close_quietly(searcher) -> None:
    try:
        searcher.close()
    except Exception:  # noqa: BLE001 - a searcher on deleted files may fail to close; nothing to keep
        pass


@dataclass(frozen=True)
class _Options:
    limit: int = 10
    offset: int = 0
    sort: str = "relevance"
    match_all: bool = True
    since: str | None = None
    until: str | None = None
    collapse: bool = False
    snippets: bool = True
    feedback: bool = False

    def __post_init__(self):
        if self.sort not in SEARCH_SORTS:
            raise QueryError(f"unknown sort '{self.sort}'; choose one of: {', '.join(SEARCH_SORTS)}")
        if self.limit < 0 or self.offset < 0:
            raise QueryError("--limit and --offset must not be negative")
        self.date_filter()  # a malformed --since/--until fails before any query runs

    def date_filter(self):
        if not (self.since or self.until):
            return None
        try:
            return date_range(self.since, self.until)
        except QueryError as error:
            raise QueryError(f"--since/--until: {error}") from None


def _run(searcher, text: str, options: _Options) -> SearchResult:
    parsed = speakers.widened(parse_query(text, searcher.schema, match_all=options.match_all), searcher.reader())
    wanted = options.offset + options.limit
    extra = {"filter": options.date_filter()} if options.since or options.until else {}
    if options.collapse:
        extra.update(collapse=sorting.FieldFacet("cluster"), collapse_limit=1)
    if options.sort == "date":
        newest, total = _newest(searcher, parsed, wanted, extra)
        window = [(0.0, hit) for hit in newest[options.offset : wanted]]  # no score is computed for a sort
    else:
        def first_pass(q, limit):
            return _ranked(searcher, q, limit, extra)[0]

        use_feedback = options.feedback and rm3.FEEDBACK_DOCS
        ranked_query = proximity.boosted(parsed, rm3.expanded(searcher, parsed, first_pass) if use_feedback else parsed)
        scored, total = _ranked(searcher, ranked_query, max(wanted, 1) + 10, extra)
        ranked = sorted(scored, key=lambda item: (-round(item[0], 6), item[1]["id"]))
        window = ranked[options.offset : wanted]
    if options.collapse:
        total = _cluster_total(searcher, parsed, extra)
    terms = query_terms(parsed, searcher) if options.snippets else None
    hits = []
    for rank, (score, hit) in enumerate(window, options.offset + 1):
        data = store.with_paths(searcher, json.loads(hit["data"]))
        copies = _cluster_paths(searcher, parsed, hit, data, extra) if options.collapse else None
        hits.append(make_hit(rank, score, data, terms, copies))
    return SearchResult(query=text, total=total, hits=tuple(hits))


def _ranked(searcher, q, limit: int, extra: dict) -> tuple[list[tuple[float, dict]], int]:
    """(score, stored fields) of the best `limit` matches of `q`, in no set order, and how many match.

    Plain queries are scored a posting list at a time (termscore); the rest by Whoosh's matchers.
    Both give the same scores.
    """
    q = _expand_patterns(searcher, q)
    if termscore.supports(q):
        group = searcher.reader().column_reader("cluster").__getitem__ if "collapse" in extra else None
        best, total = termscore.top(searcher, q, limit, within=extra.get("filter"), group=group)
        return [(score, searcher.stored_fields(docnum)) for score, docnum in best], total
    results = _scored_search(searcher, q, limit, extra)
    return [(hit.score, hit.fields()) for hit in results], len(results)


def _newest(searcher, q, limit: int, extra: dict) -> tuple[list[dict], int]:
    """Stored fields of the `limit` newest matches of `q` (undated last, then by id), and how many match."""
    q = _expand_patterns(searcher, q)
    if "collapse" in extra or not termscore.supports(q):
        facet = sorting.MultiFacet([sorting.FieldFacet("published", reverse=True), sorting.FieldFacet("id")])
        results = searcher.search(q, limit=max(limit, 1), sortedby=facet, **extra)
        return [hit.fields() for hit in results], len(results)
    docnums = termscore.matches(searcher, q, within=extra.get("filter"))
    published, ids = searcher.reader().column_reader("published"), searcher.reader().column_reader("id")
    docnums.sort(key=ids.__getitem__)
    docnums.sort(key=lambda docnum: published[docnum] or "", reverse=True)  # stable: ids stay in order
    return [searcher.stored_fields(docnum) for docnum in docnums[:limit]], len(docnums)


def _expand_patterns(searcher, q):
    if any(isinstance(leaf, query.MultiTerm) for leaf in all_leaves(q)):
        return q.accept(lambda node: _pattern_words(node, searcher))
    return q


def _pattern_words(node, searcher):
    """A prefix, wildcard or fuzzy term as the OR of the words it matches in the whole index, each
    with the pattern's weight (Whoosh expands them segment by segment, and weights a segment's
    words only where it holds more than one)."""
    if not isinstance(node, query.MultiTerm):
        return node
    terms = [query.Term(node.fieldname, word, boost=node.boost) for word in _words_of(node, searcher)]
    return query.Or(terms) if len(terms) > 1 else terms[0] if terms else query.NullQuery


def _words_of(leaf, searcher, reader=None) -> list[str]:
    """The words a query leaf stands for in the index, sorted (a prefix's from termscore's scan of
    the term tables, kept with the searcher for the rest of the query)."""
    if type(leaf) is query.Prefix:
        return termscore.prefix_words(searcher, leaf.fieldname, leaf.text)
    return sorted({text.decode("utf-8") if isinstance(text, bytes) else str(text)
                   for _, text in leaf.expanded_terms(reader or searcher.reader(), phrases=False)})


def _scored_search(searcher, q, limit: int, extra: dict):
    """Every match of `q` visited once (so `len()` is the exact count), the best `limit` kept.

    Not `searcher.search(optimize=False)`: its collector still "replaces" the matcher tree every
    few matches, and Whoosh 2.7's union matchers lose their place when replaced, so on indexes of
    more than 5,000 articles (where Or builds a tree of unions) about half the matches were skipped,
    uncounted and unranked. The block-skipping path (optimize=True) counts by running the query again.
    """
    collector = searcher.collector(limit=limit, optimize=False, **extra)
    inner = collector
    while hasattr(inner, "child"):  # filter and collapse wrap the scoring collector
        inner = inner.child
    inner.replace = 0
    searcher.search_with_collector(q, collector)
    return collector.results()


def _cluster_total(searcher, parsed, extra) -> int:
    """How many clusters the matching articles fall into (Whoosh's own collapsed count is off)."""
    clusters = searcher.reader().column_reader("cluster")
    matching = query.And([parsed, extra["filter"]]) if "filter" in extra else parsed
    return len({clusters[docnum] for docnum in searcher.docs_for_query(matching)})


def _cluster_paths(searcher, parsed, hit, data: dict, extra) -> tuple[tuple[str, ...], int]:
    """Every path of every matching article in `hit`'s cluster (the hit's own first, `data` its
    stored data), and how many other matching articles the cluster holds."""
    members = query.And([parsed, query.Term("cluster", hit["cluster"])])
    if "filter" in extra:
        members = query.And([members, extra["filter"]])
    paths = list(data.get("paths") or [data["path"]])
    others = 0
    for docnum in searcher.docs_for_query(members):
        stored = searcher.stored_fields(docnum)
        if stored["id"] != hit["id"]:
            others += 1
            paths += store.with_paths(searcher, json.loads(stored["data"]))["paths"]
    return tuple(dict.fromkeys(paths)), others


@store.guarded
def get_article(folder: str | os.PathLike, article_id: str) -> Article:
    """One stored article by id (or by a unique prefix of at least four characters)."""
    ix = store.open_for_reading(Path(folder))
    with ix.searcher() as searcher:
        stored = searcher.document(id=article_id)
        if stored is None and len(article_id) >= MIN_ID_PREFIX:
            matches = list(searcher.reader().expand_prefix("id", article_id))
            if len(matches) > 1:
                raise QueryError(f"id prefix '{article_id}' matches {len(matches)} articles; give more characters")
            if matches:
                stored = searcher.document(id=matches[0].decode("utf-8") if isinstance(matches[0], bytes) else matches[0])
    if stored is None:
        raise NotFoundError(f"no article with id '{article_id}' in {folder}")
    return _article(json.loads(stored["data"]))


@store.guarded
def index_stats(folder: str | os.PathLike, top: int = 10) -> IndexStats:
    """Counts over the whole index: articles, files, sources, bylines by role, speakers."""
    from ...research.holdings import count_holdings  # only `stats` counts: not loaded for queries

    folder = Path(folder)
    ix = store.open_for_reading(folder)
    with ix.searcher() as searcher:
        held = count_holdings((store.with_paths(searcher, json.loads(stored["data"]))
                               for stored in searcher.all_stored_fields()), top)
    return IndexStats(
        **held._asdict(),
        size_bytes=store.size_on_disk(folder),
        schema_version=SCHEMA_VERSION,
        path=str(folder),
        segments=len(ix._segments()),
    )


def query_terms(parsed, searcher) -> dict[str, Terms]:
    """Per stored field (title, body, quote, speaker…), the words the query looks for there."""
    terms: dict[str, Terms] = {}
    reader = searcher.reader()
    for leaf in positive_leaves(parsed):
        stemmed = leaf.field() in PROSE_FIELDS
        bucket = terms.setdefault((leaf.field() or "").removesuffix(EXACT_SUFFIX), Terms())
        if isinstance(leaf, query.Phrase):
            if not stemmed:
                bucket.phrases.append(tuple(leaf.words))
            continue
        for word in _words_of(leaf, searcher, reader):
            (bucket.stems if stemmed else bucket.exact).add(word)
    return terms


def make_hit(rank: int, score: float, data: dict, terms: dict[str, Terms] | None, copies=None) -> Hit:
    """A Hit from stored data; `terms` None: no snippets; `copies`: (paths, duplicates) of a collapsed cluster."""
    paths, duplicates = copies or (tuple(data.get("paths", (data["path"],))), 0)
    return Hit(
        rank=rank,
        score=float(score),
        id=data["id"],
        path=data["path"],
        ordinal=data["ordinal"],
        title=data["title"],
        source=data.get("source"),
        authors=tuple(Author(**a) for a in data.get("authors", ())),
        published=data.get("published"),
        snippets=tuple(highlight.hit_snippets(data, terms)) if terms is not None else (),
        cluster=data.get("cluster", data["id"]),
        paths=paths,
        duplicates=duplicates,
    )


def _article(data: dict) -> Article:
    data = {key: value for key, value in data.items() if key != "file"}
    return Article.from_dict(data)
