"""newsearch's query tree as a SphinxQL query: the `MATCH()` text in Sphinx's extended syntax, and
the date filters that go into `WHERE`.

What Sphinx cannot run the way newsearch means it is an UnsupportedQueryError naming the
construct (exit 2): fuzzy terms, wildcards inside a word, term ranges, boosts, a date range
inside OR or NOT, a query of excluded words only. Never a silent reinterpretation.
"""

from __future__ import annotations

from typing import NamedTuple

from ...errors import QueryError, UnsupportedQueryError
from ...query import tree as t
from ...query.checks import date_span
from ...query.parse import parse

# What an unfielded word searches: the default fields, less `quote` (a quotation's words are in
# the body already; counting them twice ranks articles by their quotes, issue 17).
UNFIELDED = tuple(name for name in t.UNFIELDED_FIELDS if name != "quote")
# Fields holding names: their words are matched as written (`=word`), as the Whoosh engine does.
EXACT_FIELDS = t.NAME_FIELDS
# The language's names for fields the tables name otherwise.
TABLE_FIELDS = {"id": "idtext", "path": "pathtext"}
_SPECIAL = set('\\()|-!@~"&/^$=<*')


class Compiled(NamedTuple):
    """A query as SphinxQL needs it: `match` ('' for every article) and the day-number bounds."""

    match: str
    first_day: int | None = None
    last_day: int | None = None


def compile_text(text: str, *, match_all: bool = True, since: str | None = None, until: str | None = None) -> Compiled:
    """Parse and compile a query string (and `--since/--until`)."""
    node = parse(text, match_all=match_all)
    first, last = _top_dates(node, text)
    if since or until:
        try:
            low, high = date_span(since, until)
        except QueryError as error:
            raise QueryError(f"--since/--until: {error}") from None
        first, last = _narrower(first, last, low, high)
    return Compiled(_Compiler(text).node(_without_dates(node), top=True), _day(first), _day(last))


def day_bounds(since: str | None, until: str | None) -> tuple[int | None, int | None]:
    """`--since/--until` as day numbers (None: open)."""
    if not (since or until):
        return None, None
    try:
        low, high = date_span(since, until)
    except QueryError as error:
        raise QueryError(f"--since/--until: {error}") from None
    return _day(low), _day(high)


def where_dates(compiled: Compiled) -> tuple[list[str], list[int]]:
    """SQL conditions and their arguments for the compiled date bounds."""
    conditions, args = [], []
    if compiled.first_day is not None:
        conditions.append("published_day >= %s")
        args.append(compiled.first_day)
    if compiled.last_day is not None:
        conditions.append("published_day <= %s")
        args.append(compiled.last_day)
    if conditions:
        conditions.append("published_day > 0")  # an undated article is in no span
    return conditions, args


def _day(iso: str | None) -> int | None:
    return int(iso.replace("-", "")) if iso else None


def _narrower(first, last, low, high):
    first = max(filter(None, (first, low)), default=None)
    last = min(filter(None, (last, high)), default=None)
    return first, last


def _top_dates(node, text: str):
    """The date span of DateRange nodes that every match must satisfy (the root, or children of
    a top-level AND); a DateRange anywhere else cannot be a filter."""
    first = last = None
    tops = node.children if isinstance(node, t.And) else (node,)
    for child in tops:
        if isinstance(child, t.DateRange):
            low = child.first if not child.first_excluded else _after(child.first)
            high = child.last if not child.last_excluded else _before(child.last)
            first, last = _narrower(first, last, low, high)
    for inner in _walk(node):
        if isinstance(inner, t.DateRange) and inner not in tops:
            raise UnsupportedQueryError("a date range inside OR or NOT cannot run on a Sphinx cluster "
                                        "(dates filter every match): put it beside the other words", text, inner.start)
    return first, last


def _after(day: str | None):
    import datetime as dt

    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat() if day else None


def _before(day: str | None):
    import datetime as dt

    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat() if day else None


def _walk(node):
    yield node
    for child in t.children(node):
        yield from _walk(child)


def _without_dates(node):
    if isinstance(node, t.And):
        kept = tuple(c for c in node.children if not isinstance(c, t.DateRange))
        return t.And(kept or (t.Every(),), node.boost, node.start)
    return t.Every() if isinstance(node, t.DateRange) else node


def escape(text: str) -> str:
    """Text with Sphinx's query operators escaped, so it is read as words."""
    return "".join("\\" + c if c in _SPECIAL else c for c in text)


