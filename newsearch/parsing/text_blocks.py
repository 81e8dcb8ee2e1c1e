"""How a scraped text page lays its lines out: blocks of lines with no blank line between.

A page rendered from HTML (html-text, a browser's copy) sets paragraphs and headings apart
with blank lines and writes list items and table rows on lines that touch each other. A short
line that touches another text line is therefore an item of a list or a row of a table, part
of the story's text, not a heading.

Such a list inside a story ("what you will need", a checklist, steps) is written in sentence
case, most of its words lower-case; the lists around a story (menus, teaser headlines, "most
read") are Title Case labels, or print their headlines twice (an image's and a link's). A
sentence-case list line in a block with no line printed twice elsewhere on the page neither
counts for nor against the article's run of text, so a story that goes on after its list is
read whole.

Furniture that closes a story (a share bar, tags, a newsletter prompt, a footer or copyright
line, a consent banner) ends the run when much less running text follows it (`closes_story`).

A how-to, a guide or a listicle breaks its running text with many short lines (steps,
headings, a checklist) that each count against the run, so the densest run may be one piece
of the story, or a block of comments or an author's box beside it. The page is read a second
time with only furniture counting against the run (`softened`): the running text between
the page's menus and banners. What that wider run adds is kept up to the
nearest line on each side that marks a story's edge (a byline or date line, a related-links or
comments heading, closing furniture) and, below the story, only when it holds a good share of
the story's words (`widened`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Any, Callable

from newsearch.parsing import boilerplate

# Furniture that closes a story when little running text follows it (share bars, tags,
# newsletter prompts, footers and copyright lines, consent banners), by the reason it is dropped with.
_CLOSING_REASONS = frozenset({"share", "tags", "subscribe", "footer", "cookie-banner"})
_LIST_MIN_WORDS = boilerplate.PROSE_MIN_WORDS  # a list line this long may be sentence case...
_LIST_LOWER_SHARE = 0.5  # ...when this share of its words after the first start lower-case
# Growth below the story needs this share of the story's words (the second reading's text lines
# cost nothing; chosen on wcxb fold A: costs x0.5 / x0.2 / x0 gave 0.8882 / 0.8897 / 0.8900 at a
# share of 0.5, and at cost 0 shares 0 / 0.15 / 0.3 / 0.5 / 1 gave 0.8905 / 0.8924 / 0.8927 / 0.8900 / 0.8894).
_TAIL_MIN_SHARE = 0.3


def in_list(units: list[Any], i: int) -> bool:
    """Whether units[i] touches a text line above or below it, no blank line between."""
    return _touches(units, i - 1, i) or _touches(units, i, i + 1)


def _touches(units: list[Any], upper: int, lower: int) -> bool:
    return (
        0 <= upper and lower < len(units) and units[upper].kind == "text" and units[lower].kind == "text"
        and units[upper].lines[-1][0] == units[lower].lines[0][0] - 1
    )


def run_weights(units: list[Any], texts: list[int]) -> list[float]:
    """Each unit's weight towards the article's run (`boilerplate.text_weight` for text lines,
    0 for the rest), a sentence-case list line of a block with no repeated line weighing 0."""
    scores = [0.0] * len(units)
    counts: dict[str, int] = {}
    for unit in units:
        counts[unit.text] = counts.get(unit.text, 0) + 1
    block_repeats: dict[int, bool] = {}  # first unit of a touching block -> whether a line repeats
    for i in texts:
        unit = units[i]
        scores[i] = boilerplate.text_weight(unit.text, unit.reading)
        if unit.reading == boilerplate.LineKind.PROSE or not in_list(units, i) or not _sentence_case(unit.text):
            continue
        start = i
        while _touches(units, start - 1, start):
            start -= 1
        if start not in block_repeats:
            end = start
            while _touches(units, end, end + 1):
                end += 1
            heading = units[start - 1] if start else None  # "More news", "Related stories": teasers follow
            under_links = heading is not None and (heading.reason == "related-links" or boilerplate.is_end_marker(heading.text))
            block_repeats[start] = under_links or any(counts[units[j].text] > 1 for j in range(start, end + 1))
        if not block_repeats[start]:
            scores[i] = 0.0
    return scores


def _sentence_case(line: str) -> bool:
    words = line.split()
    lower = sum(1 for word in words[1:] if word[:1].islower())
    return len(words) >= _LIST_MIN_WORDS and lower >= _LIST_LOWER_SHARE * (len(words) - 1)


def closes_story(unit: Any) -> bool:
    """Whether a furniture line (share bar, tags, newsletter prompt, footer, consent banner) may
    end the article's run, as a related-links heading does."""
    return unit.kind != "text" and unit.reason in _CLOSING_REASONS


def softened(units: list[Any], scores: list[float]) -> list[float]:
    """Run weights where no text line counts against the run: only furniture (junk, menus) does."""
    return [0.0 if score < 0 and unit.kind == "text" else score for unit, score in zip(units, scores)]


def widened(units: list[Any], story: list[int], wider: list[int]) -> list[int]:
    """The story's prose lines grown by the softer reading's run `wider` up to (not across) the
    nearest story edge on each side; growth below the story only if it holds a good share of its words."""
    if not story or not wider:
        return story
    first = next((i for i in range(story[0] - 1, -1, -1) if _story_edge(units[i])), -1)
    last = next((i for i in range(story[-1] + 1, len(units)) if _story_edge(units[i])), len(units))
    above = [i for i in wider if first < i < story[0]]
    below = [i for i in wider if story[-1] < i < last]
    if _words(units, below) < _TAIL_MIN_SHARE * _words(units, story):
        below = []
    return above + story + below


def _story_edge(unit: Any) -> bool:
    """A line a story starts or ends at: a byline or date line, a links or comments heading, closing furniture."""
    return unit.kind in ("byline", "date") or boilerplate.is_end_marker(unit.text) or closes_story(unit)


def _words(units: list[Any], indexes: list[int]) -> int:
    return sum(len(units[i].text.split()) for i in indexes)


def words_around(units: list[Any], lines: list[int]) -> Callable[[int], tuple[int, int]]:
    """For the sorted line indexes `lines`: a function giving, for a cut at index `cut`, the words
    of those lines above it and below it (prefix sums: a run's cuts are weighed in linear time)."""
    upto = list(accumulate(len(units[i].text.split()) for i in lines))
    total = upto[-1] if upto else 0

    def split(cut: int) -> tuple[int, int]:
        before, after = bisect_left(lines, cut), bisect_right(lines, cut)
        return (upto[before - 1] if before else 0), total - (upto[after - 1] if after else 0)

    return split
