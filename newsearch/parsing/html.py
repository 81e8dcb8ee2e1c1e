"""Saved HTML pages: the main text found by trafilatura, then the same credit/quote logic as text.

trafilatura (the field's reference extractor) gives title, author, date, site name and the main
text as paragraphs and headings. Each paragraph line is then read the way a text page's lines
are: credit lines become bylines, date and source lines metadata, furniture is dropped, headings
inside the text become subheads, and quotes are found with their speakers. trafilatura is slow to
import, so it is imported only when an HTML page is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsearch.errors import ComponentMissingError, InputError
from newsearch.models import Article, Author
from newsearch.parsing import boilerplate, bylines, dates, headlines, names
from newsearch.parsing import html_blocks, html_meta
from newsearch.parsing import html_credits, html_title
from newsearch.parsing.html_credits import field_authors as _authors
from newsearch.parsing.html_blocks import clean as _clean
from newsearch.parsing.html_decoding import decode_html
from newsearch.parsing.html_head import (
    as_text_page,
    before_last_bar,
    page_headline,
    page_title,
    page_tree,
    published_day,
    tag_headline,
)
from newsearch.parsing.page import ArticleParts, make_article

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
# A heading this long is a paragraph set in large type.
_HEADING_MAX_WORDS = 25


def parse_html(data: bytes | str, path: str = "<html>") -> list[Article]:
    """The article in an HTML page (a list of one, or empty when the page has no main text).

    Raises InputError for binary data; anything else a page holds gives articles or nothing.
    """
    text = data if isinstance(data, str) else decode_html(data)
    if text is None:
        raise InputError(f"{path}: binary file, skipped")
    document = _extract(text)
    recall = _extract(text, favor_recall=True)
    if document is None or getattr(document, "body", None) is None or not _clean(getattr(document, "text", "") or "x"):
        document = recall  # a page trafilatura's default finds nothing on
    if document is None or getattr(document, "body", None) is None:
        return as_text_page(text, path)
    page = _Page(title=_clean(document.title))
    page.read(html_blocks.blocks(document.body))
    tree = page_tree(text)
    page.add_metadata(document, tree)
    title = page_title(tree, page.title)
    page.title = before_last_bar(page_headline(tree, title) or title)
    page.published = published_day(tree, page.title, page.paragraphs) or page.published
    page.authors = html_credits.page_credit(
        page.authors, tree, page.title, page.paragraphs, _clean(document.author), _clean(document.sitename), page.source
    )
    page.title = _headline(tree, title, _clean(document.sitename)) or page.title
    if recall is not None and recall is not document and getattr(recall, "body", None) is not None:
        wide = _Page(title=_clean(document.title))
        wide.read(html_blocks.blocks(recall.body))
        page.widen(wide)
    if not page.paragraphs:
        fallback = as_text_page(text, path)
        if fallback and fallback[0].body:
            return fallback
    if not page.paragraphs and not page.title:
        return []
    return [make_article(page, path, 0)]


def _headline(tree: Any, title: str, site: str) -> str:
    """The article's title, chosen after the date and the credit are read (they find the headline
    as the page prints it, and keep their figures only so): the h1 that says what `title` says,
    not one that runs a headline and its dek together, else the h1 the <title> agrees with
    (`tag_headline`), else `title`; its last bar's part, its first if that is the longest, the
    site's name cut from either end (wcxb titles 0.910 -> 0.917 -> 0.919 on fold A where chosen);
    the <title>'s if it says that and numbers more (`_numbered_tag`)."""
    sites = html_title.site_names(tree, site)
    headline = page_headline(tree, title, whole=True) or tag_headline(tree, sites) or title
    headline = html_title.without_site_ends(html_title.leading_part(before_last_bar(headline)), sites)
    return _numbered_tag(tree, headline, sites) or headline


def _numbered_tag(tree: Any, headline: str, sites: list[str]) -> str | None:
    """The <title>'s headline part (the site's names cut) when it says `headline`'s words and only
    numbers more ("12 Best Hiking Boots 2025" over the h1 "12 Best Hiking Boots": the count or year
    the page's own title gives; wcxb titles 0.919 -> 0.922 on fold A where chosen, fold B 0.885
    unchanged, no title there changed)."""
    tag = before_last_bar(html_title.without_site_ends(html_title.title_tag(tree), sites))
    extra = headlines.tokens(tag)
    for token in headlines.tokens(headline):
        if token not in extra:
            return None
        extra.remove(token)
    return tag if extra and all(token.isdigit() for token in extra) else None


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


