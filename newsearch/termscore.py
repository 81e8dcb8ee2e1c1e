"""Term-at-a-time scoring with numpy: the scores Whoosh's matchers compute posting by posting, for
every matching article at once.

Whoosh scores each posting of each query term through a tree of Python matchers (a word searched
in eight fields and their exact twins is sixteen posting lists), a few microseconds a posting:
hundreds of milliseconds for a common word on 100k articles. Here each posting list is read a
block at a time into arrays and scored with the same BM25 (same idf, average length, quantised
field length, boosts); AND, OR, NOT and AndMaybe become array operations. Proximity windows (the
sequential-dependence re-ranking) are checked only for the articles that could still reach the
top: each window can add at most its two words' scores, so once the best `limit` exact scores are
known, the other articles' upper bounds rule them out.

Only plain queries are taken (`supports`); phrases, NEAR, patterns, ranges and collapsing run
through Whoosh as before. tests/test_termscore.py checks both give the same hits in the same order.
"""

from __future__ import annotations

import heapq

import numpy as np

from .queryparse import Near
from .schema import query, scoring

# The gap kept between the k-th best exact score and any upper bound left unchecked, so that
# rounding scores to 6 decimals (the ranking's tie rule) cannot reorder what was ruled out.
_MARGIN = 1e-5
_TERMS_KEPT = 256  # posting lists kept between queries of one process


def supports(q) -> bool:
    """Whether `q` is made only of what this module scores (terms, AND/OR/NOT, AndMaybe, word pairs)."""
    if isinstance(q, query.Term):
        return True
    if isinstance(q, Near):
        return _pair(q) is not None
    if type(q) is query.Phrase:
        return len(q.words) > 1
    if isinstance(q, (query.And, query.Or)) and type(q) in (query.And, query.Or):
        return getattr(q, "minmatch", 0) in (0, None) and getattr(q, "scale", None) is None and all(
            supports(child) for child in q.children())
    if isinstance(q, (query.AndNot, query.AndMaybe)):
        return supports(q.a) and supports(q.b)
    if isinstance(q, query.Not):
        return supports(q.query)
    return q is query.NullQuery


def top(searcher, q, limit: int, within=None) -> tuple[list[tuple[float, int]], int]:
    """The best `limit` (score, docnum) of `q`, best first (ties: lower docnum), and how many
    articles match. `within`: a query the matches must also match (a date filter)."""
    if not isinstance(searcher.weighting, scoring.BM25F):
        raise TypeError("termscore scores with BM25F only")
    ix = _Arrays.of(searcher)
    windows = []
    if isinstance(q, query.AndMaybe) and _windows(q.b):
        q, windows = q.a, _windows(q.b)
    mask, scores = _evaluate(ix, q)
    mask &= ix.alive
    if within is not None:
        mask &= ix.docs(within)
    matched = np.flatnonzero(mask)
    total = len(matched)
    if not total or limit <= 0:
        return [], total
    base = scores[matched]
    if not windows:
        order = np.lexsort((matched, -base))[:limit]
        return [(float(base[i]), int(matched[i])) for i in order], total
    return _with_windows(ix, windows, matched, base, limit), total


def _with_windows(ix, windows, matched, base, limit):
    pairs = [(near, _pair_scores(ix, near, matched)) for near in windows]
    bound = base + sum(both for _, (_, _, both) in pairs)
    best: list[tuple[float, int]] = []  # min-heap of (score, -docnum) for the best `limit`
    for i in np.lexsort((matched, -bound)):
        if len(best) == limit and bound[i] < best[0][0] - _MARGIN:
            break
        docnum = int(matched[i])
        score = float(base[i]) + sum(float(both[i]) for near, (a, b, both) in pairs
                                     if both[i] and _within(ix, near, docnum))
        item = (score, -docnum)
        if len(best) < limit:
            heapq.heappush(best, item)
        elif item > best[0]:
            heapq.heapreplace(best, item)
    return [(score, -negative) for score, negative in sorted(best, reverse=True)]


