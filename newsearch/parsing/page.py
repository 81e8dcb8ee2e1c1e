"""Turning one scraped page of plain text into articles: layout, boilerplate, metadata.

Every non-blank line of the page ends up either in an article field (title, dek, body,
subheads) or dropped with a reason (`parse_text_with_removed`), from one code path.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from newsearch.models import Article, Author, RemovedLine
from newsearch.parsing import boilerplate, bylines, dates, headlines, names, text_blocks, title_choice, wrapping
from newsearch.parsing import line_shapes as shapes
from newsearch.parsing.quotes import extract_quotes
from newsearch.textutil import strip_controls

_DATE_MAX_PARAGRAPH = 2  # date lines count down to the third body paragraph
_STORY_MIN_WORDS = 150  # this much text above a comments heading is the whole story
_LINKS_BELOW_SHARE = 3  # a links heading ends the story if less than a third as much text follows


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
        word_count=boilerplate.word_count(body),  # CJK, Thai, Khmer... counted as words too
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
    wrapped = wrapping.hard_wrapped(text.split("\n"))
    segments: list[list[_Unit]] = [[]]
    for unit in units:
        if boilerplate.is_separator(unit.text):
            unit.reason = "separator"
            segments.append([])
        else:
            segments[-1].append(unit)
    parsed = [p for p in (_Segment(units=seg, wrapped=wrapped).parse() for seg in segments if seg) if p]
    # A segment with no running text is a teaser for another article: keep it only if the
    # whole page has nothing better.
    if any(p.has_prose for p in parsed):
        parsed = [p for p in parsed if p.has_prose]
    if parsed and not wrapped and parsed[0].has_prose and parsed[0].units[0] is units[0]:
        owners = (o for u in units if (o := bylines.copyright_owner(u.text)))  # the site's name
        # A first line that is page furniture ("Skip to main content") is no <title> to weigh it against.
        if boilerplate.junk_reason(units[0].text) is None or headlines.TITLE_SEPARATORS.search(units[0].text):
            parsed[0].title = headlines.against_title(parsed[0].title, units[0].text, owners)
        if parsed[0].title == units[0].text and all(u.text != units[0].text for u in units[1:]):
            # The <title> itself, not printed again as the headline: its headline part.
            parsed[0].title = headlines.title_core(units[0].text)
        parsed[0].title = title_choice.pick(parsed[0].units, parsed[0].title)  # a learned second look
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


def _set_apart(units: list[_Unit], i: int) -> bool:
    """Whether units[i] is one short line with a blank line above and below (a heading in wrapped text)."""
    unit = units[i]
    if len(unit.lines) != 1 or not shapes.is_subhead(unit.text) or i == 0 or i + 1 >= len(units):
        return False
    number = unit.lines[0][0]
    return units[i - 1].lines[-1][0] < number - 1 and units[i + 1].lines[0][0] > number + 1


def _units(text: str) -> list[_Unit]:
    """Non-empty lines with whitespace collapsed, hard-wrapped prose lines joined up first
    (`wrapping.paragraphs`: indented or blank-line paragraphs, lines cut at the wrap width)."""
    return [_Unit(" ".join(line for _, line in group), group) for group in wrapping.paragraphs(text.split("\n"))]


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
    wrapped: bool = False  # a hard-wrapped text (wire copy, a newsletter), not a scraped web page
    list_items: set[int] = field(default_factory=set)  # short lines in the body for touching a line
    ordinary_words: frozenset[str] = frozenset()  # what the page writes in lower case (no one's name)

    def parse(self) -> _Segment | None:
        units = self.units
        for unit in units:
            shapes.classify(unit)
        self.ordinary_words = bylines.lowercase_words(u.text for u in units)
        shapes.mark_credits(units, self.ordinary_words)
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
        if prose and self.wrapped:
            # A wrapped text is a story, not a web page around one: from its first paragraph on,
            # every line is the story's (tables, short paragraphs), none is a subhead or menu.
            # The first line is its headline when it reads as one (a table's first row too is the story's).
            start = texts[1] if len(texts) > 1 and shapes.could_be_title(units[texts[0]].text) else texts[0]
            # Only a short line set apart by blank lines on both sides may be a heading.
            prose = [i for i in texts if i >= min(start, prose[0]) and not _set_apart(units, i)]
        elif prose:
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
    def _main_block(units: list[_Unit], texts: list[int], prose: list[int]) -> list[int]:
        """The prose lines of the article: the densest run of running text, cut at its credits."""
        scores = text_blocks.run_weights(units, texts)
        for i, unit in enumerate(units):
            if unit.kind == "junk":
                scores[i] = -boilerplate.JUNK_COST
        story = _Segment._run_prose(units, texts, prose, scores)
        # A second, softer reading joins a story its lists, steps and headings broke into pieces.
        wider = _Segment._run_prose(units, texts, prose, text_blocks.softened(units, scores)) if story else []
        return text_blocks.widened(units, story, wider)

    @staticmethod
    def _run_prose(units: list[_Unit], texts: list[int], prose: list[int], scores: list[float]) -> list[int]:
        """The prose lines of the densest run under `scores`, cut at its credits and end markers."""
        start, end = boilerplate.densest_run(scores)
        prose = [i for i in prose if start <= i <= end]
        if not prose:  # the densest run holds no running text (a page of bylines and junk)
            return prose
        # The headline printed again as its own line inside the run (the page's <title> is
        # its first print) opens the story: running text above it is another story's teaser.
        headline = shapes.title_key(units[texts[0]].text)
        for h in range(end, start, -1):
            if h != texts[0] and units[h].kind == "text" and shapes.title_key(units[h].text) == headline:
                above, below = text_blocks.words_around(units, prose)(h)
                if above and below >= above:
                    prose = [i for i in prose if i > h]
                break
        # Credits under the story ("Reported by ...", "(Reporting by ...)") end it and
        # whatever follows is page footer; a byline with most of the text still below it
        # is the top of the story instead. A comments heading ends it too, unless little of
        # the story is above.
        ends = [i for i in range(prose[0] + 1, end + 1) if boilerplate.is_comments_marker(units[i].text)]
        ends += [i for i in range(prose[0] + 1, end + 1) if units[i].kind == "byline"]
        # A related-links heading, a share bar, tags or a footer line ends it too when much less
        # running text follows it (teasers, an author's box); one with a good share of the story below is inside it.
        links = [i for i in range(prose[0] + 1, end + 1) if boilerplate.is_end_marker(units[i].text) or text_blocks.closes_story(units[i])]
        around = text_blocks.words_around(units, prose)
        for cut in sorted(set(ends) | set(links)):
            above, below = around(cut)
            if cut in ends and (below < above or (above >= _STORY_MIN_WORDS and units[cut].kind != "byline")):
                return [i for i in prose if i < cut]
            if cut in links and below * _LINKS_BELOW_SHARE < above:
                return [i for i in prose if i < cut]
        return prose

    def _head(self, units: list[_Unit], texts: list[int], first_prose: int) -> int:
        """Pick title and dek from the lines above the running text; return where the body starts."""
        head = [i for i in texts if i < first_prose and len(units[i].text.split()) <= shapes.TITLE_MAX_WORDS]
        keys = {i: shapes.title_key(units[i].text) for i in texts}
        counts: dict[str, int] = {}
        for key in keys.values():
            counts[key] = counts.get(key, 0) + 1
        candidates = [i for i in head if len(units[i].text.split()) >= 2 and shapes.headline_like(units[i].text)]
        repeated = [i for i in candidates if counts[keys[i]] > 1]
        # The page's first line is usually its <title>: of the lines printed twice, the
        # headline is the one that repeats it (others are list items, table headers...).
        page_title = [i for i in repeated if keys[i] == keys[texts[0]]]
        if len(page_title) > 1:
            repeated = page_title
        # The headline may sit in a run of short lines the menu rule took (section label,
        # headline, author's name): those lines are candidates too.
        said = headlines.find_headline(
            [u.text for u in units[:first_prose]], units[texts[0]].text, first_prose,
            allowed=lambda n: n != texts[0] and (units[n].kind == "text" or units[n].reason == "menu") and shapes.headline_like(units[n].text),
        )
        if said is not None and shapes.title_key(units[said].text) == keys[texts[0]]:
            said = None  # the <title> printed again word for word: the rules below place it and the dek
        if said is not None:
            # The line that says what the page's <title> says (the <title> is its first line).
            title_at = said
            keys[said] = shapes.title_key(units[said].text)
        elif repeated:
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
        title_at = headlines.second_look(
            [u.text for u in units], title_at, texts[0], first_prose, page_title=texts[0] == 0 and not self.wrapped,
            usable=lambda n: units[n].kind == "text" and shapes.headline_like(units[n].text),
        )
        keys[title_at] = shapes.title_key(units[title_at].text)
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
                dek = [j for j in after[:n] if shapes.dek_like(units[j].text, key)]
                if dek:
                    self.subtitle = " ".join(units[j].text for j in dek)
                    for j in dek:
                        self._place(units[j], "subtitle")
                return i + 1
        rest_of_head = [i for i in after if i < first_prose and shapes.dek_like(units[i].text, key)]
        if rest_of_head:
            self.subtitle = units[rest_of_head[0]].text
            self._place(units[rest_of_head[0]], "subtitle")
            return first_prose
        # A short paragraph set apart by the byline or date under it is the dek.
        following = next((u for u in units[first_prose + 1:] if u.kind != "junk"), None)
        if (
            following
            and following.kind in ("byline", "date")
            and len(units[first_prose].text.split()) <= shapes.DEK_MAX_WORDS
            and shapes.dek_like(units[first_prose].text, key)
        ):
            if any(u.role is None and u.kind == "text" and boilerplate.is_prose(u.text) for u in units[first_prose + 1:]):
                self.subtitle = units[first_prose].text
                self._place(units[first_prose], "subtitle")
                return first_prose + 1
        return first_prose

    def _body(self, units: list[_Unit], body: list[int], prose: set[int]) -> None:
        printed: set[str] = set()
        for i in body:
            unit = units[i]
            if unit.role is not None or unit.reason == "repeated-headline":
                continue
            if unit.text in printed and boilerplate.is_prose(unit.text):
                unit.reason = "repeated-paragraph"  # the story printed twice (a preview, a print copy)
            elif i in prose:
                self._place(unit, "body")
                self.paragraphs.append(unit.text)
                printed.add(unit.text)
            elif not self.paragraphs:
                unit.reason = "short-line"
            elif shapes.under_links_heading(units, i):
                unit.reason = "related-links"
            elif shapes.is_subhead(unit.text) and not text_blocks.in_list(units, i):
                self._place(unit, "subhead")
                self.subheads.append(unit.text)
            else:
                self._place(unit, "body")
                self.paragraphs.append(unit.text)
                if shapes.is_subhead(unit.text):  # a list item: not a paragraph where dates are counted
                    self.list_items.add(i)

    def _metadata(self, units: list[_Unit]) -> None:
        shapes.credit_in_head(units, self.ordinary_words)
        published = updated = None
        outlet = agency = owner = None
        # A date stated below the first paragraphs belongs to something else (a related
        # story, a comment); the publication date sits around the headline and byline.
        body_units = [i for i, u in enumerate(units) if u.role == "body" and i not in self.list_items]
        last_dated = body_units[_DATE_MAX_PARAGRAPH] if len(body_units) > _DATE_MAX_PARAGRAPH else None
        top = len(units) if last_dated is None else last_dated
        other_credits = shapes.credits_past_story(units, body_units)
        for index, unit in enumerate(units):
            if (unit.kind == "date" and index > top) or index in other_credits:
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
        title_at = next((i for i, u in enumerate(units) if u.role == "title"), None)
        in_head = dates.page_date(
            [u.text for u in units], title_at, body_units[0] if body_units else None, last_dated,
        )
        self.published = in_head or published or updated
        if not self.published and body_units:  # no date in the head
            self.published = shapes.date_in_story(units, body_units)
        self.source = self.source or outlet or agency or owner
        self.authors = bylines.merge_people(self.authors)
        site = shapes.site_name(units[0].text, self.title) if units else None
        if site:
            # The site credited like a person ("By Example News") is the source.
            kept = [a for a in self.authors if not bylines.same_outlet(a.name, site) or names.is_person(a.name)]
            if len(kept) < len(self.authors):
                self.source = self.source or site
            self.authors = kept