@dataclass
class _Page(ArticleParts):
    """What the page says, field by field, as its lines are read."""

    _outlet: str | None = None
    _owner: str | None = None
    _updated: str | None = None

    def read(self, blocks: list[tuple[str, str]]) -> None:
        title_key = self.title.casefold()
        ordinary = bylines.lowercase_words(line for _, line in blocks)
        kept: list[tuple[str, str]] = []
        for kind, line in blocks:
            if line.casefold() == title_key:
                continue
            if kind == "row":  # a table's row is data ("2/1/2023 | -1.0%"), never a date or credit line
                if not boilerplate.is_junk(line):
                    kept.append(("p", line))
            elif not self._metadata_line(line) and not boilerplate.is_junk(line):
                if kind == "p" and all(k == "head" for k, _ in kept) and self._head_credit_line(line, ordinary):
                    continue
                kept.append((kind, line))
        kept = _before_end_marker(kept)
        for kind, line in kept:
            if kind == "head" and len(line.split()) <= _HEADING_MAX_WORDS and not html_blocks.TERMINAL.search(line):
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

    def widen(self, wide: _Page) -> None:
        """The story's paragraphs as the wider reading has them between the default's first and
        last (`_within`), its subheads there with them; title and metadata stay the default's."""
        paragraphs = html_blocks.within(self.paragraphs, wide.paragraphs)
        if paragraphs is self.paragraphs or html_blocks.words(paragraphs) <= html_blocks.words(self.paragraphs):
            return
        inside = set(paragraphs)
        self.subheads = [s for s in self.subheads if s not in inside] + [s for s in wide.subheads if s in inside]
        self.paragraphs = paragraphs

    def _head_credit_line(self, line: str, ordinary: frozenset[str]) -> bool:
        """Record a first line of the text that is a person's name alone, or with what a credit
        adds ("Jane Doe", "Jane Doe | Senior Writer | July 2, 2025"); True if it was one (wcxb
        first authors 0.854 -> 0.857 on fold A where chosen, 0.788 -> 0.792 on fold B held out;
        only when more than the name is on the line: no page changed on fold A). A heading of words
        the page writes in lower case (`ordinary`, bylines.bare_name) is no name: figures unchanged."""
        name = bylines.bare_name(line, ordinary)
        if not name:
            return False
        self.authors.append(Author(name))
        when = dates.find_date(line)
        if when:
            self.published = self.published or when
        return True

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

    def add_metadata(self, document: Any, tree: Any = None) -> None:
        """What trafilatura's metadata says; the people the page's JSON-LD or author meta tags
        credit (html_meta, read from `tree`) are taken when trafilatura's author field and the
        text name no one (before a name found under the headline: wcxb first authors 0.802 ->
        0.828 on fold A where chosen, 0.752 -> 0.774 on fold B held out; taking them before
        trafilatura's field: 0.822 A; author meta tags before JSON-LD 0.825 A; microdata
        itemprop=author and rel=author links after them changed no fold-A page)."""
        # The page's author metadata, unless the text credits the same people with their roles.
        credited = {a.name for a in self.authors}
        self.authors[:0] = [a for a in _authors(_clean(document.author)) if a.name not in credited]
        if not self.authors:
            self.authors = _authors("; ".join(html_meta.page_authors(tree)))
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
            self.title = html_title.without_site(self.title, site)
            # The site credited as author ("By Staff | Example News") is the source, not a person;
            # a person's own site is named after them ("Jane Doe", "JaneDoe"): they stay its author,
            # unless the site writes its name in capitals ("USA TODAY", read as "Usa Today").
            in_capitals = site.isupper()
            self.authors = [
                a for a in self.authors if not html_title.same_name(a.name, site) or (names.is_person(a.name) and not in_capitals)
            ]
        self.authors = bylines.merge_people(self.authors)
        if self.subtitle is None:
            self.subtitle = _dek(_clean(document.description), self.title, self.paragraphs)


def _before_end_marker(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Cut at a "Related stories" / "Comments" heading when most of the text is above it."""
    words = [len(line.split()) if kind == "p" else 0 for kind, line in blocks]
    for index, (_, line) in enumerate(blocks):
        if boilerplate.is_end_marker(line) and sum(words[:index]) >= sum(words[index + 1:]) > 0:
            return blocks[:index]
    return [(kind, line) for kind, line in blocks if not boilerplate.is_end_marker(line)]


def _dek(description: str, title: str, paragraphs: list[str]) -> str | None:
    """The page's description as a subtitle, unless it only repeats the title or the opening."""
    if len(description.split()) < 4 or description.casefold() == title.casefold():
        return None
    opening = " ".join(paragraphs[:2]).casefold()
    stem = description.rstrip(".…").casefold()[:80]
    if stem and stem in opening:
        return None
    return description
