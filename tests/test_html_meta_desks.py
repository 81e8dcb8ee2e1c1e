"""A page that credits a desk or a team, not a person ("Marketing Team", "Our Editors"): that
credit is the page's author, as trafilatura's author field gives it, where no person is credited
(issue 15, HTML first author); and what a scraped author field drags along is no one."""

from __future__ import annotations

from newsearch.parsing.html import parse_html
from newsearch.parsing.html_credits import desk_credit, field_authors

_STORY = """<p>Most households throw away a fifth of the food they buy, and most of it is bread, milk and
salad leaves bought for a week that turned out busier than planned, the council's survey found.</p>
<p>Planning three dinners ahead, keeping a list on the fridge door and freezing bread on the day it is
bought cut the waste by half in the homes that tried it for a month last spring.</p>
<p>The council will hand out free caddies for food scraps at the library until the end of June.</p>"""

_HEADLINE = "Five ways to waste less food at home"


def _page(head: str, credit: str, body: str = _STORY) -> bytes:
    return f"""<!doctype html><html><head><title>{_HEADLINE} | Greenleaf Living</title>
<meta property="og:site_name" content="Greenleaf Living">{head}</head>
<body><nav><a href="/">Home</a> <a href="/blog">Blog</a> <a href="/shop">Shop</a></nav>
<main><h1>{_HEADLINE}</h1>{credit}<article>{body}</article></main>
<footer><p>Greenleaf Living, 12 Orchard Row</p></footer></body></html>""".encode("utf-8")


def _authors(page: bytes) -> list[str]:
    (article,) = parse_html(page, "food.html")
    return [a.name for a in article.authors]


def test_a_team_the_author_tag_and_the_head_credit_is_the_author():
    head = '<meta name="author" content="Greenleaf Marketing Team">'
    credit = '<div class="byline"><span>by</span> <span>Greenleaf Marketing Team</span></div><p>31 May, 2023</p>'
    assert _authors(_page(head, credit)) == ["Greenleaf Marketing Team"]


def test_editors_credited_in_the_author_tag_are_the_author_when_no_one_is_named():
    assert _authors(_page('<meta name="author" content="Our Editors">', "")) == ["Our Editors"]


def test_the_team_wins_over_a_category_line_under_the_headline():
    # "Free Delivery" stands where a name would, but the page writes its words in lower case.
    head = '<meta name="author" content="The Greenleaf Team">'
    story = _STORY + "<p>Orders over twenty pounds come with free delivery to your door.</p>"
    credit = "<div><a href='/offers'>Free Delivery</a></div>"
    assert _authors(_page(head, credit, body=story)) == ["The Greenleaf Team"]


def test_a_person_named_in_the_metadata_stays_over_the_team():
    head = """<meta name="author" content="Greenleaf Team">
<script type="application/ld+json">{"@type": "BlogPosting", "author": {"@type": "Person", "name": "Nora Haines"}}</script>"""
    assert _authors(_page(head, "<p>By Nora Haines</p>")) == ["Nora Haines"]


def test_the_site_credited_as_its_own_author_is_no_desk():
    assert desk_credit("Greenleaf Living", "Greenleaf Living") == []
    assert [a.name for a in desk_credit("Greenleaf Team; Greenleaf Living", "Greenleaf Living")] == ["Greenleaf Team"]
    assert [a.name for a in desk_credit("TopShelf com Published", "")] == ["TopShelf com"]
    assert desk_credit("page 4 of 12", "") == []


def test_job_titles_page_numbers_and_furniture_in_the_author_field_are_no_one():
    assert [a.name for a in field_authors("Maya Reyes; Lead Reviewer")] == ["Maya Reyes"]
    assert [a.name for a in field_authors("Tom Ashby; 4")] == ["Tom Ashby"]
    assert [a.name for a in field_authors("Ruth Okafor; Privacy")] == ["Ruth Okafor"]
    assert [a.name for a in field_authors("Page Head Extra Author")] == []


def test_a_person_under_the_headline_whose_surname_is_also_a_word_stays_over_the_team():
    # "young" is written in lower case in the story; "Sarah Young" is still a person, not a menu line.
    head = '<meta name="author" content="Greenleaf Team">'
    story = _STORY + "<p>Young families, and young couples most of all, wasted the most.</p>"
    assert _authors(_page(head, "<p>Sarah Young</p>", body=story.replace("Young families", "Families with young children"))) == ["Sarah Young"]


def test_a_job_title_or_a_template_placeholder_in_the_author_field_is_no_desk_either():
    for field in ("Lead Reviewer", "Page Head Extra Author", "Privacy"):
        assert _authors(_page(f'<meta name="author" content="{field}">', "")) == [], field
