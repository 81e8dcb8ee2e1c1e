"""English function words out of a query's alternatives (queryparse.ALTERNATIVE_STOP_WORDS set to
FUNCTION_STOP_WORDS), and nowhere else: required words, phrases, fields, words in capitals and
other languages' words stay as typed."""

from __future__ import annotations

import pytest

from newsearch.engines.whoosh import queryparse
from newsearch.engines.whoosh.schema import build_schema, query


@pytest.fixture(scope="module")
def schema():
    return build_schema()


@pytest.fixture
def function_words(monkeypatch):
    monkeypatch.setattr(queryparse, "ALTERNATIVE_STOP_WORDS", queryparse.FUNCTION_STOP_WORDS)


def words(text, schema, match_all=False, exact=True):
    """The words the compiled query searches in the exact twins (or the stemmed fields), phrases'
    words included."""
    found = set()
    for leaf in queryparse.all_leaves(queryparse.parse_query(text, schema, match_all=match_all)):
        field = leaf.field() or ""
        if field.endswith("_exact") == exact and field.split("_")[0] in ("title", "body"):
            found.update(leaf.words if isinstance(leaf, query.Phrase) else [leaf.text])
    return found


SENTENCE = "What problems are there in making up descriptive titles"


def test_a_sentence_typed_as_alternatives_weighs_only_its_subject_words_as_stems(schema, function_words):
    assert words(SENTENCE, schema, exact=False) == {"problem", "make", "descript", "titl"}
    # The function words the index keeps still count as typed, in the exact twins; the index's
    # own stop words ("are", "in") not at all.
    assert words(SENTENCE, schema) == {"what", "problems", "there", "making", "up", "descriptive", "titles"}


def test_without_the_twins_function_words_are_not_searched(schema, function_words, monkeypatch):
    from newsearch.engines.whoosh import querycompile

    monkeypatch.setattr(querycompile, "FUNCTION_WORDS_IN_TWINS", False)
    assert words(SENTENCE, schema) == {"problems", "making", "descriptive", "titles"}


def test_the_index_stop_words_alone_are_dropped_by_default(schema):
    assert queryparse.ALTERNATIVE_STOP_WORDS is queryparse.STOP_WORDS
    assert {"what", "there", "up"} <= words(SENTENCE, schema, exact=False)
    assert not {"in", "are"} & words(SENTENCE, schema)


def test_required_words_stay(schema, function_words):
    assert words("who won the election", schema, match_all=True) == {"who", "won", "the", "election"}


def test_a_phrase_keeps_its_function_words(schema, function_words):
    found = words('"what the junta did" storm', schema)
    assert {"what", "the", "junta", "did", "storm"} <= found


def test_words_in_capitals_and_fielded_words_stay(schema, function_words):
    assert "who" in words("WHO funding cuts", schema)
    assert "who" in words("title:who funding", schema)


def test_a_query_of_function_words_only_keeps_them(schema, function_words):
    assert words("what about them", schema) == {"what", "about", "them"}


def test_other_languages_words_are_not_english_function_words(schema, function_words):
    assert {"die", "wahl", "berlin"} <= words("die Wahl in Berlin", schema)
    assert {"выборы", "в", "москве"} <= words("выборы в Москве", schema)
    assert words("le président élu", schema) == {"le", "president", "elu"}  # accents folded, "le" kept
