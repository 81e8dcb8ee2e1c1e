"""Quotations and their speakers on PolNeAR, split by outlet, beside a plain "said" baseline.

PolNeAR (`../shared/corpora/polnear`, training split: 840 articles, 7 US outlets) annotates every
attribution: Source, Cue and Content spans. A gold quotation is the text between quotation marks
inside a Content span (3+ words, as newsearch skips shorter scare quotes; not in the headline),
and its speaker is the Source span. Each non-empty line after the headline is a paragraph. Predicted quotations are matched to gold ones in the same
article by their first five words (lower-cased `\\w+` tokens), one to one, in order.

Folds, by outlet: rules were written and every threshold chosen looking only at the development
fold (Breitbart, Huffington Post, New York Times, Politico); the held-out fold (USA Today,
Washington Post, Western Journalism) was only scored. Both are printed, and their mean.

Gold sources are sorted into kinds (see `gold_kind`): a named person ("Spokeswoman Haley Morris",
"Trump": the surname is the last word of the name), an organisation ("CNN", "the State
Department"), a pronoun ("he"), an indefinite or plural description ("a spokesman", "officials",
"one lawmaker": anonymous), or a definite description ("the businessman": an anaphor whose person
the annotation does not give). Columns:

- found: gold quotations matched by a predicted one (all kinds).
- speaker right: of gold quotations whose source names a person, the share found with a speaker
  whose name holds the gold surname.
- given, right: of the found quotations given a person speaker, the share right, judged where the
  gold says who it is: named person (surname), organisation or anonymous (a person is wrong),
  hand-labelled pronoun (the labelled surname); unlabelled pronouns and definite descriptions are
  not judged.
- pronouns: of the hand-labelled he/she sources (`PRONOUN_LABELS`, 100 per fold), the share whose
  speaker holds the labelled surname.
- anonymous as person: of gold anonymous sources found, the share given a person's name.

Run: `python bench/quotes.py` (writes nothing; `--write` puts the tables into
bench/results/quotes.md). `--errors FOLD` lists the misses of one fold.
"""

from __future__ import annotations

import collections
import random
import time
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import common

sys.path.insert(0, str(common.REPO))
from newsearch.parsing.quotes import explain_quotes  # noqa: E402

POLNEAR = common.CORPORA / "polnear" / "train"
RESULTS = common.BENCH / "results" / "quotes.md"
FOLDS = {
    "development": ("breitbart", "huff-post", "nyt", "politico"),
    "held-out": ("usa-today", "wash-post", "west-journal"),
}
MIN_WORDS = 3
KEY_WORDS = 5

_WORD = re.compile(r"\w+")
_PRONOUNS = frozenset("he she they i we you it who which his her their him them me us my our its".split())
_PERSONAL = frozenset("he she his her him".split())
_DETERMINERS = frozenset("a an one another some several many two three four five other others most few".split())
_ORG_HINTS = frozenset(
    """campaign committee department news times post party house senate congress administration
    commission network group institute university council agency office court corporation company
    inc corp foundation association union coalition project center centre service bureau board
    ministry government fund pac super journal magazine daily tribune press reuters fbi cia
    cnn nbc abc cbs msnbc fox npr bbc ap afp politico breitbart gop dnc rnc poll newspaper
    website site paper channel station club caucus organization organisation""".split()
)
_TITLES = frozenset(
    """president vice sen sen. senator rep rep. representative gov gov. governor secretary minister
    mr mr. mrs mrs. ms ms. dr dr. former chairman chairwoman chair speaker leader mayor judge
    justice state attorney general gen gen. spokesman spokeswoman spokesperson director chief
    executive ceo democratic republican candidate nominee presidential rev rev. first lady sir
    lord queen king prince pope deputy assistant press the of u.s. us ambassador""".split()
)
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


# ---------------------------------------------------------------- gold


@dataclass
class Gold:
    article: str
    start: int  # offset of the quotation's first character in the article text
    text: str
    source: str
    kind: str  # person / organisation / pronoun / anonymous / definite
    surname: str | None  # for persons (and hand-labelled pronouns)


@dataclass
class Article:
    name: str
    outlet: str
    text: str
    paragraphs: list[str]
    gold: list[Gold] = field(default_factory=list)


def _ann(path: Path) -> tuple[dict, list]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        m = re.match(r"^(T\d+)\t(\S+) ([\d ;]+)\t(.*)$", line)
        if m:
            pieces = [tuple(map(int, p.split())) for p in m.group(3).split(";")]
            spans[m.group(1)] = (m.group(2), pieces, m.group(4))
            continue
        m = re.match(r"^E\d+\t(.*)$", line)
        if m:
            roles = collections.defaultdict(list)
            for part in m.group(1).split():
                if ":" in part:
                    role, ref = part.split(":", 1)
                    roles[role.rstrip("0123456789")].append(ref)
            events.append(roles)
    return spans, events


_OPEN = "“\""
_CLOSE = "”\""


