"""The text reader's headline when the lines above the story do not say the page's <title>.

Pages written in a shopping or review site's style (wcxb-articles fold A had the patterns): the
<title> cut short with a disclosure paragraph above the printed headline, and a form's message
taken for the headline while the real one sits under it.
"""

from __future__ import annotations

from newsearch.parsing import headlines, parse_text

TRUNCATED_TITLE = """\
The 8 Best Hiking Boots of 2026 [Fit, Grip]
Home
Gear
Hiking
Camping
Climbing
Deals
Newsletter
We may earn a commission when you buy through links on this page. Our editors test every product on real trails before it is recommended, and brands never pay for a place on our lists.
Gear ›
The 8 Best Hiking Boots of 2026 [Fit, Grip, Weight and More]
By Jane Holloway
March 3, 2026
Finding a boot that stays comfortable on the tenth mile as well as the first is harder than any brochure suggests, so we walked more than three hundred miles in twenty pairs this winter.
Every pair went up the same rocky ridge and down the same muddy valley, in rain and in frost, and we weighed each boot wet and dry to see how much water the leather and the liners held.
The boots below are the ones our testers reached for again once the trial was over, sorted by the kind of walking they suit best, from day hikes to long trips with a heavy pack.
"""

FORM_MESSAGE_ABOVE = """\
The 12 Quietest Dishwashers We Tested at Home
Shop
Kitchen
Laundry
Reviews
About Us
Contact
Enter your email for our weekly picks
There was an error. Please try again.
Twelve Dishwashers That Keep the Kitchen Quiet, Tested at Home
Words: Jane Holloway
Published: 03 Dec 2025
A dishwasher that hums through the night without waking the house is worth more than any extra wash cycle, and over six months we ran twelve of them in a real family kitchen.
We measured the noise of every machine from the doorway and from the sofa, counted the plates that came out still dirty, and timed how long each one took to dry a full load of glasses.
The models below are the ones we would buy again, from a small drawer for a flat to a large machine for a busy home, with the compromises each one asks you to make.
"""


def test_the_whole_headline_under_a_disclosure_beats_the_shortened_title():
    article = parse_text(TRUNCATED_TITLE)[0]
    assert article.title == "The 8 Best Hiking Boots of 2026 [Fit, Grip, Weight and More]"
    assert [a.name for a in article.authors] == ["Jane Holloway"]


def test_a_line_that_says_nothing_of_the_title_gives_way_to_the_one_that_does():
    article = parse_text(FORM_MESSAGE_ABOVE)[0]
    assert article.title == "Twelve Dishwashers That Keep the Kitchen Quiet, Tested at Home"
    assert "There was an error" not in article.title


def test_extends_needs_the_whole_title_part_first():
    title = "Best Cars of 2026 [Price, Range] | Motor Site"
    assert headlines.extends("Best Cars of 2026 [Price, Range, Comfort and More]", title)
    assert not headlines.extends("Best Cars of 2026", title)  # no longer than the title
    assert not headlines.extends("The Best Cars of 2026 [Price, Range, Comfort]", title)  # not its start
    assert not headlines.extends("Best Cars Ever", "Best Cars | Motor Site")  # too few words to tell


def test_a_teaser_sharing_only_short_words_is_no_headline():
    lines = [
        "Apple's New Laptop Has a Familiar Keyboard",
        "Sign up for our newsletter",
        "A New Bug in Apple's Phone Has a Fix",
        "The laptop's keyboard is back to the older design, and the typing feels the way it did years ago.",
    ]
    keep = headlines.second_look(lines, 1, 0, 3, usable=lambda n: True, page_title=True)
    assert keep == 1  # "a", "new", "has" and one name shared with a teaser say nothing of the <title>
    lines[2] = "The New Laptop Brings Back a Familiar Keyboard"
    assert headlines.second_look(lines, 1, 0, 3, usable=lambda n: True, page_title=True) == 2
