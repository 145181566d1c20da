"""Name analysis for matching only: display names are never altered.

`analyze(name)` folds a printed name into the features the scorer compares: the words that tell
organisations apart (`core`), all words (`full`), acronyms kept apart (`(SEMA)`, `– LDHR`), and the
initials an acronym may stand for. Pure functions, no database.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from rapidfuzz.distance import Levenshtein

from signatories.names import DASHES, EXTRA_LETTERS, QUOTES, STOPWORDS

# Words that say what kind of body it is, not which one: weighted low.
GENERIC_WORDS = frozenset(
    """
    organization organisation organizations org association associations foundation foundations
    society societies nfp center centre centers institute institution charity charitable ngo inc
    ltd ev asbl gmbh cic dernegi dernek vakfi vakif
    منظمة جمعية مؤسسة
    """.split()
)
# British/American and other spelling pairs folded to one form.
SPELLINGS = {
    "organisation": "organization",
    "organisations": "organizations",
    "centre": "center",
    "centres": "centers",
    "programme": "program",
    "defence": "defense",
    "labour": "labor",
    "humanitarain": "humanitarian",
    "&": "and",
    "souria": "syria",
    "suriya": "syria",
    "syrie": "syria",
    "siria": "syria",
    "syrien": "syrian",
    "sirio": "syrian",
}
_BRACKETED = re.compile(r"[\(\[]([^\)\]]*)[\)\]]")
_DASH_TAIL = re.compile(r"\s+-\s*([^\s-]+)\s*$|\s*-\s+([^\s-]+)\s*$")
_SPACED_DASH = re.compile(r"\s+-\s*|\s*-\s+")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Acronyms are 2 to this many letters: longer capitalised words are names ("ABRAR" is both).
ACRONYM_MAX_LENGTH = 10
# A trailing -s is a plural only on words longer than this ("bus", "gas" keep theirs).
PLURAL_MIN_LENGTH = 3
# Misspelt generic words ("Assosition", "Organizatio") are recognised from this length, within
# this many typos: shorter generic words are too close to distinctive ones to guess.
GENERIC_TYPO_MIN_LENGTH = 7
GENERIC_TYPO_MAX_DISTANCE = 2


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the scorer compares; built once per distinct name."""

    name: str
    full: tuple[str, ...]  # all words, folded, in order (stopwords and leading "the" dropped)
    core: tuple[str, ...]  # distinctive words: full minus generic words
    acronyms: frozenset[str]
    initials: frozenset[str]  # what an acronym for this name could be
    generic: tuple[str, ...]  # the generic words present
    aliases: tuple["Analysis", ...] = ()  # the parts of "White Hands - Beyazeller"
    core_key: str = ""  # distinctive words sorted: word order ignored
    full_key: str = ""
    compact: str = ""  # distinctive words run together: split or glued words
    solo_acronym: str | None = None  # the name is one capitalised word: "SSRD", "ABRAR"


def fold_text(text: str) -> str:
    """NFKC, case-fold, diacritics stripped, dashes/quotes unified, & = and. Keeps punctuation
    otherwise, so brackets and dashes can still be read."""
    text = unicodedata.normalize("NFKC", text).translate(DASHES).translate(QUOTES)
    text = text.casefold().translate(EXTRA_LETTERS)
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    text = text.replace("&", " and ").replace("'", "")  # apostrophes join: citizens' -> citizens
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=100_000)
def _word(token: str) -> str:
    """One matching word: spelling folded, plural -s dropped, doubled letters collapsed
    (Binaa/Binna, Mattar/Matar: transliteration noise)."""
    token = SPELLINGS.get(token, token)
    plural = token.endswith("s") and not token.endswith(("ss", "us", "is"))
    if plural and len(token) > PLURAL_MIN_LENGTH:
        token = token[:-1]
    return "".join(letter for letter, _run in groupby(token))


