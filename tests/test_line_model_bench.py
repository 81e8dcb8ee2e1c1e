"""Issue 15: the line model stacked on the text reader's rules (bench/line_model.py, not shipped:
it did not beat the rules on fold B). Its features, tree walk and flips, on a page written here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from newsearch.parsing import page as text_page
from newsearch.parsing import parse_text

BENCH = Path(__file__).resolve().parent.parent / "bench"

PAGE = """Harbour ferry returns after winter repairs | Coastline Courier
Home
News
Sport
Weather
Harbour ferry returns after winter repairs
The island ferry carried its first passengers of the year on Saturday morning, three months after a cracked hull plate kept it in dry dock through the winter.
Crews at the boatyard replaced two steel plates and repainted the lower deck, the operator said, at a cost of about 80,000 pounds shared with the county council.
Regular sailings resume on Monday, with the first crossing leaving the north pier at seven and the last returning from the island just before dusk.
Share this article
Sign up for our morning newsletter
Most read
Council approves new cycle lane on the seafront
"""


def _load():
    spec = importlib.util.spec_from_file_location("bench_line_model", BENCH / "line_model.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_line_model"] = module
    spec.loader.exec_module(module)
    return module


def _first_article_units(text: str):
    seen = []
    original = text_page.make_article

    def recording(parts, path, ordinal):
        seen.append(parts)
        return original(parts, path, ordinal)

    text_page.make_article = recording
    try:
        parse_text(text)
    finally:
        text_page.make_article = original
    return seen[0].units


def test_features_cover_body_lines_and_dropped_text_but_not_titles_or_menus_of_furniture():
    line_model = _load()
    units = _first_article_units(PAGE)
    rows = line_model.features(units)
    body = {i for i, u in enumerate(units) if u.role == "body"}
    assert body and body <= set(rows)
    assert all(units[i].role != "title" for i in rows)
    assert len({len(row) for row in rows.values()}) == 1  # one width, whatever the line


def test_trees_are_walked_left_when_the_feature_is_at_most_the_threshold():
    line_model = _load()
    tree = [[0, 0.5, 1, 2], [-1, -2.0], [-1, 3.0]]
    assert line_model._raw([tree], [0.5]) == -2.0
    assert line_model._raw([tree, tree], [0.7]) == 6.0


def test_flips_never_leave_an_article_without_body():
    line_model = _load()
    units = _first_article_units(PAGE)
    body = [i for i, u in enumerate(units) if u.role == "body"]
    assert line_model.flips(units, {i: 0.0 for i in body}, 0.1, 0.9) == {}
    dropped = line_model.flips(units, {body[0]: 0.0}, 0.1, 0.9)
    assert dropped == {body[0]: False}
