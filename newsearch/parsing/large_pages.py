"""Text pages of any size in bounded memory, and no article longer than a stated cap.

A page is parsed at about twenty times its size (a unit object per line, scores, lists), and a
page of concatenated articles with no separator the page parser knows becomes one article: a
50 MB dump of BBC stories took 955 MB and gave one 8.7-million-word article. A page above
LARGE_PAGE_BYTES is therefore read in pieces, each parsed as a page of its own. Pieces are cut
only at line ends (so each decodes as the whole file would), first where an article clearly
ends: a rule or form-feed line between paragraphs (dropped), or a headline-like line after two
or more blank lines or followed by a credit or date line. A piece with none of those in its
first PIECE_BYTES is cut where an article most likely starts after that (a rule line, "Next
Article", a headline-like line after a blank line), else at a blank line, and is never longer
than PIECE_MAX_BYTES. Pages up to the threshold are parsed whole, as before. Then an article
longer than MAX_ARTICLE_WORDS is split at paragraphs into parts titled "<title> (part 2)" and so on.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from newsearch.errors import InputError
from newsearch.models import Article, RemovedLine
from newsearch.parsing.boilerplate import is_separator
from newsearch.parsing.bylines import parse_byline
from newsearch.parsing.dates import date_line
from newsearch.parsing.line_shapes import could_be_title
from newsearch.parsing.page import ArticleParts, make_article, parse_text_with_removed
from newsearch.parsing.reading import decode_bytes
from newsearch.parsing.sniffing import byte_order_mark, looks_binary

LARGE_PAGE_BYTES = 2**20
PIECE_BYTES = 64 * 2**10
PIECE_MAX_BYTES = 256 * 2**10
# Far above any news story or long read (the BBC corpus's longest is 4,428 words), far below a dump.
MAX_ARTICLE_WORDS = 50_000

_DECODE_STEP = 2**20  # bytes decoded at a time when checking or re-encoding a whole file
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
# A line of three or more of one rule character ("-----", "* * *", "=====") or a form feed.
_RULE_LINE = re.compile(rb"(?m)^[ \t]*(?:([-=_*~#+])(?:[ \t]*\1){2,}|\x0c)[ \t]*\r?$")
_SEPARATOR_CANDIDATE = re.compile(rb"(?im)^\W*(?:next|previous|prev)\s+(?:article|story|post)\W*\r?$")
_BLANK_LINE = re.compile(rb"\n(?:[ \t\r]*\n)+")
_LINE_GAP = re.compile(rb"\n(?:[ \t\r]*\n)*")  # a line end and any blank lines after it
_TERMINAL_END = re.compile(rb"[.!?:;\"')\]]\s*$|\xe2\x80[\x9d\x99]\s*$")  # ends a sentence (ASCII or ” ’)
_TITLE_LINE_MAX_BYTES = 300

Convert = Callable[[str], str] | None


class _Piece(NamedTuple):
    """A piece of a page's text and how many file lines come before it; or (`is_break`) the
    rule line two pieces were cut at, which belongs to neither."""

    text: str
    lines_before: int
    is_break: bool = False


def parse_page(data: bytes, path: str, convert: Convert = None) -> list[Article]:
    """The articles of a text page's bytes (`convert` turns its text into a page's first, e.g.
    Markdown), in bounded memory, none longer than MAX_ARTICLE_WORDS.

    Raises InputError for binary data.
    """
    articles: list[Article] = []
    for piece in _pieces_of_text(data, path, convert):
        for article in parse_text_with_removed(piece.text, path)[0]:
            if article.ordinal != len(articles):  # a later piece's articles number on from the earlier ones'
                article = dataclasses.replace(article, ordinal=len(articles))
            articles.append(article)
    return cap_article_words(articles)


def page_removed_lines(data: bytes, path: str, convert: Convert = None) -> list[RemovedLine]:
    """The page lines left out of its articles, with why (as `parse_text_with_removed` gives
    them), numbered as lines of the file, for a page of any size."""
    removed: list[RemovedLine] = []
    for piece in _pieces_of_text(data, path, convert, keep_breaks=True):
        if piece.is_break:
            removed.append(RemovedLine(path, piece.lines_before + 1, piece.text, "separator"))
            continue
        for line in parse_text_with_removed(piece.text, path)[1]:
            removed.append(dataclasses.replace(line, line=line.line + piece.lines_before))
    return removed


def cap_article_words(articles: list[Article], cap: int = MAX_ARTICLE_WORDS) -> list[Article]:
    """`articles` with each one longer than `cap` words split at paragraphs into parts of at
    most `cap` words, ordinals renumbered. The first part keeps the title, dek and subheads;
    the others are titled "<title> (part N)"; every part keeps the credits, source and date."""
    if all(article.word_count <= cap for article in articles):
        return articles
    capped: list[Article] = []
    for article in articles:
        for part in ([article] if article.word_count <= cap else _parts(article, cap)):
            capped.append(dataclasses.replace(part, ordinal=len(capped)))
    return capped


def _parts(article: Article, cap: int) -> Iterator[Article]:
    groups: list[list[str]] = [[]]
    words_in_group = 0
    for paragraph in _paragraphs_within(article.body.split("\n\n"), cap):
        words = len(paragraph.split())
        if groups[-1] and words_in_group + words > cap:
            groups.append([])
            words_in_group = 0
        groups[-1].append(paragraph)
        words_in_group += words
    for number, paragraphs in enumerate(groups, start=1):
        first = number == 1
        parts = ArticleParts(
            title=article.title if first else f"{article.title} (part {number})".strip(),
            subtitle=article.subtitle if first else None,
            paragraphs=paragraphs,
            subheads=list(article.subheads) if first else [],
            authors=list(article.authors),
            source=article.source,
            published=article.published,
        )
        yield make_article(parts, article.path, article.ordinal)


def _paragraphs_within(paragraphs: list[str], cap: int) -> Iterator[str]:
    """The paragraphs, one longer than `cap` words cut into runs of `cap` words."""
    for paragraph in paragraphs:
        words = paragraph.split()
        if len(words) <= cap:
            yield paragraph
        else:
            for start in range(0, len(words), cap):
                yield " ".join(words[start:start + cap])


def _pieces_of_text(data: bytes, path: str, convert: Convert, keep_breaks: bool = False) -> Iterator[_Piece]:
    """The page's text piece by piece (the whole page when small); with `keep_breaks`, also the
    rule lines the pieces were cut at."""
    if len(data) <= LARGE_PAGE_BYTES:
        text = decode_bytes(data)
        if text is None:
            raise InputError(f"{path}: binary file, skipped")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        yield _Piece(convert(text) if convert else text, 0)
        return
    encoding, errors, data, start = _whole_file_encoding(data, path)
    if b"\n" not in data and b"\r" in data:  # old Mac line ends: pieces are cut at newline bytes
        data = data.replace(b"\r", b"\n")
    lines_before = 0
    for begin, end, next_begin in _pieces(data, start, encoding):
        text = data[begin:end].decode(encoding, errors)
        piece_lines = _line_count(text)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.strip():
            yield _Piece(convert(text) if convert else text, lines_before)
        lines_before += piece_lines
        if end < next_begin:  # a break line that the pieces were cut at (not part of either)
            rule = data[end:next_begin].decode(encoding, errors)
            if keep_breaks and rule.strip():
                yield _Piece(rule.strip(), lines_before, is_break=True)
            lines_before += _line_count(rule)


def _line_count(text: str) -> int:
    """How many line ends `text` holds ("\\r\\n", "\\r" and "\\n" each count once)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _whole_file_encoding(data: bytes, path: str) -> tuple[str, str, bytes | bytearray, int]:
    """(encoding, error handling, bytes, offset of the text) as `decode_bytes` would choose for
    the whole file, without holding its decoded text: UTF-16 and UTF-32 are re-encoded as UTF-8
    a megabyte at a time, so that newline bytes are newlines."""
    mark = byte_order_mark(data)
    if mark and mark[1] == "utf-8":
        return "utf-8", "replace", data, len(mark[0])
    if mark:
        decoder = codecs.getincrementaldecoder(mark[1])(errors="replace")
        utf8 = bytearray()
        view = memoryview(data)[len(mark[0]):]
        for begin in range(0, len(view), _DECODE_STEP):
            utf8 += decoder.decode(view[begin:begin + _DECODE_STEP]).encode("utf-8", "surrogatepass")
        utf8 += decoder.decode(b"", final=True).encode("utf-8", "surrogatepass")
        return "utf-8", "replace", utf8, 0
    if looks_binary(data):
        raise InputError(f"{path}: binary file, skipped")
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for begin in range(0, len(view), _DECODE_STEP):
            decoder.decode(view[begin:begin + _DECODE_STEP])
        decoder.decode(b"", final=True)
        return "utf-8", "strict", data, 0
    except UnicodeDecodeError:
        pass
    if not any(byte in data for byte in _CP1252_UNDEFINED):
        return "cp1252", "strict", data, 0
    return "latin-1", "strict", data, 0


