"""The Whoosh query of a user's query string: newsearch's query tree (newsearch/query/parse.py
reads and checks the string) compiled for this engine (querycompile.py), with repeated words
counted and the result normalised.

The parser knows the language; this module adds what Whoosh needs: the index's own word splitting
and stop words, and the checks only a compiled query can answer (a query left with nothing
searchable).
"""

from __future__ import annotations

import copy

from ...errors import QueryError
from ...query.checks import check_syntax  # noqa: F401  (for the explainer and the searcher)
from ...query.function_words import FUNCTION_WORDS
from ...query.parse import parse
from .combined import Combined
from .querycompile import Compiler
from .querydates import DATE_FIELD, date_bounds, date_range  # noqa: F401
from .querynames import UNFIELDED_WEIGHTS, stems_lose_words, words_of  # noqa: F401
from .querynear import MAX_PHRASE_SLOP, Near  # noqa: F401
from .schema import STOP_WORDS, query
from .schema import spans as whoosh_spans

_compilers: dict[tuple[int, bool], Compiler] = {}
# The words dropped from a list of alternatives that holds other words (an `--any` query, OR),
# only there, unfielded, and not in capitals ("US", "IT"): where all words are required, in
# phrases and names, every word stays. The index's stop words; FUNCTION_STOP_WORDS adds every
# English function word (query/function_words.py; those the index keeps are then still searched
# in the exact twins, querycompile.FUNCTION_WORDS_IN_TWINS). Not the default: on the four
# development collections it raised nDCG@10 and MAP by 3.0% (CISI), 1.4% (Cranfield), 1.5% (CACM)
# but cost MED 0.2%, so leave-one-collection-out chose it in one fold of four (where it cost the
# held-out MED), and it cost news known-item passage queries 0.004-0.017 MRR (issue 17,
# bench/results/relevance-rank3.md).
FUNCTION_STOP_WORDS = STOP_WORDS | FUNCTION_WORDS
ALTERNATIVE_STOP_WORDS = STOP_WORDS


def parse_tree(text: str, *, match_all: bool = True):
    """newsearch's tree of `text`, its words split as this index splits them; QueryError if malformed."""
    return parse(text, match_all=match_all, words=words_of, stop_words=ALTERNATIVE_STOP_WORDS)


def compile_tree(tree, schema, text: str = "", *, match_all: bool = True):
    """The Whoosh query of a parsed tree, repeats counted and normalised; QueryError when nothing
    in it is searchable."""
    key = (id(schema), match_all)
    compiler = _compilers.get(key)
    if compiler is None or compiler.schema is not schema:
        if len(_compilers) > 8:
            _compilers.clear()
        compiler = _compilers[key] = Compiler(schema, match_all)
    try:
        parsed = compiler.compile(tree)
        parsed = counted_repeats(parsed if parsed else query.NullQuery).normalize()
    except (NotImplementedError, AttributeError, IndexError, TypeError) as error:
        raise QueryError(f"cannot understand the query ({type(error).__name__}); check operators and brackets",
                         text, 0) from None
    leaves = list(all_leaves(parsed))
    errors = [leaf for leaf in leaves if isinstance(leaf, query.qcore._NullQuery)]
    if parsed is query.NullQuery or errors and len(errors) == len(leaves):
        raise QueryError("the query has no searchable words", text, 0)
    return parsed


def parse_query(text: str, schema, *, match_all: bool = True):
    """The Whoosh query for `text`; QueryError (with a position) if it cannot be understood."""
    return compile_tree(parse_tree(text, match_all=match_all), schema, text, match_all=match_all)


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
    if isinstance(q, (query.And, query.Or, query.AndNot, query.Not, Combined)):
        return all(plain_words(child) for child in q.children())
    return False


def body_stems(q) -> list[str]:
    """The distinct stems `q` looks for in the body (stop words have none), in query order."""
    stems = (leaf.text for leaf in positive_leaves(q) if isinstance(leaf, query.Term) and leaf.field() == "body")
    return list(dict.fromkeys(stems))
