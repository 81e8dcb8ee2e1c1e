"""The day a page's address is filed under ("/2025/12/18/story/") settles a day's difference with
its metadata: a time zone apart (issue 15, HTML publication day)."""

from __future__ import annotations

from newsearch.parsing.html import parse_html
from newsearch.parsing.html_head import page_tree, url_day

_STORY = """<p>The late ferry from the island will stop running in January, the operator said on Thursday,
after fewer than a dozen people a night took it over the autumn and the winter timetable was cut.</p>
<p>Islanders who work late shifts on the mainland said the change would leave them with a forty minute
drive around the bay, and asked the council to pay for a smaller boat on two nights a week.</p>
<p>The operator said it would look again at the timetable in the spring.</p>"""


def _page(address: str, published: str) -> bytes:
    return f"""<!doctype html><html><head><title>Late island ferry to stop in January</title>
<link rel="canonical" href="{address}">
<meta property="article:published_time" content="{published}"></head>
<body><main><h1>Late island ferry to stop in January</h1><article>{_STORY}</article></main></body></html>""".encode("utf-8")


def _day(page: bytes) -> str | None:
    (article,) = parse_html(page, "ferry.html")
    return article.published


def test_the_address_day_wins_over_a_meta_day_one_day_later():
    page = _page("https://example.org/2025/12/18/late-island-ferry/", "2025-12-19T02:30:00+00:00")
    assert _day(page) == "2025-12-18"


def test_the_meta_day_stays_when_the_address_names_another_month():
    page = _page("https://example.org/2025/10/02/late-island-ferry/", "2025-12-19T02:30:00+00:00")
    assert _day(page) == "2025-12-19"


def test_an_address_without_a_whole_day_gives_none():
    assert url_day(page_tree('<html><head><link rel="canonical" href="https://example.org/2025/12/ferry"></head></html>')) is None
    assert url_day(page_tree('<html><head><meta property="og:url" content="https://example.org/2024/02/29/leap/"></head></html>')) == "2024-02-29"


def test_an_impossible_day_in_the_address_is_no_day():
    assert url_day(page_tree('<html><head><link rel="canonical" href="https://example.org/2019/02/31/x/"></head></html>')) is None
    page = _page("https://example.org/2025/02/30/late-island-ferry/", "2025-03-01T08:00:00+00:00")
    assert _day(page) == "2025-03-01"
