"""Reads the index: ranked queries with snippets, single articles, and statistics."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from . import highlight, store
from .errors import NotFoundError, QueryError
from .highlight import Terms
from .models import Article, Author, Hit, IndexStats, SearchResult, Snippet
from .queryparse import parse_query, positive_leaves
from .schema import EXACT_SUFFIX, PROSE_FIELDS, SCHEMA_VERSION, query, sorting, weighting

SORTS = ("relevance", "date")
MIN_ID_PREFIX = 4


def search(
    folder: str | os.PathLike,
    text: str,
    *,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    match_all: bool = True,
) -> SearchResult:
    """Run a query; hits `offset` to `offset + limit`, best first (or newest first)."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort '{sort}'; choose one of: {', '.join(SORTS)}", text)
    if limit < 0 or offset < 0:
        raise QueryError("--limit and --offset must not be negative", text)
    ix = store.open_for_reading(Path(folder))
    with ix.searcher(weighting=weighting()) as searcher:
        parsed = parse_query(text, ix.schema, match_all=match_all)
        wanted = offset + limit
        if sort == "date":
            facet = sorting.MultiFacet([sorting.FieldFacet("published", reverse=True), sorting.FieldFacet("id")])
            results = searcher.search(parsed, limit=max(wanted, 1), sortedby=facet)
            window = [(0.0, hit) for hit in results[offset:wanted]]  # no score is computed for a sort
        else:
            results = searcher.search(parsed, limit=max(wanted, 1) + 10)
            ranked = sorted(((hit.score, hit) for hit in results), key=lambda item: (-round(item[0], 6), item[1]["id"]))
            window = ranked[offset:wanted]
        total = len(results)
        terms = _query_terms(parsed, searcher.reader())
        hits = tuple(
            _hit(offset + rank, score, json.loads(hit["data"]), terms) for rank, (score, hit) in enumerate(window, 1)
        )
    return SearchResult(query=text, total=total, hits=hits)


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


def index_stats(folder: str | os.PathLike, top: int = 10) -> IndexStats:
    """Counts over the whole index: articles, files, sources, bylines by role, speakers."""
    folder = Path(folder)
    ix = store.open_for_reading(folder)
    sources: Counter = Counter()
    roles: dict[str, Counter] = {}
    speakers: Counter = Counter()
    files = set()
    articles = 0
    with ix.searcher() as searcher:
        for stored in searcher.all_stored_fields():
            data = json.loads(stored["data"])
            articles += 1
            files.add(data.get("file", data["path"]))
            if data.get("source"):
                sources[data["source"]] += 1
            for author in data.get("authors", ()):
                roles.setdefault(author["role"], Counter())[author["name"]] += 1
            speakers.update(q["speaker"] for q in data.get("quotes", ()) if q.get("speaker"))
    return IndexStats(
        articles=articles,
        files=len(files),
        sources=dict(sources.most_common()),
        authors_by_role={role: dict(names.most_common(top)) for role, names in sorted(roles.items())},
        top_speakers=dict(speakers.most_common(top)),
        size_bytes=store.size_on_disk(folder),
        schema_version=SCHEMA_VERSION,
        path=str(folder),
    )


def _query_terms(parsed, reader) -> dict[str, Terms]:
    """Per stored field (title, body, quote, speaker…), the words the query looks for there."""
    terms: dict[str, Terms] = {}
    for leaf in positive_leaves(parsed):
        stemmed = leaf.field() in PROSE_FIELDS
        bucket = terms.setdefault((leaf.field() or "").removesuffix(EXACT_SUFFIX), Terms())
        if isinstance(leaf, query.Phrase):
            if not stemmed:
                bucket.phrases.append(tuple(leaf.words))
            continue
        for _, term in leaf.expanded_terms(reader, phrases=False):
            word = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            (bucket.stems if stemmed else bucket.exact).add(word)
    return terms


def _hit(rank: int, score: float, data: dict, terms: dict[str, Terms]) -> Hit:
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
        snippets=tuple(_snippets(data, terms)),
        cluster=data.get("cluster", data["id"]),
        paths=tuple(data.get("paths", (data["path"],))),
    )


def _snippets(data: dict, terms: dict[str, Terms]) -> list[Snippet]:
    empty = Terms()
    found: list[Snippet | None] = [
        highlight.whole_field("title", data["title"], terms.get("title", empty)),
        highlight.whole_field("subtitle", data.get("subtitle") or "", terms.get("subtitle", empty)),
    ]
    found += [highlight.whole_field("subhead", s, terms.get("subhead", empty)) for s in data.get("subheads", ())]
    quotes = _quote_snippets(data.get("quotes", ()), terms.get("quote", empty), terms.get("speaker", empty))
    found += quotes
    shown = [q.text.strip("…")[:60] for q in quotes]
    body = highlight.best_passages("body", data.get("body", ""), terms.get("body", empty), skip=shown)
    found += body
    snippets = [s for s in found if s is not None]
    if not body:
        snippets.append(highlight.lead("body", data.get("body", "")))
    return [s for s in snippets if s is not None]


def _quote_snippets(quotes, quote_terms: Terms, speaker_terms: Terms) -> list[Snippet]:
    """Quotes whose words matched, or whose speaker matched, each with its speaker."""
    chosen = []
    for quote in quotes:
        speaker = quote.get("speaker")
        snippet = highlight.whole_field("quote", quote["text"], quote_terms, speaker)
        if snippet is None and speaker and highlight.find_spans(speaker, speaker_terms):
            snippet = highlight.plain("quote", quote["text"], speaker)
        if snippet is not None:
            chosen.append(snippet)
        if len(chosen) == highlight.QUOTE_SNIPPETS:
            break
    return chosen


def _article(data: dict) -> Article:
    data = {key: value for key, value in data.items() if key != "file"}
    return Article.from_dict(data)
