"""Turns a user's query string into a Whoosh query, checking it first.

Whoosh's parser never fails: an unbalanced quote, an unknown field or a malformed date silently
becomes literal text and usually an empty result. Here those are errors that point at the problem.
Beyond Whoosh's syntax, newsearch reads dates (`published:2021-06`, `published:>=2021-06-01`),
proximity between words (`a NEAR/5 b`, and `a w/s b` for "in the same sentence"), and fuzzy,
prefix and wildcard terms on the exact forms (names as written, not their stems).
"""

from __future__ import annotations

import copy
import datetime as dt
import re

from .errors import QueryError, UnknownFieldError
from .schema import (
    DEFAULT_FIELD_BOOSTS,
    EXACT_BOOST,
    PUBLIC_FIELDS,
    SENTENCE_GAP,
    STOP_WORDS,
    exact_analyzer,
    exact_twin,
    qparser,
    query,
)
from .schema import spans as whoosh_spans

_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_RANGE_CLOSERS = {"[": "]}", "{": "]}"}
MAX_FUZZY_DISTANCE = 2
MAX_PHRASE_SLOP = SENTENCE_GAP - 1
# `~`, `~2`, `~2/3` (distance, then how many leading characters must match exactly).
_FUZZY = re.compile(r"~(?P<dist>[^\s/()^]*)(?:/(?P<prefix>[^\s()^]*))?")
_SLOP = re.compile(r"~(?P<slop>[^\s()^]*)")
_RANGE = re.compile(r"^\s*(?P<start>\S+?)?\s*(?<![^\s\[{])TO(?![^\s\]}])\s*(?P<end>\S+?)?\s*$", re.IGNORECASE)
_NEAR = re.compile(r"(?<!\S)(?:NEAR|w)/(?P<dist>\S*)")
_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
DATE_FIELD = "published"


# ---------------------------------------------------------------- checks before parsing


def check_balance(text: str) -> None:
    """Raise QueryError at the first unbalanced quote, parenthesis or range bracket."""
    if not text.strip():
        raise QueryError("empty query", text, 0)
    stack: list[tuple[str, int]] = []
    quote_at = None
    for position, char in enumerate(text):
        if quote_at is not None:
            if char == '"':
                quote_at = None
            continue
        if char == '"':
            quote_at = position
        elif char in _CLOSERS:
            stack.append((char, position))
        elif char in ")]}":
            opener = stack.pop()[0] if stack else None
            if opener is None or char not in _RANGE_CLOSERS.get(opener, _CLOSERS.get(opener, "")):
                raise QueryError(f"unexpected '{char}'", text, position)
    if quote_at is not None:
        raise QueryError("unbalanced quote: a phrase is opened but never closed", text, quote_at)
    if stack:
        char, position = stack[-1]
        raise QueryError(f"'{char}' is never closed", text, position)


def check_syntax(text: str) -> None:
    """Raise QueryError for what Whoosh would silently misread: balance, `~`, ranges, NEAR."""
    check_balance(text)
    surrogate = re.search("[\ud800-\udfff]", text)
    if surrogate:  # not encodable text (a broken UTF-16 pair): Whoosh would fail encoding it
        raise QueryError("the query holds a character that is not valid text (a lone surrogate)", text,
                         surrogate.start())
    outside = _outside_quotes(text)
    for match in re.finditer(r"~", outside):
        at = match.start()
        after_phrase = at > 0 and text[at - 1] == '"'
        if at == 0 or outside[at - 1].isspace() or outside[at - 1] in "(":
            raise QueryError("'~' must follow a word (fuzzy: Hlaeng~2) or a phrase (\"a b\"~5)", text, at)
        if after_phrase:
            slop = _SLOP.match(text, at).group("slop")
            if slop and not (slop.isdecimal() and 1 <= int(slop) <= MAX_PHRASE_SLOP):
                raise QueryError(f"a phrase's proximity is a number of words from 1 to {MAX_PHRASE_SLOP}, "
                                 f"as in \"a b\"~5 (got '{slop}')", text, at)
            continue
        found = _FUZZY.match(text, at)
        dist, prefix = found.group("dist"), found.group("prefix")
        if dist and not (dist.isdecimal() and 1 <= int(dist) <= MAX_FUZZY_DISTANCE):
            raise QueryError(f"fuzzy distance must be 1 or {MAX_FUZZY_DISTANCE}, as in Hlaeng~ or Hlaeng~2 "
                             f"(got '{dist}')", text, at)
        if prefix is not None and not (prefix.isdecimal() and int(prefix) >= 1):
            raise QueryError(f"fuzzy prefix must be a positive number of letters, as in Hlaeng~2/3 (got '{prefix}')",
                             text, at)
    for match in re.finditer(r"[\[{]", outside):
        close = min(i for i in (outside.find("]", match.start()), outside.find("}", match.start())) if i >= 0)
        inside = text[match.start() + 1 : close]
        found = _RANGE.match(inside)
        if not found or not (found.group("start") or found.group("end")):
            raise QueryError("a range is written [FROM TO UNTIL] (either end may be left out)", text, match.start())
    for match in _NEAR.finditer(outside):
        _near_distance(match.group("dist"), text, match.start())


