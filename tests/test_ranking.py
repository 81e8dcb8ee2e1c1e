"""Ranking machinery: exact match counts on big indexes, RM3 feedback, the per-process searcher."""

from __future__ import annotations

import json

import pytest

from newsearch.engines.whoosh import feedback, indexer, proximity, searcher

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
    with_feedback = searcher.search(big_index, "harbour shipping", limit=2000, feedback=True)
    without = searcher.search(big_index, "harbour shipping", limit=2000, feedback=False)
    assert with_feedback.total == without.total == len(with_feedback.hits)
    assert {h.id for h in with_feedback.hits} == {h.id for h in without.hits}


def test_feedback_leaves_phrases_and_proximity_queries_as_written(seed_index):
    for text in ('"Min Aung Hlaing"', "Hlaing NEAR/5 Moscow", "Hlaeng~1"):
        on = searcher.search(seed_index, text, match_all=False, feedback=True)
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


def test_document_length_prior_lowers_a_short_articles_vote(monkeypatch, seed_index):
    ranked = searcher._open_searcher(seed_index)
    short = {"data": json.dumps({"title": "Tariff talks", "body": ""})}
    long = {"data": json.dumps({"title": "Grain harvest", "body": " ".join(["grain harvest report"] * 30)})}
    plain = dict((stem, weight) for weight, stem in feedback.relevance_model(ranked, [(1.0, short), (1.0, long)]))
    monkeypatch.setattr(feedback, "DOCUMENT_LENGTH_PRIOR", 50.0)
    damped = dict((stem, weight) for weight, stem in feedback.relevance_model(ranked, [(1.0, short), (1.0, long)]))
    assert plain["tariff"] > plain["grain"]  # two words share the short article's half of the vote
    assert damped["tariff"] < damped["grain"]


def test_query_overlap_gate_leaves_off_topic_expansion_out(monkeypatch, big_index):
    stems = ["harbour", "shipping"]
    assert feedback.query_overlap([(0.5, "harbour"), (0.3, "report"), (0.2, "news")], stems) == pytest.approx(1 / 3)
    assert feedback.query_overlap([], stems) == 0.0
    off = searcher.search(big_index, "harbour shipping news report today", limit=50, feedback=False)
    ungated = searcher.search(big_index, "harbour shipping news report today", limit=50, feedback=True)
    assert [round(h.score, 6) for h in ungated.hits] != [round(h.score, 6) for h in off.hits]
    monkeypatch.setattr(feedback, "MIN_QUERY_OVERLAP", 1.01)  # no expansion can pass
    gated = searcher.search(big_index, "harbour shipping news report today", limit=50, feedback=True)
    assert [(h.id, round(h.score, 6)) for h in gated.hits] == [(h.id, round(h.score, 6)) for h in off.hits]


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


@pytest.fixture
def proximity_on(monkeypatch):
    """Proximity re-ranking at the weight it shipped with (it is off by default since issue 17)."""
    monkeypatch.setattr(proximity, "PAIR_WEIGHT", 0.25)


def test_adjacent_query_words_rank_above_the_same_words_far_apart(proximity_index, proximity_on):
    for match_all in (True, False):
        result = searcher.search(proximity_index, "ferry fares", match_all=match_all, feedback=False)
        assert [hit.id for hit in result.hits][:2] == ["near", "apart"]
        assert result.hits[0].score > result.hits[1].score


def test_proximity_only_reranks_it_never_adds_or_drops_matches(proximity_index, proximity_on):
    assert searcher.search(proximity_index, "ferry fares").total == 2
    assert searcher.search(proximity_index, "ferry fares", match_all=False).total == 3


def test_proximity_leaves_one_word_and_phrase_queries_scored_as_written(proximity_index, proximity_on):
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


def test_explain_names_the_reranking_a_plain_query_gets(seed_index, proximity_on):
    lines = searcher.explain(seed_index, "Hlaing visits Moscow")
    assert "ranked higher: neighbouring words within 8 positions in the body (hla+visit, visit+moscow)" in lines
    assert not any("feedback" in line for line in lines)  # three words: no feedback
    assert any("feedback" in line
               for line in searcher.explain(seed_index, "junta chief visits Moscow talks", feedback=True))
    assert not any("feedback" in line
                   for line in searcher.explain(seed_index, "junta chief visits Moscow talks", feedback=False))
    assert not any(line.startswith("ranked higher") for line in searcher.explain(seed_index, '"Min Aung Hlaing"'))


@pytest.fixture(scope="module")
def quotation_index(tmp_path_factory):
    """Two stories with the same words: in one, "sorghum" stands inside a quotation."""
    folder = tmp_path_factory.mktemp("quotation")
    stories = [
        {"id": "quoted", "title": "Farm notes",
         "body": 'The minister spoke on Monday. "Sorghum harvests will fall this year," said Jane Roe. Rain came late.'},
        {"id": "reported", "title": "Farm notes",
         "body": "The minister spoke on Monday. Sorghum harvests will fall this year, said Jane Roe. Rain came late."},
    ]
    with open(folder / "stories.jsonl", "w", encoding="utf-8") as handle:
        for story in stories:
            handle.write(json.dumps(story) + "\n")
    indexer.index_paths([folder / "stories.jsonl"], folder / "ix")
    return folder / "ix"


