"""Term-at-a-time scoring: the scores Whoosh's matchers compute posting by posting, for every
matching article at once.

Whoosh scores each posting of each query term through a tree of Python matchers (a word searched
in eight fields and their exact twins is sixteen posting lists), a few microseconds a posting:
hundreds of milliseconds for a common word on 100k articles. Here each posting list is read whole
and scored in one pass with the same model (InB2 or BM25: same statistics, quantised field length;
see postings.py), boosted; AND, OR, NOT and AndMaybe become operations on {docnum: score} maps.
Plain Python on purpose: importing numpy would cost a one-query process more (~80 ms) than the
arrays save.

Proximity windows (the sequential-dependence re-ranking) are checked only for the articles that
could still reach the top: a window adds at most its two words' scores, so once the best `limit`
exact scores are known, the other articles' upper bounds rule them out.

`supports` says which queries are taken: words (in one field, or in several as one text:
combined.py), AND/OR/NOT, AndMaybe, phrases and NEAR of words
and phrases (patterns arrive expanded into words, see searcher._ranked). The rest (`*:*`, ranges)
runs through Whoosh. tests/test_termscore.py checks both give the same hits, order, scores and
counts.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left

from . import combined
from .format.postings import Postings
from .queryparse import Near
from .schema import query, scoring

# The gap kept between the k-th best exact score and any upper bound left unchecked, so that
# rounding scores to 6 decimals (the ranking's tie rule) cannot reorder what was ruled out.
_MARGIN = 1e-5

Scores = dict  # docnum -> score, for every matching article


def supports(q) -> bool:
    """Whether `q` is made only of what this module scores (terms, AND/OR/NOT, AndMaybe, phrases,
    word pairs)."""
    if isinstance(q, query.Term):
        return True
    if type(q) is combined.Combined:
        return combined.terms_only(q)
    if isinstance(q, Near):
        leaves = _span_terms(q)
        return leaves is not None and len({t.fieldname for t in leaves}) == 1
    if type(q) is query.Phrase:
        return len(q.words) > 1
    if type(q) in (query.And, query.Or):
        return getattr(q, "minmatch", 0) in (0, None) and getattr(q, "scale", None) is None and all(
            supports(child) for child in q.children())
    if isinstance(q, (query.AndNot, query.AndMaybe)):
        return supports(q.a) and supports(q.b)
    if isinstance(q, query.Not):
        return supports(q.query)
    return q is query.NullQuery


def top(searcher, q, limit: int, within=None, group=None) -> tuple[list[tuple[float, int]], int]:
    """The best `limit` (score, docnum) of `q`, best first (ties: lower docnum), and how many
    articles match. `within`: a query the matches must also match (a date filter). `group`:
    docnum -> key; only the best article of each key is kept."""
    ix = Postings.of(searcher)
    windows = []
    if isinstance(q, query.AndMaybe) and _windows(q.b):
        q, windows = q.a, _windows(q.b)
    scores = _matching(ix, q, within)
    if not scores or limit <= 0:
        return [], len(scores)
    if group is not None:
        return _best_of_groups(ix, windows, scores, limit, group), len(scores)
    if not windows:
        return [(score, docnum) for docnum, score in _best(scores, limit)], len(scores)
    return _with_windows(ix, windows, scores, limit), len(scores)


def prefix_words(searcher, fieldname: str, prefix: str) -> list[str]:
    """The words of `fieldname` that start with `prefix` anywhere in the index, sorted.

    Whoosh expands a prefix through every segment's term table, fields without terms there
    included, and then each word is looked up in every segment again: on an index of 53 segments a
    prefix query cost ~35 ms more than on one. Here a segment is scanned only where the field has
    terms, each word remembers the segments that hold it (its posting list is read from those
    alone), and the expansion is kept for the snippets' reading of the same query."""
    return Postings.of(searcher).prefix_words(fieldname, prefix)


def matches(searcher, q, within=None) -> list[int]:
    """The docnums of every live article `q` matches (and `within`, if given), in no set order."""
    return list(_matching(Postings.of(searcher), q, within))


def _matching(ix, q, within) -> Scores:
    if not isinstance(ix.searcher.weighting, scoring.BM25F):
        raise TypeError("termscore scores with BM25F only")
    scores = _evaluate(ix, q)
    if ix.deleted:
        scores = {d: s for d, s in scores.items() if d not in ix.deleted}
    if within is not None:
        allowed = set(ix.searcher.docs_for_query(within))
        scores = {d: s for d, s in scores.items() if d in allowed}
    return scores


def _best_of_groups(ix, windows, base: Scores, limit: int, group) -> list[tuple[float, int]]:
    """The best article of each group, the best `limit` groups first."""
    ranked = _with_windows(ix, windows, base, len(base)) if windows else [(s, d) for d, s in base.items()]
    ranked.sort(key=lambda item: (-item[0], item[1]))
    best, seen = [], set()
    for score, docnum in ranked:
        key = group(docnum)
        if key not in seen:
            seen.add(key)
            best.append((score, docnum))
            if len(best) == limit:
                break
    return best


