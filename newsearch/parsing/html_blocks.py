"""trafilatura's main text (its XML tree) as the HTML reader's lines: blocks in document order,
line breaks that only wrap a sentence joined, table rows and cells kept apart, and the story as
trafilatura's wider reading has it between the default reading's first and last paragraph."""

from __future__ import annotations

import re
from typing import Any

from newsearch.parsing import boilerplate
from newsearch.textutil import strip_controls

# trafilatura's output tags that hold blocks, and the blocks they hold.
_CONTAINERS = frozenset({"list", "quote", "div", "table"})
_BLOCK_TAGS = frozenset({"item", "p", "row", "head", "list", "quote", "div", "table"})
# Table cells trafilatura leaves as they were ("<th>Price</th><td>$5</td>"): words apart, one line.
_CELL_TAGS = frozenset({"cell", "th", "td"})
# A line ending like this ends a sentence (or a label): the next line is not its continuation,
# and a heading ending like this is a sentence set large ("Q: How do you start your day?").
TERMINAL = re.compile(r"[.!?…:;][”\"’')\]]*$")
_WRAP_MIN_CHARS = 60


def blocks(container: Any) -> list[tuple[str, str]]:
    """The main text as (kind, line) pairs, kind "head", "p" or "row" (a table row or list item:
    data, never a credit or date line), in document order.

    A paragraph's line breaks split it (an address, a credit block); list items, table rows
    and block quotes are paragraphs of their own; loose text between blocks is a paragraph too.
    """
    found: list[tuple[str, str]] = [("p", line) for line in _split(container.text)]
    for element in container:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "head":
            found.extend(("head", line) for line in _lines(element))
        elif tag in _CONTAINERS and any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in element):
            found.extend(blocks(element))
        elif tag == "row":
            cells = [" ".join(_lines(cell)) for cell in element if isinstance(cell.tag, str)]
            line = " | ".join(c for c in cells if c)
            if line:
                found.append(("row", line))
        elif tag:
            kind = "row" if tag == "item" else "p"  # a list's items are its data, as a table's rows
            found.extend((kind, line) for line in _lines(element))
        found.extend(("p", line) for line in _split(element.tail))
    return found


def within(found: list[str], wider: list[str]) -> list[str]:
    """The paragraphs of trafilatura's wider reading (`favor_recall`) from the first to the last
    paragraph of its default reading: what the wider one adds inside the story is the story's (a list, a
    table, a heading the default left out), what it adds around it is the page's (footer, cookie
    notice, related links). wcxb body F1 fold A +0.0065 where chosen, fold B +0.0032 held out."""
    if not found or not wider:
        return found
    try:
        start = wider.index(found[0])
        end = len(wider) - 1 - wider[::-1].index(found[-1])
    except ValueError:
        return found
    return wider[start:end + 1] if start <= end else found


def words(paragraphs: list[str]) -> int:
    return sum(boilerplate.word_count(p) for p in paragraphs)


def _split(text: Any) -> list[str]:
    return [line for line in (clean(raw) for raw in text.split("\n")) if line] if text else []


def _lines(element: Any) -> list[str]:
    """An element's text as lines: split at its `<lb/>` breaks and inner blocks, except where a
    break only wraps a sentence (the next line goes on in lower case, or a long line stops
    mid-sentence)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        parts.append(node.text or "")
        for child in node:
            if child.tag == "lb":
                parts.append("\n")
            elif isinstance(child.tag, str):
                # A block starts a line of its own ("March 3<head>Event</head>": two lines), a
                # cell's words stand apart from the next cell's.
                if child.tag in _BLOCK_TAGS:
                    parts.append("\n\n")
                walk(child)
                if child.tag in _BLOCK_TAGS:
                    parts.append("\n\n")
                elif child.tag in _CELL_TAGS:
                    parts.append(" ")
            parts.append(child.tail or "")

    walk(element)
    lines: list[str] = []
    for block in "".join(parts).split("\n\n"):
        for index, line in enumerate(_split(block)):
            if index and _wraps(lines[-1], line):
                lines[-1] += " " + line
            else:
                lines.append(line)
    return lines


def _wraps(previous: str, line: str) -> bool:
    if TERMINAL.search(previous):
        return False
    return line[0].islower() or len(previous) >= _WRAP_MIN_CHARS


def clean(text: Any) -> str:
    return " ".join(strip_controls(text).split()) if isinstance(text, str) else ""
