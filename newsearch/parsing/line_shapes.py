"""What a single line of a scraped text page looks like: headline, dek, subhead, credit or date.

The tests `page` reads each logical line with, before it places lines in an article. The
older wrap test (`hard_wrapped`, `continues`) is the one records' text fields are joined with;
pages themselves are unwrapped by `wrapping`.
"""

from __future__ import annotations

import re
from typing import Any

from newsearch.models import Author
from newsearch.parsing import boilerplate, bylines, dates, headlines

_TERMINAL = re.compile(r"[.!?…:;][”\"’')\]]*$")
# "Opinion | Headline - The Site": the parts around the headline a <title> adds.
_TITLE_AFFIXES = re.compile(r"^[^|]{1,30}\s\|\s|\s[-|–—]\s[^-|–—]{1,40}$")
# A clock time ("21:17", "7:45 am") marks a timestamp line, never a headline or dek.
_CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")
# Credit lines that did not parse as bylines ("By Jane Doe | June 3...", "Von Jane Doe").
_CREDIT_START = re.compile(r"(?i)^(?:by|von|por|par|door|di|da)\s+\S")
SUBHEAD_MAX_WORDS = 12
TITLE_MAX_WORDS = 30
DEK_MAX_WORDS = 60
_DATED_CREDIT_MAX_CHARS = 160  # a dated credit line with the blog's categories after the name
HEAD_CREDIT_LINES = 6  # lines under the headline a bare author name may stand on
_DEK_MIN_WORDS = 6  # shorter lines under a headline are labels ("Reading time: 2 min")
_WRAP_MIN_CHARS = 60
_WRAP_MAX_CHARS = 100  # a wrapped page has (almost) no line longer than this
_WRAP_LONG_SHARE = 0.02


def hard_wrapped(lines: list[str]) -> bool:
    """Whether the page's prose was wrapped at a fixed width (so its lines must be joined up).

    A page scraped block by block keeps each paragraph on one line, so some lines run long;
    joining its short lines would glue menus and headline lists into fake paragraphs.
    """
    lengths = [len(line.strip()) for line in lines if line.strip()]
    long_lines = sum(1 for n in lengths if n > _WRAP_MAX_CHARS)
    wrap_width = sum(1 for n in lengths if n >= _WRAP_MIN_CHARS)
    return wrap_width > 0 and long_lines <= _WRAP_LONG_SHARE * len(lengths)


def continues(previous: str, line: str) -> bool:
    """Whether `line` goes on with `previous`'s sentence (in hard-wrapped text)."""
    if _TERMINAL.search(previous):
        return False
    return len(previous) >= _WRAP_MIN_CHARS or (len(previous) >= 30 and line[0].islower())


def is_subhead(line: str) -> bool:
    return len(line.split()) <= SUBHEAD_MAX_WORDS and not _TERMINAL.search(line.rstrip("'‘’\"“”"))


def headline_like(line: str) -> bool:
    """Whether `line` could be a headline: not a timestamp, date or credit line."""
    worded = sum(any(c.isalpha() for c in word) for word in line.split())
    if worded < 2 and (not worded or boilerplate.word_count(line) < 2):
        return False  # "4 55 3", "* * *": counters, scores, rules (a Japanese headline is one spaced "word")
    return not (_CLOCK.search(line) or _CREDIT_START.match(line) or dates.find_date(line))


def could_be_title(line: str) -> bool:
    """Whether a line standing alone could head an article: short, not a sentence, not a credit."""
    return len(line.split()) <= TITLE_MAX_WORDS and not _TERMINAL.search(line) and headline_like(line)


def dek_like(line: str, headline_key: str) -> bool:
    """Whether `line` could be the dek under a headline: a sentence, not a credit, date or label."""
    words = line.split()
    return (
        len(words) >= _DEK_MIN_WORDS
        and headline_like(line)
        and any(w.islower() for w in words)  # "CLICK FOR FULL RESULTS", "Print This Article" are labels
        and headline_key not in title_key(line)
    )


def site_name(first_line: str, title: str) -> str | None:
    """The site's name the page's <title> line puts beside the headline ("Headline | Site")."""
    parts = [p.strip() for p in headlines.TITLE_SEPARATORS.split(first_line) if p.strip()]
    if len(parts) < 2:
        return None
    rest = [p for p in parts if p != headlines.title_core(first_line)]
    return rest[-1] if rest and len(rest[-1].split()) <= 5 else None


def title_key(line: str) -> str:
    """The headline's words, case aside, without what a <title> adds around it."""
    return " ".join(_TITLE_AFFIXES.sub("", line).lower().split())


# Why a line of each metadata kind is not in the body.
KIND_REASONS = {"byline": "byline", "source": "source", "date": "dateline", "copyright": "footer"}


