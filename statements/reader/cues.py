"""The words that introduce, group and close a signatory list, in the languages statements are
published in (EN, FR, ES, DE, AR, TR, PL, SR/HR/BS). Matching is on the casefolded line with its
trailing colon, dashes and emphasis removed; a longer line counts as a cue when it ends with a
colon and contains one of the signing stems (\"The following organisations have signed:\")."""

import re

# Whole lines that introduce the list.
CUE_LINES = {
    # English
    "signed by",
    "signed",
    "signatories",
    "signatures",
    "signers",
    "list of signatories",
    "list of signatures",
    "endorsed by",
    "endorsements",
    "endorsers",
    "endorsing organisations",
    "endorsing organizations",
    "co-signed by",
    "cosigned by",
    "co-signatories",
    "cosignatories",
    "undersigned",
    "the undersigned",
    "supported by",
    "signing organisations",
    "signing organizations",
    "signatory organisations",
    "signatory organizations",
    "initial signatories",
    "first signatories",
    "original signatories",
    "sign-on list",
    "joined by",
    "with the support of",
    "supporters",
    "sincerely",
    "yours sincerely",
    "signed on behalf of",
    "supporting organisations",
    "supporting organizations",
    "participating organisations",
    "participating organizations",
    "list of signing organisations",
    "list of signing organizations",
    "adhieren",
    "adhesiones institucionales",
    "unterstützer",
    "unterstützer*innen",
    "unterstützende organisationen",
    "التوقيعات",
    # French
    "signataires",
    "signé par",
    "signée par",
    "liste des signataires",
    "premiers signataires",
    "organisations signataires",
    "soutenu par",
    "cosignataires",
    "co-signataires",
    # Spanish
    "firmantes",
    "firmado por",
    "firmada por",
    "lista de firmantes",
    "organizaciones firmantes",
    "suscriben",
    "adhesiones",
    "firman",
    "primeros firmantes",
    # German
    "unterzeichner",
    "unterzeichnende",
    "unterzeichnet von",
    "unterzeichnende organisationen",
    "erstunterzeichner",
    "erstunterzeichnende",
    "unterstützt von",
    "unterzeichner*innen",
    "unterzeichner:innen",
    "unterzeichnerinnen und unterzeichner",
    # Arabic
    "الموقعون",
    "الموقعين",
    "الموقعون على البيان",
    "المنظمات الموقعة",
    "الجهات الموقعة",
    "قائمة الموقعين",
    "الموقعة",
    # Turkish
    "imzacılar",
    "imzacı kurumlar",
    "imzacı örgütler",
    "imzalayanlar",
    "imzacı kuruluşlar",
    # Polish
    "sygnatariusze",
    "podpisali",
    "podpisane przez",
    "lista sygnatariuszy",
    "organizacje podpisujące",
    "podpisy",
    # Serbian / Croatian / Bosnian
    "potpisnici",
    "potpisnice",
    "potpisali",
    "potpisale",
    "lista potpisnika",
    "потписници",
    "organizacije potpisnice",
}

# Stems that make a short colon-ended line a cue ("The following 40 organisations signed:").
CUE_STEMS = (
    "signed",
    "signator",
    "endors",
    "undersigned",
    "co-sign",
    "cosign",
    "signing",
    "signataire",
    "signé",
    "firmant",
    "firmad",
    "suscrib",
    "unterzeichn",
    "unterstütz",
    "الموقع",
    "imza",
    "podpis",
    "sygnatar",
    "potpis",
)

# Verbs that make a colon line introduce demands ("The signatories call on the UN to:").
DEMAND_STEMS = (
    "call",
    "urge",
    "demand",
    "ask",
    "request",
    "recommend",
    "appel",
    "exig",
    "demand",
    "pid",
    "exhort",
    "fordern",
    "appellier",
    "talep",
    "çağrı",
    "wzywa",
    "żąda",
    "poziva",
    "zahtijeva",
    "zahteva",
    "يطالب",
    "تطالب",
    "يدعو",
    "تدعو",
    "نطالب",
    "ندعو",
)

