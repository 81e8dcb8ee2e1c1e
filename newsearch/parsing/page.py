"""Turning one scraped page of plain text into articles: layout, boilerplate, metadata.

Every non-blank line of the page ends up either in an article field (title, dek, body,
subheads) or dropped with a reason (`parse_text_with_removed`), from one code path.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from newsearch.models import Article, Author, RemovedLine
from newsearch.parsing import boilerplate, bylines, dates
from newsearch.parsing.quotes import extract_quotes
from newsearch.textutil import strip_controls

_TERMINAL = re.compile(r"[.!?…:;][”\"’')\]]*$")
# "Opinion | Headline - The Site": the parts around the headline a <title> adds.
_TITLE_AFFIXES = re.compile(r"^[^|]{1,30}\s\|\s|\s[-|–—]\s[^-|–—]{1,40}$")
# A clock time ("21:17", "7:45 am") marks a timestamp line, never a headline or dek.
_CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")
# Credit lines that did not parse as bylines ("By Jane Doe | June 3...", "Von Jane Doe").
_CREDIT_START = re.compile(r"(?i)^(?:by|von|por|par|door|di|da)\s+\S")
_SUBHEAD_MAX_WORDS = 12
_TITLE_MAX_WORDS = 30
_DEK_MAX_WORDS = 60
_DEK_MIN_WORDS = 6  # shorter lines under a headline are labels ("Reading time: 2 min")
_WRAP_MIN_CHARS = 60
_WRAP_MAX_CHARS = 100  # a wrapped page has (almost) no line longer than this
_WRAP_LONG_SHARE = 0.02
_DATE_MAX_PARAGRAPH = 2  # date lines count down to the third body paragraph
_STORY_MIN_WORDS = 150
_LINKS_BELOW_SHARE = 3  # a links heading ends the story if less than a third as much text follows  # this much text above a comments heading is the whole story


def article_id(title: str, body: str) -> str:
    """Stable article id: the first 16 hex digits of sha1(title + "\\n" + body)."""
    return hashlib.sha1(f"{title}\n{body}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def make_article(parts: ArticleParts, path: str, ordinal: int) -> Article:
    """The Article for extracted parts: the body joined, quotes found, the id derived."""
    body = "\n\n".join(parts.paragraphs)
    return Article(
        id=article_id(parts.title, body),
        path=path,
        ordinal=ordinal,
        title=parts.title,
        subtitle=parts.subtitle,
        body=body,
        subheads=tuple(parts.subheads),
        authors=tuple(dict.fromkeys(parts.authors)),
        source=parts.source,
        published=parts.published,
        quotes=tuple(extract_quotes(parts.paragraphs)),
        word_count=len(body.split()),
    )


def parse_text(text: str, path: str = "<text>") -> list[Article]:
    """Split a scraped page into its articles and clean each one; never raises."""
    return parse_text_with_removed(text, path)[0]


def parse_text_with_removed(text: str, path: str = "<text>") -> tuple[list[Article], list[RemovedLine]]:
    """Like `parse_text`, plus every page line left out of the articles' text fields, with why.

    Lines that became metadata (bylines, "Source:" lines, date lines) are listed too, with
    reasons "byline", "source", "dateline".
    """
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    units = _units(text)
    segments: list[list[_Unit]] = [[]]
    for unit in units:
        if boilerplate.is_separator(unit.text):
            unit.reason = "separator"
            segments.append([])
        else:
            segments[-1].append(unit)
    parsed = [p for p in (_Segment(units=seg).parse() for seg in segments if seg) if p]
    # A segment with no running text is a teaser for another article: keep it only if the
    # whole page has nothing better.
    if any(p.has_prose for p in parsed):
        parsed = [p for p in parsed if p.has_prose]
    articles = []
    for ordinal, p in enumerate(parsed):
        for unit in p.units:
            unit.kept = unit.kept or unit.role is not None
        articles.append(make_article(p, path, ordinal))
    removed = [
        RemovedLine(path, number, line, unit.reason or "outside-article")
        for unit in units
        if not unit.kept
        for number, line in unit.lines
    ]
    return articles, removed


@dataclass
class _Unit:
    """One logical line of the page (hard-wrapped lines joined) and what became of it."""

    text: str
    lines: list[tuple[int, str]]  # (1-based line number, stripped text) it was made of
    kind: str = "text"  # text | junk | byline | source | date | copyright
    byline: bylines.Byline | None = None
    value: str | None = None  # the source, owner or ISO date the line states
    updated: bool = False
    role: str | None = None  # title | subtitle | body | subhead, once placed in an article
    reason: str | None = None  # why it was dropped, if it was
    kept: bool = False
    reading: str = ""  # boilerplate.LineKind of a text line


def _units(text: str) -> list[_Unit]:
    """Non-empty lines with whitespace collapsed, hard-wrapped prose lines joined up."""
    units: list[_Unit] = []
    previous = None
    raw_lines = text.split("\n")
    wrapped = hard_wrapped(raw_lines)
    for number, raw in enumerate(raw_lines, start=1):
        line = " ".join(raw.split())
        if not line:
            previous = None  # a blank line ends a paragraph
            continue
        if wrapped and previous is not None and continues(previous, line):
            units[-1].text += " " + line
            units[-1].lines.append((number, line))
        else:
            units.append(_Unit(line, [(number, line)]))
        previous = line
    return units


def hard_wrapped(lines: list[str]) -> bool:
    """Whether the page's prose was wrapped at a fixed width (so its lines must be joined up).

    A page scraped block by block keeps each paragraph on one line, so some lines run long;
    joining its short lines would glue menus and headline lists into fake paragraphs.
    """
    lengths = [len(line.strip()) for line in lines if line.strip()]
    long_lines = sum(1 for n in lengths if n > _WRAP_MAX_CHARS)
    wrap_width = sum(1 for n in lengths if n >= _WRAP_MIN_CHARS)
    return wrap_width > 0 and long_lines <= _WRAP_LONG_SHARE * len(lengths)


def continues(previous: str, line: str) -> bool:
    """Whether `line` goes on with `previous`'s sentence (in hard-wrapped text)."""
    if _TERMINAL.search(previous):
        return False
    return len(previous) >= _WRAP_MIN_CHARS or (len(previous) >= 30 and line[0].islower())


