"""The word lists names are read with: words that open a capitalised run, titles and roles,
organisation words, person and document nouns, gendered words. General English news usage;
none is drawn from one article."""

from __future__ import annotations

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


# Abbreviations that end in a full stop without ending a sentence or a name ("Sen. Ted Cruz",
# "Mary E. Smith", "George H.W. Bush"): a run of names may go on after them, and only after them.
_TITLE_ABBREVIATIONS = frozenset(
    """mr mrs ms messrs mme dr st sen sens rep reps gov govs gen lt col capt cpt sgt cpl pvt prof rev
    fr msgr jr sr adm maj cmdr brig supt insp det hon atty pres sec lieut gens ret esq""".split()
)


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
