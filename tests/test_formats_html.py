"""Saved HTML pages: main text, metadata, credits, quotes and subheads through trafilatura."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from newsearch.errors import InputError
from newsearch.models import Author, Quote
from newsearch.parsing import parse_bytes, parse_file
from newsearch.parsing.html import decode_html, parse_html

FORMATS = Path(__file__).parent / "fixtures" / "formats"
WIRE = FORMATS / "wire-story.html"
LATIN1 = FORMATS / "latin1-blog.html"


@pytest.fixture(scope="module")
def wire():
    (article,) = parse_file(WIRE)
    return article


def test_title_comes_without_the_site_name(wire):
    assert wire.title == "Fishermen count losses as dam cuts river flow"


def test_menus_cookie_banner_share_bar_related_links_and_footer_are_not_in_the_body(wire):
    for furniture in ("Home", "cookie", "Share on Facebook", "Related stories", "Drought hits", "Copyright", "Privacy"):
        assert furniture not in wire.body


def test_body_is_the_story_paragraphs_separated_by_blank_lines(wire):
    paragraphs = wire.body.split("\n\n")
    assert len(paragraphs) == 7  # six paragraphs and the heading between them
    assert paragraphs[0].startswith("KRATIE, Cambodia (Mekong Daily) - Fishermen along the lower Mekong")
    assert paragraphs[-1].endswith("ten-year average for the season.")
    assert wire.word_count == len(wire.body.split())


def test_heading_inside_the_text_is_a_subhead_read_in_its_place(wire):
    assert wire.subheads == ("Traders raise their prices",)
    paragraphs = wire.body.split("\n\n")
    heading = paragraphs.index("Traders raise their prices")
    assert 0 < heading < len(paragraphs) - 1


def test_credit_line_gives_roles_and_leaves_the_body(wire):
    assert Author("Sok Chea", "reporter") in wire.authors
    assert Author("Dara Lim", "translator") in wire.authors
    assert "Reported by" not in wire.body and "By Sok Chea" not in wire.body


def test_people_credited_with_a_role_are_not_repeated_as_plain_authors(wire):
    assert [a.name for a in wire.authors].count("Sok Chea") == 1


def test_metadata_date_site_name_and_description(wire):
    assert wire.published == "2021-06-23"
    assert wire.source == "Mekong Daily"
    assert wire.subtitle == "Catches on the lower Mekong have fallen by half since the reservoir began filling, villagers say."


def test_quote_is_attributed_to_its_speaker(wire):
    assert wire.quotes[0] == Quote(
        "We used to fill the boat before noon, now we come back with a few kilos and nothing to sell", "Nuth Savana"
    )


def test_meta_charset_latin1_is_honoured():
    (article,) = parse_file(LATIN1)
    assert article.title == "Café owners count the cost of the rent rise"
    assert "rent rise of £2,000 a year" in article.body
    assert article.published == "2019-03-04"  # from the "Published:" line, which leaves the body
    assert "Published" not in article.body
    assert article.quotes == (
        Quote("We have been here for eleven years and nobody asked us what we thought", "Maria José Pereira"),
    )


def test_author_metadata_lists_several_people_separately(tmp_path):
    page = WIRE.read_text(encoding="utf-8").replace("Reported by Sok Chea. Translated by Dara Lim.", "")
    page = page.replace("By Sok Chea and Dara Lim", "")
    (article,) = parse_html(page.encode("utf-8"), "page.html")
    assert article.authors == (Author("Sok Chea"), Author("Dara Lim"))


def test_htm_suffix_and_gzipped_html_parse_the_same(tmp_path):
    htm = tmp_path / "story.htm"
    htm.write_bytes(WIRE.read_bytes())
    gz = tmp_path / "story.html.gz"
    gz.write_bytes(gzip.compress(WIRE.read_bytes()))
    (plain,) = parse_file(WIRE)
    for path in (htm, gz):
        (article,) = parse_file(path)
        assert (article.id, article.body, article.authors) == (plain.id, plain.body, plain.authors)
        assert article.path == str(path)


def test_declared_charset_is_used_and_a_wrong_declaration_falls_back():
    assert decode_html('<meta charset="windows-1251"><p>Москва</p>'.encode("cp1251")).endswith("Москва</p>")
    # Declares UTF-8 but the bytes are cp1252: the bytes win.
    assert decode_html(b'<meta charset="utf-8"><p>\x93quoted\x94 \xa35</p>') == '<meta charset="utf-8"><p>“quoted” £5</p>'
    assert decode_html(b'<meta charset="no-such-thing"><p>caf\xc3\xa9</p>').endswith("café</p>")


def test_utf16_page_with_bom_is_decoded():
    data = "\ufeff<html><head><title>Ünïcode</title></head><body><p>x</p></body></html>".encode("utf-16-le")
    assert "Ünïcode" in decode_html(data)


def test_binary_html_is_refused():
    with pytest.raises(InputError, match="page.html: binary file, skipped"):
        parse_bytes(b"\x00\x01\x02GIF89a\x00\x00" * 50, "page.html")


def test_page_without_main_text_gives_no_articles():
    assert parse_bytes(b"<html><head><title></title></head><body><nav><a href='/'>Home</a></nav></body></html>", "x.html") == []
    assert parse_bytes(b"", "empty.html") == []


def test_xml_declaration_with_encoding_is_accepted():
    page = WIRE.read_text(encoding="utf-8").replace("<!DOCTYPE html>", '<?xml version="1.0" encoding="utf-8"?>')
    (article,) = parse_bytes(page.encode("utf-8"), "page.xhtml.html")
    assert article.title == "Fishermen count losses as dam cuts river flow"


def test_trafilatura_is_not_imported_until_an_html_page_is_read():
    code = (
        "import sys; from newsearch.parsing import parse_bytes; "
        "parse_bytes(b'Title line here\\n\\nSome body text that is long enough to be prose.', 'a.txt'); "
        "print('trafilatura' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).parent.parent)
    assert result.stdout.strip() == "False"


_UPDATED_STORY = """<!doctype html><html><head><meta charset="utf-8">
<title>Harbour ferry timetable changes for winter | Coastline Post</title>
<meta property="article:published_time" content="2023-03-14T21:40:00-05:00">
<meta property="article:modified_time" content="2025-11-02T08:00:00+00:00">
</head><body><article>
<h1>Harbour ferry timetable changes for winter</h1>
<p>Updated November 2, 2025</p>
<p>The harbour ferry will run every forty minutes from December, the port authority said on Tuesday,
after a year in which fuel costs rose faster than fares and two of its four boats needed repairs.</p>
<p>Commuters on the northern shore, who rely on the first crossing of the morning, said the change would
add half an hour to a working day that already starts before dawn for many of them.</p>
<p>The authority said it would review the timetable in the spring, once the repaired boats are back.</p>
</article></body></html>"""


def test_published_day_is_the_article_published_meta_not_a_later_update():
    (article,) = parse_html(_UPDATED_STORY.encode())
    # the local day the meta states, not the UTC day it falls on, nor the update shown on the page
    assert article.published == "2023-03-14"


def test_text_the_page_saved_twice_encoded_is_mended():
    story = (
        "<html><head><meta charset='utf-8'><title>A baker’s guide to rye</title></head><body><article>"
        "<h1>A baker’s guide to rye</h1>"
        "<p>Rye dough doesn’t behave like wheat: it is sticky, it barely rises, and the crumb stays dense, "
        "which is why bakers in the north proof it in baskets and bake it for longer at a lower heat.</p>"
        "<p>A starter fed the night before, a pinch of caraway and a long, cool rest give the loaf its sour, "
        "rounded taste — the café on the corner sells out of it by ten every morning.</p>"
        "</article></body></html>"
    )
    twice = story.encode("utf-8").decode("latin-1").encode("utf-8")  # "â\x80\x99" where "’" was
    (article,) = parse_html(twice)
    assert article.title == "A baker’s guide to rye"
    assert "doesn’t behave like wheat" in article.body
    assert "the café on the corner" in article.body


def test_latin_text_that_only_looks_like_mojibake_is_kept():
    from newsearch.parsing.html_decoding import unmojibake

    assert unmojibake("São Paulo, Zürich, naïve, €100, Ã  la") == "São Paulo, Zürich, naïve, €100, Ã  la"
    assert unmojibake("Donâ€™t") == "Don’t"


def _story_with_dates(meta: str, shown: str) -> bytes:
    return f"""<html><head><title>Library extends its evening hours | Riverside Courier</title>{meta}</head>
