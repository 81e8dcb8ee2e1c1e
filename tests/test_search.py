"""Ranked search over the seed index: names, phrases, bylines, speakers, errors."""

from __future__ import annotations

import pytest

from newsearch.engines.whoosh import indexer, searcher
from newsearch.engines.whoosh.schema import stemmed_form
from newsearch.errors import IndexMissingError, NotFoundError, QueryError, UnknownFieldError

MOSCOW = "Myanmar Junta Chief Visit to Moscow"
CAMBODIA = "Cambodian Political Prisoners"


def titles(folder, query, **options):
    return [hit.title for hit in searcher.search(folder, query, **options).hits]


def test_full_name_ranks_moscow_article_first_with_name_highlighted_as_one_span(seed_index):
    result = searcher.search(seed_index, "Min Aung Hlaing")
    assert result.hits[0].title.startswith(MOSCOW)
    spans = [s.text[a:b] for s in result.hits[0].snippets for a, b in s.highlights]
    assert "Min Aung Hlaing" in spans


@pytest.mark.parametrize(
    "query, expected",
    [
        ('translator:"Khin Maung Nyane"', MOSCOW),
        ('speaker:"Nuth Savana"', CAMBODIA),
        ("Hlaing", MOSCOW),
        ('"Um Yet"', CAMBODIA),
        ("writer:Lipes", MOSCOW),
        ('writer:"Richard Finney"', CAMBODIA),
        ("source:\"Radio Free Asia\" Shoigu", MOSCOW),
        ("Shoig*", MOSCOW),
        ('subhead:"search of support"', MOSCOW),
        ("quote:sunlight", CAMBODIA),
    ],
)
def test_names_and_fields_find_the_right_article(seed_index, query, expected):
    found = titles(seed_index, query)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_stop_words_inside_names_still_match_exactly(seed_index):
    # "yet" is a stop word and Porter turns "Hlaing" into "hla": the exact twin keeps both.
    assert titles(seed_index, '"Um Yet" Nguon')[0].startswith(CAMBODIA)
    assert titles(seed_index, "title:Moscow body:Hlaing")[0].startswith(MOSCOW)


def test_all_words_must_match_by_default_but_any_ranks_partial_matches(seed_index):
    assert titles(seed_index, "Shoigu Licadho") == []
    assert len(titles(seed_index, "Shoigu Licadho", match_all=False)) == 2


def test_not_and_minus_exclude_articles(seed_index):
    assert len(titles(seed_index, "prison NOT Shoigu")) == 1
    assert titles(seed_index, "junta -Shoigu") == []


def test_exact_form_ranks_above_stem_only_match(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Voters mark ballots\n\nA dek.\n\nThe elections were held in the north of the country.\n")
    (docs / "b.txt").write_text("Voters mark ballots again\n\nA dek.\n\nThe election was held in the north of the country.\n")
    indexer.index_paths([docs], tmp_path / "ix")
    assert titles(tmp_path / "ix", "election") == ["Voters mark ballots again", "Voters mark ballots"]
    assert titles(tmp_path / "ix", "elections") == ["Voters mark ballots", "Voters mark ballots again"]


def test_limit_and_offset_page_through_hits_with_continuing_ranks(mixed_index):
    everything = searcher.search(mixed_index, "said", limit=10)
    second = searcher.search(mixed_index, "said", limit=1, offset=1)
    assert everything.total == len(everything.hits) == 4
    assert [h.id for h in second.hits] == [everything.hits[1].id]
    assert second.hits[0].rank == 2


def test_date_sort_puts_newest_first_and_undated_last(mixed_index):
    hits = searcher.search(mixed_index, "said", sort="date").hits
    dates = [h.published for h in hits]
    assert dates[:2] == ["2023-03-14", "2022-02-02"]
    assert dates[2:] == [None, None]
    undated = [h.id for h in hits[2:]]
    assert undated == sorted(undated)


def test_date_range_query_selects_by_published_date(mixed_index):
    found = titles(mixed_index, "published:[2023-01-01 TO 2023-12-31]")
    assert found == ["Rice prices climb as monsoon floods hit delta farms"]


def test_quote_snippet_carries_its_speaker(seed_index):
    hit = searcher.search(seed_index, 'speaker:"Than Soe Naing"').hits[0]
    quotes = [s for s in hit.snippets if s.field == "quote"]
    assert quotes and all(s.speaker == "Than Soe Naing" for s in quotes)


def test_highlight_offsets_point_at_matched_words_or_their_variants(seed_index):
    highlighted = set()
    for hit in searcher.search(seed_index, "arms OR prison", match_all=False).hits:
        for snippet in hit.snippets:
            highlighted.update(snippet.text[start:end].lower() for start, end in snippet.highlights)
    assert {"arms", "prison", "prisoners"} <= highlighted
    assert {stemmed_form(word) for word in highlighted} == {"arm", "prison"}


def test_english_stems_join_a_words_forms_and_keep_other_words_apart():
    # Snowball's English stemmer (schema 5); Porter made "news" "new" and "organization" "organ".
    assert stemmed_form("elections") == stemmed_form("election") == stemmed_form("elected")
    assert stemmed_form("prisoners") == stemmed_form("prisoner")
    assert stemmed_form("news") != stemmed_form("new")
    assert stemmed_form("organization") != stemmed_form("organ")
    assert stemmed_form("communication") != stemmed_form("communism")


@pytest.mark.parametrize(
    "query, message",
    [
        ('"Min Aung', "unbalanced quote"),
        ("(junta OR army", "never closed"),
        ("junta)", "unexpected ')'"),
        ("published:[2021 TO", "never closed"),
        ("   ", "empty query"),
    ],
)
def test_malformed_queries_raise_errors_that_say_why(seed_index, query, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        searcher.search(seed_index, query)


def test_unknown_field_is_an_error_that_lists_valid_fields(seed_index):
    with pytest.raises(UnknownFieldError) as caught:
        searcher.search(seed_index, "colour:red junta")
    assert "unknown field 'colour'" in str(caught.value)
    assert "speaker" in str(caught.value) and "translator" in str(caught.value)
    assert caught.value.position == 0


def test_missing_index_tells_the_user_to_run_index(tmp_path):
    with pytest.raises(IndexMissingError, match="newsearch index"):
        searcher.search(tmp_path / "nowhere", "junta")


def test_get_article_by_id_and_by_unique_prefix(seed_index):
    hit = searcher.search(seed_index, "Hlaing").hits[0]
    assert searcher.get_article(seed_index, hit.id).title == hit.title
    assert searcher.get_article(seed_index, hit.id[:6]).id == hit.id
    with pytest.raises(NotFoundError):
        searcher.get_article(seed_index, "ffffffffffffffff")


def test_stats_count_articles_sources_roles_and_speakers(seed_index):
    info = searcher.index_stats(seed_index)
    assert (info.articles, info.files) == (2, 1)
    assert info.sources == {"Radio Free Asia": 2}
    assert set(info.authors_by_role["translator"]) == {"Khin Maung Nyane", "Sovannarith Keo"}
    assert info.top_speakers["Than Soe Naing"] == 2
    assert info.size_bytes > 0