def _pieces(data: bytes | bytearray, start: int, encoding: str) -> Iterator[tuple[int, int, int]]:
    """(begin, end, next begin) of each piece: end is where the piece's text stops and next
    begin where the next one starts (after a break line, which is in neither)."""
    while start < len(data):
        limit = min(len(data), start + PIECE_MAX_BYTES)
        boundary = _clear_boundary(data, start, min(limit, start + PIECE_BYTES))
        if boundary is None and len(data) - start > PIECE_BYTES:
            boundary = _likely_boundary(data, start, start + PIECE_BYTES, limit)
        if boundary is None and limit < len(data):
            end = _cut_within(data, start, limit, encoding)
            boundary = (end, end)
        if boundary is None:  # the rest of the page is no longer than a piece may be
            boundary = (len(data), len(data))
        yield start, *boundary
        start = boundary[1]


def _clear_boundary(data: bytes | bytearray, start: int, limit: int) -> tuple[int, int] | None:
    """(end of this piece, start of the next) at the first clear end of an article in (start,
    limit): a rule or form-feed line between paragraphs (dropped), or a headline-like line that
    opens an article (`_headline_after_gap`)."""
    headline = _headline_after_gap(data, start, limit)
    rule = _rule_line(data, start, limit if headline is None else headline)
    if rule:
        return rule
    return None if headline is None else (headline, headline)


