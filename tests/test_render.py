"""Pipe formats as contracts: every JSON line decodes, terminal-active characters are escaped."""

from __future__ import annotations

import io
import json

from hypothesis import given, strategies as st

from newsearch.engines.whoosh import highlight
from newsearch import render
from newsearch.engines.whoosh.highlight import Terms
from newsearch.models import Author, Hit, SearchResult, Snippet

texts = st.text(max_size=200)


@given(title=texts, body=texts, speaker=st.none() | texts)
def test_every_jsonl_line_decodes_back_to_the_same_values(title, body, speaker):
    hit = Hit(1, 1.5, "0123456789abcdef", "a\nb.txt", 0, title, None, (Author(body, "writer"),), None,
              (Snippet("quote", body, ((0, 1),), speaker),))
    out = io.StringIO()
    render.hits(SearchResult("q", 1, (hit,)), "jsonl", out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    decoded = json.loads(lines[0])
    assert decoded["title"] == title and decoded["snippets"][0]["text"] == body
    assert decoded["snippets"][0]["speaker"] == speaker


def test_jsonl_escapes_c1_controls_and_bidi_marks():
    line = render.json_line({"t": "a\x9b31mb\u202ec"})
    assert "\x9b" not in line and "\u202e" not in line
    assert json.loads(line)["t"] == "a\x9b31mb\u202ec"


def test_tsv_flattens_tabs_and_newlines_in_values():
    hit = Hit(1, 2.0, "id", "p", 0, "a\tb\nc", None, (), None)
    out = io.StringIO()
    render.hits(SearchResult("q", 1, (hit,)), "tsv", out)
    assert out.getvalue() == "1\t2.0000\tid\tp\ta b c\t\t\n"


def test_phrase_is_one_highlight_span():
    terms = Terms(phrases=[("min", "aung", "hlaing")], exact={"moscow"})
    text = "Senior General Min Aung Hlaing flew to Moscow."
    spans = highlight.find_spans(text, terms)
    assert [text[a:b] for a, b in spans] == ["Min Aung Hlaing", "Moscow"]


def test_stems_highlight_word_variants():
    spans = highlight.find_spans("Elections and an election.", Terms(stems={"elect"}))
    assert len(spans) == 2


@given(st.text(max_size=600), st.sampled_from(["a", "the", "news", "e"]))
def test_windowed_snippet_highlights_cover_only_the_matched_word(text, word):
    for snippet in highlight.best_passages("body", text, Terms(exact={word})):
        for start, end in snippet.highlights:
            assert 0 <= start < end <= len(snippet.text)
            assert {form for form, _, _ in highlight.tokens(snippet.text[start:end])} == {word}
