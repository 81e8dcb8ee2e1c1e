"""Array scoring (termscore) gives the hits, order, scores and counts of Whoosh's own matchers."""

from __future__ import annotations

import json
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsearch.engines.whoosh import indexer, querycompile, searcher, termscore
from newsearch.engines.whoosh.format import postings

WORDS = ("harbour", "tariff", "quota", "cargo", "strike", "grain", "freight", "vessel", "port", "dock",
         "crude", "oil", "prices", "bank", "rates", "minister", "talks", "exports", "wheat", "union")
QUERIES = [
    "oil", "crude oil", "harbour strike", "grain exports wheat", "bank rates", "oil NOT crude",
    "tariff OR quota", "wheat AND (port OR dock)", '"crude oil"', '"oil prices"~3',
    "title:oil", "freight*", "vesel~1", "minister talks union strike", "crude oil prices rise",
    "harbour NEAR/3 strike", '"crude oil" NEAR/4 prices', 'harbour NEAR/5 "grain exports"',
    'oil NEAR/3 prices NEAR/3 crude', '"oil prices" NEAR/3 bank', '"harbour strike" NEAR/10 "crude oil"', "Kilo", "the port of the union", "published:2021", "oil published:2021-06",
]


def _stories(seed: int, count: int, first_id: int = 0):
    chooser = random.Random(seed)
    for i in range(first_id, first_id + count):
        sentences = [" ".join(chooser.choice(WORDS) for _ in range(chooser.randint(4, 12))).capitalize() + "."
                     for _ in range(chooser.randint(1, 6))]
        yield {"id": f"s{i:05d}", "title": " ".join(chooser.choice(WORDS) for _ in range(3)).title(),
               "body": " ".join(sentences), "published": f"2021-{chooser.randint(1, 12):02d}-10"}


def _write(path, stories) -> None:
    path.write_text("".join(json.dumps(story) + "\n" for story in stories), encoding="utf-8")


@pytest.fixture(scope="module")
def many_segments(tmp_path_factory):
    """Over 5,000 articles in several segments, some deleted (a file re-indexed with new text)."""
    docs = tmp_path_factory.mktemp("termscore-docs")
    folder = tmp_path_factory.mktemp("termscore-index")
    _write(docs / "a.jsonl", _stories(1, 3000))
    _write(docs / "b.jsonl", _stories(2, 2600, first_id=3000))
    indexer.index_paths([docs], folder, commit_every=1000)
    _write(docs / "b.jsonl", _stories(3, 600, first_id=6000))  # replaces b's 2,600 articles
    indexer.index_paths([docs], folder, commit_every=1000)
    return folder


def _both(folder, monkeypatch, text, **options):
    fast = searcher.search(folder, text, limit=30, snippets=False, **options)
    with monkeypatch.context() as patch:
        patch.setattr(termscore, "supports", lambda q: False)
        plain = searcher.search(folder, text, limit=30, snippets=False, **options)
    return fast, plain


@pytest.mark.parametrize("match_all", [True, False])
def test_array_scoring_gives_whooshs_hits_order_scores_and_count(many_segments, monkeypatch, match_all):
    checked = 0
    for text in QUERIES:
        fast, plain = _both(many_segments, monkeypatch, text, match_all=match_all)
        assert fast.total == plain.total, text
        assert [h.id for h in fast.hits] == [h.id for h in plain.hits], text
        assert [h.score for h in fast.hits] == pytest.approx([h.score for h in plain.hits], rel=1e-9), text
        checked += bool(fast.hits)
    assert checked >= len(QUERIES) - 3  # the queries do find things


def test_array_scoring_counts_only_live_articles_and_respects_date_filters(many_segments, monkeypatch):
    assert searcher.search(many_segments, "oil OR port OR dock OR wheat", match_all=False).total <= 3600
    fast, plain = _both(many_segments, monkeypatch, "oil", since="2021-03-01", until="2021-05-31")
    assert fast.total == plain.total > 0
    assert all("2021-03" <= h.published[:7] <= "2021-05" for h in fast.hits)


def test_array_scoring_takes_plain_queries_and_leaves_the_rest_to_whoosh(seed_index):
    from newsearch.engines.whoosh.schema import build_schema
    from newsearch.engines.whoosh.queryparse import parse_query

    schema = build_schema()
    assert termscore.supports(parse_query("Hlaing Moscow", schema))
    assert termscore.supports(parse_query('"Min Aung Hlaing" -Putin', schema))
    assert termscore.supports(parse_query("Shoigu NEAR/5 Hlaing", schema))
    assert termscore.supports(parse_query('"Sergei Shoigu" NEAR/5 Hlaing', schema))
    assert not termscore.supports(parse_query("*:*", schema))
    assert not termscore.supports(parse_query("published:[2021 TO 2022]", schema))


