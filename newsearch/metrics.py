"""Ranking quality measures (trec_eval conventions): nDCG@k, average precision, precision@k.

`ranking` is a list of document ids, best first; `judgements` maps a document id to its graded
relevance (0 or less: not relevant). A query with no relevant documents has no score (callers skip
it, as trec_eval does for unjudged queries).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def precision_at(ranking: Sequence[str], judgements: Mapping[str, float], k: int = 10) -> float:
    """The share of the first `k` places taken by relevant documents (missing places count as misses)."""
    return sum(1 for doc in ranking[:k] if judgements.get(doc, 0) > 0) / k


def average_precision(ranking: Sequence[str], judgements: Mapping[str, float]) -> float:
    """Mean of precision at each relevant document's rank, over all relevant documents (found or not)."""
    relevant = sum(1 for grade in judgements.values() if grade > 0)
    if not relevant:
        return math.nan
    found = total = 0.0
    for rank, doc in enumerate(ranking, 1):
        if judgements.get(doc, 0) > 0:
            found += 1
            total += found / rank
    return total / relevant


def ndcg_at(ranking: Sequence[str], judgements: Mapping[str, float], k: int = 10) -> float:
    """Discounted cumulative gain of the first `k` (gain = grade, discount log2(rank + 1)), over the ideal."""
    ideal_grades = sorted((g for g in judgements.values() if g > 0), reverse=True)[:k]
    ideal = _dcg(ideal_grades)
    if not ideal:
        return math.nan
    return _dcg([max(judgements.get(doc, 0), 0) for doc in ranking[:k]]) / ideal


def _dcg(grades: Sequence[float]) -> float:
    return sum(grade / math.log2(rank + 1) for rank, grade in enumerate(grades, 1))


def mean(values: Sequence[float]) -> float:
    """The mean over queries that have a score (NaN ones are unjudged and skipped)."""
    scored = [v for v in values if not math.isnan(v)]
    return sum(scored) / len(scored) if scored else math.nan
