"""Where quotations are in a paragraph: quotation marks paired from their context (“curly”,
"straight", mixed, « guillemets », „low-high“, ‘single’, and the marks of other scripts through
`quote_languages`), the narration with quotations masked, and its sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsearch.parsing import attribution as A
from newsearch.parsing import names as N
from newsearch.parsing import quote_languages as L

_OPENING = "“„«‟"
_CLOSING = "”»"
_STRAIGHT = '"'
_DOUBLE = _OPENING + _CLOSING + _STRAIGHT
_MARK = re.compile(f"[{_DOUBLE}]")
_ANY_MARK = re.compile(f"[{_DOUBLE}‘{L.MARKS}]")
_INNER_SPACE = " \u00a0\u202f"  # French sets a (narrow) space inside « »
_BEFORE_OPEN = set(" \t\n([{—–-/:;")
_AFTER_CLOSE = set(" \t\n.,;:!?)]}—–-…")


@dataclass
class _Span:
    start: int  # index of the opening mark
    end: int  # index just past the closing mark (or where the quotation stops unclosed)
    text: str
    closed: bool


def quote_spans(paragraph: str) -> list[_Span]:
    """Quotations in `paragraph`, by double marks read from their context, else ‘single’ ones.

    A mark opens when it stands before a word and after a space (or the paragraph start) and
    closes after a word; only a mark that could be either is read by its glyph (“ opens, ” closes,
    " toggles). So `"…”` and `“…"` pair, and a mark that opens while a quotation is open ends that
    quotation unclosed (a lost closing mark) instead of pairing every later mark the wrong way.
    """
    brackets = [_Span(f.start, f.end, f.text, True) for f in L.bracket_spans(paragraph)] if (
        "「" in paragraph or "『" in paragraph) else []
    marks = [m.start() for m in _MARK.finditer(paragraph)]
    if not marks:
        return brackets or _single_spans(paragraph)
    if brackets:  # marks inside a 「…」 quotation belong to it
        inside = [(b.start, b.end) for b in brackets]
        spans = [sp for sp in _double_spans(paragraph, marks) if not any(a <= sp.start < z for a, z in inside)]
        return sorted(brackets + spans, key=lambda sp: sp.start)
    return _double_spans(paragraph, marks)


def _double_spans(paragraph: str, marks: list[int]) -> list[_Span]:
    spans: list[_Span] = []
    open_at: int | None = None
    length = len(paragraph)
    for i in marks:
        ch = paragraph[i]
        before = paragraph[i - 1] if i else " "
        after = paragraph[i + 1] if i + 1 < length else " "
        if ch == "«" and after in _INNER_SPACE:
            after = paragraph[i + 2] if i + 2 < length else " "
        elif ch == "»" and before in _INNER_SPACE and i > 1:
            before = paragraph[i - 2]
        left = (before in _BEFORE_OPEN or before in _DOUBLE) and not after.isspace()
        right = not before.isspace() and (after in _AFTER_CLOSE or after in _DOUBLE or i + 1 == length)
        if left and not right:
            opens = True
        elif right and not left:
            opens = False
        elif ch in _OPENING:
            opens = True
        elif ch in _CLOSING:
            opens = False
        else:
            opens = open_at is None
        if opens:
            if open_at is not None:
                _add(spans, paragraph, open_at, i, closed=False)
            open_at = i
        elif open_at is not None:
            _add(spans, paragraph, open_at, i + 1, closed=True)
            open_at = None
    if open_at is not None:
        _add(spans, paragraph, open_at, length, closed=False)
    return spans


def _add(spans: list[_Span], paragraph: str, start: int, end: int, closed: bool) -> None:
    inner_end = end - 1 if closed else end
    text = paragraph[start + 1: inner_end].strip().rstrip(",").strip()
    if text:
        spans.append(_Span(start, end, text, closed))


_SINGLE = re.compile(r"(?:^|(?<=[\s(—–]))‘(.+?)’(?![\w])")


def _single_spans(paragraph: str) -> list[_Span]:
    spans = []
    for match in _SINGLE.finditer(paragraph):
        text = match.group(1).strip().rstrip(",").strip()
        if text:
            spans.append(_Span(match.start(), match.end(), text, True))
    if not spans and ("‹" in paragraph or "‚" in paragraph):
        spans = [_Span(f.start, f.end, f.text.rstrip(",").strip(), True) for f in L.single_spans(paragraph)]
    return spans


def _mask(paragraph: str, spans: list[_Span]) -> str:
    chars = list(paragraph)
    for span in spans:
        chars[span.start: span.end] = A.MASK * (span.end - span.start)
    return "".join(chars)


# Where one sentence ends and the next starts, in narration (quotations masked).
_SENTENCE_END = re.compile(r"[.!?]+[”\"’')\]]*(?=\s+[A-Z\u00C0-\u00DE\x01“\"‘(\[\d])")
_WORD_BEFORE = re.compile(r"(\S+)$")


def sentence_spans(paragraph: str, masked: str, spans: list[_Span]) -> list[tuple[int, int]]:
    """(start, end) of each sentence. A full stop after an initial or a title abbreviation ("Mary
    E. Smith", "Sen. Cruz") ends none; a quotation ending in . ! or ? followed by a capital ends one."""
    cuts = set()
    for match in _SENTENCE_END.finditer(masked):
        word = _WORD_BEFORE.search(masked[max(0, match.start() - 40): match.start() + 1])
        token = word.group(1) if word else ""
        if token.endswith(".") and not N.ends_name(token) and masked[match.start()] == ".":
            continue
        cuts.add(match.end())
    for span in spans:
        if span.closed and span.end < len(paragraph) and paragraph[span.end - 2: span.end - 1] in (".", "!", "?", "…"):
            rest = masked[span.end:]
            stripped = rest.lstrip()
            if stripped and stripped != rest and (stripped[0].isupper() or stripped[0] == A.MASK):
                cuts.add(span.end)
    bounds = [0, *sorted(cuts), len(paragraph)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


