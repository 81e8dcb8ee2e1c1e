"""Who said each quotation: speech cues, the phrases they name their source by, and the people an
article names, so that "he", "Mr Blair" and "the senator" resolve to a person named earlier.

The rules read English news prose in general: a cue ("said", "told", "according to", "tweeted"),
the subject on either side of it ("…,” Jane Roe, a senior fellow at the Some Institute, has
written", "said Agency Press Secretary Jane Roe"), and where an attribution can reach (the same
sentence, the sentence after, a paragraph a quotation runs on into). Every rule and threshold was
chosen on one part of a development corpus split by outlet and scored on the other
(`bench/quotes.py`); none is written for one article's words.

The cue words live in `cue_words`, the people an article names in `persons`, the reading of a
subject phrase in `subjects`; this module turns a subject into a Source (a person, an
organisation, an anonymous description).
"""

from __future__ import annotations

from typing import NamedTuple

from newsearch.parsing import names as N
from newsearch.parsing.cue_words import (  # noqa: F401 (the names quotes.py reads through this module)
    CLAUSE_CHARS, MASK, _DEFINITE, _DETERMINERS, _INTRO, _PREPOSITIONS, _PRONOUNS, cues,
)
from newsearch.parsing.persons import NOBODY, People, Person, Source  # noqa: F401
from newsearch.parsing.places import is_place
from newsearch.parsing.subjects import (  # noqa: F401
    Subject, _is_cap, _join_title, read_subject, subject_after, subject_before,
)

# ---------------------------------------------------------------- resolving a source


def resolve(subject: Subject | None, position: int, people: People, last_group: str | None = None) -> Source:
    """The Source a subject phrase stands for at `position` in the article."""
    if subject is None:
        return NOBODY
    if subject.kind == "pronoun":
        person = people.pronoun(_PRONOUNS[subject.text], position)
        return _person_source(person, None) if person else NOBODY
    if subject.kind == "group":
        if subject.text == "they" and last_group:
            return Source(None, last_group, "anonymous")
        return NOBODY
    if subject.kind == "description":
        return _describe(subject.text, position, people)
    if subject.kind == "organisation":
        return Source(subject.text, None, "organisation")
    parts = N.read_name(subject.text)
    if parts.kind == "organisation":
        return Source(parts.name, None, "organisation")
    if parts.kind == "anonymous":
        return Source(None, _description_text(subject.text), "anonymous")
    if parts.kind != "person" or not parts.name:
        return NOBODY
    title = _join_title(parts.title, subject.title) if parts.title or subject.title else None
    tokens = parts.name.split()
    if len(tokens) == 1 and not parts.title and tokens[0].lower() in people.common_words and people.find(tokens) is None:
        return NOBODY  # "Only", "Broadcast": a capitalised word the article also writes in lower case
    if _speaks_for_others(subject.text, tokens, parts.title, people):
        return Source(parts.name, None, "organisation")
    gender = parts.gender or _gender_of_text(subject.title)
    roles = _role_words(title)
    person = people.mention(tokens, position, gender, title, roles, subject=True)
    return _person_source(person, title)


# Which signs make a name no person of the article has an organisation's (chosen on the
# development fold): a place ("Japan said"), and a word of an organisation's name the article
# writes ("Kodak said" after "Eastman Kodak Co").
ORG_SIGNS = ("place", "organisation word")


def _speaks_for_others(text: str, tokens: list[str], title: str | None, people: People) -> bool:
    """Whether a name read as a person's is a place's or a company's speaking: no title, no
    honorific, no person of the article with that name, and a place or (one word) a word of an
    organisation's name in the article."""
    if title or N._bare(text.split()[0]) in N.HONORIFICS or people.find(tokens) is not None:
        return False
    if "place" in ORG_SIGNS and is_place(" ".join(tokens)):
        return True
    return "organisation word" in ORG_SIGNS and len(tokens) == 1 and N._bare(tokens[0]) in people.org_words


def _person_source(person: Person, title: str | None) -> Source:
    return Source(person.name, title or person.title, "person", person)


def _gender_of_text(text: str | None) -> str | None:
    if not text:
        return None
    for word in text.split():
        gender = N._GENDERED_WORDS.get(N._bare(word))
        if gender:
            return gender
    return None


def _role_words(text: str | None) -> set[str]:
    if not text:
        return set()
    words = {N._bare(w) for w in text.split()}
    roles = {w for w in words if w in N.TITLE_WORDS or w in N.PERSON_NOUNS or w in N._TITLE_MODIFIERS}
    aliases = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "dr": "doctor",
               "prof": "professor", "congressman": "representative", "congresswoman": "representative"}
    roles |= {aliases[w] for w in words if w in aliases}
    roles |= {w for w in words if w[:1].isalpha() and w not in N._NAME_STOP and len(w) > 2}
    return roles


def _description_text(text: str) -> str:
    text = text.strip().strip(",;:")
    return text[:1].lower() + text[1:] if text[:1].isupper() and N._bare(text.split()[0]) in _DETERMINERS | _DEFINITE | N.PERSON_NOUNS else text


def _describe(text: str, position: int, people: People) -> Source:
    """A source the article describes: anonymous ("a bill trader", "officials", "one source at the
    meeting"), an organisation ("the campaign"), a person named earlier ("the Florida senator"), or
    a document that is no one ("the statement")."""
    tokens = text.split()
    words = [N._bare(t) for t in tokens]
    head_part = []
    for word in words:
        if word in _PREPOSITIONS or word in ("who", "which", "that"):
            break
        head_part.append(word)
    head = head_part[-1] if head_part else words[-1]
    if head in N.DOCUMENT_NOUNS:
        return NOBODY
    if head in N.ORG_NOUNS and head not in N.PERSON_NOUNS:
        # "the Clinton campaign", "the State Department": the organisation's own name if it has one.
        caps = [t for t in tokens[: len(head_part)] if _is_cap(t) and N._bare(t) not in _DEFINITE]
        name = " ".join(caps + [tokens[len(head_part) - 1]]) if caps else None
        return Source(name, _description_text(text) if not caps else None, "organisation")
    if words[0] in _DEFINITE and not head.endswith("s") and words[0] in ("the", "this", "that"):
        person = people.described({head} | {w for w in head_part[1:] if w in N.TITLE_WORDS}, position)
        if person is not None:
            return _person_source(person, None)
    return Source(None, _description_text(text), "anonymous")


# ---------------------------------------------------------------- cues in a sentence


class Cue(NamedTuple):
    start: int  # of the cue words in the paragraph
    end: int
    subject: Subject | None
    source: Source
    inverted: bool  # the subject follows the verb ("said Jane Roe")
    participle: bool



