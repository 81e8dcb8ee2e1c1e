"""Proximity in Whoosh queries: `a NEAR/5 b` (within 5 words, any order) and `a w/s b` (the same
sentence), on the exact forms; `Near` is the span query both (and termscore) run."""

from __future__ import annotations

from ...query.checks import MAX_PHRASE_SLOP  # noqa: F401
from .querynames import UNFIELDED_WEIGHTS
from .schema import exact_twin, query
from .schema import spans as whoosh_spans


class Near(whoosh_spans.SpanNear2):
    """Whoosh's SpanNear2 (terms within `slop` positions), with the size estimate it needs inside
    an Or or AndMaybe (Whoosh 2.7.4's refers to an undefined name). Spans score through their terms."""

    def __init__(self, qs, slop: int = 1, ordered: bool = True, mindist: int = 1):
        super().__init__(qs, slop=slop, ordered=ordered, mindist=mindist)
        self.boost = 1.0  # Whoosh's boolean normalisation reads it

    def _and_query(self):
        return query.And(self.qs)


def near_query(node, schema):
    """The span query of a tree's Near: its operands' exact words in each field it searches."""
    targets = list(UNFIELDED_WEIGHTS.items()) if node.field is None else [(node.field, 1.0)]
    per_field = []
    for fieldname, boost in targets:
        target = exact_twin(fieldname) or fieldname
        if target not in schema:
            continue
        # Span queries score through their terms, so the field's weight goes on each term.
        parts = [
            query.Term(target, words[0], boost=boost) if len(words) == 1
            else Near([query.Term(target, w, boost=boost) for w in words], slop=1, ordered=True)
            for words in node.words
        ]
        per_field.append(Near(parts, slop=node.distance, ordered=False))
    return query.Or(per_field) if len(per_field) > 1 else per_field[0]
