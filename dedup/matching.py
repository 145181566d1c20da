"""Finding organisations whose names may be the same: a candidate index and a pair scorer.

The index (`NameIndex`) proposes candidates from a name's rarest features (words, typo
deletions, word pairs, trigrams, acronyms), so a query reads a bounded number of posting
entries, not the registry; a rapidfuzz bound checked in one C call per batch, then the full
scorer (rapidfuzz plus the features of `dedup.analysis`), see only those candidates. The same
code serves the reconciliation API (`find_matches`), incremental suggestions at import, the full
rescan and the benchmark.
"""

import threading
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from signatories.names import fold_key

from .analysis import Analysis, analyze

# Pairs scoring at least this are put in the reviewers' queue (chosen on tests/data/dedup_pairs).
SUGGEST_THRESHOLD = 78.0
# find_matches returns nothing below this.
MATCH_FLOOR = 50.0
# Evidence weights (score points).
SAME_ACRONYM_BONUS = 8.0
ACRONYM_FITS_BONUS = 5.0
ACRONYM_CONFLICT_PENALTY = 30.0
EXTRA_WORD_PENALTY = 10.0
EXTRA_WORDS_MAX_PENALTY = 25.0
WORD_CONFLICT_PENALTY = 10.0  # each name has a distinctive word the other lacks
GENERIC_CONFLICT_PENALTY = 6.0  # "Center" vs "Association"
ALIAS_DISCOUNT = 10.0
ACRONYM_IDENTITY_SCORE = 85.0
INITIALS_ONLY_SCORE = 70.0
SIGNED_TOGETHER_PENALTY = 25.0


@dataclass(slots=True)
class PairScore:
    score: float
    reasons: list[str]
    certain: bool


def base_similarity(a: Analysis, b: Analysis) -> float:
    """The plain rapidfuzz similarity of the distinctive words (word order and splits ignored):
    the main term of the score, and what the safe bound in `NameIndex.plausible` rests on."""
    return max(fuzz.token_sort_ratio(a.core_key, b.core_key), fuzz.ratio(a.compact, b.compact))


def _matched(word: str, others: tuple[str, ...], own: tuple[str, ...] = ()) -> bool:
    """Whether `word` has a counterpart among `others`: equal, a typo of one (same first letter;
    words under 6 letters must be equal: "Karam" is not "Maram", "Shama" is not "Shamal"), or
    part of the other name written together ("Ahl Horan" / "Ahlhoran")."""
    if word in others:
        return True
    for other in others:
        shortest = min(len(word), len(other))
        if shortest < 6 or word[0] != other[0]:
            continue
        limit = 1 if shortest < 8 else 2
        if Levenshtein.distance(word, other, score_cutoff=limit) <= limit:
            return True
    return _split_or_glued(word, others, own)


def _split_or_glued(word: str, others: tuple[str, ...], own: tuple[str, ...] = ()) -> bool:
    """ "ahl" + "horan" are "ahlhoran" (both pieces present); "ahlhoran" is "ahl" + "horan"."""
    if len(word) < 3:
        return False
    for index, other in enumerate(others):
        if len(other) >= len(word) + 3:
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
    score = 0.85 * core + 0.15 * full
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
                    fits = ACRONYM_FITS_BONUS  # counted once: the bound in `plausible` relies on it
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
        distance = Levenshtein.distance(a.compact, b.compact, score_cutoff=3)
        if distance <= 2 and min(len(a.compact), len(b.compact)) >= 5:
            reasons.append(f"spelling differs by {distance} letter{'s' * (distance > 1)} (typo?)")

    if identity:  # "SSRD" and "… (SSRD)": the acronym names the body, whatever the words
        score = max(score, ACRONYM_IDENTITY_SCORE)
    elif initials_only and not conflict:  # "SAMS" / "Syrian American Medical Society": offered
        score = max(score, INITIALS_ONLY_SCORE)  # as a match, too weak to queue on its own
    score = round(min(100.0, max(0.0, score)), 1)
    certain = (
        not conflict
        and not extras
        and (a.full == b.full or (core >= 95 and full >= 95))
        and bool(a.full)
    )
    return PairScore(score, reasons, certain)


