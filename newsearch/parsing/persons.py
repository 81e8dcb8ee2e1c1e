"""The people an article names, in the order it names them: each under the fullest form of
their name seen so far, with gender, title and roles, so that "he", "Mr Blair" and "the senator"
resolve to a person named earlier; and the Source a cue names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from newsearch.parsing import names as N

class Source(NamedTuple):
    """Who a cue names: a person (with the Person record), an organisation, an anonymous
    description, or nobody."""

    name: str | None
    title: str | None
    kind: str | None
    person: Person | None = None


NOBODY = Source(None, None, None, None)


@dataclass(eq=False)
class Person:
    """One person an article names, under the fullest form of their name seen so far."""

    tokens: list[str]
    gender: str | None = None
    title: str | None = None
    roles: set[str] = field(default_factory=set)
    last: int = -1  # where last mentioned
    last_subject: int = -1  # where last the subject of a sentence or a cue
    given: str | None = field(init=False, default=None)
    surname: str = field(init=False, default="")
    suffix: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.rename(self.tokens)

    def rename(self, tokens: list[str]) -> None:
        self.tokens = list(tokens)
        self.given, self.surname, self.suffix = _identity(self.tokens)

    @property
    def name(self) -> str:
        return " ".join(self.tokens)


@lru_cache(maxsize=8192)
def _identity_of(tokens: tuple[str, ...]) -> tuple[str | None, str, str | None]:
    return _identity_uncached(list(tokens))


def _identity(tokens: list[str]) -> tuple[str | None, str, str | None]:
    return _identity_of(tuple(tokens))


def _identity_uncached(tokens: list[str]) -> tuple[str | None, str, str | None]:
    words = [N._bare(t) for t in tokens]
    suffix = words[-1] if len(words) > 1 and words[-1] in N._SUFFIXES else None
    core = [w for w, t in zip(words, tokens) if w not in N._SUFFIXES]
    named = [w for w, t in zip(words, tokens) if w not in N._SUFFIXES and not N._INITIAL.match(t)]
    given = named[0] if len(named) >= 2 else None
    return given, (core or words)[-1], suffix


class People:
    """The people an article names, in the order it names them."""

    def __init__(self, common_words: frozenset[str] = frozenset(), org_words: frozenset[str] = frozenset()) -> None:
        self.persons: list[Person] = []
        self.common_words = common_words  # words the article writes in lower case somewhere
        self.org_words = org_words  # words the article writes inside an organisation's name

    def _candidates(self, tokens: list[str], gender: str | None) -> list[Person]:
        given, surname, suffix = _identity(tokens)
        found = []
        for person in self.persons:
            if person.surname != surname or person.suffix != suffix:
                continue
            if given and person.given and person.given != given and not _initial_of(given, person.given):
                continue
            if gender and person.gender and gender != person.gender:
                continue
            found.append(person)
        if not found and len(tokens) == 1:
            # A later mention by the given name alone ("Hillary", "Bernie"), or in naming customs
            # that use it ("Hlaing" for "Min Aung Hlaing" is a surname match already).
            word = N._bare(tokens[0])
            found = [p for p in self.persons if p.given == word and (not gender or not p.gender or p.gender == gender)]
        return found

    def find(self, tokens: list[str], gender: str | None = None) -> Person | None:
        found = self._candidates(tokens, gender)
        return max(found, key=lambda p: p.last) if found else None

    def mention(self, tokens: list[str], position: int, gender: str | None = None, title: str | None = None,
                roles: set[str] | None = None, subject: bool = False, create: bool = True) -> Person | None:
        given, _, _ = _identity(tokens)
        person = self.find(tokens, gender)
        if person is not None and given and not person.given and self._has_other_given(person, given):
            person = None
        if person is None:
            if not create:
                return None
            person = Person(list(tokens), gender)
            self.persons.append(person)
        elif len(tokens) > len(person.tokens) or (given and not person.given):
            person.rename(tokens)  # the fullest form
        if gender and not person.gender:
            person.gender = gender
        if title:
            person.title = title
            person.roles.update(N._bare(w) for w in title.split())
        if roles:
            person.roles.update(roles)
        person.last = max(person.last, position)
        if subject:
            person.last_subject = max(person.last_subject, position)
        return person

    def _has_other_given(self, person: Person, given: str) -> bool:
        return any(p is not person and p.surname == person.surname and p.given == given for p in self.persons)

    def pronoun(self, gender: str, position: int) -> Person | None:
        """The person "he" or "she" at `position` stands for: the most recent person of that
        gender (or of none known) mentioned before it, preferring one who was a sentence subject
        or speaker at least as recently as any other candidate was mentioned."""
        candidates = [p for p in self.persons if 0 <= p.last < position and p.gender in (gender, None)]
        if not candidates:
            return None
        def key(p: Person) -> int:
            return max(p.last_subject, p.last - SUBJECT_EDGE)

        best = max(candidates, key=lambda p: (key(p), p.last))
        if best.gender is None:
            known = [p for p in candidates if p.gender == gender and key(p) >= key(best) - PRONOUN_REACH]
            if known:
                return max(known, key=lambda p: (key(p), p.last))
        return best

    def described(self, words: set[str], position: int) -> Person | None:
        """The person "the senator" or "the Florida Republican" stands for: the most recent one whose
        title or description holds the description's head noun."""
        candidates = [p for p in self.persons if 0 <= p.last < position and words & p.roles]
        return max(candidates, key=lambda p: p.last) if candidates else None


# How much more recently an unknown-gender person may have been mentioned than the latest person of
# the pronoun's gender for the latter still to be preferred (characters), and how far a
# non-subject mention counts against a subject one. Chosen on the development fold.
PRONOUN_REACH = 0
SUBJECT_EDGE = 1000


def _initial_of(a: str, b: str) -> bool:
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))