def _is_subhead(line: str) -> bool:
    return len(line.split()) <= _SUBHEAD_MAX_WORDS and not _TERMINAL.search(line.rstrip("'‘’\"“”"))


def _headline_like(line: str) -> bool:
    """Whether `line` could be a headline: not a timestamp, date or credit line."""
    if sum(any(c.isalpha() for c in word) for word in line.split()) < 2:
        return False  # "4 55 3": counters and scores
    return not (_CLOCK.search(line) or _CREDIT_START.match(line) or dates.find_date(line))


def could_be_title(line: str) -> bool:
    """Whether a line standing alone could head an article: short, not a sentence, not a credit."""
    return len(line.split()) <= _TITLE_MAX_WORDS and not _TERMINAL.search(line) and _headline_like(line)


def _dek_like(line: str, title_key: str) -> bool:
    """Whether `line` could be the dek under a headline: a sentence, not a credit, date or label."""
    words = line.split()
    return (
        len(words) >= _DEK_MIN_WORDS
        and _headline_like(line)
        and any(w.islower() for w in words)  # "CLICK FOR FULL RESULTS", "Print This Article" are labels
        and title_key not in _title_key(line)
    )


def _title_key(line: str) -> str:
    return " ".join(_TITLE_AFFIXES.sub("", line).lower().split())


# Why a line of each metadata kind is not in the body.
_KIND_REASONS = {"byline": "byline", "source": "source", "date": "dateline", "copyright": "footer"}


@dataclass
class ArticleParts:
    """An article's fields as a reader finds them; `make_article` turns them into an Article."""

    title: str = ""
    subtitle: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)
    authors: list[Author] = field(default_factory=list)
    source: str | None = None
    published: str | None = None


