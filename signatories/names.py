"""Pure functions on printed names. Display names are never altered; these only build keys."""

import re
import unicodedata

from django.utils.text import slugify

MAX_NAME_LENGTH = 300

# The folding tables, shared by import keys (`fold_key`), public search and dedup's analysis.
# Dashes and quotes are printed in many shapes: str.translate tables to one of each.
DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"
)
QUOTES = dict.fromkeys(
    map(ord, '\u2018\u2019\u201a\u201b\u2032\u00b4`\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"'),
    "'",
)
# Letters NFKD does not decompose into a base letter and a mark.
EXTRA_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss"}
)
# Little words that carry no identity, in the languages the registry prints (folded): no initial
# of an acronym, no evidence in matching. "al"/"el", the Arabic article, too: dedup joins it to
# the next word ("Al-Ameen" = "Alameen"), search skips it; neither counts it as an initial.
STOPWORDS = frozenset(
    """
    a an and the of for in on to at by with from al el
    de la le les du des et pour au aux en y del da do dos das e und fur der die dla i w
    """.split()
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def printed_form(text: str) -> str:
    """The name as printed: Unicode NFC, outer whitespace (layout, not name) removed."""
    return unicodedata.normalize("NFC", text).strip()


def fold_key(name: str) -> str:
    """Key under which spellings count as the same name at import.

    Folds case, punctuation, dashes, quotes and whitespace only: "Horrya Press" and
    "Horrya press", "Women – Now for development" and "Women Now for development".
    Anything fuzzier is the dedup module's job.
    """
    text = unicodedata.normalize("NFKC", name).translate(DASHES).translate(QUOTES).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def looks_glued(name: str) -> bool:
    """True when a word looks like two names run together, as in "Austrlian Syrian ReliefKaram
    Foundation": 3+ lower-case letters directly followed by a capitalised word of 3+ letters.
    Shorter runs ("NuDay", "McDonald") are ordinary spellings."""
    for word in name.split():
        for i in range(1, len(word) - 2):
            if word[i].isupper() and _lower_run(word[i - 1 :: -1]) >= 3:
                if _lower_run(word[i + 1 :]) >= 2:
                    return True
    return False


def _lower_run(chars: str) -> int:
    count = 0
    for char in chars:
        if not char.islower():
            break
        count += 1
    return count


def base_slug(name: str) -> str:
    """Slug stem for a name; keeps non-Latin scripts (Arabic names get Arabic slugs)."""
    slug = slugify(name, allow_unicode=True)[:80].strip("-")
    return slug or "organization"
