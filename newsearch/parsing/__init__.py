"""From documents on disk to cleaned `Article`s (stdlib only; no printing, no index).

Each supported suffix maps to a text parser in `_PARSERS`; a new format (".html", ".jsonl")
is a new module plus one entry there and in `SUPPORTED_SUFFIXES`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsearch.models import Article
from newsearch.parsing.page import article_id, parse_text
from newsearch.parsing.reading import SUPPORTED_SUFFIXES, iter_document_paths, read_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "article_id",
    "iter_document_paths",
    "parse_file",
    "parse_text",
    "read_text",
]

_PARSERS: dict[str, Callable[[str, str], list[Article]]] = {".txt": parse_text}


def parse_file(path: str | Path) -> list[Article]:
    """Read and parse one document; files given by name with other suffixes are read as text."""
    path = Path(path)
    parser = _PARSERS.get(path.suffix.lower(), parse_text)
    return parser(read_text(path), str(path))