# A line of at most this many words starting with one of these is a cue even without a colon.
SHORT_CUE_WORDS = 4
SHORT_CUE_STEMS = (
    "signator",
    "signatur",
    "signataire",
    "firmas",
    "firmantes",
    "unterzeichn",
    "imzacı",
    "sygnatariusz",
    "potpisni",
    "الموقع",
)

# Headings that group a list already under way ("Organisations", "Individuals").
GROUP_WORDS = {
    "organisations",
    "organizations",
    "organisation",
    "organization",
    "groups",
    "ngos",
    "civil society organisations",
    "civil society organizations",
    "networks",
    "coalitions",
    "individuals",
    "individual signatories",
    "individual",
    "persons",
    "people",
    "in personal capacity",
    "in their personal capacity",
    "personal capacity",
    "experts",
    "academics",
    "scholars",
    "researchers",
    "journalists",
    "lawyers",
    "doctors",
    "scientists",
    "signatories in personal capacity",
    "other signatories",
    "organisations signataires",
    "personnalités",
    "individus",
    "particuliers",
    "organizaciones",
    "personas",
    "individuales",
    "a título personal",
    "organisationen",
    "einzelpersonen",
    "personen",
    "المنظمات",
    "الأفراد",
    "أفراد",
    "منظمات",
    "kurumlar",
    "örgütler",
    "bireyler",
    "kişiler",
    "organizacje",
    "osoby",
    "osoby indywidualne",
    "organizacije",
    "pojedinci",
    "pojedinke",
    "udruge",
    "udruženja",
}
# Group words that say the entries below are persons or organisations.
PERSON_GROUP_STEMS = (
    "laureate",
    "lauréat",
    "galardonad",
    "preisträger",
    "individ",
    "person",
    "people",
    "expert",
    "academic",
    "scholar",
    "researcher",
    "journalist",
    "lawyer",
    "doctor",
    "scientist",
    "personnalit",
    "particulier",
    "personas",
    "einzelperson",
    "أفراد",
    "الأفراد",
    "birey",
    "kişi",
    "osoby",
    "pojedin",
)

ORGANIZATION_GROUP_STEMS = (
    "organi",
    "institution",
    "institucion",
    "institutionnel",
    "groups",
    "ngo",
    "kurum",
    "örgüt",
    "kuruluş",
    "organizac",
    "udruž",
    "udrug",
    "منظمات",
    "المنظمات",
    "مؤسسات",
)

# Lines that end a list: contacts, notes, "published by".
END_LINE = re.compile(
    r"^(?:press |media |for media |for press )?(?:contacts?|enquiries|inquiries)\b"
    r"|^for (?:more|further) information\b|^(?:published|issued|posted) by\b"
    r"|^(?:notes?|footnotes?|references|sources|endnotes|about us|about the)\b"
    r"|^(?:read more|related|share this|tags?|categories|filed under)\b"
    r"|^(?:contact|kontakt|contacto|iletişim|kontakt dla mediów|za medije)\b"
    r"|^(?:presse|medien)-?kontakt|^contacts? (?:presse|média)|^contacto de prensa"
    r"|^basın (?:iletişim|irtibat)|^kontakt za medije"
    r"|^(?:pour plus d'informations|para más información|weitere informationen)\b"
    r"|^(?:to sign|to add your|if you would like to sign|add your (?:name|organi))\b"
    r"|^\[(?:\d{1,3}|[ivx]{1,5}|[a-z])\]|^[*†‡]\s"  # footnotes: "[1] …", "[i] …", "* …"
    r"|^[-–—#*\s]*(?:ends?|fin|koniec|son)[-–—#*\s]*$|^#{3,}$",  # a press release's "ENDS"
    re.IGNORECASE,
)