def _outside_quotes(text: str) -> str:
    """`text` with everything inside double quotes blanked (same length, so positions hold)."""
    return re.sub(r'"[^"]*"', lambda m: '"' + " " * (len(m.group()) - 2) + '"', text)


def _near_distance(dist: str, text: str, at: int) -> int:
    if dist.lower() == "s":
        return SENTENCE_GAP - 1
    if dist.isdecimal() and 1 <= int(dist) <= MAX_PHRASE_SLOP:
        return int(dist)
    raise QueryError(f"NEAR/ takes a number of words (1 to {MAX_PHRASE_SLOP}) or s for the same sentence, "
                     f"as in Shoigu NEAR/5 Hlaing or Shoigu w/s Hlaing (got '{dist}')", text, at)


# ---------------------------------------------------------------- dates


def date_bounds(value: str, text: str = "", at: int = 0) -> tuple[str, str]:
    """The first and last day (ISO) that a date written YYYY, YYYY-MM or YYYY-MM-DD covers."""
    found = _DATE.fullmatch(value)
    problem = f"'{value}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
    if not found:
        raise QueryError(problem, text, at)
    year = int(found.group("year"))
    month = int(found.group("month") or 1)
    try:
        first = dt.date(year, month, int(found.group("day") or 1))
        if found.group("day"):
            last = first
        elif found.group("month"):
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        else:
            last = dt.date(year, 12, 31)
    except ValueError:
        raise QueryError(problem + " (no such day)", text, at) from None
    return first.isoformat(), last.isoformat()


def date_range(start: str | None, end: str | None, *, start_excl=False, end_excl=False, text="", at=0):
    """A query on `published` from `start` to `end` (partial dates; None leaves that end open)."""
    low = high = None
    if start:
        first, last = date_bounds(start, text, at)
        low = last if start_excl else first
    if end:
        first, last = date_bounds(end, text, at)
        high = first if end_excl else last
    if low and high and low > high:
        raise QueryError(f"the date range ends ({end}) before it starts ({start})", text, at)
    return query.TermRange(DATE_FIELD, low, high, startexcl=bool(start and start_excl),
                           endexcl=bool(end and end_excl))


class DateNode(qparser.syntax.SyntaxNode):
    has_fieldname = False
    has_boost = False

    def __init__(self, value: str, start, end, start_excl, end_excl, query_text: str, at: int):
        self.value, self.at = value, at
        self.range = date_range(start, end, start_excl=start_excl, end_excl=end_excl, text=query_text, at=at)

    def r(self):
        return f"Date {self.value!r}"

    def query(self, parser):
        return self.range