def gram_features(analysis: Analysis) -> set[str]:
    """What the index files a name under: its distinctive words, their one-letter deletions
    (so a typo of a long word meets the original), pairs of words, generic ones included (rare
    even when each word is common), character trigrams of each word (split or glued words,
    heavier typos), acronyms, and the distinctive words as a whole."""
    words = analysis.core or analysis.full
    features: set[str] = set()
    for word in words:
        features.update(_word_features(word))
    ordered = sorted(analysis.full)
    features.update(f"p:{x}|{y}" for x, y in zip(ordered, ordered[1:], strict=False))
    features.update(f"#{acronym}" for acronym in analysis.acronyms)
    features.add(f"k:{analysis.core_key}")
    features.update(f"#{initials}" for initials in analysis.initials if len(initials) >= 3)
    if analysis.solo_acronym:
        features.add(f"#{analysis.solo_acronym}")
    return features


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    features = {padded[i : i + 3] for i in range(len(padded) - 2)}
    features.add(f"w:{word}")
    if len(word) >= 5:
        features.add(f"d:{word}")
    if len(word) >= 6:
        features.update(f"d:{word[:i]}{word[i + 1 :]}" for i in range(1, len(word)))
    return tuple(features)


class NameIndex:
    """An inverted index of name features; proposes candidates for a name without a full pass.

    A query reads only its rarest features (the ones most telling about identity), counts how
    many each indexed name shares, and hands the best-sharing `limit` to the scorer. Names with
    the same distinctive words are always proposed to each other.
    """

    def __init__(self, budget: int = 1000, min_probe: int = 2, limit: int = 100):
        self.keys: list[Hashable] = []
        self.analyses: list[Analysis] = []
        self.core_keys: list[str] = []
        self.compacts: list[str] = []
        self.special: set[int] = set()  # names with parts or a lone acronym: always scored
        self.postings: defaultdict[str, list[int]] = defaultdict(list)
        self.slot_of: dict[Hashable, int] = {}
        self.budget = budget  # posting entries a query may read beyond its first few features
        self.min_probe = min_probe
        self.limit = limit

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: Hashable, name: str) -> int:
        slot = len(self.keys)
        analysis = analyze(name)
        self.keys.append(key)
        self.analyses.append(analysis)
        self.core_keys.append(analysis.core_key)
        self.compacts.append(analysis.compact)
        if analysis.aliases or analysis.solo_acronym:
            self.special.add(slot)
        self.slot_of[key] = slot
        postings = self.postings
        for gram in gram_features(analysis):
            postings[gram].append(slot)
        return slot

    def add_many(self, items: Iterable[tuple[Hashable, str]]) -> None:
        for key, name in items:
            self.add(key, name)

    def candidate_slots(self, analysis: Analysis, skip: int | None = None) -> list[int]:
        """Slots sharing the most rare features with `analysis`, best first.

        Features are read rarest first until `budget` posting entries have been read (always
        at least `min_probe` features), so a query costs about the same at 1,000 or 100,000."""
        postings = self.postings
        found = [postings[g] for g in gram_features(analysis) if g in postings]
        if not found:
            return []
        found.sort(key=len)
        counts: Counter = Counter()
        read = probed = 0
        previous: list[int] = []
        for bucket in found:
            if probed >= self.min_probe and read + len(bucket) > self.budget:
                break
            if (
                len(bucket) == len(previous)
                and bucket[0] == previous[0]
                and bucket[-1] == previous[-1]
            ):
                continue  # the same names again (deletions of one word): no new evidence
            counts.update(bucket)
            read += len(bucket)
            probed += 1
            previous = bucket
        if skip is not None:
            counts.pop(skip, None)
        if len(counts) <= self.limit:
            best = list(counts)
        else:
            ranked = sorted(counts.items(), key=itemgetter(1), reverse=True)
            best = [slot for slot, _n in ranked[: self.limit]]
        # Names with the same distinctive words ("Syrian Displaced Centre" / "... Institute")
        # are always compared, however many there are of them.
        same = postings.get(f"k:{analysis.core_key}", ())
        if len(same) > 1:
            chosen = set(best)
            best.extend(slot for slot in same if slot not in chosen and slot != skip)
        return best

    def plausible(self, query: Analysis, slots: list[int], threshold: float) -> list[int]:
        """The slots that may score `threshold` or more against `query` (a safe bound checked
        by rapidfuzz over the whole batch in one call); the full scorer need only see these."""
        if not slots:
            return []
        # score <= 0.85 * plain + 0.15 * 100 + bonus, so a lower plain similarity cannot reach it.
        cutoff = max(0.0, (threshold - 15.0 - SAME_ACRONYM_BONUS) / 0.85)
        gather = itemgetter(*slots) if len(slots) > 1 else (lambda values: (values[slots[0]],))
        plain: dict[int, float] = {}
        for _key, score, i in process.extract(
            query.core_key,
            gather(self.core_keys),
            scorer=fuzz.token_sort_ratio,
            score_cutoff=cutoff,
            limit=None,
        ):
            plain[slots[i]] = score
        for _key, score, i in process.extract(
            query.compact,
            gather(self.compacts),
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=None,
        ):
            if score > plain.get(slots[i], 0.0):
                plain[slots[i]] = score
        # The exact bound for the survivors: acronym bonus only where there are acronyms.
        keep = set()
        analyses = self.analyses
        for s, score in plain.items():
            other = analyses[s]
            bonus = SAME_ACRONYM_BONUS if query.acronyms or other.acronyms else 0.0
            bound = 0.85 * score + bonus
            if bound + 15.0 >= threshold and (
                bound + 0.15 * fuzz.token_sort_ratio(query.full_key, other.full_key) >= threshold
            ):
                keep.add(s)
        # Parts of a name, and a name that is another's acronym, are scored whatever the bound.
        for s in slots:
            if s in self.special or query.aliases or query.solo_acronym:
                other = self.analyses[s]
                if (
                    query.aliases
                    or other.aliases
                    or other.solo_acronym in query.acronyms
                    or query.solo_acronym in other.acronyms
                    or query.solo_acronym in other.initials
                    or other.solo_acronym in query.initials
                ):
                    keep.add(s)
        return [s for s in slots if s in keep]

    def search(
        self, name: str, *, threshold: float = 0.0, skip: int | None = None
    ) -> list[tuple[int, PairScore]]:
        """Scored candidates for a name, best first."""
        query = analyze(name)
        scored = []
        for slot in self.plausible(query, self.candidate_slots(query, skip), threshold):
            result = score_pair(query, self.analyses[slot])
            if result.score >= threshold:
                scored.append((slot, result))
        scored.sort(key=lambda item: -item[1].score)
        return scored


