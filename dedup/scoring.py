"""How likely two analysed names denote one organisation: the pair scorer and its weights.

The score is mostly the plain similarity of the distinctive words, adjusted by evidence
(acronyms, extra words, kinds of body). `plain_similarity_cutoff` derives from these weights the
lowest plain similarity that can still reach a threshold, which lets the candidate index
(`dedup.index`) discard most candidates in one rapidfuzz call before this scorer runs.
"""

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .analysis import Analysis

# Pairs scoring at least this are put in the reviewers' queue (chosen on tests/data/dedup_pairs).
SUGGEST_THRESHOLD = 78.0
# find_matches returns nothing below this: lower scores share a word or two, not an identity.
MATCH_FLOOR = 50.0

# The base score mixes the distinctive words (what tells bodies apart) with all words, generic
# ones included ("Foundation" vs "Association"): the distinctive words carry most of the weight,
# so "Karam Foundation" / "Karam Foundation NFP" stay close. The two weights sum to 1 (0–100).
CORE_WEIGHT = 0.85
FULL_WEIGHT = 0.15

# Evidence, in score points.
# Both names carry the same acronym: strong evidence, but never enough alone to queue a pair.
SAME_ACRONYM_BONUS = 8.0
# One name's acronym spells the other's initials: weaker than the same acronym printed twice.
ACRONYM_FITS_BONUS = 5.0
# Different acronyms ("SAMS" / "SEMA") almost always mean different bodies: outweighs a near-
# identical spelling (100 - 30 is below SUGGEST_THRESHOLD).
ACRONYM_CONFLICT_PENALTY = 30.0
# Each distinctive word of one name with no counterpart in the other ("Syria Relief" / "Syria
# Relief and Development"), capped so long names are not scored below unrelated ones.
EXTRA_WORD_PENALTY = 10.0
EXTRA_WORDS_MAX_PENALTY = 25.0
# Each name has a distinctive word the other lacks: two bodies more likely than one.
WORD_CONFLICT_PENALTY = 10.0
# Disjoint generic words ("Center" vs "Association"): a different kind of body, mild evidence.
GENERIC_CONFLICT_PENALTY = 6.0
# A part of a two-part name ("White Hands - Beyazeller") matching is weaker than the whole.
ALIAS_DISCOUNT = 10.0
# "SSRD" and "… (SSRD)": the acronym names the body, so at least a likely match (above the
# queue threshold), whatever the words.
ACRONYM_IDENTITY_SCORE = 85.0
# "SAMS" / "Syrian American Medical Society": offered as a match, too weak to queue on its own.
INITIALS_ONLY_SCORE = 70.0
# Two records that signed one statement side by side are most likely two bodies.
SIGNED_TOGETHER_PENALTY = 25.0

# `certain` needs both the distinctive words and all words this alike (a typo at most).
CERTAIN_SIMILARITY = 95.0
# Words shorter than this must be equal to match ("Karam" is not "Maram"); from this length one
# typo is allowed, and two from TWO_TYPOS_MIN_LENGTH.
TYPO_MIN_LENGTH = 6
TWO_TYPOS_MIN_LENGTH = 8
MAX_TYPOS = 2
# Names this short that differ by a letter or two are told to reviewers as a possible typo.
TYPO_REASON_MIN_LENGTH = 5
# Glued or split words ("Ahl Horan" / "Ahlhoran"): each piece at least this long.
GLUED_PIECE_MIN_LENGTH = 3

# The most evidence can add to the base score: the same acronym, or an acronym fitting the
# initials (counted once), never both (the first needs acronyms on both sides, the second not).
MAX_BONUS = max(SAME_ACRONYM_BONUS, ACRONYM_FITS_BONUS)


def plain_similarity_cutoff(threshold: float, bonus: float = MAX_BONUS) -> float:
    """The lowest `base_similarity` that may still score `threshold`.

    score <= CORE_WEIGHT * plain + FULL_WEIGHT * 100 + bonus (penalties only lower it), so a
    pair below this cutoff cannot reach the threshold. The floors (ACRONYM_IDENTITY_SCORE,
    INITIALS_ONLY_SCORE) are outside this bound: the index always scores those pairs."""
    return max(0.0, (threshold - FULL_WEIGHT * 100.0 - bonus) / CORE_WEIGHT)


@dataclass(slots=True)
class PairScore:
    score: float
    reasons: list[str]
    certain: bool


def base_similarity(a: Analysis, b: Analysis) -> float:
    """The plain rapidfuzz similarity of the distinctive words (word order and splits ignored):
    the main term of the score, and what `plain_similarity_cutoff` rests on."""
    return max(fuzz.token_sort_ratio(a.core_key, b.core_key), fuzz.ratio(a.compact, b.compact))


def _matched(word: str, others: tuple[str, ...], own: tuple[str, ...] = ()) -> bool:
    """Whether `word` has a counterpart among `others`: equal, a typo of one (same first letter;
    words under 6 letters must be equal: "Karam" is not "Maram", "Shama" is not "Shamal"), or
    part of the other name written together ("Ahl Horan" / "Ahlhoran")."""
    if word in others:
        return True
    for other in others:
        shortest = min(len(word), len(other))
        if shortest < TYPO_MIN_LENGTH or word[0] != other[0]:
            continue
        limit = 1 if shortest < TWO_TYPOS_MIN_LENGTH else MAX_TYPOS
        if Levenshtein.distance(word, other, score_cutoff=limit) <= limit:
            return True
    return _split_or_glued(word, others, own)


