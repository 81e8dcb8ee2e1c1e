"""Speech cues of English news prose: the verbs and phrases that report speech ("said", "told
reporters", "according to"), the words that stand between a subject and its verb, and the
function words subjects are read by. One prefix-factored regex finds every cue in one scan.
"""

from __future__ import annotations

import re

from newsearch.parsing import names as N

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
