"""Saved HTML pages: the main text found by trafilatura, then the same credit/quote logic as text.

trafilatura (the field's reference extractor) gives title, author, date, site name and the main
text as paragraphs and headings. Each paragraph line is then read the way a text page's lines
are: credit lines become bylines, date and source lines metadata, furniture is dropped, headings
inside the text become subheads, and quotes are found with their speakers. trafilatura is slow to
import, so it is imported only when an HTML page is read.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

from newsearch.errors import ComponentMissingError, InputError
from newsearch.models import Article, Author
from newsearch.parsing import boilerplate, bylines, dates, headlines, names
from newsearch.parsing.page import ArticleParts, make_article
from newsearch.parsing.reading import decode_bytes
from newsearch.textutil import strip_controls

# How trafilatura is asked: its balanced default (favor_precision lost 0.015 F1 of recall on
# wcxb fold A for 0.004 on the older benchmark, and gave 8 of 466 pages no text), tables kept
# (they are often the story's data), comments left out. Measured by bench/extraction.py.
_EXTRACT_OPTIONS = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
}
# `<meta charset="...">` or `<meta http-equiv="Content-Type" content="text/html; charset=...">`,
# and `<?xml ... encoding="..."?>`, looked for in the first bytes as browsers do.
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.I)
_SNIFF_BYTES = 4096
# Labels pages declare that mean something wider in practice (the WHATWG encoding standard).
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
                    "us-ascii": "cp1252", "iso-8859-9": "cp1254", "tis-620": "cp874", "gb2312": "gb18030",
                    "gbk": "gb18030", "x-sjis": "shift_jis"}
_DETECT_BYTES = 256 * 1024  # enough of a page to tell its encoding by
# Share of words an <h1> must share with the <title> to be taken as the headline (chosen on
# wcxb fold A: 0.2 right 88.2% of titles, 0.3 86.9%, 0.1 88.0%, trafilatura's title 75.6%).
_HEADLINE_MATCH = 0.2
# A heading this long is a paragraph set in large type.
_HEADING_MAX_WORDS = 25
# trafilatura's output tags that hold blocks, and the blocks they hold.
_CONTAINERS = frozenset({"list", "quote", "div", "table"})
_BLOCK_TAGS = frozenset({"item", "p", "row", "head", "list", "quote", "div", "table"})
# Trafilatura's author field separates people with "; "; some pages use "and", "&" or commas.
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||,\s*and\s+|\s+and\s+|\s*&\s*|,)\s*")
_AUTHOR_MAX_WORDS = 6
# Lower-case words that belong inside names ("Ursula von der Leyen").
_NAME_PARTICLES = frozenset("de da di do del della der den van von bin binti ibn la le du dos das al el ter ten y".split())
# Words a scraped author field drags along after the name (a date, a label).
_NOT_NAME_WORDS = frozenset(
    """published updated posted by on at monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december""".split()
)
# Words naming a desk, a job or an outlet rather than a person ("AP Auto Writer", "Staff").
_DESK_WORDS = frozenset(
    """writer writers correspondent correspondents reporter reporters editor editors staff desk team
    newsroom bureau wire wires services media magazine network com admin contributor contributors
    editorial""".split()
)
# A line ending like this ends a sentence (or a label): the next line is not its continuation,
# and a heading ending like this is a sentence set large ("Q: How do you start your day?").
_TERMINAL = re.compile(r"[.!?…:;][”\"’')\]]*$")
_WRAP_MIN_CHARS = 60
# "Headline | Site", "Site - Headline", "Site: Headline": the parts a <title> adds.
_TITLE_PARTS = re.compile(r"\s+[|\-–—•·:]+\s+|:\s+")


def decode_html(data: bytes) -> str | None:
    """HTML bytes as text: a BOM, else the charset the page declares, else UTF-8 then cp1252.

    None if the bytes are binary.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)
    head = data[:_SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _CHARSET.search(head)
    encoding = _known_encoding(match.group(1).decode("ascii").lower()) if match else None
    if encoding is None or decode_bytes(head) is None:  # undeclared, unknown, or binary
        return _undeclared(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:  # a wrong declaration: the bytes know better
        return _undeclared(data)


# Guesses that say no more than "some Western single-byte page": read as cp1252, as before.
_WESTERN = ("cp1252", "iso8859_1", "iso8859_15", "ascii", "utf_8", "cp1250", "iso8859_2", "cp1254", "iso8859_9",
            "cp1257", "iso8859_4", "iso8859_13", "iso8859_3", "iso8859_10", "iso8859_14", "iso8859_16", "cp1258",
            "mac_roman", "mac_latin2", "cp437", "cp850", "cp858", "hp_roman8")


def _undeclared(data: bytes) -> str | None:
    """Bytes that declare no usable charset: UTF-8 if they are; else the encoding
    charset_normalizer (trafilatura's own detector) finds when it is a multi-byte or
    non-Latin one (GB18030, Big5, Shift JIS, EUC-KR, cp1251...: an old Chinese page that
    says nothing is not cp1252); else cp1252 then latin-1 (`decode_bytes`)."""
    text = decode_bytes(data)
    if text is None or _is_utf8(data):
        return text
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:_DETECT_BYTES]).best()
    except ImportError:  # comes with trafilatura; without it, the Western reading
        return text
    name = _known_encoding(best.encoding) if best is not None else None
    if name is None or codecs.lookup(name).name.replace("-", "_") in _WESTERN:
        return text
    return data.decode(name, errors="replace")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _known_encoding(label: str) -> str | None:
    label = _CHARSET_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that says UTF-16/32 but had no BOM was read as ASCII to find the meta: it is not.
    return None if name.startswith(("utf-16", "utf-32")) else name


