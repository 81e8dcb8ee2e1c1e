"""Ranking machinery: exact match counts on big indexes, RM3 feedback, the per-process searcher."""

from __future__ import annotations

import json

import pytest

from newsearch import feedback, indexer, searcher

WORDS = ("harbour", "tariff", "quota", "cargo", "strike", "grain", "freight", "vessel", "port", "dock")


def _write_stories(path, count: int) -> None:
    """`count` short stories; story i mentions WORDS[i % 10] and "shipping" when i % 3 == 0."""
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(count):
            extra = " shipping news" if i % 3 == 0 else ""
            body = f"The {WORDS[i % 10]} report number {i} came in today{extra}. Officials said little more."
            handle.write(json.dumps({"id": f"s{i:05d}", "title": f"Story {i} on {WORDS[(i + 1) % 10]}", "body": body}) + "\n")


@pytest.fixture(scope="module")
def big_index(tmp_path_factory):
    """More than 5,000 articles: where Whoosh's OR becomes a tree of union matchers."""
    folder = tmp_path_factory.mktemp("big")
    _write_stories(folder / "stories.jsonl", 5200)
    indexer.index_paths([folder / "stories.jsonl"], folder / "ix")
    return folder / "ix"


def test_total_counts_every_match_on_an_index_over_5000_articles(big_index):
    # 520 stories have "harbour" in the body and 520 others in the title; 1734 say "shipping".
    assert searcher.search(big_index, "harbour").total == 1040
    assert searcher.search(big_index, "harbour shipping", match_all=False).total == 1040 + 1734 - 348
    assert searcher.search(big_index, "harbour shipping").total == 348


def test_feedback_reorders_but_never_adds_or_drops_matches(big_index):
    with_feedback = searcher.search(big_index, "harbour shipping", limit=2000)
    without = searcher.search(big_index, "harbour shipping", limit=2000, feedback=False)
    assert with_feedback.total == without.total == len(with_feedback.hits)
    assert {h.id for h in with_feedback.hits} == {h.id for h in without.hits}


def test_feedback_leaves_phrases_and_proximity_queries_as_written(seed_index):
    for text in ('"Min Aung Hlaing"', "Hlaing NEAR/5 Moscow", "Hlaeng~1"):
        on = searcher.search(seed_index, text, match_all=False)
        off = searcher.search(seed_index, text, match_all=False, feedback=False)
        assert [(h.id, round(h.score, 6)) for h in on.hits] == [(h.id, round(h.score, 6)) for h in off.hits]


def test_relevance_model_weights_words_by_share_of_top_articles(seed_index):
    ranked = searcher._open_searcher(seed_index)
    parsed = searcher.parse_query("Hlaing Moscow", ranked.schema)
    top = [(hit.score, hit.fields()) for hit in ranked.search(parsed, limit=feedback.FEEDBACK_DOCS)]
    model = feedback.relevance_model(ranked, top)
    weights = [weight for weight, _ in model]
    assert weights == sorted(weights, reverse=True)
    assert 0.5 < sum(weights) <= 1.0  # a probability distribution, less the short and digit words left out
    assert "moscow" in {stem for _, stem in model[:20]}


def test_searcher_is_reused_until_the_index_changes(tmp_path):
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "a1", "title": "Grain prices", "body": "Grain prices rose."}) + "\n")
    indexer.index_paths([source], tmp_path / "ix")
    folder = tmp_path / "ix"
    first = searcher._open_searcher(folder)
    assert searcher._open_searcher(folder) is first
    assert searcher.search(folder, "grain").total == 1
    more = tmp_path / "b.jsonl"
    more.write_text(json.dumps({"id": "b1", "title": "Grain exports", "body": "Grain exports fell."}) + "\n")
    indexer.index_paths([source, more], folder)
    assert searcher._open_searcher(folder) is not first
    assert searcher.search(folder, "grain").total == 2


