"""Boilerplate removal on any outlet, publication dates, and the removed-lines report."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from newsearch.models import Author, RemovedLine
from newsearch.parsing import boilerplate
from newsearch.parsing.dates import date_line, find_date, parse_date
from newsearch.parsing.page import parse_text, parse_text_with_removed

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "rfa-myanmar-junta-moscow.txt"
BENCHMARK = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "article-extraction-benchmark"


def page(name: str) -> tuple[list, list[RemovedLine]]:
    return parse_text_with_removed((PAGES / name).read_text(encoding="utf-8"), name)


# ---------------------------------------------------------------- the article run


def test_densest_run_bridges_a_small_gap_but_not_a_large_one():
    assert boilerplate.densest_run([-5, 30, -4, 25, -60, 10]) == (1, 3)
    assert boilerplate.densest_run([-1, -2]) == (0, 0)


def test_text_kinds_tell_prose_from_link_labels_and_short_lines():
    lines = [
        "The council approved the budget after a long debate on Tuesday night.",
        "Abarth Alfa Romeo Aston Martin Audi Bentley BMW Chevrolet Chrysler Dodge Ferrari Fiat Ford",
        "In search of support",
    ]
    assert boilerplate.text_kinds(lines) == ["prose", "link", "short"]


def test_related_list_inside_the_story_is_bridged_and_dropped():
    articles, removed = page("magazine-related.txt")
    article = articles[0]
    assert article.title == "The Lighthouse Keepers Who Stayed On"
    assert article.subtitle == "The last keepers of the northern lights are teaching volunteers to do their jobs."
    assert article.body.startswith("For forty years the light at Skerry Point")
    assert article.body.endswith("“If we stop coming, the place will be a ruin within a decade,” Anders said.")
    assert "Ten Islands" not in article.body and article.subheads == ()
    assert "Harbour Seals" not in article.body
    reasons = {r.text: r.reason for r in removed}
    assert reasons["Ten Islands Worth the Ferry Ride"] == "related-links"
    assert reasons["Culture"] == "menu"
    assert reasons["By Maren Holt"] == "byline"
    assert reasons["Published March 3, 2020"] == "dateline"
    assert reasons["The Secret Life of Harbour Seals"] == "outside-article"


def test_magazine_metadata_and_quotes_survive():
    article = page("magazine-related.txt")[0][0]
    assert article.authors == (Author("Maren Holt", "author"),)
    assert article.published == "2020-03-03"
    assert article.source == "Harbour Review"
    assert {q.speaker for q in article.quotes} == {"Ingrid Sola", "Piet Anders"}


def test_headline_lists_on_an_unwrapped_page_are_not_glued_into_paragraphs():
    articles, removed = page("portal-headlines.txt")
    paragraphs = articles[0].body.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The county water authority will raise residential rates")
    assert "Mayor announces" not in articles[0].body
    dropped = {r.line for r in removed}
    assert {4, 5, 15, 16, 17} <= dropped


def test_hard_wrapped_prose_is_joined_and_dated_byline_read():
    articles, removed = page("newsletter-wrapped.txt")
    article = articles[0]
    assert article.title == "Weekly Science Notes"
    assert article.body.split("\n\n")[0] == (
        "Astronomers have found that the comet which passed close to the sun last month lost a large part "
        "of its tail, and that the fragments are now spreading along its orbit where they could produce a meteor shower."
    )
    assert len(article.body.split("\n\n")) == 3
    assert article.authors == (Author("Dana Reyes", "author"),)
    assert article.published == "2019-11-18"
    assert article.quotes[0].speaker == "Omar Haddad"
    assert [(r.line, r.reason) for r in removed] == [(3, "byline")]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text, iso",
    [
        ("June 23, 2021", "2021-06-23"),
        ("23 June 2021", "2021-06-23"),
        ("2021-06-23", "2021-06-23"),
        ("2019/11/18", "2019-11-18"),
        ("26-FEB-1987", "1987-02-26"),
        ("Updated: Jan. 4, 2020 3:15 p.m. ET", "2020-01-04"),
        ("Published 14:05 GMT, 3 March 2019", "2019-03-03"),
        ("Published November 19th, 2019", "2019-11-19"),
        ("Posted: Monday, the 4th of March 2019, by staff", "2019-03-04"),
        ("Nov 13, 2019 4:26 pm", "2019-11-13"),
        ("23.06.2021", "2021-06-23"),
        ("05.06.2021", "2021-06-05"),
        ("06/23/2021", "2021-06-23"),
    ],
)
def test_date_lines_to_iso(text, iso):
    assert date_line(text)[0] == iso


@pytest.mark.parametrize(
    "text",
    [
        "On June 30, the court will announce verdicts in the cases of 14 activists.",
        "The company updated its guidance on June 30, 2021, said analysts at a big bank.",
        "Updated 3 hours ago",
        "Published: 2019-02-30",
        "June 23",
        "Posted in Politics",
        "",
    ],
)
def test_not_publication_dates(text):
    assert date_line(text) is None


def test_parse_date_needs_a_year_and_a_real_day():
    assert parse_date("Wednesday, 23 June 2021") == "2021-06-23"
    assert parse_date("June 23") is None
    assert find_date("February 30, 2021") is None


def test_a_date_in_a_related_list_below_the_story_is_not_the_publication_date():
    story = "\n\n".join(f"Paragraph {n} of the story says something long enough to count as prose here." for n in range(5))
    text = f"Headline of the story\n\n{story}\n\nMore from the desk\n\nAnother story headline\n\nJune 23, 2021"
    assert parse_text(text)[0].published is None


def test_a_date_under_the_headline_is_the_publication_date():
    text = "Headline of the story\n\n3 March 2019\n\nThe story starts with a sentence that is long enough to be prose."
    assert parse_text(text)[0].published == "2019-03-03"


# ---------------------------------------------------------------- removed lines


def test_every_seed_line_is_in_an_article_field_or_removed_with_a_reason():
    text = SEED.read_text(encoding="utf-8")
    articles, removed = parse_text_with_removed(text, str(SEED))
    assert articles == parse_text(text, str(SEED))
    kept = set()
    for article in articles:
        kept.update([article.title, article.subtitle, *article.subheads, *article.body.split("\n\n")])
    by_line = {r.line: r for r in removed}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = " ".join(raw.split())
        if not line:
            continue
        if number in by_line:  # dropped: its text is nowhere, unless it printed the headline again
            assert line not in kept or by_line[number].reason == "repeated-headline", (number, line)
        else:
            assert line in kept, (number, line)
    assert all(r.reason and re.fullmatch(r"[a-z-]+", r.reason) for r in removed)
    reasons = {r.text: r.reason for r in removed}
    assert reasons["Next Article"] == "separator"
    assert reasons["What's Your Reaction?"] == "reactions"
    assert reasons["Source : Radio Free Asia More"] == "source"
    assert reasons["Reported by RFA’s Myanmar Service. Translated by Khin Maung Nyane. Written in English by Joshua Lipes."] == "byline"
    assert [r.line for r in removed if r.reason == "repeated-headline"] == [5, 64]


def test_removed_lines_carry_the_path_and_one_based_numbers():
    _, removed = parse_text_with_removed("Home\nNews\nSport\n\nTitle here\n\nA body sentence that is long enough to count.", "p.txt")
    assert removed[:3] == [RemovedLine("p.txt", 1, "Home", "menu"), RemovedLine("p.txt", 2, "News", "menu"), RemovedLine("p.txt", 3, "Sport", "menu")]


# ---------------------------------------------------------------- benchmark regression guard


@pytest.mark.skipif(not BENCHMARK.exists(), reason="shared article-extraction benchmark not present")
def test_benchmark_mean_f1_stays_above_0_90():
    spec = importlib.util.spec_from_file_location("extraction_bench", Path(__file__).resolve().parents[1] / "bench" / "extraction.py")
    bench = importlib.util.module_from_spec(spec)
    import sys

    sys.path.insert(0, str(Path(spec.origin).parent))
    try:
        spec.loader.exec_module(bench)
    finally:
        sys.path.remove(str(Path(spec.origin).parent))
    pages = json.loads((BENCHMARK / "page-text.json").read_text(encoding="utf-8"))
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    counts = []
    for page_id, gold in truth.items():
        articles = parse_text(pages[page_id]["articleBody"], f"{page_id}.txt")
        counts.append(bench.page_counts(gold["articleBody"] or "", articles[0].body if articles else ""))
    assert bench.score(counts)["f1"] >= 0.90


# ---------------------------------------------------------------- headline, dek and teasers


def test_ticker_teasers_above_the_repeated_headline_are_not_the_story():
    article = page("portal-ticker.txt")[0][0]
    assert article.title == "Harbour cranes return to work after strike ends"
    assert article.body.startswith("The cranes at the container harbour were moving again")
    assert "Ferry fares" not in article.body and "PORTSIDE:" not in article.body


def test_teaser_list_under_a_more_news_heading_is_cut_from_the_story():
    article = page("portal-ticker.txt")[0][0]
    assert article.body.endswith("no cargo had been lost during the dispute.")
    assert "Volunteers now climb" not in article.body


def test_a_timestamp_line_is_never_the_headline_or_dek():
    article = page("portal-ticker.txt")[0][0]
    assert article.title != "09:42 14.03.2023 Get short URL"
    assert article.subtitle is None


def test_repeated_list_items_lose_the_title_to_the_repeated_page_title():
    article = page("listicle-title.txt")[0][0]
    assert article.title == "A Week of Packed Lunches"
    assert article.body.startswith("Packing a lunch every day")


def test_a_byline_with_a_timestamp_is_not_the_dek():
    article = page("dek-credits.txt")[0][0]
    assert article.title == "Moon rover finds ice in a shadowed crater"
    assert article.subtitle is None
    assert article.authors == (Author("Dana Whitlock", "author"),)


def test_back_link_and_foreign_credit_between_headline_prints_are_not_the_dek():
    article = page("zurueck-von.txt")[0][0]
    assert article.title == "Neue Radwege für die Innenstadt – was sich ändert"
    assert article.subtitle is None
    assert article.body.startswith("Die Stadt will bis zum Sommer")


def test_staff_credit_is_not_an_outlet_and_company_form_is_stripped():
    article = page("dek-credits.txt")[0][0]
    assert article.source == "Orbit Daily Media"


def test_prose_lines_pay_a_fixed_cost_so_one_sentence_blurbs_under_headlines_net_negative():
    headline, blurb = "Council votes to repair the sea wall", "The repairs will start in May and finish in summer."
    kinds = boilerplate.text_kinds([headline, blurb])
    assert boilerplate.text_weight(headline, kinds[0]) + boilerplate.text_weight(blurb, kinds[1]) < 0
    paragraph = " ".join(["The harbour authority said it expected the queue of ships to clear."] * 3)
    assert boilerplate.text_weight(paragraph, boilerplate.LineKind.PROSE) > 25