def parse_html(data: bytes | str, path: str = "<html>") -> list[Article]:
    """The article in an HTML page (a list of one, or empty when the page has no main text).

    Raises InputError for binary data; anything else a page holds gives articles or nothing.
    """
    text = data if isinstance(data, str) else decode_html(data)
    if text is None:
        raise InputError(f"{path}: binary file, skipped")
    document = _extract(text)
    if document is None or getattr(document, "body", None) is None or not _clean(getattr(document, "text", "") or "x"):
        document = _extract(text, favor_recall=True)  # a page trafilatura's default finds nothing on
    if document is None or getattr(document, "body", None) is None:
        return _as_text_page(text, path)
    page = _Page(title=_clean(document.title))
    page.read(_blocks(document.body))
    page.add_metadata(document)
    tree = _tree(text)
    headline = _page_headline(tree, page.title)
    if headline:
        page.title = headline
    shown = _head_date(tree, page.title, page.paragraphs)
    if shown:
        page.published = shown
    if not page.paragraphs:
        fallback = _as_text_page(text, path)
        if fallback and fallback[0].body:
            return fallback
    if not page.paragraphs and not page.title:
        return []
    return [make_article(page, path, 0)]


def _tree(text: str) -> Any:
    """The page parsed by lxml (None when lxml will not have it)."""
    try:
        from lxml import html as lxml_html

        return lxml_html.fromstring(text)
    except Exception:  # noqa: BLE001 - lxml raises its own kinds for broken markup
        return None


def _head_date(tree: Any, title: str, paragraphs: list[str]) -> str | None:
    """The date the page shows in the article's head (`dates.page_date` over the page's text,
    anchored on the headline and the first paragraphs): the reviewed dates follow what a page
    shows more often than its metadata (wcxb fold A: 0.834 -> 0.856 of days, then the
    metadata's date only when the page shows none)."""
    if tree is None or not title:
        return None
    try:
        shown = [line for line in (_clean(t) for t in tree.itertext()) if line]
    except (ValueError, TypeError):
        return None
    key = title.casefold()
    headline = next((i for i, line in enumerate(shown) if line.casefold() == key), None)
    if headline is None:
        return None
    starts = [next((i for i, line in enumerate(shown) if i > headline and line[:60] == p[:60]), None) for p in paragraphs[:3]]
    first = starts[0] if starts else None
    third = next((i for i in reversed(starts) if i is not None), None)
    return dates.page_date(shown, headline, first, third if third is not None and third > headline else None)


def _page_headline(tree: Any, title: str) -> str | None:
    """The page's <h1> that says what its <title> says (trafilatura's title is the <title> or
    og:title, often an SEO version of the headline): of the page's first h1s, the one that
    shares the most words with the title, if it shares at least HEADLINE_MATCH of them."""
    if tree is None:
        return None
    found = []
    for element in tree.iter("h1"):
        line = _clean(element.text_content())
        if headlines.headline_like(line):
            found.append(line)
        if len(found) >= 6:
            break
    if not found:
        return None
    if not title:
        return found[0] if len(found) == 1 else None
    score, line = max(((headlines.match(line, title), -i), line) for i, line in enumerate(found))
    return line if score[0] >= _HEADLINE_MATCH else None


