"""Finding organisations whose names may be the same: a candidate index and a pair scorer.

The index (`NameIndex`) proposes candidates from rare character trigrams, so a query costs the
length of a few short posting lists, not a pass over the registry; rapidfuzz and the features
of `dedup.analysis` then score only those candidates. The same code serves the reconciliation
API (`find_matches`), incremental suggestions at import, the full rescan and the benchmark.
"""

import threading
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from signatories.names import fold_key

from .analysis import Analysis, analyze

# Pairs scoring at least this are put in the reviewers' queue (chosen on tests/data/dedup_pairs).
SUGGEST_THRESHOLD = 75.0
# find_matches returns nothing below this.
MATCH_FLOOR = 50.0
# Evidence weights (score points).
SAME_ACRONYM_BONUS = 8.0
ACRONYM_FITS_BONUS = 5.0
ACRONYM_CONFLICT_PENALTY = 30.0
EXTRA_WORD_PENALTY = 8.0
EXTRA_WORDS_MAX_PENALTY = 24.0
SIGNED_TOGETHER_PENALTY = 25.0


@dataclass(slots=True)
class PairScore:
    score: float
    reasons: list[str]
    certain: bool


def base_similarity(a: Analysis, b: Analysis) -> float:
    """The plain rapidfuzz similarity of the distinctive words (word order and splits ignored).

    This is also the score the benchmark's brute force uses to check the index's recall."""
    return max(fuzz.token_sort_ratio(a.core_key, b.core_key), fuzz.ratio(a.compact, b.compact))


def _matched(word: str, others: tuple[str, ...], other_compact: str) -> bool:
    if word in others:
        return True
    for other in others:
        limit = 1 if min(len(word), len(other)) < 7 else 2
        if len(word) >= 4 and Levenshtein.distance(word, other, score_cutoff=limit) <= limit:
            return True
    # Split or glued differently: "Ahl Horan" / "Ahlhoran".
    return len(word) >= 3 and word in other_compact


def _extra_words(a: Analysis, b: Analysis) -> list[str]:
    """Distinctive words of `a` with no counterpart (even misspelt) in `b`."""
    words_b = b.core or b.full
    return [w for w in (a.core or a.full) if not _matched(w, words_b, b.compact)]


def score_pair(a: Analysis, b: Analysis) -> PairScore:
    """How likely two names denote one organisation, 0–100, with the reasons shown to reviewers."""
    reasons: list[str] = []
    core = base_similarity(a, b)
    full = fuzz.token_sort_ratio(a.full_key, b.full_key)
    score = 0.85 * core + 0.15 * full
    reasons.append(f"names {core:.0f}% alike")

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
    else:
        for one, other in ((a, b), (b, a)):
            for acronym in sorted(one.acronyms):
                if other.solo_acronym == acronym:
                    score = max(score, 90.0)
                    reasons.append(f"“{other.name}” is the acronym in “{one.name}”")
                elif acronym in other.initials:
                    score += ACRONYM_FITS_BONUS
                    reasons.append(f"acronym {acronym} fits the initials of “{other.name}”")

    extra_a, extra_b = _extra_words(a, b), _extra_words(b, a)
    extras = extra_a + extra_b
    if extras:
        score -= min(EXTRA_WORDS_MAX_PENALTY, EXTRA_WORD_PENALTY * len(extras))
        for words, owner in ((extra_a, a), (extra_b, b)):
            if words:
                reasons.append(f"only “{owner.name}” has the words: {', '.join(words)}")
    elif a.core == b.core and a.full != b.full:
        differing = sorted(set(a.generic) ^ set(b.generic))
        if differing:
            reasons.append(f"differ only in generic words ({', '.join(differing)})")

    if not extras and a.compact != b.compact:
        distance = Levenshtein.distance(a.compact, b.compact, score_cutoff=3)
        if distance <= 2 and min(len(a.compact), len(b.compact)) >= 5:
            reasons.append(f"spelling differs by {distance} letter{'s' * (distance > 1)} (typo?)")

    score = round(min(100.0, max(0.0, score)), 1)
    certain = (
        not conflict
        and not extras
        and (a.full == b.full or (core >= 95 and full >= 95))
        and bool(a.full)
    )
    return PairScore(score, reasons, certain)