def test_an_unfielded_word_inside_a_quotation_counts_once(quotation_index):
    # The body holds the quotation's words already: the quote field adds nothing to the score.
    for match_all in (True, False):
        hits = searcher.search(quotation_index, "sorghum harvests", match_all=match_all, feedback=False).hits
        assert {hit.id for hit in hits} == {"quoted", "reported"}
        assert hits[0].score == pytest.approx(hits[1].score)


def test_quote_and_speaker_still_search_as_fields(quotation_index):
    assert [hit.id for hit in searcher.search(quotation_index, "quote:sorghum").hits] == ["quoted"]
    assert [hit.id for hit in searcher.search(quotation_index, 'speaker:"Jane Roe"').hits] == ["quoted"]


def test_an_unfielded_query_still_shows_the_matching_quotation_with_its_speaker(quotation_index):
    hit = next(h for h in searcher.search(quotation_index, "sorghum").hits if h.id == "quoted")
    quotes = [s for s in hit.snippets if s.field == "quote"]
    assert quotes and quotes[0].speaker == "Jane Roe"


def test_proximity_is_off_by_default(proximity_index):
    assert proximity.PAIR_WEIGHT == 0
    scores = {hit.id: hit.score for hit in searcher.search(proximity_index, "ferry fares", feedback=False).hits}
    assert scores["near"] == pytest.approx(scores["apart"])
    assert not any(line.startswith("ranked higher") for line in searcher.explain(proximity_index, "ferry fares"))


def _scores(index, text, **options):
    return {hit.id: hit.score for hit in searcher.search(index, text, limit=50, **options).hits}


def test_a_word_typed_twice_counts_twice(big_index):
    # BM25's query-term frequency: "harbour harbour" weighs twice "harbour", in either mode.
    for match_all in (True, False):
        once = _scores(big_index, "harbour", match_all=match_all)
        twice = _scores(big_index, "harbour harbour", match_all=match_all)
        assert twice.keys() == once.keys()
        assert all(twice[doc] == pytest.approx(2 * once[doc]) for doc in once)
    assert _scores(big_index, "harbour OR harbour") == pytest.approx(_scores(big_index, "harbour harbour"))


def test_repeats_are_counted_after_operators_not_across_them(big_index):
    assert searcher.search(big_index, "harbour -harbour", match_all=False).total == 0
    assert searcher.search(big_index, "harbour NOT harbour").total == 0
    assert searcher.search(big_index, "shipping harbour -harbour", match_all=False).total == 1734 - 348


def test_words_sharing_a_stem_count_the_stem_once_each(big_index):
    # "harbours" adds the stem "harbour" again (and its own exact form, which no story has).
    for match_all in (True, False):
        once = _scores(big_index, "harbour", match_all=match_all)
        both = _scores(big_index, "harbour harbours", match_all=match_all)
        twice = _scores(big_index, "harbour harbour", match_all=match_all)
        assert both.keys() == once.keys()
        assert all(once[doc] < both[doc] < twice[doc] for doc in once)


def test_feedback_is_off_unless_asked_for_and_gentle_when_it_is(big_index, seed_index):
    text = "harbour report number officials shipping"
    default = searcher.search(big_index, text, match_all=False, limit=30)
    on = searcher.search(big_index, text, match_all=False, limit=30, feedback=True)
    off = searcher.search(big_index, text, match_all=False, limit=30, feedback=False)
    assert [(h.id, h.score) for h in default.hits] == [(h.id, h.score) for h in off.hits]
    assert [(h.id, h.score) for h in on.hits] != [(h.id, h.score) for h in off.hits]
    assert (feedback.FEEDBACK_DOCS, feedback.FEEDBACK_TERMS, feedback.ORIGINAL_WEIGHT) == (5, 5, 0.9)
    assert not any("feedback" in line for line in searcher.explain(seed_index, "junta chief visits Moscow talks"))
    lines = searcher.explain(seed_index, "junta chief visits Moscow talks", feedback=True)
    assert "ranked higher: articles sharing words with the top 5 (5 words, 10% of the weight: " \
           "pseudo-relevance feedback, asked for with --feedback)" in lines


def test_explain_says_how_repeats_and_quotations_weigh(quotation_index):
    lines = searcher.explain(quotation_index, "sorghum harvests sorghum -rain", match_all=False)
    assert "counted as often as typed: sorghum ×2" in lines
    assert any(line.startswith("quotations: matched and shown, but scored through the body only") for line in lines)
    assert not any(line.startswith("counted as often") for line in searcher.explain(quotation_index, "rain -rain"))
    assert not any(line.startswith("quotations:") for line in searcher.explain(quotation_index, "quote:sorghum"))
