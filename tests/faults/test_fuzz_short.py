"""Short Hypothesis runs of the fuzz targets in bench/fuzz.py (the long runs live there)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import fuzz  # noqa: E402

SHORT = settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@SHORT
@given(fuzz.mixed(fuzz.PAGE_FRAGMENTS))
def test_page_parser_never_raises(text):
    fuzz.page_check(text)


@SHORT
@given(fuzz.json_records())
def test_json_lines_readers_never_raise(text):
    from newsearch import parsing

    if not hasattr(parsing, "parse_records"):
        pytest.skip("no JSON Lines reader in newsearch.parsing yet")
    fuzz.jsonl_check(text)


@SHORT
@given(fuzz.mixed(fuzz.QUERY_FRAGMENTS, 25))
@example("NOT AND ")  # found by this property: a NOT before another operator had no word to take
@example("junta AND NOT OR rice")
def test_query_parser_raises_only_query_errors(text):
    fuzz.query_check(text)


def test_query_found_by_the_fuzzer_is_an_error_or_an_answer_not_a_crash(seed_index):
    from conftest import run

    ran = run("query", "(2021-06-23)0", "--index", seed_index)
    assert "Traceback" not in ran.err
    # Read now as the phrase "2021 06 23" and the word 0: an answer (none here), not a crash.
    assert ran.code == 1 and ran.out == b""
    fuzz.query_check("(2021-06-23)0")


def test_a_not_with_no_word_to_negate_is_read_as_the_word(seed_index):
    from conftest import run

    for text in ("NOT AND rice", "NOT OR rice"):
        ran = run("query", text, "--explain", "--index", seed_index)
        assert "Traceback" not in ran.err, text
        assert 'word "NOT"' in ran.err, text