# ---------------------------------------------------------------- evaluating the query tree


def _evaluate(ix, q) -> tuple[np.ndarray, np.ndarray]:
    """(matches, scores) over all docnums; scores are 0 where there is no match."""
    if isinstance(q, query.Term):
        mask, scores = ix.empty()
        ids, term_scores, _ = ix.term(q.fieldname, q.text)
        mask[ids] = True
        scores[ids] = term_scores * q.boost
        return mask, scores
    if isinstance(q, Near):
        field, first, second = _pair(q)
        return _spans(ix, field, [first, second], q.slop, ordered=False)
    if type(q) is query.Phrase:
        mask, scores = _spans(ix, q.fieldname, [query.Term(q.fieldname, word) for word in q.words], q.slop, ordered=True)
        return mask, scores * q.boost
    if q is query.NullQuery:
        return ix.empty()
    if isinstance(q, query.Or):
        mask, scores = ix.empty()
        for child in q.children():
            child_mask, child_scores = _evaluate(ix, child)
            mask |= child_mask
            scores += child_scores
        return mask, scores * q.boost
    if isinstance(q, query.And):
        children = list(q.children())
        mask, scores = _evaluate(ix, children[0])
        for child in children[1:]:
            child_mask, child_scores = _evaluate(ix, child)
            mask &= child_mask
            scores += child_scores
        return mask, np.where(mask, scores, 0.0) * q.boost
    if isinstance(q, query.AndNot):
        mask, scores = _evaluate(ix, q.a)
        mask &= ~_evaluate(ix, q.b)[0]
        return mask, np.where(mask, scores, 0.0)
    if isinstance(q, query.AndMaybe):
        mask, scores = _evaluate(ix, q.a)
        return mask, np.where(mask, scores + _evaluate(ix, q.b)[1], 0.0)
    if isinstance(q, query.Not):  # Whoosh scores an article for not matching as 1.0
        mask = ix.alive & ~_evaluate(ix, q.query)[0]
        return mask, mask.astype(np.float64)
    raise TypeError(f"termscore cannot score {type(q).__name__}")


def _pair(near):
    """(field, first term, second term) of a two-word unordered window, else None."""
    terms = near.qs
    if (near.ordered or near.mindist != 1 or len(terms) != 2
            or not all(type(t) is query.Term for t in terms) or terms[0].fieldname != terms[1].fieldname):
        return None
    return terms[0].fieldname, terms[0], terms[1]


def _windows(q) -> list:
    """The proximity windows of a re-ranking clause (one window or an OR of them), else []."""
    children = q.children() if type(q) is query.Or and q.boost == 1.0 else [q]
    return list(children) if all(isinstance(c, Near) and _pair(c) for c in children) else []


def _pair_scores(ix, near, matched):
    """For the `matched` docnums: each word's boosted score, and their sum where both occur."""
    field, first, second = _pair(near)
    a_ids, a_scores, _ = ix.term(field, first.text)
    b_ids, b_scores, _ = ix.term(field, second.text)
    a = _gather(matched, a_ids, a_scores * first.boost)
    b = _gather(matched, b_ids, b_scores * second.boost)
    return a, b, np.where((a > 0) & (b > 0), a + b, 0.0)


def _gather(matched, ids, values):
    """values[k] for each docnum of `matched` that is ids[k], 0 elsewhere (both sorted)."""
    out = np.zeros(len(matched))
    if len(ids):
        at = np.searchsorted(ids, matched)
        found = at < len(ids)
        found[found] = ids[at[found]] == matched[found]
        out[found] = values[at[found]]
    return out


def _within(ix, near, docnum: int) -> bool:
    """Whether the window's two words occur within `slop` positions of each other in `docnum`."""
    field, first, second = _pair(near)
    docnums = np.array([docnum], dtype=np.int64)
    return _chain([ix.positions(field, t.text, docnums)[0] for t in (first, second)], near.slop, ordered=False)


