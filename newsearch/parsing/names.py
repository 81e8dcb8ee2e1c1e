"""Recognising people's names in running text (shared by bylines and quote attribution)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# A capitalised word (Latin capitals incl. accented ones), or an "al-"/"el-" prefixed one.
_CAP = r"(?:[A-Z\u00C0-\u00DE][\w’'.\-]*|(?:al|el|bin|ibn|ben)-[A-Z][\w’'\-]*)"
# Lower-case particles that may sit inside a name ("Ursula von der Leyen", "Ali bin Hamad").
_PARTICLE = r"(?:de|da|di|do|del|della|der|den|van|von|bin|binti|ibn|la|le|du|dos|das|al|el|ter|ten|y)"
NAME_RUN = rf"{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_CAP})*"

NAME_RE = re.compile(NAME_RUN)
_TRAILING_NAME = re.compile(rf"({NAME_RUN})\s*$")

# Words that open a capitalised run without being part of a name.
_STOP_WORDS = frozenset(
    """a an the it its this that these those he she they we i you his her their our my
    but and or so then however also in on at as when while if after before since although
    though because asked speaking meanwhile still yet now today yesterday tomorrow
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms""".split()
)

# Titles and roles written before a name ("Defense Minister Sergei Shoigu", "Dr. Jane Doe").
_TITLE_WORDS = frozenset(
    """president vice prime minister ministers deputy defense defence foreign interior finance
    health home state secretary senior general gen gen. dr dr. mr mr. mrs mrs. ms ms. miss sir
    dame lord lady sen sen. senator rep rep. representative gov gov. governor judge justice
    professor prof prof. chief executive director chairman chairwoman chair mayor king queen
    prince princess pope father rev rev. bishop ambassador commander colonel col. lt lt. lieutenant
    captain capt capt. sgt sgt. sergeant officer detective inspector superintendent spokesman
    spokeswoman spokesperson analyst political counselor counsellor opposition leader ceo former
    attorney speaker coach manager premier chancellor sheikh major maj. marshal admiral brig.
    brigadier dean editor reporter correspondent columnist u.s. us u.n. un eu uk
    economist researcher lawyer activist expert scientist historian teacher doctor nurse resident
    farmer witness official police army military navy fire party company union group""".split()
)

# Capitalised words that mark an organisation, not a person.
_ORG_WORDS = frozenset(
    """institute university ministry department party group service agency association council
    committee court government company inc inc. corp corp. ltd bank news times post press police
    army military office commission union organization organisation foundation center centre
    network radio television tv prison prisons school college hospital church league board
    authority reuters afp bloomberg""".split()
)

_POSSESSIVE = re.compile(r"[’']s$")


def clean_name(run: str) -> str | None:
    """The person-name part of a capitalised run, or None when nothing name-like is left.

    Drops an owner before a possessive ("Russia's"), leading stop words and titles, and a
    sentence-final full stop.
    """
    tokens = run.split()
    for i in range(len(tokens) - 1, -1, -1):
        if _POSSESSIVE.search(tokens[i]) and i < len(tokens) - 1:
            tokens = tokens[i + 1:]
            break
    while tokens and (tokens[0].lower() in _STOP_WORDS or tokens[0].lower() in _TITLE_WORDS):
        tokens = tokens[1:]
    if tokens and len(tokens[-1]) > 2 and tokens[-1].endswith("."):
        tokens[-1] = tokens[-1][:-1]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > 5:
        return None
    if len(tokens) == 1 and tokens[0].lower() in _STOP_WORDS:
        return None
    return " ".join(tokens)


def is_person(name: str) -> bool:
    """Whether a cleaned name looks like a person rather than an organisation."""
    words = name.lower().split()
    return not any(w.strip(".,") in _ORG_WORDS for w in words) and not name.isupper()


def trailing_name(text: str) -> str | None:
    """The cleaned name that ends `text` ("... said Political analyst Than Soe Naing")."""
    match = _TRAILING_NAME.search(text)
    return clean_name(match.group(1)) if match else None


def leading_name(text: str) -> str | None:
    """The cleaned name that starts `text` (after spaces), e.g. the subject after "said"."""
    match = NAME_RE.match(text.lstrip())
    return clean_name(match.group(0)) if match else None


def title_case_caps(name: str) -> str:
    """"JANE DOE" -> "Jane Doe"; names already in mixed case are left alone."""
    if not name.isupper():
        return name
    # Each letter run separately, so "O'NEILL" -> "O'Neill" and "AL-SAYED" -> "Al-Sayed".
    return _LETTER_RUN.sub(lambda m: m.group(0).capitalize(), name)


_LETTER_RUN = re.compile(r"[^\W\d_]+")


# ---------------------------------------------------------------- speakers: names, titles, kinds
#
# What follows reads the phrase an attribution names its source by ("Treasury Secretary James
# Baker", "a bill trader", "Reuters") into a name, a title and a kind. Word lists are of general
# English news usage; none is drawn from one article.

from newsearch.parsing.given_names import gender_of  # noqa: E402

# Abbreviations that end in a full stop without ending a sentence or a name ("Sen. Ted Cruz",
# "Mary E. Smith", "George H.W. Bush"): a run of names may go on after them, and only after them.
_TITLE_ABBREVIATIONS = frozenset(
    """mr mrs ms messrs mme dr st sen sens rep reps gov govs gen lt col capt cpt sgt cpl pvt prof rev
    fr msgr jr sr adm maj cmdr brig supt insp det hon atty pres sec lieut gens ret esq""".split()
)
_INITIAL = re.compile(r"^(?:[A-Z]\.)+[A-Z]?\.?$|^[A-Z]\.?$")

# Honorifics: they carry gender and are never part of the name.
HONORIFICS = {
    "mr": "m", "mister": "m", "sir": "m", "lord": "m", "messrs": None, "monsieur": "m", "herr": "m", "senor": "m",
    "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "madame": "f", "mme": "f", "dame": "f", "lady": "f",
    "frau": "f", "senora": "f", "dr": None, "prof": None,
}

# Words of a title or office written before a name, capitalised or not ("Treasury Secretary",
# "Deputy Team Leader", "political analyst"). Everything in a capitalised run up to the last of
# them is title ("Agency Press Secretary Jane Roe"). Words that are also common names or surnames
# at the end of a run ("Major", "Dean", "King" in "Steve King") are only titles when a name follows.
TITLE_WORDS = frozenset(
    """president vice prime minister ministers deputy secretary undersecretary senior general gen dr mr mrs ms
    miss sir dame lord lady sen senator rep representative congressman congresswoman congressmember
    councilman councilwoman councilmember councillor councilor assemblyman assemblywoman alderman gov governor
    lieutenant judge justice magistrate professor prof chief executive director chairman chairwoman chair
    chairperson mayor king queen prince princess pope father rev reverend bishop archbishop cardinal imam
    rabbi pastor ambassador envoy consul commander colonel col lt captain capt sgt sergeant officer detective
    inspector superintendent constable commissioner spokesman spokeswoman spokesperson analyst counselor
    counsellor leader ceo cfo coo cto chancellor premier speaker coach manager sheikh marshal admiral adm
    brigadier brig corporal cpl private pvt attorney prosecutor solicitor treasurer comptroller controller
    auditor registrar clerk editor reporter correspondent columnist economist strategist researcher lawyer
    activist expert scientist historian doctor nurse physician surgeon teacher provost host
    anchor commentator pollster founder cofounder co-founder owner president-elect chairman-elect
    nominee candidate whip majority minority adviser advisor aide staffer counsel head administrator
    emir crown sultan ayatollah mullah monk lama abbot archdeacon deacon
    democrat republican libertarian socialist delegate ally boss operative official hopeful contender
    challenger incumbent lawmaker legislator donor fundraiser organizer organiser volunteer supporter
    critic member pundit blogger comedian actor actress singer rapper star billionaire businessman
    businesswoman mogul developer investor banker consultant lobbyist producer filmmaker author writer
    novelist journalist broadcaster presenter executive-director
    """.split()
)
# Titles that are also given names or surnames: a title only with a name after them.
_TITLE_IF_FOLLOWED = frozenset("king bishop marshal judge chancellor pastor host".split())
# Honorifics are not titles: "Mr Blair" has none.
_NOT_TITLES = frozenset("mr mrs ms miss mister messrs madam madame mme monsieur herr senor senora frau".split())
# Modifiers that sit inside titles ("former", "then-", "acting").
_TITLE_MODIFIERS = frozenset(
    """former acting interim outgoing incoming retired then late deputy assistant associate senior junior
    chief principal lead top longtime veteran political national international regional state federal
    district county city party campaign press communications foreign defense defence interior finance
    treasury health home justice education energy labor labour trade commerce agriculture transport
    transportation environment environmental economic security military intelligence police fire
    presidential vice-presidential democratic republican conservative liberal independent gop
    first executive general managing legal senior-most u.s. us u.k. uk u.n. un eu white house
    """.split()
)

# Words that mark a capitalised run as an organisation, not a person.
ORG_WORDS = frozenset(
    """institute university ministry department dept party group service services agency association council
    committee court government company co inc corp corporation ltd llc plc limited bancorp bank news times post
    press police army military navy office commission union organization organisation foundation center
    centre network radio television tv channel prison prisons school college academy hospital clinic church
    league board authority bureau administration federation society trust fund exchange alliance coalition
    caucus congress parliament senate assembly embassy consulate ministries commission secretariat
    journal tribune herald gazette telegraph magazine daily weekly review wire reuters afp bloomberg ap
    airlines airways motors industries holdings systems technologies partners securities financial insurance
    pharmaceuticals communications electric steel petroleum chemicals foods brands media entertainment
    project initiative watch pac campaign firm group labs laboratory laboratories studios legion
    cnn nbc abc cbs msnbc npr pbs bbc fox politico breitbart associated guardian
    """.split()
)
# Organisation words that are also common surnames or given names: they mark an organisation only
# after other capitalised words with no given name first ("Human Rights Watch", not "Don Guardian").
_ORG_IF_NOT_NAMED = frozenset("watch guardian post church court bank steel trust mail press times house".split())

# Nouns for people an article describes without naming ("a bill trader", "officials"). Plural or
# with an indefinite determiner they are anonymous sources.
PERSON_NOUNS = frozenset(
    """official spokesman spokeswoman spokesperson spokespeople analyst trader dealer economist source
    aide adviser advisor strategist expert observer critic supporter resident witness officer diplomat
    lawmaker legislator senator congressman congresswoman representative governor mayor minister
    president candidate nominee executive banker broker investor lawyer attorney prosecutor judge
    activist protester protestor organizer organiser member leader chairman chairwoman director manager
    worker employee scientist researcher professor doctor nurse teacher student parent farmer voter
    delegate donor insider operative staffer person man woman men women people friend neighbor neighbour
    owner businessman businesswoman billionaire mogul host anchor reporter journalist columnist writer
    author commentator pollster consultant lobbyist republican democrat conservative liberal
    independent veteran father mother son daughter wife husband brother sister victim survivor commander
    soldier agent regulator secretary ambassador envoy negotiator monk priest pastor bishop imam rabbi
    fan viewer caller user commenter blogger insider participant attendee relative relatives family
    colleague ally allies rival rivals opponent opponents backer backers partner partners employee
    student teacher pilot driver passenger shopper customer client patient refugee migrant immigrant
    citizen local locals villager villagers official authority authorities police policeman policewoman
    guard guards trader traders dealer dealers broker brokers economist economists forecaster forecasters
    planner planners chief chiefs counsel insurer underwriter trustee trustees shareholder shareholders
    executive executives buyer buyers seller sellers exporter exporters importer importers producer
    producers manufacturer manufacturers operator operators engineer engineers official officials
    campaigner campaigners organizer organizers volunteer volunteers staff staffers aides advisers
    advisors sources analysts experts observers critics supporters residents witnesses officers
    diplomats lawmakers legislators senators ministers leaders members workers employees scientists
    researchers doctors students parents farmers voters delegates donors operatives republicans
    democrats conservatives liberals independents veterans friends neighbors neighbours owners
    others some many several both all few most everyone someone somebody anyone nobody one another
    mp mps mep meps msp msps mla mlas tds peer peers
    """.split()
)
# Nouns for documents and media, which are not speakers ("the statement read", "a sign at the gate").
DOCUMENT_NOUNS = frozenset(
    """statement report letter memo memorandum release ad advertisement advert video tweet post poll survey
    study filing complaint lawsuit suit document documents email e-mail message website site editorial
    article book transcript notice sign banner headline caption note ruling order indictment verdict
    decision resolution bill law proposal plan platform manifesto speech script slogan sticker placard
    poster card flyer leaflet brochure pamphlet page column blog story broadcast segment program
    programme show episode interview petition motion brief summary analysis data figures numbers chart
    graph map photo picture image clip footage recording tape audio voicemail text""".split()
)
# Nouns heading an organisation's description ("the campaign said", "the ministry said").
ORG_NOUNS = frozenset(
    """campaign company ministry department committee government agency police administration embassy party
    group firm bank network newspaper paper magazine outlet union board council court office team
    organization organisation foundation institute university school hospital church army military navy
    commission authority bureau station channel broadcaster publisher club league federation coalition
    alliance caucus parliament senate congress house assembly regime junta cabinet state states country
    nation city county district province region company's corporation business businesses industry
    lab laboratory studio studios center centre association society charity""".split()
)

_GENDERED_WORDS = {
    "spokeswoman": "f", "chairwoman": "f", "congresswoman": "f", "businesswoman": "f", "councilwoman": "f",
    "assemblywoman": "f", "actress": "f", "wife": "f", "mother": "f", "daughter": "f", "sister": "f",
    "grandmother": "f", "widow": "f", "queen": "f", "princess": "f", "lady": "f", "dame": "f", "woman": "f",
    "girl": "f", "niece": "f", "aunt": "f", "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "policewoman": "f",
    "first lady": "f", "heiress": "f", "duchess": "f", "baroness": "f", "countess": "f", "empress": "f",
    "spokesman": "m", "chairman": "m", "congressman": "m", "businessman": "m", "councilman": "m",
    "assemblyman": "m", "actor": None, "husband": "m", "father": "m", "son": "m", "brother": "m",
    "grandfather": "m", "widower": "m", "king": "m", "prince": "m", "lord": "m", "sir": "m", "man": "m",
    "boy": "m", "nephew": "m", "uncle": "m", "mr": "m", "policeman": "m", "duke": "m", "baron": "m",
    "count": None, "emperor": "m", "sultan": "m", "sheikh": "m", "emir": "m", "ayatollah": "m", "pope": "m",
    "cardinal": "m", "monk": "m", "priest": "m", "rabbi": None, "imam": "m",
}

_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv v".split())
_PLURAL_SOURCES = frozenset("people police authorities staff others some many several both all few most".split())
_NAME_STOP = _STOP_WORDS | frozenset(
    """said says told according asked added not no yes who what where why how which whose whom
    there here all both each every some any many much more most other others another such
    former late then one two three four five six seven eight nine ten dozens hundreds thousands
    several multiple numerous various""".split()
)


@lru_cache(maxsize=20000)
def _bare(token: str) -> str:
    """A token lower-cased, without its full stop, possessive and surrounding punctuation."""
    token = token.strip(",;:()[]{}\"“”‘")
    token = _POSSESSIVE.sub("", token)
    return token.rstrip(".’'").lower()


def ends_name(token: str) -> bool:
    """Whether a capitalised token with a full stop ends the run it is in ("Morgan." ends it;
    "E.", "Sen." and "H.W." do not)."""
    if not token.endswith("."):
        return False
    return not (_INITIAL.match(token) or token[:-1].lower() in _TITLE_ABBREVIATIONS)


def split_run(run: str) -> list[str]:
    """A capitalised run cut where a sentence ends inside it: "Steve Morgan. Parry" -> two runs."""
    parts: list[list[str]] = [[]]
    for token in run.split():
        parts[-1].append(token)
        if ends_name(token):
            parts.append([])
    return [" ".join(p) for p in parts if p]


class NameParts(NamedTuple):
    """A source phrase read as a name: the name, its title, its kind and the gender it shows."""

    name: str | None
    title: str | None
    kind: str | None  # "person", "organisation", "anonymous" or None
    gender: str | None  # "m", "f" or None


def _is_title_word(token: str) -> bool:
    word = _bare(token)
    return word in TITLE_WORDS or word in _TITLE_ABBREVIATIONS or word in HONORIFICS


def is_organisation(tokens: list[str]) -> bool:
    """Whether capitalised tokens name an organisation ("Reuters", "General Motors Corp", "CNN")."""
    words = [_bare(t) for t in tokens]
    if not words:
        return False
    if gender_of(words[0]) and len(words) <= 3 and not any(w in ORG_WORDS - _ORG_IF_NOT_NAMED for w in words[1:]):
        return False  # "Don Guardian", "Frank Church"
    for word, token in zip(words, tokens):
        if word in ORG_WORDS and (word not in _ORG_IF_NOT_NAMED or len(words) > 1):
            return True
        stripped = token.strip(",.;:()’'").replace(".", "")
        if len(stripped) >= 2 and stripped.isupper() and stripped.isalpha() and word not in _SUFFIXES:
            return True  # an acronym: CNN, FBI, NATO
    return False


def split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """(title, name) of a capitalised run: "Treasury Secretary James Baker" -> (Treasury Secretary,
    James Baker); "Rep. Steve King" -> (Rep., Steve King); "Chancellor of the Exchequer Nigel
    Lawson" -> (Chancellor of the Exchequer, Nigel Lawson). A run of titles alone has no name."""
    last = -1
    for i, token in enumerate(tokens):
        word = _bare(token)
        followed = i < len(tokens) - 1
        if word in _TITLE_IF_FOLLOWED and not followed:
            continue
        if _is_title_word(token) or (word in ("of", "the", "for", "and") and 0 <= last == i - 1):
            last = i
        elif last >= 0 and word in _TITLE_MODIFIERS and followed and i == last + 1:
            last = i
    title, name = tokens[: last + 1], tokens[last + 1 :]
    # "... of the Exchequer Nigel Lawson", "Secretary of State John Kerry": after "of", the office
    # runs on to the person's given name (or, without one we know, to the last two words).
    if any(_bare(t) == "of" for t in title) and len(name) > 2:
        start = next((i for i, t in enumerate(name) if gender_of(t)), max(0, len(name) - 2))
        title, name = title + name[:start], name[start:]
    elif title and _bare(title[-1]) in ("of", "the", "for"):
        start = next((i for i, t in enumerate(name) if gender_of(t)), max(0, len(name) - 2))
        title, name = title + name[:start], name[start:]
    return title, name


