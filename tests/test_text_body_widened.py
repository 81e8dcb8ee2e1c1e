"""Issue 15, text pages: a story its steps and headings broke into pieces is read whole, and
the softer second reading stops at a story's edges (pages written in the style of guides and
how-tos, none copied)."""

from __future__ import annotations

from newsearch.parsing import text_blocks
from newsearch.parsing.page import parse_text

_HEAD = """How to Set Up a Freshwater Aquarium | Reef Notes

Skip to content

How to Set Up a Freshwater Aquarium

"""
_FIRST = """A first tank is easier than it looks if you take it one step at a time and give the water the weeks it needs to settle.

Most beginners lose their first fish in the opening month, and almost always because the tank was filled and stocked on the same weekend.

"""
_STEPS = """Pick A Tank Of Sixty Litres Or More

Rinse The Gravel Under Cold Running Water

Fit The Filter Before Adding Any Water

Set The Heater To Twenty Five Degrees

Add A Bacterial Starter From Your Local Shop

Leave The Lights Off For The First Days

Test For Ammonia And Nitrite Every Week

"""
_REST = """Once the ammonia and nitrite readings have both fallen to zero for a week, the filter has grown the bacteria that will keep your fish alive.

Add three or four hardy fish first, wait a fortnight, and only then add more, so the filter can keep up with the extra waste they make.

Change about a fifth of the water every week and scrub the glass before the algae take hold, and the tank will look after itself for years.

"""


def test_a_guide_broken_by_its_steps_is_read_from_its_first_paragraph():
    story = parse_text(_HEAD + _FIRST + _STEPS + _REST + "Privacy Policy\n")[0]
    paragraphs = story.body.split("\n\n")
    assert paragraphs[0].startswith("A first tank is easier than it looks")
    assert "Rinse The Gravel Under Cold Running Water" in story.subheads  # headings set apart
    assert paragraphs[-1].startswith("Change about a fifth of the water")


def test_the_softer_reading_does_not_reach_across_a_byline_into_a_teaser():
    teaser = "Our readers picked the ten prettiest community tanks of the year, and the winner cost less than a new phone.\n\n"
    page = _HEAD + teaser + "By Jane Holloway\n\n" + _FIRST + _STEPS + _REST
    body = parse_text(page)[0].body
    assert "ten prettiest community tanks" not in body
    assert body.startswith("A first tank is easier than it looks")


def test_comments_below_the_story_are_not_taken_in_by_the_softer_reading():
    comments = (
        "3 Comments\n\nMark\n\nGreat guide, thank you so much for writing all of this down for people like me who are just starting out.\n\n"
        "Reply\n\nSusan\n\nI did exactly this with my kids last spring and the tank has been running without any trouble ever since.\n\n"
    )
    body = parse_text(_HEAD + _FIRST + _STEPS + _REST + comments)[0].body
    assert body.split("\n\n")[-1].startswith("Change about a fifth of the water")


def test_widened_keeps_a_short_tail_out_and_a_long_one_in():
    class Line:
        def __init__(self, text):
            self.text, self.kind, self.reason = text, "text", None

    units = [Line("one two three four five six seven eight nine ten") for _ in range(6)]
    assert text_blocks.widened(units, [2, 3], [2, 3, 5]) == [2, 3, 5]  # 10 words below, 20 in the story
    assert text_blocks.widened(units, [1, 2, 3, 4], [1, 2, 3, 4, 5]) == [1, 2, 3, 4]  # 10 against 40
    assert text_blocks.widened(units, [3, 4], [0, 3, 4]) == [0, 3, 4]  # above the story: no share needed


def test_words_around_a_cut_count_the_lines_above_and_below_it():
    class Line:
        def __init__(self, text):
            self.text = text

    units = [Line("a b"), Line("c"), Line("d e f"), Line("g h i j")]
    around = text_blocks.words_around(units, [0, 2, 3])
    assert around(1) == (2, 7)
    assert around(2) == (2, 4)  # a cut on a counted line counts on neither side
    assert around(0) == (0, 7) and around(4) == (9, 0)
    assert text_blocks.words_around(units, [])(2) == (0, 0)
