"""Page furniture that is never article text: banners, share bars, menus, separators."""

from __future__ import annotations

import re

# Lines that end one article and start the next on a multi-article page.
_SEPARATOR = re.compile(r"(?i)^\W*(?:next|previous|prev)\s+(?:article|story|post)\W*$")

# Whole lines that are site furniture wherever they appear, by what they are (the reason a
# dropped line is reported with).
_JUNK_KINDS = {
    "reactions": r"what['’]?s\s+your\s+reaction\W*"
    r"| (?:like|dislike|love|funny|angry|sad|wow|haha|happy|surprised|upvote|downvote)(?:\s*\d+)?",
    "advert": r"advertisement | advertising | sponsored(?:\s+content)? | ad | promoted | scroll\s+to\s+continue.*",
    "share": r"share(?:\s+(?:this|on|via|the|story|article|page)\b.*)? | tweet | pin(?:\s+it)? | e-?mail | print"
    r"| share\s+(?:all\s+)?sharing\s+options\b.* | (?:show\s+)?(?:more\s+)?sharing\s+options\b.*"
    r"| (?:click|tap)\s+to\s+(?:share|print|e-?mail|tweet)\b.{0,60}"
    r"| facebook | twitter | x | whatsapp | linkedin | reddit | pinterest | telegram | messenger | copy\s+link",
    "related-links": r"(?:read|see|watch|listen)\s+(?:more|also|next|now)\b.{0,120}"
    r"| continue\s+reading.{0,60} | more\s+(?:stories|news|from|on)\b.{0,80}"
    r"| related(?:\s+(?:articles?|stories|content|topics|coverage|news|posts|links))?(?:\s*:.{0,120})?"
    r"| recommended(?:\s+for\s+you)?.{0,60} | most\s+(?:read|popular|viewed)\b.{0,40} | trending.{0,40}",
    "comments": r"(?:\d+\s+)?comments?\W* | (?:leave|post|add)\s+a\s+(?:comment|reply)\b.* | comments\s+are\s+closed.*",
    "subscribe": r"(?:sign\s+up|subscribe|register|log\s*in|sign\s+in|log\s*out)\b.{0,120}"
    r"| get\s+(?:the|our)\s+\w+\s+newsletter.* | newsletter.{0,80}",
    "menu": r"follow\s+(?:us|@).{0,80} | skip\s+to\s+.{0,40} | back\s+to\s+top | menu | search | home | close"
    r"| switch\s+to\s+the\s+.{1,40}\s+edition | (?:change|choose|select)\s+(?:your\s+)?edition\b.{0,40}"
    r"| toggle.{0,30} | click\s+here\b.{0,100} | loading\W*",
    "footer": r"(?:all\s+rights\s+reserved|privacy\s+policy|terms\s+(?:of|and)\s+\w+|cookie\s+(?:policy|settings|preferences)).*",
    "caption": r"(?:image|media|video|photo)\s+(?:source|caption|credit)s?\b.*",
    "tags": r"(?:tags?|topics?|filed\s+under|categories|category)\s*:.*",
    "reading-time": r"listen\s+to\s+this\s+(?:article|story).* | \d+\s+min(?:ute)?s?\s+read",
}
_JUNK_LINE = [(reason, re.compile(rf"(?ix)^\W*(?:{pattern})\W*$")) for reason, pattern in _JUNK_KINDS.items()]
# Headings that open the comments under an article: the story is over.
_COMMENTS_MARKER = re.compile(
    r"""(?ix)^\W*(?:
      (?:\d+\s+)?(?:reader\s+)?comments?(?:\s+\(\d+\))? | (?:top\s+rated|most\s+recent|all|show|view|recent)\s+comments
    | leave\s+a\s+(?:comment|reply) | join\s+the\s+(?:discussion|conversation)
    )\W*$"""
)
# Headings that open what else a site offers after an article (related links, reactions).
_END_MARKER = re.compile(
    r"""(?ix)^\W*(?:
      related(?:\s+(?:articles?|stories|posts|coverage|content|news|topics))? | (?:read\s+)?more\s+(?:stories|news|articles|posts)
    | you\s+(?:may|might)\s+also\s+(?:like|enjoy) | recommended?(?:\s+(?:for\s+you|stories|articles|posts|reading))? | most\s+(?:read|popular|viewed)
    | what['’]?s\s+your\s+reaction
    )\W*$"""
)
# Consent and newsletter banners, recognised anywhere in a short line.
_BANNER = re.compile(
    r"""(?ix)
      \b(?:uses?|using|accept|allow|about|our|of)\s+(?:\w+\s+)?cookies\b
    | \bcookies?\s+(?:policy|settings|preferences|consent|notice)\b
    | \bby\s+continuing\s+to\s+(?:browse|use|visit)\b
    | \b(?:sign\s+up|subscribe)\s+(?:for|to)\s+(?:our|the)\b.{0,40}\bnewsletter
    | \bsupport\s+(?:our|independent)\s+journalism\b
    | \benable\s+javascript\b
    | \byour\s+browser\b.{0,40}\b(?:support|update|outdated)\b
    """
)
# Photo credits glued to captions: "... Credit... Doug Mills/The New York Times", "(Photo: AFP)".
_CREDIT = re.compile(r"(?i)(?:\b(?:photo|image|picture)?\s*credits?\s*(?::|\.\.\.|…)|\((?:photo|image|file\s+photo|pic)\b[^)]*\))\s*[^.!?]{0,80}$")
# Share bars come in many wordings ("Show more sharing options", "Copy Link URL Copied!").
# "Share" must open or close the line: in the middle it is a word of a headline ("... share sale").
_SHARE_BAR = re.compile(r"(?i)^\W*share\b|\bshare\W*$|\b(?:sharing|copy\s+link|url\s+copied)\b")
_SHARE_BAR_MAX_WORDS = 6
_BANNER_MAX_CHARS = 400
_MENU_MAX_WORDS = 4
_MENU_MIN_RUN = 3


