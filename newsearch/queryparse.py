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
            if slop and not (slop.isdigit() and 1 <= int(slop) <= MAX_PHRASE_SLOP):
                raise QueryError(f"a phrase's proximity is a number of words from 1 to {MAX_PHRASE_SLOP}, "
                                 f"as in \"a b\"~5 (got '{slop}')", text, at)
            continue
        found = _FUZZY.match(text, at)
        dist, prefix = found.group("dist"), found.group("prefix")
        if dist and not (dist.isdigit() and 1 <= int(dist) <= MAX_FUZZY_DISTANCE):
            raise QueryError(f"fuzzy distance must be 1 or {MAX_FUZZY_DISTANCE}, as in Hlaeng~ or Hlaeng~2 "
                             f"(got '{dist}')", text, at)
        if prefix is not None and not (prefix.isdigit() and int(prefix) >= 1):
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
    if dist.isdigit() and 1 <= int(dist) <= MAX_PHRASE_SLOP:
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


class _DateNode(qparser.syntax.SyntaxNode):
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
            return _DateNode(value, found.group("start"), found.group("end"), value[0] == "{", value[-1] == "}",
                             text, at)
        value = value.strip('"')
        comparison = re.match(r"[<>]=?", value)
        if comparison:
            op, date = comparison.group(), value[comparison.end():]
            at += comparison.end()
            if op.startswith(">"):
                return _DateNode(value, date, None, op == ">", False, text, at)
            return _DateNode(value, None, date, False, op == "<", text, at)
        if not value:
            raise QueryError("published: needs a date, as in published:2021-06", text, at)
        return _DateNode(value, value, value, False, False, text, at)


# ---------------------------------------------------------------- NEAR and w/s


class _NearMarker(qparser.syntax.SyntaxNode):
    def __init__(self, slop: int, label: str):
        self.slop, self.label = slop, label

    def r(self):
        return f"NEAR/{self.label}"


class _NearNode(qparser.syntax.SyntaxNode):
    """Two or more words or phrases within `slop` positions of each other, in any order."""

    has_fieldname = False
    has_boost = False

    def __init__(self, operands, slop: int, label: str, query_text: str):
        self.operands, self.slop, self.label = operands, slop, label
        named = {node.fieldname for node in operands if node.fieldname}
        if len(named) > 1:
            raise QueryError("both sides of NEAR must search the same field", query_text, operands[0].startchar)
        self.fieldname = named.pop() if named else None
        self.words = [_exact_words(node) for node in operands]
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
                else whoosh_spans.SpanNear2([query.Term(target, w, boost=boost) for w in words], slop=1, ordered=True)
                for words in self.words
            ]
            near = whoosh_spans.SpanNear2(parts, slop=self.slop, ordered=False)
            near.boost = 1.0  # Whoosh's boolean normalisation reads it; spans score through their terms
            per_field.append(near)
        return query.Or(per_field) if len(per_field) > 1 else per_field[0]


def _exact_words(node) -> list[str]:
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
                node = _NearNode(operands, marker.slop, marker.label, self.query_text)
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
    leaves = list(_all_leaves(parsed))
    errors = [leaf for leaf in leaves if isinstance(leaf, query.qcore._NullQuery)]
    if parsed is query.NullQuery or errors and len(errors) == len(leaves):
        raise QueryError("the query has no searchable words", text, 0)
    return parsed


def _all_leaves(q):
    if q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from _all_leaves(child)


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




# ---------------------------------------------------------------- explaining and suggesting


_GROUP_LABELS = {
    "AndGroup": "all of",
    "OrGroup": "any of",
    "NotGroup": "not",
    "AndNotGroup": "the first, but not the second",
    "AndMaybeGroup": "the first, ranked higher with the second",
    "RequireGroup": "the first, if the second also matches",
}


def explain_lines(text: str, schema, searcher, *, match_all: bool = True) -> list[str]:
    """The query as newsearch understood it, one line per clause, indented by nesting."""
    parse_query(text, schema, match_all=match_all)  # raises for anything malformed
    tree = make_parser(text, schema, match_all=match_all, expand=False).process(text)
    lines: list[str] = []
    _explain_node(tree, schema, searcher, 0, lines)
    return lines


