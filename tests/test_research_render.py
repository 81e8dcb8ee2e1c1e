"""Research printers: Rich without colour on a StringIO, JSON Lines decoded back."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, strategies as st

from newsearch.engines import open_engine
from newsearch.engines.whoosh import facets, kwic, research
from newsearch.render import research as render_research
from newsearch.models import FacetCount, KwicLine, PeriodCount, PersonCount, QuoteHit

HOSTILE = "evil\x1b[31mred\x1b]0;title\x07\u202eend"


def rich(printer, items, **kwargs) -> str:
    out = io.StringIO()
    printer(items, "rich", out, **kwargs)
    return out.getvalue()


def jsonl(printer, items) -> list[dict]:
    out = io.StringIO()
    printer(items, "jsonl", out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_quotes_rich_line_has_quote_speaker_title_date_and_id(seed_index):
    text = rich(render_research.quotes, research.quotes(seed_index, speaker="Than Soe Naing"))
    first = text.splitlines()[0]
    assert first.startswith("“Actually, this is not a meeting")
    assert "— Than Soe Naing" in text and "Myanmar Junta Chief Visit to Moscow" in text
    assert "undated · a3afec7b74a321fd" in text.replace("\n", " ")
    assert text.rstrip().endswith("2 quotes") and "\x1b" not in text


def test_quotes_jsonl_decodes_to_the_hits(seed_index):
    found = research.quotes(seed_index, "arms")
    records = jsonl(render_research.quotes, found)
    assert [r["speaker"] for r in records] == ["Sai Kyi Zin Soe"] * len(found)
    assert set(records[0]) == {"text", "speaker", "highlights", "id", "title", "published", "source", "duplicates"}
    start, end = records[0]["highlights"][0]
    assert records[0]["text"][start:end] == "arms"


def test_no_quotes_prints_a_count_on_a_terminal_and_nothing_in_a_pipe():
    assert rich(render_research.quotes, ()) == "0 quotes\n"
    assert jsonl(render_research.quotes, ()) == []


def test_people_table_and_jsonl(seed_index):
    found = research.people(seed_index, "junta")
    text = rich(render_research.people, found)
    assert any(line.split()[:3] == ["Khin", "Maung", "Nyane"] and "translator 1" in line for line in text.splitlines())
    records = jsonl(render_research.people, found)
    by_name = {r["name"]: r for r in records}
    assert by_name["Than Soe Naing"] == {"name": "Than Soe Naing", "articles": 1, "quotes": 2, "roles": {"speaker": 1}}


def test_facets_rich_tables_and_jsonl_shape():
    items = (FacetCount("source", "Wire A", 3), FacetCount("source", "Wire B", 1), FacetCount("year", "2021", 4))
    text = rich(render_research.facets, items)
    assert "by source" in text and "by year" in text
    assert [line.split() for line in text.splitlines() if "Wire" in line] == [["Wire", "A", "3"], ["Wire", "B", "1"]]
    assert jsonl(render_research.facets, items)[0] == {"facet": "source", "value": "Wire A", "count": 3}


def test_kwic_keywords_line_up_in_one_column(seed_index):
    lines = kwic.kwic(seed_index, "junta", width=30)
    text = rich(render_research.kwic, lines, width=30)
    columns = {row.index("junta", len("a3afec7b74a321fd ¶12  ") + 25) for row in text.splitlines()}
    assert len(columns) == 1
    assert jsonl(render_research.kwic, lines)[0]["keyword"] == "junta"


def test_timeline_rich_draws_zero_periods_and_the_undated_count():
    items = (PeriodCount("2021-01", 4), PeriodCount("2021-02", 0), PeriodCount("2021-03", 2), PeriodCount(None, 1))
    text = rich(render_research.timeline, items)
    rows = text.splitlines()
    assert rows[0].startswith("2021-01 4 █") and rows[1].rstrip() == "2021-02 0"
    assert abs(rows[0].count("█") - 2 * rows[2].count("█")) <= 1  # bars are proportional, rounded
    assert rows[-1] == "6 dated articles, 1 undated"


def test_timeline_jsonl_ends_with_the_undated_line():
    items = (PeriodCount("2021-W01", 1), PeriodCount(None, 0))
    assert jsonl(render_research.timeline, items) == [{"period": "2021-W01", "count": 1}, {"period": None, "count": 0}]


def test_timeline_of_no_dated_match():
    assert rich(render_research.timeline, (PeriodCount(None, 3),)) == "0 dated articles, 3 undated\n"


@pytest.mark.parametrize("printer, items", [
    (render_research.quotes, (QuoteHit(HOSTILE, HOSTILE, "id", HOSTILE, None, HOSTILE, ((0, 4),)),)),
    (render_research.people, (PersonCount(HOSTILE, (("speaker", 1),), 1, 1),)),
    (render_research.facets, (FacetCount("speaker", HOSTILE, 1),)),
    (render_research.kwic, (KwicLine("id", 1, HOSTILE, HOSTILE, HOSTILE),)),
])
def test_document_text_cannot_reach_the_terminal_as_controls_or_markup(printer, items):
    text = rich(printer, items)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "evil" in text


@given(st.text(max_size=80), st.text(max_size=40))
def test_every_research_jsonl_line_decodes_back(quote, speaker):
    hit = QuoteHit(quote, speaker, "id", quote, None, None, ())
    assert jsonl(render_research.quotes, (hit,))[0]["text"] == quote
    assert jsonl(render_research.facets, (FacetCount("speaker", speaker, 2),))[0]["value"] == speaker


def test_timeline_end_to_end_matches_the_library(mixed_index):
    items = open_engine(mixed_index).timeline("Delta OR junta", by="year")
    assert jsonl(render_research.timeline, items) == [
        {"period": "2022", "count": 1}, {"period": "2023", "count": 1}, {"period": None, "count": 1}
    ]
