"""Hard-wrapped text: the page's lines joined back into the paragraphs they were cut from.

Wire copy and e-mailed stories come wrapped at a fixed width (about 70 columns), paragraphs
marked by an indent or a blank line. Every later rule (headline, subheads, boilerplate, the
article's run) reads logical lines, so the wrapping is undone first, before anything else
looks at the lines: a wrapped line is never a subhead or a short line of its own, and no line
of the story is lost. A page scraped block by block (some lines run long) is not wrapped and
keeps its lines as they are.
"""

from __future__ import annotations

import re

_TERMINAL = re.compile(r"[.!?…:;。！？][”\"’')\]」』]*$")
# Chinese and Japanese run without spaces: 70 characters of them are a paragraph, not a wrapped line.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_INDENT = re.compile(r"^(?:\t| {2,})\S")
WRAP_MIN_CHARS = 60
WRAP_MAX_CHARS = 100  # a wrapped page has (almost) no line longer than this
_NEAR_FULL, _NEAR_FULL_SHARE = 0.7, 0.1
_DETECT_MIN_CHARS = 50  # ...and some line this long (a short wire story's lines stop at 50-60)
_WRAP_LONG_SHARE = 0.02
_INDENT_MIN_SHARE, _INDENT_MAX_SHARE, _INDENT_MIN_LINES = 0.05, 0.7, 1
_NEAR_WIDTH = 0.6  # a line this share of the page's widest one may have been cut at the width


def hard_wrapped(lines: list[str]) -> bool:
    """Whether the page's prose was wrapped at a fixed width (so its lines must be joined up).

    A page scraped block by block keeps each paragraph on one line, so some lines run long;
    joining its short lines would glue menus and headline lists into fake paragraphs.
    """
    lengths = [len(line.strip()) for line in lines if line.strip()]
    sample = "".join(line for line in lines[:400])
    if len(_UNSPACED.findall(sample)) > 0.3 * max(1, sum(c.isalpha() for c in sample)):
        return False
    long_lines = sum(1 for n in lengths if n > WRAP_MAX_CHARS)
    wrap_width = sum(1 for n in lengths if n >= _DETECT_MIN_CHARS)
    if not wrap_width or long_lines > _WRAP_LONG_SHARE * len(lengths):
        return False
    # Wrapped prose fills its lines: many stop near the widest. A scraped page of menus and
    # teasers with a few long lines has almost none there (0-1% on the development pages,
    # a fifth or more on wire stories).
    widest = max(lengths)
    return sum(1 for n in lengths if n >= _NEAR_FULL * widest) >= _NEAR_FULL_SHARE * len(lengths)


def continues(previous: str, line: str) -> bool:
    """Whether `line` goes on with `previous`'s sentence (in hard-wrapped text, no indents)."""
    if _TERMINAL.search(previous):
        return False
    return len(previous) >= WRAP_MIN_CHARS or (len(previous) >= 30 and line[0].islower())


def _headline(line: str) -> bool:
    """A short line of capitalised words with no final stop: a wire headline, never wrapped onto."""
    words = [w for w in line.split() if any(c.isalpha() for c in w)]
    capitals = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return bool(words) and not _TERMINAL.search(line) and capitals >= 0.7 * len(words)


def paragraphs(raw_lines: list[str]) -> list[list[tuple[int, str]]]:
    """The page's logical lines: each a list of (1-based line number, line with whitespace
    collapsed), wrapped lines joined. Blank lines always end a paragraph; on a page that marks
    paragraphs with an indent, an indented line starts one and every other line goes on with
    the one before; otherwise a line goes on when the one before did not end a sentence, came
    near the page's width and is not a headline standing alone."""
    groups: list[list[tuple[int, str]]] = []
    wrapped = hard_wrapped(raw_lines)
    nonblank = [raw for raw in raw_lines if raw.strip()]
    indented = sum(1 for raw in nonblank if _INDENT.match(raw))
    by_indent = (
        wrapped
        and indented >= _INDENT_MIN_LINES
        and _INDENT_MIN_SHARE <= indented / max(1, len(nonblank)) <= _INDENT_MAX_SHARE
    )
    width = max((len(raw.strip()) for raw in raw_lines), default=0) if wrapped else 0
    open_group = False
    for number, raw in enumerate(raw_lines, start=1):
        line = " ".join(raw.split())
        if not line:
            open_group = False  # a blank line ends a paragraph
            continue
        join = False
        if wrapped and open_group:
            previous = groups[-1][-1][1]
            if by_indent:
                # A word or two after a finished sentence is a sign-off ("Reuter"), not more of it.
                sign_off = len(line.split()) <= 2 and bool(_TERMINAL.search(previous))
                join = not _INDENT.match(raw) and not sign_off and not (len(groups) == 1 and len(groups[0]) == 1 and _headline(previous))
            else:
                # No indents, no blank line: a line that does not end a sentence and stopped
                # near the wrap width goes on, unless it stands alone and reads as a headline.
                alone = len(groups[-1]) == 1
                near_width = len(previous) >= _NEAR_WIDTH * width
                join = continues(previous, line) or (
                    near_width and not _TERMINAL.search(previous) and not (alone and _headline(previous))
                )
        if join:
            groups[-1].append((number, line))
        else:
            groups.append([(number, line)])
        open_group = True
    return groups
