"""Names of places that news copy makes speak ("Japan said", "Washington warned", "the talks,
Moscow said"): countries (the short English names in common use, after ISO 3166), US states,
national capitals and a few seats of power. A place that speaks is its government, an
organisation, not a person; attribution checks these only for a name no person of the article
has (a "Jordan" the article calls Rep. Jim Jordan stays a person).
"""

from __future__ import annotations

import unicodedata

_COUNTRIES = """
afghanistan albania algeria andorra angola antigua argentina armenia australia austria azerbaijan
bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil
brunei bulgaria burkina burundi cambodia cameroon canada chad chile china colombia comoros congo
croatia cuba cyprus czechia denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia
fiji finland france gabon gambia georgia germany ghana greece grenada guatemala guinea guyana haiti
honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan
kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya
liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta mauritania
mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique myanmar burma
namibia nauru nepal netherlands holland nicaragua niger nigeria norway oman pakistan palau palestine
panama paraguay peru philippines poland portugal qatar romania russia rwanda samoa senegal serbia
seychelles singapore slovakia slovenia somalia spain sudan suriname sweden switzerland syria taiwan
tajikistan tanzania thailand togo tonga tunisia turkey turkmenistan tuvalu uganda ukraine uruguay
uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe britain england scotland wales
tibet xinjiang chechnya crimea gaza kashmir timor-leste
"""
# Names of several words, comma-separated.
_COUNTRIES_MULTI = """
cape verde, central african republic, costa rica, ivory coast, dominican republic, east timor,
el salvador, equatorial guinea, new zealand, north korea, south korea, north macedonia,
papua new guinea, saudi arabia, sierra leone, solomon islands, south africa, south sudan, sri lanka,
trinidad and tobago, united arab emirates, united kingdom, united states, great britain,
czech republic, hong kong, puerto rico, west bank
"""
_US_STATES = """
alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho
illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah
vermont virginia wisconsin wyoming
"""
_US_STATES_MULTI = """
new hampshire, new jersey, new mexico, new york, north carolina, north dakota, rhode island,
south carolina, south dakota, west virginia
"""
# Capitals and seats of power that stand for a government ("Beijing said", "the Kremlin said").
_CAPITALS = """
kabul tirana algiers luanda yerevan canberra vienna baku manama dhaka minsk brussels sarajevo
brasilia sofia ottawa santiago beijing bogota havana nicosia prague copenhagen cairo tallinn
helsinki paris tbilisi berlin accra athens budapest reykjavik delhi jakarta tehran baghdad dublin
jerusalem rome tokyo amman astana nairobi pristina riyadh beirut tripoli vilnius luxembourg
kuala antananarivo bamako valletta chisinau ulaanbaatar rabat maputo naypyidaw naypyitaw rangoon
yangon kathmandu amsterdam managua niamey abuja pyongyang oslo muscat islamabad lima manila warsaw
lisbon doha bucharest moscow kigali dakar belgrade bratislava ljubljana mogadishu pretoria seoul
madrid colombo khartoum stockholm bern damascus taipei dushanbe dodoma bangkok tunis ankara ashgabat
kampala kyiv kiev london montevideo tashkent caracas hanoi sanaa lusaka harare vientiane
phnom washington kremlin pentagon whitehall vatican
"""
_CAPITALS_MULTI = """
addis ababa, buenos aires, kuala lumpur, mexico city, new delhi, phnom penh, the hague,
downing street, white house
"""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).replace(".", "").split())


PLACES = frozenset((_COUNTRIES + _US_STATES + _CAPITALS).split()) | frozenset(
    _fold(name) for block in (_COUNTRIES_MULTI, _US_STATES_MULTI, _CAPITALS_MULTI) for name in block.split(",")
)


def is_place(name: str) -> bool:
    """Whether a name (as written, any case; "the" before it aside) is a place in these lists."""
    folded = _fold(name)
    return folded in PLACES or (folded.startswith("the ") and folded[4:] in PLACES)
