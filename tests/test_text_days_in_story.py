"""The text reader's day when the head states no date line: a date with a category or a name
beside it, further down the story's head (a blog's style; wcxb-articles fold A had the pattern)."""

from __future__ import annotations

from newsearch.parsing import parse_text

PROSE = [
    "Drinking enough water matters more in winter than most people think, because dry indoor air takes moisture from us all day long.",
    "A simple habit helps: keep a glass on the desk and refill it whenever you stand up, so the day's water adds up without any counting at all.",
    "Warm drinks count too, and a bowl of soup at lunch does as much good as a large glass, especially on the coldest days of the year.",
    "If you exercise outdoors, drink a little before you leave and again when you come home, even when you do not feel thirsty.",
]

DATE_WITH_CATEGORY = "\n".join([
    "Staying Hydrated in Winter | Riverside Clinic",
    "Home",
    "Patients",
    "Blog",
    "Staying Hydrated in Winter",
    *PROSE,
    "March 20, 2023 | Health & Prevention",
    "Share this post",
])


def test_a_date_beside_a_category_dates_a_story_with_no_date_line():
    article = parse_text(DATE_WITH_CATEGORY)[0]
    assert article.published == "2023-03-20"


def test_a_story_stating_no_date_has_none():
    article = parse_text(DATE_WITH_CATEGORY.replace("March 20, 2023 | ", ""))[0]
    assert article.published is None


def test_an_embedded_post_or_a_link_does_not_date_the_story():
    embedded = DATE_WITH_CATEGORY.replace(
        "March 20, 2023 | Health & Prevention",
        "— Dr. Ana Ruiz (@anaruizmd) March 20, 2023\nhttps://example.org/2023/03/21/winter-water/",
    )
    assert parse_text(embedded)[0].published is None
