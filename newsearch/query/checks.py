"""What a query string must get right before it is read, each mistake with a caret position:
balanced quotes and brackets, `~` distances, ranges, `NEAR/n`, boosts, and dates.

Left to themselves these would silently become literal text and usually an empty result."""

from __future__ import annotations

import datetime as dt
import re

from ..errors import QueryError
from .syntax import NEAR
from .tree import FIELDS

SENTENCE_GAP = 100  # positions between sentences, as the index numbers them: `w/s` is one gap less
MAX_PHRASE_SLOP = SENTENCE_GAP - 1
MAX_FUZZY_DISTANCE = 2
_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_RANGE_CLOSERS = {"[": "]}", "{": "]}"}
# `~`, `~2`, `~2/3` (distance, then how many leading characters must match exactly).
_FUZZY = re.compile(r"~(?P<dist>[^\s/()^]*)(?:/(?P<prefix>[^\s()^]*))?")
_SLOP = re.compile(r"~(?P<slop>[^\s()^]*)")
RANGE = re.compile(r"^\s*(?P<start>\S+?)?\s*(?<![^\s\[{])TO(?![^\s\]}])\s*(?P<end>\S+?)?\s*$", re.IGNORECASE)
_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
_BOOST_VALUE = re.compile(r"\^(?P<value>[^\s)]*)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")


def check_balance(text: str) -> None:
    """Raise QueryError at the first unbalanced quote, parenthesis or range bracket."""
    if not text.strip():
        raise QueryError("empty query", text, 0)
    stack: list[tuple[str, int]] = []
    quote_at = None
    for position, char in enumerate(text):
        if quote_at is not None:
            if char == '"':
                quote_at = None
            continue
        if char == '"':
            quote_at = position
        elif char in _CLOSERS:
            stack.append((char, position))
        elif char in ")]}":
            opener = stack.pop()[0] if stack else None
            if opener is None or char not in _RANGE_CLOSERS.get(opener, _CLOSERS.get(opener, "")):
                raise QueryError(f"unexpected '{char}'", text, position)
    if quote_at is not None:
        raise QueryError("unbalanced quote: a phrase is opened but never closed", text, quote_at)
    if stack:
        char, position = stack[-1]
        raise QueryError(f"'{char}' is never closed", text, position)


def check_syntax(text: str) -> None:
    """Raise QueryError for what would be silently misread: balance, `~`, ranges, NEAR, `^`."""
    check_balance(text)
    surrogate = re.search("[\ud800-\udfff]", text)
    if surrogate:  # not encodable text (a broken UTF-16 pair)
        raise QueryError("the query holds a character that is not valid text (a lone surrogate)", text,
                         surrogate.start())
    outside = outside_quotes(text)
    for match in re.finditer(r"~", outside):
        at = match.start()
        if at == 0 or outside[at - 1].isspace() or outside[at - 1] in "(":
            raise QueryError("'~' must follow a word (fuzzy: Hlaeng~2) or a phrase (\"a b\"~5)", text, at)
        if text[at - 1] == '"':
            slop = _SLOP.match(text, at).group("slop")
            if slop and not (slop.isdecimal() and 1 <= int(slop) <= MAX_PHRASE_SLOP):
                raise QueryError(f"a phrase's proximity is a number of words from 1 to {MAX_PHRASE_SLOP}, "
                                 f"as in \"a b\"~5 (got '{slop}')", text, at)
            continue
        found = _FUZZY.match(text, at)
        dist, prefix = found.group("dist"), found.group("prefix")
        if dist and not (dist.isdecimal() and 1 <= int(dist) <= MAX_FUZZY_DISTANCE):
            raise QueryError(f"fuzzy distance must be 1 or {MAX_FUZZY_DISTANCE}, as in Hlaeng~ or Hlaeng~2 "
                             f"(got '{dist}')", text, at)
        if prefix is not None and not (prefix.isdecimal() and int(prefix) >= 1):
            raise QueryError(f"fuzzy prefix must be a positive number of letters, as in Hlaeng~2/3 (got '{prefix}')",
                             text, at)
    for match in re.finditer(r"[\[{]", outside):
        close = min(i for i in (outside.find("]", match.start()), outside.find("}", match.start())) if i >= 0)
        found = RANGE.match(text[match.start() + 1 : close])
        if not found or not (found.group("start") or found.group("end")):
            raise QueryError("a range is written [FROM TO UNTIL] (either end may be left out)", text, match.start())
    for match in NEAR.finditer(outside):
        near_distance(match.group("dist"), text, match.start())
    check_boosts(text, outside)


