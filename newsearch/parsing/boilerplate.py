"""Page furniture that is never article text: banners, share bars, menus, separators."""

from __future__ import annotations

import re

# Lines that end one article and start the next on a multi-article page.
_SEPARATOR = re.compile(r"(?i)^\W*(?:next|previous|prev)\s+(?:article|story|post)\W*$")

# Whole lines that are site furniture wherever they appear.
_JUNK_LINE = re.compile(
    r"""(?ix)^\W*(?:
      what['’]?s\s+your\s+reaction\W*
    | (?:like|dislike|love|funny|angry|sad|wow|haha|happy|surprised|upvote|downvote)(?:\s*\d+)?
    | advertisement | advertising | sponsored(?:\s+content)? | ad | promoted | scroll\s+to\s+continue.*
    | share(?:\s+(?:this|on|via|the|story|article|page)\b.*)? | tweet | pin(?:\s+it)? | e-?mail | print
    | facebook | twitter | x | whatsapp | linkedin | reddit | pinterest | telegram | messenger | copy\s+link
    | (?:read|see|watch|listen)\s+(?:more|also|next|now)\b.{0,120}
    | continue\s+reading.{0,60} | more\s+(?:stories|news|from|on)\b.{0,80}
    | related(?:\s+(?:articles?|stories|content|topics|coverage|news|posts|links))?(?:\s*:.{0,120})?
    | recommended(?:\s+for\s+you)?.{0,60} | most\s+(?:read|popular|viewed)\b.{0,40} | trending.{0,40}
    | (?:\d+\s+)?comments?\W* | (?:leave|post|add)\s+a\s+(?:comment|reply)\b.* | comments\s+are\s+closed.*
    | (?:sign\s+up|subscribe|register|log\s*in|sign\s+in|log\s*out)\b.{0,120}
    | follow\s+(?:us|@).{0,80} | skip\s+to\s+.{0,40} | back\s+to\s+top | menu | search | home | close | toggle.{0,30}
    | (?:all\s+rights\s+reserved|privacy\s+policy|terms\s+(?:of|and)\s+\w+|cookie\s+(?:policy|settings|preferences)).*
    | (?:image|media|video|photo)\s+(?:source|caption|credit)s?\b.*
    | (?:tags?|topics?|filed\s+under|categories|category)\s*:.*
    | listen\s+to\s+this\s+(?:article|story).* | \d+\s+min(?:ute)?s?\s+read | loading\W*
    | click\s+here\b.{0,100} | get\s+(?:the|our)\s+\w+\s+newsletter.* | newsletter.{0,80}
    )\W*$"""
)
# Headings that open what comes after an article (comments, related links): the story is over.
_END_MARKER = re.compile(
    r"""(?ix)^\W*(?:
      (?:\d+\s+)?(?:reader\s+)?comments?(?:\s+\(\d+\))? | (?:top\s+rated|most\s+recent|all|show|view|recent)\s+comments
    | leave\s+a\s+(?:comment|reply) | join\s+the\s+(?:discussion|conversation)
    | related(?:\s+(?:articles?|stories|posts|coverage|content|news|topics))? | more\s+(?:stories|news)
    | you\s+(?:may|might)\s+also\s+(?:like|enjoy) | recommended(?:\s+(?:for\s+you|stories))? | most\s+(?:read|popular|viewed)
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
_SHARE_BAR = re.compile(r"(?i)\b(?:shar(?:e|ing)|copy\s+link|url\s+copied)\b")
_SHARE_BAR_MAX_WORDS = 6
_BANNER_MAX_CHARS = 400
_MENU_MAX_WORDS = 4
_MENU_MIN_RUN = 3


def is_separator(line: str) -> bool:
    """Whether `line` separates two articles ("Next Article", "Previous Story")."""
    return len(line) < 40 and bool(_SEPARATOR.match(line))


def is_end_marker(line: str) -> bool:
    """Whether `line` heads the comments or related links that follow an article."""
    return len(line) < 40 and bool(_END_MARKER.match(line))


def is_junk(line: str) -> bool:
    """Whether `line` is page furniture (share bar, cookie banner, ad label, photo credit...)."""
    if len(line) <= 160 and _JUNK_LINE.match(line):
        return True
    if len(line.split()) <= _SHARE_BAR_MAX_WORDS and _SHARE_BAR.search(line):
        return True
    if len(line) <= _BANNER_MAX_CHARS and _BANNER.search(line):
        return True
    return len(line) <= 300 and bool(_CREDIT.search(line))


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
    words = line.split()
    return len(words) <= _MENU_MAX_WORDS and not line.rstrip("”\"’')").endswith((".", "!", "?", ":", ";", ","))