def gram_features(analysis: Analysis) -> set[str]:
    """Character trigrams of the distinctive words (word boundaries included) and acronyms."""
    words = analysis.core or analysis.full
    text = f" {' '.join(words)} "
    grams = {text[i : i + 3] for i in range(len(text) - 2)}
    grams.update(f"#{acronym}" for acronym in analysis.acronyms)
    if analysis.solo_acronym:
        grams.add(f"#{analysis.solo_acronym}")
    return grams


class NameIndex:
    """An inverted index of name trigrams; proposes candidates for a name without a full pass.

    A query probes only its rarest trigrams (the ones most telling about identity), counts how
    many each indexed name shares, and hands the best-sharing few to the scorer.
    """

    def __init__(self, probe_fraction: float = 0.6, min_probe: int = 6, limit: int = 40):
        self.keys: list[Hashable] = []
        self.analyses: list[Analysis] = []
        self.postings: dict[str, list[int]] = {}
        self.slot_of: dict[Hashable, int] = {}
        self.probe_fraction = probe_fraction
        self.min_probe = min_probe
        self.limit = limit

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: Hashable, name: str) -> int:
        slot = len(self.keys)
        analysis = analyze(name)
        self.keys.append(key)
        self.analyses.append(analysis)
        self.slot_of[key] = slot
        postings = self.postings
        for gram in gram_features(analysis):
            bucket = postings.get(gram)
            if bucket is None:
                postings[gram] = [slot]
            else:
                bucket.append(slot)
        return slot

    def add_many(self, items: Iterable[tuple[Hashable, str]]) -> None:
        for key, name in items:
            self.add(key, name)

    def candidate_slots(self, analysis: Analysis, skip: int | None = None) -> list[int]:
        """Slots sharing the most rare trigrams with `analysis`, best first."""
        postings = self.postings
        grams = sorted((len(postings[g]), g) for g in gram_features(analysis) if g in postings)
        if not grams:
            return []
        probe = max(self.min_probe, int(len(grams) * self.probe_fraction + 0.5))
        counts: Counter = Counter()
        for _df, gram in grams[:probe]:
            counts.update(postings[gram])
        if skip is not None:
            counts.pop(skip, None)
        return [slot for slot, _n in counts.most_common(self.limit)]

    def search(
        self, name: str, *, threshold: float = 0.0, skip: int | None = None
    ) -> list[tuple[int, PairScore]]:
        """Scored candidates for a name, best first."""
        query = analyze(name)
        scored = []
        for slot in self.candidate_slots(query, skip):
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

    New variants are analysed and added; which organisation each belongs to, and which
    organisations are active, is reloaded (one query) since merges move variants around.
    """
    from signatories.models import NameVariant

    global _registry
    version = _current_version()
    with _lock:
        if _registry.version == version:
            return _registry
        rows = list(
            NameVariant.objects.values_list(
                "id", "name", "fold_key", "organization_id", "organization__merged_into_id"
            )
        )
        registry = _registry
        index = registry.index
        for variant_id, name, *_rest in rows:
            slot = index.slot_of.get(variant_id)
            if slot is not None and index.analyses[slot].name != name:
                registry = _Registry()  # an id reused after a rollback: start afresh
                index = registry.index
                break
        for variant_id, name, *_rest in rows:
            if variant_id not in index.slot_of:
                index.add(variant_id, name)
        registry.variant_org = {row[0]: row[3] for row in rows}
        registry.active = {row[3] for row in rows if row[4] is None}
        fold_keys: dict[str, set[int]] = {}
        for variant_id, _name, key, _org, _merged in rows:
            fold_keys.setdefault(key, set()).add(variant_id)
        registry.fold_keys = fold_keys
        registry.version = version
        _registry = registry
        return registry


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
    from signatories.models import Organization

    registry = registry_index()
    excluded = set(exclude_ids)
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

    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    organizations = Organization.objects.in_bulk([org_id for org_id, _ in ranked])
    return [
        Match(organizations[org_id], score, reasons, certain)
        for org_id, (score, reasons, certain) in ranked
        if org_id in organizations
    ]