def _split_or_glued(word: str, others: tuple[str, ...], own: tuple[str, ...] = ()) -> bool:
    """ "ahl" + "horan" are "ahlhoran" (both pieces present); "ahlhoran" is "ahl" + "horan"."""
    if len(word) < GLUED_PIECE_MIN_LENGTH:
        return False
    for index, other in enumerate(others):
        if len(other) >= len(word) + GLUED_PIECE_MIN_LENGTH:
            if other.startswith(word) and other[len(word) :] in own:
                return True
            if other.endswith(word) and other[: -len(word)] in own:
                return True
        if word.startswith(other):
            joined = other
            for following in others[index + 1 :]:
                if len(joined) >= len(word):
                    break
                joined += following
            if joined == word:
                return True
    return False


def _extra_words(a: Analysis, b: Analysis) -> list[str]:
    """Distinctive words of `a` with no counterpart (even misspelt) in `b`."""
    words_a, words_b = a.core or a.full, b.core or b.full
    return [w for w in words_a if not _matched(w, words_b, words_a)]


def score_pair(a: Analysis, b: Analysis) -> PairScore:
    """How likely two names denote one organisation, 0–100, with the reasons shown to reviewers.

    A name with a spaced dash ("White Hands - Beyazeller") may be two names of one body; each
    part is also tried, a little discounted."""
    best = _score(a, b)
    for one, other in ((a, b), (b, a)):
        for alias in one.aliases:
            result = _score(alias, other)
            if result.score - ALIAS_DISCOUNT > best.score:
                best = PairScore(
                    round(result.score - ALIAS_DISCOUNT, 1),
                    [f"“{alias.name}” is part of “{one.name}”", *result.reasons],
                    False,
                )
    return best


def _score(a: Analysis, b: Analysis) -> PairScore:
    reasons: list[str] = []
    core = base_similarity(a, b)
    full = fuzz.token_sort_ratio(a.full_key, b.full_key)
    score = CORE_WEIGHT * core + FULL_WEIGHT * full
    reasons.append(f"names {core:.0f}% alike once normalised")

    conflict = False
    if a.acronyms and b.acronyms:
        shared = a.acronyms & b.acronyms
        if shared:
            score += SAME_ACRONYM_BONUS
            reasons.append(f"same acronym {', '.join(sorted(shared))}")
        else:
            conflict = True
            score -= ACRONYM_CONFLICT_PENALTY
            reasons.append(
                f"different acronyms: {', '.join(sorted(a.acronyms))} vs "
                f"{', '.join(sorted(b.acronyms))}"
            )
    identity = initials_only = False
    if not (a.acronyms and b.acronyms):
        fits = 0.0
        for one, other in ((a, b), (b, a)):
            if one.solo_acronym and not other.acronyms and one.solo_acronym in other.initials:
                initials_only = True
                reasons.append(f"“{one.name}” fits the initials of “{other.name}”")
            for acronym in sorted(one.acronyms):
                if other.solo_acronym == acronym:
                    identity = True
                    reasons.append(f"“{other.name}” is the acronym in “{one.name}”")
                elif acronym in other.initials:
                    fits = ACRONYM_FITS_BONUS  # counted once: `MAX_BONUS` relies on it
                    reasons.append(f"acronym {acronym} fits the initials of “{other.name}”")
        score += fits

    extra_a, extra_b = _extra_words(a, b), _extra_words(b, a)
    extras = extra_a + extra_b
    if extras:
        score -= min(EXTRA_WORDS_MAX_PENALTY, EXTRA_WORD_PENALTY * len(extras))
        if extra_a and extra_b:
            score -= WORD_CONFLICT_PENALTY
        for words, owner in ((extra_a, a), (extra_b, b)):
            if words:
                reasons.append(f"only “{owner.name}” has the words: {', '.join(words)}")
    elif a.core == b.core and a.full != b.full:
        differing = sorted(set(a.generic) ^ set(b.generic))
        if differing:
            reasons.append(f"differ only in generic words ({', '.join(differing)})")
    if a.generic and b.generic and not set(a.generic) & set(b.generic):
        score -= GENERIC_CONFLICT_PENALTY
        reasons.append(f"different kinds of body: {', '.join(a.generic)} vs {', '.join(b.generic)}")

    if not extras and a.compact != b.compact:
        distance = Levenshtein.distance(a.compact, b.compact, score_cutoff=MAX_TYPOS + 1)
        if distance <= MAX_TYPOS and min(len(a.compact), len(b.compact)) >= TYPO_REASON_MIN_LENGTH:
            reasons.append(f"spelling differs by {distance} letter{'s' * (distance > 1)} (typo?)")

    if identity:  # "SSRD" and "… (SSRD)": the acronym names the body, whatever the words
        score = max(score, ACRONYM_IDENTITY_SCORE)
    elif initials_only and not conflict:  # "SAMS" / "Syrian American Medical Society": offered
        score = max(score, INITIALS_ONLY_SCORE)  # as a match, too weak to queue on its own
    score = round(min(100.0, max(0.0, score)), 1)
    certain = (
        not conflict
        and not extras
        and (a.full == b.full or (core >= CERTAIN_SIMILARITY and full >= CERTAIN_SIMILARITY))
        and bool(a.full)
    )
    return PairScore(score, reasons, certain)
