"""Markdown as the plain text a scraped page is: headings, links and emphasis as words.

Articles saved as Markdown (static-site posts, note-taking exports, "reader view" tools) are
read by the text-page parser once their syntax is gone: `# Heading` becomes its words (so the
first heading is the title), `[text](url)` its text, `**bold**` and `_italics_` their words,
images and link definitions nothing. Front matter gives its title, author and date as the lines
a page would show. Line for line: the n-th line of the result comes from the n-th line of the
Markdown, so removed-line numbers still point into the file.
"""

from __future__ import annotations

import re

_FRONT_MATTER_FENCE = re.compile(r"^(?:---|\+\+\+)\s*$")
_FRONT_MATTER_MAX_LINES = 60
_FRONT_MATTER_KEY = re.compile(r"^(title|author|authors|date|published)\s*[:=]\s*(.*)$", re.I)
_ISO_DATE_TIME = re.compile(r"^(\d{4}-\d\d-\d\d)[T ]\S*$")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)\s*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_CODE_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S")
_BLOCKQUOTE = re.compile(r"^ {0,3}(?:>\s?)+")
_LIST_MARKER = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>")
_INLINE_CODE = re.compile(r"`+([^`]+)`+")
# Emphasis: `*`/`_` runs around words. Underscores only at word edges, so snake_case stays.
_STRONG_STARS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1")
_UNDERSCORES = re.compile(r"(?<![\w_])(_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def markdown_to_text(markdown: str) -> str:
    """The text of a Markdown document, one output line per input line ("\\n"-separated input)."""
    lines = markdown.split("\n")
    out: list[str] = []
    start = _front_matter(lines, out)
    in_code = False
    for index in range(start, len(lines)):
        line = lines[index]
        if _CODE_FENCE.match(line):
            in_code = not in_code
            out.append("")
            continue
        if in_code:
            out.append(line)
            continue
        previous = out[-1] if out else ""
        if _SETEXT_UNDERLINE.match(line) and previous.strip() and not _THEMATIC_BREAK.match(lines[index - 1]):
            out.append("")  # the underline of the heading above: the heading is already its words
        elif _THEMATIC_BREAK.match(line) or _LINK_DEFINITION.match(line) or _TABLE_RULE.match(line):
            out.append("")
        else:
            out.append(_inline(_block_marker_removed(line)))
    return "\n".join(out)


def _front_matter(lines: list[str], out: list[str]) -> int:
    """Put YAML/TOML front matter's title, author and date where a page has them; return the
    index of the first line after it (0 when there is none)."""
    if not lines or not _FRONT_MATTER_FENCE.match(lines[0]):
        return 0
    fences = (i for i in range(1, min(len(lines), _FRONT_MATTER_MAX_LINES)) if _FRONT_MATTER_FENCE.match(lines[i]))
    end = next(fences, None)
    if end is None:
        return 0
    fields: dict[str, str] = {}
    for line in lines[1:end]:
        match = _FRONT_MATTER_KEY.match(line.strip())
        if match and match.group(2).strip():
            key = match.group(1).lower()
            key = {"authors": "author", "published": "date"}.get(key, key)
            fields.setdefault(key, match.group(2).strip().strip("\"'[]"))
    date = _ISO_DATE_TIME.sub(r"\1", fields.get("date", ""))  # "2024-03-14T18:30:00Z": the day is enough
    shown = [fields.get("title", ""), f"By {fields['author']}" if "author" in fields else "",
             f"Published {date}" if date else ""]
    shown = [line for line in shown if line]
    # As many lines as the front matter had, so line numbers stay the file's.
    out.extend((shown + [""] * (end + 1))[: end + 1])
    return end + 1


def _block_marker_removed(line: str) -> str:
    heading = _ATX_HEADING.match(line)
    if heading:
        return heading.group(1)
    line = _BLOCKQUOTE.sub("", line)
    return _LIST_MARKER.sub(r"\1", line)


def _inline(line: str) -> str:
    if not any(mark in line for mark in "[]!*_`~<\\|"):
        return line  # most prose lines: nothing to undo
    line = _IMAGE.sub("", line)
    line = _LINK.sub(lambda m: m.group(1) or m.group(2), line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _INLINE_CODE.sub(r"\1", line)
    for pattern in (_STRONG_STARS, _UNDERSCORES):
        line = pattern.sub(r"\2", line)
    line = _STRIKE.sub(r"\1", line)
    line = _ESCAPED.sub(r"\1", line)
    if line.lstrip().startswith("|") and line.rstrip().endswith("|"):
        line = " | ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    return line
