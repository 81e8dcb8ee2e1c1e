"""What an HTML page shows around its main text: the headline in its <h1>, the date in the
article's head, and the page read as text when trafilatura finds no main text on it."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from collections.abc import Iterator
from typing import Any

from newsearch.models import Article, Author
from newsearch.parsing import bylines, dates, headlines, html_meta, html_title
from newsearch.parsing.given_names import gender_of
from newsearch.textutil import strip_controls

_LAST_BAR = re.compile(r"\s+\|\s+")
# Share of words an <h1> must share with the <title> to be taken as the headline (chosen on
# wcxb fold A: 0.2 right 88.2% of titles, 0.3 86.9%, 0.1 88.0%, trafilatura's title 75.6%).
_HEADLINE_MATCH = 0.2
# The day an article's own metadata says it was first published ("2024-09-06T13:12:36+00:00").
_ISO_DAY = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")
_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
# A story's address filed under its day ("/2025/12/18/story-slug").
_URL_DAY = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/")
# A title of at most LOGO_MAX_WORDS words that shares less than TITLE_AGREES of its words with the
# page's <title> is a logo or a promo line (chosen on wcxb fold A: titles 0.899 -> 0.903, 2 or 3
# words alike, 4 words 0.901, agreement 0.5 0.896; fold B 0.868 -> 0.877 held out; chosen on B,
# 4 words, A gains too: 0.901).
TITLE_AGREES = 0.2
LOGO_MAX_WORDS = 3
# "Jane Doe in" above the section's name on the next line ("Jane Doe in / Project Management").
_IN_SECTION = re.compile(r"\s+in$")
# A line of initials only: the letters an avatar shows for the author ("JD").
_INITIALS = re.compile(r"[A-Z]{1,3}")
# Lines after the headline a credit ("By Jane Doe", "Jane Doe") may stand on, above the text.
HEAD_CREDIT_LINES = 8
# A first paragraph this short may be the dek, the credit under it (`shown_byline`).
DEK_MAX_WORDS = 40


def before_last_bar(title: str) -> str:
    """The title without its last " | " part: what a site adds after a bar is never the headline
    ("Headline | Top 19 Companies", "| Rust Blog"; wcxb titles right, fold A 0.882 -> 0.896 where
    chosen, fold B 0.860 -> 0.868), if two words or more are left."""
    parts = list(_LAST_BAR.finditer(title))
    head = title[: parts[-1].start()].strip() if parts else title
    return head if len(head.split()) >= 2 else title


def page_tree(text: str) -> Any:
    """The page parsed by lxml (None when lxml will not have it)."""
    try:
        from lxml import html as lxml_html

        return lxml_html.fromstring(text)
    except Exception:  # noqa: BLE001 - lxml raises its own kinds for broken markup
        return None


def head_date(tree: Any, title: str, paragraphs: list[str]) -> str | None:
    """The date the page shows in the article's head (`dates.page_date` over the page's text,
    anchored on the headline and the first paragraphs): the reviewed dates follow what a page
    shows more often than its metadata (wcxb fold A: 0.834 -> 0.856 of days, then the
    metadata's date only when the page shows none)."""
    if tree is None or not title:
        return None
    shown = shown_lines(tree)
    key = title.casefold()
    headline = next((i for i, line in enumerate(shown) if line.casefold() == key), None)
    if headline is None:
        return None
    starts = [next((i for i, line in enumerate(shown) if i > headline and line[:60] == p[:60]), None) for p in paragraphs[:3]]
    first = starts[0] if starts else None
    third = next((i for i in reversed(starts) if i is not None), None)
    return dates.page_date(shown, headline, first, third if third is not None and third > headline else None)


def published_day(tree: Any, title: str, paragraphs: list[str]) -> str | None:
    """The day the article was first published: its `article:published_time` meta tag, else the
    day its head shows, else its JSON-LD `datePublished` (`published_meta`, `head_date`).

    Two disagreements are settled for the page's own head (wcxb days on fold A where chosen
    0.905 -> 0.913; fold B unchanged, no page there has either): a head showing a day more
    than one day before the meta tag's (a move to a new site stamps the old story anew; a
    day's difference is a time zone, and either way as often), and a head whose numeric day
    is the JSON-LD day with day and month read the other way round ("10/09/2024"). A day one
    day away from the one the page's address is filed under (`url_day`) is that day: a time zone
    apart (wcxb days fold A 0.913 -> 0.918 where chosen, fold B 0.911 unchanged, no page there
    changed)."""
    day = _published_day(tree, title, paragraphs)
    address = url_day(tree)
    apart = _days_between(day, address) if day and address else None
    if apart is not None and abs(apart) <= 1:
        return address  # the day a time zone away from the one its address was stamped with
    return day


def _published_day(tree: Any, title: str, paragraphs: list[str]) -> str | None:
    meta = published_meta(tree)
    shown = head_date(tree, title, paragraphs)
    if meta:
        return shown if shown and (_days_between(shown, meta) or 0) > 1 else meta
    linked = ld_published(tree)
    if shown and linked and _month_day_swapped(shown, linked):
        return linked
    return shown or linked


def url_day(tree: Any) -> str | None:
    """The day the page's own address holds ("https://example.com/2025/12/18/story/", its
    canonical link or og:url), as YYYY-MM-DD: the day the site's software filed the story under."""
    addresses = html_meta.values(tree, '//link[@rel="canonical"]/@href|//meta[@property="og:url"]/@content')
    found = next(filter(None, map(_URL_DAY.search, addresses)), None)
    day = "-".join(found.groups()) if found else None
    return day if day and _days_between(day, day) is not None else None  # a real day, not "2019/02/31"


def _days_between(earlier: str, later: str) -> int | None:
    """Days from one ISO day to another; None when either is no day (a month alone, "2015-11")."""
    try:
        return (date.fromisoformat(later[:10]) - date.fromisoformat(earlier[:10])).days
    except ValueError:
        return None


def _month_day_swapped(one: str, other: str) -> bool:
    return one != other and one[:4] == other[:4] and one[5:7] == other[8:10] and one[8:10] == other[5:7]


# One page's tree at a time: its date, headline and credit are each looked for in its shown lines
# (~5 ms a page to read them, which four readings of the same tree paid four times).
@lru_cache(maxsize=1)
def shown_lines(tree: Any) -> tuple[str, ...]:
    """The lines the page shows, in order, its <title> first: its text outside scripts, styles and
    templates (a script's build stamp "2025.01.01" is no date the page shows; wcxb days 0.891 ->
    0.894 on fold A where chosen, 0.911 on B held out; reading the <body> only lost Chinese days)."""
    try:
        texts = tree.xpath("//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]")
    except (ValueError, TypeError, AttributeError):
        return ()
    return tuple(line for line in (clean(t) for t in texts) if line)


def published_meta(tree: Any) -> str | None:
    """The day in the page's `article:published_time` meta tag, as YYYY-MM-DD (the Open Graph
    article date: reviewed days follow it more often than the date the page shows or the one
    trafilatura picks, which is often the last update; wcxb fold A days 0.858 -> 0.888 where
    chosen, fold B 0.887 -> 0.904 held out; JSON-LD datePublished first lost on both folds)."""
    path = '//meta[@property="article:published_time" or @name="article:published_time"]/@content'
    for value in html_meta.values(tree, path):
        match = _ISO_DAY.match(value)
        if match and 1 <= int(match.group(2)) <= 12 and 1 <= int(match.group(3)) <= 31:
            return "-".join(match.groups())
    return None


def ld_published(tree: Any) -> str | None:
    """The day of the first `datePublished` in the page's JSON-LD (schema.org) blocks (read as
    text: a block with a JSON slip still states its day)."""
    for block in html_meta.ld_blocks(tree):
        for match in _LD_PUBLISHED.finditer(block):
            day = _ISO_DAY.match(match.group(1))
            if day and 1 <= int(day.group(2)) <= 12 and 1 <= int(day.group(3)) <= 31:
                return "-".join(day.groups())
    return None


def _shown_head(tree: Any, title: str, paragraphs: list[str]) -> tuple[tuple[str, ...], int | None, int | None]:
    """The page's shown lines, the headline's index among them and the first paragraph's."""
    shown = shown_lines(tree)
    key = title.casefold()
    matches = [i for i, line in enumerate(shown) if line.casefold() == key]
    if not matches[1:]:  # the headline with a part's number after it ("Headline - Part 1")
        matches = sorted({*matches, *(i for i, line in enumerate(shown) if i and _headline_and_more(line.casefold(), key))})
    # The first line is the <title>: the headline the page shows is a later line saying the same.
    headline = matches[1] if matches[:1] == [0] and len(matches) > 1 else next(iter(matches), None)
    if headline is None or not paragraphs:
        return shown, headline, None
    first = next((i for i, line in enumerate(shown) if i > headline and _opens(line, paragraphs[0])), None)
    if first is not None:  # the headline line nearest above the text, not the <title> or a menu's copy
        headline = max(i for i in matches if headline <= i < first)
    return shown, headline, first


def _headline_and_more(line: str, key: str) -> bool:
    return line.startswith(key + " ") and len(line.split()) - len(key.split()) <= 3 and bool(key)


def _opens(line: str, paragraph: str) -> bool:
    """Whether a shown line is the start of the paragraph: its first 60 characters, or the words
    before its first link ("After my success with" / "Yaml 1.2" / "in pure OCaml...")."""
    return line[:60] == paragraph[:60] or (len(line.split()) >= 3 and paragraph.startswith(line))


def head_credit(tree: Any, title: str, paragraphs: list[str]) -> list[Author]:
    """The people a page credits between its headline and its text, where trafilatura's main
    text and metadata name no one ("By Jane Doe" or "Jane Doe" alone on a line, or under a
    "Written by" label); else the name under a credit label elsewhere (an author box)."""
    if tree is None or not title:
        return []
    shown, headline, first = _shown_head(tree, title, paragraphs)
    if headline is not None:
        for _, found in _head_credits(shown, headline, first):
            if found:
                return found
    found = shown_byline(tree, title, paragraphs, past_dek=True)
    if found:
        return found
    # Else a credit label alone on a line anywhere, the name under it ("Written by" / "Jane Doe";
    # "Contributors:" / "Author(s)" too, and past an avatar's initials: wcxb first authors 0.845 ->
    # 0.851 -> 0.854 on fold A where chosen, 0.788 on fold B held out; text pages 0.630 -> 0.633 A,
    # 0.562 -> 0.566 B).
    for i, (label, line) in enumerate(zip(shown, shown[1:])):
        if _INITIALS.fullmatch(line) and i + 2 < len(shown):
            line = shown[i + 2]  # "Author" / "JD" (the avatar's initials) / "Jane Doe"
        found = bylines.labelled_credit(label, line)
        if found:
            return list(found.authors)
    return []


def shown_byline(tree: Any, title: str, paragraphs: list[str], past_dek: bool = False) -> list[Author]:
    """The people the page's head credits beyond doubt: a "By" credit between the headline and the
    text ("By Jane Doe", "By" / "Jane Doe"), or a name alone there whose first word is a known
    given name ("Jane Doe" under the headline). Where the page's metadata names someone else (the
    account that posted it, a handle), this is the writer the reader sees. `past_dek`: the credit
    under a short first paragraph instead (the dek the text opens with, the byline below it)."""
    if tree is None or not title:
        return []
    shown, headline, first = _shown_head(tree, title, paragraphs)
    if headline is None:
        return []
    if past_dek:
        if first is None or len(paragraphs) < 2 or len(paragraphs[0].split()) > DEK_MAX_WORDS:
            return []
        headline, first = first, next((i for i in range(first + 1, len(shown)) if _opens(shown[i], paragraphs[1])), None)
    ordinary = bylines.lowercase_words(shown)
    for labelled, found in _head_credits(shown, headline, first):
        if found:
            words = found[0].name.split()
            given = gender_of(words[0])
            if any(word.casefold() in ordinary for word in words[1 if given else 0:]):
                return []  # "By" / "Wedding Checklists": a category, its words written in lower case elsewhere
            return found if labelled or given else []
    return []


def _head_credits(shown: tuple[str, ...], headline: int, first: int | None) -> Iterator[tuple[bool, list[Author]]]:
    """(whether a credit label says so, the people the line credits) for each line from the
    headline to the text."""
    end = min(first if first is not None else len(shown), headline + 1 + HEAD_CREDIT_LINES)
    for i in range(headline + 1, end):
        line = _IN_SECTION.sub("", shown[i])
        found = bylines.parse_byline(line) or (i + 1 < len(shown) and bylines.labelled_credit(line, shown[i + 1]))
        if found and found.authors:
            yield True, list(found.authors)
            continue
        name = bylines.bare_name(line)
        yield False, [Author(name, "author")] if name else []


def page_title(tree: Any, title: str) -> str:
    """The title to find the headline by: trafilatura's, unless it is a short line the page's <title>
    does not say (trafilatura took a logo <h1>: "Antoyo's Blog" on a page titled "Progress Report
    #39"), then the <title>'s headline part."""
    if tree is None:
        return title
    element = tree.find(".//title")
    shown = clean(element.text_content()) if element is not None else ""
    if not headlines.headline_like(shown) or len(title.split()) > LOGO_MAX_WORDS:
        return title
    if title and headlines.match(title, shown) >= TITLE_AGREES:
        return title
    return headlines.title_core(shown)


def page_headline(tree: Any, title: str, whole: bool = False) -> str | None:
    """The page's <h1> that says what its <title> says (trafilatura's title is the <title> or
    og:title, often an SEO version of the headline): of the page's first h1s, the one that
    shares the most words with the title, if it shares at least HEADLINE_MATCH of them. A date
    leading the <h1>'s text is left out, and an <h1> in capitals gives way to the title (wcxb
    titles 0.903 -> 0.906 -> 0.910 on fold A where chosen, 0.877 both on fold B held out).
    With `whole`, an h1 that runs a headline and its dek together (`html_title.glued`) is none
    (wcxb titles 0.910 -> 0.912 on fold A where chosen)."""
    if tree is None:
        return None
    found = _headline_lines(tree, whole)
    if not found:
        return None
    if not title:
        return found[0] if len(found) == 1 else None
    score, line = max(((headlines.match(line, title), -i), line) for i, line in enumerate(found))
    if line.isupper() and not title.isupper():
        return None  # an <h1> set in capitals: the title says the same in the words' own case
    return line if score[0] >= _HEADLINE_MATCH else None


def tag_headline(tree: Any, sites: list[str]) -> str | None:
    """The h1 that says the words of the <title>'s headline part (the site's names, `sites`, cut
    from either end, then its last bar's part): where no h1 says what trafilatura's title says
    (`page_headline`), two of the page's own sources agree on it (wcxb titles fold A 0.912 ->
    0.914 where chosen)."""
    if tree is None:
        return None
    shown = before_last_bar(html_title.without_site_ends(html_title.title_tag(tree), sites))
    return next((line for line in _headline_lines(tree, True) if html_title.same_words(line, shown) and not line.isupper()), None)


def _headline_lines(tree: Any, whole: bool) -> list[str]:
    """The text of the page's first h1s that read as headlines (at most six; with `whole`, not
    those that run two elements' lines together)."""
    found: list[str] = []
    for element in tree.iter("h1"):
        line = clean(_spaced_text(element))
        rest = dates.strip_dates(line)
        if rest != line and line.endswith(rest) and headlines.headline_like(rest):
            line = rest  # "Dec 18 2025 Headline": the date printed in the headline's element
        if headlines.headline_like(line) and not (whole and html_title.glued(element)):
            found.append(line)
        if len(found) >= 6:
            break
    return found


def _spaced_text(element: Any) -> str:
    """An element's text with a line break read as a space ("Moving to Austin<br>Your Guide"
    is two phrases, which text_content() glues together)."""
    return "".join(" " + part if part.getparent().tag == "br" and part.is_tail else part
                   for part in element.xpath(".//text()"))


def as_text_page(text: str, path: str) -> list[Article]:
    """A page trafilatura finds no main text on, read as the text it shows (as a .txt page)."""
    try:
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(text)
        for bad in tree.xpath("//script|//style|//noscript|//template"):
            bad.drop_tree()
        shown = "\n".join(clean(t) for t in tree.itertext())
    except Exception:  # noqa: BLE001 - lxml raises its own for broken markup: no article then
        return []
    from newsearch.parsing.page import parse_text

    articles = parse_text(shown, path)
    return articles[:1]


def clean(text: Any) -> str:
    """`text` on one line, controls and runs of whitespace gone ("" for no text)."""
    return " ".join(strip_controls(text).split()) if isinstance(text, str) else ""
