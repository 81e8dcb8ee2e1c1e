"""newsearch's query tree (newsearch/query/tree.py) → the Whoosh query that runs it.

Each field a node names (or, unfielded, each of UNFIELDED_WEIGHTS) is searched in its stemmed form
and in its exact twin (EXACT_BOOST of the weight); fuzzy, prefix and wildcard terms run on the exact
forms only (names as written: a stem such as "hla" for Hlaing is not what anyone types), through the
lexicon where there is one; a phrase that stemming would shrink to one word runs on the twin alone.
"""

from __future__ import annotations

from . import lexicon
from .combined import Combined
from ...query import tree
from .querydates import date_query
from .querynames import UNFIELDED_WEIGHTS, stems_lose_words
from .querynear import near_query
from .schema import EXACT_BOOST, STOP_WORDS, exact_twin, qparser, query

# An unfielded word scored as one text over its fields (BM25F, combined.py: one saturation per
# word) instead of field by field with the scores added (a word in the headline and the body
# saturating twice). Its stemmed forms (with the name fields' words) are one text, the exact twins
# another, weighing EXACT_BOOST: the twins in the same text measured lower on three of the four
# development collections (CISI +0.1%, MED -0.5%, Cranfield -3.4%, CACM +2.3%, against +3.0%, 0,
# -2.1%, +4.5% apart; scratch runs on the defaults, nDCG@10 and MAP). It saturates with BM25 even
# under InB2 (schema.RANKING_MODEL), so turned on with InB2 the two models' scores are added in one
# query: measure it with RANKING_MODEL = "bm25".
COMBINE_FIELDS = False

# A function word dropped from an `--any` query's alternatives (queryparse.ALTERNATIVE_STOP_WORDS)
# still searched in the exact twins (see Compiler._function_word).
FUNCTION_WORDS_IN_TWINS = True

_PATTERNS = (tree.Prefix, tree.Wildcard, tree.Fuzzy)
_FIELDED = (tree.Word, tree.Joined, tree.Phrase, tree.Prefix, tree.Wildcard, tree.Fuzzy, tree.Range)
_GROUPS = {tree.And: query.And, tree.Or: query.Or}
_PAIRS = {tree.AndNot: query.AndNot, tree.AndMaybe: query.AndMaybe, tree.Require: query.Require}


class Compiler:
    """Compiles trees for one schema (its fields analyse the words). `match_all`: a word a field
    cuts into several (a field's multitoken_query "default") needs all of them, or any."""

    def __init__(self, schema, match_all: bool = True):
        self.schema = schema
        self.match_all = match_all

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
            return self._function_word(node) if FUNCTION_WORDS_IN_TWINS else query.NullQuery
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
        if COMBINE_FIELDS and node.field is None and type(node) is tree.Word:
            found = self._combined(node, targets)
            if found is not None:
                return found
        if len(copies) == 1:
            # A boost the user typed replaces the field's weight (as it always has).
            target, weight = copies[0]
            return self._leaf(node, target, node.boost if node.boost != 1.0 else weight)
        subs = [q for q in (self._leaf(node, target, weight) for target, weight in copies) if q is not None]
        return query.Or(subs, boost=node.boost)

    def _function_word(self, node):
        """A function word dropped from alternatives that the stemmed fields index ("what",
        "there"): searched in the exact twins alone, at their weight, so that a passage typed as
        words still counts its own function words, as typed, while they no longer weigh as a
        subject word of the stemmed fields. The index's stop words are left out entirely."""
        if node.text.lower() in STOP_WORDS:
            return query.NullQuery
        subs = []
        for fieldname, weight in UNFIELDED_WEIGHTS.items():
            twin = exact_twin(fieldname)
            leaf = self._leaf(tree.Word(node.text), twin, weight * EXACT_BOOST) if twin and weight and EXACT_BOOST else None
            if leaf is not None:
                subs.append(leaf)
        return query.Or(subs) if subs else query.NullQuery

    def _combined(self, node, targets):
        """An unfielded word as two Combined texts, its fields and their exact twins (the twins
        weighing EXACT_BOOST), or None where a field reads the word as several terms (the fields
        are then scored one by one)."""
        groups = []
        for fields, boost in (([name for name, _ in targets], 1.0),
                              ([exact_twin(name) for name, _ in targets], EXACT_BOOST)):
            leaves = [self._leaf(node, field, weight) for field, (_, weight) in zip(fields, targets) if field]
            leaves = [leaf for leaf in leaves if leaf is not None]
            if any(type(leaf) is not query.Term for leaf in leaves):
                return None
            if leaves:
                groups.append(Combined(leaves, boost=boost))
        if not groups:
            return None
        if len(groups) == 1:
            return groups[0].with_boost(groups[0].boost * node.boost)
        return query.Or(groups, boost=node.boost)

    def _leaf(self, node, fieldname: str, boost: float):
        term_query = self._term_query
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
        return self._range(node, fieldname)

    def _term_query(self, fieldname: str, text: str, termclass, *, boost: float, tokenize: bool, removestops: bool):
        """`text` as the field analyses it: one term, the field's multi-word query, or None when
        nothing is left (a stop word in a stemmed field)."""
        if fieldname in self.schema:
            field = self.schema[fieldname]
            if field.self_parsing():
                try:
                    return field.parse_query(fieldname, text, boost=boost)
                except Exception as error:  # noqa: BLE001  (a field's own parse error becomes an error query)
                    return query.error_query(error)
            texts = list(field.process_text(text, mode="query", tokenize=tokenize, removestops=removestops))
            if len(texts) > 1:
                return self._multitoken(field.multitoken_query.lower(), texts, fieldname, termclass, boost)
            if not texts:
                return None
            text = texts[0]
        return termclass(fieldname, text, boost=boost)

    def _multitoken(self, spec: str, texts: list[str], fieldname: str, termclass, boost: float):
        if spec == "first":
            return termclass(fieldname, texts[0], boost=boost)
        if spec == "phrase":
            return query.Phrase(fieldname, texts, boost=boost)
        combine = {"and": query.And, "or": query.Or}.get(spec) or (query.And if self.match_all else query.Or)
        return combine([termclass(fieldname, t, boost=boost) for t in texts])

    def _range(self, node, fieldname: str):
        """A term range in one field (a range takes no weight: each field's copy counts 1)."""
        low, high = node.low, node.high
        if fieldname in self.schema:
            field = self.schema[fieldname]
            if field.self_parsing():
                try:
                    q = field.parse_range(fieldname, low, high, node.low_excluded, node.high_excluded)
                    if q is not None:
                        return q
                except qparser.QueryParserError as error:
                    return query.error_query(error)
            low = _first_token(field, low) if low else low
            high = _first_token(field, high) if high else high
        return query.TermRange(fieldname, low, high, node.low_excluded, node.high_excluded)

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


def _first_token(field, text: str):
    for token in field.process_text(text, mode="query", tokenize=False, removestops=False):
        return token
    return None
