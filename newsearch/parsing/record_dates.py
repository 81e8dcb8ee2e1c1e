"""A date a record states, as YYYY-MM-DD: ISO strings, written-out dates, epoch seconds."""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any

from newsearch.parsing import dates
from newsearch.textutil import strip_controls

# Plausible epoch timestamps (seconds, or milliseconds when larger): 1970 to 2100.
_EPOCH_MAX_SECONDS = 4102444800
# A date alone, YYYY-MM-DD, with a year dates.find_date accepts.
_PLAIN_ISO_DATE = re.compile(r"(?:19|20)\d\d-\d\d-\d\d")


def normalise_date(value: Any) -> str | None:
    """A stated date as YYYY-MM-DD: ISO or written-out strings, or epoch seconds/milliseconds.

    Anything without a full year-month-day, or not a real date, gives None.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return from_epoch(value)
    if not isinstance(value, str):
        return None
    text = " ".join(strip_controls(value).split())[:200]
    if not text:
        return None
    if _PLAIN_ISO_DATE.fullmatch(text):  # the usual case: what find_date gives, without dateutil
        try:
            return _dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass  # not a real date: the slow path decides
    return dates.find_date(text) or dateutil_date(text)


def from_epoch(value: float) -> str | None:
    if not math.isfinite(value) or value <= 0:
        return None
    seconds = value / 1000 if value > _EPOCH_MAX_SECONDS else value
    if seconds > _EPOCH_MAX_SECONDS:
        return None
    return _dt.datetime.fromtimestamp(seconds, _dt.timezone.utc).date().isoformat()


def dateutil_date(text: str) -> str | None:
    """Dates in forms `dates.find_date` does not know ("26-FEB-1987", "2021/06/23"), only when
    year, month and day are all stated: parsed against two different defaults, they must agree."""
    if not re.search(r"\d{4}", text):
        return None
    from dateutil import parser as date_parser  # only for the rare date find_date cannot read

    results = set()
    for default in (_dt.datetime(2000, 1, 1), _dt.datetime(2001, 2, 2)):
        try:
            results.add(date_parser.parse(text, default=default, fuzzy=False).date())
        except (ValueError, OverflowError, TypeError):
            return None
    if len(results) != 1:
        return None
    day = results.pop()
    return day.isoformat() if 1800 <= day.year <= 2200 else None
