"""Ranking measures against cases computed by hand."""

from __future__ import annotations

import math

import pytest

from newsearch.metrics import average_precision, mean, ndcg_at, precision_at

JUDGED = {"a": 1, "c": 1, "x": 1}  # x is relevant but never retrieved


def test_precision_at_k_counts_relevant_documents_in_the_first_k_places():
    assert precision_at(["a", "b", "c", "d"], JUDGED, k=2) == 0.5
    assert precision_at(["a", "b", "c", "d"], JUDGED, k=4) == 0.5
    # fewer documents than k: the empty places are misses
    assert precision_at(["a"], JUDGED, k=10) == 0.1


def test_average_precision_divides_by_all_relevant_documents_even_unretrieved():
    # relevant at ranks 1 and 3: (1/1 + 2/3) / 3 relevant in all
    assert average_precision(["a", "b", "c", "d"], JUDGED) == pytest.approx((1 + 2 / 3) / 3)
    assert average_precision(["b", "d"], JUDGED) == 0.0
    assert math.isnan(average_precision(["a"], {"a": 0}))


def test_ndcg_uses_graded_gain_and_log2_discount():
    grades = {"a": 3, "b": 2, "c": 1}
    # ranking c, a, b: DCG = 1/1 + 3/log2(3) + 2/2; ideal a, b, c: 3 + 2/log2(3) + 1/2
    expected = (1 + 3 / math.log2(3) + 1) / (3 + 2 / math.log2(3) + 0.5)
    assert ndcg_at(["c", "a", "b"], grades, k=10) == pytest.approx(expected)
    assert ndcg_at(["a", "b", "c"], grades, k=10) == pytest.approx(1.0)
    # cut at k=1: only the first place counts, against the best possible first place
    assert ndcg_at(["c", "a", "b"], grades, k=1) == pytest.approx(1 / 3)
    assert ndcg_at(["z"], grades) == 0.0


def test_mean_skips_unjudged_queries():
    assert mean([0.5, math.nan, 1.0]) == 0.75
    assert math.isnan(mean([math.nan]))
