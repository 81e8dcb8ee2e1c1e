"""Credit lines: bylines ("By Jane Doe", "Reporting by X; Editing by Y") and source lines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from newsearch.models import Author
from newsearch.parsing import han_credits
from newsearch.parsing.names import NAME_RUN, title_case_caps

# How a credit clause starts, and the role it gives.
_ROLE_PREFIXES = [
    (re.compile(r"(?i)^additional (?:reporting|writing)(?: by)?\s*:?\s+"), "reporter"),
    (re.compile(r"(?i)^(?:reported|reporting)(?: by)?\s*:?\s+"), "reporter"),
    (re.compile(r"(?i)^translat(?:ed|ion|ing)(?: by)?\s*:?\s+"), "translator"),
    (re.compile(r"(?i)^(?:written(?: in english)?|writing|compiled)(?: by)?\s*:?\s+"), "writer"),
    (re.compile(r"(?i)^(?:edited|editing)(?: by)?\s*:?\s+"), "editor"),
    (re.compile(r"(?i)^(?:(?:posted|published|story|words|text|recipe|article|blog\s+post)\b.*?\s)?by\s*:?\s+"), "author"),
    # Labelled credits, and "by" in other languages: "Author: Jane Doe", "Texto: Ana Ruiz",
    # "Por Ana Ruiz", "Текст Венера Ерофеева" (Russian credit labels go without a colon).
    (re.compile(r"(?i)^(?:authors?|autor(?:a|es)?|auteur|autore|verfasser|texto|testo|tekst|text|текст|автор)\s*[:：]\s*"), "author"),
    (re.compile(r"^(?:Текст|Автор|Автори|Автор материала)\s+(?=[А-ЯЁ])"), "author"),
    (re.compile(r"(?i)^(?:por|par|von|door)\s+(?=[^\W\d_])"), "author"),
]
# Where a credit line goes on with something else: "By Jane Doe • March 3", "By Jane Doe |
# Updated ...", "By Jane Doe – 5 min read", "By Jane Doe Published: Jun 25, 2025".
_CREDIT_TAIL = re.compile(r"(?i)\s+(?:[•⋅·|–—/]|-{1,2})\s.*$|\s*[•⋅·|]\s*$|\s+(?:updated|published|posted|modified|last\s+updated|on|at)\b.*$|\s+\d.*$")
# Words of a job title after a name ("By Jane Doe, Chief Marketing Officer, Example"): the
# credit's people end where the description starts.
_JOB_WORDS = frozenset(
    """chief officer director manager editor editors president founder co-founder cofounder ceo cto cfo coo head
    senior associate contributing lead professor fellow writer reporter correspondent columnist contributor
    staff analyst consultant specialist strategist expert marketing content journalist author
    vp vice partner principal engineer developer designer producer host managing executive deputy assistant
    reviewer""".split()
)
# A name that is a web address or a company is an outlet, not a person ("Cleveland.com").
_ORG_NAME = re.compile(r"(?i)\.(?:com|org|net|co|io|news|info|tv|fm)\b|\b(?:inc|llc|ltd|gmbh|corp|plc|media|group|magazine|news|press|agency|team|staff|editors)\b\.?$")
# One person (or desk) in a credit: 1-5 capitalised words, maybe a possessive desk name.
_NAME = re.compile(rf"^{NAME_RUN}$")
# "Jane Doe in Yangon" -> "Jane Doe" (wire credits say where each reporter was).
_LOCATION = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")
_LIST_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)")
# Credits at the foot of wire copy come in parentheses: "(Reporting by ...; Editing by ...)".
_CLAUSE_SPLIT = re.compile(r"\s*;\s*|(?<=[a-z\u00e0-\u00ff])\.\s+(?=[A-Z])")
# "By JANE DOE Associated Press": capitals are the people, the rest the outlet.
_CAPS_THEN_OUTLET = re.compile(
    r"^((?:[A-Z][A-Z.'’-]+(?:\s+|\s*,\s*|\s+(?:and|&)\s+))*[A-Z][A-Z.'’-]+)(?:,)?\s+([A-Z][a-z].*)$"
)
# "Jane Doe, Reuters" / "Jane Doe | Reuters": a person and an outlet, no "By".
_NAME_AND_OUTLET = re.compile(r"^(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]*){1,3})\s*(?:,|\||[-–—])\s*(?P<outlet>[A-Z][\w&.'’ -]{1,40})$")
_OUTLET_HINT = re.compile(
    r"(?i)\b(?:reuters|afp|ap|associated press|press|news|times|post|journal|agency|service|radio|"
    r"tv|television|herald|tribune|guardian|telegraph|bbc|cnn|staff|correspondent|bureau|wire)\b"
)
_SOURCE_LINE = re.compile(r"(?i)^\s*source\s*:\s*(?P<name>.+?)\s*$")
# Link labels a scrape glues to the end of a source line ("Source : Radio Free Asia More").
_LINK_LABEL = re.compile(r"(?i)\s+(?:more|read more|read the original|link|here|»|>>)\W*$")
_COPYRIGHT = re.compile(
    r"(?i)^\s*(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?:copyright\s+)?(?:the\s+)?(?P<name>[A-Z](?:[\w&'’ -]|\.(?=\w)){1,50}?)\s*(?:\.(?!\w)|[,|]|all rights reserved|$)"
)
# A footer is a copyright notice only with the sign or a year: "Copyright Policy" is a link.
_COPYRIGHT_MARK = re.compile(r"(?i)©|\(c\)|copyright\b.*\b(?:19|20)\d\d\b")
# Company-form suffixes, not part of the outlet's name ("CNBC LLC" -> "CNBC").
_COMPANY_FORM = re.compile(r"(?i)(?:[\s,]+(?:llc|inc|ltd|plc|pvt|corp|co|gmbh|ag|sa|s\.a|pty|limited|\d{4}))+\.?$")
_CREDENTIALS = re.compile(r"(?:[A-Z]{2,5}|Ph\.?\s?D\.?|M\.D\.)(?:\s+(?:[A-Z]{2,5}|Ph\.?D\.?))*")
# Words that describe a person's job in a credit, never an outlet ("IGN Staff", "AP Auto Writer").
_ROLE_WORDS = re.compile(r"(?i)\b(?:staff|writer|correspondent|reporter|editor|contributor|columnist)s?\b")
# Words a scrape glues onto a credit that are no one's name (weekdays, time zones, "Updated").
_NOT_NAMES = frozenset(
    """updated posted published monday tuesday wednesday thursday friday saturday sunday
    gmt utc est edt cst cdt pst pdt bst cet cest ist""".split()
)


# News agencies and outlets that bylines credit like people.
_AGENCIES = frozenset(
    """reuters afp ap associated press bloomberg xinhua tass ria novosti efe ansa dpa upi pti ians kyodo yonhap
    bernama antara anadolu agency staff""".split("\n")[0].split()
) | {"associated press", "agence france-presse", "press association", "pa media", "condé nast", "conde nast", "bloomberg news"}


class Byline(NamedTuple):
    """What a credit line says: the people with roles, and an outlet if it names one."""

    authors: tuple[Author, ...]
    outlet: str | None = None


def _is_name(part: str) -> bool:
    """1-5 capitalised words (any script with capitals; particles allowed inside)."""
    if _NAME.match(part):
        return True
    words = part.split()
    if not 1 <= len(words) <= 5:
        return False
    for i, word in enumerate(words):
        letters = word.strip(".'’-")
        if not letters or not all(c.isalpha() or c in ".'’-" for c in letters):
            return False
        if not letters[0].isupper() and not (0 < i < len(words) - 1 and letters in _PARTICLES):
            return False
    return True


_PARTICLES = frozenset("de da di do del della der den van von bin binti ibn la le du dos das al el ter ten y".split())


def _job_title(part: str) -> bool:
    words = [w.strip(".,").lower() for w in part.split()]
    return bool(words) and any(w in _JOB_WORDS for w in words) and sum(w in _JOB_WORDS or w in {"of", "and", "&", "the", "at"} for w in words) * 2 >= len(words)


def is_job_title(line: str) -> bool:
    """A line that is a job title alone ("Content Editor", "Marketing Operations Analyst", "Writer")."""
    return len(line.split()) <= 5 and not re.search(r"[^\w\s&.,'’-]", line) and _job_title(line)


def same_person(a: str, b: str) -> bool:
    """Whether two credited names are one person: the same first and last word, one the
    other with a middle name or initial added ("Troy Smith", "Troy L. Smith"), case aside."""
    x, y = (re.findall(r"[^\W\d_]+", n.casefold()) for n in (a, b))
    if not x or not y:
        return False
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    if len(short) < 2 or short[0] != long[0] or short[-1] != long[-1]:
        return False
    middle = long[1:-1]
    return all(any(m == w or (len(w) == 1 and m.startswith(w)) or (len(m) == 1 and w.startswith(m)) for m in middle) for w in short[1:-1]) or len(short) == 2


def merge_people(authors: list[Author] | tuple[Author, ...]) -> list[Author]:
    """`authors` with each person once per role, under the fullest form of the name."""
    merged: list[Author] = []
    for author in authors:
        for i, kept in enumerate(merged):
            if kept.role == author.role and same_person(kept.name, author.name):
                if len(author.name) > len(kept.name):
                    merged[i] = Author(author.name, kept.role)
                break
        else:
            merged.append(author)
    return merged


def parse_byline(line: str, *, loose: bool = False) -> Byline | None:
    """Read `line` as a credit line, or None if it is anything else.

    Every clause must be a credit, and every name 1-5 capitalised words, so "By continuing to
    browse..." and "By 2030, ..." are not bylines. With `loose`, also accept the bare
    "Jane Doe, Reuters" form (only sensible next to the headline).
    """
    text = line.strip().strip("()").strip()
    if not text or len(text) > 200:
        return None
    if han_credits.looks_like_one(text):
        found = han_credits.han_credit(text)
        return Byline(*found) if found else None
    authors: list[Author] = []
    outlet = None
    for clause in _CLAUSE_SPLIT.split(text.rstrip(".")):
        for prefix, role in _ROLE_PREFIXES:
            match = prefix.match(clause)
            if match:
                break
        else:
            return _bare_byline(text) if loose and not authors else None
        names, clause_outlet = _split_names(_CREDIT_TAIL.sub("", clause[match.end():]))
        if not names and not clause_outlet:
            return None
        outlet = outlet or clause_outlet
        authors.extend(Author(name, role) for name in names)
    return Byline(tuple(authors), outlet) if authors or outlet else None


def _split_names(text: str) -> tuple[list[str], str | None]:
    text = text.strip().rstrip(".,")
    outlet = None
    caps = _CAPS_THEN_OUTLET.match(text)
    if caps and re.search(r"[a-z]", text) and re.search(r"\s", caps.group(1)):  # "PJ Hamel" is a name
        text, outlet = caps.group(1), caps.group(2).strip()
    parts = [p for p in _LIST_SPLIT.split(text) if p]
    names = []
    for i, part in enumerate(parts):
        part = _LOCATION.sub("", part).strip()
        # A last list item that is an outlet: "By Jane Doe, Reuters"; a job title there
        # ("IGN Staff", "AP Auto Writer") describes the people and is dropped.
        if i and i == len(parts) - 1 and _OUTLET_HINT.search(part) and _NAME.match(part):
            if not _ROLE_WORDS.search(part):
                outlet = part
            continue
        # Letters after a name ("Jane Doe, MD, PhD", "John Roe CPP, PSP") are credentials.
        if i and names and _CREDENTIALS.fullmatch(part):
            continue
        # A job title after the people ends the list: what follows describes them.
        if i and names and (_job_title(part) or not _is_name(part)):
            break
        # An outlet credited like a person ("By Reuters", "By Cleveland.com"): the source.
        if _ORG_NAME.search(part) and len(part.split()) <= 5 and not _ROLE_WORDS.fullmatch(part.split()[-1]):
            outlet = outlet or part
            continue
        if part.casefold() in _AGENCIES:
            outlet = outlet or part
            continue
        if not _is_name(part) or len(part.split()) > 5 or part.casefold() == "by":
            return [], None
        words = part.split()
        while len(words) > 2 and (_ROLE_WORDS.fullmatch(words[-1]) or words[-1].lower() in _NOT_NAMES):
            words.pop()  # "Meg James Staff Writer", "Jane Doe Updated"
        if len(words) == 1 and words[0].lower() in _NOT_NAMES:
            continue
        names.append(title_case_caps(" ".join(words)))
    return names, outlet


def _bare_byline(text: str) -> Byline | None:
    match = _NAME_AND_OUTLET.match(text)
    outlet_like = match and (_OUTLET_HINT.search(match.group("outlet")) or _ORG_NAME.search(match.group("outlet")))
    if not match or not outlet_like or _ROLE_WORDS.search(match.group("outlet")):
        return None
    if not _NAME.match(match.group("name")):
        return None
    return Byline((Author(title_case_caps(match.group("name")), "author"),), match.group("outlet").strip())


def source_line(line: str) -> str | None:
    """The outlet a "Source: X" line names (without a trailing "More" link label), else None."""
    match = _SOURCE_LINE.match(line)
    if not match or len(line) > 120:
        return None
    name = _LINK_LABEL.sub("", match.group("name")).strip(" .:-")
    return name or None


def copyright_owner(line: str) -> str | None:
    """The owner a copyright footer names ("Copyright © 2021 Example News. All rights reserved.")."""
    if len(line) > 160 or not _COPYRIGHT_MARK.search(line):
        return None
    match = _COPYRIGHT.match(line)
    if not match:
        return None
    name = _COMPANY_FORM.sub("", match.group("name").strip(" .,-")).strip(" .,-")
    return name if name and name.lower() not in {"all rights reserved", "copyright"} else None


# Words that are no one's name, though capitalised on a line of their own in an article's head.
_NOT_NAME_WORDS = frozenset(
    """the a an and of for in on to with by from at is are our your my home news blog share print
    read more menu search subscribe login sign contact about privacy terms cookie cookies policy
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec today yesterday updated published posted
    min mins minute minutes read reading time comments comment reply email""".split()
) | _NOT_NAMES


def lowercase_words(lines: Iterable[str]) -> frozenset[str]:
    """The words `lines` write in lower case somewhere: ordinary words, where a name's are not."""
    return frozenset(w for line in lines for w in _LOWERCASE_WORD.findall(line))