def _spans(ix, field: str, terms, slop: int, ordered: bool):
    """(matches, scores) of words within `slop` of each other (in order, for a phrase): scored as
    Whoosh's span queries are, by the sum of the words' (boosted) scores."""
    mask, scores = ix.empty()
    postings = [ix.term(field, t.text) for t in terms]
    candidates = postings[0][0]
    for ids, _, _ in postings[1:]:
        candidates = np.intersect1d(candidates, ids, assume_unique=True)
    if not len(candidates):
        return mask, scores
    positions = [ix.positions(field, t.text, candidates) for t in terms]
    found = [docnum for k, docnum in enumerate(candidates.tolist())
             if _chain([word[k] for word in positions], slop, ordered)]
    mask[found] = True
    for term, (ids, term_scores, _) in zip(terms, postings):
        scores[ids] += term_scores * term.boost
    return mask, np.where(mask, scores, 0.0)


def _chain(position_lists, slop: int, ordered: bool, mindist: int = 1) -> bool:
    """Whoosh's SpanNear2 test on one-word spans: each next word lies `mindist` to `slop` positions
    from the span matched so far (after it, if `ordered`), which then grows to include it."""
    spans = [(p, p) for p in position_lists[0]]
    for positions in position_lists[1:]:
        grown = set()
        for start, end in spans:
            for p in positions:
                if p < start - slop or (ordered and start > p):
                    continue
                if p > end + slop:
                    break
                distance = 0 if start <= p <= end else (p - end if end < p else start - p)
                if mindist <= distance <= slop:
                    grown.add((min(start, p), max(end, p)))
        spans = sorted(grown)
        if not spans:
            return False
    return bool(spans)


# ---------------------------------------------------------------- posting lists as arrays


