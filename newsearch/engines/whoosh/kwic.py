"""Keyword in context: each match in the bodies of the articles a query shows, with the words
either side, in the query's ranking and paging."""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import highlight, searcher, store
from .highlight import Terms
from .queryparse import parse_query
from ...engine import KWIC_WIDTH
from ...models import KwicLine
from ...research.kwic import paragraph_lines


@store.guarded
def kwic(
    folder: str | os.PathLike,
    text: str,
    *,
    width: int | None = KWIC_WIDTH,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    match_all: bool = True,
) -> tuple[KwicLine, ...]:
    """Keyword-in-context lines for the articles `query` would show (same ranking and paging).

    One line per match in a body paragraph, `width` characters of context each side (whitespace
    folded; None: the rest of the paragraph each side, for a printer that fits lines to a
    terminal); a matched phrase, or adjacent matched words, is one keyword, never cut.
    """
    result = searcher.search(folder, text, limit=limit, offset=offset, sort=sort, match_all=match_all, snippets=False)
    if not result.hits:
        return ()
    ix = store.open_for_reading(Path(folder))
    lines: list[KwicLine] = []
    with ix.searcher() as s:
        terms = searcher.query_terms(parse_query(text, ix.schema, match_all=match_all), s)
        body_terms = terms.get("body", Terms())
        for hit in result.hits:
            data = json.loads(s.document(id=hit.id)["data"])
            lines += concordance(hit.id, data.get("body", ""), body_terms, width)
    return tuple(lines)


def concordance(article_id: str, body: str, terms: Terms, width: int | None = KWIC_WIDTH) -> list[KwicLine]:
    """KWIC lines for one body: paragraphs are separated by blank lines and numbered from 1;
    `width` characters each side (None: all of the paragraph)."""
    lines = []
    for number, paragraph in enumerate(body.split("\n\n"), 1):
        lines += paragraph_lines(article_id, number, paragraph, highlight.find_spans(paragraph, terms), width)
    return lines
