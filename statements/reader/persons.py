"""Is a signatory line a person, and if so which part is the name and which the affiliation?

Decided by mechanism, never by a list of known people: the shape of a personal name (two to five
capitalised words, initials, name particles), honorifics ("Dr.", "Prof."), title words
("Professor", "Director", "Journalist"), the separators that put an affiliation beside a name
("Name, Title, Org", "Name / affiliation", "Name (Org)", "Name – Org", "Name, on behalf of Org"),
emphasis on the name alone ("**Name** / affiliation") and the list section it stands in."""

import re
from functools import lru_cache

# Each name is looked at several times (kind of the list, kind of the line); the caches stay
# bounded in a long-running server.
CACHED_NAMES = 20_000

HONORIFICS = frozenset(
    """
    dr dr. prof prof. professor mr mr. mrs mrs. ms ms. mx mx. sir dame lord lady rev rev.
    reverend hon hon. fr fr. sr. sister father imam rabbi sheikh bishop archbishop pastor mme
    mme. m. mlle me pr pr. sra sra. sr dra dra. lic. herr frau dipl. mag. av. doç. doc. dr.med.
    prof.dr. د. أ. الدكتور الدكتورة الأستاذ الأستاذة السيد السيدة mgr hab. hab mgr. inż. ph.d.
    phd msc mba
    """.split()
)
# Words that start an affiliation or title after a name.
TITLE_WORDS = frozenset(
    """
    professor prof. associate assistant lecturer senior director executive founder co-founder
    cofounder president chair chairman chairwoman chairperson ceo coordinator researcher fellow
    journalist editor writer author lawyer attorney advocate judge member former head manager
    officer secretary activist human phd ph.d. doctor student independent expert scholar
    scientist dean emeritus whistleblower prezes wiceprezes przewodniczący special un mp mep
    senator representative deputy minister ambassador chief lead partner consultant analyst
    artist filmmaker photographer poet novelist physician nurse on in board trustee programme
    program policy legal general vice directeur directrice présidente président chercheur
    chercheuse avocat avocate journaliste profesor profesora directora investigador
    investigadora abogada abogado periodista leiter leiterin rechtsanwalt rechtsanwältin
    journalistin gazeteci avukat akademisyen dziennikarz dziennikarka adwokat novinar novinarka
    profesorica advokat advokatica
    """.split()
)
# Words that mark an organisation's name (any language the reader knows).
ORG_WORDS = frozenset(
    """
    association associations association's foundation fund institute institution center centre
    network union council committee coalition society organization organisation organizations
    organisations group alliance federation trust league movement initiative project campaign
    watch rights international university college school academy forum lab labs laboratory
    agency media press news radio tv television magazine journal times post collective
    cooperative co-op company inc inc. ltd ltd. llc gmbh e.v. ngo party church mission office
    bureau department ministry service services team volunteers charity relief aid help support
    development action partners partnership consortium club platform hub house home clinic
    hospital society's board commission syndicate chamber assembly caucus circle youth women
    women's children people peoples citizens humanitarian human freedom justice peace democracy
    global national world europe european africa african asia america american arab syrian
    access amnesty article defenders lawyers doctors journalists reporters scholars writers pen
    privacy digital internet tech technology software data open free foundation's institut
    verein stiftung bund netzwerk gesellschaft verband zentrum fundación fundacion asociación
    asociacion centro instituto red colectivo observatorio comité comision comisión fondation
    réseau ligue collectif syndicat fédération observatoire derneği dernegi vakfı vakfi
    platformu inisiyatifi derneği̇ fundacja stowarzyszenie instytut centrum sieć udruga
    udruženje fondacija centar mreža inicijativa savez kuća koalicija komitet odbor منظمة مؤسسة
    جمعية مركز شبكة اتحاد رابطة هيئة لجنة تجمع حركة فريق مبادرة المنظمة المؤسسة الجمعية المركز
    الشبكة الاتحاد الرابطة
    """.split()
)
PARTICLES = frozenset(
    """
    gen. gen de del della der den di da das do dos du la le van von vander ter ten y e al el bin
    ben ibn bint abu st. mc mac zu af av 't
    """.split()
)
_INITIAL = re.compile(r"^(?:\w\.){1,3}$|^\w\.-\w\.$")
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]*|\w+-\w+|[a-z]+['’][A-Z]\w+)$")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _words(text: str) -> list[str]:
    return text.replace("\u00a0", " ").split()


def _strip_honorific(words: list[str]) -> tuple[list[str], bool]:
    found = False
    while words and words[0].casefold() in HONORIFICS:
        words, found = words[1:], True
    return words, found


@lru_cache(maxsize=CACHED_NAMES)
def looks_like_person_name(text: str, *, strict: bool = True) -> bool:
    """Two to five capitalised words (initials and particles allowed), none an organisation
    word or an acronym: "Jane Doe", "William E. Binney", "Dr. Peter Burdon", "Ana de la Cruz"."""
    text = text.strip(" *_,")
    if not text or any(ch.isdigit() for ch in text) or any(c in text for c in "()/&@:;|"):
        return False
    words, honorific = _strip_honorific(_words(text))
    if _ARABIC.search(text):
        return honorific and 1 <= len(words) <= 5
    if not 1 <= len(words) <= 5 or (len(words) == 1 and not honorific):
        return False
    capitalised = 0
    for word in words:
        folded = word.casefold().strip(",.")
        if folded in ORG_WORDS:
            return False
        if folded in PARTICLES:
            continue
        if _INITIAL.match(word):
            capitalised += 1
            continue
        if not _NAME_WORD.match(word):
            return False
        letters = [ch for ch in word if ch.isalpha()]
        if len(letters) >= 2 and all(ch.isupper() for ch in letters) and strict:
            return False  # an acronym ("ABRAR", "SMEX") is not a personal name
        capitalised += 1
    return capitalised >= (1 if honorific else 2)


def has_initial(text: str) -> bool:
    """A middle initial between capitalised words ("William E. Binney"): a person's name."""
    words = _words(text)
    return (
        len(words) >= 3
        and any(len(word) == 2 and word[1] == "." and word[0].isalpha() for word in words[1:-1])
        and looks_like_person_name(text)
    )


def has_honorific(text: str) -> bool:
    words = _words(text.strip(" *_"))
    return bool(words) and words[0].casefold() in HONORIFICS


_SEPARATORS = (" / ", " – ", " — ", " - ", " | ")


@lru_cache(maxsize=CACHED_NAMES)
def split_person(line: str, strong: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """(person_name, affiliation) when the line reads as a person with an affiliation, or
    (person_name, "") for a lone personal name marked as such; None otherwise."""
    line = line.strip()
    # "**Name** / affiliation" or "**Name**, affiliation": the emphasis marks the name.
    for bold in strong:
        bold = bold.strip(" ,")
        if bold and line.startswith(bold) and bold != line and looks_like_person_name(bold):
            rest = line[len(bold) :]
            return bold, rest.lstrip(" ,/–—-|:").strip()
    # "Name, on behalf of Org" / "Name, Title, Org" (Arabic prints its comma as "،")
    comma = min((i for i in (line.find(","), line.find("،")) if i >= 0), default=-1)
    if comma > 0:
        head, rest = line[:comma], line[comma + 1 :]
        if looks_like_person_name(head) and rest.strip():
            return head.strip(), rest.strip()
    # "Name (Org)"
    paren = line.find(" (")
    inner = line[paren + 2 : -1] if paren > 0 else ""
    acronym = inner.isupper() and " " not in inner  # "Education Without Borders (MIDAD)"
    if paren > 0 and line.endswith(")") and not acronym and looks_like_person_name(line[:paren]):
        return line[:paren].strip(), line[paren + 1 :].strip()
    for separator in _SEPARATORS:
        if separator in line:
            head, _, rest = line.partition(separator)
            if looks_like_person_name(head) and rest.strip():
                return head.strip(), rest.strip()
    if (has_honorific(line) or has_initial(line)) and looks_like_person_name(line):
        return line, ""
    return None


def affiliation_looks_personal(affiliation: str) -> bool:
    """What follows a name reads as a person's role or affiliation: a title word anywhere
    ("Pentagon Papers whistleblower", "Professor of Law"), "on behalf of", an organisation word
    ("University of X"), or a lower-case role noun ("polityk, publicysta")."""
    words = [word.strip(",.;()\"'“”„") for word in affiliation.casefold().split()]
    if not words:
        return False
    if affiliation.startswith(("on ", "in ")) or any(w in TITLE_WORDS for w in words):
        return True
    if any(w in ORG_WORDS for w in words):
        return True
    return any(
        len(word) >= 4 and word.isalpha() and original[:1].islower()
        for word, original in zip(words, affiliation.split(), strict=False)
        if word not in PARTICLES
    )