_LOWERCASE_WORD = re.compile(r"(?<![\w.])[a-z]+(?!\w)")


def bare_name(line: str, ordinary: frozenset[str] = frozenset()) -> str | None:
    """The person's name a line of an article's head holds alone ("Jane Doe", "Jane Doe
    October 14, 2025", "Jane Doe • 5 min read"), else None: 2-4 capitalised words, no job
    title, organisation or page furniture word, and not only words the page writes in lower case
    elsewhere (`ordinary`: "Key Takeaways", "Recent Posts" are headings there, "Jane Doe" is not).
    That test, of the variants tried on wcxb fold A (all words / the surname / any word ordinary,
    a known given name exempt or not), lost no first author there: 0.650 -> 0.653 (A), 0.577 (B)
    the same; found names in the reviewed credit 55.4% -> 56.4% (A), 57.5% -> 59.3% (B)."""
    from newsearch.parsing.dates import strip_dates  # dates does not import bylines

    bare = strip_dates(line)
    text = _CREDIT_TAIL.sub("", bare).strip(" ,.-–—|•·")
    text = re.sub(r"(?i)^by\s+", "", text)
    if text == bare.strip(" ,.-–—|•·"):  # letters after a name on its own line ("New York, NY – ..." is a dateline)
        text = _without_credentials(text)
    words = text.split()
    if not 2 <= len(words) <= 4 or not _is_name(text) or text.isupper():
        return None
    lowered = [w.strip(".,").casefold() for w in words if not re.fullmatch(r"[A-Z]\.", w)]  # "A." is an initial
    if any(w in _NOT_NAME_WORDS or w in _JOB_WORDS for w in lowered) or _ORG_NAME.search(text):
        return None
    if not names_is_person(text) or any(len(w.strip(".")) == 0 for w in words):
        return None
    name_words = [w for w in lowered if w not in _PARTICLES]
    if name_words and all(w in ordinary for w in name_words):
        return None
    return text


