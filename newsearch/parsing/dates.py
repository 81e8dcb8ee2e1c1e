"""Publication dates: recognising date lines and datelines, normalising to YYYY-MM-DD."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence

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
    (re.compile(rf"\b{_YEAR}(?P<sep>[-/.])(?P<nmonth>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?:\b|(?=T\d))"), False),  # 2021-06-23, 2021/06/23, 2021-06-23T10:15
    (re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I), False),
    (re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,\s*|\s+){_YEAR}\b", re.I), False),  # 3 June 2021, 3 June,2021
    (re.compile(rf"\b{_DAY}-{_MONTH}-{_YEAR}\b", re.I), False),  # 26-FEB-1987
    (re.compile(rf"\b(?P<a>[01]?\d|[23]\d)/(?P<b>[0-3]?\d)/{_YEAR}\b"), False),  # US order first
    (re.compile(rf"\b(?P<day>[0-3]?\d)\.(?P<nmonth>[01]?\d)\.{_YEAR}\b"), True),  # 23.06.2021
]
# Every pattern above holds a year standing as a word: a line without one is ruled out in one scan.
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# Missing parts never come from "today": a fixed default keeps results reproducible.
_DEFAULT = _dt.datetime(2000, 1, 1)
# Words allowed on a line that is "just a date" (besides the date itself and numbers).
_DATE_LINE_WORDS = re.compile(
    r"(?i)\b(?:published|posted|updated|last|modified|first|on|at|date|dated|am|pm|a\.m\.|p\.m\."
    r"|gmt|utc|bst|est|edt|pst|pdt|cet|cest|ist|jst|ict|et|pt|hrs|mon|tue|tues|wed|thu|thur|thurs"
    r"|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
# "6 min read", "5 minute read", "3 mins": the reading time a date line carries ("Dec 18, 2025 · 6 min read").
_READING_TIME = re.compile(r"(?i)\b\d+\s*(?:min(?:ute)?s?\.?)(?:\s+(?:read|reading(?:\s+time)?))?\b")
# The time of an ISO 8601 timestamp ("2022-11-23T08:10+02:00"), as a feed or a <time> prints it.
_ISO_TIME = re.compile(r"(?<=\d)T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?\b")
_LABEL = re.compile(r"(?i)^\W*(published|posted|updated|last updated|first published|modified)\b")
_LABELLED_MAX_WORDS = 14
_UPDATED = re.compile(r"(?i)\b(?:updated|modified)\b")
# "YANGON, June 23 (Reuters) -", "NEW YORK (AP) —", "Paris, 23 June 2021 (AFP) -".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z.' -]{1,30})?)\s*,?\s*"
    r"(?P<when>[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,9}(?:\s+\d{4})?)?\s*"
    r"(?:\((?P<agency>[A-Za-z][\w .&-]{0,30})\))?\s*[-–—]+\s+"
)


# Dates written in other languages: "2024年3月3日", "2024년 3월 3일", "3 марта 2024",
# "3 de março de 2024", "3. März 2024", "3 mars 2024".
_CJK_DATE = re.compile(r"(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<month>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]?")
_FOREIGN_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "января январь janeiro enero janvier januar gennaio januari styczeń stycznia",
            "февраля февраль fevereiro febrero février februar febbraio februari lutego",
            "марта март março marzo mars märz maart marca",
            "апреля апрель abril avril aprile kwietnia",
            "мая май maio mayo mai maggio mei maja",
            "июня июнь junho junio juin juni giugno czerwca",
            "июля июль julho julio juillet juli luglio lipca",
            "августа август agosto août augustus sierpnia",
            "сентября сентябрь setembro septiembre septembre settembre september września",
            "октября октябрь outubro octubre octobre oktober ottobre oktober października",
            "ноября ноябрь novembro noviembre novembre november listopada",
            "декабря декабрь dezembro diciembre décembre dezember dicembre december grudnia",
        ),
        start=1,
    )
    for name in names.split()
}
_FOREIGN_DATE = re.compile(
    r"(?i)\b(?P<day>[0-3]?\d)\.?\s+(?:de\s+)?(?P<month>[^\W\d_]{3,12})\.?,?\s+(?:de\s+)?(?P<year>(?:19|20)\d\d)\b"
)


def _other_language_date(text: str) -> tuple[int, str] | None:
    found = []
    for match in _CJK_DATE.finditer(text):
        found.append((match.start(), int(match.group("year")), int(match.group("month")), int(match.group("day"))))
        break
    for match in _FOREIGN_DATE.finditer(text):
        month = _FOREIGN_MONTHS.get(match.group("month").casefold())
        if month:
            found.append((match.start(), int(match.group("year")), month, int(match.group("day"))))
            break
    for start, year, month, day in sorted(found):
        try:
            return start, _dt.date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def find_date(text: str) -> str | None:
    """The first valid full date (with a year) in `text`, as YYYY-MM-DD."""
    found = _first_date(text)
    return found[1] if found else None


def _first_date(text: str) -> tuple[int, str] | None:
    """(where it starts, YYYY-MM-DD) of the first valid full date in `text`."""
    if not _ANY_YEAR.search(text):
        return None
    best: tuple[int, str] | None = _other_language_date(text)
    for pattern, dayfirst in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            iso = _to_iso(match.group(0), dayfirst)
            if iso:
                if best is None or match.start() < best[0]:
                    best = (match.start(), iso)
                break
    return best


def _states_update(line: str, date_at: int, published_anywhere: bool) -> bool:
    """Whether the date starting at `date_at` is an update's: an "Updated" label stands before it
    (in "By Jane Doe June 3, 2025 Updated: June 5, 2025" the first date is the publication's),
    and no "Published"/"Posted" label before that one (or anywhere, with `published_anywhere`)."""
    update = _UPDATED.search(line)
    if update is None or update.start() > date_at:
        return False
    return not re.search(r"(?i)published|posted", line if published_anywhere else line[: update.start()])


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
    found = _first_date(line)
    if found is None:
        return None
    # "Updated" counts anywhere in a short line, not in a sentence that happens to use it.
    labelled = bool(_LABEL.match(line)) or (len(line.split()) <= _LABELLED_MAX_WORDS and bool(_UPDATED.search(line)))
    if not labelled and not _mostly_date(line):
        return None
    return found[1], _states_update(line, found[0], published_anywhere=True)


def _mostly_date(line: str) -> bool:
    rest = _CJK_DATE.sub(" ", _FOREIGN_DATE.sub(" ", _READING_TIME.sub(" ", _ISO_TIME.sub(" ", line))))
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
    line = _CJK_DATE.sub(" ", line)
    line = _FOREIGN_DATE.sub(lambda m: " " if m.group("month").casefold() in _FOREIGN_MONTHS else m.group(0), line)
    for pattern, _ in _DATE_PATTERNS:
        line = pattern.sub(" ", line)
    line = re.sub(r"(?i)T?\d{1,2}:\d\d(?::\d\d)?(?:\.\d+)?Z?(?:\s*(?:[ap]\.?m\.?))?", " ", line)
    return " ".join(line.split()).strip(" -–—|,·•")


# A date printed in the head of an article: a short line ("Jun 08, 2023 • 11 Minute Read",
# "Tom Talbot October 14, 2025", "By Jane Doe Published: Jun 25, 2025"), not a sentence.
_HEAD_DATE_MAX_CHARS = 160
_HEAD_DATE_MAX_WORDS = 20
_HEAD_DATE_BEFORE = 30  # lines above the headline a date may stand (a date bar above it; chosen on fold A)


def head_date(line: str) -> tuple[str, bool] | None:
    """(iso date, is_update) of a short line in an article's head that states a full date."""
    if len(line) > _HEAD_DATE_MAX_CHARS or len(line.split()) > _HEAD_DATE_MAX_WORDS:
        return None
    found = _first_date(line)
    if found is None:
        return None
    # "Published June 3 · Updated June 5": the first date is the publication's.
    return found[1], _states_update(line, found[0], published_anywhere=False)


def page_date(lines: Sequence[str], headline: int | None, body_start: int | None, body_end: int | None = None) -> str | None:
    """The publication date of the article whose headline is `lines[headline]` and whose text
    starts at `body_start`: the first date line after the headline and above the story's third
    paragraph, a publication date before an update; else the nearest date line just above the
    headline. None when the head states no date."""
    anchor = headline if headline is not None else (body_start if body_start is not None else 0)
    stop = body_end if body_end is not None else len(lines)
    after = [(i, found) for i in range(anchor, min(stop, len(lines))) if (found := head_date(lines[i]))]
    published = [iso for _, (iso, updated) in after if not updated]
    if published:
        return published[0]
    before = [(i, found) for i in range(max(0, anchor - _HEAD_DATE_BEFORE), anchor) if (found := head_date(lines[i]))]
    if before:
        return before[-1][1][0]
    return after[0][1][0] if after else None
