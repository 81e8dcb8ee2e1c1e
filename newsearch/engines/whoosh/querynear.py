"""Proximity in queries: `a NEAR/5 b` (within 5 words, any order) and `a w/s b` (the same
sentence), on the exact forms; `Near` is the span query both (and termscore) run."""

from __future__ import annotations

import re

from ...errors import QueryError, UnknownFieldError
from .querynames import UNFIELDED_WEIGHTS, JoinedWordNode, exact_words, unknown_field_message
from .schema import PUBLIC_FIELDS, SENTENCE_GAP, exact_twin, qparser, query
from .schema import spans as whoosh_spans

MAX_PHRASE_SLOP = SENTENCE_GAP - 1
_NEAR = re.compile(r"(?<!\S)(?:NEAR|w)/(?P<dist>\S*)")


def near_distance(dist: str, text: str, at: int) -> int:
    if dist.lower() == "s":
        return SENTENCE_GAP - 1
    if dist.isdecimal() and 1 <= int(dist) <= MAX_PHRASE_SLOP:
        return int(dist)
    raise QueryError(f"NEAR/ takes a number of words (1 to {MAX_PHRASE_SLOP}) or s for the same sentence, "
                     f"as in Shoigu NEAR/5 Hlaing or Shoigu w/s Hlaing (got '{dist}')", text, at)


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
            targets = list(UNFIELDED_WEIGHTS.items())
        elif self.fieldname in PUBLIC_FIELDS:
            targets = [(self.fieldname, 1.0)]
        else:
            raise UnknownFieldError(unknown_field_message(self.fieldname), parser.query_text, self.startchar)
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


class NearPlugin(qparser.Plugin):
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
        return _NearMarker(near_distance(dist, self.query_text, match.start()), dist.lower())


def _near_operand(node) -> bool:
    return type(node) in (qparser.syntax.WordNode, qparser.PhrasePlugin.PhraseNode, JoinedWordNode)