def _explain_node(node, schema, searcher, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    syntax = qparser.syntax
    if isinstance(node, syntax.GroupNode):
        children = [n for n in node if not isinstance(n, syntax.Whitespace)]
        if len(children) == 1 and type(node).__name__ in ("AndGroup", "OrGroup"):
            _explain_node(children[0], schema, searcher, depth, lines)
            return
        lines.append(pad + _GROUP_LABELS.get(type(node).__name__, type(node).__name__) + ":")
        for child in children:
            _explain_node(child, schema, searcher, depth + 1, lines)
        return
    boost = f" (weight ×{node.boost:g})" if getattr(node, "boost", 1.0) not in (1.0, None) else ""
    where = f"in {node.fieldname}" if getattr(node, "fieldname", None) else "in the default fields"
    if isinstance(node, _DateNode):
        r = node.range
        low = ("after " if r.startexcl else "from ") + r.start if r.start else "from the earliest"
        high = ("before " if r.endexcl else "to ") + r.end if r.end else "to the latest"
        lines.append(f"{pad}published {low} {high} ({_plural(_count(searcher, r), 'article')})")
    elif isinstance(node, _NearNode):
        reach = "in the same sentence" if node.label == "s" else f"within {node.slop} words of each other"
        words = ", ".join('"' + " ".join(w) + '"' for w in node.words)
        lines.append(f"{pad}{words} {reach}, {where}, exact forms, any order ({_plural(_count(searcher, node.query(_Holder(schema))), 'article')})")
    elif isinstance(node, qparser.FuzzyTermPlugin.FuzzyTermNode):
        form = _exact_words(node)
        found = _expansions(searcher, schema, node, query.FuzzyTerm, maxdist=node.maxdist, prefixlength=node.prefixlength)
        lines.append(f'{pad}fuzzy "{" ".join(form)}" (up to {_plural(node.maxdist, "edit")}) {where}, exact forms{boost}: {found}')
    elif isinstance(node, (qparser.WildcardPlugin.WildcardNode, qparser.PrefixPlugin.PrefixNode)):
        prefix = isinstance(node, qparser.PrefixPlugin.PrefixNode)
        found = _expansions(searcher, schema, node, query.Prefix if prefix else query.Wildcard)
        shown = node.text.lower() + ("*" if prefix else "")
        lines.append(f'{pad}pattern "{shown}" {where}, exact forms{boost}: {found}')
    elif isinstance(node, qparser.PhrasePlugin.PhraseNode):
        words = _exact_words(node)
        reach = f", words within {node.slop} positions" if node.slop > 1 else ""
        fields = _exact_targets(schema, node.fieldname)
        q = query.Or([query.Phrase(f, words, slop=node.slop) if len(words) > 1 else query.Term(f, words[0])
                      for f in fields]) if words else query.NullQuery
        lines.append(f'{pad}phrase "{" ".join(words)}" {where}{reach}{boost}: exact forms, '
                     f'{_plural(_count(searcher, q), "article")}; stemmed too')
    elif isinstance(node, syntax.RangeNode):
        lines.append(f"{pad}range {node.start or '…'} to {node.end or '…'} {where}")
    elif isinstance(node, syntax.TextNode):
        lines.extend(pad + line for line in _explain_word(node, schema, searcher, where, boost))
    else:
        lines.append(f"{pad}ignored: {node!r}")


class _Holder:
    """Stands in for the parser where a node's query() only needs the schema."""

    def __init__(self, schema):
        self.schema, self.query_text = schema, ""


def _explain_word(node, schema, searcher, where: str, boost: str) -> list[str]:
    words = _exact_words(node)
    if not words:
        return [f'"{node.text}": no searchable characters, dropped']
    fields = _exact_targets(schema, node.fieldname)
    stemmed_fields = [f.removesuffix("_exact") for f in fields if f.endswith("_exact")]
    described = []
    for word in words:
        exact_count = _count(searcher, query.Or([query.Term(f, word) for f in fields]))
        part = f'exact "{word}" ({_plural(exact_count, "article")})' if exact_count else f'exact "{word}": in no article'
        if stemmed_fields:
            stems = [t.text for t in schema[stemmed_fields[0]].analyzer(word)]
            part += f', stemmed "{stems[0]}"' if stems else ", stop word: dropped from the stemmed fields"
        described.append(part)
    joined = " + ".join(described)
    label = "word" if len(words) == 1 else "words (as a phrase)"
    return [f'{label} "{node.text}" {where}{boost}: {joined}']


def _exact_targets(schema, fieldname: str | None) -> list[str]:
    names = [fieldname] if fieldname else list(DEFAULT_FIELD_BOOSTS)
    return [exact_twin(n) or n for n in names if (exact_twin(n) or n) in schema]


def _expansions(searcher, schema, node, qclass, **extra) -> str:
    reader = searcher.reader()
    seen = {}
    text = " ".join(_exact_words(node)) if qclass is query.FuzzyTerm else node.text.lower()
    for fieldname in _exact_targets(schema, node.fieldname):
        for _, term in qclass(fieldname, text, **extra).expanded_terms(reader):
            word = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            seen[word] = seen.get(word, 0) + reader.doc_frequency(fieldname, term)
    if not seen:
        return "matches no word in the index"
    best = sorted(seen, key=lambda w: -seen[w])
    more = f" and {len(best) - 8} more" if len(best) > 8 else ""
    return "matches " + ", ".join(best[:8]) + more


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _count(searcher, q) -> int:
    return sum(1 for _ in searcher.docs_for_query(q)) if q is not query.NullQuery else 0


def suggestion(text: str, schema, searcher) -> str | None:
    """`text` with each word that no article holds replaced by the closest indexed word, or None.

    Candidates come from the exact forms (words as written, not stems), within one edit (two for
    words of six letters or more), the most frequent winning; the user's capitalisation is kept.
    """
    try:
        check_syntax(text)
        tree = make_parser(text, schema, expand=False).process(text)
    except QueryError:
        return None
    replacements: list[tuple[int, int, str]] = []
    for node in _positive_text_nodes(tree):
        fields = _exact_targets(schema, node.fieldname)
        offset = getattr(node, "textstartchar", node.startchar)
        for token in exact_analyzer()(node.text, chars=True):
            word, start, end = token.text, offset + token.startchar, offset + token.endchar
            if _count(searcher, query.Or([query.Term(f, word) for f in fields])) or word.isdigit():
                continue
            better = _closest(searcher.reader(), fields, word)
            if better:
                replacements.append((start, end, _same_case(text[start:end], better)))
    if not replacements:
        return None
    for start, end, word in sorted(replacements, reverse=True):
        text = text[:start] + word + text[end:]
    return text


def _positive_text_nodes(node):
    syntax = qparser.syntax
    if isinstance(node, (syntax.NotGroup, syntax.AndNotGroup)):
        if isinstance(node, syntax.AndNotGroup) and len(node):
            yield from _positive_text_nodes(node[0])
        return
    if isinstance(node, syntax.GroupNode):
        for child in node:
            yield from _positive_text_nodes(child)
    elif type(node) in (syntax.WordNode, qparser.PhrasePlugin.PhraseNode) and node.startchar is not None:
        yield node


def _closest(reader, fields: list[str], word: str) -> str | None:
    for distance in (1, 2) if len(word) >= 6 else (1,):
        counts: dict[str, int] = {}
        for fieldname in fields:
            for term in reader.terms_within(fieldname, word, distance):
                candidate = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                counts[candidate] = counts.get(candidate, 0) + reader.doc_frequency(fieldname, term)
        if counts:
            return min(counts, key=lambda c: (-counts[c], c))
    return None


def _same_case(pattern: str, word: str) -> str:
    """`word` capitalised like `pattern` (HLAENG → HLAING, Hlaeng → Hlaing, hlaeng → hlaing)."""
    if len(pattern) > 1 and pattern.isupper():
        return word.upper()
    if pattern[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