class _Arrays:
    """One open searcher's posting lists, field lengths and live documents as numpy arrays."""

    @classmethod
    def of(cls, searcher) -> _Arrays:
        """The arrays of `searcher`, made on first use and kept with it (a long batch of queries
        keeps at most _TERMS_KEPT posting lists from one query to the next)."""
        arrays = getattr(searcher, "_newsearch_arrays", None)
        if arrays is None:
            arrays = searcher._newsearch_arrays = cls(searcher)
        elif len(arrays._terms) > _TERMS_KEPT:
            arrays._terms.clear()
        return arrays

    def __init__(self, searcher):
        self.searcher = searcher
        self.segments = [(sub, offset) for sub, offset in searcher.subsearchers] if not searcher.is_atomic() \
            else [(searcher, 0)]
        self.size = searcher.doc_count_all()
        self.alive = np.ones(self.size, dtype=bool)
        for sub, offset in self.segments:
            deleted = list(sub.reader().all_doc_ids()) if sub.reader().has_deletions() else None
            if deleted is not None:
                self.alive[offset:offset + sub.reader().doc_count_all()] = False
                self.alive[np.asarray(deleted, dtype=np.int64) + offset] = True
        self._lengths: dict[str, np.ndarray] = {}
        self._terms: dict[tuple[str, str], tuple] = {}
        self._empty: dict[int, set[str]] = {}

    def empty(self) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros(self.size, dtype=bool), np.zeros(self.size)

    def docs(self, q) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[np.fromiter(self.searcher.docs_for_query(q), dtype=np.int64)] = True
        return mask

    def term(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray, list]:
        """(docnums, BM25 scores, raw posting values) of a term, docnums ascending."""
        key = (fieldname, text)
        if key not in self._terms:
            self._terms[key] = self._read_term(fieldname, text)
        return self._terms[key]

    def positions(self, fieldname: str, text: str, docnums: np.ndarray) -> list[list[int]]:
        """The word's positions in each of `docnums` (sorted; [] where it does not occur)."""
        ids, _, values = self.term(fieldname, text)
        at = np.searchsorted(ids, docnums)
        decode = self.searcher.schema[fieldname].format.decode_positions
        return [decode(values[i]) if i < len(ids) and ids[i] == docnum else []
                for i, docnum in zip(at.tolist(), docnums.tolist())]

    def _read_term(self, fieldname: str, text: str):
        schema = self.searcher.schema
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0), [])
        if fieldname not in schema:
            return empty
        try:
            term = schema[fieldname].to_bytes(text)
        except ValueError:
            return empty
        ids, weights, values = [], [], []
        for sub, offset in self.segments:
            reader = sub.reader()
            if fieldname in self._fields_empty(reader) or (fieldname, term) not in reader:
                continue
            leaf = reader._terms.matcher(fieldname, term, schema[fieldname].format)
            for block_ids, block_weights, block_values in _blocks(leaf):
                ids.append(np.asarray(block_ids, dtype=np.int64) + offset)
                weights.append(np.asarray(block_weights, dtype=np.float64))
                values.extend(block_values)
        if not ids:
            return empty
        ids_array, weights_array = np.concatenate(ids), np.concatenate(weights)
        if not schema[fieldname].scorable:  # Whoosh scores such a field (ids, dates) by the weight
            return ids_array, weights_array, values
        # BM25FScorer's figures: idf and average length from the whole index, the field's B.
        weighting = self.searcher.weighting
        idf = self.searcher.idf(fieldname, term)
        avgfl = self.searcher.avg_field_length(fieldname) or 1
        b, k1 = weighting._field_B.get(fieldname, weighting.B), weighting.K1
        lengths = self._field_lengths(fieldname)[ids_array]
        scores = idf * ((weights_array * (k1 + 1)) / (weights_array + k1 * ((1 - b) + b * lengths / avgfl)))
        return ids_array, scores, values

    def _fields_empty(self, reader) -> set[str]:
        """The scored fields without any text in a segment (most articles fill few of the searched
        fields). Unscored fields keep no lengths to tell."""
        key = id(reader)
        if key not in self._empty:
            schema = self.searcher.schema
            self._empty[key] = {name for name in schema.names()
                                if schema[name].scorable and not reader.field_length(name)}
        return self._empty[key]

    def _field_lengths(self, fieldname: str) -> np.ndarray:
        if fieldname not in self._lengths:
            parts = []
            for sub, _ in self.segments:
                reader = sub.reader()
                parts.append(_segment_lengths(reader, fieldname, reader.doc_count_all()))
            self._lengths[fieldname] = np.concatenate(parts) if parts else np.zeros(0)
        return self._lengths[fieldname]


def _segment_lengths(reader, fieldname: str, count: int) -> np.ndarray:
    """The quantised field lengths Whoosh's scorer reads (doc_field_length), for a whole segment:
    one byte per article in the lengths column, read in one go."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return np.ones(count)  # doc_field_length's default for a field without lengths
    codes = np.zeros(count, dtype=np.uint8)  # articles past the column's end have no length
    stored = min(column._count, count)
    if stored:
        codes[:stored] = np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8)
    return _LENGTH_OF_CODE[codes]


def _length_table() -> np.ndarray:
    from whoosh.codec.whoosh3 import byte_to_length

    return np.array([byte_to_length(code) if code else 0 for code in range(256)], dtype=np.float64)


_LENGTH_OF_CODE = _length_table()


def _blocks(leaf):
    """(ids, weights, values) of each block of a Whoosh W3 posting list, read whole (a short list
    stored inline in the term's entry comes as one block)."""
    if not hasattr(leaf, "_atend"):
        postings = []
        while leaf.is_active():
            postings.append((leaf.id(), leaf.weight(), leaf.value()))
            leaf.next()
        if postings:
            yield tuple(zip(*postings))
        return
    while not leaf._atend:
        leaf._read_ids()
        leaf._read_weights()
        leaf._read_values()
        yield leaf._ids, leaf._weights, leaf._values
        leaf._next_block()