def _rank_key(item):
    return item[1], -item[0]


def _best(scores: Scores, limit: int) -> list[tuple[int, float]]:
    """The best `limit` (docnum, score) items, best first (ties: lower docnum).

    The `limit`-th highest score is found among the bare floats first (no key function per
    article), and only the articles scoring at least that are ranked by (score, docnum): on a
    common word, a few dozen of several thousand."""
    if limit < 1 or len(scores) <= 4 * limit:
        return heapq.nlargest(limit, scores.items(), key=_rank_key)
    floor = heapq.nlargest(limit, scores.values())[-1]
    return heapq.nlargest(limit, [item for item in scores.items() if item[1] >= floor], key=_rank_key)


def _with_windows(ix, windows, base: Scores, limit: int) -> list[tuple[float, int]]:
    """The best `limit` of `base` plus each window's two word scores where its words are near.

    A window can add at most its words' scores, so articles are checked best bound first, and
    the check stops when no bound left can reach the `limit`-th best exact score."""
    pairs = [(near, _pair_scores(ix, near, base)) for near in windows]
    bound = dict(base)
    for _, both in pairs:
        for docnum, extra in both.items():
            bound[docnum] += extra
    wanted = limit * 4
    while True:
        candidates = _best(bound, wanted + 1)
        exact = []
        for docnum, _ in candidates[:wanted]:
            bonus = sum(both[docnum] for near, both in pairs if docnum in both and _within(ix, near, docnum))
            exact.append((base[docnum] + bonus, -docnum))
        best = heapq.nlargest(limit, exact)
        if len(candidates) <= wanted or candidates[wanted][1] < best[-1][0] - _MARGIN:
            return [(score, -negative) for score, negative in best]
        wanted *= 4


# ---------------------------------------------------------------- evaluating the query tree


def _evaluate(ix, q) -> Scores:
    """{docnum: score} of every article `q` matches (deleted ones included)."""
    if isinstance(q, query.Term):
        ids, scores, _ = ix.term(q.fieldname, q.text)
        boost = q.boost
        return dict(zip(ids, scores)) if boost == 1.0 else {d: s * boost for d, s in zip(ids, scores)}
    if type(q) is combined.Combined:
        return combined.scores(ix, q)
    if isinstance(q, Near):
        return _span_scores(ix, q)
    if type(q) is query.Phrase:
        words = Near([query.Term(q.fieldname, word) for word in q.words], slop=q.slop, ordered=True)
        return _boosted(_span_scores(ix, words), q.boost)
    if q is query.NullQuery:
        return {}
    if isinstance(q, query.Or):
        total: Scores = {}
        for child in q.children():
            part = _evaluate(ix, child)
            if not total:  # the first scores as they are (0.0 + score is score)
                total = dict(part)
                continue
            get = total.get
            for docnum, score in part.items():
                total[docnum] = get(docnum, 0.0) + score
        return _boosted(total, q.boost)
    if isinstance(q, query.And):
        children = list(q.children())
        positive = [_evaluate(ix, c) for c in children if not isinstance(c, query.Not)]
        positive.sort(key=len)
        result = dict(positive[0]) if positive else ix.everything()
        for other in positive[1:]:
            result = {d: s + other[d] for d, s in result.items() if d in other}
        for child in children:
            if isinstance(child, query.Not):  # Whoosh scores an article for not matching as 1.0
                excluded = _evaluate(ix, child.query)
                result = {d: s + 1.0 for d, s in result.items() if d not in excluded}
        return _boosted(result, q.boost)
    if isinstance(q, query.AndNot):
        excluded = _evaluate(ix, q.b)
        return {d: s for d, s in _evaluate(ix, q.a).items() if d not in excluded}
    if isinstance(q, query.AndMaybe):
        extra = _evaluate(ix, q.b)
        return {d: s + extra.get(d, 0.0) for d, s in _evaluate(ix, q.a).items()}
    if isinstance(q, query.Not):
        excluded = _evaluate(ix, q.query)
        return {d: s for d, s in ix.everything().items() if d not in excluded}
    raise TypeError(f"termscore cannot score {type(q).__name__}")


def _boosted(scores: Scores, boost: float) -> Scores:
    return scores if boost == 1.0 else {d: s * boost for d, s in scores.items()}


def _pair(near):
    """(field, first term, second term) of a two-word unordered window, else None."""
    terms = near.qs
    if (near.ordered or near.mindist != 1 or len(terms) != 2
            or not all(type(t) is query.Term for t in terms) or terms[0].fieldname != terms[1].fieldname):
        return None
    return terms[0].fieldname, terms[0], terms[1]


