"""Plain data passed between the parser, the index, the searcher and the printers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# Byline roles, in the order a page usually names them.
ROLES = ("author", "reporter", "translator", "writer", "editor")


@dataclass(frozen=True)
class Author:
    """A person (or desk) credited on an article, with the role the byline gives."""

    name: str
    role: str = "author"

    def to_dict(self) -> dict:
        return {"name": self.name, "role": self.role}


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who the article attributes it to.

    `speaker` is a name: a person's (the fullest form the article gives) or an organisation's,
    None for an anonymous source or when the text names nobody. `speaker_title` is what the article
    calls the source besides its name: a person's title or role ("Treasury Secretary"), or, for an
    anonymous source, the whole description ("a bill trader"). `speaker_kind` is "person",
    "organisation", "anonymous" or None. Two quotes are equal when text and speaker are (title and
    kind describe the speaker; they are not part of a quotation's identity).
    """

    text: str
    speaker: str | None = None
    speaker_title: str | None = field(default=None, compare=False)
    speaker_kind: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict:
        return {"text": self.text, "speaker": self.speaker, "speaker_title": self.speaker_title,
                "speaker_kind": self.speaker_kind}

    @classmethod
    def from_dict(cls, data: dict) -> Quote:
        """Reads `to_dict` output, and older JSON with only text and speaker."""
        kind = data.get("speaker_kind")
        if kind is None and data.get("speaker") and "speaker_kind" not in data:
            kind = "person"  # stored before kinds existed: every named speaker was a person
        return cls(data["text"], data.get("speaker"), data.get("speaker_title"), kind)


@dataclass(frozen=True)
class Article:
    """One cleaned article out of a document."""

    id: str
    path: str
    ordinal: int
    title: str
    subtitle: str | None = None
    body: str = ""
    subheads: tuple[str, ...] = ()
    authors: tuple[Author, ...] = ()
    source: str | None = None
    published: str | None = None
    quotes: tuple[Quote, ...] = ()
    word_count: int = 0
    language: str | None = None  # ISO 639-1 code (parsing.language), None until detected

    def to_dict(self) -> dict:
        """The JSON Lines shape of an article (the `parse` and `show` contract)."""
        return {
            "id": self.id,
            "path": self.path,
            "ordinal": self.ordinal,
            "title": self.title,
            "subtitle": self.subtitle,
            "body": self.body,
            "subheads": list(self.subheads),
            "authors": [a.to_dict() for a in self.authors],
            "source": self.source,
            "published": self.published,
            "quotes": [q.to_dict() for q in self.quotes],
            "word_count": self.word_count,
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Article:
        return cls(
            id=data["id"],
            path=data["path"],
            ordinal=data["ordinal"],
            title=data["title"],
            subtitle=data.get("subtitle"),
            body=data.get("body", ""),
            subheads=tuple(data.get("subheads", ())),
            authors=tuple(Author(**a) for a in data.get("authors", ())),
            source=data.get("source"),
            published=data.get("published"),
            quotes=tuple(Quote(**q) for q in data.get("quotes", ())),
            word_count=data.get("word_count", 0),
            language=data.get("language") or None,
        )


@dataclass(frozen=True)
class Snippet:
    """A piece of a matched field; `highlights` are [start, end) offsets into `text`."""

    field: str
    text: str
    highlights: tuple[tuple[int, int], ...] = ()
    speaker: str | None = None

    def to_dict(self) -> dict:
        return {
            "field": self.field,
            "text": self.text,
            "highlights": [list(span) for span in self.highlights],
            "speaker": self.speaker,
        }


@dataclass(frozen=True)
class Hit:
    """One ranked search result."""

    rank: int
    score: float
    id: str
    path: str
    ordinal: int
    title: str
    source: str | None
    authors: tuple[Author, ...]
    published: str | None
    snippets: tuple[Snippet, ...] = ()
    cluster: str | None = None
    paths: tuple[str, ...] = ()
    duplicates: int = 0

    def to_dict(self) -> dict:
        """The JSON Lines shape of a hit (the `query` contract)."""
        return {
            "rank": self.rank,
            "score": round(self.score, 4),
            "id": self.id,
            "path": self.path,
            "ordinal": self.ordinal,
            "title": self.title,
            "source": self.source,
            "authors": [a.to_dict() for a in self.authors],
            "published": self.published,
            "cluster": self.cluster,
            "paths": list(self.paths) or [self.path],
            "duplicates": self.duplicates,
            "snippets": [s.to_dict() for s in self.snippets],
        }


@dataclass(frozen=True)
class SearchResult:
    """The hits for one page of results, and how many articles matched in all."""

    query: str
    total: int
    hits: tuple[Hit, ...] = ()


@dataclass(frozen=True)
class IndexReport:
    """What one `index` run did.

    Articles: `stats` after the run counts `articles - dropped` more than before it. `articles` are
    new to the index; `replaced` were in it and were written again with new text (a record that
    kept its id); `dropped` were in it and no file holds them any more; `duplicates` are articles
    read in a file while another file holds the same article (a copy: its path is added, nothing
    is written twice).
    """

    articles: int = 0
    files: int = 0  # read (changed or new), not counting files that could not be read
    skipped: int = 0  # unchanged since the last run, not read again
    removed: int = 0  # files gone since the last run
    failed: tuple[tuple[str, str], ...] = ()  # (path, reason), `missing` included
    seconds: float = 0.0
    replaced: int = 0
    dropped: int = 0
    duplicates: int = 0
    documents_found: int = 0  # documents the paths given hold, unchanged ones included (stdin counts 1)
    missing: tuple[str, ...] = ()  # paths given that do not exist (nothing indexed from them is removed)
    ignored: tuple[tuple[str, str], ...] = ()  # (path, reason): files in the folders given that are not documents
    fatal: tuple[str, ...] = ()  # why some files could not be read at all (a component missing), once each


@dataclass(frozen=True)
class IndexStats:
    """What an index holds."""

    articles: int
    files: int
    sources: dict[str, int] = field(default_factory=dict)
    authors_by_role: dict[str, dict[str, int]] = field(default_factory=dict)
    top_speakers: dict[str, int] = field(default_factory=dict)
    size_bytes: int = 0
    schema_version: int = 0
    path: str = ""
    segments: int = 0  # each commit writes one; queries look each word up in every one


# ---------------------------------------------------------------- research commands (quotes, people, facets…)


@dataclass(frozen=True)
class QuoteHit:
    """One quotation found by `quotes`, with the article it comes from; `highlights` index `text`."""

    text: str
    speaker: str | None
    id: str
    title: str
    published: str | None
    source: str | None
    highlights: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "highlights": [list(span) for span in self.highlights],
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "source": self.source,
        }


