"""Who said each quotation: speech cues, the phrases they name their source by, and the people an
article names, so that "he", "Mr Blair" and "the senator" resolve to a person named earlier.

The rules read English news prose in general: a cue ("said", "told", "according to", "tweeted"),
the subject on either side of it ("…,” Jane Roe, a senior fellow at the Some Institute, has
written", "said Agency Press Secretary Jane Roe"), and where an attribution can reach (the same
sentence, the sentence after, a paragraph a quotation runs on into). Every rule and threshold was
chosen on one part of a development corpus split by outlet and scored on the other
(`bench/quotes.py`); none is written for one article's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from newsearch.parsing import names as N
from newsearch.parsing.places import is_place

MASK = "\x01"  # stands for quoted text in the narration, so cues are only read outside quotes
# A cue's subject and object sit within this many characters of it; looking no further keeps a
# paragraph with thousands of verbs (a runaway line) linear.
CLAUSE_CHARS = 400

# ---------------------------------------------------------------- speech cues

_FINITE_VERBS = """
said says say told tells added adds noted notes explained explains asked asks wrote writes written
stated states warned warns insisted insists argued argues replied replies continued continues
recalled recalls acknowledged acknowledges claimed claims declared declares stressed stresses
emphasised emphasized emphasises emphasizes observed observes commented comments remarked remarks
admitted admits announced announces confirmed confirms urged urges conceded concedes cautioned
cautions tweeted tweets posted posts responded responds complained complains testified testifies
called calls described describes quipped quips joked jokes shouted shouts yelled yells exclaimed
exclaims predicted predicts suggested suggests boasted boasts mused muses vowed vows pledged pledges
promised promises demanded demands charged charges countered counters retorted retorts lamented
laments contended contends maintained maintains cried cries wondered wonders concluded concludes
reported reports recounted recounts echoed echoes opined opines blasted blasts slammed slams praised
praises read reads chanted chants mocked mocks scoffed scoffs sighed sighs laughed laughs snapped
snaps pleaded pleads begged begs agreed agrees disagreed disagrees thundered thunders barked barks
gushed gushes raved raves marveled marvelled marvels conceded reiterated reiterates elaborated
elaborates cracked cracks teased teases groused grouses grumbled grumbles muttered mutters whispered
whispers screamed screams hollered hollers proclaimed proclaims announced affirmed affirms assured
assures advised advises informed informs reminded reminds implored implores answered answers
interjected interjects offered offers summarized summarised summarizes summarises texted texts
emailed emails messaged wrote quoted recalled acknowledged explained added
"""
_MULTIWORD_CUES = [
    "according to", "pointed out", "points out", "went on", "goes on", "put it", "puts it",
    "shot back", "shoots back", "fired back", "fires back", "chimed in", "chimes in", "weighed in",
    "weighs in", "spelled out", "summed up", "sums up", "followed up", "quoted as saying",
    "heard saying", "went on to say", "goes on to say", "told reporters", "wrote on twitter",
]
_PARTICIPLES = """
saying telling adding noting writing explaining arguing asking warning insisting calling declaring
describing recalling claiming stressing urging tweeting quipping joking predicting suggesting vowing
promising responding replying acknowledging admitting conceding referring announcing charging
complaining countering lamenting proclaiming reminding answering yelling shouting screaming
chanting boasting musing pleading demanding
"""
_FINITE = sorted(set(_FINITE_VERBS.split()), key=len, reverse=True)
_CUE = re.compile(
    r"(?<![\w\-’'])(?:" + "|".join(re.escape(c) for c in sorted(_MULTIWORD_CUES, key=len, reverse=True))
    + r"|" + "|".join(_FINITE) + r")(?![\w\-’'])"
)
# "was asked", "were told": the subject heard, someone else spoke.
_PASSIVE = re.compile(
    r"(?:\b(?:was|were|is|are|be|been|being|get|gets|got|getting)\s+(?:\w+ly\s+)?)$"
)
_PASSIVE_VERBS = frozenset(
    "asked told called described praised slammed blasted mocked urged charged reported reminded informed "
    "advised assured implored offered quoted echoed answered".split()
)
# Before a cue word that is a noun here: a possessive, a determiner, or an adjective-like word.
_NOUN_BEFORE = re.compile(
    r"(?:[’']s?|\b(?:the|a|an|his|her|their|its|our|my|your|these|those|this|that|whose|recent|latest|"
    r"earlier|previous|public|campaign|such|own|many|several|some|no|any|new|first|two|three|whose|"
    r"controversial|inflammatory|critical|strong|harsh)|\b(?:a|an|the)\s+[\w-]+(?<!ly))\s+$",
    re.IGNORECASE,
)

# Cue words that are also nouns ("his comments", "Trump’s remarks"); past tenses never are.
_NOUN_FORMS = frozenset(
    """comments remarks notes claims calls reports posts tweets promises demands charges counters laughs
    cries reads answers offers texts emails pledges vows warns urges responds states tells says
    statements complaints responses replies""".split()
)

# Words between a subject and its verb: "X also said", "X has since written", "X on Tuesday said".
_BETWEEN_WORDS = frozenset(
    """also later then previously once again recently further publicly privately earlier separately
    simply only even just already never always often first last initially now still however since
    has have had would will could can may might should must did does do was is were are been being be
    not himself herself themselves itself subsequently immediately eventually finally ultimately twice
    reportedly apparently quickly on this late early yesterday today tonight morning afternoon evening
    night week monday tuesday wednesday thursday friday saturday sunday going to went used""".split()
)
_WEEKDAY_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_BETWEEN_PHRASES = ("in a statement", "in an interview", "in a tweet", "in a post", "in a letter", "in an email")


def _strip_between(text: str) -> str:
    """`text` without the words that may stand between a subject and its verb (lower-case adverbs
    and auxiliaries: never a capitalised word, so "Megyn Kelly" keeps "Kelly")."""
    text = text.rstrip()
    while text:
        lowered = text[-20:].lower()
        phrase = next((p for p in _BETWEEN_PHRASES if lowered.endswith(" " + p)), None)
        if phrase:
            text = text[: -len(phrase)].rstrip()
            continue
        cut = text.rfind(" ")
        word = text[cut + 1:]
        if (word.islower() and (word in _BETWEEN_WORDS or (len(word) > 4 and word.endswith("ly")))) or (
                word.lower() in _WEEKDAY_WORDS):
            text = text[:cut].rstrip() if cut >= 0 else ""
            continue
        break
    return text


_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
_GROUP_PRONOUNS = frozenset("they we i you it".split())
_DETERMINERS = frozenset(
    "a an one another some several many two three four five six seven eight nine ten dozens hundreds "
    "thousands other most few both all each every no any".split()
)
_DEFINITE = frozenset("the this that these those his her their its our my your".split())
_PREPOSITIONS = frozenset(
    "for of at with from to in on by near about against among between inside outside within under "
    "over after before during without via per".split()
)
_RELATIVE = frozenset("who which that whom whose as while when where and but so then because".split())
# Words that open an introductory phrase ("On Tuesday, Smith said").
_INTRO = frozenset(
    """on in at after before during earlier later but and meanwhile however still yet asked speaking
    when while since as although though if because last this yesterday today tonight separately
    instead also now then so indeed moreover for with without by from according under over following
    despite given addressing writing responding interviewed reached contacted in an at a
    monday tuesday wednesday thursday friday saturday sunday""".split()
)
# A clause boundary inside narration before a verb's subject.
_BOUNDARY = re.compile(
    r"(?:[;:(\[]|[—–]|\s-\s|,|\b(?:that|and|but|because|while|when|whereas|as|after|before|if|since|"
    r"although|though|where|whether|so|then|than|until|unless|once)\b)"
)

# Words a run may start with that are not part of a name ("But Trump", "The Clinton campaign").
_LEADING = N._NAME_STOP


class Source(NamedTuple):
    """Who a cue names: a person (with the Person record), an organisation, an anonymous
    description, or nobody."""

    name: str | None
    title: str | None
    kind: str | None
    person: Person | None = None


NOBODY = Source(None, None, None, None)


@dataclass(eq=False)
class Person:
    """One person an article names, under the fullest form of their name seen so far."""

    tokens: list[str]
    gender: str | None = None
    title: str | None = None
    roles: set[str] = field(default_factory=set)
    last: int = -1  # where last mentioned
    last_subject: int = -1  # where last the subject of a sentence or a cue
    given: str | None = field(init=False, default=None)
    surname: str = field(init=False, default="")
    suffix: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.rename(self.tokens)

    def rename(self, tokens: list[str]) -> None:
        self.tokens = list(tokens)
        self.given, self.surname, self.suffix = _identity(self.tokens)

    @property
    def name(self) -> str:
        return " ".join(self.tokens)


@lru_cache(maxsize=8192)
def _identity_of(tokens: tuple[str, ...]) -> tuple[str | None, str, str | None]:
    return _identity_uncached(list(tokens))


def _identity(tokens: list[str]) -> tuple[str | None, str, str | None]:
    return _identity_of(tuple(tokens))


def _identity_uncached(tokens: list[str]) -> tuple[str | None, str, str | None]:
    words = [N._bare(t) for t in tokens]
    suffix = words[-1] if len(words) > 1 and words[-1] in N._SUFFIXES else None
    core = [w for w, t in zip(words, tokens) if w not in N._SUFFIXES]
    named = [w for w, t in zip(words, tokens) if w not in N._SUFFIXES and not N._INITIAL.match(t)]
    given = named[0] if len(named) >= 2 else None
    return given, (core or words)[-1], suffix


class People:
    """The people an article names, in the order it names them."""

    def __init__(self, common_words: frozenset[str] = frozenset(), org_words: frozenset[str] = frozenset()) -> None:
        self.persons: list[Person] = []
        self.common_words = common_words  # words the article writes in lower case somewhere
        self.org_words = org_words  # words the article writes inside an organisation's name

    def _candidates(self, tokens: list[str], gender: str | None) -> list[Person]:
        given, surname, suffix = _identity(tokens)
        found = []
        for person in self.persons:
            if person.surname != surname or person.suffix != suffix:
                continue
            if given and person.given and person.given != given and not _initial_of(given, person.given):
                continue
            if gender and person.gender and gender != person.gender:
                continue
            found.append(person)
        if not found and len(tokens) == 1:
            # A later mention by the given name alone ("Hillary", "Bernie"), or in naming customs
            # that use it ("Hlaing" for "Min Aung Hlaing" is a surname match already).
            word = N._bare(tokens[0])
            found = [p for p in self.persons if p.given == word and (not gender or not p.gender or p.gender == gender)]
        return found

    def find(self, tokens: list[str], gender: str | None = None) -> Person | None:
        found = self._candidates(tokens, gender)
        return max(found, key=lambda p: p.last) if found else None

    def mention(self, tokens: list[str], position: int, gender: str | None = None, title: str | None = None,
                roles: set[str] | None = None, subject: bool = False, create: bool = True) -> Person | None:
        given, _, _ = _identity(tokens)
        person = self.find(tokens, gender)
        if person is not None and given and not person.given and self._has_other_given(person, given):
            person = None
        if person is None:
            if not create:
                return None
            person = Person(list(tokens), gender)
            self.persons.append(person)
        elif len(tokens) > len(person.tokens) or (given and not person.given):
            person.rename(tokens)  # the fullest form
        if gender and not person.gender:
            person.gender = gender
        if title:
            person.title = title
            person.roles.update(N._bare(w) for w in title.split())
        if roles:
            person.roles.update(roles)
        person.last = max(person.last, position)
        if subject:
            person.last_subject = max(person.last_subject, position)
        return person

    def _has_other_given(self, person: Person, given: str) -> bool:
        return any(p is not person and p.surname == person.surname and p.given == given for p in self.persons)

    def pronoun(self, gender: str, position: int) -> Person | None:
        """The person "he" or "she" at `position` stands for: the most recent person of that
        gender (or of none known) mentioned before it, preferring one who was a sentence subject
        or speaker at least as recently as any other candidate was mentioned."""
        candidates = [p for p in self.persons if 0 <= p.last < position and p.gender in (gender, None)]
        if not candidates:
            return None
        def key(p: Person) -> int:
            return max(p.last_subject, p.last - SUBJECT_EDGE)

        best = max(candidates, key=lambda p: (key(p), p.last))
        if best.gender is None:
            known = [p for p in candidates if p.gender == gender and key(p) >= key(best) - PRONOUN_REACH]
            if known:
                return max(known, key=lambda p: (key(p), p.last))
        return best

    def described(self, words: set[str], position: int) -> Person | None:
        """The person "the senator" or "the Florida Republican" stands for: the most recent one whose
        title or description holds the description's head noun."""
        candidates = [p for p in self.persons if 0 <= p.last < position and words & p.roles]
        return max(candidates, key=lambda p: p.last) if candidates else None