def _rule_line(data: bytes | bytearray, start: int, limit: int, after: int | None = None) -> tuple[int, int] | None:
    """(start, end) of the first rule line between paragraphs in (start, limit) of a piece that
    starts at `start`, looking only from `after` on when given."""
    for match in _RULE_LINE.finditer(data, start if after is None else after, limit):
        if match.start() == start:
            continue  # nothing above it to cut off
        previous_end = match.start() - 1  # the newline ending the line above
        line_start = data.rfind(b"\n", start, previous_end) + 1 or start
        previous = data[line_start:previous_end]
        # "---" right under a heading underlines it; between paragraphs it is a break.
        if not previous.strip() or _TERMINAL_END.search(previous):
            line_end = data.find(b"\n", match.end(), limit)
            return match.start(), (limit if line_end < 0 else line_end + 1)
    return None


def _headline_after_gap(data: bytes | bytearray, start: int, limit: int) -> int | None:
    """Where the first headline-like line that clearly opens an article starts in (start, limit):
    after two or more blank lines (paragraphs have one between them), or after one when a credit
    or date line follows it (a subhead is followed by text)."""
    for match in _BLANK_LINE.finditer(data, start, limit):
        title = _line_at(data, match.end(), limit)
        if match.start() == start or not title or not could_be_title(title):
            continue
        if data.count(b"\n", match.start(), match.end()) >= 3:
            return match.end()
        after = _LINE_GAP.match(data, data.find(b"\n", match.end(), limit))
        following = _line_at(data, after.end(), limit) if after else None
        if following and (parse_byline(following) or date_line(following)):
            return match.end()
    return None


def _line_at(data: bytes | bytearray, line_start: int, limit: int) -> str | None:
    """The short line starting at `line_start`, stripped; None if it runs past _TITLE_LINE_MAX_BYTES."""
    line_end = data.find(b"\n", line_start, min(limit, line_start + _TITLE_LINE_MAX_BYTES))
    if line_end < 0:
        return None
    return bytes(data[line_start:line_end]).decode("utf-8", "replace").strip()


def _likely_boundary(data: bytes | bytearray, begin: int, start: int, limit: int) -> tuple[int, int] | None:
    """(end of this piece, start of the next) where an article most likely begins in [start,
    limit) of a piece that began at `begin`: the first rule line, "Next Article" line or
    headline-like line after a blank line; None if there is none."""
    found = []
    for match in _SEPARATOR_CANDIDATE.finditer(data, start, limit):
        if is_separator(bytes(data[match.start():match.end()]).decode("utf-8", "replace").strip()):
            found.append((match.start(), match.start()))
            break
    for match in _BLANK_LINE.finditer(data, start, found[0][0] if found else limit):
        title = _line_at(data, match.end(), limit)
        if title and could_be_title(title):
            found.append((match.end(), match.end()))
            break
    rule = _rule_line(data, begin, min(found)[0] if found else limit, after=start)
    if rule:
        found.append(rule)
    return min(found) if found else None


def _cut_within(data: bytes | bytearray, start: int, limit: int, encoding: str) -> int:
    """Where to cut a piece with no likely article start: the last blank line, else newline,
    else space before `limit` (in the second half of the piece); else `limit` itself."""
    floor = start + (limit - start) // 2
    for mark in (b"\n\n", b"\r\n\r\n", b"\r\r", b"\n", b"\r", b" ", b"\t"):
        found = data.rfind(mark, floor, limit)
        if found >= 0:
            return found + len(mark)
    if encoding == "utf-8":  # never between the bytes of one character
        while limit > floor and data[limit] & 0xC0 == 0x80:
            limit -= 1
    return limit
