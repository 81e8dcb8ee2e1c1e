"""Turning one scraped page of plain text into articles: layout, boilerplate, metadata."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from newsearch.models import Article, Author
from newsearch.parsing import boilerplate, bylines, dates
from newsearch.parsing.quotes import extract_quotes
from newsearch.textutil import strip_controls

_BLOCK_SPLIT = re.compile(r"\n[ \t\u00a0]*\n")
_TERMINAL = re.compile(r"[.!?…:;][”\"’')\]]*$")
_SENTENCE_END = re.compile(r"[.!?…][”\"’')\]]*$")
# "Opinion | Headline - The Site": the parts around the headline a <title> adds.
_TITLE_AFFIXES = re.compile(r"^[^|]{1,30}\s\|\s|\s[-|–—]\s[^-|–—]{1,40}$")
_PROSE_MIN_WORDS = 4
_LONG_LINE_WORDS = 20  # this long and it is text even without final punctuation
_SUBHEAD_MAX_WORDS = 12
_TITLE_MAX_WORDS = 30
_DEK_MAX_WORDS = 60
_WRAP_MIN_CHARS = 60
_STORY_MIN_WORDS = 150  # this much text above a comments heading is the whole story  # a line this long not ending a sentence is hard-wrapped prose


def article_id(title: str, body: str) -> str:
    """Stable article id: the first 16 hex digits of sha1(title + "\\n" + body)."""
    return hashlib.sha1(f"{title}\n{body}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def parse_text(text: str, path: str = "<text>") -> list[Article]:
    """Split a scraped page into its articles and clean each one; never raises."""
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    segments: list[list[str]] = [[]]
    for unit in _units(text):
        if boilerplate.is_separator(unit):
            segments.append([])
        else:
            segments[-1].append(unit)
    parsed = [p for p in (_Segment(units).parse() for units in segments if units) if p]
    # A segment with no running text is a teaser for another article: keep it only if the
    # whole page has nothing better.
    if any(p.has_prose for p in parsed):
        parsed = [p for p in parsed if p.has_prose]
    articles = []
    for ordinal, p in enumerate(parsed):
        body = "\n\n".join(p.paragraphs)
        articles.append(
            Article(
                id=article_id(p.title, body),
                path=path,
                ordinal=ordinal,
                title=p.title,
                subtitle=p.subtitle,
                body=body,
                subheads=tuple(p.subheads),
                authors=tuple(dict.fromkeys(p.authors)),
                source=p.source,
                published=p.published,
                quotes=tuple(extract_quotes(p.paragraphs)),
                word_count=len(body.split()),
            )
        )
    return articles


def _units(text: str) -> list[str]:
    """Non-empty lines with whitespace collapsed, hard-wrapped prose lines joined up."""
    units: list[str] = []
    for block in _BLOCK_SPLIT.split(text):
        previous = None
        for raw in block.split("\n"):
            line = " ".join(raw.split())
            if not line:
                continue
            if previous is not None and _continues(previous, line):
                units[-1] += " " + line
            else:
                units.append(line)
            previous = line
    return units


def _continues(previous: str, line: str) -> bool:
    if _TERMINAL.search(previous):
        return False
    return len(previous) >= _WRAP_MIN_CHARS or (len(previous) >= 30 and line[0].islower())


def _is_prose(line: str) -> bool:
    words = len(line.split())
    return words >= _LONG_LINE_WORDS or (words >= _PROSE_MIN_WORDS and bool(_SENTENCE_END.search(line)))


def _is_subhead(line: str) -> bool:
    return len(line.split()) <= _SUBHEAD_MAX_WORDS and not _TERMINAL.search(line.rstrip("'‘’\"“”"))


def _title_key(line: str) -> str:
    return " ".join(_TITLE_AFFIXES.sub("", line).lower().split())


@dataclass
class _Unit:
    text: str
    kind: str = "text"  # text | junk | byline | source | date | copyright
    byline: bylines.Byline | None = None
    value: str | None = None  # the source, owner or ISO date the line states
    updated: bool = False


@dataclass
class _Segment:
    """One article's share of the page, worked out field by field."""

    lines: list[str]
    title: str = ""
    subtitle: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)
    authors: list[Author] = field(default_factory=list)
    source: str | None = None
    published: str | None = None
    has_prose: bool = False

    def parse(self) -> _Segment | None:
        units = [self._classify(line) for line in self.lines]
        furniture = {i for i, u in enumerate(units) if u.kind != "text"}
        for index in boilerplate.menu_lines(self.lines, furniture):
            if units[index].kind == "text":
                units[index].kind = "junk"
        texts = [i for i, u in enumerate(units) if u.kind == "text"]
        if not texts:
            return None
        prose = [i for i in texts if _is_prose(units[i].text)]
        if prose:
            # Credits under the story ("Reported by ...", "(Reporting by ...)") end it and
            # whatever follows is page footer; a byline with most of the text still below it
            # is the top of the story instead.
            # A comments or "Related" heading ends it too, unless little of the story is above.
            ends = [i for i in range(prose[0] + 1, len(units)) if boilerplate.is_end_marker(units[i].text)]
            ends += [i for i, u in enumerate(units) if u.kind == "byline" and i > prose[0]]
            for end in sorted(ends):
                above = sum(len(units[i].text.split()) for i in prose if i < end)
                below = sum(len(units[i].text.split()) for i in prose if i > end)
                if below < above or (above >= _STORY_MIN_WORDS and units[end].kind != "byline"):
                    prose = [i for i in prose if i < end]
                    break
        self.has_prose = bool(prose)
        if not prose:
            self.title = units[texts[0]].text
            self.paragraphs = [units[i].text for i in texts[1:]]
        else:
            body_start = self._head(units, texts, prose[0])
            self._body(units, [i for i in texts if body_start <= i <= prose[-1]])
            for i in texts:  # "Jane Doe, Reuters" only counts outside the running text
                if (i < body_start or i > prose[-1]) and units[i].text != self.title:
                    found = bylines.parse_byline(units[i].text, loose=True)
                    if found:
                        units[i].kind, units[i].byline = "byline", found
        self._metadata(units)
        return self if (self.title or self.paragraphs) else None

    @staticmethod
    def _classify(line: str) -> _Unit:
        source = bylines.source_line(line)
        if source:
            return _Unit(line, "source", value=source)
        owner = bylines.copyright_owner(line)
        if owner:
            return _Unit(line, "copyright", value=owner)
        if boilerplate.is_junk(line):
            return _Unit(line, "junk")
        found = bylines.parse_byline(line)
        when = dates.date_line(line)
        if found:
            return _Unit(line, "byline", byline=found, value=when[0] if when else None)
        if when:
            return _Unit(line, "date", value=when[0], updated=when[1])
        return _Unit(line)

    def _head(self, units: list[_Unit], texts: list[int], first_prose: int) -> int:
        """Pick title and dek from the lines above the running text; return where the body starts."""
        head = [i for i in texts if i < first_prose and len(units[i].text.split()) <= _TITLE_MAX_WORDS]
        keys = [_title_key(units[i].text) for i in texts]
        candidates = [i for i in head if len(units[i].text.split()) >= 2]
        repeated = [i for i in candidates if keys.count(_title_key(units[i].text)) > 1]
        if repeated:
            title_at = repeated[-1]
        elif candidates:
            # The first headline-like line after the last menu or junk line that has one.
            title_at = candidates[0]
            for i in candidates[1:]:
                if any(units[j].kind == "junk" for j in range(title_at + 1, i)):
                    title_at = i
        elif head:
            title_at = head[0]
        else:
            return first_prose
        self.title = units[title_at].text
        key = _title_key(self.title)
        after = [i for i in texts if i > title_at]
        # The headline printed again under the dek: everything between is the dek.
        for n, i in enumerate(after[:4]):
            if n and keys[texts.index(i)] == key:
                self.subtitle = " ".join(units[j].text for j in after[:n]) or None
                return i + 1
        rest_of_head = [i for i in after if i < first_prose and len(units[i].text.split()) >= _PROSE_MIN_WORDS]
        if rest_of_head:
            self.subtitle = units[rest_of_head[0]].text
            return first_prose
        # A short paragraph set apart by the byline or date under it is the dek.
        following = next((u for u in units[first_prose + 1:] if u.kind != "junk"), None)
        if following and following.kind in ("byline", "date") and len(units[first_prose].text.split()) <= _DEK_MAX_WORDS:
            if any(_is_prose(u.text) for u in units[first_prose + 1:] if u.kind == "text"):
                self.subtitle = units[first_prose].text
                return first_prose + 1
        return first_prose

    def _body(self, units: list[_Unit], body: list[int]) -> None:
        for i in body:
            line = units[i].text
            if line == self.title:
                continue
            if _is_prose(line) or not self.paragraphs:
                if _is_prose(line):
                    self.paragraphs.append(line)
            elif _is_subhead(line):
                self.subheads.append(line)
            else:
                self.paragraphs.append(line)

    def _metadata(self, units: list[_Unit]) -> None:
        published = updated = None
        outlet = agency = owner = None
        for unit in units:
            if unit.kind == "byline" and unit.byline:
                self.authors.extend(unit.byline.authors)
                outlet = outlet or unit.byline.outlet
            elif unit.kind == "source":
                self.source = self.source or unit.value
            elif unit.kind == "copyright":
                owner = owner or unit.value
            if unit.kind in ("date", "byline") and unit.value:
                if unit.updated:
                    updated = updated or unit.value
                else:
                    published = published or unit.value
        if self.paragraphs:
            found = dates.dateline(self.paragraphs[0])
            if found:
                published = published or found[0]
                agency = found[1]
        self.published = published or updated
        self.source = self.source or outlet or agency or owner