# Between a date and a name on one line: "Dec 3, 2025 • Jane Doe", "03/12/2025 | Travel | Jane Doe".
_DATED_PARTS = re.compile(r"\s[•·|]\s|\s[-–—]\s")
# A blog's category after its author: "Jane Doe in Travel Tips".
_IN_CATEGORY = re.compile(r"\s+in\s+[A-Z].*$")


def dated_credit(line: str, ordinary: frozenset[str] = frozenset()) -> tuple[Byline, str] | None:
    """(the credit, the iso date) of a short line that holds a date and, in one of the parts its
    separators make, a name alone ("Dec 3, 2025 • Jane Doe in Travel", "On May 2, 2025 By Jane
    Doe"); None when no part or more than one is a name. wcxb text, as the fallback when nothing
    else on the page credits anyone: first author 0.653 -> 0.671 (A, where chosen: a fallback kept
    more found names right than taking every such line, 0.676 but 51.7%), 0.577 -> 0.591 (B)."""
    from newsearch.parsing.dates import find_date, strip_dates  # dates does not import bylines

    if len(line) > 120 or not (when := find_date(line)):
        return None
    rest = strip_dates(line)
    parts = [re.sub(r"(?i)^(?:on\s+)?by\s+", "", part.strip()) for part in _DATED_PARTS.split(rest)]
    found = [name for part in parts if part and (name := bare_name(_IN_CATEGORY.sub("", part), ordinary))]
    return (Byline((Author(found[0], "author"),), None), when) if len(found) == 1 else None


