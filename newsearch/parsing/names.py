"""Recognising people's names in running text (shared by bylines and quote attribution)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .given_names import gender_of
from .name_words import (  # noqa: F401  (read as names.X by the attribution modules)
    DOCUMENT_NOUNS,
    HONORIFICS,
    ORG_NOUNS,
    ORG_WORDS,
    PERSON_NOUNS,
    TITLE_WORDS,
    _GENDERED_WORDS,
    _NAME_STOP,
    _NOT_TITLES,
    _ORG_IF_NOT_NAMED,
    _ORG_WORDS,
    _PLURAL_SOURCES,
    _STOP_WORDS,
    _SUFFIXES,
    _TITLE_ABBREVIATIONS,
    _TITLE_IF_FOLLOWED,
    _TITLE_MODIFIERS,
    _TITLE_WORDS,
)

# A capitalised word (Latin capitals incl. accented ones), or an "al-"/"el-" prefixed one.
_CAP = r"(?:[A-Z\u00C0-\u00DE][\w’'.\-]*|(?:al|el|bin|ibn|ben)-[A-Z][\w’'\-]*)"
# Lower-case particles that may sit inside a name ("Ursula von der Leyen", "Ali bin Hamad").
_PARTICLE = r"(?:de|da|di|do|del|della|der|den|van|von|bin|binti|ibn|la|le|du|dos|das|al|el|ter|ten|y)"
NAME_RUN = rf"{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_CAP})*"

NAME_RE = re.compile(NAME_RUN)
_TRAILING_NAME = re.compile(rf"({NAME_RUN})\s*$")


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


# ---------------------------------------------------------------- speakers: names, titles, kinds
#
# What follows reads the phrase an attribution names its source by ("Treasury Secretary James
# Baker", "a bill trader", "Reuters") into a name, a title and a kind, with the word lists of
# name_words.

_INITIAL = re.compile(r"^(?:[A-Z]\.)+[A-Z]?\.?$|^[A-Z]\.?$")


@lru_cache(maxsize=20000)
def _bare(token: str) -> str:
    """A token lower-cased, without its full stop, possessive and surrounding punctuation."""
    token = token.strip(",;:()[]{}\"“”‘")
    token = _POSSESSIVE.sub("", token)
    return token.rstrip(".’'").lower()


def ends_name(token: str) -> bool:
    """Whether a capitalised token with a full stop ends the run it is in ("Morgan." ends it;
    "E.", "Sen." and "H.W." do not)."""
    if not token.endswith("."):
        return False
    return not (_INITIAL.match(token) or token[:-1].lower() in _TITLE_ABBREVIATIONS)


def split_run(run: str) -> list[str]:
    """A capitalised run cut where a sentence ends inside it: "Steve Morgan. Parry" -> two runs."""
    parts: list[list[str]] = [[]]
    for token in run.split():
        parts[-1].append(token)
        if ends_name(token):
            parts.append([])
    return [" ".join(p) for p in parts if p]


class NameParts(NamedTuple):
    """A source phrase read as a name: the name, its title, its kind and the gender it shows."""

    name: str | None
    title: str | None
    kind: str | None  # "person", "organisation", "anonymous" or None
    gender: str | None  # "m", "f" or None


def _is_title_word(token: str) -> bool:
    word = _bare(token)
    return word in TITLE_WORDS or word in _TITLE_ABBREVIATIONS or word in HONORIFICS


def is_organisation(tokens: list[str]) -> bool:
    """Whether capitalised tokens name an organisation ("Reuters", "General Motors Corp", "CNN")."""
    words = [_bare(t) for t in tokens]
    if not words:
        return False
    if gender_of(words[0]) and len(words) <= 3 and not any(w in ORG_WORDS - _ORG_IF_NOT_NAMED for w in words[1:]):
        return False  # "Don Guardian", "Frank Church"
    for word, token in zip(words, tokens):
        if word in ORG_WORDS and (word not in _ORG_IF_NOT_NAMED or len(words) > 1):
            return True
        stripped = token.strip(",.;:()’'").replace(".", "")
        if len(stripped) >= 2 and stripped.isupper() and stripped.isalpha() and word not in _SUFFIXES:
            return True  # an acronym: CNN, FBI, NATO
    return False


def split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """(title, name) of a capitalised run: "Treasury Secretary James Baker" -> (Treasury Secretary,
    James Baker); "Rep. Steve King" -> (Rep., Steve King); "Chancellor of the Exchequer Nigel
    Lawson" -> (Chancellor of the Exchequer, Nigel Lawson). A run of titles alone has no name."""
    last = -1
    for i, token in enumerate(tokens):
        word = _bare(token)
        followed = i < len(tokens) - 1
        if word in _TITLE_IF_FOLLOWED and not followed:
            continue
        if _is_title_word(token) or (word in ("of", "the", "for", "and") and 0 <= last == i - 1):
            last = i
        elif last >= 0 and word in _TITLE_MODIFIERS and followed and i == last + 1:
            last = i
    title, name = tokens[: last + 1], tokens[last + 1 :]
    # "... of the Exchequer Nigel Lawson", "Secretary of State John Kerry": after "of", the office
    # runs on to the person's given name (or, without one we know, to the last two words).
    if any(_bare(t) == "of" for t in title) and len(name) > 2:
        start = next((i for i, t in enumerate(name) if gender_of(t)), max(0, len(name) - 2))
        title, name = title + name[:start], name[start:]
    elif title and _bare(title[-1]) in ("of", "the", "for"):
        start = next((i for i, t in enumerate(name) if gender_of(t)), max(0, len(name) - 2))
        title, name = title + name[:start], name[start:]
    return title, name