def is_separator(line: str) -> bool:
    """Whether `line` separates two articles ("Next Article", "Previous Story")."""
    return len(line) < 40 and bool(_SEPARATOR.match(line))


def is_end_marker(line: str) -> bool:
    """Whether `line` heads the comments or related links that follow an article."""
    return is_comments_marker(line) or (len(line) < 40 and bool(_END_MARKER.match(line)))


def is_comments_marker(line: str) -> bool:
    """Whether `line` heads the readers' comments under an article."""
    return len(line) < 40 and bool(_COMMENTS_MARKER.match(line))


def is_junk(line: str) -> bool:
    """Whether `line` is page furniture (share bar, cookie banner, ad label, photo credit...)."""
    return junk_reason(line) is not None


def junk_reason(line: str) -> str | None:
    """What kind of page furniture `line` is ("share", "cookie-banner", "advert"...), or None."""
    if len(line) <= 160:
        for reason, pattern in _JUNK_LINE:
            if pattern.match(line):
                return reason
    if len(line.split()) <= _SHARE_BAR_MAX_WORDS and _SHARE_BAR.search(line):
        return "share"
    if len(line) <= _BANNER_MAX_CHARS and _BANNER.search(line):
        return "cookie-banner"
    if len(line) <= 300 and _CREDIT.search(line):
        return "caption"
    return None


def menu_lines(lines: list[str], skip: set[int] = frozenset()) -> set[int]:
    """Indexes of lines in runs of 3+ very short, unpunctuated lines (navigation menus).

    Lines in `skip` (already known furniture, like "Home" or "Share") neither count towards
    a run nor break one.
    """
    found: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, ""]):
        if index in skip:
            continue
        if line and _menu_like(line):
            run.append(index)
            continue
        if len(run) >= _MENU_MIN_RUN:
            found.update(run)
        run = []
    return found


def _menu_like(line: str) -> bool:
    return word_count(line) <= _MENU_MAX_WORDS and not line.rstrip("”\"’')」』").endswith((".", "!", "?", ":", ";", ",", "。", "！", "？", "、", "။", "។"))


# ---------------------------------------------------------------- where the running text is
#
# Text-only boilerplate detection after jusText (paragraph length and stop-word density) and
# body text extraction (BTE: the article is the run of lines that holds the most running text
# against the fewest link-like lines). Each line gets a weight: running text counts its words,
# a short or unpunctuated line (a menu item, a teaser headline) counts against, and the article
# is the contiguous run with the largest total.