class _Compiler:
    def __init__(self, text: str):
        self.text = text

    def unsupported(self, what: str, node) -> None:
        raise UnsupportedQueryError(f"{what} cannot run on a Sphinx cluster; use an index folder for it",
                                    self.text, getattr(node, "start", None))

    def node(self, node, top: bool = False) -> str:
        boost = getattr(node, "boost", 1.0)
        if boost != 1.0:
            self.unsupported(f"a boost (^{boost:g})", node)
        if isinstance(node, t.Every):
            return ""
        if isinstance(node, t.DroppedStopWord):
            return ""
        if isinstance(node, t.And):
            parts = [self.node(c) for c in node.children]
            negative = [c for c in node.children if isinstance(c, t.Not)]
            if top and len(negative) == len(node.children):
                self.unsupported("a query of excluded words only", node)
            return " ".join(f"({p})" for p in parts if p)
        if isinstance(node, t.Or):
            if any(isinstance(c, t.Every) for c in node.children):
                return ""  # one alternative is every article
            parts = [self.node(c) for c in node.children]
            return " | ".join(f"({p})" for p in parts if p)
        if isinstance(node, t.Not):
            if top:
                self.unsupported("a query of excluded words only", node)
            return f"-({self.node(node.child)})"
        if isinstance(node, t.AndNot):
            return f"({self.node(node.positive)}) -({self.node(node.negative)})"
        if isinstance(node, t.AndMaybe):
            return f"({self.node(node.required)}) MAYBE ({self.node(node.optional)})"
        if isinstance(node, t.Require):
            return f"({self.node(node.scored)}) ({self.node(node.required)})"
        return self.leaf(node)

    def leaf(self, node) -> str:
        if isinstance(node, t.Fuzzy):
            self.unsupported(f"the fuzzy term '{node.text}~'", node)
        if isinstance(node, t.Wildcard):
            self.unsupported(f"the wildcard '{node.pattern}' (only a trailing * is supported)", node)
        if isinstance(node, t.Range):
            self.unsupported(f"the term range on {node.field}:", node)
        if isinstance(node, t.Stray):
            self.unsupported(f"'{node.text}' (a boost with nothing to boost)", node)
        if isinstance(node, t.Near):
            joiner = " SENTENCE " if node.same_sentence else f" NEAR/{max(1, node.distance)} "
            return self.fielded(node.field, joiner.join(self.term(o, node.field) for o in node.operands))
        return self.fielded(node.field, self.term(node, node.field))

    def term(self, node, field) -> str:
        exact = "=" if field in EXACT_FIELDS else ""
        if isinstance(node, (t.Word, t.Joined)) and field in TABLE_FIELDS:
            return f'"^{escape(node.text)}$"'  # id and path are matched whole
        if isinstance(node, t.Word):
            return exact + escape(node.text)
        if isinstance(node, t.Prefix):
            return escape(node.text) + "*"
        if isinstance(node, t.Joined):
            return f'"{escape(node.text)}"'
        if isinstance(node, t.Phrase):
            words = " ".join(exact + escape(w) for w in node.text.split())
            return f'"{words}"~{node.slop}' if node.slop > 1 else f'"{words}"'
        self.unsupported(type(node).__name__, node)
        return ""

    @staticmethod
    def fielded(field: str | None, text: str) -> str:
        if field is None:
            return f"@({','.join(UNFIELDED)}) {text}"
        return f"@{TABLE_FIELDS.get(field, field)} {text}"


class _QuoteCompiler(_Compiler):
    """Words matched in one quotation's own text (`quotes --about`, the words `quotes QUERY`
    highlights): the default fields and `quote:` are its text, `speaker:` its speaker."""

    def fielded(self, field: str | None, text: str) -> str:
        if field in (None, "quote"):
            return f"@quote {text}"
        if field == "speaker":
            return f"@speaker {text}"
        raise UnsupportedQueryError(f"the field {field}: does not apply to a quotation's own words", self.text)


_QUOTE_LEAVES = (t.Word, t.Joined, t.Phrase, t.Prefix, t.Near)


def quote_match(text: str, *, match_all: bool = True, loose: bool = False) -> str:
    """MATCH text over the `quotes` tables: the whole query on each quotation's words, or with
    `loose` any one of its positive words a quotation can hold ('' when it names none)."""
    node = parse(text, match_all=match_all)
    compiler = _QuoteCompiler(text)
    if not loose:
        return compiler.node(_without_dates(node), top=True)
    leaves = [leaf for leaf in t.positive_leaves(node) if isinstance(leaf, _QUOTE_LEAVES) and leaf.field in (None, "quote")]
    return " | ".join(f"({compiler.leaf(leaf)})" for leaf in leaves)