def classify(unit: Any) -> None:
    """Set `unit.kind` (source, copyright, junk, byline, date or text), what the line states and why
    it is not body text (`unit.reason`)."""
    line = unit.text
    source = bylines.source_line(line)
    if source:
        unit.kind, unit.value = "source", source
    elif (owner := bylines.copyright_owner(line)) is not None:
        unit.kind, unit.value = "copyright", owner
    elif (reason := boilerplate.junk_reason(line)) is not None:
        unit.kind, unit.reason = "junk", reason
        return
    else:
        when = dates.date_line(line)
        found = bylines.parse_byline(line)
        if found is None and len(line) <= _DATED_CREDIT_MAX_CHARS and dates.find_date(line):
            # "By Jane Doe - June 3, 2021", "On June 3, 2021 By Jane Doe In Travel, Tips"
            found = bylines.parse_byline(re.sub(r"(?i)^on\s+(?=by\s)", "", dates.strip_dates(line)))
            if found and not when:
                when = (dates.find_date(line), False)
        if found:
            unit.kind, unit.byline, unit.value = "byline", found, when[0] if when else None
        elif when:
            unit.kind, unit.value, unit.updated = "date", when[0], when[1]
    unit.reason = KIND_REASONS.get(unit.kind)


def mark_credits(units: list[Any], ordinary: frozenset[str]) -> None:
    """Credits a line's shape alone does not tell: a name alone beside a date line ("Jane Doe" /
    "March 3, 2024"), a name under a credit label alone ("Written by:" / "Jane Doe"), and when
    neither nor any byline names someone, the first dated line holding a name ("Dec 3, 2025 • Jane
    Doe in Travel"). Labels go first, so a "Fact checked by" label makes its name a reviewer's;
    a "By X" filter menu is no credit. `ordinary`: the words the page writes in lower case
    (bylines.bare_name)."""
    _drop_ordinary_credits(units, ordinary)
    for at, label in enumerate(units[:-1]):
        # An avatar's initials ("JD") may sit between the label and the name.
        named = at + 2 if _INITIALS.fullmatch(units[at + 1].text) and at + 2 < len(units) else at + 1
        unit = units[named]
        if unit.text.rstrip().endswith(":"):
            continue  # another label ("Written by" / "Last updated on:"): the name is missing
        if label.kind == "text" and unit.kind == "text" and (found := bylines.labelled_credit(label.text, unit.text)):
            for used in units[at:named + 1]:
                used.kind = used.reason = "byline"
            unit.byline = found
    for i, unit in enumerate(units):
        if unit.kind == "text" and beside_credit_line(units, i):
            _credit_bare_name(unit, ordinary)
    if any(u.kind == "byline" and u.byline and u.byline.authors for u in units):
        return
    for unit in units:
        if unit.kind in ("text", "date") and (dated := bylines.dated_credit(unit.text, ordinary)):
            unit.kind, unit.reason = "byline", "byline"
            unit.byline, unit.value = dated
            return


def beside_credit_line(units: list[Any], i: int) -> bool:
    """Whether units[i] has a date line beside it, or the person's job title alone under it
    ("Content Editor", "Writer") with no menu item after that ("Online Booking" / "Channel
    Manager" / "Reports" are a menu)."""
    if any(0 <= j < len(units) and _dated(units[j]) for j in (i - 1, i + 1)):
        return True
    if i + 1 >= len(units) or units[i + 1].kind != "text" or not bylines.is_job_title(units[i + 1].text):
        return False
    after = units[i + 2] if i + 2 < len(units) else None
    # A line with figures ("12/11/25", "867 Published Articles") is no menu item.
    return after is None or after.kind != "text" or len(after.text.split()) > 4 or bool(re.search(r"\d", after.text))


def _dated(unit: Any) -> bool:
    """A date line, or a reading-time line ("7 min read") where a date line would be."""
    return unit.kind == "date" or (unit.kind == "junk" and unit.reason == "reading-time")


# A handle's inner capital ("MixmasterFred"): a one-word credit that is a person's handle.
_HANDLE = re.compile(r"[a-z][A-Z]")
# An avatar's initials printed between a credit label and the name ("JD").
_INITIALS = re.compile(r"[A-Z]{1,3}")


# "By Region", "By Category": a filter menu's item, one word after a bare "By".
_BY_ONE_WORD = re.compile(r"(?i)by\s+(?P<word>[^\W\d_][\w'’-]*)")
# "By Use Case" / "By Industry": bare "By" lines a few lines apart are a menu's items.
_BY_FEW_WORDS = re.compile(r"(?i)by(?:\s+[^\W\d_][\w'’-]*){1,3}")
_MENU_SPAN = 12


