"""The words and shapes a credit is read with, shared by `bylines` ("By Jane Doe") and
`bare_names` (a name alone on a head line), so neither imports the other's module."""

from __future__ import annotations

import re
from typing import NamedTuple

from newsearch.models import Author
from newsearch.parsing.names import NAME_RUN

# Where a credit line goes on with something else: "By Jane Doe • March 3", "By Jane Doe |
# Updated ...", "By Jane Doe – 5 min read", "By Jane Doe Published: Jun 25, 2025".
CREDIT_TAIL = re.compile(r"(?i)\s+(?:[•⋅·|–—/]|-{1,2})\s.*$|(?-i:\s+In\s+[A-Z].*$)|\s*[•⋅·|]\s*$|\s+(?:updated|published|posted|modified|last\s+updated|on|at)\b.*$|\s+\d.*$")
# Words of a job title after a name ("By Jane Doe, Chief Marketing Officer, Example"): the
# credit's people end where the description starts.
JOB_WORDS = frozenset(
    """chief officer director manager editor editors president founder co-founder cofounder ceo cto cfo coo head
    senior associate contributing lead professor fellow writer reporter correspondent columnist contributor
    staff analyst consultant specialist strategist expert marketing content journalist author
    vp vice partner principal engineer developer designer producer host managing executive deputy assistant
    reviewer""".split()
)
# A name that is a web address or a company is an outlet, not a person ("Cleveland.com").
ORG_NAME = re.compile(r"(?i)\.(?:com|org|net|co|io|news|info|tv|fm)\b|\b(?:inc|llc|ltd|gmbh|corp|plc|media|group|magazine|news|press|agency|team|staff|editors)\b\.?$")
# One person (or desk) in a credit: 1-5 capitalised words, maybe a possessive desk name.
NAME = re.compile(rf"^{NAME_RUN}$")
# Words of a news outlet's name ("Jane Doe, Reuters", "Al Roe, Associated Press").
OUTLET_HINT = re.compile(
    r"(?i)\b(?:reuters|afp|ap|associated press|press|news|times|post|journal|agency|service|radio|"
    r"tv|television|herald|tribune|guardian|telegraph|bbc|cnn|staff|correspondent|bureau|wire)\b"
)
# Letters after a name: degrees and certifications ("MD", "PhD", "CPP").
CREDENTIALS = re.compile(r"(?:[A-Z]{2,5}|Ph\.?\s?D\.?|M\.D\.)(?:\s+(?:[A-Z]{2,5}|Ph\.?D\.?))*")

# Words a scrape glues onto a credit that are no one's name (weekdays, time zones, "Updated").
NOT_NAMES = frozenset(
    """updated posted published monday tuesday wednesday thursday friday saturday sunday
    gmt utc est edt cst cdt pst pdt bst cet cest ist""".split()
)


class Byline(NamedTuple):
    """What a credit line says: the people with roles, and an outlet if it names one."""

    authors: tuple[Author, ...]
    outlet: str | None = None


def is_name(part: str) -> bool:
    """1-5 capitalised words (any script with capitals; particles allowed inside)."""
    if NAME.match(part):
        return True
    words = part.split()
    if not 1 <= len(words) <= 5:
        return False
    for i, word in enumerate(words):
        letters = word.strip(".'’-")
        if not letters or not all(c.isalpha() or c in ".'’-" for c in letters):
            return False
        if not letters[0].isupper() and not (0 < i < len(words) - 1 and letters in PARTICLES):
            return False
    return True

# Lower-case words inside a name ("Ursula von der Leyen").
PARTICLES = frozenset("de da di do del della der den van von bin binti ibn la le du dos das al el ter ten y".split())


def job_title(part: str) -> bool:
    """Mostly job words ("Senior Content Contributor", "Founder at Example")."""
    words = [w.strip(".,").lower() for w in part.split()]
    return bool(words) and any(w in JOB_WORDS for w in words) and sum(w in JOB_WORDS or w in {"of", "and", "&", "the", "at"} for w in words) * 2 >= len(words)


# Words that are no one's name, though capitalised on a line of their own in an article's head:
# page furniture ("Key Takeaways", "Show Sidebar", "Shop Now", "Create Account", "Call Us"),
# social networks ("Facebook Youtube Linkedin"), a greeting opening a comment ("Hi Tim,") and a
# fact-check badge ("| Fact Checked").
NOT_NAME_WORDS = frozenset(
    """the a an and of for in on to with by from at is are our your my home news blog share print
    read more menu search subscribe login sign contact about privacy terms cookie cookies policy
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec today yesterday updated published posted
    min mins minute minutes read reading time comments comment reply email
    takeaways highlights sidebar shop now account call us find caption saved saving hide show
    facebook twitter youtube linkedin instagram pinterest tiktok whatsapp reddit telegram
    hi hello hey dear thanks fact checked reviewed verified category categories tags""".split()
) | NOT_NAMES
