"""Turns a user's query string into a Whoosh query, checking it first.

Whoosh's parser never fails: an unbalanced quote, an unknown field or a malformed date silently
becomes literal text and usually an empty result. Here those are errors that point at the problem.
Beyond Whoosh's syntax, newsearch reads dates (`published:2021-06`, `published:>=2021-06-01`),
proximity between words (`a NEAR/5 b`, and `a w/s b` for "in the same sentence"), and fuzzy,
prefix and wildcard terms on the exact forms (names as written, not their stems).
"""

from __future__ import annotations

import copy
import re

from . import lexicon
from ...errors import QueryError, UnknownFieldError
from .querydates import _RANGE, DATE_FIELD, DateNode, DatePlugin, date_bounds, date_range  # noqa: F401
from .querynames import (  # noqa: F401  (exact_words and JoinedWordNode: for queryexplain)
    UNFIELDED_WEIGHTS,
    FieldsPlugin,
    FuzzyTermPlugin,
    JoinedWordNode,
    JoinedWordsPlugin,
    PlusMinusPlugin,
    WildcardPlugin,
    check_boosts,
    exact_words,
    stems_lose_words,
    unknown_field_message,
)
from .querynear import MAX_PHRASE_SLOP, _NEAR, Near, NearNode, NearPlugin, near_distance  # noqa: F401
from .schema import (
    EXACT_BOOST,
    PUBLIC_FIELDS,
    STOP_WORDS,
    exact_twin,
    qparser,
    query,
)
from .schema import spans as whoosh_spans

_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_RANGE_CLOSERS = {"[": "]}", "{": "]}"}
MAX_FUZZY_DISTANCE = 2
# `~`, `~2`, `~2/3` (distance, then how many leading characters must match exactly).
_FUZZY = re.compile(r"~(?P<dist>[^\s/()^]*)(?:/(?P<prefix>[^\s()^]*))?")
_SLOP = re.compile(r"~(?P<slop>[^\s()^]*)")


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
    """Raise QueryError for what Whoosh would silently misread: balance, `~`, ranges, NEAR, `^`."""
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
        near_distance(match.group("dist"), text, match.start())
    check_boosts(text, outside)


def _outside_quotes(text: str) -> str:
    """`text` with everything inside double quotes blanked (same length, so positions hold)."""
    return re.sub(r'"[^"]*"', lambda m: '"' + " " * (len(m.group()) - 2) + '"', text)


# ---------------------------------------------------------------- field expansion


# Term kinds that match the index's vocabulary by pattern: users type names as written, so these
# run on the exact forms (a stem such as "hla" for Hlaing is not what anyone types).
_PATTERN_NODES = (qparser.WildcardPlugin.WildcardNode, qparser.PrefixPlugin.PrefixNode,
                  qparser.FuzzyTermPlugin.FuzzyTermNode)


_LEXICON_QUERIES = {qparser.FuzzyTermPlugin.FuzzyTermNode: lexicon.FuzzyWords,
                    qparser.WildcardPlugin.WildcardNode: lexicon.WildcardWords}


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
                group[i] = self._expanded(node, parser.schema)
        return group

    def _field_position(self, name: str, node) -> int | None:
        end = getattr(node, "startchar", None)
        found = self.query_text.rfind(name + ":", 0, None if end is None else end + 1)
        return found if found >= 0 else end

    def _expanded(self, node, schema):
        name = node.fieldname
        if name is None:
            targets = list(UNFIELDED_WEIGHTS.items())
        elif name in PUBLIC_FIELDS:
            targets = [(name, 1.0)]
        else:
            raise UnknownFieldError(unknown_field_message(name), self.query_text, self._field_position(name, node))
        pattern = isinstance(node, _PATTERN_NODES)
        phrase = isinstance(node, qparser.PhrasePlugin.PhraseNode)
        copies = []
        for fieldname, boost in targets:
            twin = exact_twin(fieldname)
            if twin and phrase and stems_lose_words(schema, fieldname, node.text or ""):
                # Stemming would leave one word of the phrase ("jay" of Jay-Z): only the exact
                # twin holds the phrase, and it takes the stemmed field's weight too.
                choices = [(twin, boost * (1 + EXACT_BOOST))]
            elif pattern and twin:
                choices = [(twin, boost)]
            else:
                choices = [(fieldname, boost)] + ([(twin, boost * EXACT_BOOST)] if twin else [])
            for target, weight in choices:
                clone = copy.copy(node)
                if type(node) in _LEXICON_QUERIES:  # words found in the lexicon, not every term table
                    clone.qclass = _LEXICON_QUERIES[type(node)]
                clone.set_fieldname(target, override=True)  # a field the user named goes to its twin too
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


