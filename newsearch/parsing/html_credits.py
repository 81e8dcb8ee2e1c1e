"""Who an HTML page credits: the people in trafilatura's author field and the page's metadata,
checked for being people's names, set against the credit the page's head shows, and the desk or
team the page credits when it names no person."""

from __future__ import annotations

import re
from typing import Any

from newsearch.models import Author
from newsearch.parsing import bylines, credit_words, html_meta, names
from newsearch.parsing.given_names import gender_of
from newsearch.parsing.html_head import head_credit, shown_byline, shown_lines
from newsearch.parsing.html_title import letters

# Trafilatura's author field separates people with "; "; some pages use "and", "&" or commas.
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||,\s*and\s+|\s+and\s+|\s*&\s*|,)\s*")
_AUTHOR_MAX_WORDS = 6
# Words a scraped author field drags along after the name (a date, a label).
_NOT_NAME_WORDS = frozenset(
    """published updated posted written by on at monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
# "by" inside an author field after other words: the people credited follow it.
_BY_INSIDE = re.compile(r"\s(?:by|By|BY)\s+(?=[A-Z])")
# Words naming a desk, a job or an outlet rather than a person ("AP Auto Writer", "Staff").
_DESK_WORDS = frozenset(
    """writer writers correspondent correspondents reporter reporters editor editors staff desk team
    newsroom bureau wire wires services media magazine network com admin contributor contributors
    editorial""".split()
)


def page_credit(authors: list[Author], tree: Any, title: str, paragraphs: list[str], field: str, site: str,
                source: str | None) -> list[Author]:
    """Who the page credits (`credited`, else the person the site is named after), or, where no
    person is credited by name, the desk or team trafilatura's author field names (`desk_credit`):
    also over a name found under the headline that is ordinary words the page writes in lower case
    elsewhere ("Free Shipping", "Design Style": a menu's or a category's line)."""
    found = credited(authors, tree, title, paragraphs) or site_owner(source)
    desk = [] if authors else desk_credit(field, site)
    if desk and (not found or _ordinary(found, tree)):
        return desk
    return found


def _ordinary(found: list[Author], tree: Any) -> bool:
    """One name with a word the page writes in lower case, and no given name first ("Free
    Shipping", "Request Project Quote"; not "Sarah Young" on a page about young families)."""
    if len(found) != 1 or gender_of(found[0].name.split()[0]):
        return False
    ordinary = bylines.lowercase_words(shown_lines(tree))
    return any(word.casefold() in ordinary for word in found[0].name.split())


def credited(authors: list[Author], tree: Any, title: str, paragraphs: list[str]) -> list[Author]:
    """The people the page credits: those found so far, unless the head of the page shows a "By"
    credit or a name under the headline and none of them is its person (the metadata names the
    account that posted the story, or a handle: "By Jane Doe" on a page whose author tag says
    "webadmin1"); when no one is found, the head's credit (`head_credit`), and else the person
    the site is named after. wcxb first authors 0.857 -> 0.880 on fold A where chosen (no page
    lost there), 0.792 -> 0.799 on fold B held out (4 gained, 2 lost)."""
    if not authors:
        return head_credit(tree, title, paragraphs)
    shown = shown_byline(tree, title, paragraphs)
    if shown and not any(_may_be_one(a.name, b.name) for a in authors for b in shown):
        return shown
    return authors


def site_owner(site: str | None) -> list[Author]:
    """The person a site is named after ("Jane Doe", a given name and a surname), as the author of
    a page that credits no one else: a personal site's pages are its owner's."""
    name = bylines.bare_name(site or "")
    if not name or name != site or len(name.split()) != 2 or not gender_of(name.split()[0]):
        return []
    return [Author(name)]


def _may_be_one(name: str, other: str) -> bool:
    """Whether two credited names may be one person: a word in common, or one's letters holding
    the other's surname ("Jane Doe" and "janedoe", "Jane Doe" and "Jane Doe-Roe")."""
    words, others = (re.findall(r"[^\W\d_]{2,}", n.casefold()) for n in (name, other))
    if set(words) & set(others):
        return True
    return bool(words and others) and (words[-1] in letters(other) or others[-1] in letters(name))


def field_authors(text: str) -> list[Author]:
    """People in trafilatura's author field ("Jane Doe; John Roe", "Jane Doe and John Roe").

    The field is scraped from page markup, so each part is checked: desk and job titles ("AP
    Auto Writer", "Staff"), organisations, and trailing words that are not the name ("Phil Doe
    is a reporter", "Jane Doe Monday") are dropped.
    """
    if not text:
        return []
    inner = _BY_INSIDE.search(text)
    if inner and not bylines.parse_byline(text):
        text = text[inner.end():]  # "Mattress Guide Reviewed by Jane Doe": the credit follows "by"
    credit = bylines.parse_byline(text) or bylines.parse_byline(f"By {text}")
    parts = [a.name for a in credit.authors] if credit and credit.authors else _AUTHOR_SPLIT.split(text)
    names = [_person_name(part) for part in parts]
    return [Author(name) for name in dict.fromkeys(n for n in names if n)]


def _person_name(part: str) -> str | None:
    words = part.strip(" .,").split()
    for index, word in enumerate(words):  # the name ends where lower-case prose starts
        if index and word[:1].islower() and word.lower() not in credit_words.PARTICLES:
            words = words[:index] if index >= 2 else []  # "Syrian defense ministries" is no one
            break
    while len(words) > 2 and words[-1].lower().strip(".,") in _NOT_NAME_WORDS:
        words.pop()  # "Jane Doe Monday"; "Tom May" keeps his surname
    if len(words) == 1 and words[0].lower().strip(".,") in _NOT_NAME_WORDS:
        words = []
    if words and all(word.lower().strip(".,") in _NOT_NAME_WORDS for word in words):
        return None  # "Updated January", "Written By", "Dec": a label or a date scraped as the author
    if not words or len(words) > _AUTHOR_MAX_WORDS or words[0].lower() in ("the", "a", "an"):
        return None
    if any(word.lower().strip(".,") in _DESK_WORDS for word in words):
        return None
    name = " ".join(words)
    if not any(ch.isalpha() for ch in name) or (len(words) == 1 and name.lower() in credit_words.NOT_NAME_WORDS):
        return None  # "4" (a page number), "Privacy" (the rest of "Privacy & Security Expert")
    if credit_words.job_title(name) and not gender_of(words[0]):
        return None  # "Lead Reviewer", "Page Head Extra Author" (a template's placeholder)
    return name if names.is_person(name) or len(words) == 1 else None


def desk_credit(field: str, site: str) -> list[Author]:
    """The desks, teams and handles trafilatura's author field credits ("Our Editors", "Marketing
    Team", "Staff Clinician"), as the field writes them, for a page that credits no person: the
    credit the page gives, as trafilatura reports it. Not the site itself (that is the source),
    nor a field too long to be a credit."""
    found = []
    for part in field.split(";"):
        words = part.split()
        while words and words[-1].lower().strip(".,") in _NOT_NAME_WORDS:
            words.pop()  # "TopGear com Published"
        name = " ".join(words).strip(" .,")
        if not name or len(words) > _AUTHOR_MAX_WORDS or not html_meta.name_like(name) or _no_one(words):
            continue
        if letters(name) != letters(site):  # "Example Team" stays on a site named Example
            found.append(Author(name))
    return list(dict.fromkeys(found))


def _no_one(words: list[str]) -> bool:
    """A job title or a furniture word with no desk in it ("Lead Reviewer", "Privacy"): what
    `field_authors` turns away is no desk's credit either."""
    name = " ".join(words)
    if any(word.lower().strip(".,") in _DESK_WORDS for word in words):
        return False
    return credit_words.job_title(name) or (len(words) == 1 and name.lower() in credit_words.NOT_NAME_WORDS)
