"""How a scraped text page lays its lines out: blocks of lines with no blank line between.

A page rendered from HTML (html-text, a browser's copy) sets paragraphs and headings apart
with blank lines and writes list items and table rows on lines that touch each other. A short
line that touches another text line is therefore an item of a list or a row of a table, part
of the story's text, not a heading.
"""

from __future__ import annotations

from typing import Any


def in_list(units: list[Any], i: int) -> bool:
    """Whether units[i] touches a text line above or below it, no blank line between."""
    first, last = units[i].lines[0][0], units[i].lines[-1][0]
    return (i > 0 and units[i - 1].kind == "text" and units[i - 1].lines[-1][0] == first - 1) or (
        i + 1 < len(units) and units[i + 1].kind == "text" and units[i + 1].lines[0][0] == last + 1
    )
