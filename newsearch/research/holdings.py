"""What a collection holds, counted from its stored articles the same way on every engine:
articles, files, sources, bylines by role, the most quoted speakers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple


class Holdings(NamedTuple):
    articles: int
    files: int
    sources: dict[str, int]
    authors_by_role: dict[str, dict[str, int]]
    top_speakers: dict[str, int]


def count_holdings(articles: Iterable[dict], top: int = 10) -> Holdings:
    """Counts over stored articles (dicts as `Article.to_dict` gives, `paths` where copies were
    found in several files): sources all, the `top` names of each role and speakers."""
    sources: Counter = Counter()
    roles: dict[str, Counter] = {}
    speakers: Counter = Counter()
    files = set()
    count = 0
    for data in articles:
        count += 1
        files.update(data.get("paths") or [data["path"]])
        if data.get("source"):
            sources[data["source"]] += 1
        for author in data.get("authors", ()):
            roles.setdefault(author["role"], Counter())[author["name"]] += 1
        speakers.update(q["speaker"] for q in data.get("quotes", ()) if q.get("speaker"))
    return Holdings(count, len(files), dict(sources.most_common()),
                    {role: dict(names.most_common(top)) for role, names in sorted(roles.items())},
                    dict(speakers.most_common(top)))
