"""Recognising people's names in running text (shared by bylines and quote attribution)."""

from __future__ import annotations

import re

# A capitalised word (Latin capitals incl. accented ones), or an "al-"/"el-" prefixed one.
_CAP = r"(?:[A-Z\u00C0-\u00DE][\w’'.\-]*|(?:al|el|bin|ibn|ben)-[A-Z][\w’'\-]*)"
# Lower-case particles that may sit inside a name ("Ursula von der Leyen", "Ali bin Hamad").
_PARTICLE = r"(?:de|da|di|do|del|della|der|den|van|von|bin|binti|ibn|la|le|du|dos|das|al|el|ter|ten|y)"
NAME_RUN = rf"{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_CAP})*"

NAME_RE = re.compile(NAME_RUN)
_TRAILING_NAME = re.compile(rf"({NAME_RUN})\s*$")

# Words that open a capitalised run without being part of a name.
_STOP_WORDS = frozenset(
    """a an the it its this that these those he she they we i you his her their our my
    but and or so then however also in on at as when while if after before since although
    though because asked speaking meanwhile still yet now today yesterday tomorrow
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms""".split()
)

# Titles and roles written before a name ("Defense Minister Sergei Shoigu", "Dr. Jane Doe").
_TITLE_WORDS = frozenset(
    """president vice prime minister ministers deputy defense defence foreign interior finance
    health home state secretary senior general gen gen. dr dr. mr mr. mrs mrs. ms ms. miss sir
    dame lord lady sen sen. senator rep rep. representative gov gov. governor judge justice
    professor prof prof. chief executive director chairman chairwoman chair mayor king queen
    prince princess pope father rev rev. bishop ambassador commander colonel col. lt lt. lieutenant
    captain capt capt. sgt sgt. sergeant officer detective inspector superintendent spokesman
    spokeswoman spokesperson analyst political counselor counsellor opposition leader ceo former
    attorney speaker coach manager premier chancellor sheikh major maj. marshal admiral brig.
    brigadier dean editor reporter correspondent columnist u.s. us u.n. un eu uk
    economist researcher lawyer activist expert scientist historian teacher doctor nurse resident
    farmer witness official police army military navy fire party company union group""".split()
)

# Capitalised words that mark an organisation, not a person.
_ORG_WORDS = frozenset(
    """institute university ministry department party group service agency association council
    committee court government company inc inc. corp corp. ltd bank news times post press police
    army military office commission union organization organisation foundation center centre
    network radio television tv prison prisons school college hospital church league board
    authority reuters afp bloomberg""".split()
)

_POSSESSIVE = re.compile(r"[’']s$")


def clean_name(run: str) -> str | None:
    """The person-name part of a capitalised run, or None when nothing name-like is left.

    Drops an owner before a possessive ("Russia's"), leading stop words and titles, and a
    sentence-final full stop.
    """
    tokens = run.split()
    for i in range(len(tokens) - 1, -1, -1):
        if _POSSESSIVE.search(tokens[i]) and i < len(tokens) - 1:
            tokens = tokens[i + 1:]
            break
    while tokens and (tokens[0].lower() in _STOP_WORDS or tokens[0].lower() in _TITLE_WORDS):
        tokens = tokens[1:]
    if tokens and len(tokens[-1]) > 2 and tokens[-1].endswith("."):
        tokens[-1] = tokens[-1][:-1]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > 5:
        return None
    if len(tokens) == 1 and tokens[0].lower() in _STOP_WORDS:
        return None
    return " ".join(tokens)


def is_person(name: str) -> bool:
    """Whether a cleaned name looks like a person rather than an organisation."""
    words = name.lower().split()
    return not any(w.strip(".,") in _ORG_WORDS for w in words) and not name.isupper()


def trailing_name(text: str) -> str | None:
    """The cleaned name that ends `text` ("... said Political analyst Than Soe Naing")."""
    match = _TRAILING_NAME.search(text)
    return clean_name(match.group(1)) if match else None


def leading_name(text: str) -> str | None:
    """The cleaned name that starts `text` (after spaces), e.g. the subject after "said"."""
    match = NAME_RE.match(text.lstrip())
    return clean_name(match.group(0)) if match else None


def title_case_caps(name: str) -> str:
    """"JANE DOE" -> "Jane Doe"; names already in mixed case are left alone."""
    if not name.isupper():
        return name
    # Each letter run separately, so "O'NEILL" -> "O'Neill" and "AL-SAYED" -> "Al-Sayed".
    return _LETTER_RUN.sub(lambda m: m.group(0).capitalize(), name)


_LETTER_RUN = re.compile(r"[^\W\d_]+")