# How much more recently an unknown-gender person may have been mentioned than the latest person of
# the pronoun's gender for the latter still to be preferred (characters), and how far a
# non-subject mention counts against a subject one. Chosen on the development fold.
PRONOUN_REACH = 0
SUBJECT_EDGE = 1000


def _initial_of(a: str, b: str) -> bool:
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


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
_WORD = re.compile(r"(?<![\w\-’'])[a-z]+(?![\w\-’'])")
_FINITE_SET = frozenset(_FINITE)
_PARTICIPLE_SET = frozenset(_PARTICIPLES.split())
_MULTI_FIRST = frozenset(c.split()[0] for c in _MULTIWORD_CUES)


def _trie(words: list[str]) -> str:
    """A regular expression matching exactly `words`, factored by shared prefixes, so the regex
    engine rejects a position at its first letter instead of trying every word in turn."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return pattern(tree)


# Every cue word and participle, longest first where one is a prefix of another (the trie tries
# the longer branch first and falls back: "according to", "said").
_ANY_CUE = re.compile(
    r"(?<![\w\-’'])(?:" + _trie(sorted(set(_FINITE) | set(_MULTIWORD_CUES) | _PARTICIPLE_SET)) + r")(?![\w\-’'])"
)


def _cue_matches(masked: str, start: int, end: int):
    """The cue words in masked[start:end] (participles included), in one regex scan."""
    return _ANY_CUE.finditer(masked, start, end)


def cues(masked: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(start, end, participle) of each speech cue in masked[start:end] (outside quotations)."""
    found = []
    for match in _cue_matches(masked, start, end):
        word = match.group(0)
        if word in _PARTICIPLE_SET:
            found.append((match.start(), match.end(), True))
            continue
        if word in _PASSIVE_VERBS and _PASSIVE.search(masked[max(0, match.start() - 30): match.start()]):
            continue
        if word in _NOUN_FORMS and _NOUN_BEFORE.search(masked[max(0, match.start() - 40): match.start()]):
            continue  # "Ginsburg’s comments", "his remarks", "the statement reads": a noun, not a verb
        found.append((match.start(), match.end(), False))
    return found
