"""The credit a page shows under its headline against the one its metadata states: the account
that posted a story, a user handle, or the outlet's name in capitals is no writer when the page
shows a person's name there (issue 15, HTML first author)."""

from __future__ import annotations

from newsearch.parsing.html import parse_html

_STORY = """<p>The county will close the old quarry road to lorries from March, its highways board said on
Thursday, after residents of three villages complained of cracked walls and dust on their windows.</p>
<p>Hauliers who use the road to reach the cement works said the detour through the valley would add twenty
minutes to each trip and push up the price of every load they carry into town.</p>
<p>The board said it would look again at the ban in the autumn, once a survey of the bridges is done.</p>"""

_HEADLINE = "Quarry road to close to lorries"


def _page(head: str, credit: str, title: str = f"{_HEADLINE} - Valley Post", body: str = _STORY) -> bytes:
    return f"""<!doctype html><html><head><title>{title}</title>{head}</head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/roads">Roads</a></nav>
<main><h1>{_HEADLINE}</h1>{credit}<article>{body}</article></main>
<footer><p>Valley Post, 4 Mill Lane</p></footer></body></html>""".encode("utf-8")


def _authors(page: bytes) -> list[str]:
    (article,) = parse_html(page, "quarry.html")
    return [a.name for a in article.authors]


def test_by_credit_under_the_headline_wins_over_the_account_the_author_tag_names():
    head = '<meta name="author" content="Tom Webster">'  # the web editor who posted it
    credit = '<div class="byline"><p>By: Helen Marsh</p></div><p class="date">March 3, 2025</p>'
    assert _authors(_page(head, credit)) == ["Helen Marsh"]


def test_by_label_and_name_under_the_headline_win_over_a_user_handle():
    head = """<meta name="author" content="RitaM">
<script type="application/ld+json">{"@type": "BlogPosting", "author": {"@type": "Person", "name": "RitaM"}}</script>"""
    credit = '<p>by <a href="/authors/siobhan-kerrigan/"><span>Siobhan Kerrigan</span></a></p><span>Mar 3, 2025</span>'
    # The <title> is the headline alone: the headline the credit stands under is the <h1>, not it.
    assert _authors(_page(head, credit, title=_HEADLINE)) == ["Siobhan Kerrigan"]


def test_a_name_alone_under_the_headline_wins_when_it_starts_with_a_given_name():
    head = '<meta name="author" content="Owen Price">'
    credit = '<div class="post-meta"><span>Laura Bennett</span></div><div>August 23, 2024</div>'
    assert _authors(_page(head, credit)) == ["Laura Bennett"]


def test_the_metadata_person_stays_when_the_head_shows_the_same_person_or_a_category():
    head = '<meta name="author" content="Helen Marsh">'
    assert _authors(_page(head, "<p>By Helen Marsh</p>")) == ["Helen Marsh"]
    # "By" above a category link: the page writes its words in lower case elsewhere ("road" safety).
    story = _STORY + "<p>Road safety campaigners welcomed the ban on the road.</p>"
    credit = '<div>By</div><div><a href="/c/road-safety">Road Safety</a></div>'
    assert _authors(_page(head, credit, body=story)) == ["Helen Marsh"]


def test_outlet_in_capitals_credited_as_author_is_no_person():
    # "VALLEY TODAY" in the author tag reads as "Valley Today": the site's name, in the site's capitals.
    head = '<meta name="author" content="VALLEY TODAY"><meta property="og:site_name" content="VALLEY TODAY">'
    assert _authors(_page(head, "")) == []


def test_credit_line_under_a_headline_trafilatura_titles_otherwise_is_read():
    # trafilatura's title is the og:title with the site's name, so the <h1> above the credit stays
    # in the text: the credit line is still the first line under the headline.
    page = f"""<!doctype html><html><head><title>Lorry ban | Valley Post</title>
<meta property="og:title" content="{_HEADLINE} | Valley Post"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{_HEADLINE}</h1><p>Helen Marsh | Senior Writer | March 3, 2025</p>{_STORY}</article>
<footer><p>Valley Post, 4 Mill Lane</p></footer></body></html>""".encode("utf-8")
    (article,) = parse_html(page, "quarry.html")
    assert [a.name for a in article.authors] == ["Helen Marsh"]
    assert article.body.startswith("The county will close")


def test_a_name_linked_inside_the_first_paragraph_is_no_credit():
    head = '<meta name="author" content="Helen Marsh">'
    story = """<p>After a week of complaints from <a href="/people/owen">Owen Price</a> and his neighbours in the
three villages, the county will close the old quarry road to lorries from March, its highways board said.</p>""" + _STORY
    assert _authors(_page(head, "", body=story)) == ["Helen Marsh"]


def test_name_under_the_dek_the_text_opens_with_is_the_credit():
    # The dek is the text's first paragraph; the byline stands under it, above the story.
    dek = "<p>Hauliers say the detour will cost them twenty minutes a trip.</p>"
    page = f"""<!doctype html><html><head><title>{_HEADLINE} | Valley Post</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{_HEADLINE}</h1>{dek}<div class="byline"><span>Brian Kettle</span><span>VALLEY POST</span></div>
<figure><figcaption>The quarry road at dawn</figcaption></figure>{_STORY}</article>
<footer><p>Valley Post, 4 Mill Lane</p></footer></body></html>""".encode("utf-8")
    assert _authors(page) == ["Brian Kettle"]


def test_name_under_a_headline_shown_with_its_part_number_is_the_credit():
    page = f"""<!doctype html><html><head><title>{_HEADLINE}</title></head>
<body><nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>
<main><h1>{_HEADLINE} - Part 2</h1><ul><li>Bence Szabó</li><li>02-12-2025</li></ul>
<article>{_STORY}</article></main><footer><p>Valley Post, 4 Mill Lane</p></footer></body></html>""".encode("utf-8")
    assert _authors(page) == ["Bence Szabó"]


def test_a_site_named_after_a_person_credits_its_owner_when_no_one_else_is():
    page = f"""<!doctype html><html><head><title>{_HEADLINE} — Nora Quill</title>
<meta property="og:site_name" content="Nora Quill"></head>
<body><nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>
<article><h1>{_HEADLINE}</h1>{_STORY}</article><footer><p>Subscribe for more</p></footer></body></html>""".encode("utf-8")
    assert _authors(page) == ["Nora Quill"]
    outlet = page.replace(b"Nora Quill", b"Valley Post")
    assert _authors(outlet) == []
