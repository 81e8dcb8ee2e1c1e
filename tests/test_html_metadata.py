"""What an HTML page's machine-readable metadata credits: JSON-LD authors and author meta tags."""

from __future__ import annotations

from newsearch.parsing.html import parse_html
from newsearch.models import Author
from newsearch.parsing.html_head import head_credit, page_tree
from newsearch.parsing.html_meta import ld_authors, ld_objects, meta_authors, name_like, page_authors

_STORY = """<p>The harbour ferry will run every forty minutes from December, the port authority said on Tuesday,
after a year in which fuel costs rose faster than fares and two of its four boats needed repairs.</p>
<p>Commuters on the northern shore, who rely on the first crossing of the morning, said the change would
add half an hour to a working day that already starts before dawn for many of them.</p>
<p>The authority said it would review the timetable in the spring, once the repaired boats are back.</p>"""


def _page(head: str, body: str = _STORY, headline: str = "Harbour ferry to run less often") -> str:
    return f"""<!doctype html><html><head><title>{headline} | Harbour Times</title>{head}</head>
<body><nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article><h1>{headline}</h1>{body}</article><footer>Contact us</footer></body></html>"""


def _tree(head: str):
    return page_tree(_page(head))


def test_json_ld_article_author_person_names_are_read_in_order():
    head = """<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
      "headline": "Harbour ferry to run less often",
      "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}]}</script>"""
    assert ld_authors(ld_objects(_tree(head))) == ["Jane Doe", "John Roe"]