def _points(*position_lists):
    return [[(p, p) for p in positions] for positions in position_lists]


def test_chain_follows_whooshs_span_rules():
    assert termscore._chain(_points([3], [4]), slop=1, ordered=True) == [(3, 4)]
    assert not termscore._chain(_points([4], [3]), slop=1, ordered=True)
    assert termscore._chain(_points([4], [3]), slop=1, ordered=False) == [(3, 4)]
    assert not termscore._chain(_points([3], [3]), slop=1, ordered=False)  # one position is no pair
    assert termscore._chain(_points([1, 20], [25], [27]), slop=5, ordered=True) == [(20, 27)]
    assert not termscore._chain(_points([1], [9]), slop=5, ordered=False)
    # a phrase spanning 10-11 and a word: measured from the span's nearer end
    assert termscore._chain([[(10, 11)], [(14, 14)]], slop=3, ordered=False) == [(10, 14)]
    assert not termscore._chain([[(10, 11)], [(15, 15)]], slop=3, ordered=False)
    assert termscore._chain([[(10, 11)], [(7, 7)]], slop=3, ordered=False) == [(7, 11)]
    assert not termscore._chain([[(10, 11)], [(7, 7)]], slop=3, ordered=True)


def test_array_scoring_excludes_every_negated_article(many_segments):
    # Whoosh's own matchers kept one article that says "rates" here (its union matchers lose their
    # place on big indexes); the count below is made from the stories themselves.
    stories = list(_stories(1, 3000)) + list(_stories(3, 600, first_id=6000))
    words = [set(re.findall(r"\w+", (s["title"] + " " + s["body"]).lower())) for s in stories]
    expected = sum(1 for w in words if "bank" in w and "rates" not in w)
    result = searcher.search(many_segments, "bank -rates", limit=5000, snippets=False)
    assert result.total == expected == len(result.hits)


def test_collapsed_results_match_whooshs_one_hit_per_cluster(tmp_path, monkeypatch):
    chooser = random.Random(7)
    stories = []
    for group in range(12):
        text = " ".join(chooser.choice(WORDS) for _ in range(60))
        for copy in range(3):  # three near-copies: the same story with a different last sentence
            stories.append({"id": f"g{group}c{copy}", "title": f"Story {group} {WORDS[copy]}",
                            "body": f"{text}. Update {copy}: {' '.join(chooser.choice(WORDS) for _ in range(4))}."})
    _write(tmp_path / "s.jsonl", stories)
    indexer.index_paths([tmp_path / "s.jsonl"], tmp_path / "ix")
    for text in ("oil", "harbour strike", "crude oil prices"):
        fast, plain = _both(tmp_path / "ix", monkeypatch, text, collapse=True, match_all=False)
        assert [h.id for h in fast.hits] == [h.id for h in plain.hits], text
        assert fast.total == plain.total and len({h.cluster for h in fast.hits}) == len(fast.hits) > 1


def test_an_index_with_no_articles_answers_with_no_hits(tmp_path):
    # An empty folder creates no index, so the index is emptied: its one file is gone.
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "one.jsonl").write_text('{"id": "x1", "title": "T", "body": "Nothing here."}\n')
    indexer.index_paths([tmp_path / "docs"], tmp_path / "ix")
    (tmp_path / "docs" / "one.jsonl").unlink()
    indexer.index_paths([tmp_path / "docs"], tmp_path / "ix")
    assert searcher.index_stats(tmp_path / "ix").articles == 0
    for text in ("oil", "crude oil", '"crude oil"', "oil NOT crude", "published:2021", "oil*", "speaker:a*"):
        assert searcher.search(tmp_path / "ix", text).total == 0


def test_postings_kept_between_queries_stay_under_the_bound(many_segments, monkeypatch):
    searcher.search(many_segments, "oil crude harbour")
    held = postings.Postings.of(searcher._open_searcher(many_segments))
    before = held._size
    assert ("body", "oil") in held._terms and before > 1000  # kept for the next query
    monkeypatch.setattr(postings, "POSTINGS_KEPT", 1000)
    searcher.search(many_segments, "grain")  # starts by dropping what is over the bound
    assert ("body", "oil") not in held._terms and ("body", "grain") in held._terms
    assert held._size == sum(len(ids) for ids, _, _ in held._terms.values()) < before