def gender_of_name(tokens: list[str], title: list[str] = ()) -> str | None:
    """The gender a name and its title show: "Mrs", "spokeswoman", a known given name."""
    for token in [*title, *tokens]:
        word = _bare(token)
        if word in _GENDERED_WORDS and _GENDERED_WORDS[word]:
            return _GENDERED_WORDS[word]
        if word in HONORIFICS and HONORIFICS[word]:
            return HONORIFICS[word]
    if len(tokens) >= 2 or title:
        for token in tokens[:-1] or tokens:
            if not _INITIAL.match(token):
                return gender_of(token)
    return None


def person_name(tokens: list[str]) -> list[str]:
    """The tokens of a person's name without honorifics, trailing full stops or possessives."""
    out = []
    for token in tokens:
        word = _bare(token)
        if word in HONORIFICS and not out:
            continue
        token = _POSSESSIVE.sub("", token.strip(",;:()\"“”"))
        if token.endswith(".") and not _INITIAL.match(token) and word not in _SUFFIXES:
            token = token[:-1]
        if token:
            out.append(token)
    return out


@lru_cache(maxsize=8192)
def read_name(phrase: str) -> NameParts:
    """A capitalised source phrase as name, title, kind and gender.

    "Treasury Secretary James Baker" -> person James Baker, title Treasury Secretary;
    "Reuters", "General Motors Corp" -> organisation; "Analysts" -> anonymous; "Doctor" -> nothing.
    """
    tokens = phrase.split()
    while tokens and _bare(tokens[0]) in _NAME_STOP and not _is_title_word(tokens[0]):
        tokens = tokens[1:]
    if not tokens:
        return NameParts(None, None, None, None)
    # "Russia’s Defense Minister Sergei Shoigu": the owner is part of the title.
    owner: list[str] = []
    for i in range(len(tokens) - 1, 0, -1):
        if _POSSESSIVE.search(tokens[i - 1]):
            owner, tokens = tokens[:i], tokens[i:]
            break
    title, name = split_title(tokens)
    if not name:
        return NameParts(None, None, None, None)  # "Doctor", "the Minister"
    if is_organisation(name) or (not title and is_organisation(tokens)):
        org = owner + tokens if not title else tokens
        return NameParts(" ".join(person_name(org)) or None, None, "organisation", None)
    bare = [_bare(t) for t in name]
    # "Analysts", "Officials", "Others": a plural (or a quantifier) alone is no one's name; a
    # singular noun may be a surname ("Baker", "Backer").
    if len(name) == 1 and not title and (bare[0] in _PLURAL_SOURCES or bare[0] in _NAME_STOP or (
            bare[0].endswith("s") and (bare[0][:-1] in PERSON_NOUNS or bare[0][:-2] in PERSON_NOUNS))):
        return NameParts(None, " ".join(owner + tokens), "anonymous", None)
    gender = gender_of_name(name, title)
    name = person_name(name)
    if not name or len(name) > 6:
        return NameParts(None, None, None, None)
    title = [t for t in title if _bare(t) not in _NOT_TITLES]
    title_text = " ".join(owner + title) or None
    return NameParts(" ".join(name), title_text, "person", gender)