def test_json_ld_graph_is_searched_and_an_organisation_author_is_no_person():
    head = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Harbour Times"},
      {"@type": ["Article", "NewsArticle"], "author": {"@type": "Organization", "name": "Harbour Times"}},
      {"@type": "BlogPosting", "author": "Ann Lee"}]}</script>"""
    assert ld_authors(ld_objects(_tree(head))) == ["Ann Lee"]


def test_broken_json_ld_block_is_skipped():
    head = """<script type="application/ld+json">{"@type": "NewsArticle", "author": </script>
    <script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": "Jane Doe"}}</script>"""
    assert ld_authors(ld_objects(_tree(head))) == ["Jane Doe"]


def test_author_meta_tags_in_order_and_urls_handles_and_templates_are_no_names():
    head = """<meta property="article:author" content="https://www.facebook.com/harbourtimes">
    <meta name="twitter:creator" content="@harbourtimes">
    <meta name="parsely-author" content="Jane Doe">
    <meta name="sailthru.author" content="John Roe">"""
    assert meta_authors(_tree(head)) == ["Jane Doe"]
    for value in ("https://example.com/jane", "@jane", "{{ author }}", "page.head.extra.author", "262588213843476", ""):
        assert not name_like(value)
    assert name_like("Ursula von der Leyen") and name_like("Jane O'Doe")


def test_json_ld_author_comes_before_the_author_meta_tag():
    head = """<meta name="author" content="Site Admin Team">
    <script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Doe"}}</script>"""
    assert page_authors(_tree(head)) == ["Jane Doe"]


def test_metadata_author_is_the_author_when_the_page_shows_no_byline():
    head = """<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Maren Olsen"}}</script>"""
    (article,) = parse_html(_page(head).encode("utf-8"), "ferry.html")
    assert [a.name for a in article.authors] == ["Maren Olsen"]


def test_byline_under_the_headline_is_found_when_the_title_says_the_headline_too():
    # The <title> is the headline itself and the site's menu follows it: the credit is the line under
    # the headline above the story, not a menu line under the <title>.
    page = f"""<!doctype html><html><head><title>Harbour ferry to run less often</title></head>
<body><nav><a href="/">Home</a> <a href="/cases">Case Studies</a> <a href="/local">Local</a></nav>
<main><h1>Harbour ferry to run less often</h1><div class="meta"><span>Marta Silva</span></div>
<article>{_STORY}</article></main><footer>Contact us</footer></body></html>"""
    (article,) = parse_html(page.encode("utf-8"), "ferry.html")
    assert [a.name for a in article.authors] == ["Marta Silva"]


def test_a_label_or_a_date_in_the_author_field_is_no_one():
    from newsearch.parsing.html import _authors

    for scraped in ("Updated January", "Written By", "Dec", "Posted on Monday"):
        assert _authors(scraped) == []
    assert _authors("Jane Doe Monday") == [Author("Jane Doe")]


def test_the_people_after_by_inside_an_author_field_are_the_credit():
    from newsearch.parsing.html import _authors

    assert _authors("Garden Tools Guide Reviewed by Jane Doe") == [Author("Jane Doe")]
    assert _authors("Jane Doe and John Roe") == [Author("Jane Doe"), Author("John Roe")]


def test_a_credit_naming_the_section_after_in_is_the_person():
    page = f"""<!doctype html><html><head><title>Harbour ferry to run less often | Harbour Times</title></head>
<body><main><h1>Harbour ferry to run less often</h1><div class="meta"><span>Mar 3, 2025</span>
<span>Marta Silva in</span> <a href="/local">Local Transport</a></div>
<article>{_STORY}</article></main></body></html>"""
    tree = page_tree(page)
    paragraphs = [p.strip().replace("\n", " ") for p in _STORY.replace("<p>", "").split("</p>") if p.strip()]
    assert head_credit(tree, "Harbour ferry to run less often", paragraphs) == [Author("Marta Silva")]


def test_a_date_printed_at_the_start_of_the_h1_is_not_the_headline():
    from newsearch.parsing.html_head import page_headline

    tree = page_tree("<html><body><h1><span>Mar 3 2025</span> Harbour ferry to run less often</h1></body></html>")
    assert page_headline(tree, "Harbour ferry to run less often | Harbour Times") == "Harbour ferry to run less often"


def test_an_h1_set_in_capitals_gives_way_to_the_title():
    from newsearch.parsing.html_head import page_headline

    tree = page_tree("<html><body><h1>HARBOUR FERRY CUTS</h1></body></html>")
    assert page_headline(tree, "Harbour Ferry Cuts: What Changes for Commuters") is None
    tree = page_tree("<html><body><h1>Harbour ferry cuts</h1></body></html>")
    assert page_headline(tree, "Harbour Ferry Cuts: What Changes for Commuters") == "Harbour ferry cuts"


def test_the_halves_of_an_h1_broken_by_a_line_break_keep_a_space_between_them():
    from newsearch.parsing.html_head import page_headline

    tree = page_tree("<html><body><h1>Ferry cuts (North Shore)<br>What changes for commuters</h1></body></html>")
    assert page_headline(tree, "Ferry cuts (North Shore) What changes for commuters") == (
        "Ferry cuts (North Shore) What changes for commuters"
    )


def test_contributors_and_authors_labels_credit_the_names_under_them():
    from newsearch.parsing import bylines

    assert bylines.labelled_credit("Contributors:", "Jane Doe").authors == (Author("Jane Doe", "author"),)
    assert bylines.labelled_credit("Author(s)", "John A. Roe").authors == (Author("John A. Roe", "author"),)


def test_an_avatars_initials_between_the_label_and_the_name_are_passed_over():
    page = f"""<!doctype html><html><head><title>Harbour ferry to run less often | Harbour Times</title></head>
<body><main><h1>Harbour ferry to run less often</h1><article>{_STORY}</article>
<aside><h3>Author</h3><span class="avatar">MS</span><span>Marta Silva</span><p>Transport reporter</p></aside>
</main></body></html>"""
    paragraphs = [p.strip().replace("\n", " ") for p in _STORY.replace("<p>", "").split("</p>") if p.strip()]
    assert head_credit(page_tree(page), "Harbour ferry to run less often", paragraphs) == [Author("Marta Silva", "author")]


def test_a_name_alone_as_the_texts_first_line_is_its_credit_not_its_body():
    body = "<p>Marta Silva</p>" + _STORY
    (article,) = parse_html(_page("", body).encode("utf-8"), "ferry.html")
    assert "Marta Silva" in [a.name for a in article.authors]
    assert not article.body.startswith("Marta Silva")


def test_a_first_line_of_words_the_story_writes_in_lower_case_is_a_heading_not_a_credit():
    body = "<p>Morning Boats</p>" + _STORY.replace("the first crossing", "the morning boats, the first crossing")
    (article,) = parse_html(_page("", body).encode("utf-8"), "ferry.html")
    assert "Morning Boats" not in [a.name for a in article.authors]
