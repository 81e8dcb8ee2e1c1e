"""The forms of one person's name ("Baker", "James Baker") counted as one, for facets of names."""

from __future__ import annotations

from ..parsing import same_person
from ..parsing.names import read_name


def merged_names(articles: dict[str, list]) -> dict[str, list]:
    """Name -> its articles, with the forms of one person's name as one name (the rule of
    `parsing.same_person`, pooled over these names, weighted by articles; an article holding two
    forms counts once). Names that read as an organisation's stay as they are."""
    people = {name: len(docs) for name, docs in articles.items() if read_name(name).kind == "person"}
    shown = same_person.merge(people)
    merged: dict[str, list] = {}
    for name, docs in articles.items():
        merged.setdefault(shown.get(name, name), []).extend(docs)
    return merged
