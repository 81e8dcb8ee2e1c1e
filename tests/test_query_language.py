"""The query language: fuzzy and pattern terms on names, proximity, dates, batches, explain,
suggestions, collapsing, and errors that always say where the problem is."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsearch.engines.whoosh import indexer, searcher
from newsearch.errors import QueryError, UnknownFieldError
from newsearch.engines.whoosh.schema import SENTENCE_GAP

MOSCOW = "Myanmar Junta Chief Visit to Moscow"
RICE = "Rice prices climb as monsoon floods hit delta farms"
FISH = "Fishermen count losses after storm season"


def titles(folder, query, **options):
    return [hit.title for hit in searcher.search(folder, query, **options).hits]


@pytest.fixture(scope="module")
def sentences_index(tmp_path_factory):
    """Two short articles whose names share a sentence in one and sit in separate sentences in the other."""
    docs = tmp_path_factory.mktemp("sentences-docs")
    (docs / "same.txt").write_text(
        "Envoys meet in the capital\n\nA dek.\n\n"
        "Alpha Kilo met Bravo Lima at the ministry on Monday. Talks went on late into the night.\n"
    )
    (docs / "apart.txt").write_text(
        "Envoys leave the capital\n\nA dek.\n\n"
        "Alpha Kilo left early. Bravo Lima stayed for a dinner with the minister.\n"
    )
    folder = tmp_path_factory.mktemp("sentences-index")
    indexer.index_paths([docs], folder)
    return folder


@pytest.mark.parametrize("query", ["Hlaeng~", "Hlaeng~2", "hlaeng~1", "title:Moskow~", "Shoig*", "H?aing", "Shoig*^2"])
def test_fuzzy_and_pattern_terms_match_names_as_written(seed_index, query):
    found = titles(seed_index, query)
    assert len(found) == 1 and found[0].startswith(MOSCOW), found


def test_fuzzy_term_does_not_match_beyond_its_distance(seed_index):
    assert titles(seed_index, "Hlxxng~1") == []
    assert titles(seed_index, "Hlxxng~2")[0].startswith(MOSCOW)


def test_phrase_with_slop_finds_words_within_that_many_positions(seed_index):
    assert titles(seed_index, '"Shoigu Myanmar"~10')[0].startswith(MOSCOW)


def test_same_sentence_operator_needs_both_names_in_one_sentence(sentences_index):
    for operator in ("w/s", "NEAR/s"):
        assert titles(sentences_index, f"Kilo {operator} Lima") == ["Envoys meet in the capital"]
        assert titles(sentences_index, f'"Alpha Kilo" {operator} "Bravo Lima"') == ["Envoys meet in the capital"]
    # Words of neighbouring sentences are SENTENCE_GAP positions apart, so NEAR/N never spans them.
    assert titles(sentences_index, "Kilo NEAR/3 Lima") == ["Envoys meet in the capital"]
    assert titles(sentences_index, "early NEAR/2 Bravo") == []
    assert SENTENCE_GAP > 50


def test_near_distance_counts_words(sentences_index):
    assert len(titles(sentences_index, "Alpha NEAR/1 Kilo")) == 2
    assert titles(sentences_index, "Alpha NEAR/1 Kilo OR zzz", match_all=False) != []
    assert titles(sentences_index, "Alpha NEAR/5 ministry") == []
    assert titles(sentences_index, "Alpha NEAR/9 ministry") == ["Envoys meet in the capital"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("published:2023", [RICE]),
        ("published:2023-03", [RICE]),
        ("published:2023-03-14", [RICE]),
        ("published:2023-02", []),
        ("published:>=2022-06-01", [RICE]),
        ("published:>2022-02-02", [RICE]),
        ("published:>=2022-02-02", [RICE, FISH]),
        ("published:<2023", [FISH]),
        ("published:<=2022-02", [FISH]),
        ("published:[2022-01-01 TO 2022-06-30]", [FISH]),
        ("published:[2022 TO]", [RICE, FISH]),
        ("published:[TO 2022-02-01]", []),
        ("published:{2022-02-02 TO 2023-03-14]", [RICE]),
        ("said published:2022", [FISH]),
    ],
)
def test_date_queries_select_by_published_date(mixed_index, query, expected):
    assert sorted(titles(mixed_index, query)) == sorted(expected)


def test_since_and_until_filter_any_query(mixed_index):
    assert titles(mixed_index, "said", since="2023-01-01") == [RICE]
    assert titles(mixed_index, "said", until="2022") == [FISH]
    assert sorted(titles(mixed_index, "said", since="2022-02", until="2023-03-14")) == sorted([RICE, FISH])
    with pytest.raises(QueryError, match="--since/--until"):
        searcher.search(mixed_index, "said", since="14/03/2023")


MALFORMED = [
    ('"Min Aung', "unbalanced quote", 0),
    ("(junta OR army", "'(' is never closed", 0),
    ("junta)", "unexpected ')'", 5),
    ("published:[2021 TO", "'[' is never closed", 10),
    ("   ", "empty query", 0),
    ("colour:red junta", "unknown field 'colour'", 0),
    ("junta title:x NEAR/s speaker:y", "both sides of NEAR must search the same field", 12),
    ("Hlaing~x", "fuzzy distance must be 1 or 2", 6),
    ("Hlaing~9", "fuzzy distance must be 1 or 2", 6),
    ("Hlaing~0", "fuzzy distance must be 1 or 2", 6),
    ("Hlaing~¹", "fuzzy distance must be 1 or 2", 6),  # a digit to str.isdigit, not to int()
    ('"Shoigu Myanmar"~²', "a phrase's proximity is a number of words", 16),
    ("Hlaing NEAR/³ Shoigu", "NEAR/ takes a number of words", 7),
    ("Hlaing~2/x", "fuzzy prefix must be a positive number", 6),
    ("junta ~ army", "'~' must follow a word", 6),
    ('"Shoigu Myanmar"~x', "a phrase's proximity is a number of words", 16),
    ('"Shoigu Myanmar"~500', "a phrase's proximity is a number of words", 16),
    ("[a b]", "a range is written [FROM TO UNTIL]", 0),
    ("title:[TO]", "a range is written [FROM TO UNTIL]", 6),
    ("published:2021-13", "'2021-13' is not a date", 10),
    ("published:2021-02-30", "no such day", 10),
    ("published:June", "'June' is not a date", 10),
    ("junta published:>=21-06", "'21-06' is not a date", 18),
    ("published:[2023 TO 2021]", "ends (2021) before it starts (2023)", 10),
    ("published:", "needs a date", 10),
    ("w/s Hlaing", "NEAR needs a word or a quoted phrase on each side", 0),
    ("Hlaing NEAR/s", "NEAR needs a word or a quoted phrase on each side", 7),
    ("Hlaing NEAR/q Shoigu", "NEAR/ takes a number of words", 7),
    ("Hlaing NEAR/0 Shoigu", "NEAR/ takes a number of words", 7),
]


@pytest.mark.parametrize("query, message, position", MALFORMED)
def test_malformed_queries_raise_one_line_errors_pointing_at_the_problem(seed_index, query, message, position):
    with pytest.raises(QueryError) as caught:
        searcher.search(seed_index, query)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert caught.value.position == position


def test_unknown_field_inside_near_is_reported_as_unknown_field(seed_index):
    with pytest.raises(UnknownFieldError):
        searcher.search(seed_index, "colour:red NEAR/3 colour:blue")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('ab Hlaing"()[]{}~*?^:+-/0123456789sNEARTOw<>=\\\'.!,')) | st.characters(),
               max_size=40))
def test_any_string_gives_results_or_a_query_error(seed_index, text):
    try:
        result = searcher.search(seed_index, text, match_all=False)
    except QueryError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert result.total >= len(result.hits)


def test_batch_runs_every_query_on_one_index_and_reports_bad_ones_in_place(mixed_index):
    queries = [("q1", "Hlaing"), ("q2", '"broken'), ("q3", "said")]
    answers = list(searcher.search_batch(mixed_index, queries, limit=2, match_all=False))
    assert [qid for qid, _ in answers] == ["q1", "q2", "q3"]
    assert answers[0][1].hits[0].title.startswith(MOSCOW)
    assert isinstance(answers[1][1], QueryError) and "unbalanced quote" in str(answers[1][1])
    assert [hit.rank for hit in answers[2][1].hits] == [1, 2]
    alone = searcher.search(mixed_index, "said", limit=2, match_all=False)
    assert [h.id for h in answers[2][1].hits] == [h.id for h in alone.hits]


def test_batch_with_bad_options_fails_before_any_query(mixed_index):
    with pytest.raises(QueryError, match="unknown sort"):
        list(searcher.search_batch(mixed_index, [("q1", "said")], sort="random"))


@pytest.mark.parametrize(
    "query, suggestion",
    [
        ("Min Aung Hlaeng", "Min Aung Hlaing"),
        ('"Min Aung Hlaeng"', '"Min Aung Hlaing"'),
        ("HLAENG", "HLAING"),
        ("speaker:Shoiguu", "speaker:Shoigu"),
        ("juntta AND Moscow", "junta AND Moscow"),
    ],
)
def test_suggest_corrects_misspelt_words_from_the_index_vocabulary(seed_index, query, suggestion):
    assert searcher.search(seed_index, query).total == 0
    assert searcher.suggest(seed_index, query) == suggestion


def test_suggest_gives_nothing_when_every_word_exists_or_nothing_is_close(seed_index):
    assert searcher.suggest(seed_index, "Shoigu Licadho") is None
    assert searcher.suggest(seed_index, "qqqqzzzz") is None
    assert searcher.suggest(seed_index, '"unclosed') is None


def test_explain_shows_fields_forms_stop_words_and_missing_terms(seed_index):
    lines = searcher.explain(seed_index, "Hlaing the zzyzx^2 speaker:Shoigu")
    assert lines[0] == "all of:"
    assert 'word "Hlaing" in the default fields: exact "hlaing" (1 article), stemmed "hla"' in lines[1]
    assert "stop word: dropped from the stemmed fields" in lines[2]
    assert 'exact "zzyzx": in no article' in lines[3] and "weight ×2" in lines[3]
    assert 'in speaker: exact "shoigu"' in lines[4]


def test_explain_describes_dates_fuzzy_patterns_and_proximity(seed_index):
    text = "\n".join(searcher.explain(seed_index, 'Hlaeng~ Shoig* published:2021-06 "Shoigu Myanmar"~10 Min w/s Hlaing'))
    assert 'fuzzy "hlaeng" (up to 1 edit) in the default fields, exact forms: matches hlaing' in text
    assert 'pattern "shoig*" in the default fields, exact forms: matches shoigu' in text
    assert "published from 2021-06-01 to 2021-06-30" in text
    assert "words within 10 positions" in text
    assert '"min", "hlaing" in the same sentence' in text


def test_explain_raises_for_a_malformed_query(seed_index):
    with pytest.raises(QueryError, match="fuzzy distance"):
        searcher.explain(seed_index, "Hlaing~7")


@pytest.fixture(scope="module")
def cluster_index(tmp_path_factory):
    """Three articles, two of which the indexer is told are copies (one cluster)."""
    from newsearch.models import Article
    from newsearch.engines.whoosh.store import prepare_for_writing

    folder = tmp_path_factory.mktemp("cluster-index")
    ix = prepare_for_writing(folder, rebuild=False)
    writer = ix.writer()
    for i, (title, cluster) in enumerate([("Flood warning for delta", "c1"), ("Flood warning for the delta", "c1"),
                                          ("Flood relief arrives", "c2")]):
        article = Article(id=f"{i:016x}", path=f"copy{i}.txt", ordinal=0, title=title, body="Floods hit the delta.")
        writer.add_document(**indexer.to_document(article, [article.path], cluster))
    writer.commit()
    return folder


def test_collapse_keeps_one_hit_per_cluster_and_lists_the_copies(cluster_index):
    plain = searcher.search(cluster_index, "flood")
    collapsed = searcher.search(cluster_index, "flood", collapse=True)
    assert plain.total == 3 and len(plain.hits) == 3
    assert collapsed.total == 2 and len(collapsed.hits) == 2
    copies = {hit.cluster: hit.paths for hit in collapsed.hits}
    assert sorted(copies["c1"]) == ["copy0.txt", "copy1.txt"]
    assert copies["c2"] == ("copy2.txt",)
