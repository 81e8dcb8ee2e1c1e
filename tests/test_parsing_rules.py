"""The parser's individual rules: bylines, dates, quotes, boilerplate, robustness."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsearch.models import Author
from newsearch.parsing import boilerplate, dates
from newsearch.parsing import article_id, parse_text
from newsearch.parsing.bylines import Byline, copyright_owner, parse_byline, source_line
from newsearch.parsing.dates import date_line, dateline, find_date
from newsearch.parsing.quotes import extract_quotes

HEX16 = re.compile(r"[0-9a-f]{16}")


@pytest.mark.parametrize(
    "line, authors",
    [
        ("By Jane Doe", [("Jane Doe", "author")]),
        ("By Jane Doe and John Roe", [("Jane Doe", "author"), ("John Roe", "author")]),
        ("By Jane Doe, John Roe and Ann Poe", [("Jane Doe", "author"), ("John Roe", "author"), ("Ann Poe", "author")]),
        ("Edited by Mark van der Berg", [("Mark van der Berg", "editor")]),
        ("Additional reporting by Omar al-Sayed", [("Omar al-Sayed", "reporter")]),
        ("Writing by Ann Roe", [("Ann Roe", "writer")]),
        ("Reporting by Jane Doe; Editing by John Roe", [("Jane Doe", "reporter"), ("John Roe", "editor")]),
        ("By JANE DOE Associated Press", [("Jane Doe", "author")]),
    ],
)
def test_byline_forms(line, authors):
    found = parse_byline(line)
    assert found is not None
    assert found.authors == tuple(Author(n, r) for n, r in authors)


@pytest.mark.parametrize(
    "line",
    [
        "By continuing to browse the site you are agreeing to our use of cookies.",
        "By 2030, the country hopes to double its output.",
        "By the time police arrived, the crowd had gone.",
        "Jane Doe, Reuters",  # only with loose=True (next to a headline)
    ],
)
def test_not_bylines(line):
    assert parse_byline(line) is None


@pytest.mark.parametrize("line", ["Jane Doe, Reuters", "Jane Doe | Reuters"])
def test_bare_name_and_outlet_next_to_headline(line):
    found = parse_byline(line, loose=True)
    assert found.authors == (Author("Jane Doe", "author"),)
    assert found.outlet == "Reuters"


def test_source_and_copyright_lines():
    assert source_line("Source : Radio Free Asia More\u00a0 \u00a0") == "Radio Free Asia"
    assert source_line("Source: Example Daily") == "Example Daily"
    assert source_line("Sources said the talks failed.") is None
    assert copyright_owner("Copyright © 2021 Example News. All rights reserved.") == "Example News"
    assert copyright_owner("© 2019-2021 The Daily Planet") == "Daily Planet"


@pytest.mark.parametrize(
    "text, iso",
    [
        ("June 23, 2021", "2021-06-23"),
        ("23 June 2021", "2021-06-23"),
        ("2021-06-23", "2021-06-23"),
        ("Published: Wed 23 Jun 2021 10:15 GMT", "2021-06-23"),
        ("06/23/2021", "2021-06-23"),
        ("Updated Sept. 3, 2020 at 4:05 p.m. ET", "2020-09-03"),
    ],
)
def test_date_lines(text, iso):
    assert date_line(text)[0] == iso


def test_dates_inside_sentences_are_not_date_lines():
    assert date_line("On June 30, 2021, the court will announce verdicts in the cases.") is None
    assert find_date("February 30, 2021") is None


def test_update_lines_are_flagged():
    assert date_line("Updated: 24 June 2021") == ("2021-06-24", True)
    assert date_line("Published 23 June 2021, updated 24 June 2021") == ("2021-06-23", False)


def test_a_date_written_before_the_updated_label_is_the_publication():
    page = [
        "Ten board games for a long winter",
        "By Sam Porter March 2, 2025 Updated: March 9, 2025 4 Comments 6 Mins Read",
        "Prices checked March 20, 2025",
        "Body text.",
    ]
    assert dates.page_date(page, 0, 3) == "2025-03-02"
    assert date_line("Last updated: 24 June 2021") == ("2021-06-24", True)


def test_wire_datelines():
    assert dateline("YANGON, June 23 (Reuters) - The junta said...") == (None, "Reuters")
    assert dateline("PARIS, 23 June 2021 (AFP) - Talks resumed.") == ("2021-06-23", "AFP")
    assert dateline("Officials, June 23 - talks") is None


def test_published_prefers_the_date_line_over_an_update():
    page = "Title of the story here\n\nUpdated 24 June 2021\n\nPublished 23 June 2021\n\nThe body of the story is long enough to count."
    assert parse_text(page)[0].published == "2021-06-23"


def test_split_quote_around_attribution_gives_two_quotes_same_speaker():
    quotes = extract_quotes(["“We will not stop now,” Maria Lopez said. “The work is only beginning.”"])
    assert [(q.text, q.speaker) for q in quotes] == [
        ("We will not stop now", "Maria Lopez"),
        ("The work is only beginning.", "Maria Lopez"),
    ]


def test_according_to_and_unknown_speakers():
    quotes = extract_quotes(
        [
            "“The fund is almost empty now,” according to Finance Minister Ali bin Hamad.",
            "A sign at the gate read “no entry after dark for anyone.”",
        ]
    )
    assert quotes[0].speaker == "Ali bin Hamad"
    assert quotes[1].speaker is None  # nobody is named: no guess


def test_continued_quote_paragraph_keeps_the_speaker():
    quotes = extract_quotes(
        [
            "Economist Sara Kim said prices would rise. “Inflation is not going away soon,” she said.",
            "“Households will feel it all year.”",
        ]
    )
    assert [q.speaker for q in quotes] == ["Sara Kim", "Sara Kim"]


def test_straight_quotes_and_surname_expands_to_the_full_name_given_earlier():
    quotes = extract_quotes(
        ['Police Chief Dan Wu spoke first. "We have made two arrests in the case," Wu said.',
         '"The suspects will appear in court on Monday," he added.']
    )
    assert [q.speaker for q in quotes] == ["Dan Wu", "Dan Wu"]


def test_article_id_is_sha1_prefix():
    assert article_id("T", "B") == hashlib.sha1(b"T\nB").hexdigest()[:16]
    assert article_id("Café", "") == hashlib.sha1("Café\n".encode()).hexdigest()[:16]


def test_several_articles_split_on_separators_and_teasers_dropped():
    page = (
        "First story title here\n\nThe first story has a body sentence that is long enough.\n\n"
        "Previous Story\n\nSecond story title here\n\nThe second story also has a long enough body sentence.\n\n"
        "Next Post\n\nA teaser title only"
    )
    articles = parse_text(page, "p.txt")
    assert [a.title for a in articles] == ["First story title here", "Second story title here"]
    assert [a.ordinal for a in articles] == [0, 1]


def test_control_characters_never_reach_any_field():
    page = (
        "Title with \x1b[31mcolour\x1b[0m and \u202ereversed\n\n"
        "By Jane \x1b]8;;file:///etc/passwd\x07Doe\n\n"
        "The body has a \x1b]8;;file:///etc/passwd\x07link and \x1b[31mred\x1b[0m text and \u202e override.\n\n"
        "“These words were spoken by someone \x1b[31mimportant\u202e,” said John Roe."
    )
    articles = parse_text(page)
    assert articles
    for article in articles:
        blob = repr(article.to_dict())
        for bad in ("\\x1b", "\\x07", "\\u202e", "file:///etc/passwd"):
            assert bad not in blob
        text = str(article.to_dict())
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", text)
    assert articles[0].authors == (Author("Jane Doe", "author"),)


FRAGMENTS = st.sampled_from(
    [
        "\n", "\n\n", "Next Article", "By Jane Doe", "By ", "said", " he said.", "“", "”", '"', "‘", "’",
        "Source : Radio Free Asia More", "What's Your Reaction?", "June 23, 2021", "Published: ",
        "Reported by RFA’s Service. Translated by X.", "Jane Doe, Reuters", "YANGON, June 23 (Reuters) - ",
        "The minister said the plan would work. ", "“We will win,” she said.", "according to ", "Smith",
        "Dr. ", ", who ", "—", "Share", "\x1b[31m", "\u202e", "\r\n", "   ", "Advertisement", "©",
    ]
)


def check_articles(articles):
    for article in articles:
        assert article.title or article.body
        assert HEX16.fullmatch(article.id)
        # Spaced words; a run of an unspaced script (Chinese, Khmer...) counts as the words it holds.
        assert article.word_count == boilerplate.word_count(article.body) >= len(article.body.split())


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_text_never_raises_on_any_text(text):
    check_articles(parse_text(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS | st.text(max_size=12), max_size=60).map("".join))
@example('By Anna Berg\n"By By Anna Berg.')  # found by bench/fuzz.py: no running text at all
def test_parse_text_never_raises_on_realistic_fragments(text):
    check_articles(parse_text(text))


def test_comments_heading_ends_the_story():
    story = " ".join(["The council approved the new budget after a long debate on Tuesday."] * 25)
    page = f"Council approves budget\n\n{story}\n\n3 Comments\n\nI think this budget is a disgrace and a waste of money for all of us."
    article = parse_text(page)[0]
    assert article.body == story
    assert "disgrace" not in article.body


def test_copyright_owner_needs_the_sign_or_a_year_and_drops_company_forms():
    assert copyright_owner("Copyright Policy") is None
    assert copyright_owner("© 2019 Acme Broadcasting LLC. All Rights Reserved.") == "Acme Broadcasting"
    assert copyright_owner("© 2018 Copyright Harbour Media Pvt. Ltd.. All Rights reserved.") == "Harbour Media"
    assert copyright_owner("© 2020 Valemouth.com. All rights reserved (About Us).") == "Valemouth.com"
    assert copyright_owner("Copyright Northgate Press 2018") == "Northgate Press"


def test_job_titles_in_a_credit_are_not_outlets_or_names():
    assert parse_byline("By Jane Doe, Example Staff") == Byline((Author("Jane Doe", "author"),), None)
    assert parse_byline("Jan Roe, Example Auto Writer", loose=True) is None
    assert parse_byline("By Meg Holt Staff Writer").authors == (Author("Meg Holt", "author"),)
    assert parse_byline("By Ana Ruiz, Reuters").outlet == "Reuters"


def test_weekdays_and_time_zones_glued_to_a_credit_are_not_names():
    assert parse_byline("By Sam Lee Updated").authors == (Author("Sam Lee", "author"),)
    assert parse_byline("By Sam Lee, Wednesday, GMT").authors == (Author("Sam Lee", "author"),)


def test_share_inside_a_headline_is_not_a_share_bar():
    from newsearch.parsing.boilerplate import junk_reason

    assert junk_reason("Nasdaq planning $100m share sale") is None
    assert junk_reason("Market share falls for rivals") is None
    assert junk_reason("Share this story") == "share"
    assert junk_reason("Show more sharing options") == "share"
    assert junk_reason("Click to share on Facebook (Opens in new window)") == "share"


def test_a_runaway_line_of_speech_verbs_still_parses():
    # Each "said" looks for its subject nearby only (bench/hostile.py's 10 MB line took an hour
    # when every verb rescanned its paragraph; timing belongs in bench/, not here).
    line = "He said the plan would work and she said it would not, " * 10_000
    articles = parse_text(f"Runaway line\n\n{line}")
    assert [a.title for a in articles] == ["Runaway line"]
    assert articles[0].word_count == 120_000
