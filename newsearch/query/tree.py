"""The query language as newsearch's own tree: what the user asked for, before any engine.

`parse.parse` builds it from the user's string; each engine compiles it into its own queries
(engines/whoosh/queryparse.py for Whoosh) and raises UnsupportedQueryError for a node it cannot run.
Every node is a frozen dataclass: equal trees compare equal and can be hashed.

`start` is the node's position in the query text (for caret messages); `field` is the lower-cased
field name a user wrote (`Title:` and `TITLE:` are `title`), or None for the default fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field as _field

# ---------------------------------------------------------------- the field names of the language

# Prose fields: stemmed, with an exact twin holding the words as written.
PROSE_FIELDS = ("title", "subtitle", "body", "subhead", "quote")
# Name fields (words as written only), and everything else.
NAME_FIELDS = ("speaker", "author", "reporter", "translator", "writer", "editor", "source")
OTHER_FIELDS = ("published", "path", "id", "language")
FIELDS = PROSE_FIELDS + NAME_FIELDS + OTHER_FIELDS
# What an unfielded word searches.
UNFIELDED_FIELDS = ("title", "subtitle", "subhead", "body", "quote", "speaker", "author", "source")
# Fields that hold each value whole: punctuation inside a value never splits it.
WHOLE_FIELDS = ("id", "path")
DATE_FIELD = "published"


def field_name(written: str) -> str | None:
    """The language's name for a field as typed (any case), or None when there is no such field."""
    name = written.lower()
    return name if name in FIELDS else None


# ---------------------------------------------------------------- leaves


@dataclass(frozen=True)
class Word:
    """One word as typed (`storm`, `Baker`); `field` None searches the default fields."""

    text: str
    field: str | None = None
    boost: float = 1.0
    start: int = 0


@dataclass(frozen=True)
class Joined:
    """A word the index splits into several (`Kilroy-Silk`, `O'Brien`, `reut-1`), kept as typed:
    the phrase of its parts in analysed fields, the whole value in `id` and `path`."""

    text: str
    field: str | None = None
    boost: float = 1.0
    start: int = 0


@dataclass(frozen=True)
class Phrase:
    """Words in quotes, in order; `slop` > 1 lets them stand that many positions apart (`"a b"~5`)."""

    text: str
    field: str | None = None
    slop: int = 1
    boost: float = 1.0
    start: int = 0


@dataclass(frozen=True)
class Prefix:
    """Every word beginning with `text` (`elect*`), on the words as written."""

    text: str
    field: str | None = None
    boost: float = 1.0
    start: int = 0


@dataclass(frozen=True)
class Wildcard:
    """A pattern with `*` (any run) and `?` (one character) inside (`Gr??nspan`), as written."""

    pattern: str
    field: str | None = None
    boost: float = 1.0
    start: int = 0


@dataclass(frozen=True)
class Fuzzy:
    """Words within `distance` edits of `text` (`Hlaeng~2`), the first `prefix_length` letters exact."""

    text: str
    field: str | None = None
    distance: int = 1
    prefix_length: int = 0
    boost: float = 1.0
    start: int = 0


@dataclass(frozen=True)
class Range:
    """Terms of a field from `low` to `high` (`[a TO b]`, `{a TO b}` excludes the ends; None: open)."""

    field: str | None
    low: str | None
    high: str | None
    low_excluded: bool = False
    high_excluded: bool = False
    boost: float = 1.0
    start: int = 0


@dataclass(frozen=True)
class DateRange:
    """Articles published from `first` to `last` (ISO days; None leaves that end open), as
    `published:2021-06`, `published:>=2021-06-01` or `published:[2021 TO 2022-06]` ask.
    `first_excluded`/`last_excluded`: `>`/`<` and `{`/`}` leave the day itself out."""

    written: str
    first: str | None
    last: str | None
    first_excluded: bool = False
    last_excluded: bool = False
    start: int = 0


@dataclass(frozen=True)
class Near:
    """Two or more words or phrases within `distance` positions, any order (`a NEAR/5 b`);
    `same_sentence` for `a w/s b`. `words`: each operand's words as the index holds them."""

    operands: tuple  # of Word, Joined or Phrase
    words: tuple  # of tuples of str
    distance: int
    same_sentence: bool = False
    field: str | None = None
    label: str = ""
    start: int = 0


@dataclass(frozen=True)
class DroppedStopWord:
    """A stop word left out of a list of alternatives (`--any`): it would match nearly every article."""

    text: str
    start: int = 0


@dataclass(frozen=True)
class Stray:
    """A `^2` left with nothing to boost (after NEAR, a date or a dropped stop word): it stays in the
    query as text that no field holds, so it matches nothing and changes no score."""

    text: str
    start: int = 0


@dataclass(frozen=True)
class Every:
    """Every article (`*:*`)."""

    start: int = 0


# ---------------------------------------------------------------- groups


@dataclass(frozen=True)
class And:
    """All of the children (words side by side with `--all`, or joined by AND)."""

    children: tuple = ()
    boost: float = 1.0
    start: int = 0


@dataclass(frozen=True)
class Or:
    """Any of the children (words side by side with `--any`, or joined by OR)."""

    children: tuple = ()
    boost: float = 1.0
    start: int = 0


@dataclass(frozen=True)
class Not:
    """Articles the child does not match (`NOT a`)."""

    child: object = None
    boost: float = 1.0
    start: int = 0


@dataclass(frozen=True)
class AndNot:
    """The first, but not the second (`a ANDNOT b`, and `-b` beside other words)."""

    positive: object = None
    negative: object = None
    boost: float = 1.0
    start: int = 0


@dataclass(frozen=True)
class AndMaybe:
    """The first, ranked higher where the second also matches (`a ANDMAYBE b`; `+a b`)."""

    required: object = None
    optional: object = None
    boost: float = 1.0
    start: int = 0


@dataclass(frozen=True)
class Require:
    """The first, when the second also matches, scored by the first only (`a REQUIRE b`)."""

    scored: object = None
    required: object = None
    boost: float = 1.0
    start: int = 0


LEAVES = (Word, Joined, Phrase, Prefix, Wildcard, Fuzzy, Range, DateRange, Near, DroppedStopWord, Stray, Every)
GROUPS = (And, Or, Not, AndNot, AndMaybe, Require)


def children(node) -> tuple:
    """A node's sub-nodes in order (none for a leaf)."""
    if isinstance(node, (And, Or)):
        return node.children
    if isinstance(node, Not):
        return (node.child,)
    if isinstance(node, AndNot):
        return (node.positive, node.negative)
    if isinstance(node, AndMaybe):
        return (node.required, node.optional)
    if isinstance(node, Require):
        return (node.scored, node.required)
    return ()


def walk(node):
    """Every node of the tree, parents before their children."""
    yield node
    for child in children(node):
        yield from walk(child)
