"""Names that credit an article without a "By": a name alone on a line of the article's head
("Jane Doe", "Jane Doe October 14, 2025", "Jane Doe, Example University"), and a name in one part
of a dated line ("Dec 3, 2025 • Jane Doe in Travel"). `bylines` re-exports them."""

from __future__ import annotations

import re

from newsearch.models import Author
from newsearch.parsing.credit_words import CREDENTIALS, CREDIT_TAIL, JOB_WORDS, NOT_NAME_WORDS, ORG_NAME, OUTLET_HINT, PARTICLES, Byline, is_name, job_title
from newsearch.parsing.names import is_person

# A comment's header ("Jane Doe says", "Jane Doe wrote:"): a commenter, not the author.
_COMMENTER = re.compile(r"(?i)\s(?:says|said|wrote|replied|commented)\s*:?\s*$")


def bare_name(line: str, ordinary: frozenset[str] = frozenset()) -> str | None:
    """The person's name a line of an article's head holds alone ("Jane Doe", "Jane Doe
    October 14, 2025", "Jane Doe • 5 min read"), else None: 2-4 capitalised words, no job
    title, organisation or page furniture word, and not only words the page writes in lower case
    elsewhere (`ordinary`: "Key Takeaways", "Recent Posts" are headings there, "Jane Doe" is not).
    That test, of the variants tried on wcxb fold A (all words / the surname / any word ordinary,
    a known given name exempt or not), lost no first author there: 0.650 -> 0.653 (A), 0.577 (B)
    the same; found names in the reviewed credit 55.4% -> 56.4% (A), 57.5% -> 59.3% (B)."""
    from newsearch.parsing.dates import strip_dates  # dates does not import bylines

    if _COMMENTER.search(line):
        return None
    bare = strip_dates(line)
    text = CREDIT_TAIL.sub("", bare).strip(" ,.-–—|•·")
    text = re.sub(r"(?i)^by\s+", "", text)
    if text == bare.strip(" ,.-–—|•·"):  # letters after a name on its own line ("New York, NY – ..." is a dateline)
        text = _without_credentials(text)
    else:  # "Jane Doe Founder at Example": the tail rule cut at "at", the job is still there
        text = _without_job(text.split())
    words = text.split()
    if not 2 <= len(words) <= 4 or not is_name(text) or text.isupper():
        return None
    lowered = [w.strip(".,").casefold() for w in words if not re.fullmatch(r"[A-Z]\.", w)]  # "A." is an initial
    if any(w in NOT_NAME_WORDS or w in JOB_WORDS for w in lowered) or ORG_NAME.search(text):
        return None
    if not is_person(text) or any(len(w.strip(".")) == 0 for w in words):
        return None
    name_words = [w for w in lowered if w not in PARTICLES]
    if name_words and all(w in ordinary for w in name_words):
        return None
    return text


# Between a date and a name on one line: "Dec 3, 2025 • Jane Doe", "03/12/2025 | Travel | Jane Doe".
_DATED_PARTS = re.compile(r"\s[•·|]\s|\s[-–—]\s")
# A blog's category after its author: "Jane Doe in Travel Tips".
_IN_CATEGORY = re.compile(r"\s+in\s+[A-Z].*$")


def dated_credit(line: str, ordinary: frozenset[str] = frozenset()) -> tuple[Byline, str] | None:
    """(the credit, the iso date) of a short line that holds a date and, in one of the parts its
    separators make, a name alone ("Dec 3, 2025 • Jane Doe in Travel", "On May 2, 2025 By Jane
    Doe"); None when no part or more than one is a name. wcxb text, as the fallback when nothing
    else on the page credits anyone: first author 0.653 -> 0.671 (A, where chosen: a fallback kept
    more found names right than taking every such line, 0.676 but 51.7%), 0.577 -> 0.591 (B)."""
    from newsearch.parsing.dates import find_date, strip_dates  # dates does not import bylines

    if len(line) > 120 or not (when := find_date(line)):
        return None
    rest = strip_dates(line)
    parts = [re.sub(r"(?i)^(?:on\s+)?by\s+", "", part.strip()) for part in _DATED_PARTS.split(rest)]
    found = [name for part in parts if part and (name := bare_name(_IN_CATEGORY.sub("", part), ordinary))]
    return (Byline((Author(found[0], "author"),), None), when) if len(found) == 1 else None


def _without_credentials(text: str) -> str:
    """"Jane Doe, MS, RD" / "Jane Doe CPP, PSP" / "Jane Doe, Managing Editor" / "Jane Doe,
    Example University" -> "Jane Doe"."""
    head, _, tail = text.partition(",")
    tail = tail.strip()
    if tail and (CREDENTIALS.fullmatch(tail.replace(",", " ").strip()) or job_title(tail) or _organisation(tail, head)):
        text = head.strip()
    words = text.split()
    while len(words) > 2 and CREDENTIALS.fullmatch(words[-1]) and not words[0].isupper():
        words.pop()
    return _without_job(words)


def _without_job(words: list[str]) -> str:
    """"Jane Doe Founder & Lead Reviewer", "Jane Doe Founder at Example": the job after the name."""
    for cut in (2, 3):
        if len(words) > cut and words[cut].strip(".,").lower() in JOB_WORDS and job_title(" ".join(words[cut:])):
            return " ".join(words[:cut])
    return " ".join(words)


def _organisation(text: str, head: str) -> bool:
    """Whether a name's comma tail is where the person works ("Example University", "Acme Inc"),
    not a dateline's or photo credit's outlet ("New Delhi, Example News Bureau", "Al Roe, Associated Press")."""
    from newsearch.parsing.places import is_place

    if not is_name(text) or len(text.split()) > 5 or OUTLET_HINT.search(text) or is_place(head.strip()):
        return False
    return not is_person(text)