<body><nav>Home | News | Sport</nav><article><h1>Library extends its evening hours</h1>
<p class="date">{shown}</p>
<p>The central library will stay open until nine on weekdays from next month, the council said, after a
survey found that most of its readers could only visit once their working day had ended.</p>
<p>Staff will be moved from the morning shift, which draws fewer visitors, so no new posts are needed,
according to the council's budget papers, and the reading room will close for an hour at lunch.</p>
<p>Readers' groups welcomed the change but asked for the children's section to open later as well.</p>
</article></body></html>""".encode()


def test_head_showing_an_earlier_day_than_the_published_meta_is_the_day():
    # the old story moved to a new site: its meta tag carries the day of the move
    meta = '<meta property="article:published_time" content="2024-08-07T10:00:00+00:00">'
    (article,) = parse_html(_story_with_dates(meta, "December 30, 2013"))
    assert article.published == "2013-12-30"


def test_published_meta_wins_over_a_head_one_day_earlier_or_later():
    meta = '<meta property="article:published_time" content="2025-12-19T02:41:00+00:00">'
    for shown in ("December 18, 2025", "December 20, 2025"):
        (article,) = parse_html(_story_with_dates(meta, shown))
        assert article.published == "2025-12-19"


def test_json_ld_day_settles_which_of_day_and_month_a_numeric_head_date_gives():
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-09-10T16:07:00Z"}</script>'
    (article,) = parse_html(_story_with_dates(ld, "10/09/2024"))
    assert article.published == "2024-09-10"
    (article,) = parse_html(_story_with_dates("", "10/09/2024"))
    assert article.published != "2024-09-10"  # without the JSON-LD, the page's own reading stands
