"""Turns a user's query string into a Whoosh query, checking it first.

Whoosh's parser never fails: an unbalanced quote or an unknown field silently becomes literal
text and usually an empty result. Here those are errors that point at the problem.
"""

from __future__ import annotations

import copy

from .errors import QueryError, UnknownFieldError
from .schema import DEFAULT_FIELD_BOOSTS, EXACT_BOOST, PUBLIC_FIELDS, exact_twin, qparser, query

_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_RANGE_CLOSERS = {"[": "]}", "{": "]}"}


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
            raise UnknownFieldError(
                f"unknown field '{name}'; valid fields: {', '.join(PUBLIC_FIELDS)}"
                " (put text in quotes to search for it as written)",
                self.query_text,
                self._field_position(name, node),
            )
        copies = []
        for fieldname, boost in targets:
            twin = exact_twin(fieldname)
            for target, weight in [(fieldname, boost)] + ([(twin, boost * EXACT_BOOST)] if twin else []):
                clone = copy.copy(node)
                clone.set_fieldname(target)
                clone.set_boost(node.boost * weight)
                copies.append(clone)
        return copies[0] if len(copies) == 1 else qparser.syntax.OrGroup(copies)


def parse_query(text: str, schema, *, match_all: bool = True):
    """The Whoosh query for `text`; QueryError (with a position) if it cannot be understood."""
    check_balance(text)
    group = qparser.AndGroup if match_all else qparser.OrGroup
    parser = qparser.QueryParser(None, schema, group=group)
    parser.remove_plugin_class(qparser.FieldsPlugin)
    parser.add_plugin(qparser.FieldsPlugin(remove_unknown=False))
    parser.add_plugin(qparser.PlusMinusPlugin())
    parser.add_plugin(_FieldExpansion(text))
    parsed = parser.parse(text)
    errors = [leaf for leaf in _all_leaves(parsed) if isinstance(leaf, query.qcore._NullQuery)]
    if parsed is query.NullQuery or errors and len(errors) == len(list(_all_leaves(parsed))):
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
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from positive_leaves(child)
