"""The page's <title> over its h1 when it says the h1's words and a count or a year more ("12 Best
Hiking Boots 2025" over "12 Best Hiking Boots"; issue 15, HTML title)."""

from __future__ import annotations

from newsearch.parsing.html import parse_html

_STORY = """<p>A good boot for the hills is light, keeps water out and grips on wet rock, and the twelve we
walked in over the summer did all three to different degrees on the same ten mile route.</p>
<p>We wore each pair for a week on the ridge paths above the lake, in rain and in the heat of August,
and noted blisters, wet socks and how the soles held on the steep grass going down.</p>
<p>Prices are the makers' own, checked at the start of the month.</p>"""


def _title(title_tag: str, h1: str) -> str:
    page = f"""<!doctype html><html><head><title>{title_tag}</title>
<meta property="og:site_name" content="Fell Walker"></head>
<body><main><h1>{h1}</h1><article>{_STORY}</article></main></body></html>"""
    (article,) = parse_html(page.encode("utf-8"), "boots.html")
    return article.title


def test_the_title_tag_with_the_year_the_h1_leaves_out_is_the_title():
    assert _title("12 Best Hiking Boots 2025 | Fell Walker", "12 Best Hiking Boots") == "12 Best Hiking Boots 2025"


def test_the_h1_stays_when_the_title_tag_adds_words():
    assert _title("12 Best Hiking Boots for Wet Hills | Fell Walker", "12 Best Hiking Boots") == "12 Best Hiking Boots"
    assert _title("12 Best Hiking Boots | Fell Walker", "12 Best Hiking Boots") == "12 Best Hiking Boots"


def test_the_title_tag_reaches_the_title_without_control_characters():
    from newsearch.parsing.html_head import page_tree
    from newsearch.parsing.html_title import title_tag

    tree = page_tree("<html><head><title>Rail\x1b[31m fares \x07rise</title></head><body></body></html>")
    assert title_tag(tree) == "Rail fares rise"
