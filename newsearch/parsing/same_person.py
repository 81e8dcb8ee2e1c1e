"""One person, one name across articles: which written forms of a name ("Baker", "James Baker",
"James A. Baker", "Treasury Secretary James Baker") stand for the same person, and the name to
show for them. Pure functions over names and counts; no index involved.

The rule. A name is keyed by its given name and surname (case, accents, full stops and
possessives folded), never by a title: a run of title words before the name is left out
("Treasury Secretary", and words before a known given name, which catches a misspelt title).
Forms that say less join the one form-group that says more, and only when it is the only one:

- a bare surname ("Baker") joins the full names with that surname when exactly one given name
  goes with it among the names pooled; with two ("James Baker", "Howard Baker") it stays apart;
- an initial for a given name ("J. Baker") joins the one full name whose given name starts so;
- a name without middle names or a suffix ("George Bush") joins the one form that has them
  ("George W. Bush"); two different ones ("George W. Bush", "George H. W. Bush") stay apart.

Within an article, attribution has already given every quote the fullest form the article uses,
so a bare surname here is one the article never completes. The name shown for a group is its
most frequent form that has a given name, without its title (ties: the longer, then alphabetical).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

from . import names as N
from .given_names import gender_of


class NameKey(NamedTuple):
    """A person's name as compared: folded given name (None when only a surname or an initial is
    written), its initial, the middle names' initials, the surname and a suffix ("jr")."""

    given: str | None
    initial: str | None
    middle: tuple[str, ...]
    surname: str
    suffix: str | None


def _fold(token: str) -> str:
    word = N._bare(token).replace(".", "")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def name_tokens(name: str) -> list[str]:
    """The tokens of a name without a leading title ("Treasury Secretary", "Sen.", "Mr")."""
    tokens = name.split()
    title, rest = N.split_title(tokens)
    if any(len(_fold(t)) > 1 for t in rest):  # "Reporter E" keeps its only word of a name
        tokens = rest
    tokens = N.person_name(tokens) or tokens
    # Words before a known given name, when they are not given names themselves, are a title the
    # word lists do not hold ("Treasury Secertary James Baker").
    for i, token in enumerate(tokens[1:-1], 1):
        if gender_of(token) and not any(gender_of(t) for t in tokens[:i]):
            return tokens[i:]
    return tokens


@lru_cache(maxsize=65536)
def name_key(name: str) -> NameKey | None:
    """The key a name is compared by; None for a name with no letters."""
    tokens = [t for t in name_tokens(name) if _fold(t)]
    if not tokens:
        return None
    suffix = None
    if len(tokens) > 1 and _fold(tokens[-1]) in {_fold(s) for s in N._SUFFIXES}:
        suffix, tokens = _fold(tokens[-1]), tokens[:-1]
    surname = _fold(tokens[-1])
    rest = [_fold(t) for t in tokens[:-1]]
    if not rest:
        return NameKey(None, None, (), surname, suffix)
    first, middle = rest[0], tuple(w[0] for w in rest[1:])
    initial_only = N._INITIAL.match(tokens[0]) is not None or len(first) == 1
    return NameKey(None if initial_only else first, first[0], middle, surname, suffix)


def _says_more(wider: NameKey, narrow: NameKey) -> bool:
    """Whether `wider` is a fuller form of the same name as `narrow`."""
    if wider == narrow or wider.surname != narrow.surname:
        return False
    if narrow.initial is not None:
        if wider.initial != narrow.initial or (narrow.given and wider.given != narrow.given):
            return False
    if narrow.middle and wider.middle[: len(narrow.middle)] != narrow.middle:
        return False
    if narrow.suffix and wider.suffix != narrow.suffix:
        return False
    return True


def merge(counts: Mapping[str, int]) -> dict[str, str]:
    """Every name of `counts` (name -> how often it is used) -> the name shown for its person.

    Names are pooled: whether a short form is unambiguous depends on the others given (see the
    module's rule). A name with no key stands for itself.
    """
    keys = {name: name_key(name) for name in counts}
    by_key: dict[NameKey, list[str]] = defaultdict(list)
    for name, key in keys.items():
        if key is not None:
            by_key[key].append(name)
    by_surname: dict[str, list[NameKey]] = defaultdict(list)
    for key in by_key:
        by_surname[key.surname].append(key)
    # Each key goes to the fullest key it can only mean, following the chain of unique fuller
    # forms ("Bush" -> "George Bush" -> "George W. Bush"); at a fork it stops.
    parent: dict[NameKey, NameKey] = {}
    for key in by_key:
        wider = [other for other in by_surname[key.surname] if _says_more(other, key)]
        maximal = [w for w in wider if not any(_says_more(o, w) for o in wider)]
        if len(maximal) == 1:
            parent[key] = maximal[0]
    groups: dict[NameKey, list[str]] = defaultdict(list)
    for key, forms in by_key.items():
        root = key
        while root in parent:
            root = parent[root]
        groups[root].extend(forms)
    shown: dict[str, str] = {name: name for name in counts}
    for forms in groups.values():
        written: dict[str, int] = defaultdict(int)  # each form without its title, how often used
        for form in forms:
            if keys[form].given or not any(keys[f].given for f in forms):
                written[" ".join(name_tokens(form))] += counts[form]
        best = max(written, key=lambda f: (written[f], len(f), _neg(f)))
        for form in forms:
            shown[form] = best
    return shown


def _neg(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def forms_of(typed: str, pool: Iterable[str]) -> set[str]:
    """The names of `pool` that a name someone typed means: those merged with it into one person
    (the pool decides, as in `merge`), or, for a bare surname, every name with that surname."""
    pool = set(pool)
    shown = merge(dict.fromkeys(pool | {typed}, 1))
    found = {name for name in pool if shown[name] == shown[typed]}
    key = name_key(typed)
    if key is not None and key.initial is None and not key.middle:
        found |= {name for name in pool if (other := name_key(name)) is not None and other.surname == key.surname}
    return found