class _DatePlugin(qparser.TaggingPlugin):
    """`published:` followed by a date, a comparison (`>=2021-06`) or a range (`[2021 TO 2022-06]`)."""

    expr = r"published:(?P<value>[\[{][^\]}]*[\]}]|\"[^\"]*\"|[<>]=?[^\s()]*|[^\s()]*)"
    priority = -1

    def __init__(self, query_text: str):
        super().__init__()
        self.query_text = query_text

    def create(self, parser, match):
        value, at = match.group("value"), match.start("value")
        text = self.query_text
        if value[:1] and value[0] in "[{":
            found = _RANGE.match(value[1:-1])
            if not found:
                raise QueryError("a range is written [FROM TO UNTIL] (either end may be left out)", text, at)
            return DateNode(value, found.group("start"), found.group("end"), value[0] == "{", value[-1] == "}",
                             text, at)
        value = value.strip('"')
        comparison = re.match(r"[<>]=?", value)
        if comparison:
            op, date = comparison.group(), value[comparison.end():]
            at += comparison.end()
            if op.startswith(">"):
                return DateNode(value, date, None, op == ">", False, text, at)
            return DateNode(value, None, date, False, op == "<", text, at)
        if not value:
            raise QueryError("published: needs a date, as in published:2021-06", text, at)
        return DateNode(value, value, value, False, False, text, at)


# ---------------------------------------------------------------- NEAR and w/s


class _NearMarker(qparser.syntax.SyntaxNode):
    def __init__(self, slop: int, label: str):
        self.slop, self.label = slop, label

    def r(self):
        return f"NEAR/{self.label}"


class NearNode(qparser.syntax.SyntaxNode):
    """Two or more words or phrases within `slop` positions of each other, in any order."""

    has_fieldname = False
    has_boost = False

    def __init__(self, operands, slop: int, label: str, query_text: str):
        self.operands, self.slop, self.label = operands, slop, label
        named = {node.fieldname for node in operands if node.fieldname}
        if len(named) > 1:
            raise QueryError("both sides of NEAR must search the same field", query_text, operands[0].startchar)
        self.fieldname = named.pop() if named else None
        self.words = [exact_words(node) for node in operands]
        if not all(self.words):
            raise QueryError("NEAR needs words on both sides", query_text, operands[0].startchar)
        self.startchar, self.endchar = operands[0].startchar, operands[-1].endchar

    def r(self):
        return f"Near/{self.label} {self.words!r}"

    def query(self, parser):
        if self.fieldname is None:
            targets = list(DEFAULT_FIELD_BOOSTS.items())
        elif self.fieldname in PUBLIC_FIELDS:
            targets = [(self.fieldname, 1.0)]
        else:
            raise UnknownFieldError(_unknown_field_message(self.fieldname), parser.query_text, self.startchar)
        per_field = []
        for fieldname, boost in targets:
            target = exact_twin(fieldname) or fieldname
            if target not in parser.schema:
                continue
            # Span queries score through their terms, so the field's weight goes on each term.
            parts = [
                query.Term(target, words[0], boost=boost) if len(words) == 1
                else Near([query.Term(target, w, boost=boost) for w in words], slop=1, ordered=True)
                for words in self.words
            ]
            per_field.append(Near(parts, slop=self.slop, ordered=False))
        return query.Or(per_field) if len(per_field) > 1 else per_field[0]


class Near(whoosh_spans.SpanNear2):
    """Whoosh's SpanNear2 (terms within `slop` positions), with the size estimate it needs inside
    an Or or AndMaybe (Whoosh 2.7.4's refers to an undefined name). Spans score through their terms."""

    def __init__(self, qs, slop: int = 1, ordered: bool = True, mindist: int = 1):
        super().__init__(qs, slop=slop, ordered=ordered, mindist=mindist)
        self.boost = 1.0  # Whoosh's boolean normalisation reads it

    def _and_query(self):
        return query.And(self.qs)


def exact_words(node) -> list[str]:
    text = node.text if isinstance(node, qparser.syntax.TextNode) else getattr(node, "text", "")
    return [token.text for token in exact_analyzer()(text or "")]


