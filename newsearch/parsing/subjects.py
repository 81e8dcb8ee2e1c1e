"""Source phrases as written: the subject on either side of a speech cue ("Jane Roe, a senior
fellow at the Some Institute, has written", "said Agency Press Secretary Jane Roe"), read as a
pronoun, a name with its title, or a description.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from newsearch.parsing import names as N
from newsearch.parsing.cue_words import (
    CLAUSE_CHARS, MASK, _BOUNDARY, _DEFINITE, _DETERMINERS, _GROUP_PRONOUNS, _INTRO, _PASSIVE, _PREPOSITIONS,
    _PRONOUNS, _RELATIVE, _strip_between,
)

# ---------------------------------------------------------------- reading a source phrase


class Subject(NamedTuple):
    """A source phrase as written: a pronoun, a name (with title) or a description."""

    kind: str  # "pronoun", "name", "description", "group"
    text: str
    title: str | None = None


_TOKEN = re.compile(r"\S+")
_CAP_TOKEN = re.compile(r"^[\"“‘(]*(?:[A-Z\u00C0-\u00DE]|(?:al|el|bin|ibn|ben)-[A-Z]|\d+(?:st|nd|rd|th)?$)")
_PARTICLE = frozenset("de da di do del della der den van von bin binti ibn la le du dos das al el ter ten y".split())


def _is_cap(token: str) -> bool:
    return bool(_CAP_TOKEN.match(token)) and not token[:1].isdigit()


def _trailing_run(tokens: list[str]) -> int:
    """Index where the capitalised run that ends `tokens` starts (len(tokens) if none)."""
    i = len(tokens)
    while i > 0:
        token = tokens[i - 1]
        if _is_cap(token) or (token.lower() in _PARTICLE and i < len(tokens)):
            if i < len(tokens) and N.ends_name(token):
                break  # "Steve Morgan. Parry": the run after a sentence end
            i -= 1
            continue
        break
    while i < len(tokens) and tokens[i].lower() in _PARTICLE:
        i += 1
    return i


def _leading_run(tokens: list[str]) -> int:
    """Length of the capitalised run that starts `tokens` (never past a sentence end)."""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if _is_cap(token) or (i and token.lower() in _PARTICLE and i + 1 < len(tokens) and _is_cap(tokens[i + 1])):
            i += 1
            if N.ends_name(token):
                break
            continue
        # "Chancellor of the Exchequer Nigel Lawson": "of (the)" between a title and more capitals.
        if i and token.lower() in ("of", "the", "for") and N._is_title_word(tokens[i - 1]) or (
                i and token.lower() == "the" and tokens[i - 1].lower() == "of"):
            j = i
            while j < len(tokens) and tokens[j].lower() in ("of", "the", "for"):
                j += 1
            if j < len(tokens) and _is_cap(tokens[j]):
                i = j
                continue
        break
    return i


def _title_words_before(tokens: list[str]) -> int:
    """Index where lower-case title words before a name start ("retired neurosurgeon Ben Carson",
    "White House spokesman Josh Earnest", "Trump senior adviser Jason Miller")."""
    i = len(tokens)
    while i > 0:
        word = N._bare(tokens[i - 1])
        if word in N.TITLE_WORDS or word in N._TITLE_MODIFIERS or word in N.PERSON_NOUNS and word not in _DETERMINERS:
            i -= 1
        elif _is_cap(tokens[i - 1]) and i < len(tokens) and i - 1 >= 0:
            i -= 1  # "White House", "Trump" in "Trump senior adviser"
        elif word.endswith("-based") or word.endswith("-year-old") or "-" in word and word.replace("-", "").isalpha():
            i -= 1  # "Florida-based", "longtime"
        else:
            break
    return i


def read_subject(chunk: str) -> Subject | None:
    """The source a subject phrase names (the words before or after a cue, appositives included)."""
    chunk = chunk.strip().strip(",;:—–-").strip()
    if not chunk:
        return None
    pieces = [p.strip() for p in re.split(r",|\s[—–-]\s|[—–(\)]", chunk)]
    pieces = [p for p in pieces if p]
    if not pieces:
        return None
    head = pieces[0]
    tokens = _TOKEN.findall(head)
    while tokens and tokens[0].lower() in _RELATIVE and len(tokens) > 1:
        tokens = tokens[1:]
    if not tokens:
        return None
    first = tokens[0].lower()
    if len(tokens) == 1 and first in _PRONOUNS:
        return Subject("pronoun", first)
    if len(tokens) <= 2 and first in _GROUP_PRONOUNS:
        return Subject("group", first)
    if "and" in (t.lower() for t in tokens[1:]) and _is_cap(tokens[0]):
        tokens = tokens[: [t.lower() for t in tokens].index("and", 1)]  # "Smith and Jones": the first
    # "Archbishop Aris Shirvanian of the Armenian Patriarchate", "Hannah Ward of the Refugee Council":
    # the name ends at a preposition that follows more than titles.
    for i, token in enumerate(tokens[1:], 1):
        if token.lower() in _PREPOSITIONS:
            run = _trailing_run(tokens[:i])
            if run < i and not all(N._is_title_word(t) for t in tokens[run:i]):
                tokens = tokens[:i]
            break
    appositive = _appositive(pieces[1:])
    start = _trailing_run(tokens)
    if start < len(tokens) and (start == 0 or tokens[start - 1].lower() not in _PREPOSITIONS):
        run = tokens[start:]
        before = tokens[:start]
        title_start = _title_words_before(before)
        loose = [t for t in before[:title_start] if t.lower() not in _DEFINITE | _DETERMINERS and not N._POSSESSIVE.search(t)]
        if len(loose) > 4:
            return None  # "once he realised the journalist was Jewish": a clause, not a subject
        common_head = N._bare(run[-1]) in N.PERSON_NOUNS or N._bare(run[-1]).rstrip("s") in N.PERSON_NOUNS
        if before and before[0].lower() in _DETERMINERS and common_head and not appositive_name(pieces[1:]):
            return Subject("description", " ".join(tokens))  # "another New Hampshire Republican"
        if before and before[-1].lower() == "the" and len(run) >= 2 and not any(
                N._is_title_word(t) or N.gender_of(t) or N._POSSESSIVE.search(t) for t in run):
            return Subject("organisation", " ".join(run))  # "the American Legion", "The New York Times"
        # "Chancellor of the Exchequer Nigel Lawson", "Speaker of the House Rep. Paul Ryan": the
        # office runs back over "of (the)" to its title word; read_name splits it off again.
        joint = 2 if len(before) >= 3 and [t.lower() for t in before[-2:]] == ["of", "the"] else (
            1 if len(before) >= 2 and before[-1].lower() == "of" else 0)
        if joint and N._is_title_word(before[-joint - 1]):
            k = len(before) - joint - 1
            while k > 0 and (N._is_title_word(before[k - 1]) or _is_cap(before[k - 1])):
                k -= 1
            run, before = tokens[k:], before[:k]
            title_start = _title_words_before(before)
        title = " ".join(before[title_start:]) or None
        return Subject("name", " ".join(run), _join_title(title, appositive))
    if len(tokens) >= 2 and N._bare(tokens[-1]) in N.ORG_NOUNS and all(_is_cap(t) or t.lower() in _DEFINITE for t in tokens[:-1]):
        return Subject("description", " ".join(tokens))  # "Broadcast magazine", "the Trump campaign"
    # A description, maybe followed by the name in apposition ("Trump’s spokeswoman, Hope Hicks").
    name = appositive_name(pieces[1:])
    if name and (first in _DEFINITE or first in _DETERMINERS or N._POSSESSIVE.search(tokens[0])
                 or N._bare(tokens[-1]) in N.PERSON_NOUNS or N._bare(tokens[-1]) in N.TITLE_WORDS):
        return Subject("name", name, " ".join(tokens))
    if first in _DEFINITE or first in _DETERMINERS or N._POSSESSIVE.search(tokens[0]) or (
            N._bare(tokens[-1]) in N.PERSON_NOUNS) or _is_cap(tokens[0]) and _possessive_run(tokens):
        if len(tokens) > 14:
            return None
        return Subject("description", " ".join(tokens))
    if all(N._bare(t) in N.PERSON_NOUNS or N._bare(t) in N._TITLE_MODIFIERS or N._bare(t) in N.TITLE_WORDS
           for t in tokens) and len(tokens) <= 4:
        return Subject("description", " ".join(tokens))  # "officials", "senior officials"
    if len(tokens) <= 4 and tokens[-1][:1].islower() and N._bare(tokens[-1]).endswith("s") and not any(
            N._bare(t) in _PREPOSITIONS for t in tokens):
        return Subject("description", " ".join(tokens))  # "multiple outlets", "Democratic leaders"
    return None


_TITLE_OK = frozenset("former then acting retired late".split())


def _possessive_run(tokens: list[str]) -> bool:
    return any(N._POSSESSIVE.search(t) for t in tokens[:-1])


def appositive_name(pieces: list[str]) -> str | None:
    """A name standing alone in apposition: ", Hope Hicks," (2-5 capitalised words)."""
    if not pieces:
        return None
    tokens = _TOKEN.findall(pieces[0])
    if 1 <= len(tokens) <= 5 and _leading_run(tokens) == len(tokens) and (len(tokens) >= 2 or N.gender_of(tokens[0])):
        return " ".join(tokens)
    return None


def _appositive(pieces: list[str]) -> str | None:
    """The description in apposition after a name: ", a senior fellow at the Some Institute who
    studies trade," -> "a senior fellow at the Some Institute"."""
    if not pieces:
        return None
    text = re.split(r"\s(?:who|which|that|whose|whom)\s", " " + pieces[0] + " ")[0].strip()
    tokens = text.split()
    if not tokens or len(tokens) > 14:
        return None
    if tokens[0].lower() in _DETERMINERS | _DEFINITE | _TITLE_OK or N._bare(tokens[0]) in N.TITLE_WORDS or (
            N._bare(tokens[-1]) in N.TITLE_WORDS | N.PERSON_NOUNS):
        return text
    return None


