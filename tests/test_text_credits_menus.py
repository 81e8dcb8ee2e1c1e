"""The text reader's credits when a shop's filter menu prints "By X" lines.

Pages in a wine shop's and a software site's style (wcxb-articles fold A had the pattern): the
menu's "By Region" / "By Use Case" items parsed as bylines, and a credit label followed by
another label instead of a name.
"""

from __future__ import annotations

from newsearch.parsing import parse_text

PROSE = (
    "Choosing a bottle for a long dinner is easier than most guides make it sound, because the food on the table already narrows the field to a handful of styles.\n"
    "Start with the main course and work backwards: a rich stew wants a red with some weight, while grilled fish is happiest beside a crisp white from a cool region.\n"
    "When in doubt, ask the people you are cooking for what they enjoyed last time, and buy two bottles of that rather than one of something you have never tasted.\n"
)

SHOP_MENU = """\
How to Pick Wine for a Dinner Party | Cellar Door Wines
Shop
By Grape
By Vintage
By Colour
Offers
Delivery
Journal
Close Menu
By Occasion
Back
Party Wines
How to Pick Wine for a Dinner Party
By Marta Kowalczyk
""" + PROSE

ONE_WORD_MENU = """\
The Best Pour-Over Coffee Makers | Daily Grind
Recipes
Coffee
By Roast
Gear
How-Tos
The Best Pour-Over Coffee Makers
By Tomas Reyes
""" + PROSE

GIVEN_NAME_ALONE = """\
Why I Bake Bread on Sundays
Home
About
Recipes
Why I Bake Bread on Sundays
By Clay
""" + PROSE

LABEL_UNDER_LABEL = """\
What Custom Software Costs in 2026 | Northbyte
Services
Work
About
What Custom Software Costs in 2026
Written by
Priya Raman
Last updated on:
May 4, 2026
Written by
Last updated on:
May 4, 2026
""" + PROSE


def test_filter_menu_items_after_by_are_not_credited():
    article = parse_text(SHOP_MENU)[0]
    assert [a.name for a in article.authors] == ["Marta Kowalczyk"]


def test_a_bare_by_and_one_ordinary_word_is_a_menu_item():
    article = parse_text(ONE_WORD_MENU)[0]
    assert [a.name for a in article.authors] == ["Tomas Reyes"]


def test_a_bare_by_and_a_given_name_stays_a_credit():
    article = parse_text(GIVEN_NAME_ALONE)[0]
    assert [a.name for a in article.authors] == ["Clay"]


def test_a_label_under_a_credit_label_is_no_name():
    article = parse_text(LABEL_UNDER_LABEL)[0]
    assert [a.name for a in article.authors] == ["Priya Raman"]
