"""Who articles quote or credit, counted once per person: the same for every engine, from each
article's (name, role) pairs and the quotations attributed to each name."""

from __future__ import annotations

from collections import Counter

from ..models import ROLES, PersonCount
from ..parsing import same_person

SPEAKER_ROLE = "speaker"
PEOPLE_ROLES = (SPEAKER_ROLE,) + ROLES


def is_person(quote: dict) -> bool:
    """A quote's speaker is a person: named, and not an organisation's or anonymous source's name
    (a named speaker of no kind, as records from before kinds hold, is taken for a person)."""
    return bool(quote.get("speaker")) and quote.get("speaker_kind") in (None, "person")


def people_in(articles) -> list[PersonCount]:
    """The people of stored articles (dicts as `Article.to_dict` gives): speakers who are people,
    and every credited name with its role."""
    mentions: list[set[tuple[str, str]]] = []  # per article: (name as written, role)
    quoted: Counter = Counter()
    for data in articles:
        here: set[tuple[str, str]] = set()
        for quote in data.get("quotes", ()):
            if is_person(quote):
                quoted[quote["speaker"]] += 1
                here.add((quote["speaker"], SPEAKER_ROLE))
        here.update((a["name"], a["role"]) for a in data.get("authors", ()))
        mentions.append(here)
    return count_people(mentions, quoted)


def count_people(mentions: list[set[tuple[str, str]]], quoted: Counter) -> list[PersonCount]:
    """PersonCounts from each article's (name, role) pairs and quotes per name, each person once
    under one name (`same_person.merge` over every name used, weighted by use)."""
    used: Counter = Counter(quoted)
    for here in mentions:
        used.update(name for name, _ in here)
    shown = same_person.merge(used)
    roles: dict[str, Counter] = {}
    present: Counter = Counter()
    quotes: Counter = Counter()
    for here in mentions:
        merged = {(shown[name], role) for name, role in here}
        for name, role in merged:
            roles.setdefault(name, Counter())[role] += 1
        present.update({name for name, _ in merged})
    for name, count in quoted.items():
        quotes[shown[name]] += count
    order = {role: i for i, role in enumerate(PEOPLE_ROLES)}
    return [
        PersonCount(
            name=name,
            roles=tuple(sorted(counts.items(), key=lambda item: order.get(item[0], len(order)))),
            quotes=quotes[name],
            articles=present[name],
        )
        for name, counts in roles.items()
    ]
