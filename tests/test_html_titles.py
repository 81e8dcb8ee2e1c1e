"""The title of an HTML page when its sources disagree: a site's name at either end of the headline,
an h1 that runs its headline and dek together, an h1 only the <title> agrees with (issue 15)."""

from __future__ import annotations

from newsearch.parsing.html import parse_html
from newsearch.parsing.html_head import page_headline, page_tree
from newsearch.parsing.html_title import glued, site_names, without_site_ends

_STORY = """<p>The county's reservoirs stood at their lowest level in eleven years on Monday, the water board
said, after a summer with less than half the usual rain and a dry autumn that followed it.</p>
<p>Households in the valley have been asked to cut their use by a fifth, and hosepipes were banned in
three districts from the weekend, with fines for anyone caught watering a lawn.</p>
<p>The board said it would review the restrictions in the new year, once the winter rains are measured.</p>"""


def _page(title: str, h1: str, head: str = "") -> bytes:
    return f"""<!doctype html><html><head><title>{title}</title>{head}</head>
<body><nav><a href="/">Home</a> <a href="/region">Region</a></nav>
<main><h1>{h1}</h1><article>{_STORY}</article></main><footer>About us</footer></body></html>""".encode()


def _title(data: bytes) -> str:
    (article,) = parse_html(data, "reservoirs.html")
    return article.title


def test_the_site_name_after_a_dash_in_the_h1_is_cut_when_the_page_names_its_site():
    head = '<meta property="og:site_name" content="Valley Courier">'
    data = _page("Reservoirs at their lowest in eleven years – Valley Courier - Valley Courier",
                 "Reservoirs at their lowest in eleven years – Valley Courier", head)
    assert _title(data) == "Reservoirs at their lowest in eleven years"


def test_the_site_name_before_a_colon_is_cut_and_other_words_stay():
    sites = ["Valley Courier"]
    assert without_site_ends("Valley Courier: Hosepipe ban for three districts", sites) == "Hosepipe ban for three districts"
    assert without_site_ends("Hosepipe ban - what it means for you", sites) == "Hosepipe ban - what it means for you"
    assert without_site_ends("Opinion: Valley Courier", sites) == "Opinion: Valley Courier"  # one word would be left


def test_site_names_come_from_the_meta_tags_and_the_extractor():
    tree = page_tree('<html><head><meta name="application-name" content="Courier"></head><body></body></html>')
    assert site_names(tree, "Valley Courier", "") == ["Valley Courier", "Courier"]


def test_an_h1_that_runs_headline_and_dek_together_gives_way_to_the_title():
    head = '<meta property="og:title" content="Hosepipe Ban: Three Districts Told to Cut Water Use">'
    h1 = "<span>The Hosepipe Ban</span><span>Three districts told to save water through the winter</span>"
    data = _page("Hosepipe Ban: Three Districts Told to Cut Water Use | Valley Courier", h1, head)
    assert _title(data) == "Hosepipe Ban: Three Districts Told to Cut Water Use"


def test_glued_reads_element_boundaries_not_line_breaks():
    tree = page_tree("<html><body><h1><span>Dry summer</span><em>What comes next</em></h1>"
                     "<h2>Dry summer<br>What comes next</h2><h3><b>Dry</b> summer</h3></body></html>")
    h1, h2, h3 = tree.find(".//h1"), tree.find(".//h2"), tree.find(".//h3")
    assert glued(h1) and not glued(h2) and not glued(h3)


def test_the_h1_the_title_tag_agrees_with_wins_over_a_social_title_that_says_otherwise():
    # trafilatura takes og:title (a share line); the <title> and the h1 say the headline.
    head = '<meta property="og:title" content="You will not believe how little rain fell this year">'
    data = _page("Reservoirs at lowest level since 2014 | Valley Courier", "Reservoirs at lowest level since 2014", head)
    assert _title(data) == "Reservoirs at lowest level since 2014"


def test_page_headline_by_default_reads_every_h1_as_before():
    tree = page_tree("<html><body><h1><span>Dry summer ends</span><span>What comes next for farmers</span></h1></body></html>")
    assert page_headline(tree, "Dry summer ends") == "Dry summer endsWhat comes next for farmers"
    assert page_headline(tree, "Dry summer ends", whole=True) is None


def test_a_section_after_the_headline_between_bars_is_cut_too():
    data = _page("Hosepipe ban extended to the coast | Water &amp; Weather | Valley Courier",
                 "Hosepipe ban extended to the coast | Water &amp; Weather | Valley Courier")
    assert _title(data) == "Hosepipe ban extended to the coast"
    from newsearch.parsing.html_title import leading_part

    assert leading_part("Weather | Harbour Notes") == "Weather | Harbour Notes"  # the first part is no headline
