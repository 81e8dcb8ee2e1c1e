"""InB2 (dfr.py) in place of BM25: Terrier's figures, the same from termscore and Whoosh's matchers."""

from __future__ import annotations

import json
import random

import pytest

from newsearch.engines.whoosh import dfr, indexer, schema, searcher, termscore

WORDS = ("harbour", "tariff", "quota", "cargo", "strike", "grain", "freight", "vessel", "port", "dock",
         "crude", "oil", "prices", "bank", "rates", "minister", "talks", "exports", "wheat", "union")


def test_inb2_scores_a_posting_as_terrier_does():
    # tf 3 in a field half the average length, 10 of 1,000 articles hold the word 40 times in all:
    # tfn = 3 log2(1 + 100/50), score = 41 / (10 (tfn + 1)) * tfn * log2(1001 / 10.5)
    found = dfr.term_scores([3, 1], [50, 100], 100, 1000, 10, 40)
    assert found == pytest.approx([22.272911946026277, 13.478563113917327], rel=1e-12)


def test_inb2_raises_a_word_its_articles_repeat_above_one_they_name_once():
    repeated = dfr.term_scores([1], [100], 100, 1000, 10, 40)[0]
    once_each = dfr.term_scores([1], [100], 100, 1000, 10, 10)[0]
    assert repeated == pytest.approx(once_each * 41 / 11)


def test_weighting_follows_the_ranking_model(monkeypatch):
    monkeypatch.setattr(schema, "RANKING_MODEL", "inb2")
    assert type(schema.weighting()) is dfr.InB2
    monkeypatch.setattr(schema, "RANKING_MODEL", "bm25")
    assert type(schema.weighting()) is schema.BM25


@pytest.fixture(scope="module")
def two_segments(tmp_path_factory):
    docs = tmp_path_factory.mktemp("inb2-docs")
    folder = tmp_path_factory.mktemp("inb2-index")
    chooser = random.Random(5)
    for part, count in (("a", 700), ("b", 500)):
        rows = []
        for i in range(count):
            body = " ".join(chooser.choice(WORDS) for _ in range(chooser.randint(5, 60)))
            rows.append({"id": f"{part}{i:04d}", "title": " ".join(chooser.choice(WORDS) for _ in range(3)).title(),
                         "body": body.capitalize() + ".", "published": "2021-06-10"})
        (docs / f"{part}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        indexer.index_paths([docs], folder, commit_every=400)
    return folder


@pytest.mark.parametrize("text", ["oil", "crude oil prices", "harbour strike grain", "wheat AND port", "harb*", "title:oil",
                                  "\"crude oil\"", "oil -wheat"])
def test_inb2_array_scores_equal_whooshs_matchers(two_segments, monkeypatch, text):
    monkeypatch.setattr(schema, "RANKING_MODEL", "inb2")
    searcher._OPEN.clear()
    try:
        fast = searcher.search(two_segments, text, limit=20, snippets=False, match_all=False)
        monkeypatch.setattr(termscore, "supports", lambda q: False)
        plain = searcher.search(two_segments, text, limit=20, snippets=False, match_all=False)
    finally:
        searcher._OPEN.clear()
    assert fast.hits and fast.total == plain.total
    assert [h.id for h in fast.hits] == [h.id for h in plain.hits]
    assert [h.score for h in fast.hits] == pytest.approx([h.score for h in plain.hits], rel=1e-9)


def test_inb2_ranks_differently_from_bm25(two_segments, monkeypatch):
    def scores():
        searcher._OPEN.clear()
        return [h.score for h in searcher.search(two_segments, "crude oil prices", limit=5, snippets=False,
                                                 match_all=False).hits]
    try:
        monkeypatch.setattr(schema, "RANKING_MODEL", "bm25")
        bm25 = scores()
        monkeypatch.setattr(schema, "RANKING_MODEL", "inb2")
        inb2 = scores()
    finally:
        searcher._OPEN.clear()
    assert bm25 != pytest.approx(inb2)


def test_inb2_is_the_default_ranking():
    assert schema.RANKING_MODEL == "inb2" and type(schema.weighting()) is dfr.InB2