@pytest.fixture(scope="module")
def proximity_index(tmp_path_factory):
    """Two stories with the same words, as often and as long: one says "ferry fares" together, the
    other far apart (more than proximity.WINDOW positions), and a third without "fares"."""
    folder = tmp_path_factory.mktemp("proximity")
    filler = "council members spoke about weather roads schools parks budgets taxes housing"
    stories = [
        {"id": "near", "title": "Island notes", "body": f"Ferry fares rise next week. {filler} today."},
        {"id": "apart", "title": "Island notes", "body": f"Ferry {filler} fares rise next week today."},
        {"id": "one-word", "title": "Island notes", "body": f"Ferry timetables change next week. {filler}."},
    ]
    with open(folder / "stories.jsonl", "w", encoding="utf-8") as handle:
        for story in stories:
            handle.write(json.dumps(story) + "\n")
    indexer.index_paths([folder / "stories.jsonl"], folder / "ix")
    return folder / "ix"


def test_adjacent_query_words_rank_above_the_same_words_far_apart(proximity_index):
    for match_all in (True, False):
        result = searcher.search(proximity_index, "ferry fares", match_all=match_all, feedback=False)
        assert [hit.id for hit in result.hits][:2] == ["near", "apart"]
        assert result.hits[0].score > result.hits[1].score


def test_proximity_only_reranks_it_never_adds_or_drops_matches(proximity_index):
    assert searcher.search(proximity_index, "ferry fares").total == 2
    assert searcher.search(proximity_index, "ferry fares", match_all=False).total == 3


def test_proximity_leaves_one_word_and_phrase_queries_scored_as_written(proximity_index):
    # Same words, scattered or together: without a pair to reward, the two score the same.
    scores = {hit.id: hit.score for hit in searcher.search(proximity_index, "fares").hits}
    assert scores["near"] == pytest.approx(scores["apart"])
    phrase = searcher.search(proximity_index, '"ferry fares"')
    assert [hit.id for hit in phrase.hits] == ["near"]


def test_any_mode_drops_stop_words_but_keeps_them_when_all_words_are_required(seed_index):
    # Every article has "the": as an alternative it would match everything.
    assert searcher.search(seed_index, "the Hlaing", match_all=False).total == 1
    assert searcher.search(seed_index, "the Hlaing").total == 1
    assert searcher.search(seed_index, "the", match_all=False).total == 2  # nothing else to search for
    lines = searcher.explain(seed_index, "the Hlaing", match_all=False)
    assert any(line.strip().startswith('stop word "the": dropped') for line in lines), lines
    assert not any("dropped (as one" in line for line in searcher.explain(seed_index, "the Hlaing")), "AND keeps it"


def test_any_mode_keeps_stop_words_typed_in_capitals_as_names(tmp_path):
    stories = [{"id": "us", "title": "US tariffs", "body": "The US raised tariffs on steel."},
               {"id": "eu", "title": "EU tariffs", "body": "Brussels raised tariffs on steel."}]
    (tmp_path / "s.jsonl").write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")
    indexer.index_paths([tmp_path / "s.jsonl"], tmp_path / "ix")
    assert searcher.search(tmp_path / "ix", "US tariffs", match_all=False).hits[0].id == "us"
    assert searcher.search(tmp_path / "ix", "us tariffs", match_all=False).hits[0].score == pytest.approx(
        searcher.search(tmp_path / "ix", "tariffs", match_all=False).hits[0].score)


def test_explain_names_the_reranking_a_plain_query_gets(seed_index):
    lines = searcher.explain(seed_index, "Hlaing visits Moscow")
    assert "ranked higher: neighbouring words within 8 positions in the body (hla+visit, visit+moscow)" in lines
    assert not any("feedback" in line for line in lines)  # three words: no feedback
    assert any("feedback" in line for line in searcher.explain(seed_index, "junta chief visits Moscow talks"))
    assert not any("feedback" in line
                   for line in searcher.explain(seed_index, "junta chief visits Moscow talks", feedback=False))
    assert not any(line.startswith("ranked higher") for line in searcher.explain(seed_index, '"Min Aung Hlaing"'))
