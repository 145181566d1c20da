"""The candidate index: which registry names are worth scoring against a name.

`NameIndex` files names under their features (words, typo deletions, word pairs, trigrams,
acronyms) and proposes candidates from a query's rarest features, so a query reads a bounded
number of posting entries, not the registry. `plausible` then drops, in one rapidfuzz call per
batch, the candidates that `dedup.scoring.plain_similarity_cutoff` proves cannot reach the
threshold; `search` scores the rest. Pure Python, no database: `dedup.index_cache` fills one
index with the registry's names.
"""

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from functools import lru_cache
from operator import itemgetter

from rapidfuzz import fuzz, process

from .analysis import Analysis, analyze
from .scoring import (
    CORE_WEIGHT,
    FULL_WEIGHT,
    MAX_BONUS,
    TYPO_MIN_LENGTH,
    PairScore,
    plain_similarity_cutoff,
    score_pair,
)

# Posting entries a query may read beyond its first MIN_PROBE features: keeps a query's cost
# flat from 1,000 to 100,000 names (tests/test_dedup_index_recall.py checks recall at this).
PROBE_BUDGET = 1000
# Features always read, however common: a name of two common words still finds its kin.
MIN_PROBE = 2
# Candidates handed on per query (best-sharing first); names with the same distinctive words
# are added beyond it.
CANDIDATE_LIMIT = 100
# Shorter initials ("SR") are shared by too many unrelated names to tell anything.
MIN_INDEXED_INITIALS = 3


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
    features.update(
        f"#{initials}" for initials in analysis.initials if len(initials) >= MIN_INDEXED_INITIALS
    )
    if analysis.solo_acronym:
        features.add(f"#{analysis.solo_acronym}")
    return features


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    features = {padded[i : i + 3] for i in range(len(padded) - 2)}
    features.add(f"w:{word}")
    if len(word) >= TYPO_MIN_LENGTH - 1:
        features.add(f"d:{word}")  # a 6-letter word minus one letter meets it
    if len(word) >= TYPO_MIN_LENGTH:
        features.update(f"d:{word[:i]}{word[i + 1 :]}" for i in range(1, len(word)))
    return tuple(features)


class NameIndex:
    """An inverted index of name features; proposes candidates for a name without a full pass.

    A query reads only its rarest features (the ones most telling about identity), counts how
    many each indexed name shares, and hands the best-sharing `limit` to the scorer. Names with
    the same distinctive words are always proposed to each other.
    """

    def __init__(
        self, budget: int = PROBE_BUDGET, min_probe: int = MIN_PROBE, limit: int = CANDIDATE_LIMIT
    ):
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
        cutoff = plain_similarity_cutoff(threshold)
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
            bonus = MAX_BONUS if query.acronyms or other.acronyms else 0.0
            bound = CORE_WEIGHT * score + bonus
            if bound + FULL_WEIGHT * 100.0 >= threshold and (
                bound + FULL_WEIGHT * fuzz.token_sort_ratio(query.full_key, other.full_key)
                >= threshold
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