@dataclass(frozen=True)
class PersonCount:
    """A person the matching articles quote or credit: articles per role, and quotes attributed."""

    name: str
    roles: tuple[tuple[str, int], ...]
    quotes: int = 0
    articles: int = 0

    def to_dict(self) -> dict:
        return {"name": self.name, "articles": self.articles, "quotes": self.quotes, "roles": dict(self.roles)}


@dataclass(frozen=True)
class FacetCount:
    """How many matching articles carry one value of a facet (source, author, speaker, year, month)."""

    facet: str
    value: str
    count: int

    def to_dict(self) -> dict:
        return {"facet": self.facet, "value": self.value, "count": self.count}


@dataclass(frozen=True)
class KwicLine:
    """A keyword in context: the match and the text either side, from one body paragraph (1-based)."""

    id: str
    paragraph: int
    left: str
    keyword: str
    right: str

    def to_dict(self) -> dict:
        return {"id": self.id, "paragraph": self.paragraph, "left": self.left, "keyword": self.keyword, "right": self.right}


@dataclass(frozen=True)
class PeriodCount:
    """Matching articles published in one period (None: the undated ones)."""

    period: str | None
    count: int

    def to_dict(self) -> dict:
        return {"period": self.period, "count": self.count}


@dataclass(frozen=True)
class RemovedLine:
    """A page line left out of every article's text, and why ("menu", "share", "byline"...)."""

    path: str
    line: int  # 1-based line number in the page
    text: str
    reason: str

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "text": self.text, "reason": self.reason}


# ---------------------------------------------------------------- lists of results


class Page(tuple):
    """One page of a longer list: the items shown (a tuple), `total` items in all before paging,
    and `folded`, how many near-duplicate copies were left out of that total."""

    total: int
    folded: int

    def __new__(cls, items: Iterable = (), total: int | None = None, folded: int = 0):
        page = super().__new__(cls, items)
        page.total = len(page) if total is None else total
        page.folded = folded
        return page


@dataclass(frozen=True)
class FoldedQuote(QuoteHit):
    """A quote listed once for its near-duplicate cluster; `duplicates`: the copies left out (the
    same words in other articles of the cluster), 0 when none were or folding was off."""

    duplicates: int = 0

    def to_dict(self) -> dict:
        return {**super().to_dict(), "duplicates": self.duplicates}


class FacetCounts(tuple):
    """The FacetCount items of `facets` (a tuple, facet after facet), with `names`: every facet
    asked for, in order, so that one no matching article has a value for (a `year` facet over
    undated articles) is there to see, with no counts, rather than silently missing."""

    names: tuple[str, ...]

    def __new__(cls, items=(), names: tuple[str, ...] = ()):
        counts = super().__new__(cls, items)
        counts.names = tuple(names)
        return counts

    def of(self, name: str) -> tuple[FacetCount, ...]:
        """The counts of one facet (empty when no matching article has a value for it)."""
        return tuple(item for item in self if item.facet == name)

    @property
    def empty(self) -> tuple[str, ...]:
        """The facets asked for that no matching article has a value for."""
        present = {item.facet for item in self}
        return tuple(name for name in self.names if name not in present)
