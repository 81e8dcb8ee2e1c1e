"""Research commands' library calls: quotes, people, similar, kwic, facets, timeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from newsearch.research import periods
from newsearch.engines import open_engine
from newsearch.engines.whoosh import facets, indexer, kwic, research, store
from newsearch.errors import NotFoundError, QueryError
from newsearch.models import Article, Author, PeriodCount, Quote

ROOT = Path(__file__).resolve().parent.parent
SEED_ID = "a3afec7b74a321fd"  # the seed page's Myanmar article

# A small collection with dates, an undated article and two copies of one story (one cluster).
STORIES = (
    Article("aaaa000000000001", "wire/oil-1.txt", 0, "Oil prices climb as OPEC cuts output",
            body="Crude oil prices rose on Monday after OPEC agreed to cut output.\n\n"
                 "Traders said barrels of crude were scarce in the Gulf.",
            authors=(Author("Jane Doe", "reporter"),), source="Wire A", published="2021-01-05",
            quotes=(Quote("Crude will stay expensive", "Ali Al-Naimi"), Quote("We watch the market", None))),
    Article("aaaa000000000002", "wire/oil-2.txt", 0, "OPEC output cuts lift crude oil prices",
            body="Crude oil prices rose after OPEC agreed to cut output, traders said.",
            authors=(Author("Jane Doe", "reporter"), Author("Ko Lwin", "editor")), source="Wire B",
            published="2021-01-06", quotes=(Quote("Crude stays expensive", "Saudi Oil Minister Ali Al-Naimi"),)),
    Article("aaaa000000000003", "wire/oil-3.txt", 0, "Oil tanker exports slow as OPEC holds output",
            body="Tanker exports of crude oil slowed in March as OPEC held output steady.",
            source="Wire A", published="2021-03-20"),
    Article("aaaa000000000004", "wire/club.txt", 0, "Club wins the league title",
            body="The club, owned by an oil billionaire, won the league on Sunday.",
            source="Wire B", quotes=(Quote("A great season", "Ali Hassan"),)),
    Article("aaaa000000000005", "wire/vote.txt", 0, "Election results announced",
            body="Results of the election were announced in the capital.", source="Wire A", published="2021-01-10"),
)
CLUSTERS = {"aaaa000000000002": "aaaa000000000001"}


@pytest.fixture(scope="module")
def wire_index(tmp_path_factory) -> Path:
    """The STORIES written straight into an index (the second oil story filed as a copy of the first)."""
    folder = tmp_path_factory.mktemp("wire-index")
    ix = store.prepare_for_writing(folder, rebuild=False)
    writer = ix.writer()
    for article in STORIES:
        doc = indexer.to_document(article, [article.path], CLUSTERS.get(article.id, article.id))
        writer.add_document(**doc)
    writer.commit()
    return folder


# ---------------------------------------------------------------- quotes


def test_quotes_by_speaker_returns_exactly_his_two_quotes(seed_index):
    found = research.quotes(seed_index, speaker="Than Soe Naing")
    assert [q.speaker for q in found] == ["Than Soe Naing"] * 2
    assert found[0].text.startswith("Actually, this is not a meeting for heads of state")
    assert found[1].text.startswith("When the chief of the regime attends")
    assert {q.id for q in found} == {SEED_ID}


def test_quotes_query_finds_the_quote_on_the_flow_of_arms_and_highlights_the_word(seed_index):
    found = research.quotes(seed_index, "arms")
    assert {q.speaker for q in found} == {"Sai Kyi Zin Soe"}
    assert any("curb the flow of arms" in q.text for q in found)
    for q in found:
        assert [q.text[a:b].lower() for a, b in q.highlights] == ["arms"]


@pytest.mark.parametrize("name", ["Shoigu", "sergei shoigu", "Russia's Defense Minister Sergei Shoigu", "Sérgei SHOIGU"])
def test_speaker_names_match_across_forms(seed_index, name):
    found = research.quotes(seed_index, speaker=name)
    assert [q.speaker for q in found] == ["Sergei Shoigu", "Sergei Shoigu"]


def test_speaker_long_form_in_the_article_matches_a_short_name(wire_index):
    found = research.quotes(wire_index, speaker="Al-Naimi")
    assert [q.speaker for q in found] == ["Saudi Oil Minister Ali Al-Naimi", "Ali Al-Naimi"]  # newest first


def test_speaker_with_another_surname_does_not_match(seed_index):
    assert research.quotes(seed_index, speaker="Sergei Lavrov") == ()
    assert research.quotes(seed_index, speaker="   ") == ()


def test_speaker_matches_rules():
    assert research.speaker_matches("Shoigu", "Sergei Shoigu")
    assert research.speaker_matches("Russia’s Defense Minister Sergei Shoigu", "Sergei Shoigu")
    assert not research.speaker_matches("Sergei Lavrov", "Sergei")
    assert not research.speaker_matches("Soe", "Than Soe Naing") is False  # a token of the name is enough
    assert not research.speaker_matches("Naing Soe Than Win", "Than Soe Naing")


@given(st.lists(st.from_regex(r"[A-Za-zÀ-ÖØ-öø-ÿ]{2,8}", fullmatch=True), min_size=1, max_size=4))
def test_a_name_matches_itself_in_any_case(parts):
    name = " ".join(parts)
    assert research.speaker_matches(name.upper(), name)
    assert research.speaker_matches(parts[-1], name)


def test_about_is_judged_on_each_quote_alone(seed_index):
    found = research.quotes(seed_index, about="military -Russia")
    assert [(q.speaker, q.text) for q in found] == [("Sergei Shoigu", "cooperation in the military and military-technical field.")]
    assert [found[0].text[a:b] for a, b in found[0].highlights] == ["military", "military"]


def test_about_phrase_and_prefix(seed_index):
    assert {q.speaker for q in research.quotes(seed_index, about='"flow of arms"')} == {"Sai Kyi Zin Soe"}
    assert len(research.quotes(seed_index, about="milit*")) == 3


def test_query_naming_no_quote_words_lists_every_quote_of_the_matching_articles(seed_index):
    found = research.quotes(seed_index, "title:Moscow")
    assert len(found) == 10 and {q.id for q in found} == {SEED_ID}
    assert all(q.highlights == () for q in found)


def test_quotes_with_no_match_is_empty(seed_index):
    assert research.quotes(seed_index, "zebra") == ()
    assert research.quotes(seed_index, "arms", speaker="Than Soe Naing") == ()


def test_quotes_bad_query_is_a_query_error(seed_index):
    with pytest.raises(QueryError):
        research.quotes(seed_index, about='"unclosed')


# ---------------------------------------------------------------- people


def test_people_lists_speakers_and_the_translator(seed_index):
    found = {p.name: p for p in research.people(seed_index)}
    for speaker, quotes in {"Sai Kyi Zin Soe": 3, "Than Soe Naing": 2, "Thein Tun Oo": 3}.items():
        assert dict(found[speaker].roles) == {"speaker": 1}
        assert found[speaker].quotes == quotes
    assert dict(found["Khin Maung Nyane"].roles) == {"translator": 1}
    assert found["Khin Maung Nyane"].quotes == 0


def test_people_of_a_query_counts_articles_per_role(wire_index):
    found = research.people(wire_index, "OPEC")
    # Two articles each, Al-Naimi first by his two quotes.
    assert [(p.name, p.articles, dict(p.roles)) for p in found[:2]] == [
        ("Ali Al-Naimi", 2, {"speaker": 2}), ("Jane Doe", 2, {"reporter": 2})]
    # "Saudi Oil Minister Ali Al-Naimi" (a record from before titles were split off) is Ali Al-Naimi.
    assert {p.name: p.articles for p in found} == {"Jane Doe": 2, "Ko Lwin": 1, "Ali Al-Naimi": 2}
    assert research.people(wire_index, "zebra") == ()


# ---------------------------------------------------------------- similar


def test_similar_leaves_out_the_article_and_its_copies(wire_index):
    result = research.similar(wire_index, "aaaa000000000001")
    ids = [hit.id for hit in result.hits]
    assert ids[0] == "aaaa000000000003"
    assert "aaaa000000000001" not in ids and "aaaa000000000002" not in ids
    assert [hit.rank for hit in result.hits] == list(range(1, len(ids) + 1))


def test_similar_with_duplicates_ranks_the_copy_first(wire_index):
    result = research.similar(wire_index, "aaaa000000000001", include_duplicates=True)
    assert result.hits[0].id == "aaaa000000000002"
    assert "aaaa000000000001" not in [hit.id for hit in result.hits]


def test_similar_within_a_query_and_limit(wire_index):
    result = research.similar(wire_index, "aaaa000000000001", within="source:\"Wire B\"", limit=1)
    assert [hit.id for hit in result.hits] == ["aaaa000000000004"]


def test_similar_takes_an_id_prefix(seed_index):
    result = research.similar(seed_index, SEED_ID[:8])
    assert [hit.id for hit in result.hits] == ["91d0d1684dc5301c"]


def test_similar_unknown_id_is_not_found(wire_index):
    with pytest.raises(NotFoundError):
        research.similar(wire_index, "ffff000000000000")


# ---------------------------------------------------------------- kwic


def test_kwic_centres_a_phrase_as_one_keyword(seed_index):
    lines = kwic.kwic(seed_index, '"flow of arms"', width=20)
    assert [line.keyword for line in lines] == ["flow of arms"] * 3
    assert [line.paragraph for line in lines] == [14, 15, 16]
    assert lines[1].left == "decided to curb the " and lines[1].right.startswith(" and many countries")
    assert all(len(line.left) <= 20 and len(line.right) <= 20 and line.id == SEED_ID for line in lines)


def test_kwic_context_is_the_paragraph_around_the_match(wire_index):
    lines = kwic.kwic(wire_index, "barrels")
    assert [(l.id, l.paragraph, l.left, l.keyword, l.right) for l in lines] == [
        ("aaaa000000000001", 2, "Traders said ", "barrels", " of crude were scarce in the Gulf.")
    ]
    assert kwic.kwic(wire_index, "zebra") == ()


# ---------------------------------------------------------------- facets


def test_facets_count_every_matching_article(wire_index):
    found = facets.facets(wire_index, "oil", ["source", "month", "speaker"])
    as_tuples = [(f.facet, f.value, f.count) for f in found]
    assert as_tuples == [
        ("source", "Wire A", 2), ("source", "Wire B", 2),
        ("month", "2021-01", 2), ("month", "2021-03", 1),
        ("speaker", "Ali Al-Naimi", 2), ("speaker", "Ali Hassan", 1),  # both forms of Al-Naimi's name
    ]


def test_facets_without_query_cover_the_index_and_top_trims(wire_index):
    found = facets.facets(wire_index, None, ["year", "source"], top=1)
    assert [(f.facet, f.value, f.count) for f in found] == [("year", "2021", 4), ("source", "Wire A", 3)]


def test_facets_unknown_name_and_no_match(wire_index):
    with pytest.raises(QueryError):
        facets.facets(wire_index, "oil", ["colour"])
    assert facets.facets(wire_index, "zebra", ["source"]) == ()


# ---------------------------------------------------------------- timeline


def test_timeline_by_month_shows_empty_months_and_undated_last(wire_index):
    assert open_engine(wire_index).timeline("oil", by="month") == (
        PeriodCount("2021-01", 2), PeriodCount("2021-02", 0), PeriodCount("2021-03", 1), PeriodCount(None, 1)
    )


def test_timeline_by_week_and_year(wire_index):
    weeks = open_engine(wire_index).timeline("OPEC OR election", by="week")
    assert weeks[0] == PeriodCount("2021-W01", 3) and weeks[-2] == PeriodCount("2021-W11", 1)
    assert len(weeks) == 11 + 1 and sum(p.count for p in weeks) == 4
    assert open_engine(wire_index).timeline("oil", by="year") == (PeriodCount("2021", 3), PeriodCount(None, 1))


def test_timeline_of_no_match_and_of_undated_only(wire_index):
    assert open_engine(wire_index).timeline("zebra") == (PeriodCount(None, 0),)
    assert open_engine(wire_index).timeline("billionaire", by="day") == (PeriodCount(None, 1),)
    with pytest.raises(QueryError):
        open_engine(wire_index).timeline("oil", by="decade")


@given(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)), st.integers(0, 800), st.sampled_from(periods.PERIODS))
def test_periods_between_are_consecutive_and_cover_the_range(first, days, by):
    last = first + dt.timedelta(days=days)
    labels = periods.periods_between(first, last, by)
    assert labels[0] == periods.period_of(first, by) and labels[-1] == periods.period_of(last, by)
    assert labels == sorted(set(labels))
    covered = {periods.period_of(first + dt.timedelta(days=n), by) for n in range(days + 1)}
    assert set(labels) == covered
