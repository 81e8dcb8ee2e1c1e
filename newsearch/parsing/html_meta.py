"""What an HTML page's machine-readable metadata says about its article: the people its JSON-LD
(schema.org) blocks and its author meta tags credit.

Sites write these for search engines and social previews; trafilatura reads some of them, but
drops names it cannot place and gives none when a page's own text shows no byline. These readers
give the names as the page states them; `html` checks each for being a person's name.
"""

from __future__ import annotations

import json
import re
from typing import Any

# schema.org types whose `author` is the article's: "NewsArticle", "BlogPosting", "WebPage"...
_ARTICLE_TYPE = re.compile(r"Article|Posting|Report|WebPage", re.I)
# A credited "author" that is a company, a site or a desk, not a person.
_ORGANISATION_TYPE = re.compile(r"Organi[sz]ation|Corporation|Brand|WebSite", re.I)
# Author meta tags, most specific first (chosen on wcxb fold A, see AUTHOR_META).
AUTHOR_META = ("author", "parsely-author", "sailthru.author", "article:author", "dc.creator", "dcterms.creator")
# What a name field holds when it is no name: a profile URL, a @handle, a template left unfilled
# ("{{author}}", "page.head.extra.author"), a user id ("262588213843476").
_NOT_A_NAME = re.compile(r"https?:|www\.|[/@{}<>]|\w\.\w|\d")


def values(tree: Any, path: str) -> list[str]:
    """What an XPath finds in the page, as strings; nothing for no page or a tree that cannot
    answer it (a page lxml read oddly must not stop the reader)."""
    if tree is None:
        return []
    try:
        return [str(value) for value in tree.xpath(path)]
    except (ValueError, TypeError):
        return []


def ld_blocks(tree: Any) -> list[str]:
    """The text of the page's JSON-LD (schema.org) script blocks, in page order."""
    return values(tree, '//script[@type="application/ld+json"]/text()')


def ld_objects(tree: Any) -> list[dict]:
    """The objects of the page's JSON-LD blocks, those inside an "@graph" too, in page order."""
    found: list[dict] = []
    for block in ld_blocks(tree):
        try:
            data = json.loads(block.strip().rstrip(";"), strict=False)
        except ValueError:  # a block with a syntax slip holds nothing we can trust
            continue
        queue = [data]
        while queue:
            item = queue.pop(0)
            if isinstance(item, list):
                queue.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                if "@graph" in item:
                    queue.append(item["@graph"])
    return found


def _types(item: dict) -> list[str]:
    kind = item.get("@type", [])
    return [kind] if isinstance(kind, str) else [str(k) for k in kind] if isinstance(kind, list) else []


def ld_authors(objects: list[dict]) -> list[str]:
    """The names an article object's `author` gives: a string, or a Person's `name` (an
    Organization credited as author is the publisher, not a person: left out)."""
    names: list[str] = []
    for item in objects:
        if not any(_ARTICLE_TYPE.search(kind) for kind in _types(item)):
            continue
        credited = item.get("author")
        for entry in credited if isinstance(credited, list) else [credited]:
            if isinstance(entry, dict) and not any(_ORGANISATION_TYPE.search(k) for k in _types(entry)):
                entry = entry.get("name")
            if isinstance(entry, str) and name_like(entry):
                names.append(_one_line(entry))
    return list(dict.fromkeys(names))


def meta_authors(tree: Any) -> list[str]:
    """The names the page's author meta tags give, from the first tag of AUTHOR_META that names
    anyone (`<meta name="author" content="Jane Doe">`)."""
    if tree is None:
        return []
    by_tag: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        tag = (element.get("name") or element.get("property") or "").strip().casefold()
        value = _one_line(element.get("content") or "")
        if tag in AUTHOR_META and name_like(value):
            by_tag.setdefault(tag, []).append(value)
    return next((list(dict.fromkeys(by_tag[tag])) for tag in AUTHOR_META if tag in by_tag), [])


def page_authors(tree: Any) -> list[str]:
    """The people the page's metadata credits: its JSON-LD article author, else its author meta
    tags (wcxb fold A first authors, see `html.parse_html`)."""
    return ld_authors(ld_objects(tree)) or meta_authors(tree)


def name_like(value: str) -> bool:
    """Whether a metadata field's value can be a name (not a URL, handle, id or empty template)."""
    value = value.strip()
    return bool(value) and len(value) <= 120 and not _NOT_A_NAME.search(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())