@lru_cache(maxsize=100_000)
def _is_generic(token: str) -> bool:
    if token in GENERIC_WORDS:
        return True
    # Misspelt generic words ("Assosition", "Organizatio", "ASSOCIAITION") are still generic.
    limit = GENERIC_TYPO_MAX_DISTANCE
    return len(token) >= GENERIC_TYPO_MIN_LENGTH and any(
        abs(len(token) - len(word)) <= limit
        and Levenshtein.distance(token, word, score_cutoff=limit + 1) <= limit
        for word in _LONG_GENERIC
    )


_LONG_GENERIC = tuple(
    sorted({_word(w) for w in GENERIC_WORDS if len(w) >= GENERIC_TYPO_MIN_LENGTH})
)


def _tokens(text: str) -> list[str]:
    """Folded words; "al"/"el" joined to the next word so "Al-Ameen" = "Alameen"."""
    raw = _TOKEN.findall(fold_text(text))
    out: list[str] = []
    join = False
    for token in raw:
        if join:
            out[-1] += token
            join = False
            continue
        out.append(token)
        join = token in ("al", "el")
    return out


def _initials(words: list[str]) -> set[str]:
    content = [w for w in words if w not in STOPWORDS]
    distinctive = [w for w in content if not _is_generic(_word(w))]
    return {
        "".join(w[0] for w in group).upper()
        for group in (words, content, distinctive)
        if len(group) >= 2
    }


def _looks_like_acronym(word: str, original: str) -> bool:
    return (
        2 <= len(word) <= ACRONYM_MAX_LENGTH
        and not _is_generic(word.lower())
        and sum(c.isupper() for c in original) >= max(2, len(original) - 1)
    )


@lru_cache(maxsize=200_000)
def analyze(name: str) -> Analysis:
    """Features of one printed name (cached: names repeat across statements and queries)."""
    text = unicodedata.normalize("NFKC", name).translate(DASHES).translate(QUOTES)
    acronyms: set[str] = set()

    def bracket(match: re.Match) -> str:
        inner = match.group(1).strip()
        words = _TOKEN.findall(inner)
        if len(words) == 1 and len(words[0]) <= ACRONYM_MAX_LENGTH:
            acronyms.add(fold_text(words[0]).upper())
            return " "
        return f" {inner} "

    text = _BRACKETED.sub(bracket, text)
    tail = _DASH_TAIL.search(text)
    if tail:
        word = tail.group(1) or tail.group(2)
        if _looks_like_acronym(word, word):
            acronyms.add(fold_text(word).upper())
            text = text[: tail.start()]

    originals = _TOKEN.findall(text)
    words = _tokens(text)
    # A leading or trailing capitalised word that spells the rest's initials: "LACU Local ...".
    if len(originals) >= 3 and len(words) == len(originals):
        for index in (0, -1):
            rest = words[1:] if index == 0 else words[:-1]
            if _looks_like_acronym(originals[index], originals[index]) and (
                originals[index].upper() in _initials(rest)
            ):
                acronyms.add(words[index].upper())
                words = rest
                break

    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    initials = _initials(words)
    full = tuple(_word(w) for w in words if w not in STOPWORDS) or tuple(_word(w) for w in words)
    generic = tuple(w for w in full if _is_generic(w))
    core = tuple(w for w in full if not _is_generic(w))
    aliases = ()
    parts = [part.strip() for part in _SPACED_DASH.split(text) if _TOKEN.search(part)]
    if len(parts) == 2:
        aliases = tuple(analyze(part) for part in parts)
    return Analysis(
        name=name,
        full=full,
        core=core,
        acronyms=frozenset(acronyms),
        initials=frozenset(initials),
        generic=generic,
        aliases=aliases,
        core_key=" ".join(sorted(core or full)),
        full_key=" ".join(sorted(full)),
        compact="".join(core or full),
        solo_acronym=_solo_acronym(originals, core or full),
    )


def _solo_acronym(originals: list[str], words: tuple[str, ...]) -> str | None:
    """The one distinctive word, when printed in capitals: it may be another name's acronym."""
    if len(words) != 1 or not 2 <= len(words[0]) <= ACRONYM_MAX_LENGTH:
        return None
    printed = [w for w in originals if _word(fold_text(w)) == words[0]]
    if printed and printed[0].isupper():
        return fold_text(printed[0]).upper()
    return None