def _join_title(title: str | None, appositive: str | None) -> str | None:
    return title or appositive


def subject_before(masked: str, clause_start: int, verb_start: int) -> Subject | None:
    """The subject of a cue verb from the words before it: "Jane Roe, a fellow, said", "On
    Tuesday, one source at the meeting said", "said" after a relative "who"."""
    clause_start = max(clause_start, verb_start - CLAUSE_CHARS)
    local = _PARENTHESIS.sub(lambda m: " " * len(m.group(0)), masked[clause_start:verb_start])
    region = _strip_between(local.rstrip())
    if not region.strip() or MASK in region[-2:]:
        return None
    if _PASSIVE.search(local[-40:]):
        return None
    stripped = region.rstrip()
    if stripped.endswith((",", "—", "–", ")")) and not stripped.endswith(", who,"):
        # An appositive or aside closes before the verb: the subject opens the clause.
        pieces = re.split(r"(?<=,)", local)
        text = "".join(pieces)
        offset = 0
        for piece in pieces:
            words = piece.strip().split()
            if not words:
                offset += len(piece)
                continue
            if words[0].lower().strip(",") in _INTRO or _is_date_piece(piece):
                offset += len(piece)
                continue
            break
        # The name nearest the verb, skipping appositives back to it: "…, Gov. John Kasich, said",
        # "Jane Roe, a senior fellow at the Some Institute who studies trade, has written".
        parts = [p for p in pieces if p.strip(" ,")]
        for k in range(len(parts) - 1, max(-1, len(parts) - 5), -1):
            piece = parts[k].strip(" ,")
            if MASK in piece:
                break
            words = piece.split()
            if not words:
                continue
            if words[0].lower() in _DETERMINERS | _DEFINITE or not _is_cap(words[0]) and words[0].lower() not in _PRONOUNS:
                continue  # an appositive: "a senior fellow at ...", "the executive director of ..."
            found = read_subject(piece)
            if found is not None and found.kind in ("name", "pronoun"):
                appositive = _appositive([parts[k + 1].strip(" ,")]) if k + 1 < len(parts) else None
                return Subject(found.kind, found.text, found.title or appositive)
            break
        chunk = text[offset:]
        if MASK in chunk:
            chunk = chunk[chunk.rindex(MASK) + 1:]
        subject = read_subject(chunk)
        if subject is not None:
            return subject
        # "the company's chief executive, Jane Roe, said": the name before the aside.
    tail_start = max(0, len(stripped) - _SUBJECT_CHARS)
    boundaries = list(_BOUNDARY.finditer(stripped, tail_start))
    chunk = stripped[boundaries[-1].end():] if boundaries else stripped[tail_start:]
    if MASK in chunk:
        chunk = chunk[chunk.rindex(MASK) + 1:]
    # "..., who said" / "Smith, who": the relative points at the name before it.
    if re.match(r"\s*(?:who|which)\b", chunk, re.IGNORECASE) and boundaries:
        before = stripped[: boundaries[-1].start()].rstrip(" ,")
        tokens = before.split()
        start = _trailing_run(tokens)
        if start < len(tokens) and (start == 0 or tokens[start - 1].lower() not in ("of", "from", "in")):
            return Subject("name", " ".join(tokens[start:]))  # not "Princess Marguerite of Romania, who"
        return None
    return read_subject(chunk)


