"""The query language as newsearch's own tree: what the user asked for, before any engine.

`parse.parse` builds it from the user's string; each engine compiles it into its own queries
(engines/whoosh/queryparse.py for Whoosh) and raises UnsupportedQueryError for a node it cannot run.
Every node is a frozen value: built with positional or keyword fields (defaults as declared),
compared and hashed by type and fields, printed as `Word(text='a', field=None, ...)`, matched by
position in `match` statements. (Written out rather than as dataclasses: importing `dataclasses`
and creating eighteen frozen classes cost a query process ~27 ms of start-up.)

`start` is the node's position in the query text (for caret messages); `field` is the lower-cased
field name a user wrote (`Title:` and `TITLE:` are `title`), or None for the default fields.
"""

from __future__ import annotations


class Node:
    """Base of the tree's nodes: `__slots__` names the fields in order, `_defaults` the optional ones."""

    __slots__ = ()
    _defaults: dict = {}

    def __init_subclass__(cls):
        cls.__match_args__ = cls.__slots__

    def __init__(self, *args, **kwargs):
        fields = self.__slots__
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__} takes at most {len(fields)} fields")
        values = {**self._defaults, **dict(zip(fields, args))}
        for name, value in kwargs.items():
            if name not in fields or name in fields[:len(args)]:
                raise TypeError(f"{type(self).__name__}: unexpected or repeated field {name!r}")
            values[name] = value
        for name in fields:
            if name not in values:
                raise TypeError(f"{type(self).__name__}: missing field {name!r}")
            object.__setattr__(self, name, values[name])

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is frozen: cannot assign {name!r}")

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__} is frozen: cannot delete {name!r}")

    def values(self) -> tuple:
        """The node's fields, in order."""
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other):
        return type(other) is type(self) and other.values() == self.values()

    def __hash__(self):
        return hash((type(self).__name__, *self.values()))

    def __repr__(self):
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({shown})"

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


class Word(Node):
    """One word as typed (`storm`, `Baker`); `field` None searches the default fields."""

    __slots__ = ('text', 'field', 'boost', 'start')
    _defaults = {"field": None, "boost": 1.0, "start": 0}


class Joined(Node):
    """A word the index splits into several (`Kilroy-Silk`, `O'Brien`, `reut-1`), kept as typed:
    the phrase of its parts in analysed fields, the whole value in `id` and `path`."""

    __slots__ = ('text', 'field', 'boost', 'start')
    _defaults = {"field": None, "boost": 1.0, "start": 0}


class Phrase(Node):
    """Words in quotes, in order; `slop` > 1 lets them stand that many positions apart (`"a b"~5`)."""

    __slots__ = ('text', 'field', 'slop', 'boost', 'start')
    _defaults = {"field": None, "slop": 1, "boost": 1.0, "start": 0}


class Prefix(Node):
    """Every word beginning with `text` (`elect*`), on the words as written."""

    __slots__ = ('text', 'field', 'boost', 'start')
    _defaults = {"field": None, "boost": 1.0, "start": 0}


class Wildcard(Node):
    """A pattern with `*` (any run) and `?` (one character) inside (`Gr??nspan`), as written."""

    __slots__ = ('pattern', 'field', 'boost', 'start')
    _defaults = {"field": None, "boost": 1.0, "start": 0}


class Fuzzy(Node):
    """Words within `distance` edits of `text` (`Hlaeng~2`), the first `prefix_length` letters exact."""

    __slots__ = ('text', 'field', 'distance', 'prefix_length', 'boost', 'start')
    _defaults = {"field": None, "distance": 1, "prefix_length": 0, "boost": 1.0, "start": 0}


class Range(Node):
    """Terms of a field from `low` to `high` (`[a TO b]`, `{a TO b}` excludes the ends; None: open)."""

    __slots__ = ('field', 'low', 'high', 'low_excluded', 'high_excluded', 'boost', 'start')
    _defaults = {"low_excluded": False, "high_excluded": False, "boost": 1.0, "start": 0}


class DateRange(Node):
    """Articles published from `first` to `last` (ISO days; None leaves that end open), as
    `published:2021-06`, `published:>=2021-06-01` or `published:[2021 TO 2022-06]` ask.
    `first_excluded`/`last_excluded`: `>`/`<` and `{`/`}` leave the day itself out."""

    __slots__ = ('written', 'first', 'last', 'first_excluded', 'last_excluded', 'start')
    _defaults = {"first_excluded": False, "last_excluded": False, "start": 0}


class Near(Node):
    """Two or more words or phrases within `distance` positions, any order (`a NEAR/5 b`);
    `same_sentence` for `a w/s b`. `words`: each operand's words as the index holds them."""

    # operands: Word, Joined or Phrase nodes; words: a tuple of str for each operand
    __slots__ = ('operands', 'words', 'distance', 'same_sentence', 'field', 'label', 'start')
    _defaults = {"same_sentence": False, "field": None, "label": "", "start": 0}


class DroppedStopWord(Node):
    """A stop word left out of a list of alternatives (`--any`): it would match nearly every article."""

    __slots__ = ('text', 'start')
    _defaults = {"start": 0}


class Stray(Node):
    """A `^2` left with nothing to boost (after NEAR, a date or a dropped stop word): it stays in the
    query as text that no field holds, so it matches nothing and changes no score."""

    __slots__ = ('text', 'start')
    _defaults = {"start": 0}


class Every(Node):
    """Every article (`*:*`)."""

    __slots__ = ('start',)
    _defaults = {"start": 0}


# ---------------------------------------------------------------- groups


class And(Node):
    """All of the children (words side by side with `--all`, or joined by AND)."""

    __slots__ = ('children', 'boost', 'start')
    _defaults = {"children": (), "boost": 1.0, "start": 0}


class Or(Node):
    """Any of the children (words side by side with `--any`, or joined by OR)."""

    __slots__ = ('children', 'boost', 'start')
    _defaults = {"children": (), "boost": 1.0, "start": 0}


class Not(Node):
    """Articles the child does not match (`NOT a`)."""

    __slots__ = ('child', 'boost', 'start')
    _defaults = {"child": None, "boost": 1.0, "start": 0}


class AndNot(Node):
    """The first, but not the second (`a ANDNOT b`, and `-b` beside other words)."""

    __slots__ = ('positive', 'negative', 'boost', 'start')
    _defaults = {"positive": None, "negative": None, "boost": 1.0, "start": 0}


class AndMaybe(Node):
    """The first, ranked higher where the second also matches (`a ANDMAYBE b`; `+a b`)."""

    __slots__ = ('required', 'optional', 'boost', 'start')
    _defaults = {"required": None, "optional": None, "boost": 1.0, "start": 0}


class Require(Node):
    """The first, when the second also matches, scored by the first only (`a REQUIRE b`)."""

    __slots__ = ('scored', 'required', 'boost', 'start')
    _defaults = {"scored": None, "required": None, "boost": 1.0, "start": 0}


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


def positive_leaves(node):
    """The leaves a match may hold, in order: not those under NOT, nor after ANDNOT."""
    if isinstance(node, Not):
        return
    if isinstance(node, AndNot):
        yield from positive_leaves(node.positive)
        return
    if isinstance(node, GROUPS):
        for child in children(node):
            yield from positive_leaves(child)
    else:
        yield node