class _NearPlugin(qparser.Plugin):
    """`a NEAR/5 b` (within 5 words) and `a w/s b` (same sentence); `w/5` and `NEAR/s` work too."""

    def __init__(self, query_text: str):
        self.query_text = query_text

    def taggers(self, parser):
        return [(_NearTagger(self.query_text), -1)]

    def filters(self, parser):
        # After field names are attached (100), before fields are expanded (110).
        return [(self.combine, 105)]

    def combine(self, parser, group):
        nodes = [n for n in group if not isinstance(n, qparser.syntax.Whitespace)]
        if not any(isinstance(n, _NearMarker) for n in nodes):
            for i, node in enumerate(group):
                if isinstance(node, qparser.syntax.GroupNode):
                    group[i] = self.combine(parser, node)
            return group
        out = group.empty_copy()
        i = 0
        while i < len(nodes):
            node = nodes[i]
            if isinstance(node, qparser.syntax.GroupNode):
                node = self.combine(parser, node)
            if i + 1 < len(nodes) and isinstance(nodes[i + 1], _NearMarker):
                operands, marker = [node], nodes[i + 1]
                while i + 1 < len(nodes) and isinstance(nodes[i + 1], _NearMarker):
                    if i + 2 >= len(nodes) or not _near_operand(nodes[i + 2]):
                        raise QueryError("NEAR needs a word or a quoted phrase on each side", self.query_text,
                                         getattr(nodes[i + 1], "startchar", 0))
                    operands.append(nodes[i + 2])
                    i += 2
                if not _near_operand(node):
                    raise QueryError("NEAR needs a word or a quoted phrase on each side", self.query_text,
                                     getattr(marker, "startchar", 0))
                node = NearNode(operands, marker.slop, marker.label, self.query_text)
            elif isinstance(node, _NearMarker):
                raise QueryError("NEAR needs a word or a quoted phrase on each side", self.query_text,
                                 getattr(node, "startchar", 0))
            out.append(node)
            i += 1
        return out


class _NearTagger(qparser.RegexTagger):
    def __init__(self, query_text: str):
        super().__init__(_NEAR.pattern)
        self.query_text = query_text

    def create(self, parser, match):
        dist = match.group("dist")
        return _NearMarker(_near_distance(dist, self.query_text, match.start()), dist.lower())


def _near_operand(node) -> bool:
    return type(node) in (qparser.syntax.WordNode, qparser.PhrasePlugin.PhraseNode)


# ---------------------------------------------------------------- field expansion


def _unknown_field_message(name: str) -> str:
    return (f"unknown field '{name}'; valid fields: {', '.join(PUBLIC_FIELDS)}"
            " (put text in quotes to search for it as written)")


# Term kinds that match the index's vocabulary by pattern: users type names as written, so these
# run on the exact forms (a stem such as "hla" for Hlaing is not what anyone types).
_PATTERN_NODES = (qparser.WildcardPlugin.WildcardNode, qparser.PrefixPlugin.PrefixNode,
                  qparser.FuzzyTermPlugin.FuzzyTermNode)


class _FieldExpansion(qparser.Plugin):
    """Sends unfielded words to the default fields, and every prose field to its exact twin too.

    Runs where Whoosh's MultifieldPlugin would (after explicit field names are attached).
    """

    def __init__(self, query_text: str):
        self.query_text = query_text

    def filters(self, parser):
        return [(self.expand, 110)]

    def expand(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, qparser.syntax.GroupNode):
                group[i] = self.expand(parser, node)
            elif node.has_fieldname:
                group[i] = self._expanded(node)
        return group

    def _field_position(self, name: str, node) -> int | None:
        end = getattr(node, "startchar", None)
        found = self.query_text.rfind(name + ":", 0, None if end is None else end + 1)
        return found if found >= 0 else end

    def _expanded(self, node):
        name = node.fieldname
        if name is None:
            targets = list(DEFAULT_FIELD_BOOSTS.items())
        elif name in PUBLIC_FIELDS:
            targets = [(name, 1.0)]
        else:
            raise UnknownFieldError(_unknown_field_message(name), self.query_text, self._field_position(name, node))
        pattern = isinstance(node, _PATTERN_NODES)
        copies = []
        for fieldname, boost in targets:
            twin = exact_twin(fieldname)
            choices = [(twin, boost)] if pattern and twin else [(fieldname, boost)]
            if twin and not pattern:
                choices.append((twin, boost * EXACT_BOOST))
            for target, weight in choices:
                clone = copy.copy(node)
                clone.set_fieldname(target)
                clone.set_boost(node.boost * weight)
                copies.append(clone)
        return copies[0] if len(copies) == 1 else qparser.syntax.OrGroup(copies)


class DroppedStopWord(qparser.syntax.SyntaxNode):
    """A stop word left out of a list of alternatives (told back by --explain)."""

    has_fieldname = False
    has_boost = False

    def __init__(self, node):
        self.text, self.startchar, self.endchar = node.text, node.startchar, node.endchar

    def r(self):
        return f"Dropped {self.text!r}"

    def query(self, parser):
        return query.NullQuery