def quoted_pieces(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, text) of each stretch between quotation marks inside text[start:end]."""
    # A mark just outside the span belongs to it ("“" before a Content that starts inside it).
    if start > 0 and text[start - 1] in _OPEN:
        start -= 1
    while end < len(text) and text[end] in ".,!?" + _CLOSE:
        end += 1
    pieces = []
    i = start
    while i < end:
        ch = text[i]
        opener = ch == "“" or (ch == '"' and (i == 0 or not text[i - 1].isalnum() and text[i - 1] not in ".,!?;:"))
        if not opener:
            i += 1
            continue
        j = i + 1
        while j < end and text[j] not in _CLOSE and text[j] != "\n":
            j += 1
        inner = text[i + 1 : j].strip()
        if inner:
            pieces.append((i + 1, inner))
        i = j + 1
    return pieces


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _WORD.findall(text)]


_PREPOSITIONS = frozenset("for of at with from to in on by".split())
_INDEFINITE = frozenset("a an another one some several many two three four five other others most few".split())
_POSSESSIVE_SPLIT = re.compile(r"[’']s?\s+(?=\S)")


def _capitalised(token: str) -> bool:
    return token[:1].isupper() or bool(re.fullmatch(r"(?:de|van|von|la|del|da|di|al|bin|ibn|le)", token))


def _person_part(run: list[str]) -> list[str]:
    """The name in a capitalised run, after its titles ("Senate Minority Leader Harry Reid")."""
    last_title = max((i for i, t in enumerate(run[:-1]) if t.lower().strip(".,") in _TITLES | _TITLE_EXTRA), default=-1)
    return run[last_title + 1:]


def gold_kind(source: str) -> tuple[str, str | None]:
    """The kind of a gold Source span and, for a person, the surname."""
    source = re.sub(r"\s+", " ", source).strip().strip(",")
    words = source.split()
    if not words:
        return "anonymous", None
    first = words[0].lower().strip("’'")
    if first in _PRONOUNS and len(words) <= 2:
        return "pronoun", None
    source = re.sub(r"\s+(?:himself|herself|themselves|itself)\b", "", source)
    clauses = re.split(r",|\(|—| - | who | which | that ", source + " ")
    head = clauses[0].strip()
    possessed = False
    parts = _POSSESSIVE_SPLIT.split(head)
    if len(parts) > 1 and parts[-1].strip():
        head, possessed = parts[-1].strip(), True
    tokens = head.split()
    if not tokens:
        return "anonymous", None
    opener = tokens[0].lower()
    if "and" in tokens[1:]:
        tokens = tokens[: tokens.index("and", 1)]  # "Frank Newport and Jim Harter": the first
    # "Stacy Baker of Columbia", "a spokesman for Bernie Sanders": the head ends at the first
    # preposition that follows more than titles ("Secretary of State John Kerry" runs on).
    for i, token in enumerate(tokens[1:], 1):
        if token.lower() in _PREPOSITIONS and not all(t.lower().strip(".,") in _TITLES | _TITLE_EXTRA for t in tokens[:i]):
            tokens = tokens[:i]
            break
    # An appositive name after a description: "her senior policy adviser, Jake Sullivan".
    if not _capitalised(tokens[-1]) and len(clauses) > 1:
        apposition = clauses[1].strip().split()
        if 2 <= len(apposition) <= 4 and all(_capitalised(t) for t in apposition):
            return "person", _surname(apposition)
    if not _capitalised(tokens[-1]):
        noun = tokens[-1].lower().strip(".,’'")
        if noun in _ORG_HINTS and opener not in _INDEFINITE:
            return "organisation", None
        if opener in _INDEFINITE or noun.endswith("s") and noun.rstrip("s") in _COMMON_PLURAL:
            return "anonymous", None
        if opener in ("the", "this", "that") or possessed or opener in ("his", "her", "their"):
            return "definite", None
        return "anonymous", None
    run: list[str] = []
    for token in reversed(tokens):
        if not _capitalised(token) and not re.fullmatch(r"\(?[A-Z]\.?-?\w*\.?\)?", token):
            break
        run.insert(0, token)
    if opener in _INDEFINITE and (run[-1].lower().rstrip("s") in _COMMON_PLURAL or len(tokens) - len(run) > 2
                                  or run[-1].lower() in _ORG_HINTS):
        return "anonymous", None  # "another New Hampshire Republican", "one Trump campaign source"
    if opener == "the" and len(tokens) == len(run) + 1 and not any(t.lower().strip(".,") in _TITLES for t in run):
        return "organisation", None  # "the American Legion", "The New York Times"
    name = _person_part(run)
    lowered = [t.lower().strip(".,’'") for t in name]
    if any(t in _ORG_HINTS for t in lowered) or (len(name) == 1 and name[0].isupper() and len(name[0]) > 2):
        return "organisation", None
    if len(name) == 1 and lowered[0].endswith("s") and lowered[0].rstrip("s") in _COMMON_PLURAL:
        return "anonymous", None
    surname = _surname(name)
    return ("person", surname) if surname else ("anonymous", None)


def _surname(name: list[str]) -> str | None:
    kept = [t for t in name if t.lower().strip(".,") not in _SUFFIXES and not re.fullmatch(r"[A-Z]\.?", t)
            and not t.startswith("(")]
    if not kept:
        return None
    return re.sub(r"[’']s?$", "", kept[-1].strip(".,’'")).lower() or None


_TITLE_EXTRA = frozenset("whip majority minority chairman executive republican democrat columnist member".split())


_COMMON_PLURAL = frozenset(
    """official analyst expert aide source dealer trader economist observer critic supporter voter
    republican democrat conservative liberal leader member resident protester poll survey report
    adviser advisor strategist people lawmaker donor activist delegate worker student parent
    researcher scientist insider operative staffer other viewer reader commenter
    fan""".split()
)


def load(outlets: tuple[str, ...]) -> list[Article]:
    files: dict[str, Path] = {}
    for path in sorted((POLNEAR / "attributions").glob("*.ann")):
        files.setdefault(path.name.rsplit("_", 1)[0], path)  # one annotator's file per article
    articles = []
    for name, ann in sorted(files.items()):
        outlet = name.split("_", 1)[0]
        if outlet not in outlets:
            continue
        text = (POLNEAR / "text" / f"{name}.txt").read_text(encoding="utf-8")
        blocks = text.split("\n\n")
        headline_end = len(blocks[0])
        # Paragraphs: the lines after the headline (live blogs break paragraphs with one newline).
        paragraphs = [line.strip() for b in blocks[1:] for line in b.split("\n")]
        article = Article(name, outlet, text, [p for p in paragraphs if p])
        spans, events = _ann(ann)
        seen = set()
        for roles in events:
            if not roles.get("Source") or not roles.get("Content"):
                continue
            source = " ".join(spans[r][2] for r in roles["Source"] if r in spans)
            kind, surname = gold_kind(source)
            for ref in roles["Content"]:
                if ref not in spans:
                    continue
                for s, e in spans[ref][1]:
                    for offset, piece in quoted_pieces(text, s, e):
                        if offset < headline_end or len(_tokens(piece)) < MIN_WORDS or offset in seen:
                            continue
                        seen.add(offset)
                        article.gold.append(Gold(name, offset, piece, source, kind, surname))
        article.gold.sort(key=lambda g: g.start)
        articles.append(article)
    return articles


# ---------------------------------------------------------------- hand-labelled pronoun sources

# (article, offset of the gold quotation, surname of the person its "he"/"she" source stands
# for). Drawn with random.Random(16).sample(..., 100) from each fold's gold quotations whose whole
# Source span is "he" or "she" (`pronoun_sample`), then labelled by reading the article up to the
# quotation and naming the person the pronoun refers to, without looking at any prediction for
# them. Only the development labels were ever used to choose a rule or a weight.
PRONOUN_LABELS: list[tuple[str, int, str]] = [
    # development fold
    ("huff-post_2016-06-17_trump-s-supporters-may-be-the-re", 5797, "sexton"),
    ("politico_2015-12-26_british-diplomat-praises-obama-s", 330, "westmacott"),
    ("politico_2016-01-05_republicans-blast-obama-after-no", 604, "rubio"),
    ("huff-post_2016-02-07_the-latest-gop-debate-kicked-off", 21543, "kasich"),
    ("huff-post_2016-08-11_donald-trump-is-now-calling-obam", 2667, "trump"),
    ("huff-post_2015-12-12_bernie-sanders-isn-t-too-impress", 929, "sanders"),
    ("politico_2015-11-30_congress-set-to-dump-no-child-le", 8921, "petrilli"),
    ("breitbart_2015-11-19_exclusive-excerpt-dinesh-d-souza", 2438, "brafman"),
    ("huff-post_2016-08-05_donald-trump-finally-endorses-ho", 2083, "nehlen"),
    ("politico_2016-07-11_playbook-passes-the-torch", 4980, "palmer"),
    ("huff-post_2016-02-01_here-s-why-winning-iowa-could-br", 7650, "obama"),
    ("huff-post_2015-12-20_why-the-democratic-party-s-move-", 3725, "clinton"),
    ("politico_2016-06-22_trump-s-stumbles-fuel-convention", 7156, "bruch"),
    ("huff-post_2015-12-03_cnn-president-on-trump-we-do-not", 691, "zucker"),
    ("breitbart_2015-11-19_exclusive-excerpt-dinesh-d-souza", 13124, "kelly"),
    ("huff-post_2016-02-18_canada-s-cape-breton-will-welcom", 840, "calabrese"),
    ("huff-post_2016-02-26_hillary-clinton-says-trump-s-big", 949, "scarborough"),
    ("huff-post_2016-05-12_george-zimmerman-auctioning-off-", 466, "zimmerman"),
    ("politico_2016-08-08_how-newtown-gave-chris-murphy-a-", 2686, "murphy"),
    ("breitbart_2016-05-05_bolton-and-gorka-slam-neocons-fo", 3692, "bolton"),
    ("politico_2016-05-23_senate-candidates-stake-out-a-ra", 5553, "lopez-cantera"),
    ("huff-post_2016-03-10_trump-says-he-never-pledged-to-k", 1522, "trump"),
    ("breitbart_2016-01-05_the-latest-cruz-to-give-away-eng", 3814, "cruz"),
    ("huff-post_2015-11-23_donald-trump-tweets-a-wildly-ina", 1815, "trump"),
    ("politico_2016-05-23_senate-candidates-stake-out-a-ra", 6126, "jolly"),
    ("huff-post_2016-02-01_here-s-why-winning-iowa-could-br", 4988, "madison"),
    ("breitbart_2016-01-01_jeb-bush-super-pac-chief-praises", 1434, "pate"),
    ("breitbart_2016-05-12_trump-ryan-pledge-to-work-togeth", 3700, "cole"),
    ("politico_2016-05-23_senate-candidates-stake-out-a-ra", 7399, "murphy"),
    ("politico_2016-06-22_trump-s-stumbles-fuel-convention", 4227, "humphrey"),
    ("breitbart_2016-01-10_conservative-icon-morton-blackwe", 973, "blackwell"),
    ("politico_2015-12-23_ben-carson-hints-at-major-campai", 6629, "williams"),
    ("politico_2015-12-09_the-presidential-candidates-favo", 3490, "fiorina"),
    ("politico_2016-05-23_senate-candidates-stake-out-a-ra", 4348, "jolly"),
    ("politico_2016-06-13_terrorism-experts-rebuke-trump-p", 6333, "clarke"),
    ("politico_2016-08-08_inside-the-swing-state-trench-wa", 10810, "bryant"),
    ("huff-post_2015-12-03_cnn-president-on-trump-we-do-not", 2804, "zucker"),
    ("politico_2016-08-08_how-newtown-gave-chris-murphy-a-", 6909, "murphy"),
    ("politico_2016-09-01_debating-clinton-s-character", 14080, "podesta"),
    ("huff-post_2016-02-01_here-s-why-winning-iowa-could-br", 7300, "clinton"),
    ("huff-post_2016-08-31_france-s-marine-le-pen-backs-tru", 1313, "pen"),
    ("breitbart_2016-02-20_the-latest-hillary-clinton-tells", 31728, "bush"),
    ("huff-post_2016-06-08_chuck-grassley-compares-trump-s-", 724, "grassley"),
    ("politico_2016-01-27_the-steep-cost-of-cruz-s-county-", 2392, "frazier"),
    ("politico_2015-11-09_sanders-endorsements-prove-clint", 2214, "mccaskill"),
    ("politico_2016-02-09_trump-we-are-going-to-win-so-muc", 1111, "trump"),
    ("politico_2016-07-06_atlantic-city-officials-welcome-", 1654, "guardian"),
    ("breitbart_2016-06-28_sanders-brexit-s-message-could-d", 2094, "sanders"),
    ("politico_2016-04-11_clinton-and-sanders-trade-low-bl", 152, "clinton"),
    ("huff-post_2016-02-12_the-unlikely-friendship-of-a-tru", 3221, "paradis"),
    ("politico_2016-04-22_virginia-governor-restores-votin", 2398, "mcauliffe"),
    ("breitbart_2016-02-06_republican-presidential-candidat", 1113, "carson"),
    ("huff-post_2016-02-07_the-latest-gop-debate-kicked-off", 17069, "rubio"),
    ("breitbart_2016-02-20_the-latest-hillary-clinton-tells", 22079, "kasich"),
    ("breitbart_2015-11-19_exclusive-excerpt-dinesh-d-souza", 7578, "berman"),
    ("politico_2016-02-09_trump-we-are-going-to-win-so-muc", 2458, "trump"),
    ("huff-post_2016-07-18_more-offensive-things-donald-tru", 5638, "trump"),
    ("huff-post_2015-12-20_why-the-democratic-party-s-move-", 1155, "hendler"),
    ("politico_2016-01-14_wsj-editorial-deport-nikki-haley", 885, "haley"),
    ("breitbart_2016-05-15_trump-talks-to-megyn-kelly-about", 542, "trump"),
    ("huff-post_2016-03-09_carly-fiorina-endorses-ted-cruz-", 964, "fiorina"),
    ("huff-post_2016-02-26_hillary-clinton-says-trump-s-big", 1595, "clinton"),
    ("huff-post_2016-03-15_pastor-wants-girl-scout-leaders-", 765, "swanson"),
    ("politico_2015-12-15_carson-huckabee-fiorina-earned-s", 4984, "bradley"),
    ("politico_2015-12-06_clinton-time-for-intensification", 781, "clinton"),
    ("breitbart_2016-02-18_ap-gfk-poll-voters-increasingly-", 1282, "benford"),
    ("breitbart_2016-06-08_ready-to-back-clinton-obama-work", 2712, "earnest"),
    ("politico_2016-01-05_republicans-blast-obama-after-no", 721, "rubio"),
    ("breitbart_2015-12-03_graham-trump-s-incredibly-hatefu", 582, "graham"),
    ("politico_2015-11-30_congress-set-to-dump-no-child-le", 2775, "orfield"),
    ("politico_2016-01-19_clinton-super-pac-answers-rove-a", 922, "clinton"),
    ("breitbart_2015-12-03_graham-trump-s-incredibly-hatefu", 938, "graham"),
    ("politico_2015-12-28_carly-fiorina-bill-clinton-s-fai", 495, "fiorina"),
    ("breitbart_2016-04-14_the-latest-trump-delivers-defens", 8116, "pataki"),
    ("politico_2015-12-06_clinton-time-for-intensification", 838, "clinton"),
    ("politico_2016-05-26_clinton-goes-on-trump-style-phon", 891, "clinton"),
    ("breitbart_2016-02-20_the-latest-hillary-clinton-tells", 17248, "kasich"),
    ("politico_2016-01-27_the-steep-cost-of-cruz-s-county-", 6316, "robison"),
    ("breitbart_2016-01-05_the-latest-cruz-to-give-away-eng", 4774, "clinton"),
    ("breitbart_2016-05-05_bolton-and-gorka-slam-neocons-fo", 3993, "gorka"),
    ("huff-post_2015-12-20_hillary-clinton-s-claim-that-don", 401, "clinton"),
    ("huff-post_2016-08-05_bloodline-star-norbert-leo-butz-", 2519, "butz"),
    ("huff-post_2016-07-18_more-offensive-things-donald-tru", 4920, "trump"),
    ("breitbart_2016-01-10_conservative-icon-morton-blackwe", 1446, "blackwell"),
    ("politico_2016-03-10_trump-s-rivals-pull-their-punche", 4213, "rubio"),
    ("breitbart_2016-02-06_republican-presidential-candidat", 1007, "cruz"),
    ("huff-post_2016-08-03_francois-hollande-says-donald-tr", 2369, "hollande"),
    ("politico_2016-05-23_senate-candidates-stake-out-a-ra", 6189, "jolly"),
    ("huff-post_2016-03-23_how-the-democratic-elite-betraye", 1497, "chait"),
    ("politico_2015-12-28_carly-fiorina-bill-clinton-s-fai", 1037, "fiorina"),
    ("politico_2016-01-31_clinton-rolls-out-special-charac", 5414, "ebeling"),
    ("breitbart_2016-02-20_the-latest-hillary-clinton-tells", 5545, "trump"),
    ("huff-post_2015-12-12_bernie-sanders-isn-t-too-impress", 1145, "sanders"),
    ("politico_2016-05-23_senate-candidates-stake-out-a-ra", 7682, "murphy"),
    ("breitbart_2016-03-02_christie-s-shell-shocked-look-st", 3475, "harrison"),
    ("breitbart_2016-03-01_the-latest-sanders-wins-minnesot", 10187, "rubio"),
    ("politico_2016-03-10_trump-s-rivals-pull-their-punche", 7429, "rubio"),
    ("breitbart_2016-04-14_the-latest-trump-delivers-defens", 7217, "sanders"),
    ("huff-post_2015-12-22_of-the-most-powerful-things-lati", 5425, "saldana"),
    ("breitbart_2015-11-19_exclusive-excerpt-dinesh-d-souza", 11078, "chatwal"),
    # held-out fold ("-": the pronoun stands for no one the article names)
    ("wash-post_2016-04-28_with-woman-s-card-trump-escalate", 3399, "trump"),
    ("wash-post_2016-07-06_understated-perez-raises-politic", 8504, "perez"),
    ("wash-post_2016-07-15_thin-skinned-trump-quells-critic", 6346, "trump"),
    ("wash-post_2016-02-21_oregon-occupier-uses-st-amendmen", 3747, "reynolds"),
    ("wash-post_2016-06-05_is-sanders-finally-connecting-wi", 3260, "sanders"),
    ("wash-post_2016-01-16_ex-cia-chief-in-benghazi-breaks-", 10370, "bob"),
    ("wash-post_2016-06-27_the-revolutionary-s-next-tactic-", 4284, "edwards"),
    ("usa-today_2015-11-20_cruz-channeling-strategy-he-used", 3753, "jones"),
    ("wash-post_2016-06-02_not-just-another-trump-vendetta", 4595, "trump"),
    ("west-journal_2016-07-06_lynch-closes-the-door-on-clinton", 586, "lynch"),
    ("wash-post_2016-02-09_barbs-and-pleas-before-n-h-vote", 4122, "clinton"),
    ("wash-post_2016-01-20_fiorina-pushed-ahead-and-paid-a-", 2415, "fiorina"),
    ("west-journal_2016-04-18_trump-s-son-says-the-battle-agai", 1790, "trump"),
    ("wash-post_2016-01-16_ex-cia-chief-in-benghazi-breaks-", 5886, "bob"),
    ("usa-today_2015-11-27_trump-s-isil-tone-belies-dovish-", 2150, "trump"),
    ("wash-post_2016-03-03_staffer-who-set-up-clinton-email", 5710, "kopp"),
    ("wash-post_2016-03-18_rabbis-vow-to-boycott-trump-spee", 6277, "trump"),
    ("wash-post_2016-04-09_trump-s-new-go-to-guy-no-strange", 6161, "manafort"),
    ("west-journal_2016-07-30_republican-medal-of-honor-winner", 602, "groberg"),
    ("usa-today_2016-07-26_protesters-push-through-intense-", 5367, "seacord"),
    ("west-journal_2016-01-18_woman-steps-forward-with-bombshe", 1655, "broaddrick"),
    ("wash-post_2016-03-22_presidential-candidates-promise-", 2301, "clinton"),
    ("usa-today_2015-12-29_syrians-find-a-home-in-clarkston", 2892, "sami"),
    ("wash-post_2016-01-16_ex-cia-chief-in-benghazi-breaks-", 4824, "bob"),
    ("west-journal_2016-01-18_woman-steps-forward-with-bombshe", 2727, "broaddrick"),
    ("wash-post_2016-01-31_state-calls-emails-of-clinton-to", 5955, "feinstein"),
    ("usa-today_2015-12-29_syrians-find-a-home-in-clarkston", 2728, "sami"),
    ("usa-today_2016-08-16_millennials-agree-in-poll-on-tra", 864, "garcia"),
    ("west-journal_2016-02-09_trump-supporter-screams-controve", 1904, "caroline"),
    ("west-journal_2016-07-30_republican-medal-of-honor-winner", 1355, "groberg"),
    ("west-journal_2016-04-16_new-polls-show-double-digit-gaps", 2161, "collins"),
    ("usa-today_2016-01-05_bill-is-back-hillary-s-husband-o", 1006, "clinton"),
    ("wash-post_2016-07-06_understated-perez-raises-politic", 5382, "perez"),
    ("wash-post_2016-06-29_attempt-to-fund-zika-fight-dies-", 5271, "dreyer"),
    ("west-journal_2016-01-14_tim-allen-just-got-asked-about-d", 1339, "allen"),
    ("west-journal_2016-03-19_revealed-here-are-the-conservati", 3125, "howley"),
    ("west-journal_2016-08-25_trump-stands-tall-on-proposal-fo", 964, "trump"),
    ("wash-post_2016-01-16_ex-cia-chief-in-benghazi-breaks-", 8082, "zuckoff"),
    ("west-journal_2016-08-17_wyoming-republicans-support-send", 994, "cheney"),
    ("west-journal_2016-09-06_schlafly-s-final-column-explains", 2835, "schlafly"),
    ("wash-post_2016-02-05_in-the-democrats-debate-some-fam", 5376, "clinton"),
    ("wash-post_2016-06-05_is-sanders-finally-connecting-wi", 6312, "sanders"),
    ("usa-today_2016-04-28_sanders-lays-off-more-than-campa", 2241, "sanders"),
    ("wash-post_2016-04-20_beyond-victory-clinton-faces-dee", 5830, "garin"),
    ("wash-post_2016-07-15_truck-attack-in-france-kills-at-", 7517, "akar"),
    ("wash-post_2016-06-07_cleveland-shakes-off-rust-before", 2176, "scagnelli"),
    ("wash-post_2016-07-22_republican-assails-elites-as-he-", 7230, "trump"),
    ("west-journal_2016-05-25_dennis-prager-tells-nevertrump-c", 1253, "prager"),
    ("wash-post_2015-11-16_clinton-s-missteps-at-debate-arm", 6509, "clinton"),
    ("west-journal_2015-11-10_ben-carson-slams-hillary-and-the", 468, "carson"),
    ("wash-post_2016-03-03_push-inside-gop-to-upend-trump", 9656, "reed"),
    ("west-journal_2015-11-23_look-how-trey-gowdy-just-fired-b", 2947, "podliska"),
    ("usa-today_2016-01-22_some-republicans-promote-sanders", 1671, "kasich"),
    ("wash-post_2016-02-21_oregon-occupier-uses-st-amendmen", 1863, "mosman"),
    ("usa-today_2016-04-28_sanders-lays-off-more-than-campa", 572, "sanders"),
    ("usa-today_2015-11-20_cruz-channeling-strategy-he-used", 4070, "henson"),
    ("wash-post_2016-07-22_republican-assails-elites-as-he-", 8915, "trump"),
    ("wash-post_2016-05-05_sanders-faces-tough-sell-in-gett", 2952, "rendell"),
    ("wash-post_2016-01-20_fiorina-pushed-ahead-and-paid-a-", 2216, "fiorina"),
    ("wash-post_2016-07-15_truck-attack-in-france-kills-at-", 6687, "violet"),
    ("usa-today_2016-08-16_millennials-agree-in-poll-on-tra", 1074, "reneus"),
    ("wash-post_2016-03-22_presidential-candidates-promise-", 1112, "trump"),
    ("wash-post_2016-03-18_rabbis-vow-to-boycott-trump-spee", 6547, "trump"),
    ("wash-post_2016-03-29_calif-may-raise-minimum-wage-to-", 7026, "brown"),
    ("wash-post_2016-07-02_judge-blocks-mississippi-s-relig", 3220, "kaplan"),
    ("wash-post_2016-06-29_attempt-to-fund-zika-fight-dies-", 2271, "cornyn"),
    ("usa-today_2016-03-16_american-dream-survives-among-mi", 3764, "yago"),
    ("wash-post_2015-11-10_opposition-appears-to-win-landsl", 6655, "may"),
    ("wash-post_2016-07-15_thin-skinned-trump-quells-critic", 8316, "garten"),
    ("usa-today_2015-12-07_gop-targets-clinton-s-foreign-po", 4890, "green"),
    ("wash-post_2016-06-14_we-are-in-shock-horrified-a-mosq", 4402, "-"),
    ("wash-post_2016-07-15_truck-attack-in-france-kills-at-", 7195, "violet"),
    ("usa-today_2015-12-14_on-the-islamic-state-a-split-mos", 1581, "preble"),
    ("wash-post_2016-07-13_eric-trump-s-not-so-sure-father-", 3862, "trump"),
    ("usa-today_2016-07-18_convention-is-trump-s-chance-to-", 4330, "brewer"),
    ("wash-post_2016-06-29_attempt-to-fund-zika-fight-dies-", 2314, "cornyn"),
    ("west-journal_2016-02-23_wow-al-sharpton-just-said-someth", 1353, "sharpton"),
    ("usa-today_2016-04-26_sanders-will-back-clinton-eventu", 825, "kunin"),
    ("wash-post_2016-07-15_truck-attack-in-france-kills-at-", 8473, "ghazal"),
    ("usa-today_2015-12-29_syrians-find-a-home-in-clarkston", 3318, "cain"),
    ("usa-today_2016-07-26_protesters-push-through-intense-", 6006, "mendoza"),
    ("wash-post_2016-01-18_a-sharper-tone-as-stakes-rise", 2260, "clinton"),
    ("wash-post_2016-06-01_voters-skeptical-as-clinton-vows", 7697, "garcia"),
    ("wash-post_2016-05-05_sanders-faces-tough-sell-in-gett", 1862, "levin"),
    ("usa-today_2016-01-12_energy-guns-top-young-voters-age", 2536, "stone"),
    ("wash-post_2016-08-28_in-crazy-election-gary-johnson-s", 971, "johnson"),
    ("usa-today_2016-01-19_clinton-media-strategy-follows-b", 3824, "horowitz"),
    ("wash-post_2016-05-26_hacker-who-revealed-private-clin", 1311, "lazar"),
    ("west-journal_2016-01-26_fox-news-just-uncovered-a-game-c", 862, "sherman"),
    ("wash-post_2016-03-30_as-clinton-sanders-answer-union-", 4134, "clinton"),
    ("wash-post_2016-07-13_eric-trump-s-not-so-sure-father-", 4707, "trump"),
    ("wash-post_2016-07-22_republican-assails-elites-as-he-", 4195, "trump"),
    ("usa-today_2016-03-22_clinton-trump-s-view-of-the-worl", 2511, "clinton"),
    ("wash-post_2016-01-16_ex-cia-chief-in-benghazi-breaks-", 10509, "bob"),
    ("west-journal_2016-03-10_obama-just-let-something-slip-th", 1053, "clinton"),
    ("usa-today_2016-06-03_calif-win-could-help-sanders-mak", 2885, "romero"),
    ("usa-today_2016-05-03_ted-cruz-says-heckler-deserves-a", 689, "cruz"),
    ("wash-post_2016-08-28_in-crazy-election-gary-johnson-s", 3264, "brad"),
    ("usa-today_2016-07-18_convention-is-trump-s-chance-to-", 4247, "brewer"),
    ("wash-post_2016-01-20_fiorina-pushed-ahead-and-paid-a-", 8026, "fiorina"),
]


def pronoun_sample(articles: list[Article], n: int = 100) -> list[Gold]:
    pool = [g for a in articles for g in a.gold if g.kind == "pronoun" and g.source.strip().lower() in ("he", "she")]
    return random.Random(16).sample(pool, min(n, len(pool)))


# ---------------------------------------------------------------- extractors


@dataclass
class Predicted:
    text: str
    speaker: str | None
    kind: str | None  # person / organisation / anonymous / None
    via: str = ""  # how newsearch found the source (see quotes.explain_quotes)


def newsearch(paragraphs: list[str]) -> list[Predicted]:
    return [Predicted(q.text, q.speaker, q.speaker_kind, via) for q, via in explain_quotes(paragraphs)]


_B_QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
_B_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*"
_B_AFTER = re.compile(rf"^\s*,?\s*(?:(?:said|says)\s+(?P<a>{_B_NAME})|(?P<b>{_B_NAME})\s+(?:said|says))")
_B_BEFORE = re.compile(rf"(?P<c>{_B_NAME})\s+(?:said|says)[:,]?\s*$")


def baseline(paragraphs: list[str]) -> list[Predicted]:
    """Quotation marks paired in a paragraph; a capitalised name beside "said"/"says", else none."""
    out = []
    for paragraph in paragraphs:
        for m in _B_QUOTE.finditer(paragraph):
            text = (m.group(1) or m.group(2)).strip().rstrip(",").strip()
            if len(_tokens(text)) < MIN_WORDS:
                continue
            after = _B_AFTER.match(paragraph[m.end():])
            before = _B_BEFORE.search(paragraph[: m.start()])
            speaker = (after.group("a") or after.group("b")) if after else (before.group("c") if before else None)
            out.append(Predicted(text, speaker, "person" if speaker else None))
    return out


EXTRACTORS = {"newsearch": newsearch, 'plain "said" pattern': baseline}


# ---------------------------------------------------------------- scoring


def _key(text: str) -> tuple[str, ...]:
    return tuple(_tokens(text)[:KEY_WORDS])


def match(gold: list[Gold], predicted: list[Predicted]) -> dict[int, Predicted]:
    """Gold index -> the predicted quotation with the same first words (one to one, in order)."""
    free: dict[tuple[str, ...], list[Predicted]] = collections.defaultdict(list)
    for p in predicted:
        free[_key(p.text)].append(p)
    found = {}
    for i, g in enumerate(gold):
        key = _key(g.text)
        candidates = free.get(key)
        if not candidates and len(key) < KEY_WORDS:
            candidates = next((v for k, v in free.items() if v and k[: len(key)] == key), None)
        if candidates:
            found[i] = candidates.pop(0)
    return found


def names(speaker: str | None, surname: str) -> bool:
    if not speaker:
        return False
    tokens = {re.sub(r"[’']s?$", "", t).lower() for t in re.findall(r"[\w’'-]+", speaker)}
    return surname in tokens


def score(articles: list[Article], extractor, labels: dict[tuple[str, int], str]) -> tuple[dict, list]:
    counts = collections.Counter()
    errors = []
    for article in articles:
        predicted = extractor(article.paragraphs)
        found = match(article.gold, predicted)
        for i, g in enumerate(article.gold):
            p = found.get(i)
            counts["gold"] += 1
            counts["found"] += p is not None
            person = p is not None and p.speaker is not None and p.kind == "person"
            label = labels.get((g.article, g.start))
            if g.kind == "person":
                counts["named"] += 1
                right = person and names(p.speaker, g.surname)
                counts["named right"] += right
                if person:
                    counts["judged"] += 1
                    counts["judged right"] += right
                if not right:
                    errors.append((g, p, "person"))
            elif g.kind in ("anonymous", "organisation"):
                if p is not None:
                    counts[f"{g.kind} found"] += 1
                if person:
                    counts["judged"] += 1
                    counts[f"{g.kind} as person"] += 1
                    errors.append((g, p, g.kind))
            if label is not None:
                counts["pronoun labelled"] += 1
                right = (not person) if label == "-" else person and names(p.speaker, label)
                counts["pronoun right"] += right
                if person:
                    counts["judged"] += 1
                    counts["judged right"] += right
                if not right:
                    errors.append((g, p, "pronoun"))
    ratio = lambda a, b: counts[a] / counts[b] if counts[b] else float("nan")  # noqa: E731
    figures = {
        "quotations": counts["gold"],
        "found": ratio("found", "gold"),
        "named": counts["named"],
        "speaker right": ratio("named right", "named"),
        "judged": counts["judged"],
        "given, right": ratio("judged right", "judged"),
        "pronouns labelled": counts["pronoun labelled"],
        "pronouns": ratio("pronoun right", "pronoun labelled"),
        "anonymous as person": ratio("anonymous as person", "anonymous found"),
        "organisation as person": ratio("organisation as person", "organisation found"),
    }
    return figures, errors


# ---------------------------------------------------------------- error kinds and the report

TARGETS = {"found": 0.97, "speaker right": 0.90, "given, right": 0.95, "pronouns": 0.80}

_CUE_VIAS = {"after", "before", "after-inverted", "after-loose", "after-according", "colon"}
_CARRIED_VIAS = {"paragraph", "previous-paragraph", "continued", "runs-on", "next-sentence", "sentence-subject"}


def error_kind(gold: Gold, predicted: Predicted | None, kind: str) -> str:
    """What went wrong for one gold quotation newsearch did not get right."""
    if predicted is None:
        return "quotation not found (marks paired differently, or under 3 words)"
    person = predicted.speaker is not None and predicted.kind == "person"
    if kind in ("anonymous", "organisation"):
        return f"{kind} source given a person's name ({'cue' if predicted.via in _CUE_VIAS else 'carried over'})"
    if kind == "pronoun":
        return "pronoun resolved to another person" if person else "pronoun source: no speaker given"
    if not person:
        if predicted.kind in ("anonymous", "organisation"):
            return f"named person read as {predicted.kind}"
        if predicted.via == "unresolved":
            return "no speaker: the cue's subject could not be read as a name"
        return "no speaker: no cue we read in the sentence, nothing to carry over"
    if predicted.via in _CUE_VIAS:
        return "wrong person from a cue in the sentence"
    if predicted.via in _CARRIED_VIAS:
        return "wrong person carried over from the sentence/paragraph before"
    return f"wrong person ({predicted.via or 'other'})"


def _fmt(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def report() -> str:
    labels = {(a, o): s for a, o, s in PRONOUN_LABELS}
    folds = {name: load(outlets) for name, outlets in FOLDS.items()}
    rows = []
    results: dict[tuple[str, str], dict] = {}
    errors: dict[str, list] = {}
    for fold, articles in folds.items():
        for name, extractor in EXTRACTORS.items():
            figures, errs = score(articles, extractor, labels)
            results[(fold, name)] = figures
            if name == "newsearch":
                errors[fold] = errs
    columns = ["quotations", "found", "named", "speaker right", "judged", "given, right", "pronouns labelled",
               "pronouns", "anonymous as person", "organisation as person"]
    out = ["| fold | extractor | " + " | ".join(columns) + " |", "| --- | --- |" + " ---: |" * len(columns)]
    for (fold, name), figures in results.items():
        out.append(f"| {fold} | {name} | " + " | ".join(_fmt(figures[c]) for c in columns) + " |")
    for name in EXTRACTORS:
        mean = {c: sum(results[(f, name)][c] for f in FOLDS) / len(FOLDS) for c in columns}
        out.append(f"| mean | {name} | " + " | ".join(_fmt(mean[c]) if isinstance(results[("held-out", name)][c], float)
                                                     else f"{mean[c]:.0f}" for c in columns) + " |")
    rows.append("\n".join(out))
    # Targets on the held-out fold.
    held = results[("held-out", "newsearch")]
    target_rows = ["| target (held-out fold) | wanted | newsearch | met |", "| --- | ---: | ---: | --- |"]
    for key, wanted in TARGETS.items():
        value = held[key]
        met = "yes" if value >= wanted else f"no, short by {wanted - value:.3f}"
        target_rows.append(f"| {key} | >= {wanted:.2f} | {value:.3f} | {met} |")
    rows.append("\n".join(target_rows))
    # Error kinds, both folds.
    kind_rows = ["| error kind (newsearch) | development | held-out |", "| --- | ---: | ---: |"]
    tallies = {fold: collections.Counter(error_kind(g, p, k) for g, p, k in errs) for fold, errs in errors.items()}
    for kind in sorted(set().union(*tallies.values()), key=lambda k: -tallies["held-out"][k]):
        kind_rows.append(f"| {kind} | {tallies['development'][kind]} | {tallies['held-out'][kind]} |")
    rows.append("\n".join(kind_rows))
    # Per outlet (newsearch): how much the figure moves from one outlet to the next.
    outlet_rows = ["| outlet | fold | quotations | found | speaker right | given, right |", "| --- | --- | ---: | ---: | ---: | ---: |"]
    for fold, articles in folds.items():
        for outlet in FOLDS[fold]:
            figures, _ = score([a for a in articles if a.outlet == outlet], newsearch, labels)
            outlet_rows.append(f"| {outlet} | {fold} | {figures['quotations']} | {figures['found']:.3f} | "
                               f"{figures['speaker right']:.3f} | {figures['given, right']:.3f} |")
    rows.append("\n".join(outlet_rows))
    return "\n\n".join(rows)


def list_errors(fold: str, limit: int) -> None:
    labels = {(a, o): s for a, o, s in PRONOUN_LABELS}
    articles = load(FOLDS[fold])
    texts = {a.name: a.text for a in articles}
    _, errs = score(articles, newsearch, labels)
    for gold, predicted, kind in errs[:limit]:
        text = texts[gold.article]
        context = text[max(0, gold.start - 240): gold.start + 120].replace("\n", " ¶ ")
        print(f"- [{error_kind(gold, predicted, kind)}] {gold.article} @{gold.start} gold={gold.source!r} "
              f"got={predicted.speaker if predicted else None!r} via={predicted.via if predicted else ''}\n    {context}")


def main() -> None:
    p = common.parser(__doc__.split("\n\n")[0])
    p.add_argument("--write", action="store_true", help=f"write the tables into {RESULTS.relative_to(common.REPO)}")
    p.add_argument("--errors", choices=list(FOLDS), help="list newsearch's misses on one fold")
    p.add_argument("--limit", type=int, default=60)
    args = p.parse_args()
    if args.errors:
        list_errors(args.errors, args.limit)
        return
    started = time.time()
    common.publish_tables(report(), started, RESULTS, "quotes.py", args.write)


if __name__ == "__main__":
    main()
