"""Issue 15, text pages: the story's lines the cleaner used to drop (fixtures written in the
style of the pages that lost them, none copied)."""

from __future__ import annotations

from pathlib import Path

from newsearch.parsing.page import parse_text_with_removed

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "textbody"


def text_page(name: str):
    return parse_text_with_removed((FIXTURES / name).read_text(encoding="utf-8"), name)


def test_list_items_touching_each_other_are_body_and_headings_set_apart_are_subheads():
    articles, removed = text_page("guide-lists.txt")
    story = articles[0]
    assert story.subheads == ("What you will need", "Keep the air moving")
    paragraphs = story.body.split("\n\n")
    items = ["Bubble wrap for the glass", "A paraffin or electric heater", "Two maximum-minimum thermometers", "Horticultural fleece"]
    at = paragraphs.index(items[0])
    assert paragraphs[at:at + 4] == items  # in place, between the paragraphs around the list
    assert paragraphs[at - 1].startswith("Most growers lose plants")
    assert paragraphs[at + 4].startswith("Start by clearing out")
    # The related links under the story stay out, touching lines or not.
    assert "Ten Seeds to Sow in February" not in story.body
    assert {r.text for r in removed if r.reason == "menu"} == {"Home", "Shop", "Guides", "Contact"}