def _as_text_page(text: str, path: str) -> list[Article]:
    """A page trafilatura finds no main text on, read as the text it shows (as a .txt page)."""
    try:
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(text)
        for bad in tree.xpath("//script|//style|//noscript|//template"):
            bad.drop_tree()
        shown = "\n".join(_clean(t) for t in tree.itertext())
    except Exception:  # noqa: BLE001 - lxml raises its own for broken markup: no article then
        return []
    from newsearch.parsing.page import parse_text

    articles = parse_text(shown, path)
    return articles[:1]


def _extract(text: str, **options: Any) -> Any:
    """trafilatura's Document for `text`, or None when it finds no main text.

    Raises ComponentMissingError when trafilatura cannot be imported: no HTML page can be read.
    """
    try:
        import trafilatura  # slow to import: only when a page is read
    except ImportError as exc:  # a broken install (lxml 5.2+ without lxml_html_clean, say)
        raise ComponentMissingError(
            f"cannot read HTML pages: trafilatura cannot be loaded ({exc}); "
            "reinstall newsearch, or `pip install lxml_html_clean`"
        ) from exc

    try:
        return trafilatura.bare_extraction(text, **{**_EXTRACT_OPTIONS, **options})
    except (ValueError, TypeError, RecursionError, UnicodeError, AttributeError):
        # lxml and trafilatura reject some malformed pages outright: they hold no article.
        return None


def _blocks(container: Any) -> list[tuple[str, str]]:
    """The main text as (kind, line) pairs, kind "head" or "p", in document order.

    A paragraph's line breaks split it (an address, a credit block); list items, table rows
    and block quotes are paragraphs of their own; loose text between blocks is a paragraph too.
    """
    blocks: list[tuple[str, str]] = [("p", line) for line in _split(container.text)]
    for element in container:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "head":
            blocks.extend(("head", line) for line in _lines(element))
        elif tag in _CONTAINERS and any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in element):
            blocks.extend(_blocks(element))
        elif tag == "row":
            cells = [" ".join(_lines(cell)) for cell in element if isinstance(cell.tag, str)]
            line = " | ".join(c for c in cells if c)
            if line:
                blocks.append(("p", line))
        elif tag:
            blocks.extend(("p", line) for line in _lines(element))
        blocks.extend(("p", line) for line in _split(element.tail))
    return blocks


def _split(text: Any) -> list[str]:
    return [line for line in (_clean(raw) for raw in text.split("\n")) if line] if text else []


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
                walk(child)
                if child.tag in _BLOCK_TAGS:
                    parts.append("\n\n")
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
    if _TERMINAL.search(previous):
        return False
    return line[0].islower() or len(previous) >= _WRAP_MIN_CHARS


def _clean(text: Any) -> str:
    return " ".join(strip_controls(text).split()) if isinstance(text, str) else ""


@dataclass
class _Page(ArticleParts):
    """What the page says, field by field, as its lines are read."""

    _outlet: str | None = None
    _owner: str | None = None
    _updated: str | None = None

    def read(self, blocks: list[tuple[str, str]]) -> None:
        title_key = self.title.casefold()
        kept: list[tuple[str, str]] = []
        for kind, line in blocks:
            if line.casefold() == title_key:
                continue
            if not self._metadata_line(line) and not boilerplate.is_junk(line):
                kept.append((kind, line))
        kept = _before_end_marker(kept)
        for kind, line in kept:
            if kind == "head" and len(line.split()) <= _HEADING_MAX_WORDS and not _TERMINAL.search(line):
                if self.paragraphs:
                    # A heading inside the story is read in its place too (the reviewed texts keep
                    # them: wcxb fold A body F1 0.910 -> 0.934, held out on B) and listed as a subhead.
                    self.subheads.append(line)
                    self.paragraphs.append(line)
                elif self.subtitle is None and len(line.split()) >= 4:
                    self.subtitle = line  # a heading above all the text is the dek
                elif not self.title:
                    self.title = line
                else:
                    self.subheads.append(line)
            else:
                self.paragraphs.append(line)
        if not self.title and self.paragraphs and len(self.paragraphs[0].split()) <= _HEADING_MAX_WORDS:
            self.title = self.paragraphs.pop(0)

    def _metadata_line(self, line: str) -> bool:
        """Record what a credit, date, source or copyright line says; True if it was one."""
        source = bylines.source_line(line)
        if source:
            self.source = self.source or source
            return True
        owner = bylines.copyright_owner(line)
        if owner:
            self._owner = self._owner or owner
            return True
        if boilerplate.is_junk(line):
            return False
        credit = bylines.parse_byline(line)
        if credit:
            self.authors.extend(credit.authors)
            self._outlet = self._outlet or credit.outlet
            return True
        when = dates.date_line(line)
        if when:
            iso, updated = when
            if updated:
                self._updated = self._updated or iso
            else:
                self.published = self.published or iso
            return True
        return False

    def add_metadata(self, document: Any) -> None:
        # The page's author metadata, unless the text credits the same people with their roles.
        credited = {a.name for a in self.authors}
        self.authors[:0] = [a for a in _authors(_clean(document.author)) if a.name not in credited]
        agency = None
        if self.paragraphs:
            found = dates.dateline(self.paragraphs[0])
            if found:
                self.published = self.published or found[0]
                agency = found[1]
        page_date = dates.find_date(_clean(document.date)) if document.date else None
        self.published = page_date or self.published or self._updated
        site = _clean(document.sitename)
        self.source = site or self.source or self._outlet or agency or self._owner or None
        if site:
            self.title = _without_site(self.title, site)
            # The site credited as author ("By Staff | Example News") is the source, not a person;
            # a person's own site is named after them ("Jane Doe", "JaneDoe"): they stay its author.
            self.authors = [a for a in self.authors if not _same_name(a.name, site) or names.is_person(a.name)]
        self.authors = bylines.merge_people(self.authors)
        if self.subtitle is None:
            self.subtitle = _dek(_clean(document.description), self.title, self.paragraphs)