_PARENTHESIS = re.compile(r"\([^()]{0,60}\)")
_SUBJECT_CHARS = 250  # a subject phrase (name, titles, appositive) is shorter than this


def _is_date_piece(piece: str) -> bool:
    words = piece.strip(" ,").lower().split()
    return bool(words) and all(w in _INTRO or w.isdigit() or w in N._STOP_WORDS for w in words)


def subject_after(masked: str, start: int, end: int) -> Subject | None:
    """The subject of an inverted cue, from the words after the verb: "said Agency Press Secretary
    Jane Roe", "comments John Doe of the lab", "said a spokesman for the agency"."""
    text = masked[start: min(end, start + CLAUSE_CHARS)]
    if MASK in text:
        text = text[: text.index(MASK)]
    text = re.split(r"[;:]", text)[0]
    text = re.sub(r"\s*\([^)]*\)?", "", text).rstrip(" .!?")
    tokens = text.split()
    if not tokens:
        return None
    first = tokens[0].strip(",").lower()
    if first in _PRONOUNS:
        return Subject("pronoun", first)
    if first in ("reporters", "journalists", "the", "a", "an") and len(tokens) > 1 and first in ("reporters", "journalists"):
        return None
    if first not in _DETERMINERS and first not in _DEFINITE:
        # "said Clinton’s top foreign policy aide Jake Sullivan", "said Republican party boss Reince
        # Priebus", "comments John Doe of the lab": up to a comma, a clause word, or a preposition
        # once a name has started; the last capitalised run is the name, what precedes it the title.
        span: list[str] = []
        named = False
        for token in tokens[:_AFTER_TOKENS]:
            word = N._bare(token)
            if word in _CLAUSE_WORDS or (named and word in _PREPOSITIONS) or (not _is_cap(token) and word in _PREPOSITIONS and not span):
                break
            if not _is_cap(token) and word in _PREPOSITIONS and span and not N._is_title_word(span[-1]) and (
                    not _is_cap(span[-1])):
                break
            span.append(token)
            if _is_cap(token) and not N._is_title_word(token) and not N._POSSESSIVE.search(token):
                named = True
            if token.endswith(",") or N.ends_name(token) and token is not tokens[-1]:
                break
        while span and not _is_cap(span[-1].rstrip(",")):
            span.pop()
        if span:
            end_run = len(span)
            start_run = _trailing_run([t.rstrip(",") for t in span])
            phrase = [t.rstrip(",") for t in span[start_run:end_run]]
            title = " ".join(span[:start_run]) or None
            if title and N._bare(span[start_run - 1]) in ("of", "the", "for"):
                phrase, title = [t.rstrip(",") for t in span], None  # "Secretary of State John Kerry"
            rest = " ".join(tokens[len(span):])
            appositive = _appositive([rest.lstrip(", ")]) if span[-1].endswith(",") else None
            if phrase:
                return Subject("name", " ".join(phrase), title or appositive)
    description = re.split(r",|\s(?:who|which|in a|in an|on|during|after|when|while)\s", " " + text + " ")[0].strip()
    if not description:
        return None
    words = description.split()
    start_run = _trailing_run(words)
    if 0 < start_run < len(words) and words[start_run - 1].lower() not in _PREPOSITIONS and (
            words[0].lower() in _DEFINITE):
        # "added his campaign manager Jeff Weaver", "said the group's founder Ann Poe"
        return Subject("name", " ".join(words[start_run:]), " ".join(words[:start_run]))
    if words[0].lower() in _DETERMINERS | _DEFINITE or N._bare(words[-1]) in N.PERSON_NOUNS:
        name = appositive_name([p for p in text.split(",")[1:2]])
        if name:
            return Subject("name", name, description)
        return Subject("description", description) if len(words) <= 14 else None
    return None


_AFTER_TOKENS = 12
_CLAUSE_WORDS = frozenset("who which that whose whom when while as during after before because since where".split())
