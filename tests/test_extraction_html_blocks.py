"""Issue 15: how the HTML reader turns trafilatura's main text into paragraphs.

Fixtures written in the style of the failures found on the held-out fold (no copied page): a
heading set inside a list item after a date, table cells left as `<th>`/`<td>`, a table of
dated rows, and a story whose lists only trafilatura's wider reading keeps.
"""

from __future__ import annotations

from lxml import etree

from newsearch.parsing import html_blocks
from newsearch.parsing.html import parse_html

from support import story_page

STORY = "".join(
    f"<p>{s}</p>"
    for s in (
        "The harbour board met on Tuesday to settle the timetable for the summer ferries, after a winter of complaints about cancelled crossings.",
        "Skippers told the meeting that the old pier could no longer take the larger boats at low tide, and asked for the works to start before June.",
        "The board agreed to publish a revised timetable next month and to hear from island residents before any sailing is withdrawn.",
    )
)


def test_a_heading_inside_a_list_item_starts_its_own_line():
    item = etree.fromstring('<item>March 16, 2026<head rend="h2">Harbour Fair</head><p>Quay Street, Port Ellen</p></item>')
    assert html_blocks._lines(item) == ["March 16, 2026", "Harbour Fair", "Quay Street, Port Ellen"]


def test_table_cells_left_as_th_and_td_keep_their_words_apart():
    block = etree.fromstring("<div><th>Ticket price</th><td>From $12 a crossing</td><th>Season</th><td>May to September</td></div>")
    (line,) = html_blocks._lines(block)
    assert "price From" in line and "crossing Season" in line


def test_a_table_of_dated_rows_is_the_story_data_not_its_date():
    rows = "".join(f"<tr><td>{m}/1/2023</td><td>-{m}.5%</td></tr>" for m in range(1, 7))
    page = (
        "<html><head><title>Ferry fares fall again</title>"
        '<meta property="article:published_time" content="2025-02-10T08:00:00Z"></head><body><article>'
        f"<h1>Ferry fares fall again</h1>{STORY}<table><tr><th>Month</th><th>Change</th></tr>{rows}</table>"
        "</article></body></html>"
    )
    (article,) = parse_html(page.encode(), "fares.html")
    assert article.published == "2025-02-10"
    assert "3/1/2023 | -3.5%" in article.body


def test_what_the_wider_reading_adds_inside_the_story_is_kept_around_it_is_not():
    found = ["Lead paragraph.", "Closing paragraph."]
    wider = ["Accept cookies?", "Lead paragraph.", "First point", "Second point", "Closing paragraph.", "Copyright 2026"]
    assert html_blocks.within(found, wider) == wider[1:5]
    assert html_blocks.within(found, ["Something else entirely."]) == found
    assert html_blocks.within([], wider) == []


def test_a_script_build_stamp_is_not_the_date_the_page_shows():
    page = (
        "<html><head><title>Harbour timetable agreed</title>"
        '<script>window.build = { version: "2025.01.01.14.20" };</script></head><body>'
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
        "<h1>Harbour timetable agreed</h1><p>By Ina Marsh</p><p>Published</p><p>2025-12-20</p>"
        f"{STORY}</article></body></html>"
    )
    (article,) = parse_html(page.encode(), "timetable.html")
    assert article.published == "2025-12-20"


def test_json_ld_publication_day_before_the_last_update():
    page = (
        "<html><head><title>Harbour timetable agreed</title>"
        '<meta property="article:modified_time" content="2024-05-03T10:57:58+00:00">'
        '<script type="application/ld+json">{"@type": "Article", "headline": "Harbour timetable agreed",'
        ' "datePublished": "2024-03-17T19:47:39+00:00", "dateModified": "2024-05-03T10:57:58+00:00"}</script>'
        f"</head><body><article><h1>Harbour timetable agreed</h1>{STORY}</article></body></html>"
    )
    (article,) = parse_html(page.encode(), "timetable.html")
    assert article.published == "2024-03-17"


def test_a_logo_in_the_first_h1_is_not_the_title_the_page_gives():
    page = (
        "<html><head><title>Harbour works: progress report #12</title></head><body>"
        "<header><h1>Quay Notes</h1></header><main><article><h2>Harbour works: progress report #12</h2>"
        f"{STORY}</article></main></body></html>"
    )
    (article,) = parse_html(page.encode(), "report.html")
    assert article.title == "Harbour works: progress report #12"


def test_dates_in_a_list_of_events_stay_in_the_story():
    events = "".join(
        f"<li>March {day}, 2026<h3>{name}</h3><p>{place}</p></li>"
        for day, name, place in ((16, "Harbour Fair", "Port Ellen"), (18, "Quay Regatta", "Bowmore"), (23, "Net Mending Day", "Portnahaven"))
    )
    page = (
        "<html><head><title>Island events this spring</title>"
        '<meta property="article:published_time" content="2026-02-01T08:00:00Z"></head><body><article>'
        f"<h1>Island events this spring</h1>{STORY}<ul>{events}</ul></article></body></html>"
    )
    (article,) = parse_html(page.encode(), "events.html")
    assert article.published == "2026-02-01"
    assert "March 18, 2026" in article.body


def test_a_text_page_title_that_says_nothing_of_its_html_title_gives_way_to_it():
    from newsearch.parsing import headlines

    assert headlines.against_title("Find a Provider Subscribe", "Ferry timetable to change in May | Harbour Notes") == "Ferry timetable to change in May"
    assert headlines.against_title("Ferries to change in May", "Ferry timetable to change in May | Harbour Notes") == "Ferries to change in May"
    assert headlines.against_title("Subscribe now", "Ferry timetable to change in May") == "Ferry timetable to change in May"
    assert headlines.against_title("Ferries to change in May", "Ferry timetable to change in May") == "Ferries to change in May"
    assert headlines.against_title("Subscribe now", "Menu") == "Subscribe now"  # one word: not a <title> that says anything


def test_a_text_page_opening_with_a_bare_title_takes_it_over_a_reading_time_line_above_the_story():
    from newsearch.parsing import parse_text

    page = story_page([
        "How the New Ferry Timetable Changes Your Commute",
        "Home\nTimetables\nFares\nContact\nSearch",
        "By Jane Harlow\nPosted 3 days ago · 4 min read\nSupport this newsletter",
    ], "The harbour authority said the spring timetable would add {n} sailings on weekday mornings, after commuters complained for months that the early boats were full.")
    (article,) = parse_text(page, "ferry.txt")
    assert article.title == "How the New Ferry Timetable Changes Your Commute"


def test_a_text_page_whose_title_is_the_site_name_keeps_its_printed_headline():
    from newsearch.parsing import headlines

    first = "The Tidewater Almanac — Boats, Weather, Towns"
    assert headlines.against_title("Oyster Beds Return to the Estuary", first, ["Tidewater Almanac"]) == "Oyster Beds Return to the Estuary"
    assert headlines.against_title("Oyster Beds Return to the Estuary", first) == "The Tidewater Almanac"


def test_an_author_box_credit_label_names_the_author_of_an_html_page():
    page = (
        "<html><head><title>Mending a torn sail at sea | Quay Notes</title></head><body><main><article>"
        f"<h1>Mending a torn sail at sea</h1>{STORY}</article>"
        '<section><div>Written by</div><div>Tamsin Gorrie</div>'
        "<p>Tamsin has crewed on cargo schooners for twelve years.</p></section></main></body></html>"
    )
    (article,) = parse_html(page.encode(), "sail.html")
    assert [a.name for a in article.authors] == ["Tamsin Gorrie"]
