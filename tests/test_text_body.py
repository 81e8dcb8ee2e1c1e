"""Issue 15, text pages: the story's lines the cleaner used to drop (fixtures written in the
style of the pages that lost them, none copied)."""

from __future__ import annotations

from pathlib import Path

from newsearch.parsing.page import parse_text_with_removed

from support import parsed_text_page

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "textbody"


def text_page(name: str):
    return parsed_text_page(FIXTURES / name)


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


def test_a_story_goes_on_after_its_sentence_case_checklist():
    articles, removed = text_page("checklist.txt")
    story = articles[0]
    paragraphs = story.body.split("\n\n")
    assert paragraphs[0].startswith("Moving is stressful for people")
    assert "update the microchip details with your new address and phone number" in paragraphs
    assert "carry the crate yourself and never put it in the back of the van" in paragraphs
    assert paragraphs[-1].startswith("Cats in particular may try")
    assert story.subheads == ("Four weeks before the move", "Moving day")


def test_teasers_printed_twice_do_not_carry_the_story_into_the_footer():
    articles, removed = text_page("checklist.txt")
    body = articles[0].body
    assert "How to pack a kitchen" not in body
    assert "Northfield Removals has moved families" not in body
    assert {r.text for r in removed if r.text.startswith("How to pack")} == {"How to pack a kitchen in a single afternoon"}


def test_a_story_printed_again_below_itself_keeps_each_paragraph_once():
    articles, removed = text_page("printed-twice.txt")
    paragraphs = articles[0].body.split("\n\n")
    assert len(paragraphs) == 4 == len(set(paragraphs))
    assert paragraphs[0].startswith("The valley council voted on Thursday")
    assert paragraphs[-1].startswith("The cycling club said")
    again = [r for r in removed if r.reason == "repeated-paragraph"]
    assert [r.text[:20] for r in again] == ["The valley council v", "Work will start in A"]


def test_a_share_bar_under_the_story_ends_it_before_the_authors_box():
    articles, removed = text_page("author-box.txt")
    story = articles[0]
    assert story.body.endswith("will tell you more than a new bag of flour.")
    assert "is the head baker" not in story.body
    assert {r.reason for r in removed if r.text.startswith(("Share this", "Tags:", "©"))} == {"share", "tags", "footer"}


def test_a_share_bar_with_most_of_the_story_below_it_does_not_end_it():
    text = (FIXTURES / "author-box.txt").read_text(encoding="utf-8")
    first_paragraph_end = text.index("and waited.") + len("and waited.")
    moved = text.replace("\nShare this post\n", "\n")
    moved = moved[:first_paragraph_end] + "\n\nShare this post\n" + moved[first_paragraph_end:]
    story = parse_text_with_removed(moved, "moved.txt")[0][0]
    assert story.body.startswith("When we moved the bakery")
    assert "It was not the flour." in story.body
    assert "will tell you more than a new bag of flour." in story.body


def test_list_items_in_the_body_do_not_count_as_paragraphs_for_the_date():
    story = text_page("list-then-date.txt")[0][0]
    assert "Water from below with tap water" in story.body.split("\n\n")
    assert story.published == "2026-03-04"  # under the second paragraph, inside the date window


def test_a_more_articles_heading_ends_the_story_before_the_teasers_blurbs():
    articles, removed = text_page("more-articles.txt")
    story = articles[0]
    assert story.body.startswith("A backyard pond does most of its work in summer")
    assert story.body.endswith("stun the fish resting near the bottom.")
    assert "tough shrubs" not in story.body and "Raised beds" not in story.body
