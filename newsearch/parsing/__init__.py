"""From documents on disk to cleaned `Article`s (no printing, no index).

Each format suffix maps to a bytes parser in `_PARSERS`; a ".gz" file is gunzipped first and its
inner suffix decides ("export.jsonl.gz" is JSON Lines). A file whose name states no format (a
page saved as "story", "index.html?id=3", "article.php") is parsed as what its first bytes show:
HTML or a text page (`sniffing`). A new format is a new module plus one entry there and in
`reading.FORMAT_SUFFIXES`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsearch.errors import InputError
from newsearch.models import Article, RemovedLine
from newsearch.parsing.language import with_language
from newsearch.parsing.large_pages import MAX_ARTICLE_WORDS, cap_article_words, page_removed_lines, parse_page
from newsearch.parsing.markdown_text import markdown_to_text
from newsearch.parsing.page import article_id, parse_text, parse_text_with_removed
from newsearch.parsing.reading import (
    SUPPORTED_SUFFIXES,
    decode_bytes,
    format_suffix,
    iter_document_paths,
    read_bytes,
    read_text,
    skip_reason,
)
from newsearch.parsing.sniffing import MARKDOWN_SUFFIXES, name_suffix, sniff
from newsearch.parsing.record_dates import normalise_date
from newsearch.parsing.records import (
    RecordProblem,
    parse_json,
    parse_records,
    parse_stream,
    problem_report,
)

__all__ = [
    "MAX_ARTICLE_WORDS",
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
    "removed_lines",
    "skip_reason",
]

Problems = list[RecordProblem] | None


def _decoded(data: bytes, path: str) -> str:
    text = decode_bytes(data)
    if text is None:
        raise InputError(f"{path}: binary file, skipped")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _text_page(data: bytes, path: str, problems: Problems) -> list[Article]:
    return parse_page(data, path)


def _markdown_page(data: bytes, path: str, problems: Problems) -> list[Article]:
    return parse_page(data, path, markdown_to_text)


def _html_page(data: bytes, path: str, problems: Problems) -> list[Article]:
    from newsearch.parsing.html import parse_html  # pulls in trafilatura: only for HTML

    return cap_article_words(parse_html(data, path))


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
    # Markdown: a walk finds it only when it considers every file (`skipped=[]`); read when given.
    **{suffix: _markdown_page for suffix in MARKDOWN_SUFFIXES},
}
_BY_CONTENT = {"html": _html_page, "text": _text_page}


def _parser(data: bytes, path: str) -> Callable[[bytes, str, Problems], list[Article]]:
    """The parser `path`'s suffix names, else (a saved URL's query dropped) the one its name
    names, else the one its first bytes call for. Raises InputError for what is no document."""
    parser = _PARSERS.get(format_suffix(path)) or _PARSERS.get(name_suffix(path))
    if parser is not None:
        return parser
    found = sniff(data)
    if found.parse_as is None:
        raise InputError(f"{path}: not a document ({found.what}), skipped")
    return _BY_CONTENT[found.parse_as]


def parse_bytes(data: bytes, path: str, problems: Problems = None) -> list[Article]:
    """Parse a document's (already gunzipped) bytes, the format chosen by `path`'s suffix, or
    for a name that states none ("story", "article.php") by the first bytes: HTML or text page.

    Text pages of any size are parsed in bounded memory, and no page gives an article longer
    than MAX_ARTICLE_WORDS (longer ones are split into parts). Records skipped in JSON formats are
    appended to `problems` as (line, reason). Raises InputError for binary data or what is no
    document, ComponentMissingError when HTML cannot be read on this install; nothing else.
    Every article carries its language (`language.with_language`).
    """
    path = str(path)
    return [with_language(article) for article in _parser(data, path)(data, path, problems)]


def parse_file(path: str | Path, problems: Problems = None) -> list[Article]:
    """Read and parse one document of any supported format, gzipped or not.

    Raises InputError for unreadable, damaged or binary files, ComponentMissingError for HTML
    on an install that cannot read it; JSON records that cannot be read are skipped and appended
    to `problems` when a list is given.
    """
    return parse_bytes(read_bytes(path), str(path), problems)


def removed_lines(path: str | Path) -> list[RemovedLine]:
    """The lines of a document read as a text page (plain text, Markdown, or text by its first
    bytes) that its articles left out, with why, numbered as the file's lines; [] for HTML and
    records, which are extracted whole. Raises InputError as `parse_file` does."""
    data = read_bytes(path)
    parser = _parser(data, str(path))
    if parser is _text_page:
        return page_removed_lines(data, str(path))
    if parser is _markdown_page:
        return page_removed_lines(data, str(path), markdown_to_text)
    return []
