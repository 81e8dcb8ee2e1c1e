"""Publication dates: recognising date lines and datelines, normalising to YYYY-MM-DD."""

from __future__ import annotations

import datetime as _dt
import re

from dateutil import parser as _dateparser

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# Where a full date (with a year) is written; dateutil then reads the matched text. Each
# pattern says whether an all-digit date in it puts the day first.
_DATE_PATTERNS = [
    (re.compile(rf"\b{_YEAR}(?P<sep>[-/.])(?P<nmonth>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)\b"), False),  # 2021-06-23, 2021/06/23
    (re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I), False),
    (re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I), False),
    (re.compile(rf"\b{_DAY}-{_MONTH}-{_YEAR}\b", re.I), False),  # 26-FEB-1987
    (re.compile(rf"\b(?P<a>[01]?\d|[23]\d)/(?P<b>[0-3]?\d)/{_YEAR}\b"), False),  # US order first
    (re.compile(rf"\b(?P<day>[0-3]?\d)\.(?P<nmonth>[01]?\d)\.{_YEAR}\b"), True),  # 23.06.2021
]
# Every pattern above holds a year standing as a word: a line without one is ruled out in one scan.
_ANY_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Missing parts never come from "today": a fixed default keeps results reproducible.
_DEFAULT = _dt.datetime(2000, 1, 1)
# Words allowed on a line that is "just a date" (besides the date itself and numbers).
_DATE_LINE_WORDS = re.compile(
    r"(?i)\b(?:published|posted|updated|last|modified|first|on|at|date|dated|am|pm|a\.m\.|p\.m\."
    r"|gmt|utc|bst|est|edt|pst|pdt|cet|cest|ist|jst|ict|et|pt|hrs|mon|tue|tues|wed|thu|thur|thurs"
    r"|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
_LABEL = re.compile(r"(?i)^\W*(published|posted|updated|last updated|first published|modified)\b")
_LABELLED_MAX_WORDS = 14
_UPDATED = re.compile(r"(?i)\b(?:updated|modified)\b")
# "YANGON, June 23 (Reuters) -", "NEW YORK (AP) —", "Paris, 23 June 2021 (AFP) -".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z.' -]{1,30})?)\s*,?\s*"
    r"(?P<when>[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,9}(?:\s+\d{4})?)?\s*"
    r"(?:\((?P<agency>[A-Za-z][\w .&-]{0,30})\))?\s*[-–—]+\s+"
)


def find_date(text: str) -> str | None:
    """The first valid full date (with a year) in `text`, as YYYY-MM-DD."""
    if not _ANY_YEAR.search(text):
        return None
    best: tuple[int, str] | None = None
    for pattern, dayfirst in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            iso = _to_iso(match.group(0), dayfirst)
            if iso:
                if best is None or match.start() < best[0]:
                    best = (match.start(), iso)
                break
    return best[1] if best else None


def parse_date(text: str, *, fuzzy: bool = False) -> str | None:
    """`text` read as one date by dateutil, as YYYY-MM-DD; None unless it states a year.

    With `fuzzy`, words around the date are skipped ("Posted on ... by ..."), so only call
    it on a line already known to be a date line.
    """
    if not re.search(r"\b(?:19|20)\d\d\b", text):
        return None
    return _to_iso(text, False, fuzzy=fuzzy)


def _to_iso(text: str, dayfirst: bool, fuzzy: bool = False) -> str | None:
    try:
        when = _dateparser.parse(text.replace(" of ", " "), default=_DEFAULT, dayfirst=dayfirst, fuzzy=fuzzy)
    except (ValueError, OverflowError, TypeError, _dateparser.ParserError):
        return None
    if not 1900 <= when.year <= 2100:
        return None
    return when.date().isoformat()


def date_line(line: str) -> tuple[str, bool] | None:
    """If `line` is a date line ("Published: Wed 23 Jun 2021 10:15 GMT", "June 23, 2021"),
    return (iso date, is_update); else None. Lines that are prose with a date in them are not
    date lines."""
    if len(line) > 120:
        return None
    iso = find_date(line)
    if iso is None:
        return None
    # "Updated" counts anywhere in a short line, not in a sentence that happens to use it.
    labelled = bool(_LABEL.match(line)) or (len(line.split()) <= _LABELLED_MAX_WORDS and bool(_UPDATED.search(line)))
    if not labelled and not _mostly_date(line):
        return None
    return iso, bool(_UPDATED.search(line)) and not re.search(r"(?i)published|posted", line)


def _mostly_date(line: str) -> bool:
    rest = line
    for pattern, _ in _DATE_PATTERNS:
        rest = pattern.sub(" ", rest)
    rest = _DATE_LINE_WORDS.sub(" ", rest)
    rest = re.sub(r"[\d:|,.\-–—/()•·]+", " ", rest)
    return len(rest.split()) <= 1


def dateline(paragraph: str) -> tuple[str | None, str | None] | None:
    """(iso date or None, agency or None) from a wire dateline opening `paragraph`, else None.

    The place must be written in capitals ("YANGON", "NEW YORK") so ordinary sentences with a
    dash are not taken for datelines.
    """
    match = DATELINE.match(paragraph)
    if not match:
        return None
    place = match.group("place").split(",")[0]
    if not place.replace(" ", "").replace(".", "").isupper():
        return None
    if not (match.group("when") or match.group("agency")):
        return None
    iso = find_date(match.group(0))
    return iso, match.group("agency")


def strip_dates(line: str) -> str:
    """`line` with its full dates (and a time or separator glued to them) taken out."""
    for pattern, _ in _DATE_PATTERNS:
        line = pattern.sub(" ", line)
    line = re.sub(r"(?i)T?\d{1,2}:\d\d(?::\d\d)?(?:\.\d+)?Z?(?:\s*(?:[ap]\.?m\.?))?", " ", line)
    return " ".join(line.split()).strip(" -–—|,·•")
