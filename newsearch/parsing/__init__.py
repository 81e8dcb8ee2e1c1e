"""From documents on disk to cleaned `Article`s (no printing, no index).

Each format suffix maps to a bytes parser in `_PARSERS`; a ".gz" file is gunzipped first and its
inner suffix decides ("export.jsonl.gz" is JSON Lines). A new format is a new module plus one
entry there and in `reading.FORMAT_SUFFIXES`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsearch.errors import InputError
from newsearch.models import Article
from newsearch.parsing.page import article_id, parse_text, parse_text_with_removed
from newsearch.parsing.reading import (
    SUPPORTED_SUFFIXES,
    decode_bytes,
    format_suffix,
    iter_document_paths,
    read_bytes,
    read_text,
)
from newsearch.parsing.records import (
    RecordProblem,
    normalise_date,
    parse_json,
    parse_records,
    parse_stream,
    problem_report,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "RecordProblem",
    "article_id",
    "decode_bytes",
    "iter_document_paths",
    "normalise_date",
    "parse_bytes",
    "parse_file",
    "parse_json",
    "parse_records",
    "parse_stream",
    "parse_text",
    "problem_report",
    "parse_text_with_removed",
    "read_text",
]

Problems = list[RecordProblem] | None


def _decoded(data: bytes, path: str) -> str:
    text = decode_bytes(data)
    if text is None:
        raise InputError(f"{path}: binary file, skipped")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _text_page(data: bytes, path: str, problems: Problems) -> list[Article]:
    return parse_text(_decoded(data, path), path)


def _html_page(data: bytes, path: str, problems: Problems) -> list[Article]:
    from newsearch.parsing.html import parse_html  # pulls in trafilatura: only for HTML

    return parse_html(data, path)


def _json_lines(data: bytes, path: str, problems: Problems) -> list[Article]:
    return list(parse_records(_decoded(data, path).split("\n"), path, problems))


def _json_document(data: bytes, path: str, problems: Problems) -> list[Article]:
    return parse_json(_decoded(data, path), path, problems)


_PARSERS: dict[str, Callable[[bytes, str, Problems], list[Article]]] = {
    ".txt": _text_page,
    ".html": _html_page,
    ".htm": _html_page,
    ".jsonl": _json_lines,
    ".ndjson": _json_lines,
    ".json": _json_document,
}


def parse_bytes(data: bytes, path: str, problems: Problems = None) -> list[Article]:
    """Parse a document's (already gunzipped) bytes, the format chosen by `path`'s suffix
    (unknown suffixes are read as text pages).

    Records skipped in JSON formats are appended to `problems` as (line, reason). Raises
    InputError for binary data; never anything else.
    """
    parser = _PARSERS.get(format_suffix(path), _text_page)
    return parser(data, str(path), problems)


def parse_file(path: str | Path, problems: Problems = None) -> list[Article]:
    """Read and parse one document of any supported format, gzipped or not.

    Raises InputError for unreadable, damaged or binary files; JSON records that cannot be read
    are skipped and appended to `problems` when a list is given.
    """
    return parse_bytes(read_bytes(path), str(path), problems)