_SENTENCE_END = re.compile(r"[.!?…。][”\"’')\]]*$")
PROSE_MIN_WORDS = 4  # words a line needs to read as prose (text_blocks uses it for list lines too)
_LONG_LINE_WORDS = 20  # this long and it is text even without final punctuation
_PROSE_LINE_COST = 4.0  # words a prose line must carry before it counts for its run
JUNK_COST = 3.0  # what a known furniture line (share bar, ad label) counts against a run
# Common English function words: running text is full of them, link labels have few.
_STOP_WORDS = frozenset(
    """a about after all also an and any are as at be because been before but by can could did do
    does for from had has have he her his how i if in into is it its just may more most my no not
    of on one or other our out over said says she so some than that the their them then there these
    they this to up was we were what when where which while who will with would you your""".split()
)
_STOP_MIN_SHARE = 0.12  # below this share over the whole page, it is not in English
# Function words no other language writes as words ("a", "no", "do", "as", "me" are Portuguese,
# Spanish or Italian too): a page is only judged as English when these are common as well.
_ENGLISH_ONLY = frozenset("the and of to is that was for with this are have be from by which were has not".split())
_ENGLISH_ONLY_MIN_SHARE = 0.05
_PROSE_MIN_STOP_DENSITY = 0.13
_WORD_EDGE = "\"'“”‘’«»()[]{},.;:!?…—–-"


# Chinese and Japanese run without spaces: about two characters make a word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE_END_ANY = re.compile(r"[.!?…。！？။។][”\"’')\]」』]*$")  # ။ Burmese, ។ Khmer


# Thai, Lao, Khmer and Burmese run without spaces too (or with spaces between phrases): a
# word is 4.7 of their code points on average (reference segmentations of asian-news: Khmer
# 4.66, Burmese 4.73 on the first half of each, 4.73/4.74 on the second; Thai and Lao assumed alike).
_SOUTHEAST = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\uaa60-\uaa7f]")
_SOUTHEAST_WORD = 4.7


def word_count(line: str) -> int:
    """Words in `line`, in any script: spaced words, one per two unspaced CJK characters, one per
    4.7 code points of Thai, Lao, Khmer or Burmese."""
    if not _UNSPACED.search(line) and not _SOUTHEAST.search(line):
        return len(line.split())
    return sum(_token_words(word) for word in line.split())


def _token_words(token: str) -> int:
    """Words in one space-separated token: 1, or more for a run of an unspaced script."""
    cjk = len(_UNSPACED.findall(token))
    southeast = len(_SOUTHEAST.findall(token))
    return max(1, cjk // 2 + round(southeast / _SOUTHEAST_WORD)) if cjk or southeast else 1


def is_prose(line: str) -> bool:
    """Whether `line` reads as running text: long, or a few words ending a sentence."""
    words = word_count(line)
    return words >= _LONG_LINE_WORDS or (words >= PROSE_MIN_WORDS and bool(_SENTENCE_END_ANY.search(line)))


def _stop_count(words: list[str]) -> int:
    return len([w for w in words if w.strip(_WORD_EDGE).lower() in _STOP_WORDS])


class LineKind:
    """How a line of text reads: running text, a link label, or something short."""

    PROSE = "prose"
    LINK = "link"  # many words, few function words: a menu or headline list run together
    SHORT = "short"


def text_kinds(lines: list[str]) -> list[str]:
    """Each line's `LineKind`; stop-word density is only judged on pages written in English."""
    split = [line.split() for line in lines]
    stops = [_stop_count(words) for words in split]  # each line's, summed for the page's share
    total = max(1, sum(map(len, split)))
    english_only = sum(1 for words in split for w in words if w.strip(_WORD_EDGE).lower() in _ENGLISH_ONLY)
    english = sum(stops) / total >= _STOP_MIN_SHARE and english_only / total >= _ENGLISH_ONLY_MIN_SHARE
    kinds = []
    for line, words, stop in zip(lines, split, stops):
        if english and len(words) >= PROSE_MIN_WORDS and stop / max(1, len(words)) < _PROSE_MIN_STOP_DENSITY:
            kinds.append(LineKind.LINK)
        elif is_prose(line):
            kinds.append(LineKind.PROSE)
        else:
            kinds.append(LineKind.SHORT)
    return kinds


def text_weight(line: str, kind: str) -> float:
    """A line's weight towards the article run: + words for running text, - for the rest."""
    words = word_count(line)
    # Symmetric, as in BTE: a word of running text counts +1, a word of anything else -1,
    # and each non-prose line -1 more (it is one more link or label). A prose line first
    # pays a few words for being a separate block, so a teaser list (headline, one-sentence
    # blurb, headline...) nets below zero while real paragraphs, longer, stay well above.
    return words - _PROSE_LINE_COST if kind == LineKind.PROSE else -(1.0 + words)


def densest_run(scores: list[float]) -> tuple[int, int]:
    """(first, last) index of the contiguous run with the largest sum (Kadane)."""
    best, best_span = float("-inf"), (0, 0)
    total, start = 0.0, 0
    for index, score in enumerate(scores):
        if total <= 0:
            total, start = score, index
        else:
            total += score
        if total > best:
            best, best_span = total, (start, index)
    return best_span