def _drop_ordinary_credits(units: list[Any], ordinary: frozenset[str]) -> None:
    """A "By X" line whose every name is words the page writes in lower case ("By Category", "By
    Wine Region": a shop's filter menu) credits no one, unless a name starts with a known given name.
    Nor does a bare "By" and one word that is no given name ("By Region", "By Occasion"): a person
    credited by one word alone is credited by a given name ("By Clay")."""
    from newsearch.parsing.given_names import gender_of

    bare = [i for i, u in enumerate(units) if u.kind == "byline" and not u.value and _BY_FEW_WORDS.fullmatch(u.text.strip())]
    for i, unit in enumerate(units):
        credit = unit.byline if unit.kind == "byline" else None
        if not credit or not credit.authors or credit.outlet or unit.value:
            continue
        words = [[w.strip(".,").casefold() for w in a.name.split()] for a in credit.authors]
        one_word = _BY_ONE_WORD.fullmatch(unit.text.strip())
        in_menu = i in bare and any(0 < abs(i - j) <= _MENU_SPAN for j in bare)
        if all(all(w in ordinary for w in name) and not gender_of(name[0]) for name in words) or (
            (one_word or in_menu) and not gender_of(words[0][0]) and not _HANDLE.search(unit.text)
        ):
            unit.kind, unit.reason, unit.byline = "text", None, None


def links_or_comments(unit: Any) -> bool:
    """A related-links or comments heading: a date under it belongs to something else."""
    return unit.kind == "junk" and (unit.reason in ("related-links", "comments") or boilerplate.is_end_marker(unit.text))


def story_end(units: list[Any], body: list[int]) -> int:
    """Where the story whose body lines are `body` ends: at the first related-links or comments
    heading after its last line (the names and dates under it are other stories' and commenters')."""
    return next((i for i in range(body[-1], len(units)) if links_or_comments(units[i])), len(units)) if body else len(units)


def date_in_story(units: list[Any], body: list[int]) -> str | None:
    """The date of a story whose head states none: the first date line above the story's end,
    else the first short line under the headline that states a date ("March 20, 2023 | Wellness",
    "Jane Doe August 5, 2024"), which a date line's test refused for the words beside the date."""
    end = story_end(units, body)
    found = next((u.value for u in units[:end] if u.kind in ("date", "byline") and u.value), None)
    if found:
        return found
    start = next((i for i, u in enumerate(units) if u.role == "title"), body[0])
    lines = (u.text for u in units[start:end] if not _QUOTED_ELSEWHERE.search(u.text))
    return next((hit[0] for line in lines if (hit := dates.head_date(line))), None)


# A link ("https://site/2015/03/30/...") or an embedded post's signature ("— Jane (@jane) May 3,
# 2019"): the date is another page's.
_QUOTED_ELSEWHERE = re.compile(r"://|\bwww\.|\(@\w+\)")


def credits_past_story(units: list[Any], body: list[int]) -> set[int]:
    """The credit lines under the story's end, when the story has a credit of its own above it.
    wcxb text: found names in the reviewed credit 48.3% -> 55.4% (A), 49.6% -> 57.5% (B); first
    author 0.650 (A) the same, 0.580 -> 0.577 (B: one "Meet Jane Doe" author box under "Recent Posts")."""
    end = story_end(units, body)
    credits = [i for i, u in enumerate(units) if u.kind == "byline" and u.byline and u.byline.authors]
    return {i for i in credits if i > end} if any(i <= end for i in credits) else set()


def credit_in_head(units: list[Any], ordinary: frozenset[str] = frozenset()) -> None:
    """A name alone on a line in the article's head (between the headline and the text,
    or on the date's line: "Jane Doe", "Jane Doe October 14, 2025") is its author."""
    title_at = next((i for i, u in enumerate(units) if u.role == "title"), None)
    first_body = next((i for i, u in enumerate(units) if u.role == "body"), None)
    if title_at is None or first_body is None or first_body <= title_at:
        return
    # Credits under the story's related-links or comments heading are other stories' (and
    # `credits_past_story` drops them once the story has a credit of its own).
    end = story_end(units, [i for i, u in enumerate(units) if u.role == "body"])
    if any(u.kind == "byline" and u.byline and any(a.role != "reviewer" for a in u.byline.authors) for u in units[:end]):
        return
    for i in range(title_at + 1, min(first_body, title_at + 1 + HEAD_CREDIT_LINES)):
        unit = units[i]
        if unit.role is not None or unit.kind not in ("text", "date", "junk"):
            continue
        if _credit_bare_name(unit, ordinary):
            return
    # No credit in the story, and the line under the page's <title> (line 0), above the headline,
    # is a person's name: a personal site's name in its header ("Jane Doe" / "Papers Projects Notes").
    if len(units) > 2 and units[1].role is None and units[1].kind == "text" and title_at > 1:
        _credit_bare_name(units[1], ordinary)


def _credit_bare_name(unit: Any, ordinary: frozenset[str]) -> bool:
    """Make `unit` a credit if it holds a person's name alone (bylines.bare_name)."""
    name = bylines.bare_name(unit.text, ordinary)
    if name:
        unit.kind, unit.reason = "byline", "byline"
        unit.byline = bylines.Byline((Author(name, "author"),), None)
    return bool(name)


def under_links_heading(units: list[Any], index: int) -> bool:
    """Whether a short line sits in a list headed "Related", "Most read"... inside the story."""
    for unit in reversed(units[:index]):
        if unit.kind == "text" and unit.reading == boilerplate.LineKind.PROSE:
            return False
        if unit.kind == "junk" and boilerplate.is_end_marker(unit.text):
            return True
    return False