def _without_credentials(text: str) -> str:
    """"Jane Doe, MS, RD" / "Jane Doe CPP, PSP" / "Jane Doe, Managing Editor" -> "Jane Doe"."""
    head, _, tail = text.partition(",")
    if tail and (_CREDENTIALS.fullmatch(tail.replace(",", " ").strip()) or _job_title(tail)):
        text = head.strip()
    words = text.split()
    while len(words) > 2 and _CREDENTIALS.fullmatch(words[-1]) and not words[0].isupper():
        words.pop()
    # "Jane Doe Founder & Lead Reviewer", "Jane Doe Founder at Example": the job after the name.
    for cut in (2, 3):
        if len(words) > cut and words[cut].strip(".,").lower() in _JOB_WORDS and _job_title(" ".join(words[cut:])):
            return " ".join(words[:cut])
    return " ".join(words)


def names_is_person(text: str) -> bool:
    from newsearch.parsing.names import is_person

    return is_person(text)


def same_outlet(name: str, site: str) -> bool:
    """Whether a credited name is the site's own name (or its start: "Example" for "Example News")."""
    a, b = ("".join(c for c in x.casefold() if c.isalnum()) for x in (name, site))
    if len(a) < 3 or not b:
        return False
    return a == b or (len(a) >= 4 and b.startswith(a)) or (len(b) >= 4 and a.startswith(b))


