"""Text hygiene shared by the parser (at the source) and the printers (at the terminal)."""

from __future__ import annotations

import re

# C0 controls except tab/newline, DEL, C1 controls (U+0080-U+009F, which include the 8-bit CSI),
# and the Unicode bidi embedding/override/isolate marks that can reorder what a terminal shows.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# ANSI/ECMA-48 escape sequences: CSI ... final byte, OSC ... BEL/ST, and two-byte escapes.
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters, keeping tabs and newlines."""
    if not text:
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _UNSAFE.sub("", text)


def one_line(text: str) -> str:
    """Sanitised text with tabs and newlines folded to single spaces (for TSV and titles)."""
    return " ".join(strip_controls(text).split())


def fold_lines(text: str) -> str:
    """Sanitised text with line breaks and tabs as spaces, its edges kept (for pieces joined later)."""
    return strip_controls(text).replace("\r", " ").replace("\n", " ").replace("\t", " ")
