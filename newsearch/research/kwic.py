"""Keyword-in-context lines from a paragraph and the spans a query matched in it, the same for
every engine (each finds the spans its own way)."""

from __future__ import annotations

from ..models import KwicLine


def paragraph_lines(article_id: str, number: int, paragraph: str, spans, width: int | None) -> list[KwicLine]:
    """One KwicLine per (start, end) span of `paragraph` (number `number`, from 1): `width`
    characters each side, whitespace folded (None: the rest of the paragraph each side)."""
    lines = []
    for start, end in spans:
        left, right = fold_spaces(paragraph[:start]), fold_spaces(paragraph[end:])
        lines.append(
            KwicLine(
                id=article_id,
                paragraph=number,
                left=left if width is None else left[-width:] if width else "",
                keyword=fold_spaces(paragraph[start:end]),
                right=right if width is None else right[:width],
            )
        )
    return lines


def fold_spaces(text: str) -> str:
    """Whitespace runs (newlines included) as one space, keeping a leading/trailing one."""
    folded = " ".join(text.split())
    if text[:1].isspace():
        folded = " " + folded
    if text[-1:].isspace() and folded.strip():
        folded += " "
    return folded
