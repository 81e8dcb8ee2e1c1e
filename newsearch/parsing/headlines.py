"""Which line of a page is the article's headline.

A scraped page usually starts with its `<title>` ("Headline | Site", "Site - Headline", a
shortened or SEO version of the headline) and prints the headline again as its own line above
the story, among promo lines, edition switchers, share bars and the author's name. The headline
is the line that says what the `<title>` says: of the short lines, the one whose words best
match the title's (the site's name aside), the one nearest above the story on a tie. When no
line matches, the title itself without the site's name is the headline.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

_TOKEN = re.compile(r"\w+")
# " | ", " - ", " – ", " — ", " • ", " :: ": what a <title> puts between the headline and the site.
TITLE_SEPARATORS = re.compile(r"\s+(?:[|•·»]|::|[-–—]{1,2})\s+")
# The bars alone: what follows one is a site's name or tagline; a dash may join a headline's
# own two halves ("New cycle lanes – what changes").
TITLE_BARS = re.compile(r"\s+(?:[|•·»]|::)\s+")
_MAX_WORDS = 30
_MAX_CHARS = 250
MIN_MATCH = 0.6  # share of the larger side's words the two must share (chosen on fold A)
TITLE_SAYS = 0.2  # a headline sharing less of the page's <title> says something else
_EXTENDS_MIN_WORDS = 3  # a <title> cut shorter than this says too little to be extended
PAST_STORY_TOP = 6  # lines under the story's first paragraph where the headline may still sit
_SENTENCE_END = re.compile(r"\.[”\"’')\]]*$")  # a sentence of the story, not its headline


def tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


def title_core(title: str) -> str:
    """The headline part of a `<title>`: the longest of the parts its separators make."""
    parts = [p.strip() for p in TITLE_SEPARATORS.split(title) if p.strip()]
    return max(parts, key=lambda p: len(tokens(p))) if parts else title.strip()


def bar_core(title: str) -> str:
    """The longest of the parts a title's bars make ("Headline | Site" -> "Headline")."""
    parts = [p.strip() for p in TITLE_BARS.split(title) if p.strip()]
    return max(parts, key=lambda p: len(tokens(p))) if parts else title.strip()


def shared_words(part: list[str], whole: list[str]) -> int:
    """How many of `part`'s words `whole` has, each word of `whole` counted once."""
    pool = Counter(whole)
    shared = 0
    for word in part:
        if pool[word] > 0:
            pool[word] -= 1
            shared += 1
    return shared


def match(line: str, title: str) -> float:
    """How well `line` says what `title` says: shared words over the larger side's (0-1),
    the title's site part left out when that makes the match closer."""
    have = tokens(line)
    if not have:
        return 0.0
    best = 0.0
    for target in {title, title_core(title)}:
        want = tokens(target)
        if not want:
            continue
        best = max(best, shared_words(have, want) / max(len(have), len(want)))
    return best


def extends(line: str, title: str) -> bool:
    """Whether `line` is the headline the `<title>` cut short: it opens with all of the title's
    headline part (at least a few words) and goes on ("Best Cars [Price, Range]" for "Best Cars
    [Price, Range, Comfort and More]")."""
    have, want = tokens(line), tokens(title_core(title))
    return len(want) >= _EXTENDS_MIN_WORDS and len(have) > len(want) and have[: len(want)] == want


def headline_like(line: str) -> bool:
    """Short enough to be a headline (in words, or in characters for unspaced scripts)."""
    return 2 <= len(tokens(line)) and len(line.split()) <= _MAX_WORDS and len(line) <= _MAX_CHARS


def find_headline(lines: list[str], title: str, before: int | None = None, allowed=None, least: float = MIN_MATCH, says=None) -> int | None:
    """The index of the line (other than a first line that is `title` itself) that best says
    what `title` says (`says`: `match`), or None when none matches `least` (MIN_MATCH). On a tie
    the last one above `before` (the story's first line) wins, else the first."""
    scored = []
    for i, line in enumerate(lines):
        if i == 0 and line == title:
            continue
        if allowed is not None and not allowed(i):
            continue
        if not headline_like(line):
            continue
        score = says(line, title) if says else max(match(line, title), MIN_MATCH if extends(line, title) else 0.0)
        if score >= least:
            scored.append((score, i))
    if not scored:
        return None
    top = max(s for s, _ in scored)
    best = [i for s, i in scored if s >= top - 1e-9]
    if before is not None:
        above = [i for i in best if i < before]
        if above:
            return above[-1]
    return best[0]