@dataclass
class _Segment(ArticleParts):
    """One article's share of the page, worked out field by field."""

    units: list[_Unit] = field(default_factory=list)
    has_prose: bool = False

    def parse(self) -> _Segment | None:
        units = self.units
        for unit in units:
            self._classify(unit)
        furniture = {i for i, u in enumerate(units) if u.kind != "text"}
        for index in boilerplate.menu_lines([u.text for u in units], furniture):
            if units[index].kind == "text":
                units[index].kind, units[index].reason = "junk", "menu"
        texts = [i for i, u in enumerate(units) if u.kind == "text"]
        if not texts:
            return None
        kinds = boilerplate.text_kinds([units[i].text for i in texts])
        for i, kind in zip(texts, kinds):
            units[i].reading = kind
        prose = [i for i in texts if units[i].reading == boilerplate.LineKind.PROSE]
        if prose:
            prose = self._main_block(units, texts, prose)
        self.has_prose = bool(prose)
        if not prose:
            self._place(units[texts[0]], "title")
            self.title = units[texts[0]].text
            for i in texts[1:]:
                self._place(units[i], "body")
                self.paragraphs.append(units[i].text)
        else:
            body_start = self._head(units, texts, prose[0])
            self._body(units, [i for i in texts if body_start <= i <= prose[-1]], set(prose))
            for i in texts:  # "Jane Doe, Reuters" only counts outside the running text
                if units[i].role is None and (i < body_start or i > prose[-1]):
                    found = bylines.parse_byline(units[i].text, loose=True)
                    if found:
                        units[i].kind, units[i].byline, units[i].reason = "byline", found, "byline"
        self._metadata(units)
        return self if (self.title or self.paragraphs) else None

    @staticmethod
    def _place(unit: _Unit, role: str) -> None:
        unit.role, unit.reason = role, None

    @staticmethod
    def _classify(unit: _Unit) -> None:
        line = unit.text
        source = bylines.source_line(line)
        if source:
            unit.kind, unit.value = "source", source
        elif (owner := bylines.copyright_owner(line)) is not None:
            unit.kind, unit.value = "copyright", owner
        elif (reason := boilerplate.junk_reason(line)) is not None:
            unit.kind, unit.reason = "junk", reason
            return
        else:
            when = dates.date_line(line)
            found = bylines.parse_byline(line)
            if found is None and len(line) <= 120 and dates.find_date(line):
                found = bylines.parse_byline(dates.strip_dates(line))  # "By Jane Doe - June 3, 2021"
                if found and not when:
                    when = (dates.find_date(line), False)
            if found:
                unit.kind, unit.byline, unit.value = "byline", found, when[0] if when else None
            elif when:
                unit.kind, unit.value, unit.updated = "date", when[0], when[1]
        unit.reason = _KIND_REASONS.get(unit.kind)

    @staticmethod
    def _main_block(units: list[_Unit], texts: list[int], prose: list[int]) -> list[int]:
        """The prose lines of the article: the densest run of running text, cut at its credits."""
        scores = [0.0] * len(units)
        for i in texts:
            scores[i] = boilerplate.text_weight(units[i].text, units[i].reading)
        for i, unit in enumerate(units):
            if unit.kind == "junk":
                scores[i] = -boilerplate.JUNK_COST
        start, end = boilerplate.densest_run(scores)
        prose = [i for i in prose if start <= i <= end]
        if not prose:  # the densest run holds no running text (a page of bylines and junk)
            return prose
        # The headline printed again as its own line inside the run (the page's <title> is
        # its first print) opens the story: running text above it is another story's teaser.
        headline = _title_key(units[texts[0]].text)
        for h in range(end, start, -1):
            if h != texts[0] and units[h].kind == "text" and _title_key(units[h].text) == headline:
                above = sum(len(units[i].text.split()) for i in prose if i < h)
                below = sum(len(units[i].text.split()) for i in prose if i > h)
                if above and below >= above:
                    prose = [i for i in prose if i > h]
                break
        # Credits under the story ("Reported by ...", "(Reporting by ...)") end it and
        # whatever follows is page footer; a byline with most of the text still below it
        # is the top of the story instead. A comments heading ends it too, unless little of
        # the story is above.
        ends = [i for i in range(prose[0] + 1, end + 1) if boilerplate.is_comments_marker(units[i].text)]
        ends += [i for i in range(prose[0] + 1, end + 1) if units[i].kind == "byline"]
        # A related-links heading ends it too when much less running text follows it (a list
        # of teasers); one with a good share of the story below is a box inside the story.
        links = [i for i in range(prose[0] + 1, end + 1) if boilerplate.is_end_marker(units[i].text)]
        for cut in sorted(set(ends) | set(links)):
            above = sum(len(units[i].text.split()) for i in prose if i < cut)
            below = sum(len(units[i].text.split()) for i in prose if i > cut)
            if cut in ends and (below < above or (above >= _STORY_MIN_WORDS and units[cut].kind != "byline")):
                return [i for i in prose if i < cut]
            if cut in links and below * _LINKS_BELOW_SHARE < above:
                return [i for i in prose if i < cut]
        return prose

    def _head(self, units: list[_Unit], texts: list[int], first_prose: int) -> int:
        """Pick title and dek from the lines above the running text; return where the body starts."""
        head = [i for i in texts if i < first_prose and len(units[i].text.split()) <= _TITLE_MAX_WORDS]
        keys = {i: _title_key(units[i].text) for i in texts}
        counts: dict[str, int] = {}
        for key in keys.values():
            counts[key] = counts.get(key, 0) + 1
        candidates = [i for i in head if len(units[i].text.split()) >= 2 and _headline_like(units[i].text)]
        repeated = [i for i in candidates if counts[keys[i]] > 1]
        # The page's first line is usually its <title>: of the lines printed twice, the
        # headline is the one that repeats it (others are list items, table headers...).
        page_title = [i for i in repeated if keys[i] == keys[texts[0]]]
        if len(page_title) > 1:
            repeated = page_title
        if repeated:
            # The headline printed twice around the dek: the first print, unless page
            # furniture separates them (then the first is the page's <title> line).
            title_at = repeated[-1]
            for i in reversed(repeated[:-1]):
                if keys[i] == keys[title_at] and not any(units[j].kind == "junk" for j in range(i + 1, title_at)):
                    title_at = i
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
        self._place(units[title_at], "title")
        key = keys[title_at]
        for i in texts:  # the headline printed again (in the page's <title>, under the dek)
            if i != title_at and keys[i] == key:
                units[i].reason = "repeated-headline"
        after = [i for i in texts if i > title_at]
        # The headline printed again under the dek: everything between is the dek.
        for n, i in enumerate(after[:4]):
            if n and keys[i] == key:
                # Credits, dates and "Back to overview" links there are not part of it.
                dek = [j for j in after[:n] if _dek_like(units[j].text, key)]
                if dek:
                    self.subtitle = " ".join(units[j].text for j in dek)
                    for j in dek:
                        self._place(units[j], "subtitle")
                return i + 1
        rest_of_head = [i for i in after if i < first_prose and _dek_like(units[i].text, key)]
        if rest_of_head:
            self.subtitle = units[rest_of_head[0]].text
            self._place(units[rest_of_head[0]], "subtitle")
            return first_prose
        # A short paragraph set apart by the byline or date under it is the dek.
        following = next((u for u in units[first_prose + 1:] if u.kind != "junk"), None)
        if (
            following
            and following.kind in ("byline", "date")
            and len(units[first_prose].text.split()) <= _DEK_MAX_WORDS
            and _dek_like(units[first_prose].text, key)
        ):
            if any(u.role is None and u.kind == "text" and boilerplate.is_prose(u.text) for u in units[first_prose + 1:]):
                self.subtitle = units[first_prose].text
                self._place(units[first_prose], "subtitle")
                return first_prose + 1
        return first_prose

    def _body(self, units: list[_Unit], body: list[int], prose: set[int]) -> None:
        for i in body:
            unit = units[i]
            if unit.role is not None or unit.reason == "repeated-headline":
                continue
            if i in prose:
                self._place(unit, "body")
                self.paragraphs.append(unit.text)
            elif not self.paragraphs:
                unit.reason = "short-line"
            elif self._under_links_heading(units, i):
                unit.reason = "related-links"
            elif _is_subhead(unit.text):
                self._place(unit, "subhead")
                self.subheads.append(unit.text)
            else:
                self._place(unit, "body")
                self.paragraphs.append(unit.text)

    @staticmethod
    def _under_links_heading(units: list[_Unit], index: int) -> bool:
        """Whether a short line sits in a list headed "Related", "Most read"... inside the story."""
        for unit in reversed(units[:index]):
            if unit.kind == "text" and unit.reading == boilerplate.LineKind.PROSE:
                return False
            if unit.kind == "junk" and boilerplate.is_end_marker(unit.text):
                return True
        return False

    def _metadata(self, units: list[_Unit]) -> None:
        published = updated = None
        outlet = agency = owner = None
        # A date stated below the first paragraphs belongs to something else (a related
        # story, a comment); the publication date sits around the headline and byline.
        body_units = [i for i, u in enumerate(units) if u.role == "body"]
        top = body_units[_DATE_MAX_PARAGRAPH] if len(body_units) > _DATE_MAX_PARAGRAPH else len(units)
        for index, unit in enumerate(units):
            if unit.kind == "date" and index > top:
                continue
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
