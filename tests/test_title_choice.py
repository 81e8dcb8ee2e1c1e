"""The text reader's learned second look at the headline (newsearch/parsing/title_choice.py).

Each fixture is a page written in a news site's style for one pattern the rules got wrong on
wcxb-articles fold A; the chooser's weights come from bench/train_titles.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsearch.parsing import parse_text, title_choice

PAGES = Path(__file__).parent / "fixtures" / "titles"


@pytest.mark.parametrize(
    "page, title",
    [
        # "Headline | Site" printed again as is under the menu: the site's name is no part of it.
        ("site-after-bar.txt", "Harbour Road Bus Lanes Approved After Long Debate"),
        # The <title>'s longest part is the site's name: the short headline above the date stays.
        ("site-name-longest-part.txt", "Harbour Ferry Timetable Changes"),
        # A newsletter's name under the <title>: the headline is the line printed twice.
        ("publication-name-line.txt", "Recommended: Five Local Podcasts Worth Your Weekend"),
    ],
)
def test_headline_found(page, title):
    articles = parse_text((PAGES / page).read_text(encoding="utf-8"))
    assert articles[0].title == title


def test_the_weights_ship_with_the_package():
    model = title_choice._model()
    assert model is not None
    assert set(model["weights"]) <= set(model["scaling"])


def test_without_weights_the_rules_pick_stands(monkeypatch):
    monkeypatch.setattr(title_choice, "_model", lambda: None)
    text = (PAGES / "site-after-bar.txt").read_text(encoding="utf-8")
    assert parse_text(text)[0].title == "Harbour Road Bus Lanes Approved After Long Debate | The Riverside Courier"


def test_a_title_with_no_candidates_is_kept():
    model = {"intercept": 0.0, "weights": {}, "scaling": {}, "margin": 0.0}
    assert title_choice.choose([], "Harbour Road Reopens", model) == "Harbour Road Reopens"


def test_pages_in_scripts_without_spaces_keep_the_rules_pick(monkeypatch):
    # The weights were learned on pages written with spaces between words.
    assert title_choice._unspaced("市政府发布新的公交线路规划")
    assert not title_choice._unspaced("Harbour Road Bus Lanes Approved | The Riverside Courier")
    monkeypatch.setattr(title_choice, "candidates", lambda units, current: pytest.fail("no second look"))
    text = "市政府发布新的公交线路规划_本地新闻网\n" + "\n".join(["首页", "新闻"]) + "\n市政府发布新的公交线路规划\n" + "市政府周二发布了新的公交线路规划，计划在明年年底前新增十二条线路，覆盖城市东部的新建住宅区。" * 3
    parse_text(text)
