"""JSON Lines, JSON and standard input: scraper exports and newsearch's own output read back."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsearch.models import Article, Author, Quote
from newsearch.parsing import (
    RecordProblem,
    article_id,
    normalise_date,
    parse_bytes,
    parse_file,
    parse_json,
    parse_records,
    parse_stream,
)

SEED = Path(__file__).parent.parent / "seeds" / "rfa-myanmar-junta-moscow.txt"

BODY = (
    "Police said the bridge would stay closed for a week.\n\n"
    "“We cannot let traffic back until the engineers are done,” said Jane Okafor, the city's transport chief."
)


def record(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


def parse(lines: list[str], path: str = "export.jsonl") -> tuple[list[Article], list[RecordProblem]]:
    problems: list[RecordProblem] = []
    return list(parse_records(lines, path, problems)), problems


def test_full_record_is_read_field_by_field():
    (article,), problems = parse([record(
        id="abc-123", title="Bridge  closed\tfor repairs", subtitle="Traffic diverted", body=BODY,
        url="https://example.org/bridge", published="2021-06-23T10:15:00Z", source="City Herald",
        authors=[{"name": "Jane Doe", "role": "reporter"}, "John Roe"], subheads=["Diversions"],
    )])
    assert problems == []
    assert article.id == "abc-123"
    assert article.title == "Bridge closed for repairs"
    assert article.subtitle == "Traffic diverted"
    assert article.body == BODY
    assert article.published == "2021-06-23"
    assert article.source == "City Herald"
    assert article.authors == (Author("Jane Doe", "reporter"), Author("John Roe", "author"))
    assert article.subheads == ("Diversions",)
    assert article.path == "export.jsonl" and article.ordinal == 0
    assert article.word_count == len(BODY.split())


def test_quotes_are_extracted_from_the_body_when_not_given():
    (article,), _ = parse([record(title="Bridge closed", body=BODY)])
    assert article.quotes == (Quote("We cannot let traffic back until the engineers are done", "Jane Okafor"),)


def test_given_quotes_are_kept_as_given_even_when_empty():
    given = [{"text": "Kept exactly as supplied here", "speaker": "Someone Else"}, {"text": "No speaker known here"}]
    (with_quotes,), _ = parse([record(title="T", body=BODY, quotes=given)])
    assert with_quotes.quotes == (Quote("Kept exactly as supplied here", "Someone Else"), Quote("No speaker known here"))
    (without,), _ = parse([record(title="T", body=BODY, quotes=[])])
    assert without.quotes == ()


@pytest.mark.parametrize("key", ["body", "text", "content"])
def test_body_may_be_called_text_or_content(key):
    (article,), _ = parse([json.dumps({"title": "T", key: "One paragraph of text."})])
    assert article.body == "One paragraph of text."


def test_date_key_and_written_out_dates_are_normalised():
    lines = [
        record(title="a", body="x", date="Wed, 23 Jun 2021 10:15:00 GMT"),
        record(title="b", body="x", published="26-FEB-1987"),
        record(title="c", body="x", published="sometime last week"),
        record(title="d", body="x", published="June 2021"),
        record(title="e", body="x", published=1624443300),
    ]
    articles, _ = parse(lines)
    assert [a.published for a in articles] == ["2021-06-23", "1987-02-26", None, None, "2021-06-23"]


def test_author_string_with_several_people_is_split():
    (a, b, c), _ = parse([
        record(title="a", body="x", author="Jane Doe and John Roe"),
        record(title="b", body="x", author="Reported by Jane Doe; translated by John Roe"),
        record(title="c", body="x", author="jane doe & john roe"),
    ])
    assert a.authors == (Author("Jane Doe"), Author("John Roe"))
    assert b.authors == (Author("Jane Doe", "reporter"), Author("John Roe", "translator"))
    assert c.authors == (Author("jane doe"), Author("john roe"))


def test_unknown_role_becomes_author():
    (article,), _ = parse([record(title="T", body="x", authors=[{"name": "Jane Doe", "role": "photographer"}])])
    assert article.authors == (Author("Jane Doe", "author"),)


def test_id_is_computed_when_not_supplied_and_numeric_ids_become_strings():
    (computed, numeric), _ = parse([record(title="T", body="Body text."), record(id=42, title="T", body="Body text.")])
    assert computed.id == article_id("T", "Body text.")
    assert numeric.id == "42"


def test_path_and_ordinal_default_to_the_file_and_line_unless_given():
    lines = [record(title="a", body="x"), "", record(title="b", body="x", path="orig/page.txt", ordinal=3)]
    (first, second), _ = parse(lines, "dump.jsonl")
    assert (first.path, first.ordinal) == ("dump.jsonl", 0)
    assert (second.path, second.ordinal) == ("orig/page.txt", 3)


def test_blank_lines_split_paragraphs_and_single_newlines_inside_them_are_wraps():
    (lines_only, wrapped), _ = parse([
        record(title="a", body="First paragraph.\nSecond paragraph.\r\n  \nThird."),
        record(title="b", body="Wrapped\nsentence.\n\nNext paragraph."),
    ])
    assert lines_only.body == "First paragraph. Second paragraph.\n\nThird."
    assert wrapped.body == "Wrapped sentence.\n\nNext paragraph."
    (listed,), _ = parse([record(title="c", body=["One.", "  Two.  ", ""])])
    assert listed.body == "One.\n\nTwo."


def test_body_given_line_by_line_keeps_each_line_a_paragraph():
    (article,), _ = parse([record(title="a", body="First paragraph.\nSecond paragraph.")])
    assert article.body == "First paragraph.\n\nSecond paragraph."


def test_body_wrapped_at_a_fixed_width_is_joined_into_sentences():
    wrapped = ("The committee met on Tuesday to review the harbour budget for the\n"
               "coming year, and the chair said the dredging contract would be put\n"
               "out to tender again before the summer.\n"
               "Fishermen's groups welcomed the decision, which ends months of delay.")
    (article,), _ = parse([record(title="a", body=wrapped)])
    assert article.body == (
        "The committee met on Tuesday to review the harbour budget for the coming year, and the chair"
        " said the dredging contract would be put out to tender again before the summer.\n\n"
        "Fishermen's groups welcomed the decision, which ends months of delay.")


def test_control_characters_never_survive():
    (article,), _ = parse([record(title="Evil\x1b[31m title\x07", body="Body\x00 text\u202e.")])
    assert article.title == "Evil title"
    assert article.body == "Body text."


def test_broken_lines_are_skipped_and_reported_with_their_line_numbers():
    lines = [
        record(title="good one", body="x"),
        "{not json",
        "[1, 2]",
        '"just a string"',
        record(url="https://example.org/only-a-url"),
        "",
        record(title="good two", body="y"),
    ]
    articles, problems = parse(lines)
    assert [a.title for a in articles] == ["good one", "good two"]
    assert [p.line for p in problems] == [2, 3, 4, 5]
    assert problems[0].reason.startswith("invalid JSON")
    assert problems[1] == (3, "line is an array, not an object")
    assert problems[2] == (4, "line is a string, not an object")
    assert problems[3] == (5, "record has neither title nor body")


def test_deeply_nested_and_odd_values_are_problems_not_crashes():
    deep = "[" * 100_000 + "]" * 100_000
    nested_field = '{"title": "T", "body": "x", "authors": ' + "[" * 50_000 + "]" * 50_000 + "}"
    articles, problems = parse([deep, nested_field, '{"title": 1e999, "body": {"a": 1}}', "1" * 5000])
    assert [p.line for p in problems] == [1, 2, 4]
    assert all("invalid JSON" in p.reason for p in problems)
    assert [a.title for a in articles] == ["inf"]


def test_wrong_types_in_fields_are_ignored():
    (article,), _ = parse([record(title=["not", "a", "title"], body="Text.", subheads="One subhead",
                                  authors=[None, 3, {"role": "editor"}], published=True, ordinal=-4)])
    assert article.title == ""
    assert article.subheads == ("One subhead",)
    assert article.authors == (Author("3"),)
    assert article.published is None
    assert article.ordinal == 0


def test_jsonl_and_ndjson_files_with_bom_and_crlf(tmp_path):
    data = ("\ufeff" + record(title="one", body="x") + "\r\n" + record(title="two", body="y") + "\r\n").encode("utf-8")
    for name in ("a.jsonl", "a.ndjson"):
        path = tmp_path / name
        path.write_bytes(data)
        assert [a.title for a in parse_file(path)] == ["one", "two"]


def test_parse_file_reports_problems_when_asked(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(record(title="ok", body="x") + "\n{oops\n", encoding="utf-8")
    problems: list = []
    assert [a.title for a in parse_file(path, problems)] == ["ok"]
    assert [p.line for p in problems] == [2]
    assert [a.title for a in parse_file(path)] == ["ok"]  # without a list: skipped silently


def test_json_array_single_object_and_wrapped_list(tmp_path):
    items = [{"title": "one", "body": "x"}, 7, {"title": "two", "body": "y"}]
    problems: list = []
    articles = parse_json(json.dumps(items), "a.json", problems)
    assert [(a.title, a.ordinal) for a in articles] == [("one", 0), ("two", 2)]
    assert problems == [(2, "item is a number, not an object")]
    assert [a.title for a in parse_json(json.dumps(items[0]))] == ["one"]
    assert [a.title for a in parse_json(json.dumps({"count": 2, "articles": [items[0], items[2]]}))] == ["one", "two"]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    assert [a.path for a in parse_file(path)] == [str(path)] * 2


def test_json_file_that_is_really_json_lines_is_read_as_lines():
    text = record(title="one", body="x") + "\n" + record(title="two", body="y") + "\n"
    assert [a.title for a in parse_json(text)] == ["one", "two"]


def test_invalid_json_document_is_one_problem():
    problems: list = []
    assert parse_json('{"title": "x",\n  "body": }', "a.json", problems) == []
    assert len(problems) == 1 and problems[0].line == 2 and problems[0].reason.startswith("invalid JSON")
    problems.clear()
    assert parse_json("[" * 100_000, "a.json", problems) == []
    assert len(problems) == 1


def test_parse_stream_reads_stdin_lazily_with_line_by_line_decoding():
    raw = (record(title="caf\u00e9", body="x") + "\n").encode("utf-8") + b'{"title": "\x93cp1252\x94", "body": "y"}\n{bad\n'
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    problems: list = []
    articles = parse_stream(stream, problems=problems)
    first = next(articles)
    assert (first.title, first.path, first.ordinal) == ("café", "<stdin>", 0)
    assert [a.title for a in articles] == ["“cp1252”"]
    assert [p.line for p in problems] == [3]


def test_parse_stream_accepts_a_plain_text_stream():
    assert [a.title for a in parse_stream(io.StringIO(record(title="t", body="b") + "\n"), "in")] == ["t"]


def test_newsearch_output_round_trips_to_equal_articles():
    originals = parse_file(SEED)
    assert originals and any(a.quotes for a in originals) and any(a.authors for a in originals)
    lines = [json.dumps(a.to_dict(), ensure_ascii=False) for a in originals]
    again, problems = parse(lines, "other.jsonl")
    assert problems == []
    assert again == originals


def test_normalise_date_rejects_impossible_and_partial_dates():
    assert normalise_date("2021-02-30") is None
    assert normalise_date("2021-06-23") == "2021-06-23"
    assert normalise_date(1624443300123) == "2021-06-23"  # milliseconds
    assert normalise_date(float("nan")) is None
    assert normalise_date(["2021-06-23"]) is None
    assert normalise_date("") is None


def test_quote_titles_and_kinds_read_back_from_parse_output(tmp_path):
    record = {"id": "a1", "title": "T", "body": "Body.", "quotes": [
        {"text": "We will win this", "speaker": "Jane Roe", "speaker_title": "Mayor", "speaker_kind": "person"},
        {"text": "prices will rise", "speaker": None, "speaker_title": "a bill trader", "speaker_kind": "anonymous"},
        {"text": "an old record", "speaker": "Old Form"},
        {"text": "a bad kind", "speaker": "X Y", "speaker_kind": "robot"},
    ]}
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    quotes = [q.to_dict() for q in parse_file(path)[0].quotes]
    assert quotes[0] == record["quotes"][0]
    assert quotes[1] == record["quotes"][1]
    assert quotes[2]["speaker_kind"] == "person"  # written before kinds existed: a named speaker was a person
    assert quotes[3]["speaker_kind"] is None


def test_a_records_language_is_kept_only_as_a_code_else_detected():
    lines = [json.dumps({"title": "Ferry crews strike", "body": "The crews said the rota was unsafe.", "language": lang})
             for lang in ("KM", "en\x1b[31m", None)]
    articles, _ = parse(lines, "feed.jsonl")
    assert [a.language for a in articles] == ["km", None, None]
    assert [a.language for a in parse_bytes("\n".join(lines).encode(), "feed.jsonl")] == ["km", "en", "en"]
