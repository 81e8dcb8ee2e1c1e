"""Articles that arrive as data: JSON Lines (one record a line) and JSON (an array or one object).

A record is an object with some of `id`, `title`, `subtitle`, `body` (or `text`/`content`), `url`,
`published` (or `date`), `authors` (names or `{name, role}`) or `author` ("A and B"), `source`,
`subheads`, `quotes` (`{text, speaker}`), `path`, `ordinal`, `language`: what scrapers export, and what
`newsearch parse --format jsonl` prints, so that output reads back as the same articles.

Records are trusted for their structure (no boilerplate stripping), but text is cleaned of
control characters and whitespace runs, dates are normalised to ISO, and quotes are found in the
body when the record gives none. A broken record never stops the rest: it is skipped and
described in `problems`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple, TextIO

from newsearch.errors import InputError
from newsearch.models import ROLES, Article, Author, Quote
from newsearch.parsing import bylines
from newsearch.parsing.line_shapes import continues, hard_wrapped
from newsearch.parsing.page import article_id
from newsearch.parsing.quotes import extract_quotes
from newsearch.parsing.record_dates import normalise_date
from newsearch.textutil import strip_controls

_BODY_KEYS = ("body", "text", "content")
_DATE_KEYS = ("published", "date")
# Lines longer than this are refused rather than parsed (a record is an article, not a dump).
MAX_RECORD_CHARS = 64 * 1024 * 1024
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
# "A and B", "A, B & C", "A; B": how a single `author` string lists several people.
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,\s*and\s+|,|\s+and\s+|\s*&\s*)\s*")


class RecordProblem(NamedTuple):
    """A record that was skipped: where (1-based line, or item number in a JSON array) and why."""

    line: int
    reason: str


# A file of millions of bad records must not flood stderr: the first few, then a count.
PROBLEMS_SHOWN = 20


# Problems kept in detail; past them only a count is kept (in one trailing entry at line
# OVERFLOW_LINE), so millions of bad records cost no memory.
PROBLEMS_KEPT = 1000
OVERFLOW_LINE = 0


def problem_report(path: str, problems: list) -> list[tuple[str, str]]:
    """(where, message) for the first PROBLEMS_SHOWN problems of a file, and one line for the rest."""
    overflow = int(problems[-1][1]) if problems and problems[-1][0] == OVERFLOW_LINE else 0
    detailed = problems[:-1] if overflow else problems
    report = [(f"{path}:{line}", f"{path}:{line}: {reason}") for line, reason in detailed[:PROBLEMS_SHOWN]]
    if len(detailed) + overflow > PROBLEMS_SHOWN:
        more = len(detailed) + overflow - PROBLEMS_SHOWN
        report.append((str(path), f"{path}: … and {more} more records skipped"))
    return report


def parse_records(
    lines: Iterable[str],
    path: str = "<records>",
    problems: list[RecordProblem] | None = None,
) -> Iterator[Article]:
    """Articles from JSON Lines, lazily; broken lines are skipped and appended to `problems`.

    Blank lines are ignored; a record's ordinal defaults to its 0-based line number.
    """
    for number, line in enumerate(lines):
        if number == 0:
            line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        if len(line) > MAX_RECORD_CHARS:
            _report(problems, number + 1, f"line longer than {MAX_RECORD_CHARS} characters")
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as exc:
            _report(problems, number + 1, f"invalid JSON ({_json_error(exc)})")
            continue
        yield from _from_value(value, path, number, number + 1, problems)


def parse_json(text: str, path: str = "<json>", problems: list[RecordProblem] | None = None) -> list[Article]:
    """Articles from a JSON document: an array of records, one record, or `{"<key>": [records]}`.

    A document that is not one JSON value but several lines of them is read as JSON Lines.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        return []
    try:
        value = json.loads(text)
    except RecursionError:
        _report(problems, 1, "JSON nested too deeply")
        return []
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError) and exc.msg == "Extra data":
            return list(parse_records(text.splitlines(), path, problems))
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else 1
        _report(problems, line, f"invalid JSON ({_json_error(exc)})")
        return []
    if isinstance(value, dict):
        value = _wrapped_list(value)
    if isinstance(value, list):
        articles = []
        for index, item in enumerate(value):
            articles.extend(_from_value(item, path, index, index + 1, problems, where="item"))
        return articles
    return list(_from_value(value, path, 0, 1, problems))


def parse_stream(
    stream: TextIO,
    path: str = "<stdin>",
    problems: list[RecordProblem] | None = None,
) -> Iterator[Article]:
    """Articles from a stream of JSON Lines (standard input), read a line at a time.

    When the stream has a byte buffer, each line is decoded on its own (UTF-8, else cp1252), so
    one badly encoded line costs only itself.
    """
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        lines: Iterable[str] = (_decode_line(raw) for raw in buffer)
    else:
        lines = stream
    try:
        yield from parse_records(lines, path, problems)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: {exc}") from exc


def article_from_record(
    record: dict, path: str, ordinal: int
) -> Article | None:
    """One record as an Article (None when it has neither title nor body); never raises."""
    title = _text(record.get("title"))
    body = _body(_first(record, _BODY_KEYS))
    if not title and not body:
        return None
    paragraphs = body.split("\n\n") if body else []
    supplied_id = record.get("id")
    record_id = _text(supplied_id) if isinstance(supplied_id, (str, int)) and not isinstance(supplied_id, bool) else ""
    quotes = _quotes(record["quotes"]) if isinstance(record.get("quotes"), list) else extract_quotes(paragraphs)
    return Article(
        id=record_id or article_id(title, body),
        path=_text(record.get("path")) or path,
        ordinal=_ordinal(record.get("ordinal"), ordinal),
        title=title,
        subtitle=_text(record.get("subtitle")) or None,
        body=body,
        subheads=tuple(s for s in (_text(v) for v in _as_list(record.get("subheads"))) if s),
        authors=_authors(record),
        source=_text(record.get("source")) or None,
        published=normalise_date(_first(record, _DATE_KEYS)),
        quotes=tuple(quotes),
        word_count=len(body.split()),
        language=_language(record.get("language")),
    )


