"""Pages written in the style of other outlets, checked field by field."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsearch.models import Author, Quote
from newsearch.parsing import parse_file

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


def only_article(name):
    articles = parse_file(PAGES / name)
    assert len(articles) == 1
    return articles[0]


@pytest.fixture(scope="module")
def wire():
    return only_article("wire-reuters.txt")


@pytest.fixture(scope="module")
def ap():
    return only_article("ap-caps.txt")


@pytest.fixture(scope="module")
def bbc():
    return only_article("bbc-menu.txt")


@pytest.fixture(scope="module")
def blog():
    return only_article("blog-cookies.txt")


class TestWireStory:
    def test_title_under_a_navigation_menu(self, wire):
        assert wire.title == "Thai farmers count cost as drought shrinks rice harvest"
        assert wire.subtitle is None

    def test_body_keeps_the_dateline_and_stops_at_the_credits(self, wire):
        assert wire.body.startswith("BANGKOK, June 23 (Reuters) - Thai rice farmers expect")
        assert wire.body.endswith("spokeswoman Malee Srisuk said.")
        for furniture in ("Share this article", "Advertisement", "Reporting by", "Our Standards", "Markets"):
            assert furniture not in wire.body

    def test_by_2030_sentence_is_not_a_byline(self, wire):
        assert "By 2030, the department hopes" in wire.body

    def test_subhead(self, wire):
        assert wire.subheads == ("Water levels",)

    def test_byline_and_reuters_credits_give_roles(self, wire):
        assert wire.authors == (
            Author("Jane Doe", "author"),
            Author("Somchai Rattanakul", "author"),
            Author("Jane Doe", "reporter"),
            Author("Somchai Rattanakul", "reporter"),
            Author("Tom Poe", "reporter"),
            Author("Ann Roe", "writer"),
            Author("Kim Coghill", "editor"),
        )

    def test_source_and_published(self, wire):
        assert wire.source == "Reuters"
        assert wire.published == "2021-06-23"

    def test_quotes(self, wire):
        assert wire.quotes == (
            Quote("We have planted three times and lost the seedlings three times", "Prasert Wongsa"),
            Quote("There is simply no water left in the canals.", "Prasert Wongsa"),
            # A later mention by one part of the name is expanded to the full name.
            Quote("Buyers are already turning to Vietnam and India for the second half of the year", "Charoen Laothamatas"),
            Quote("The situation is serious, but we expect rains to return next month", "Malee Srisuk"),
        )


class TestAPStory:
    def test_title_and_no_dek(self, ap):
        assert ap.title == "Mayor vows to rebuild flooded riverside district"
        assert ap.subtitle is None

    def test_all_caps_byline_is_title_cased_and_outlet_is_the_source(self, ap):
        assert ap.authors == (Author("Maria Gonzalez", "author"), Author("Peter O'Neill", "author"))
        assert ap.source == "Associated Press"

    def test_date_line_not_body_date(self, ap):
        assert ap.published == "2021-06-23"
        assert "On June 30, the city council" in ap.body

    def test_body_without_copyright_footer(self, ap):
        assert ap.body.startswith("RIVERTON, Ohio (AP) — The mayor")
        assert ap.body.endswith("according to council member Rosa Diaz.")
        assert "Copyright" not in ap.body
        assert ap.subheads == ()

    def test_quotes_with_titles_stripped_and_pronoun_after_an_age(self, ap):
        assert ap.quotes == (
            Quote("We are not going to abandon the people who built this town", "Linda Carver"),
            Quote("Every street will be rebuilt.", "Linda Carver"),
            Quote("I've lived here all my life, and I have never seen water like this", "Tom Baker"),
        )


class TestBBCStylePage:
    def test_menus_and_share_bar_are_dropped(self, bbc):
        assert bbc.title == "Scientists find giant coral reef off northern Australia"
        for furniture in ("iPlayer", "Share", "Image source", "Related Topics", "Oceans", "More on this story"):
            assert furniture not in bbc.body

    def test_published_on_the_line_after_the_label(self, bbc):
        assert bbc.published == "2021-06-23"

    def test_body_subheads_and_no_byline(self, bbc):
        assert bbc.body.startswith("Scientists have discovered a detached coral reef")
        assert bbc.body.endswith("with the robot is incredible,’ Dr Beaman added.")
        assert bbc.subheads == ("How the reef was found",)
        assert bbc.authors == ()
        assert bbc.source is None

    def test_single_quote_marks_and_doctor_title(self, bbc):
        assert [q.speaker for q in bbc.quotes] == ["Robin Beaman", "Robin Beaman"]
        assert bbc.quotes[0].text == "We are surprised and elated by what we have found"


class TestBlogPost:
    def test_title_below_a_cookie_banner(self, blog):
        assert blog.title == "The Quiet Return of the Neighbourhood Bakery"
        assert "cookies" not in blog.body

    def test_posted_on_line_gives_date_and_author(self, blog):
        assert blog.published == "2021-03-05"
        assert blog.authors == (Author("Emily Hart", "author"), Author("Sam Lee", "editor"))

    def test_copyright_footer_names_the_source(self, blog):
        assert blog.source == "Crumbs and Crusts"

    def test_body_without_newsletter_or_comments(self, blog):
        assert blog.body.startswith("Small bakeries are opening again")
        assert blog.body.endswith("who runs a bakery in a village near York.")
        for furniture in ("Sign up", "Leave a comment", "Edited by", "Copyright"):
            assert furniture not in blog.body

    def test_quotes_with_explained_and_says(self, blog):
        assert [(q.text[:20], q.speaker) for q in blog.quotes] == [
            ("People want bread th", "Oliver Grant"),
            ("If we tried to do ev", "Oliver Grant"),
            ("It's a good time to ", "Priya Shah"),
        ]