# --- The registry's index: variants of organisations, cached per process -----------------------


@dataclass
class _Registry:
    version: tuple = ()
    index: NameIndex = field(default_factory=NameIndex)
    variant_org: dict[int, int] = field(default_factory=dict)  # variant id -> organisation id
    active: set[int] = field(default_factory=set)  # organisation ids not merged away
    fold_keys: dict[str, set[int]] = field(default_factory=dict)  # fold key -> variant ids
    provisional: set[int] = field(default_factory=set)  # first seen inside a transaction


_registry = _Registry()
_lock = threading.Lock()


def _current_version() -> tuple:
    """Cheap fingerprint of the registry's state: changes on any create, merge, undo or rename."""
    from django.db.models import Count, Max

    from signatories.models import NameVariant, Organization

    orgs = Organization.objects.aggregate(n=Count("id"), changed=Max("updated_at"), top=Max("id"))
    variants = NameVariant.objects.aggregate(n=Count("id"), top=Max("id"))
    return (orgs["n"], orgs["changed"], orgs["top"], variants["n"], variants["top"])


def registry_index() -> _Registry:
    """The index over every name variant, refreshed when the database changed.

    A refresh reads which organisation each variant belongs to and which are active (one
    query of ids: merges move variants around) and analyses only variants it has not seen.
    Variants first seen inside a transaction may be rolled back (and, on SQLite, their ids
    reused), so their names are checked again at the next refresh until seen outside one.
    """
    from django.db import connection

    from signatories.models import NameVariant

    version = _current_version()
    with _lock:
        registry = _registry
        if registry.version == version:
            return registry
        index = registry.index
        owners = list(
            NameVariant.objects.values_list("id", "organization_id", "organization__merged_into_id")
        )
        present = {row[0] for row in owners}
        for variant_id in [v for v in index.slot_of if v not in present]:
            _forget(registry, variant_id)
        unknown = [v for v in present if v not in index.slot_of]
        recheck = [v for v in registry.provisional if v in present]
        wanted = set(unknown) | set(recheck)
        if wanted:
            rows = NameVariant.objects.values_list("id", "name", "fold_key")
            if len(wanted) <= 500:
                rows = rows.filter(pk__in=wanted)
            for variant_id, name, key in rows.order_by("pk"):
                if variant_id not in wanted:
                    continue
                slot = index.slot_of.get(variant_id)
                if slot is not None:
                    if index.analyses[slot].name == name:
                        continue
                    _forget(registry, variant_id)
                index.add(variant_id, name)
                registry.fold_keys.setdefault(key, set()).add(variant_id)
        if connection.in_atomic_block:
            registry.provisional.update(unknown)
        else:
            registry.provisional.clear()
        registry.variant_org = {variant_id: org_id for variant_id, org_id, _m in owners}
        registry.active = {org_id for _v, org_id, merged in owners if merged is None}
        registry.version = version
        return registry


