"""The query language as newsearch's own tree: the parser (newsearch/query) and the Whoosh
compiler give exactly the queries and errors the Whoosh-plugin parser gave (tests/data/query_forms.json,
written with that parser before it was removed), and the tree itself reads names, fields and
mistakes as the language says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsearch.errors import QueryError, UnknownFieldError
from newsearch.query import tree
from newsearch.query.parse import parse

FORMS = json.loads((Path(__file__).parent / "data" / "query_forms.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schema():
    from newsearch.engines.whoosh.schema import build_schema

    return build_schema()


def _outcome(text, schema, match_all):
    from newsearch.engines.whoosh.queryparse import parse_query

    try:
        return repr(parse_query(text, schema, match_all=match_all))
    except QueryError as error:
        return {"error": type(error).__name__, "message": str(error), "position": error.position}


def test_every_recorded_query_compiles_to_the_query_or_error_the_old_parser_gave(schema):
    assert len(FORMS) >= 300
    differing = [(form["query"], key) for form in FORMS for key, match_all in (("all", True), ("any", False))
                 if _outcome(form["query"], schema, match_all) != form[key]]
    assert differing == []


def test_the_language_field_table_is_the_index_schema_s():
    from newsearch.engines.whoosh import analysis, schema as whoosh_schema
    from newsearch.query import checks

    assert tree.FIELDS == whoosh_schema.PUBLIC_FIELDS
    assert tree.UNFIELDED_FIELDS == whoosh_schema.UNFIELDED_FIELDS
    assert checks.SENTENCE_GAP == analysis.SENTENCE_GAP


@pytest.mark.parametrize("name", ["Kilroy-Silk", "O'Brien", "U.S.-Japan", "reut-1", "G-7"])
def test_a_name_with_punctuation_inside_is_one_joined_node_keeping_the_typed_form(name):
    assert parse(name) == tree.And((tree.Joined(name, None, 1.0, 0),), 1.0, 0)


def test_a_dotted_abbreviation_is_one_word_not_a_joined_name():
    assert parse("U.S.").children == (tree.Word("U.S.", None, 1.0, 0),)


def test_a_minus_inside_a_word_joins_it_and_at_a_word_start_excludes():
    found = parse("G-7 -Japan")
    assert isinstance(found, tree.AndNot)
    assert tree.Joined("G-7", None, 1.0, 0) in tree.walk(found)
    assert found.negative.children == (tree.Word("Japan", None, 1.0, 5),)


@pytest.mark.parametrize("written", ["title", "Title", "TITLE", "tItLe"])
def test_field_names_are_read_in_any_case(written):
    assert parse(f"{written}:Moscow").children == (tree.Word("Moscow", "title", 1.0, len(written) + 1),)


def test_an_unknown_field_is_reported_with_the_valid_ones_and_its_position():
    with pytest.raises(UnknownFieldError) as caught:
        parse("Speaker:Baker Colour:red")
    assert caught.value.position == 14
    assert "unknown field 'Colour'; valid fields: title, subtitle, body" in str(caught.value)


@pytest.mark.parametrize("text, message, position", [
    ('"Min Aung', "unbalanced quote", 0),
    ("junta (Russia", "'(' is never closed", 6),
    ("Hlaeng~3", "fuzzy distance must be 1 or 2", 6),
    ("published:2021-13", "no such month", 10),
    ("published:2021-02-30", "no such day", 10),
    ("junta^x", "a boost is a positive number", 5),
    ("Baker ^2", "'^' must follow a word", 6),
    ("Hlaing NEAR/0 Shoigu", "NEAR/ takes a number of words", 7),
    ("Kilroy-S*", "a pattern (* or ?) matches one word", 0),
    ("published:[2022 TO 2021]", "ends (2021) before it starts (2022)", 10),
])
def test_mistakes_raise_query_errors_pointing_at_them(text, message, position):
    with pytest.raises(QueryError) as caught:
        parse(text)
    assert message in str(caught.value)
    assert caught.value.position == position


def test_each_shape_of_the_language_is_its_own_node():
    found = list(tree.walk(parse('"a b"~3 elect* gr??nspan Hlaeng~2/3 x NEAR/5 y z w/s q published:>=2021-06 t^2')))
    assert tree.Phrase("a b", None, 3, 1.0, 0) in found
    assert tree.Prefix("elect", None, 1.0, 8) in found
    assert tree.Wildcard("gr??nspan", None, 1.0, 15) in found
    assert tree.Fuzzy("Hlaeng", None, 2, 3, 1.0, 25) in found
    near = [n for n in found if isinstance(n, tree.Near)]
    assert [(n.words, n.distance, n.same_sentence) for n in near] == [((("x",), ("y",)), 5, False),
                                                                        ((("z",), ("q",)), 99, True)]
    assert tree.DateRange(">=2021-06", "2021-06-01", None, False, False, 67) in found
    assert tree.Word("t", None, 2.0, 75) in found


def test_stop_words_drop_only_from_alternatives_and_not_in_capitals():
    assert tree.DroppedStopWord("the", 0) in tree.walk(parse("the storm", match_all=False))
    assert not any(isinstance(n, tree.DroppedStopWord) for n in tree.walk(parse("the storm")))
    assert not any(isinstance(n, tree.DroppedStopWord) for n in tree.walk(parse("US storm", match_all=False)))


def test_trees_are_frozen_and_compare_by_value():
    assert parse("Baker OR Volcker") == parse("Baker OR Volcker")
    with pytest.raises(AttributeError):
        parse("Baker").boost = 2


def test_parsing_a_query_loads_no_engine():
    import subprocess
    import sys

    code = ("import sys; from newsearch.query.parse import parse; parse('Kilroy-Silk NEAR/3 title:Blair'); "
            "print(sorted(m for m in sys.modules if m.startswith(('whoosh', 'newsearch.engines'))))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


FRAGMENTS = [" ", '"', "(", ")", "[", "]", "{", "}", ":", "~", "~2", "*", "?", "^", "^2", "+", "-", "AND", "OR",
             "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", "NEAR/", "NEAR/3", "w/s", " TO ", "title:", "published:",
             "published:[2021 TO 2022]", "nofield:", "Kilroy-Silk", "O'Brien", "'", "*:*", "the", "junta"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=12).map("".join))
def test_the_parser_raises_nothing_but_query_errors_on_any_text(text):
    try:
        parse(text, match_all=False)
    except QueryError:
        pass


def test_describe_tells_a_tree_back_one_line_per_clause_indented_by_nesting():
    from newsearch.query.describe import describe

    assert describe(parse('Kilroy-Silk "prime minister"~3 -title:rugby published:>2004-06')) == [
        "the first, but not the second:",
        "  all of:",
        '    joined word "Kilroy-Silk" in the default fields',
        '    phrase "prime minister" in the default fields, words within 3 positions',
        "    published after 2004-06-30 to the latest",
        '  word "rugby" in title',
    ]
