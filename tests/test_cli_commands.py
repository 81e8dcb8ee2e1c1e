"""The research commands and the query modes through the CLI: formats, exit codes, messages."""

from __future__ import annotations

import json

import pytest


def decode(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_quotes_by_speaker_returns_exactly_his_two_quotes(cli, seed_index):
    quotes = cli.jsonl("quotes", "--speaker", "Than Soe Naing", "--index", seed_index)
    assert len(quotes) == 2
    assert {q["speaker"] for q in quotes} == {"Than Soe Naing"}
    assert quotes[0]["text"].startswith("Actually, this is not a meeting for heads of state")


def test_quotes_about_arms_finds_the_flow_of_arms_quote(cli, seed_index):
    quotes = cli.jsonl("quotes", "arms", "--index", seed_index)
    assert any(q["speaker"] == "Sai Kyi Zin Soe" and "flow of arms" in q["text"] for q in quotes)


def test_people_lists_speakers_and_translator(cli, seed_index):
    people = {p["name"]: p for p in cli.jsonl("people", "--index", seed_index)}
    for speaker in ("Sai Kyi Zin Soe", "Than Soe Naing", "Thein Tun Oo"):
        assert "speaker" in people[speaker]["roles"]
    assert "translator" in people["Khin Maung Nyane"]["roles"]


def test_rich_quotes_and_people_render_without_escape_codes(cli, seed_index):
    for command in (("quotes", "prison"), ("people",), ("timeline", "said")):
        result = cli(*command, "--index", seed_index, "--format", "rich", "--color", "never")
        assert result.exit_code == 0, result.stderr
        assert result.stdout and "\x1b" not in result.stdout


def test_no_quotes_exits_1_with_empty_output(cli, seed_index):
    result = cli("quotes", "--speaker", "Nobody Anywhere", "--index", seed_index)
    assert (result.exit_code, result.stdout) == (1, "")


def test_batch_tags_hits_with_qid_and_restarts_ranks(cli, seed_index):
    queries = "q1\tsaid\nq2\tShoigu\n"
    hits = decode(cli("query", "--batch", "-", "--any", "--index", seed_index, input=queries))
    assert [(h["qid"], h["rank"]) for h in hits] == [("q1", 1), ("q1", 2), ("q2", 1)]


def test_batch_reports_a_bad_query_runs_the_rest_and_exits_2(cli, seed_index):
    result = cli("query", "--batch", "-", "--index", seed_index, input='a\t"Min Aung\nb\tShoigu\nno tab here\n')
    assert result.exit_code == 2
    assert [h["qid"] for h in decode(result)] == ["b"]
    assert "query a: unbalanced quote" in result.stderr and ":3: expected 'qid<TAB>query'" in result.stderr


def test_no_hits_suggests_a_correction_on_stderr(cli, seed_index):
    result = cli("query", "Min Aung Hlaeng", "--index", seed_index)
    assert (result.exit_code, result.stdout) == (1, "")
    assert "Did you mean: Min Aung Hlaing?" in result.stderr


def test_explain_goes_to_stderr_and_hits_to_stdout(cli, seed_index):
    result = cli("query", "Shoigu", "--explain", "--index", seed_index)
    assert result.exit_code == 0
    assert '"shoigu"' in result.stderr
    assert decode(result)[0]["rank"] == 1


def test_facets_only_prints_counts_over_all_matches(cli, mixed_index):
    counts = cli.jsonl("query", "said", "--facet", "year", "--facet", "source", "--facets-only", "--limit", "1",
                       "--index", mixed_index)
    assert {"facet": "year", "value": "2023", "count": 1} in counts
    assert {"facet": "year", "value": "2022", "count": 1} in counts
    assert sum(c["count"] for c in counts if c["facet"] == "source") == 4


def test_kwic_lines_carry_article_id_and_paragraph(cli, seed_index):
    lines = cli.jsonl("query", '"Min Aung Hlaing"', "--kwic", "--limit", "1", "--index", seed_index)
    assert lines and all(line["id"] == lines[0]["id"] for line in lines)
    assert all(line["keyword"] == "Min Aung Hlaing" and line["paragraph"] >= 1 for line in lines)


def test_timeline_counts_dated_and_undated_articles(cli, mixed_index):
    periods = cli.jsonl("timeline", "said", "--by", "year", "--index", mixed_index)
    assert periods[0] == {"period": "2022", "count": 1}
    assert periods[1] == {"period": "2023", "count": 1}
    assert periods[-1] == {"period": None, "count": 2}


def test_similar_and_similar_to_exclude_the_article_itself(cli, mixed_index):
    rice = cli.jsonl("query", "title:Rice", "--index", mixed_index)[0]
    similar = cli.jsonl("similar", rice["id"], "--index", mixed_index)
    assert similar and rice["id"] not in {h["id"] for h in similar}
    assert [h["id"] for h in cli.jsonl("query", "--similar-to", rice["id"], "--index", mixed_index)] == [h["id"] for h in similar]


def test_similar_unknown_id_exits_1(cli, seed_index):
    result = cli("similar", "ffffffffffffffff", "--index", seed_index)
    assert result.exit_code == 1 and "no article with id" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (("query", "said", "--since", "2021-13-01"), "2021-13-01"),
        (("query",), "missing argument QUERY"),
        (("query", "said", "--facet", "colour"), "colour"),
        (("timeline", "said", "--by", "decade"), "decade"),
    ],
)
def test_bad_options_exit_2_with_a_message(cli, seed_index, args, message):
    result = cli(*args, "--index", seed_index)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