def _forget(registry: _Registry, variant_id: int) -> None:
    """A variant gone from the database (deleted, or its transaction rolled back): its slot
    belongs to nobody and leaves the postings, so dead copies never crowd out live candidates."""
    index = registry.index
    slot = index.slot_of.pop(variant_id)
    index.keys[slot] = None
    index.special.discard(slot)
    for gram in gram_features(index.analyses[slot]):
        bucket = index.postings.get(gram)
        if bucket is not None:
            bucket.remove(slot)
            if not bucket:
                del index.postings[gram]
    ids = registry.fold_keys.get(fold_key(registry.index.analyses[slot].name))
    if ids is not None:
        ids.discard(variant_id)


def clear_cache() -> None:
    global _registry
    with _lock:
        _registry = _Registry()


@dataclass
class Match:
    organization: object  # signatories.models.Organization
    score: float
    reasons: list[str]
    certain: bool


def find_matches(name: str, limit: int = 5, *, exclude_ids=()) -> list[Match]:
    """Active organisations whose name (any variant) may be `name`, best first.

    `certain` only for a variant equal after folding, or a near-identical name with no
    conflicting acronym and no extra distinctive word."""
    return find_matches_many([name], limit, exclude_ids=exclude_ids)[0]


def find_matches_many(names: list[str], limit: int = 5, *, exclude_ids=()) -> list[list[Match]]:
    """`find_matches` for each name, with one freshness check and one load of organisations for
    the whole batch (a reconciliation batch of 50 names costs the queries of one)."""
    from signatories.models import Organization

    registry = registry_index()
    excluded = set(exclude_ids)
    rankings = [_ranked(registry, name, excluded)[:limit] for name in names]
    organizations = Organization.objects.in_bulk(
        {org_id for ranked in rankings for org_id, _ in ranked}
    )
    return [
        [
            Match(organizations[org_id], score, reasons, certain)
            for org_id, (score, reasons, certain) in ranked
            if org_id in organizations
        ]
        for ranked in rankings
    ]


def _ranked(registry: _Registry, name: str, excluded: set[int]):
    best: dict[int, tuple[float, list[str], bool]] = {}
    for variant_id in registry.fold_keys.get(fold_key(name), ()):
        org_id = registry.variant_org.get(variant_id)
        if org_id in registry.active and org_id not in excluded:
            best[org_id] = (100.0, ["same name, ignoring case and punctuation"], True)

    for slot, result in registry.index.search(name, threshold=MATCH_FLOOR):
        org_id = registry.variant_org.get(registry.index.keys[slot])
        if org_id is None or org_id not in registry.active or org_id in excluded:
            continue
        current = best.get(org_id)
        if current is None or result.score > current[0]:
            best[org_id] = (result.score, result.reasons, result.certain)
    return sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
