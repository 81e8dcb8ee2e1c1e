"""Issue 15, text credits (helper authors3): credit shapes of blogs and company sites.

Every page here is written for the test in the style of a kind of page the credit reader missed or
misread (none is copied from a corpus): a credit with the blog's categories after the name, a
reviewer beside the writer, a name with the place the person works, an avatar's initials under the
label, a name beside a reading time, a comments bar, a shop's "By Size" filter menu, companies
listed "Acme Moving, Inc.". Each asserts the authors found, and that no organisation, reviewer,
commenter or menu item is among them.
"""

from __future__ import annotations

from newsearch.models import Author
from newsearch.parsing import bylines
from newsearch.parsing.page import parse_text

from support import story_page

STORY = "The county board said {n} new bus shelters would go up along the river road before the first snow."


def authors_of(page: str) -> list[str]:
    (article,) = parse_text(page, "page.txt")
    return [a.name for a in article.authors]


def test_a_contributors_label_on_the_credit_line():
    assert [a.name for a in bylines.parse_byline("Contributors: Petra Lindqvist").authors] == ["Petra Lindqvist"]
    page = story_page(["Twelve Ferns for a Shady Porch", "Contributors: Petra Lindqvist"], STORY)
    assert authors_of(page) == ["Petra Lindqvist"]


def test_a_dated_credit_with_the_blog_s_categories_after_the_name():
    line = "On March 3, 2025 March 9, 2025 By Odile Marchetti In Slow Travel, Train Journeys, Packing Lists"
    page = story_page(["Night Trains Across the Alps", line], STORY)
    (article,) = parse_text(page, "trains.txt")
    assert [a.name for a in article.authors] == ["Odile Marchetti"]
    assert article.published == "2025-03-03"


def test_a_posted_by_line_that_goes_on_with_the_post_s_tags():
    credit = bylines.parse_byline("Posted by Rune Halvorsen on 2025-11-02 in packaging. Tags: packaging, release")
    assert [a.name for a in credit.authors] == ["Rune Halvorsen"]
    assert bylines.parse_byline("By 2030. Tags: forecasts") is None  # no name: still no credit


def test_a_reviewer_is_no_author_when_the_writer_is_credited_too():
    page = story_page(
        ["Seven Habits for Better Sleep", "Written by:", "Maren Ostrowski", "Medically reviewed by:", "Dr. Ilan Brightwater, MD"],
        STORY,
    )
    assert authors_of(page) == ["Maren Ostrowski"]
    credit = bylines.parse_byline("Fact-checked by Tomas Ferreira")
    assert credit.authors == (Author("Tomas Ferreira", "reviewer"),)


def test_a_page_that_credits_only_its_reviewer_keeps_the_reviewer():
    page = story_page(["Choosing a Firm Mattress", "Reviewed by Youssef Amrani", "October 16, 2024"], STORY)
    assert authors_of(page) == ["Youssef Amrani"]


def test_a_name_with_the_place_the_person_works_and_other_stories_credits_below():
    page = story_page(
        ["How to Keep Screen Time in Check", "Priya Venkataraman, Lakeshore University"],
        STORY,
        ["More news", "Grant funds new lab\nby Colm Hartigan\nDecember 17, 2025", "Choir tours Ireland\nby Ada Whitcombe\nDecember 16, 2025"],
    )
    assert authors_of(page) == ["Priya Venkataraman"]
    # A dateline's or a photo credit's outlet after the comma is no workplace: no name there.
    assert bylines.bare_name("New Delhi, Example News Bureau") is None
    assert bylines.bare_name("Al Roe, Associated Press") is None


def test_an_avatar_s_initials_between_the_label_and_the_name():
    page = story_page(["Batching Requests by Token Count", "Author", "LW", "Li Wenjun", "Staff Engineer, Example Labs"], STORY)
    assert authors_of(page) == ["Li Wenjun"]


def test_a_name_beside_a_reading_time_or_over_a_job_and_a_short_date():
    assert authors_of(story_page(["Picking a Team Chat Tool", "Oren Castellano", "7 min read"], STORY)) == ["Oren Castellano"]
    page = story_page(["Ten Conferences Worth the Flight", "Greta Solberg", "Writer", "12/11/25"], STORY)
    assert authors_of(page) == ["Greta Solberg"]


def test_a_job_after_the_name_and_the_company_after_at():
    assert bylines.bare_name("Bartosz Wilk Founder at Oakfield") == "Bartosz Wilk"
    page = story_page(["Setting Up a Standing Desk", "Bartosz Wilk Founder at Oakfield", "Share Link copied!"], STORY)
    assert authors_of(page) == ["Bartosz Wilk"]


def test_a_comments_bar_names_the_author_and_the_commenters_stay_out():
    page = story_page(
        ["How to Make an Organic Garden Spray at Home", "42 Comments | Hattie Brennan | Last Updated: May 4, 2021"],
        STORY,
        ["Comments", "Lou Ferris says", "June 2, 2021 at 8:15 am", "Hi Hattie,", "June 3, 2021 at 9:00 am", "Tried it on my roses."],
    )
    assert authors_of(page) == ["Hattie Brennan"]
    assert bylines.bare_name("Lou Ferris says") is None
    assert bylines.bare_name("Hi Hattie,") is None


def test_a_shop_s_filter_menu_of_by_lines_credits_no_one():
    page = story_page(
        ["Shop", "By Size", "By Region", "By Occasion", "A Guide to Coastal Wines", "Written by Imogen Tarrant"],
        "Our buyer tasted {n} wines from the coast this spring, and the best region surprised every size of producer on every occasion.",
    )
    assert authors_of(page) == ["Imogen Tarrant"]


def test_companies_in_a_list_are_organisations_not_authors():
    assert bylines.parse_byline("Harbor Moving Systems, Inc.", loose=True) is None
    assert bylines.parse_byline("Jane Doe, Reuters", loose=True).authors == (Author("Jane Doe", "author"),)
    page = story_page(
        ["Best Movers in Springfield", "By Dana Okafor"],
        STORY,
        ["Harbor Moving Systems, Inc.", "Blue Van Lines, LLC"],
    )
    assert authors_of(page) == ["Dana Okafor"]


def test_page_furniture_and_social_links_are_no_names():
    for line in ("Key Takeaways", "Key Highlights", "Show Sidebar", "Shop Now", "Create Account", "Call Us",
                 "Facebook Youtube Linkedin", "Pin Facebook", "| Fact Checked"):
        assert bylines.bare_name(line) is None, line
    assert bylines.bare_name("Rosa Key") == "Rosa Key"


def test_a_personal_site_s_name_under_its_title_line():
    page = story_page(
        ["Porting a Parser in a Weekend", "Linnea Sorvik", "Papers Projects Notes Talks", "Search",
         "Porting a Parser in a Weekend / Dec 2025"],
        STORY,
    )
    assert authors_of(page) == ["Linnea Sorvik"]


def test_one_person_credited_bare_and_with_a_role_is_one_credit():
    merged = bylines.merge_people([Author("Erin Vasquez", "writer"), Author("Erin Vasquez", "author")])
    assert merged == [Author("Erin Vasquez", "writer")]
    assert bylines.merge_people([Author("Jo Park", "reviewer")]) == [Author("Jo Park", "reviewer")]
    assert bylines.merge_people([Author("Jo Park", "reviewer"), Author("Al Reyes", "author")]) == [Author("Al Reyes", "author")]