# A credit label alone on its line, the name on the next ("By" / "Jane Doe", "Written by:",
# "Author", "Posted by", "About the author").
_CREDIT_LABEL = re.compile(
    r"(?i)^(?:(?:article|post|story|blog\s+post|words|text)\s+)?(?:(?:written|posted|published|authored|reported|edited|reviewed|compiled)\s+)?by"
    r"|authors?|author\(s\)|contributors?|autor(?:a|es)?|auteur|autore|written\s+by|about\s+the\s+authors?$"
)


def labelled_credit(label: str, line: str) -> Byline | None:
    """The people `line` names when the line above it is a credit label alone, else None."""
    label = label.strip().rstrip(":：").strip()
    if not _CREDIT_LABEL.fullmatch(label) or len(line) > 120:
        return None
    if re.search(r"(?i)\bby$", label):
        found = parse_byline(f"{label} {line}")
    elif re.match(r"(?i)about\b|contributors?$|author\(s\)$", label):
        found = parse_byline(f"By {line}")
    else:
        found = parse_byline(f"{label}: {line}")
    if not found or not found.authors:
        return None
    for author in found.authors:
        words = [w.strip(".,").casefold() for w in author.name.split()]
        if all(w in _NOT_NAME_WORDS or w in _JOB_WORDS for w in words) or not names_is_person(author.name):
            return None
    return found
