"""What every printer shares: JSON Lines, paths as they open from here, the Rich console, highlights.

Document text never becomes Rich markup (Text objects only) and is stripped of control
characters before it reaches a terminal; JSON escapes them instead, so data is not altered.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from typing import IO

from ..textutil import fold_lines, one_line, strip_controls

HIGHLIGHT_STYLE = "bold yellow"
# Characters json.dumps leaves raw that a terminal may still act on (DEL, C1 controls, bidi marks).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")


def json_line(record: dict) -> str:
    """One JSON object on one line, UTF-8 readable, with terminal-active characters escaped."""
    text = json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_jsonl(records: Iterable[dict], stream: IO[str]) -> None:
    for record in records:
        stream.write(json_line(record) + "\n")


def display_path(path: str, cwd: str | None) -> str:
    """`path` as it opens from the folder `cwd`: relative to it when the file lies under it, else
    absolute. A relative path (an index built before paths were stored absolute) is kept as stored,
    and so is every path when `cwd` is None."""
    if not cwd or not os.path.isabs(path):
        return path
    path, root = os.path.normpath(path), os.path.join(os.path.normpath(cwd), "")
    return path[len(root):] if path.startswith(root) and len(path) > len(root) else path


def current_folder() -> str | None:
    """The process's working folder, or None when it has been deleted (paths then show absolute)."""
    try:
        return os.getcwd()
    except OSError:
        return None


def console_for(stream: IO[str], color: bool):
    """A Rich console on `stream` that reads no markup, emoji or highlighting into text."""
    from rich.console import Console

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:
            # Rich ends the process with exit code 1 here; the caller decides instead (the command
            # line ends quietly with 0 for every format).
            raise BrokenPipeError

    return QuietConsole(
        file=stream,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


def highlighted(text: str, spans, base_style: str = "", flat: bool = False):
    """A Rich Text of `text` with its [start, end) spans highlighted; `flat` folds line breaks.

    Offsets are into the raw text, so it is sanitised piece by piece to keep them aligned.
    """
    from rich.text import Text

    clean = fold_lines if flat else strip_controls
    out = Text(style=base_style)
    cursor = 0
    for start, end in spans:
        out.append(clean(text[cursor:start]))
        out.append(clean(text[start:end]), style=HIGHLIGHT_STYLE)
        cursor = end
    out.append(clean(text[cursor:]))
    return out


def print_guttered(console, text, indent: int = 4) -> None:
    """Print `text` indented and wrapped to the console's width, every line starting with the
    `│ ` gutter (Rich's own wrapping would start continuation lines without it)."""
    from rich.text import Text

    for piece in text.wrap(console, max(console.width - indent - 2, 8)):
        line = Text(" " * indent)
        line.append("│ ", style="dim")
        piece.rstrip()
        line.append_text(piece)
        console.print(line, soft_wrap=True)  # already wrapped to fit


def byline(hit_or_article):
    from rich.text import Text

    parts = []
    if hit_or_article.source:
        parts.append(one_line(hit_or_article.source))
    if hit_or_article.authors:
        parts.append(", ".join(one_line(a.name) for a in hit_or_article.authors))
    parts.append(hit_or_article.published or "undated")
    return Text(" · ".join(parts), style="green")


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural_form or noun + 's'}"
