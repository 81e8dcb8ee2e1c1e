"""newsearch's query tree (newsearch/query/tree.py) → the Whoosh query that runs it.

Each field a node names (or, unfielded, each of UNFIELDED_WEIGHTS) is searched in its stemmed form
and in its exact twin (EXACT_BOOST of the weight); fuzzy, prefix and wildcard terms run on the exact
forms only (names as written: a stem such as "hla" for Hlaing is not what anyone types), through the
lexicon where there is one; a phrase that stemming would shrink to one word runs on the twin alone.
"""

from __future__ import annotations

from . import lexicon
from ...query import tree
from .querydates import date_query
from .querynames import UNFIELDED_WEIGHTS, stems_lose_words
from .querynear import near_query
from .schema import EXACT_BOOST, exact_twin, qparser, query

_PATTERNS = (tree.Prefix, tree.Wildcard, tree.Fuzzy)
_FIELDED = (tree.Word, tree.Joined, tree.Phrase, tree.Prefix, tree.Wildcard, tree.Fuzzy, tree.Range)
_GROUPS = {tree.And: query.And, tree.Or: query.Or}
_PAIRS = {tree.AndNot: query.AndNot, tree.AndMaybe: query.AndMaybe, tree.Require: query.Require}


class Compiler:
    """Compiles trees for one schema (its fields analyse the words)."""

    def __init__(self, schema):
        self.schema = schema
        self.parser = qparser.QueryParser(None, schema)  # its term_query: a word as a field analyses it

    def compile(self, node):
        """The Whoosh query of `node`, or None where nothing is left to search (a stop word)."""
        kind = type(node)
        if kind in _GROUPS:
            subs = [q for q in (self.compile(child) for child in node.children) if q is not None]
            return _GROUPS[kind](subs, boost=node.boost)
        if kind in _PAIRS:
            first, second = (self.compile(child) for child in tree.children(node))
            if first is None and second is None:
                return query.NullQuery
            if first is None or second is None:
                return second if first is None else first
            return _PAIRS[kind](first, second)
        if kind is tree.Not:
            q = self.compile(node.child)
            return query.Not(q) if q else None
        if kind in _FIELDED:
            return self._expanded(node)
        if kind is tree.DateRange:
            return date_query(node)
        if kind is tree.Near:
            return near_query(node, self.schema)
        if kind is tree.DroppedStopWord:
            return query.NullQuery
        if kind is tree.Stray:
            return query.Term(None, node.text)
        if kind is tree.Every:
            return query.Every()
        raise TypeError(f"not a query tree node: {node!r}")

    def _expanded(self, node):
        """`node` in each of its fields and their exact twins, weighted; one query or an Or."""
        targets = list(UNFIELDED_WEIGHTS.items()) if node.field is None else [(node.field, 1.0)]
        pattern = isinstance(node, _PATTERNS)
        phrase = isinstance(node, (tree.Phrase, tree.Joined))
        copies = []
        for fieldname, weight in targets:
            twin = exact_twin(fieldname)
            if twin and phrase and stems_lose_words(self.schema, fieldname, node.text or ""):
                # Stemming would leave one word of the phrase ("jay" of Jay-Z): only the exact
                # twin holds the phrase, and it takes the stemmed field's weight too.
                choices = [(twin, weight * (1 + EXACT_BOOST))]
            elif pattern and twin:
                choices = [(twin, weight)]
            else:
                choices = [(fieldname, weight)] + ([(twin, weight * EXACT_BOOST)] if twin else [])
            copies.extend(choices)
        if len(copies) == 1:
            # A boost the user typed replaces the field's weight (as it always has).
            target, weight = copies[0]
            return self._leaf(node, target, node.boost if node.boost != 1.0 else weight)
        subs = [q for q in (self._leaf(node, target, weight) for target, weight in copies) if q is not None]
        return query.Or(subs, boost=node.boost)

    def _leaf(self, node, fieldname: str, boost: float):
        term_query = self.parser.term_query
        if isinstance(node, tree.Word):
            return term_query(fieldname, node.text, query.Term, boost=boost, tokenize=True, removestops=True)
        if isinstance(node, (tree.Phrase, tree.Joined)):
            return self._phrase(node, fieldname, boost)
        if isinstance(node, tree.Prefix):
            return term_query(fieldname, node.text, query.Prefix, boost=boost, tokenize=False, removestops=False)
        if isinstance(node, tree.Wildcard):
            return term_query(fieldname, node.pattern, lexicon.WildcardWords, boost=boost, tokenize=False,
                              removestops=False)
        if isinstance(node, tree.Fuzzy):
            q = term_query(fieldname, node.text, lexicon.FuzzyWords, boost=boost, tokenize=False, removestops=False)
            q.maxdist, q.prefixlength = node.distance, node.prefix_length
            return q
        range_node = qparser.syntax.RangeNode(node.low, node.high, node.low_excluded, node.high_excluded)
        range_node.fieldname = fieldname  # a range takes no weight: each field's copy counts 1
        range_node.startchar = range_node.endchar = node.start
        return range_node.query(self.parser)

    def _phrase(self, node, fieldname: str, boost: float):
        offset = node.start + (1 if isinstance(node, tree.Phrase) else 0)
        slop = node.slop if isinstance(node, tree.Phrase) else 1
        if fieldname in self.schema:
            tokens = [(t.text, (offset + t.startchar, offset + t.endchar))
                      for t in self.schema[fieldname].tokenize(node.text, mode="query", chars=True)]
        else:
            tokens = [(word, (None, None)) for word in node.text.split()]
        return query.Phrase(fieldname, [w for w, _ in tokens], slop=slop, boost=boost,
                            char_ranges=[r for _, r in tokens])