def _language(value: Any) -> str | None:
    """A record's stated language, kept only as an ISO 639 code ("en", "km"); anything else is
    left to the detector."""
    text = value.strip().lower() if isinstance(value, str) else ""
    return text if _LANGUAGE_CODE.fullmatch(text) else None


# An ISO 639-1 or 639-3 language code.
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


# --- internals -------------------------------------------------------------------------------


def _from_value(
    value: Any, path: str, ordinal: int, number: int, problems: list | None, where: str = "line"
) -> Iterator[Article]:
    if not isinstance(value, dict):
        _report(problems, number, f"{where} is {_kind(value)}, not an object")
        return
    try:
        article = article_from_record(value, path, ordinal)
    except RecursionError:  # absurdly nested values inside a field
        _report(problems, number, "record nested too deeply")
        return
    if article is None:
        _report(problems, number, "record has neither title nor body")
        return
    yield article


def _report(problems: list | None, number: int, reason: str) -> None:
    if problems is None:
        return
    if len(problems) < PROBLEMS_KEPT:
        problems.append(RecordProblem(number, reason))
    elif problems[-1].line != OVERFLOW_LINE:
        problems.append(RecordProblem(OVERFLOW_LINE, "1"))
    else:
        problems[-1] = RecordProblem(OVERFLOW_LINE, str(int(problems[-1].reason) + 1))


def _json_error(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc)[:80]


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    return {str: "a string", bool: "a boolean"}.get(type(value), "a number")


def _wrapped_list(value: dict) -> Any:
    """`{"articles": [...]}`: the one list of objects in an object that is not itself a record."""
    if any(key in value for key in ("title", *_BODY_KEYS)):
        return value
    lists = [v for v in value.values() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
    return lists[0] if len(lists) == 1 else value


def _decode_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _first(record: dict, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def _text(value: Any) -> str:
    """A scalar as one clean line; anything else (lists, objects) as ""."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        return ""
    return " ".join(strip_controls(value).split())


def _body(value: Any) -> str:
    """Paragraphs separated by one blank line. Blank lines split paragraphs when there are any
    (single newlines inside are hard wraps); otherwise each line is a paragraph, unless the text
    was wrapped at a fixed width (then a line that goes on with the sentence joins the one
    before, as in plain-text pages). A list is a list of paragraphs."""
    if isinstance(value, list):
        paragraphs = [_text(item) for item in value]
    elif isinstance(value, str):
        text = strip_controls(value.replace("\r\n", "\n").replace("\r", "\n"))
        parts = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else _unwrapped(text.split("\n"))
        paragraphs = [" ".join(part.split()) for part in parts]
    else:
        paragraphs = [_text(value)]
    return "\n\n".join(p for p in paragraphs if p)


def _unwrapped(lines: list[str]) -> list[str]:
    """Lines of one paragraph each; hard-wrapped sentences joined up."""
    if not hard_wrapped(lines):
        return lines
    joined: list[str] = []
    for line in (" ".join(raw.split()) for raw in lines):
        if joined and line and joined[-1] and continues(joined[-1], line):
            joined[-1] += " " + line
        else:
            joined.append(line)
    return joined


def _as_list(value: Any) -> list:
    if isinstance(value, list):
        return value
    return [] if value in (None, "") else [value]


def _ordinal(value: Any, default: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return default


def _authors(record: dict) -> tuple[Author, ...]:
    found: list[Author] = []
    entries = record.get("authors")
    if entries in (None, "", []):
        entries = record.get("author")
    for entry in _as_list(entries):
        if isinstance(entry, dict):
            name = _text(entry.get("name"))
            role = _text(entry.get("role")).lower()
            if name:
                found.append(Author(name, role if role in ROLES else "author"))
        else:
            found.extend(_authors_in(_text(entry)))
    return tuple(dict.fromkeys(found))


def _authors_in(text: str) -> list[Author]:
    """The people a free-text author field names: a byline ("By A and B", "Reported by A;
    translated by B") when it reads as one, else the field split at "and", commas, "&" and ";"."""
    if not text:
        return []
    credit = bylines.parse_byline(text) or bylines.parse_byline(f"By {text}")
    if credit and credit.authors:
        return list(credit.authors)
    return [Author(name) for name in _AUTHOR_SPLIT.split(text) if name]


_SPEAKER_KINDS = ("person", "organisation", "anonymous")


def _quotes(entries: list) -> list[Quote]:
    quotes = []
    for entry in entries:
        if isinstance(entry, dict):
            text = _text(entry.get("text"))
            # `parse --format jsonl` output reads back whole: title and kind as well as the name.
            given = {"text": text, "speaker": _text(entry.get("speaker")) or None,
                     "speaker_title": _text(entry.get("speaker_title")) or None}
            if entry.get("speaker_kind") in _SPEAKER_KINDS or "speaker_kind" in entry:
                given["speaker_kind"] = entry["speaker_kind"] if entry["speaker_kind"] in _SPEAKER_KINDS else None
            quote = Quote.from_dict(given) if text else None
        else:
            text = _text(entry)
            quote = Quote(text, None) if text else None
        if quote is not None:
            quotes.append(quote)
    return quotes


