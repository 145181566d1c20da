"""Countries stated on a signatory line: "Org, Country", "Org (Country)", "Org – Country", or a
country column. Names come from pycountry (ISO 3166 names, official and common names), CLDR
territory names (Babel) in the languages the reader knows, and the common English variants
below. A country is read only where the line states it, never guessed from an organisation's
name."""

import re
import unicodedata
from functools import cache, lru_cache

import pycountry
from babel import Locale

NAME_LOCALES = ("en", "fr", "es", "de", "ar", "tr", "pl", "sr", "sr_Latn", "hr", "bs")
# Common ways of printing a country that neither ISO nor CLDR list.
VARIANTS = {
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "us": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "russia": "RU",
    "syria": "SY",
    "iran": "IR",
    "palestine": "PS",
    "state of palestine": "PS",
    "gaza": "PS",
    "west bank": "PS",
    "kosovo": "XK",
    "kosova": "XK",
    "turkey": "TR",
    "türkiye": "TR",
    "turkiye": "TR",
    "czech republic": "CZ",
    "czechia": "CZ",
    "south korea": "KR",
    "korea": "KR",
    "north korea": "KP",
    "republic of korea": "KR",
    "macedonia": "MK",
    "north macedonia": "MK",
    "fyrom": "MK",
    "drc": "CD",
    "dr congo": "CD",
    "d.r. congo": "CD",
    "congo-kinshasa": "CD",
    "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD",
    "congo-brazzaville": "CG",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "côte d’ivoire": "CI",
    "the netherlands": "NL",
    "holland": "NL",
    "the gambia": "GM",
    "gambia": "GM",
    "the philippines": "PH",
    "vietnam": "VN",
    "viet nam": "VN",
    "laos": "LA",
    "burma": "MM",
    "myanmar": "MM",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "taiwan": "TW",
    "cape verde": "CV",
    "cabo verde": "CV",
    "swaziland": "SZ",
    "eswatini": "SZ",
    "east timor": "TL",
    "timor-leste": "TL",
    "vatican": "VA",
    "uae": "AE",
    "u.a.e.": "AE",
    "brasil": "BR",
    "méxico": "MX",
    "perú": "PE",
    "deutschland": "DE",
    "españa": "ES",
    "polska": "PL",
    "hrvatska": "HR",
    "srbija": "RS",
    "bosna i hercegovina": "BA",
    "bosnia": "BA",
    "bosnia and herzegovina": "BA",
    "bosnia & herzegovina": "BA",
    "bih": "BA",
    "crna gora": "ME",
    "sverige": "SE",
    "norge": "NO",
    "danmark": "DK",
    "suomi": "FI",
    "italia": "IT",
    "österreich": "AT",
    "schweiz": "CH",
    "suisse": "CH",
    "belgique": "BE",
    "sudan": "SD",
    "south sudan": "SS",
    "lebanon": "LB",
    "libya": "LY",
    "yemen": "YE",
    "tunisia": "TN",
    "morocco": "MA",
    "egypt": "EG",
    "jordan": "JO",
    "iraq": "IQ",
    "kurdistan region of iraq": "IQ",
    "sahrawi arab democratic republic": "EH",
    "hong kong": "HK",
    # local abbreviations: Turkish ABD/BAE, Spanish EE. UU./EAU, Portuguese EUA
    "abd": "US",
    "république démocratique du congo": "CD",
    "rd congo": "CD",
    "rdc": "CD",
    "ee.uu.": "US",
    "ee. uu.": "US",
    "eua": "US",
    "bae": "AE",
    "eau": "AE",
    "macau": "MO",
    "micronesia": "FM",
    "st. lucia": "LC",
    "saint lucia": "LC",
    "trinidad & tobago": "TT",
    "antigua & barbuda": "AG",
    "international": "",
    "global": "",
    "worldwide": "",
    "regional": "",
}
# Words that never stand for a country although CLDR lists them as territory names or they
# are too short to trust alone.
NOT_COUNTRIES = {
    "international",
    "global",
    "worldwide",
    "regional",
    "europe",
    "africa",
    "world",
    "asia",
    "americas",
    "oceania",
    "latin america",
    "eu",
    "un",
}
_FOLD = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).translate(_FOLD).casefold().split())


@cache
def country_names() -> dict[str, str]:
    """folded name -> ISO 3166-1 alpha-2."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[fold(value)] = country.alpha_2
                if ", " in value:  # "Korea, Republic of" -> "Republic of Korea"
                    head, tail = value.split(", ", 1)
                    names[fold(f"{tail} {head}")] = country.alpha_2
    for code in NAME_LOCALES:
        for territory, name in Locale.parse(code).territories.items():
            if (
                len(territory) == 2
                and territory.isalpha()
                and territory not in ("ZZ", "EU", "EZ", "UN", "QO")
            ):
                names.setdefault(fold(name), territory)
    for name, code in VARIANTS.items():
        if code:
            names[fold(name)] = code
        else:
            names.pop(fold(name), None)
    for name in NOT_COUNTRIES:
        names.pop(name, None)
    names.pop("us", None)  # "US" in a name is too often the pronoun; "USA" stays
    return names


def country_code(text: str) -> str:
    """The ISO code when `text` is a country name and nothing else, else ""."""
    text = text.strip(" ,;:()[]*_")
    if not text or len(text) > 60:
        return ""
    names = country_names()
    return names.get(fold(text), "") or names.get(fold(text.strip(".")), "")  # "U.S." / "Kenya."


_PAREN_TAIL = re.compile(r"\s*\(([^()]{2,60})\)\s*$")
_DASH_TAIL = re.compile(r"\s+[–—-]\s+([^–—]{2,60})$")


@lru_cache(maxsize=20_000)
def split_country(name: str) -> tuple[str, str]:
    """("Fundación Karisma", "CO") for "Fundación Karisma, Colombia"; (name, "") when the line
    states no country. The first part keeps its printed form."""
    for pattern in (_PAREN_TAIL, _DASH_TAIL):
        match = pattern.search(name)
        if match and match.start() > 0:
            code = country_code(match.group(1))
            if code:
                return name[: match.start()].rstrip(" ,"), code
    comma = max(name.rfind(","), name.rfind("،"))
    if comma > 0:
        head, tail = name[:comma], name[comma + 1 :]
        code = country_code(tail)
        if code and head.strip():
            return head.rstrip(), code
    return name, ""
