"""Fields scored as one text (BM25F, combined.py): one saturation per word over its fields."""

from __future__ import annotations

import json

import pytest

from newsearch.engines.whoosh import combined, querycompile, queryparse, schema, searcher
from newsearch.engines.whoosh.schema import build_schema, rsj_idf


@pytest.fixture(scope="module")
def fields_index(tmp_path_factory):
    """Three stories of the same length: "sorghum" in the headline and the body, in the body
    only, and nowhere (so the idf is not zero)."""
    from newsearch.engines.whoosh import indexer

    folder = tmp_path_factory.mktemp("combined")
    stories = [
        {"id": "both", "title": "Sorghum notes", "body": "Sorghum harvests will fall this year, said the minister."},
        {"id": "body", "title": "Farm notes", "body": "Sorghum harvests will fall this year, said the minister."},
        {"id": "none", "title": "Farm notes", "body": "Wheat harvests will fall this year, said the minister."},
    ]
    with open(folder / "stories.jsonl", "w", encoding="utf-8") as handle:
        for story in stories:
            handle.write(json.dumps(story) + "\n")
    indexer.index_paths([folder / "stories.jsonl"], folder / "ix")
    return folder / "ix"


def _scores(index, text, combine: bool, monkeypatch) -> dict[str, float]:
    with monkeypatch.context() as patch:
        patch.setattr(querycompile, "COMBINE_FIELDS", combine)
        patch.setattr(schema, "RANKING_MODEL", "bm25")  # BM25F's one saturation is BM25's, field by field too
        patch.setattr(querycompile, "EXACT_BOOST", 0.0)  # the stemmed fields alone
        return {hit.id: hit.score for hit in searcher.search(index, text, match_all=False, feedback=False).hits}


def test_a_word_in_the_headline_and_the_body_saturates_once(fields_index, monkeypatch):
    apart = _scores(fields_index, "sorghum", False, monkeypatch)
    together = _scores(fields_index, "sorghum", True, monkeypatch)
    assert together.keys() == apart.keys() == {"both", "body"}
    # Both fields still count more than one, but far less than the two scores added up.
    assert together["body"] < together["both"] < apart["both"]
    k1, idf = 1.2, rsj_idf(2, 3)
    ix = searcher._open_searcher(fields_index)
    tf = sum(tf / ((1 - 0.75) + 0.75 * ix.doc_field_length(d, f, 1) / ix.avg_field_length(f))
             for d in [next(ix.document_numbers(id="both"))] for f, tf in (("title", 1), ("body", 1)))
    assert together["both"] == pytest.approx(idf * tf * (k1 + 1) / (tf + k1))


def test_a_word_in_one_field_scores_as_it_does_field_by_field(fields_index, monkeypatch):
    # "harvests" is in every body and no headline: the same score either way, idf from the body.
    assert _scores(fields_index, "harvest", True, monkeypatch) == pytest.approx(
        _scores(fields_index, "harvest", False, monkeypatch))
    assert _scores(fields_index, "sorghum", True, monkeypatch)["body"] == pytest.approx(
        _scores(fields_index, "sorghum", False, monkeypatch)["body"])


def test_fielded_words_phrases_and_patterns_stay_scored_field_by_field(monkeypatch):
    monkeypatch.setattr(querycompile, "COMBINE_FIELDS", True)
    schema = build_schema()

    def kinds(text):
        return {type(q).__name__ for q in _walk(queryparse.parse_query(text, schema))}

    assert "Combined" in kinds("sorghum")
    for text in ("title:sorghum", "quote:sorghum", 'speaker:"Jane Roe"', '"sorghum harvests"', "sorgh*",
                 "sorghum~1"):
        assert "Combined" not in kinds(text), text


def _walk(q):
    yield q
    if not q.is_leaf():
        for child in q.children():
            yield from _walk(child)


def test_a_repeated_word_counts_twice_when_combined(monkeypatch):
    monkeypatch.setattr(querycompile, "COMBINE_FIELDS", True)
    schema = build_schema()
    once = queryparse.parse_query("sorghum", schema, match_all=False)
    twice = queryparse.parse_query("sorghum sorghum", schema, match_all=False)
    boosts = sorted(q.boost for q in _walk(twice) if isinstance(q, combined.Combined))
    assert boosts == sorted(2 * q.boost for q in _walk(once) if isinstance(q, combined.Combined))
