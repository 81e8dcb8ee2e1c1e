"""Which files hold each article, and what a run did to the articles (for its report)."""

from __future__ import annotations

from dataclasses import dataclass, field


class Holders:
    """The files holding each article, by key: a key, or a set of them for the few held by several
    (a set per article took ~20 MB at 100,000 articles)."""

    def __init__(self, state: dict):
        self.held: dict[str, str | set[str]] = {}
        for key, record in state.items():
            for article_id in record.ids:
                self.hold(article_id, key)

    def hold(self, article_id: str, key: str) -> None:
        held = self.held.get(article_id)
        if held is None or held == key:
            self.held[article_id] = key
        elif isinstance(held, str):
            self.held[article_id] = {held, key}
        else:
            held.add(key)

    def release(self, article_id: str, key: str) -> None:
        held = self.held[article_id]
        if isinstance(held, str):
            if held == key:
                self.held[article_id] = set()
        else:
            held.discard(key)

    def of(self, article_id: str) -> set[str]:
        held = self.held.get(article_id)
        return {held} if isinstance(held, str) else held or set()

    def elsewhere(self, article_id: str, key: str) -> bool:
        """Whether a file other than `key` holds the article."""
        held = self.held.get(article_id)
        if isinstance(held, str):
            return held != key
        return bool(held) and (len(held) > 1 or key not in held)

    def forget(self, article_id: str) -> None:
        self.held.pop(article_id, None)

    def ids(self) -> set[str]:
        return set(self.held)


@dataclass
class Tally:
    """What a run did to articles: `stats` after the run = before + len(new) - dropped."""

    new: set[str] = field(default_factory=set)  # ids the index did not hold before the run, written
    replaced: set[str] = field(default_factory=set)  # ids it held, written again with new content
    dropped: int = 0  # articles it held that no file holds any more, deleted
    duplicates: int = 0  # articles read in a file while another file holds them: a path added

    def written(self, article_id: str, was_stored: bool) -> None:
        if not was_stored:
            self.new.add(article_id)
        elif article_id not in self.new:
            self.replaced.add(article_id)

    def deleted(self, article_id: str) -> None:
        if article_id in self.new:
            self.new.discard(article_id)
        else:
            self.replaced.discard(article_id)
            self.dropped += 1
