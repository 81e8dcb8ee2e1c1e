"""Credit lines: bylines ("By Jane Doe", "Reporting by X; Editing by Y") and source lines."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsearch.models import Author
from newsearch.parsing import han_credits
from newsearch.parsing.bare_names import bare_name, dated_credit  # noqa: F401  (read as bylines.X)
from newsearch.parsing.credit_words import CREDENTIALS, CREDIT_TAIL, JOB_WORDS, NAME, NOT_NAME_WORDS, NOT_NAMES, ORG_NAME, OUTLET_HINT, PARTICLES, Byline, is_name, job_title
from newsearch.parsing.names import is_person, title_case_caps

# How a credit clause starts, and the role it gives.
_ROLE_PREFIXES = [
    (re.compile(r"(?i)^additional (?:reporting|writing)(?: by)?\s*:?\s+"), "reporter"),
    (re.compile(r"(?i)^(?:reported|reporting)(?: by)?\s*:?\s+"), "reporter"),
    (re.compile(r"(?i)^translat(?:ed|ion|ing)(?: by)?\s*:?\s+"), "translator"),
    (re.compile(r"(?i)^(?:written(?: in english)?|writing|compiled)(?: by)?\s*:?\s+"), "writer"),
    (re.compile(r"(?i)^(?:edited|editing)(?: by)?\s*:?\s+"), "editor"),
    # "Reviewed by", "Medically reviewed by", "Fact-checked by": wcxb's reviewed credits (fold A)
    # name the writer, not the reviewer, on 7 of the 8 pages that credit both.
    (re.compile(r"(?i)^(?:(?:article|story)\s+)?(?:medically\s+|expertly\s+)?(?:reviewed|fact[- ]?checked)\s+by\s*:?\s+"), "reviewer"),
    (re.compile(r"(?i)^(?:(?:posted|published|story|words|text|recipe|article|blog\s+post)\b.*?\s)?by\s*:?\s+"), "author"),
    # Labelled credits, and "by" in other languages: "Author: Jane Doe", "Texto: Ana Ruiz",
    # "Por Ana Ruiz", "Текст Венера Ерофеева" (Russian credit labels go without a colon).
    (re.compile(r"(?i)^(?:authors?|contributors?|autor(?:a|es)?|auteur|autore|verfasser|texto|testo|tekst|text|текст|автор)\s*[:：]\s*"), "author"),
    (re.compile(r"^(?:Текст|Автор|Автори|Автор материала)\s+(?=[А-ЯЁ])"), "author"),
    (re.compile(r"(?i)^(?:por|par|von|door)\s+(?=[^\W\d_])"), "author"),
]
# "Jane Doe in Yangon" -> "Jane Doe" (wire credits say where each reporter was).
_LOCATION = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")
# What a blog's credit line goes on with after a full stop: "Tags: ...", "Filed under ...".
_AFTER_CREDIT = re.compile(r"(?i)^(?:tags|tagged|categories|category|filed\s+under|posted\s+in)\b")
_LIST_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)")
# Credits at the foot of wire copy come in parentheses: "(Reporting by ...; Editing by ...)".
_CLAUSE_SPLIT = re.compile(r"\s*;\s*|(?<=[a-z\u00e0-\u00ff])\.\s+(?=[A-Z])")
# "By JANE DOE Associated Press": capitals are the people, the rest the outlet.
_CAPS_THEN_OUTLET = re.compile(
    r"^((?:[A-Z][A-Z.'’-]+(?:\s+|\s*,\s*|\s+(?:and|&)\s+))*[A-Z][A-Z.'’-]+)(?:,)?\s+([A-Z][a-z].*)$"
)
# "Jane Doe, Reuters" / "Jane Doe | Reuters": a person and an outlet, no "By".
_NAME_AND_OUTLET = re.compile(r"^(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]*){1,3})\s*(?:,|\||[-–—])\s*(?P<outlet>[A-Z][\w&.'’ -]{1,40})$")
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
# Words that describe a person's job in a credit, never an outlet ("IGN Staff", "AP Auto Writer").
_ROLE_WORDS = re.compile(r"(?i)\b(?:staff|writer|correspondent|reporter|editor|contributor|columnist)s?\b")


# News agencies and outlets that bylines credit like people.
_AGENCIES = frozenset(
    """reuters afp ap associated press bloomberg xinhua tass ria novosti efe ansa dpa upi pti ians kyodo yonhap
    bernama antara anadolu agency staff""".split("\n")[0].split()
) | {"associated press", "agence france-presse", "press association", "pa media", "condé nast", "conde nast", "bloomberg news"}



def is_job_title(line: str) -> bool:
    """A line that is a job title alone ("Content Editor", "Marketing Operations Analyst", "Writer")."""
    return len(line.split()) <= 5 and not re.search(r"[^\w\s&.,'’-]", line) and job_title(line)


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


def _same_credit(a: str, b: str) -> bool:
    """"Jane Doe" alone and "Written by Jane Doe" say the same; a reporter's or editor's credit
    is another (wire copy lists "By Jane Doe" and "Reporting by Jane Doe" both)."""
    return a == b or {a, b} == {"author", "writer"}


def merge_people(authors: list[Author] | tuple[Author, ...]) -> list[Author]:
    """`authors` with each person once per role, under the fullest form of the name. A name
    credited bare ("author") and as the writer ("Written by") is one credit; reviewers and
    fact-checkers are left out when anyone else is credited (the writer is the author)."""
    if any(a.role != "reviewer" for a in authors):
        authors = [a for a in authors if a.role != "reviewer"]
    merged: list[Author] = []
    for author in authors:
        for i, kept in enumerate(merged):
            if _same_credit(kept.role, author.role) and same_person(kept.name, author.name):
                role = author.role if kept.role == "author" else kept.role
                merged[i] = Author(author.name if len(author.name) > len(kept.name) else kept.name, role)
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
            if authors and _AFTER_CREDIT.match(clause):  # "Posted by Jane Doe on ... Tags: ..."
                break
            return _bare_byline(text) if loose and not authors else None
        names, clause_outlet = _split_names(CREDIT_TAIL.sub("", clause[match.end():]))
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
        if i and i == len(parts) - 1 and OUTLET_HINT.search(part) and NAME.match(part):
            if not _ROLE_WORDS.search(part):
                outlet = part
            continue
        # Letters after a name ("Jane Doe, MD, PhD", "John Roe CPP, PSP") are credentials.
        if i and names and CREDENTIALS.fullmatch(part):
            continue
        # A job title after the people ends the list: what follows describes them.
        if i and names and (job_title(part) or not is_name(part)):
            break
        # An outlet credited like a person ("By Reuters", "By Cleveland.com"): the source.
        if ORG_NAME.search(part) and len(part.split()) <= 5 and not _ROLE_WORDS.fullmatch(part.split()[-1]):
            outlet = outlet or part
            continue
        if part.casefold() in _AGENCIES:
            outlet = outlet or part
            continue
        if not is_name(part) or len(part.split()) > 5 or part.casefold() == "by":
            return [], None
        words = part.split()
        while len(words) > 2 and (_ROLE_WORDS.fullmatch(words[-1]) or words[-1].lower() in NOT_NAMES):
            words.pop()  # "Meg James Staff Writer", "Jane Doe Updated"
        if len(words) == 1 and words[0].lower() in NOT_NAMES:
            continue
        names.append(title_case_caps(" ".join(words)))
    return names, outlet


def _bare_byline(text: str) -> Byline | None:
    match = _NAME_AND_OUTLET.match(text)
    outlet_like = match and (OUTLET_HINT.search(match.group("outlet")) or ORG_NAME.search(match.group("outlet")))
    if not match or not outlet_like or _ROLE_WORDS.search(match.group("outlet")):
        return None
    if _COMPANY_FORM.fullmatch(", " + match.group("outlet").strip()):  # "Acme Moving, Inc." is a company
        return None
    if not NAME.match(match.group("name")):
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


def lowercase_words(lines: Iterable[str]) -> frozenset[str]:
    """The words `lines` write in lower case somewhere: ordinary words, where a name's are not."""
    return frozenset(w for line in lines for w in _LOWERCASE_WORD.findall(line))


_LOWERCASE_WORD = re.compile(r"(?<![\w.])[a-z]+(?!\w)")


def same_outlet(name: str, site: str) -> bool:
    """Whether a credited name is the site's own name (or its start: "Example" for "Example News")."""
    a, b = ("".join(c for c in x.casefold() if c.isalnum()) for x in (name, site))
    if len(a) < 3 or not b:
        return False
    return a == b or (len(a) >= 4 and b.startswith(a)) or (len(b) >= 4 and a.startswith(b))


# A credit label alone on its line, the name on the next ("By" / "Jane Doe", "Written by:",
# "Author", "Posted by", "About the author").
_CREDIT_LABEL = re.compile(
    r"(?i)^(?:(?:article|post|story|blog\s+post|words|text)\s+)?(?:(?:written|posted|published|authored|reported|edited|(?:medically\s+)?reviewed|fact[- ]?checked|compiled)\s+)?by"
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
        if all(w in NOT_NAME_WORDS or w in JOB_WORDS for w in words) or not is_person(author.name):
            return None
    return found