# ---------------------------------------------------------------- repeated words


def counted_repeats(q):
    """`q` with identical clauses of an AND or OR merged into one whose weight is the sum of theirs:
    a word typed twice counts twice ("titles ... titles" weighs 2), and words that share a stem
    ("retrieval", "retrieve") count the stem once each.

    This is BM25's query-term frequency, as Lucene, tantivy and bm25s count it; Whoosh's normalize
    instead keeps one of identical clauses at its own weight, so a repeat counted once. On the
    descriptive queries of CISI and CACM counting them raised nDCG@10 and MAP by 21% and 7%
    (bench/results/relevance-loco.md). It runs on the parsed query, after every parser plugin, so
    operators (`a -a`, `a OR a`) and the fields' exact and stemmed forms are already resolved.
    """
    if q.is_leaf():
        return q
    if type(q) not in (query.And, query.Or):
        return q.apply(counted_repeats)
    children = []
    for child in q.children():
        child = counted_repeats(child)
        if type(child) is type(q):  # flattened as normalize would, the inner weight carried in
            children.extend(grandchild.with_boost(grandchild.boost * child.boost) for grandchild in child.children())
        else:
            children.append(child)
    merged: dict = {}
    for child in children:
        key = child.with_boost(1.0)
        try:
            merged[key] = merged.get(key, 0.0) + child.boost
        except TypeError:  # an unhashable clause is kept as it is
            merged[_Unmerged(child)] = child.boost
    return _rebuilt(q, [key.with_boost(boost) if not isinstance(key, _Unmerged) else key.clause
                        for key, boost in merged.items()])


class _Unmerged:
    def __init__(self, clause):
        self.clause = clause


def _rebuilt(q, children):
    clone = copy.copy(q)
    clone.subqueries = list(children)
    return clone


# ---------------------------------------------------------------- the parser


def make_parser(text: str, schema, *, match_all: bool = True, expand: bool = True):
    """The configured Whoosh parser for `text` (without field expansion when `expand` is false)."""
    group = qparser.AndGroup if match_all else qparser.OrGroup
    parser = qparser.QueryParser(None, schema, group=group)
    parser.query_text = text
    parser.remove_plugin_class(qparser.FieldsPlugin)
    parser.add_plugin(FieldsPlugin())
    parser.remove_plugin_class(qparser.WildcardPlugin)
    parser.add_plugin(WildcardPlugin())
    parser.add_plugin(PlusMinusPlugin())
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(DatePlugin(text))
    parser.add_plugin(JoinedWordsPlugin(text))
    parser.add_plugin(NearPlugin(text))
    parser.add_plugin(_StopWordPlugin())
    if expand:
        parser.add_plugin(_FieldExpansion(text))
    return parser


def parse_query(text: str, schema, *, match_all: bool = True):
    """The Whoosh query for `text`; QueryError (with a position) if it cannot be understood."""
    check_syntax(text)
    try:
        parsed = counted_repeats(make_parser(text, schema, match_all=match_all).parse(text, normalize=False))
        parsed = parsed.normalize()
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