def against_title(title: str, first_line: str, owners: Iterable[str] = ()) -> str:
    """The headline, unless it shares under TITLE_SAYS of its words with the page's first line,
    its <title> ("Headline | Site", or the headline alone): then that line's headline part (the
    line taken was a promo, a section label or a menu). wcxb text titles 0.689 -> 0.712 on fold A
    where chosen (0.1: 0.707, 0.3: 0.710), 0.686 -> 0.725 on fold B held out (chosen on B, 0.3: A
    still gains, 0.710). A first line with no site part counts as well (same threshold, nothing
    new chosen; page furniture such as "Skip to main content" is not one): 0.751 -> 0.776 on A,
    0.762 -> 0.784 on B.
    A first line whose headline part is the site's own name, as the page's copyright line
    (`owners`) gives it ("Site — Ideas, Culture"), is a home or section <title>: the headline stays."""
    if not headline_like(first_line) or match(title, first_line) >= TITLE_SAYS:
        return title
    if not TITLE_SEPARATORS.search(first_line) and len(first_line.split()) < 2:
        return title  # one word ("Home" in a script without spaces): a menu item, not a <title>
    core = title_core(first_line)
    if any(match(owner, core) >= MIN_MATCH for owner in owners):
        return title
    return core


def second_look(lines: list[str], picked: int, first_at: int, story_at: int, usable: Callable[[int], bool], page_title: bool) -> int:
    """The headline line when the one `picked` above the story (at `story_at`) does not say the
    `<title>` (`lines[first_at]`), or is that line itself: the whole headline the `<title>` cut
    short, under a disclosure or promo paragraph that opened the story ("Best Cars [Price,
    Range, Comfort and More]"); else, when the first line is the page's `<title>`
    (`page_title`), the line near the story's top that says the most of it, at least TITLE_SAYS
    (the line picked was a form's message, a photo credit, a promo). `usable(n)`: whether
    lines[n] may be a headline at all; a sentence under the story's top is none. wcxb text
    titles, fold A (chosen): 0.811 -> 0.818 for the first, -> 0.834 with the second; fold B
    (held out) 0.790 -> 0.796 -> 0.804."""
    first = lines[first_at]
    end = min(len(lines), story_at + PAST_STORY_TOP + 1)
    says = match(lines[picked], first)
    if picked == first_at or says < TITLE_SAYS:
        below = next((n for n in range(story_at, end) if usable(n) and extends(lines[n], first)), None)
        if below is not None:
            return below
    if picked != first_at and page_title and says < TITLE_SAYS:
        found = find_headline(
            lines[:end], first, story_at, least=TITLE_SAYS, says=_says_with_content,
            allowed=lambda n: n != first_at and usable(n) and not (n >= story_at and _SENTENCE_END.search(lines[n])),
        )
        if found is not None:
            return found
    return picked


def _says_with_content(line: str, title: str) -> float:
    """`match`, if the longer words say as much (TITLE_SAYS) too: "a", "s" and "the" shared
    with a teaser say nothing of the title."""
    return match(line, title) if _content_match(line, title) >= TITLE_SAYS else 0.0


def _content_match(line: str, title: str) -> float:
    """`match` over the words of four letters or more, against the best of the title's parts
    ("a", "the", "of" say nothing of a headline, nor does a word of the site's name alone)."""
    have = _content(line)
    shares = [(shared_words(have, want), max(len(have), len(want))) for want in map(_content, TITLE_SEPARATORS.split(title)) if want and have]
    return max((shared / size for shared, size in shares if shared >= 2), default=0.0)  # one word is chance


def _content(text: str) -> list[str]:
    return [t for t in tokens(text) if len(t) >= 4 or t.isdigit()]
