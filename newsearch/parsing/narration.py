"""Reading the narration around a quotation: the person a sentence of narration is about, and
the patterns of loose cues, colons and datelines the attribution rules look for.
"""

from __future__ import annotations

import re

from newsearch.parsing import attribution as A
from newsearch.parsing import names as N

_LOOSE_NAME = r"(?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w’'\-]*"
_LOOSE_AFTER = re.compile(rf"^[\s,]*(?P<subject>{_LOOSE_NAME}|he|she)\s+(?:[a-z]+ly\s+)?[a-z]{{3,}}(?:ed|s)\b(?!\s+(?:that|to|the|a|an|his|her|their)\b)")
_LOOSE_INVERTED = re.compile(rf"^[\s,]*[a-z]{{3,}}ed\s+(?P<subject>{_LOOSE_NAME})")
_WITH_NP = re.compile(r"\bwith\s+([^,;:\x01]{2,60}?)\s*$")
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were|am|been|be|keeps|kept)\s+(?:\w+ly\s+)?$")
_COORDINATED = re.compile(r"(?:^|\s)(?:and|but|then|or|yet|before|after)\s+(?:\w+ly\s+)?$")


def _opening_position(masked: str, s: int, e: int) -> int:
    """Where the word that opens a sentence's main clause starts (after "But", "On Tuesday,")."""
    text = masked[s:e]
    position = len(text) - len(text.lstrip())
    while True:
        match = re.match(r"(\S+)(\s+)", text[position:])
        if not match:
            return s + position
        word = match.group(1).lower().strip(",")
        if word in ("but", "and", "so", "still", "yet", "now", "then", "meanwhile", "however", "also", "instead") or (
                match.group(1).endswith(",") and word in A._INTRO):
            position += match.end()
            continue
        if word in A._INTRO and "," in text[position: position + 60]:
            position += text[position:].index(",") + 1
            position += len(text[position:]) - len(text[position:].lstrip())
            continue
        return s + position


def _sentence_subject(masked: str, s: int, end: int, strict: bool = False) -> A.Subject | None:
    """The subject opening a sentence: a pronoun or a name (with its title words), after a
    dateline ("WASHINGTON —") and an introductory phrase ("On Tuesday,"; with `strict`, only a
    short one: a long opening clause has a subject of its own)."""
    text = _DATELINE.sub("", masked[s: min(end, s + A.CLAUSE_CHARS)])
    if A.MASK in text:
        text = text[: text.index(A.MASK)]
    pieces = text.split(",")
    for index, piece in enumerate(pieces):
        words = piece.split()
        if not words:
            continue
        first = words[0].lower()
        if first in ("but", "and", "so", "still", "yet", "now", "meanwhile", "however", "also", "instead") and len(words) > 1:
            words = words[1:]
            first = words[0].lower()
        if (first in A._INTRO or first.endswith("ing") or first in _RELATIVE_OPENERS) and len(pieces) > index + 1:
            # "On Tuesday,", "Speaking to reporters in Iowa,", "Asked about the plan," and a relative
            # clause that goes on from one ("..., which hosts the next contest,")
            if strict and len(words) > 5 and not (first.endswith("ing") or first in _RELATIVE_OPENERS):
                return None
            continue
        if first in A._PRONOUNS:
            return A.Subject("pronoun", first)
        if first in A._DETERMINERS or first in A._DEFINITE:
            return None  # "One operative ...", "The protesters ...": not a name
        chunk = []
        for i, word in enumerate(words):
            bare = N._bare(word)
            title_of = bare in ("of", "the") and chunk and i + 1 < len(words) and (
                A._is_cap(words[i + 1]) or words[i + 1] == "the")  # "Secretary of State Madeleine Albright"
            if A._is_cap(word) or bare in N.TITLE_WORDS or bare in N._TITLE_MODIFIERS or title_of or (
                    "-" in word and not word[:1].isupper()):
                chunk.append(word)
                if N._POSSESSIVE.search(word) and A._is_cap(word):
                    return None  # "Trump’s comments ..." is about him, not by him
                continue
            break
        while chunk and not A._is_cap(chunk[-1]):
            chunk.pop()
        if not chunk:
            return None
        subject = A.read_subject(" ".join(chunk))
        return subject if subject is not None and subject.kind == "name" else None
    return None


_INVERTED_HEAD = re.compile(r"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
                            r"May|June|July|August|September|October|November|December)\b)(?:[A-Z]|(?:a|an|the|one|another)\s)")
_SAY_INVERTED = frozenset("said says added adds wrote writes noted notes explained explains continued argued insisted "
                          "warned recalled commented comments remarked stated observed replied responded asked".split())
# How many sentences back a quotation without a cue looks for a person's cue in its paragraph.
_BACK_SENTENCES = 50
# "a hat reading “…”", "a piece entitled “…”": a title or a sign, nobody's words.
_NAMING = re.compile(r"\b(?:titled|entitled|called|named|dubbed|reading|headlined|labell?ed|nicknamed|branded|"
                     r"known\s+as|billed\s+as|that\s+read|which\s+read)\s*,?\s*$")
_PASSIVE_CUE = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?(?:asked|told)\b")
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][a-z]+(?![\w’'-])")
_RELATIVE_OPENERS = frozenset("asked told pressed which who where".split())
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'’-]{2,40}(?:\([A-Za-z .]+\))?\s*[—–-]+\s*")
_SAY = frozenset("said says added adds told tells wrote writes explained explains continued continues noted notes stated".split())
_GAP_CLAUSE = re.compile(r"[;:]|\b(?:until|when|while|as|because|that|and|but|after|before|if|since|though|although|where|unless|so)\b")
# "Pollsters agree - Carl Bialik: “…”": a name right before the colon (two words or more).
_NAME_COLON = re.compile(r"(?:^|[—–-]\s+|\.\s+)((?:[A-Z][\w.’'\-]*\s+){1,3}[A-Z][\w’'\-]*)\s*:$")
_BEFORE_COLON = re.compile(r"((?:[A-Z][\w.’'\-]*\s+){0,4}[A-Z][\w’'\-]*|\b[Hh]e|\b[Ss]he)\s+(?:\w+ly\s+)?\w+(?:ing|ed|s)(?:\s+\w+){0,3}\s*:$")


# The legal forms a company's name ends with.
_LEGAL_FORMS = frozenset("co corp corporation inc incorporated ltd llc plc ag sa nv gmbh bhd spa ab asa oyj".split())


def _organisation_words(paragraphs: list[str]) -> frozenset[str]:
    """The words (lower-cased) of the company names the article writes with their legal form,
    besides given names and the words that mark any organisation: "kodak" from "Eastman Kodak Co"."""
    words = set()
    for paragraph in paragraphs:
        for match in N.NAME_RE.finditer(paragraph):
            for run in N.split_run(match.group(0)):
                bare = [N._bare(t) for t in run.split()]
                if len(bare) >= 2 and bare[-1] in _LEGAL_FORMS:
                    words.update(w for w in bare[:-1] if w not in N.ORG_WORDS and w not in N.TITLE_WORDS
                                 and not N.gender_of(w) and len(w) > 1)
    return frozenset(words)