# "and 14 other organisations", "+ 14 more", "et 14 autres", "und 14 weitere".
UNNAMED_LEAD = {"and", "plus", "+", "et", "y", "e", "und", "i", "ve", "oraz", "و", "as", "with"}
UNNAMED_STEMS = (
    "other",
    "more",
    "further",
    "additional",
    "autre",
    "otra",
    "otro",
    "más",
    "mas",
    "weitere",
    "andere",
    "inne",
    "innych",
    "więcej",
    "diğer",
    "drug",
    "ostal",
    "أخرى",
    "آخرين",
    "اخرى",
)
_NUMBER = re.compile(r"\d{1,6}")

_TRIM = " \t:：,-–—*_#=.…"


def normalise_cue(text: str) -> str:
    # casefold turns Turkish "İ" into "i" and a combining dot; the dot is dropped
    return " ".join(text.strip(_TRIM).casefold().replace("\u0307", "").split())


def is_cue(text: str) -> bool:
    """A line that introduces the signatory list."""
    words = text.split()
    if not words or len(words) > 25:
        return False
    norm = normalise_cue(text)
    if norm in CUE_LINES:
        return True
    norm_words = norm.split()
    short_cue = len(words) <= SHORT_CUE_WORDS and any(
        word.startswith(SHORT_CUE_STEMS) for word in norm_words
    )  # "Firmas institucionales", "Signatures (individuals)"
    colon_cue = text.rstrip(" *_").endswith((":", "：")) and any(stem in norm for stem in CUE_STEMS)
    if not (short_cue or colon_cue):
        return False
    # "The signatories call on …:" introduces demands, not names
    return not any(word.startswith(DEMAND_STEMS) for word in norm_words)


def group_kind(text: str) -> str | None:
    """'person' or 'organization' when the line is a group heading inside a list, else None."""
    if len(text.split()) > 6:
        return None
    norm = normalise_cue(text)
    if norm not in GROUP_WORDS and not (
        text.rstrip(" *_").endswith(":") and any(w in norm for w in GROUP_WORDS)
    ):
        return None
    if any(stem in norm for stem in PERSON_GROUP_STEMS):
        return "person"
    return "organization"


# Group words that could also end an organisation's name on a wrapped line ("Committee to
# Protect / Journalists"); the others are headings wherever they stand.
NAME_LIKE_GROUP_WORDS = {
    "groups",
    "networks",
    "coalitions",
    "people",
    "experts",
    "academics",
    "scholars",
    "researchers",
    "journalists",
    "lawyers",
    "doctors",
    "scientists",
    "udruge",
}


def is_plain_group_heading(text: str) -> bool:
    """'Organisations', 'Individuals', 'Einzelpersonen': a group heading even without a colon
    or a blank line around it."""
    norm = normalise_cue(text)
    return norm in GROUP_WORDS and norm not in NAME_LIKE_GROUP_WORDS


def cue_group(text: str) -> str | None:
    """Who signs, when a cue says so: 'person' for "Signed by the following laureates:" or
    "Firmas individuales", 'organization' for "Firmas institucionales"."""
    norm = normalise_cue(text)
    if any(stem in norm for stem in PERSON_GROUP_STEMS):
        return "person"
    if any(stem in norm for stem in ORGANIZATION_GROUP_STEMS):
        return "organization"
    return None


def unnamed_count(text: str) -> int | None:
    """14 for 'and 14 other organisations'; None when the line is not such a count."""
    words = text.strip(" .…").split()
    if not 2 <= len(words) <= 10:
        return None
    lead = words[0].casefold().lstrip("…. ")
    if lead not in UNNAMED_LEAD and not words[0].startswith("+"):
        return None
    folded = text.casefold()
    number = _NUMBER.search(text)
    if number is None or not any(stem in folded for stem in UNNAMED_STEMS + ("signator", "organi")):
        return None
    return int(number.group())