def test_newest_first_matches_whooshs_date_sort(many_segments, monkeypatch):
    for text in ("oil", "harbour strike", '"crude oil"', "freight*", "published:2021-06"):
        fast, plain = _both(many_segments, monkeypatch, text, sort="date", match_all=False)
        assert [h.id for h in fast.hits] == [h.id for h in plain.hits] and fast.total == plain.total > 0, text
        dates = [h.published for h in fast.hits]
        assert dates == sorted(dates, reverse=True)


@given(st.lists(st.lists(st.lists(st.integers(0, 60), max_size=4, unique=True).map(sorted), min_size=1, max_size=12),
                min_size=2, max_size=4))
@settings(max_examples=300, deadline=None)
def test_a_phrase_starts_where_its_words_follow_one_another_checked_for_all_articles_at_once(places):
    # places[word][article]: the word's positions in each article (every word lists every article)
    articles = min(len(lists) for lists in places)
    word_lists = [lists[:articles] for lists in places]
    docnums = list(range(3, 3 + 2 * articles, 2))
    one_at_a_time = {(d, p) for k, d in enumerate(docnums) for p in word_lists[0][k]
                     if all(p + i in word[k] for i, word in enumerate(word_lists))}
    assert {(start >> 32, start & 0xFFFFFFFF) for start in termscore._phrase_starts(docnums, word_lists)} == one_at_a_time


@given(st.dictionaries(st.integers(0, 500), st.sampled_from([0.5, 1.25, 2.0, 3.5, 3.5000001]), max_size=300),
       st.integers(0, 40))
def test_the_best_articles_are_the_highest_scores_with_ties_to_the_lower_docnum(scores, limit):
    expected = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
    assert termscore._best(scores, limit) == expected


@pytest.fixture(scope="module")
def words_by_segment(tmp_path_factory):
    """Three segments, each with a word the others lack (freighter, frost, fresco), and one word
    in two of them (freight)."""
    docs, folder = tmp_path_factory.mktemp("prefix-docs"), tmp_path_factory.mktemp("prefix-index")
    patch = pytest.MonkeyPatch()
    patch.setattr(indexer, "COMMIT_EVERY", 5)  # segments of 5 articles are not folded together
    try:
        for run, words in enumerate([("freighter", "harbour"), ("freight", "frost"), ("fresco", "freight")]):
            _write(docs / f"run{run}.jsonl", [
                {"id": f"r{run}-{n}", "title": f"{words[n % 2].title()} report {n}",
                 "body": f"The {words[0]} and the {words[1]} were seen again, day {n}."} for n in range(5)])
            indexer.index_paths([docs], folder, commit_every=5)
    finally:
        patch.undo()
    return folder


@pytest.mark.parametrize("fieldname", ["body_exact", "title_exact", "speaker"])
@pytest.mark.parametrize("prefix", ["fr", "freight", "fro", "h", "zz", ""])
def test_a_prefix_expands_to_the_words_whoosh_finds_in_every_segment(words_by_segment, fieldname, prefix):
    from newsearch.engines.whoosh import store

    assert len(store.open_for_reading(words_by_segment)._segments()) == 3
    with store.open_for_reading(words_by_segment).searcher() as whoosh_searcher:
        reader = whoosh_searcher.reader()
        expected = sorted(word.decode("utf-8") for word in reader.expand_prefix(fieldname, prefix))
        assert termscore.prefix_words(whoosh_searcher, fieldname, prefix) == expected


def test_a_prefix_query_reads_each_word_from_the_segments_holding_it(words_by_segment):
    assert searcher.search(words_by_segment, "freight*", limit=20, snippets=False).total == 15
    assert {hit.id for hit in searcher.search(words_by_segment, "fres*", limit=20, snippets=False).hits} == {
        f"r2-{n}" for n in range(5)}


@pytest.mark.parametrize("match_all", [True, False])
def test_fields_scored_as_one_text_give_whooshs_hits_order_scores_and_count(many_segments, monkeypatch, match_all):
    # BM25F (combined.py) has its own Whoosh matcher: both paths score it alike, on or off.
    monkeypatch.setattr(querycompile, "COMBINE_FIELDS", not querycompile.COMBINE_FIELDS)
    for text in QUERIES + ["oil oil crude", "the oil", "oil^2 port"]:
        fast, plain = _both(many_segments, monkeypatch, text, match_all=match_all)
        assert fast.total == plain.total, text
        assert [h.id for h in fast.hits] == [h.id for h in plain.hits], text
        assert [h.score for h in fast.hits] == pytest.approx([h.score for h in plain.hits], rel=1e-9), text
