"""Printers for the research commands (quotes, people, facets, kwic, timeline), in the other
printers' style: Rich on a terminal, JSON Lines in a pipe; each takes its stream. `similar` returns a
SearchResult and prints with `render.hits` (hit_list.py).

Document text reaches Rich only as `Text` objects, stripped of control characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from ..models import FacetCount, KwicLine, PersonCount, PeriodCount, QuoteHit
from ..textutil import fold_lines, one_line
from .common import HIGHLIGHT_STYLE, console_for, highlighted, plural, write_jsonl

BAR = "█"
MIN_BAR_WIDTH = 10


def quotes(items: Sequence[QuoteHit], fmt: str, stream: IO[str], color: bool = False) -> None:
    """One quote a line: the quote (matches highlighted), its speaker, then title, date and id, and
    how many near-duplicate copies it stands for; then how many were shown of how many."""
    if fmt == "jsonl":
        write_jsonl((item.to_dict() for item in items), stream)
        return
    from rich.text import Text

    console = console_for(stream, color)
    for item in items:
        line = Text("“", style="italic")
        line.append_text(highlighted(item.text, item.highlights, "italic", flat=True))
        line.append("”", style="italic")
        line.append(f"  — {one_line(item.speaker or 'unattributed')}", style="cyan")
        line.append(f"  {one_line(item.title)} · {item.published or 'undated'} · {item.id}", style="dim")
        copies = getattr(item, "duplicates", 0)
        if copies:
            line.append(f"  +{plural(copies, 'copy', 'copies')}", style="magenta")
        console.print(line)
    footer = _shown(items, "quote")
    folded = getattr(items, "folded", 0)
    if folded:
        footer += f"; {plural(folded, 'copy', 'copies')} from near-duplicate articles folded (--duplicates lists them)"
    console.print(Text(footer, style="dim"))


def people(items: Sequence[PersonCount], fmt: str, stream: IO[str], color: bool = False) -> None:
    """A who's-who: each person with their articles, quotes, and articles per role."""
    if fmt == "jsonl":
        write_jsonl((item.to_dict() for item in items), stream)
        return
    from rich.table import Table
    from rich.text import Text

    console = console_for(stream, color)
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("name")
    table.add_column("articles", justify="right")
    table.add_column("quotes", justify="right")
    table.add_column("roles")
    for item in items:
        roles = ", ".join(f"{role} {count}" for role, count in item.roles)
        table.add_row(Text(one_line(item.name)), str(item.articles), str(item.quotes), Text(roles, style="dim"))
    console.print(table)
    console.print(Text(_shown(items, "person", "people"), style="dim"))


def _shown(items: Sequence, noun: str, plural_form: str | None = None) -> str:
    """"3 quotes", or "20 of 23320 quotes" when `items` is one page (`total`) of a longer list."""
    total = getattr(items, "total", len(items))
    if total == len(items):
        return plural(total, noun, plural_form)
    return f"{len(items)} of {plural(total, noun, plural_form)}"


def facets(items: Sequence[FacetCount], fmt: str, stream: IO[str], color: bool = False) -> None:
    """Facet counts; on a terminal a small table per facet (print it after the hits)."""
    if fmt == "jsonl":
        write_jsonl((item.to_dict() for item in items), stream)
        return
    from rich.table import Table
    from rich.text import Text

    console = console_for(stream, color)
    for name in dict.fromkeys(item.facet for item in items):
        table = Table(box=None, pad_edge=False, show_header=False, title=Text(f"by {name}", style="bold"),
                      title_justify="left")
        table.add_column()
        table.add_column(justify="right")
        for item in items:
            if item.facet == name:
                table.add_row(Text(one_line(item.value)), str(item.count))
        console.print(table)


# Why a facet asked for has no counts when articles matched (see facets.FacetCounts.empty).
_NO_VALUES = {
    "year": "no matching article is dated",
    "month": "no matching article is dated",
    "source": "no matching article names its source",
    "author": "no matching article has a byline",
    "speaker": "no matching article quotes a named speaker",
}


def empty_facet(name: str) -> str:
    """The one-line note (the CLI prints it to stderr) for a facet no matching article has a value
    for: "no matching article is dated: no year facet"."""
    return f"{_NO_VALUES.get(name, 'no matching article has a value for it')}: no {name} facet"


def kwic(items: Sequence[KwicLine], fmt: str, stream: IO[str], color: bool = False, width: int | None = 40) -> None:
    """Concordance lines fitted to the console's width: the keyword whole, in one column for every
    line, between its left context (right-aligned) and its right context. The two sides share what
    the line leaves, at most `width` characters each (None: as much as the line holds)."""
    if fmt == "jsonl":
        write_jsonl((item.to_dict() for item in items), stream)
        return
    from rich.cells import cell_len
    from rich.text import Text

    console = console_for(stream, color)
    where = max((len(f"{item.id} ¶{item.paragraph}") for item in items), default=0)
    keywords = [fold_lines(item.keyword) for item in items]
    room = console.width - where - 2
    # Every line's left side is as wide, so the keywords line up; the longest one still fits.
    side = max(0, (room - max(map(cell_len, keywords), default=0)) // 2)
    side = side if width is None else min(side, width)
    for item, keyword in zip(items, keywords):
        right = max(0, room - side - cell_len(keyword))
        line = Text(f"{item.id} ¶{item.paragraph}".ljust(where) + "  ", style="dim")
        line.append(_tail(fold_lines(item.left), side))
        line.append(keyword, style=HIGHLIGHT_STYLE)
        line.append(_head(fold_lines(item.right), right if width is None else min(right, width)))
        console.print(line, overflow="fold")  # fits the line; a keyword longer than it wraps, whole


def _tail(text: str, cells: int) -> str:
    """The end of `text` that fills `cells` terminal cells, padded on the left to exactly that."""
    from rich.cells import cell_len

    kept, used = len(text), 0
    while kept and used + cell_len(text[kept - 1]) <= cells:
        kept -= 1
        used += cell_len(text[kept])
    return " " * (cells - used) + text[kept:]


def _head(text: str, cells: int) -> str:
    """The start of `text` that fits in `cells` terminal cells."""
    from rich.cells import cell_len

    kept, used = 0, 0
    while kept < len(text) and used + cell_len(text[kept]) <= cells:
        used += cell_len(text[kept])
        kept += 1
    return text[:kept]


def timeline(items: Sequence[PeriodCount], fmt: str, stream: IO[str], color: bool = False) -> None:
    """Articles per period as a bar chart (every period in the range, zeros too), undated apart."""
    if fmt == "jsonl":
        write_jsonl((item.to_dict() for item in items), stream)
        return
    from rich.text import Text

    console = console_for(stream, color)
    dated = [item for item in items if item.period is not None]
    undated = sum(item.count for item in items if item.period is None)
    label_width = max((len(item.period) for item in dated), default=0)
    count_width = max((len(str(item.count)) for item in dated), default=1)
    room = max(MIN_BAR_WIDTH, console.width - label_width - count_width - 3)
    peak = max((item.count for item in dated), default=0)
    for item in dated:
        bar = round(item.count / peak * room) if peak else 0
        line = Text(f"{item.period.ljust(label_width)} {item.count:>{count_width}} ")
        line.append(BAR * max(bar, 1 if item.count else 0), style="cyan")
        console.print(line, no_wrap=True)
    total = sum(item.count for item in dated)
    console.print(Text(f"{plural(total, 'dated article')}, {undated} undated", style="dim"))
