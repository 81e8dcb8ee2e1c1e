"""Highlights by the nodes' own tokenizer and stemmer: `CALL SNIPPETS` marks each match, and the
marks become (start, end) offsets into the text returned (the JSON Lines contract)."""

from __future__ import annotations

from .nodes import Cluster

_OPEN, _CLOSE = "\x02", "\x03"
SNIPPET_CHARS = 240
_CHUNK = " … "


def marked(cluster: Cluster, texts: list[str], match: str, *, limit: int = 0, table: str = "articles_rt"):
    """For each text, `(text, spans)`: the whole text with `limit` 0, else passages of about
    `limit` characters around the matches. Texts are sent with control characters removed."""
    if not texts or not match:
        return [(text, []) for text in texts]
    clean = [_without_marks(text) for text in texts]
    placeholders = ", ".join(["%s"] * len(clean))
    sql = (f"CALL SNIPPETS(({placeholders}), %s, %s, %s AS before_match, %s AS after_match, %s AS limit, "
           "%s AS chunk_separator, 1 AS query_mode, 'none' AS html_strip_mode, 12 AS around, "
           f"{'1' if limit else '0'} AS allow_empty)")
    rows = cluster.any_node(sql, [*clean, table, match, _OPEN, _CLOSE, limit, _CHUNK])
    return [spans_of(_tidy(row[0]) if limit else row[0]) for row in rows]


def _tidy(passages: str) -> str:
    """Passages on one line, without the separator Sphinx puts before the first one."""
    return " ".join(passages.split()).removeprefix(_CHUNK.strip()).strip()


def spans_of(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Marked text as plain text, and the (start, end) spans the marks enclosed."""
    plain: list[str] = []
    spans, opened = [], None
    for char in text:
        if char == _OPEN:
            opened = len(plain)
        elif char == _CLOSE:
            if opened is not None and len(plain) > opened:
                spans.append((opened, len(plain)))
            opened = None
        else:
            plain.append(char)
    return "".join(plain), spans


def _without_marks(text: str) -> str:
    return text.replace(_OPEN, " ").replace(_CLOSE, " ")