def gender_of_name(tokens: list[str], title: list[str] = ()) -> str | None:
    """The gender a name and its title show: "Mrs", "spokeswoman", a known given name."""
    for token in [*title, *tokens]:
        word = _bare(token)
        if word in _GENDERED_WORDS and _GENDERED_WORDS[word]:
            return _GENDERED_WORDS[word]
        if word in HONORIFICS and HONORIFICS[word]:
            return HONORIFICS[word]
    if len(tokens) >= 2 or title:
        for token in tokens[:-1] or tokens:
            if not _INITIAL.match(token):
                return gender_of(token)
    return None


def person_name(tokens: list[str]) -> list[str]:
    """The tokens of a person's name without honorifics, trailing full stops or possessives."""
    out = []
    for token in tokens:
        word = _bare(token)
        if word in HONORIFICS and not out:
            continue
        token = _POSSESSIVE.sub("", token.strip(",;:()\"“”"))
        if token.endswith(".") and not _INITIAL.match(token) and word not in _SUFFIXES:
            token = token[:-1]
        if token:
            out.append(token)
    return out


@lru_cache(maxsize=8192)
def read_name(phrase: str) -> NameParts:
    """A capitalised source phrase as name, title, kind and gender.

    "Treasury Secretary James Baker" -> person James Baker, title Treasury Secretary;
    "Reuters", "General Motors Corp" -> organisation; "Analysts" -> anonymous; "Doctor" -> nothing.
    """
    tokens = phrase.split()
    while tokens and _bare(tokens[0]) in _NAME_STOP and not _is_title_word(tokens[0]):
        tokens = tokens[1:]
    if not tokens:
        return NameParts(None, None, None, None)
    # "Russia’s Defense Minister Sergei Shoigu": the owner is part of the title.
    owner: list[str] = []
    for i in range(len(tokens) - 1, 0, -1):
        if _POSSESSIVE.search(tokens[i - 1]):
            owner, tokens = tokens[:i], tokens[i:]
            break
    title, name = split_title(tokens)
    if not name:
        return NameParts(None, None, None, None)  # "Doctor", "the Minister"
    if is_organisation(name) or (not title and is_organisation(tokens)):
        org = owner + tokens if not title else tokens
        return NameParts(" ".join(person_name(org)) or None, None, "organisation", None)
    bare = [_bare(t) for t in name]
    # "Analysts", "Officials", "Others": a plural (or a quantifier) alone is no one's name; a
    # singular noun may be a surname ("Baker", "Backer").
    if len(name) == 1 and not title and (bare[0] in _PLURAL_SOURCES or bare[0] in _NAME_STOP or (
            bare[0].endswith("s") and (bare[0][:-1] in PERSON_NOUNS or bare[0][:-2] in PERSON_NOUNS))):
        return NameParts(None, " ".join(owner + tokens), "anonymous", None)
    gender = gender_of_name(name, title)
    name = person_name(name)
    if not name or len(name) > 6:
        return NameParts(None, None, None, None)
    title = [t for t in title if _bare(t) not in _NOT_TITLES]
    title_text = " ".join(owner + title) or None
    return NameParts(" ".join(name), title_text, "person", gender)
