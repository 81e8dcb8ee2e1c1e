"""One BM25 saturation per word over all the fields an unfielded word is searched in (BM25F).

Scored field by field, a word in the headline and the body saturates twice (once in each field)
and the two scores add up: an article gains nearly twice the word's weight for naming it in both,
however often. BM25F (Robertson, Zaragoza & Taylor, 2004) sums the word's field-length-normalised
frequencies first, each times its field's weight, and saturates once:

    tf~ = sum over fields f of  w_f * tf_f / ((1 - b_f) + b_f * len_f / avglen_f)
    score = idf * tf~ * (K1 + 1) / (tf~ + K1)

with one idf for the word, from the articles holding it in any of the fields. A word in one
field of weight 1 scores exactly as the per-field BM25 does (a weight w_f scales the frequency
before saturating, not the score after it). `Combined` is the query of one word's terms
(one per field, each boost the field's weight); its own boost multiplies the score (the exact
twins' EXACT_BOOST, a repeated word's count). termscore scores it from whole posting lists; the
matcher here gives Whoosh's path the same scores (tests/test_termscore.py checks both).
"""

from __future__ import annotations

from .format.postings import Postings
from .schema import query, rsj_idf
from whoosh.matching import mcore


class Combined(query.CompoundQuery):
    """One word's terms in several fields, scored as one text (BM25F). Children: `query.Term`s
    whose boosts are their fields' weights."""

    JOINT = " | "
    intersect_merge = False

    def normalize(self):
        subs = []
        for sub in self.subqueries:
            sub = sub.normalize()
            if sub is not query.NullQuery and sub not in subs:
                subs.append(sub)
        return Combined(subs, boost=self.boost) if subs else query.NullQuery

    def matcher(self, searcher, context=None):
        weighting = getattr(context, "weighting", None) or searcher.weighting
        parent = searcher.get_parent()
        children, parts = [], []
        for term in self.subqueries:
            m = term.with_boost(1.0).matcher(searcher, context)
            if m.is_active():
                b = weighting._field_B.get(term.fieldname, weighting.B)
                avgfl = parent.avg_field_length(term.fieldname) or 1
                children.append(m)
                parts.append((term.boost, term.fieldname, b, avgfl))
        if not children:
            return mcore.NullMatcher()
        return CombinedMatcher(children, parts, searcher, idf(Postings.of(parent), self), weighting.K1, self.boost)


def idf(ix: Postings, q: Combined) -> float:
    """The word's idf from the articles holding any of its terms (deleted ones counted, as Whoosh's
    own document frequencies count them until a merge)."""
    holding: set[int] = set()
    for term in q.subqueries:
        holding.update(ix.term(term.fieldname, term.text)[0])
    return rsj_idf(len(holding), ix.searcher.doc_count_all())


def saturated(word_idf: float, tf: float, k1: float) -> float:
    """BM25's saturation of the combined frequency."""
    return word_idf * ((tf * (k1 + 1)) / (tf + k1))


def scores(ix: Postings, q: Combined) -> dict[int, float]:
    """{docnum: score} of every article holding any of `q`'s terms (deleted ones included)."""
    total: dict[int, float] = {}
    for term in q.subqueries:
        ids, norms = ix.normalised(term.fieldname, term.text)
        weight, get = term.boost, total.get
        for docnum, norm in zip(ids, norms):
            total[docnum] = get(docnum, 0.0) + weight * norm
    if not total:
        return total
    # Every posting made a key (a weight of 0 too): the articles holding any term, as `idf` counts.
    word_idf = rsj_idf(len(total), ix.searcher.doc_count_all())
    k1 = ix.searcher.weighting.K1
    boost = q.boost
    if boost == 1.0:
        return {d: saturated(word_idf, tf, k1) for d, tf in total.items()}
    return {d: saturated(word_idf, tf, k1) * boost for d, tf in total.items()}


def terms_only(q) -> bool:
    return all(type(child) is query.Term for child in q.subqueries)


class CombinedMatcher(mcore.Matcher):
    """The union of one word's term matchers, scored by BM25F (the same floats as `scores`)."""

    def __init__(self, children, parts, searcher, word_idf: float, k1: float, boost: float):
        self._children, self._parts, self._searcher = children, parts, searcher
        self._idf, self._k1, self._boost = word_idf, k1, boost

    def is_active(self):
        return any(m.is_active() for m in self._children)

    def reset(self):
        for m in self._children:
            m.reset()

    def children(self):
        return list(self._children)

    def copy(self):
        return CombinedMatcher([m.copy() for m in self._children], self._parts, self._searcher, self._idf,
                               self._k1, self._boost)

    def replace(self, minquality=0):
        return self if self.is_active() else mcore.NullMatcher()

    def supports_block_quality(self):
        return False

    def id(self):
        return min(m.id() for m in self._children if m.is_active())

    def next(self):
        current = self.id()
        for m in self._children:
            if m.is_active() and m.id() == current:
                m.next()

    def skip_to(self, target):
        for m in self._children:
            if m.is_active() and m.id() < target:
                m.skip_to(target)

    def weight(self):
        current = self.id()
        return sum(m.weight() for m in self._children if m.is_active() and m.id() == current)

    def score(self):
        current, tf = self.id(), 0.0
        for m, (weight, fieldname, b, avgfl) in zip(self._children, self._parts):
            if m.is_active() and m.id() == current:
                length = self._searcher.doc_field_length(current, fieldname, 1)
                tf += weight * (m.weight() / ((1 - b) + b * length / avgfl))
        found = saturated(self._idf, tf, self._k1)
        return found if self._boost == 1.0 else found * self._boost