class _StopWordPlugin(qparser.Plugin):
    """Drops stop words ("the", "of") from `--any` queries that hold other words.

    As one of several alternatives, a stop word matches nearly every article: it would make the
    count meaningless and add noise to every score. Where all words are required it stays (its exact
    form can tell "The Who" from "who"), and so do stop words in capitals ("US", "IT"): those are
    names.
    """

    def filters(self, parser):
        # After NEAR operands are combined (105), before fields are expanded (110).
        return [(self.drop, 107)]

    def drop(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, qparser.syntax.GroupNode):
                group[i] = self.drop(parser, node)
        if isinstance(group, qparser.syntax.OrGroup) and any(_content_node(node) for node in group):
            for i, node in enumerate(group):
                if _stop_word(node):
                    group[i] = DroppedStopWord(node)
        return group


def _stop_word(node) -> bool:
    text = getattr(node, "text", "")
    return (type(node) is qparser.syntax.WordNode and node.fieldname is None and text.lower() in STOP_WORDS
            and not (len(text) > 1 and text.isupper()))


def _content_node(node) -> bool:
    if isinstance(node, (qparser.syntax.Whitespace, qparser.syntax.Operator, DroppedStopWord)) or _stop_word(node):
        return False
    return bool(exact_words(node)) if isinstance(node, qparser.syntax.TextNode) else True


# ---------------------------------------------------------------- the parser


def make_parser(text: str, schema, *, match_all: bool = True, expand: bool = True):
    """The configured Whoosh parser for `text` (without field expansion when `expand` is false)."""
    group = qparser.AndGroup if match_all else qparser.OrGroup
    parser = qparser.QueryParser(None, schema, group=group)
    parser.query_text = text
    parser.remove_plugin_class(qparser.FieldsPlugin)
    parser.add_plugin(qparser.FieldsPlugin(remove_unknown=False))
    parser.add_plugin(qparser.PlusMinusPlugin())
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(_DatePlugin(text))
    parser.add_plugin(_NearPlugin(text))
    parser.add_plugin(_StopWordPlugin())
    if expand:
        parser.add_plugin(_FieldExpansion(text))
    return parser


def parse_query(text: str, schema, *, match_all: bool = True):
    """The Whoosh query for `text`; QueryError (with a position) if it cannot be understood."""
    check_syntax(text)
    try:
        parsed = make_parser(text, schema, match_all=match_all).parse(text)
    except (NotImplementedError, AttributeError, IndexError, TypeError) as error:
        # Whoosh's parser fails this way on operator soup it cannot group (e.g. "(x)0" after a
        # date): the user still gets a one-line reason, not a traceback.
        raise QueryError(f"cannot understand the query ({type(error).__name__}); check operators and brackets", text, 0) from None
    leaves = list(all_leaves(parsed))
    errors = [leaf for leaf in leaves if isinstance(leaf, query.qcore._NullQuery)]
    if parsed is query.NullQuery or errors and len(errors) == len(leaves):
        raise QueryError("the query has no searchable words", text, 0)
    return parsed


def all_leaves(q):
    if q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from all_leaves(child)


def positive_leaves(q):
    """Leaves of the query that a hit matched (not those under NOT)."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from positive_leaves(q.a)
        return
    if isinstance(q, whoosh_spans.SpanQuery):
        for child in q.children():
            yield from positive_leaves(child)
        return
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from positive_leaves(child)


def plain_words(q) -> bool:
    """Whether `q` is words joined by AND/OR/NOT: phrases, proximity, patterns and date ranges say
    precisely what the user wants, so the re-ranking features leave those queries as written."""
    if isinstance(q, query.Term):
        return True
    if isinstance(q, (query.And, query.Or, query.AndNot, query.Not)):
        return all(plain_words(child) for child in q.children())
    return False


def body_stems(q) -> list[str]:
    """The distinct stems `q` looks for in the body (stop words have none), in query order."""
    stems = (leaf.text for leaf in positive_leaves(q) if isinstance(leaf, query.Term) and leaf.field() == "body")
    return list(dict.fromkeys(stems))