def _without_site(title: str, site: str) -> str:
    """The headline without the site name a <title> puts before or after it."""
    splits = [(title[: m.start()].strip(), title[m.end():].strip()) for m in _TITLE_PARTS.finditer(title)]
    for same in (lambda part: _key(part) == _key(site), lambda part: _same_name(part, site)):
        for head, tail in reversed(splits):
            if same(tail) and len(head.split()) >= 2:
                return head
        for head, tail in splits:
            if same(head) and len(tail.split()) >= 2:
                return tail
    return title


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _same_name(name: str, site: str) -> bool:
    """Whether `name` is the site's name or a shortening of it ("LinkNaija" for "LinkNaija | News")."""
    name_key, site_key = _key(name), _key(site)
    if len(name_key) < 3 or not site_key:
        return False
    return name_key == site_key or (site_key.startswith(name_key) and len(name_key) >= 4)


def _before_end_marker(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Cut at a "Related stories" / "Comments" heading when most of the text is above it."""
    words = [len(line.split()) if kind == "p" else 0 for kind, line in blocks]
    for index, (_, line) in enumerate(blocks):
        if boilerplate.is_end_marker(line) and sum(words[:index]) >= sum(words[index + 1:]) > 0:
            return blocks[:index]
    return [(kind, line) for kind, line in blocks if not boilerplate.is_end_marker(line)]


def _authors(text: str) -> list[Author]:
    """People in trafilatura's author field ("Jane Doe; John Roe", "Jane Doe and John Roe").

    The field is scraped from page markup, so each part is checked: desk and job titles ("AP
    Auto Writer", "Staff"), organisations, and trailing words that are not the name ("Phil Doe
    is a reporter", "Jane Doe Monday") are dropped.
    """
    if not text:
        return []
    credit = bylines.parse_byline(text) or bylines.parse_byline(f"By {text}")
    parts = [a.name for a in credit.authors] if credit and credit.authors else _AUTHOR_SPLIT.split(text)
    names = [_person_name(part) for part in parts]
    return [Author(name) for name in dict.fromkeys(n for n in names if n)]


def _person_name(part: str) -> str | None:
    words = part.strip(" .,").split()
    for index, word in enumerate(words):  # the name ends where lower-case prose starts
        if index and word[:1].islower() and word.lower() not in _NAME_PARTICLES:
            words = words[:index] if index >= 2 else []  # "Syrian defense ministries" is no one
            break
    while len(words) > 2 and words[-1].lower().strip(".,") in _NOT_NAME_WORDS:
        words.pop()  # "Jane Doe Monday"; "Tom May" keeps his surname
    if len(words) == 1 and words[0].lower().strip(".,") in _NOT_NAME_WORDS:
        words = []
    if not words or len(words) > _AUTHOR_MAX_WORDS or words[0].lower() in ("the", "a", "an"):
        return None
    if any(word.lower().strip(".,") in _DESK_WORDS for word in words):
        return None
    name = " ".join(words)
    return name if names.is_person(name) or len(words) == 1 else None


def _dek(description: str, title: str, paragraphs: list[str]) -> str | None:
    """The page's description as a subtitle, unless it only repeats the title or the opening."""
    if len(description.split()) < 4 or description.casefold() == title.casefold():
        return None
    opening = " ".join(paragraphs[:2]).casefold()
    stem = description.rstrip(".…").casefold()[:80]
    if stem and stem in opening:
        return None
    return description
