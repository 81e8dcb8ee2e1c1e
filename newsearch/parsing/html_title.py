"""What an HTML page's own markup says about its headline, beyond trafilatura's title: the site
names it states (to strip from either end of a title, whatever the separator), the <title>'s
headline part, and h1s that hold two lines (a headline and its dek in separate elements)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from newsearch.parsing import headlines, html_meta
from newsearch.textutil import strip_controls

# "Headline – Site", "Site: Headline", "Headline | Site": where a site's name meets the headline.
SITE_JOINS = re.compile(r"\s+[|\-–—•·:]+\s+|:\s+")
# The meta tags naming the site (Open Graph, the web app's name).
_SITE_META = '//meta[@property="og:site_name" or @name="og:site_name" or @name="application-name"]/@content'


def site_names(tree: Any, *known: str | None) -> list[str]:
    """The site's names the page states (og:site_name, application-name), and `known` ones."""
    names = [name for name in known if name] + [" ".join(value.split()) for value in html_meta.values(tree, _SITE_META)]
    return [name for name in dict.fromkeys(names) if letters(name)]


def without_site_ends(title: str, sites: list[str]) -> str:
    """`title` without a site's name at its end or its start ("Headline – Artlyst" on a site named
    Artlyst), if two words or more are left. Only a name equal to one of `sites` is cut."""
    keys = {letters(site) for site in sites}
    return _cut_end(title, lambda part: letters(part) in keys)


def without_site(title: str, site: str) -> str:
    """`title` without the site's name, or a shortening of it (`same_name`), that a <title> puts
    before or after the headline; the name itself first."""
    cut = without_site_ends(title, [site])
    return cut if cut != title else _cut_end(title, lambda part: same_name(part, site))


def same_name(name: str, site: str) -> bool:
    """Whether `name` is the site's name or a shortening of it ("LinkNaija" for "LinkNaija | News")."""
    name_key, site_key = letters(name), letters(site)
    if len(name_key) < 3 or not site_key:
        return False
    return name_key == site_key or (site_key.startswith(name_key) and len(name_key) >= 4)


def _cut_end(title: str, is_site: Callable[[str], bool]) -> str:
    """`title` less its last part, or else its first, that `is_site`, where two words or more are left."""
    joins = list(SITE_JOINS.finditer(title))
    for join in reversed(joins):
        head, tail = title[: join.start()].strip(), title[join.end():].strip()
        if is_site(tail) and len(head.split()) >= 2:
            return head
    for join in joins:
        head, tail = title[: join.start()].strip(), title[join.end():].strip()
        if is_site(head) and len(tail.split()) >= 2:
            return tail
    return title


def leading_part(title: str) -> str:
    """The first of a title's parts between bars when it is the longest ("Headline | Section |
    Site" less its last part still names a section: "Headline | Section" -> "Headline")."""
    parts = [part.strip() for part in headlines.TITLE_BARS.split(title)]
    if len(parts) >= 2 and all(len(parts[0].split()) > len(part.split()) for part in parts[1:]):
        return parts[0]
    return title


def title_tag(tree: Any) -> str:
    """The text of the page's <title> on one line ("" without one)."""
    element = tree.find(".//title") if tree is not None else None
    return " ".join(strip_controls(element.text_content()).split()) if element is not None else ""


def glued(element: Any) -> bool:
    """Whether an element's text runs two elements' texts together ("The Best Notion
    AlternativesTop Note-taking Tools": a headline and its dek set as one h1): a text ending in a
    lower-case letter or a closing bracket or stop, the next element's text starting a capitalised
    word with no space between."""
    try:
        parts = [part for part in element.xpath(".//text()") if str(part).strip()]
    except (ValueError, TypeError, AttributeError):
        return False
    for first, second in zip(parts, parts[1:]):
        if second.is_tail and second.getparent().tag == "br":
            continue  # a line break: the two halves are read with a space between them
        end, start = str(first)[-1], str(second)[:2]
        if (end.islower() or end in ").?!") and start[:1].isupper() and start[1:].islower():
            return True
    return False


def same_words(one: str, other: str) -> bool:
    """Whether two lines say the same words, case aside."""
    return bool(one) and sorted(headlines.tokens(one)) == sorted(headlines.tokens(other))


def letters(name: str) -> str:
    """A name's letters and digits, case aside, for comparing names however they are spaced."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())