def outside_quotes(text: str) -> str:
    """`text` with everything inside double quotes blanked (same length, so positions hold)."""
    return re.sub(r'"[^"]*"', lambda m: '"' + " " * (len(m.group()) - 2) + '"', text)


def unknown_field_message(name: str) -> str:
    return (f"unknown field '{name}'; valid fields: {', '.join(FIELDS)}"
            " (put text in quotes to search for it as written)")


def near_distance(dist: str, text: str, at: int) -> int:
    """The positions `NEAR/dist` allows (`s`: the same sentence); QueryError for anything else."""
    if dist.lower() == "s":
        return SENTENCE_GAP - 1
    if dist.isdecimal() and 1 <= int(dist) <= MAX_PHRASE_SLOP:
        return int(dist)
    raise QueryError(f"NEAR/ takes a number of words (1 to {MAX_PHRASE_SLOP}) or s for the same sentence, "
                     f"as in Shoigu NEAR/5 Hlaing or Shoigu w/s Hlaing (got '{dist}')", text, at)


def check_boosts(text: str, outside: str) -> None:
    """Raise QueryError at a `^` that does not follow something to boost or is not followed by a
    positive number (`outside`: `text` with quoted phrases blanked, same positions)."""
    for match in re.finditer(r"\^", outside):
        at = match.start()
        before = outside[at - 1] if at else ""
        if not before or before.isspace() or before in "(^":
            raise QueryError("'^' must follow a word, a phrase or a bracket, as in junta^2", text, at)
        value = _BOOST_VALUE.match(outside, at).group("value")
        if not _NUMBER.fullmatch(value) or float(value) == 0:
            raise QueryError(f"a boost is a positive number after '^', as in junta^2 or junta^0.5 (got '{value}')",
                             text, at)


def date_bounds(value: str, text: str = "", at: int = 0) -> tuple[str, str]:
    """The first and last day (ISO) that a date written YYYY, YYYY-MM or YYYY-MM-DD covers."""
    found = _DATE.fullmatch(value)
    problem = f"'{value}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
    if not found:
        raise QueryError(problem, text, at)
    year = int(found.group("year"))
    month = int(found.group("month") or 1)
    try:
        first = dt.date(year, month, int(found.group("day") or 1))
        if found.group("day"):
            last = first
        elif found.group("month"):
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        else:
            last = dt.date(year, 12, 31)
    except ValueError:
        missing = "year" if year < dt.MINYEAR else "month" if not 1 <= month <= 12 else "day"
        raise QueryError(f"{problem} (no such {missing})", text, at) from None
    return first.isoformat(), last.isoformat()


def date_span(start: str | None, end: str | None, *, start_excl=False, end_excl=False, text="", at=0):
    """(first, last) ISO days from partial dates `start` to `end` (None leaves that end open);
    an excluded end moves to the far side of the date it names."""
    low = high = None
    if start:
        first, last = date_bounds(start, text, at)
        low = last if start_excl else first
    if end:
        first, last = date_bounds(end, text, at)
        high = first if end_excl else last
    if low and high and low > high:
        raise QueryError(f"the date range ends ({end}) before it starts ({start})", text, at)
    return low, high