def _windows(q) -> list:
    """The proximity windows of a re-ranking clause (one window or an OR of them), else []."""
    children = list(q.children()) if type(q) is query.Or and q.boost == 1.0 else [q]
    return children if all(isinstance(c, Near) and _pair(c) for c in children) else []


def _pair_scores(ix, near, matched: Scores) -> Scores:
    """For the `matched` docnums holding both words: the sum of their boosted scores."""
    field, first, second = _pair(near)
    a = _evaluate(ix, first)
    b = _evaluate(ix, second)
    if len(b) < len(a):
        a, b = b, a
    return {d: s + b[d] for d, s in a.items() if d in b and d in matched}


def _within(ix, near, docnum: int) -> bool:
    """Whether the window's two words occur within `slop` positions of each other in `docnum`."""
    field, first, second = _pair(near)
    spans = [[(p, p) for p in ix.positions(field, t.text, [docnum])[0]] for t in (first, second)]
    return bool(_chain(spans, near.slop, ordered=False))


def _span_terms(q) -> list | None:
    """The words of a span query (a Near of words and Nears), in order; None for anything else."""
    if type(q) is query.Term:
        return [q]
    if not isinstance(q, Near):
        return None
    words = [_span_terms(child) for child in q.qs]
    return None if not words or None in words else [t for found in words for t in found]


def _span_scores(ix, near) -> Scores:
    """The articles where `near` matches (Whoosh's SpanNear2, with Nears inside for phrases), scored
    as Whoosh's span queries are: by the sum of their words' (boosted) scores."""
    words = _span_terms(near)
    field = words[0].fieldname
    scored = [_evaluate(ix, word) for word in words]
    candidates = scored[0].keys()
    for other in scored[1:]:
        candidates = candidates & other.keys()  # a view & a view walks the smaller one
    docnums = sorted(candidates)
    positions = {id(word): ix.positions(field, word.text, docnums) for word in words}
    if _plain_phrase(near):
        found = {start >> 32 for start in _phrase_starts(docnums, [positions[id(word)] for word in near.qs])}
        matched = [docnum for docnum in docnums if docnum in found]
    else:
        matched = [docnum for k, docnum in enumerate(docnums) if _spans_in(near, positions, k)]
    total = {docnum: scored[0][docnum] for docnum in matched}
    for scores in scored[1:]:  # added word by word, as sum() over the words would add them
        total = {docnum: score + scores[docnum] for docnum, score in total.items()}
    return total


def _plain_phrase(q) -> bool:
    return q.ordered and q.slop == 1 and q.mindist == 1 and all(type(c) is query.Term for c in q.qs)


def _phrase_starts(docnums: list[int], word_lists: list[list[list[int]]]) -> set[int]:
    """Where the words lie one after another (word i at the first word's place + i) in the articles
    `docnums`, given each word's positions in each article: a set of article << 32 | place. One
    integer per (article, place) checks a whole candidate list with a few set operations instead of
    a set per article. (A place never nears 2**32, so a start shifted below 0 cannot meet another
    article's places.)"""
    starts = {docnum << 32 | place for docnum, places in zip(docnums, word_lists[0]) for place in places}
    for shift, lists in enumerate(word_lists[1:], 1):
        if not starts:
            break
        starts.intersection_update(
            [(docnum << 32 | place) - shift for docnum, places in zip(docnums, lists) for place in places])
    return starts


def _spans_in(q, positions, k: int) -> list[tuple[int, int]]:
    """The (start, end) spans `q` matches in the k-th article, by start (Whoosh's spans())."""
    if type(q) is query.Term:
        return [(p, p) for p in positions[id(q)][k]]
    if _plain_phrase(q):
        starts = _phrase_starts([0], [[positions[id(word)][k]] for word in q.qs])
        return sorted((start, start + len(q.qs) - 1) for start in starts)
    return _chain([_spans_in(child, positions, k) for child in q.qs], q.slop, q.ordered, q.mindist)


def _chain(span_lists, slop: int, ordered: bool, mindist: int = 1) -> list[tuple[int, int]]:
    """SpanNear2Matcher._get_spans: each next operand's span lies `mindist` to `slop` positions
    from the span matched so far (not before it, if `ordered`), which then grows to cover it."""
    spans = span_lists[0]
    for following in span_lists[1:]:
        if not spans:
            return []
        starts = [start for start, _ in following]
        grown = set()
        for start, end in spans:
            for b_start, b_end in following[bisect_left(starts, start if ordered else max(0, start - slop)):]:
                if b_end < start - slop or (ordered and start > b_start):
                    continue
                if b_start > end + slop:
                    break
                overlap = start <= b_start <= end or start <= b_end <= end or b_start <= start <= b_end
                distance = 0 if overlap else (b_start - end if end < b_start else start - b_end)
                if mindist <= distance <= slop:
                    grown.add((min(start, b_start), max(end, b_end)))
        spans = sorted(grown)
    return spans
