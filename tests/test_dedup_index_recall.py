"""The candidate index against brute force on a small synthetic registry (the benchmark does
10,000; this keeps a regression in the index from passing the suite)."""

from rapidfuzz import fuzz, process

from benchmarks.dedup_synthetic import registry
from dedup.analysis import analyze
from dedup.index import NameIndex
from dedup.scoring import (
    CORE_WEIGHT,
    FULL_WEIGHT,
    MAX_BONUS,
    SUGGEST_THRESHOLD,
    base_similarity,
    plain_similarity_cutoff,
    score_pair,
)
from dedup.suggesting import scan_slots

# Brute force scores every pair that the scorer's own bound does not rule out.
PLAIN_CUTOFF = plain_similarity_cutoff(SUGGEST_THRESHOLD)


def test_index_finds_at_least_99_percent_of_what_brute_force_suggests():
    names = registry(2500, seed=424242)
    index = NameIndex()
    index.add_many(enumerate(names))
    analyses = index.analyses
    keys = [a.core_key for a in analyses]
    compacts = [a.compact for a in analyses]
    brute = set()
    for i in range(len(names)):
        candidates = {
            j
            for _c, _s, j in process.extract(
                keys[i], keys, scorer=fuzz.token_sort_ratio, score_cutoff=PLAIN_CUTOFF, limit=None
            )
        } | {
            j
            for _c, _s, j in process.extract(
                compacts[i], compacts, scorer=fuzz.ratio, score_cutoff=PLAIN_CUTOFF, limit=None
            )
        }
        for j in candidates:
            if j > i and score_pair(analyses[i], analyses[j]).score >= SUGGEST_THRESHOLD:
                brute.add((i, j))
    found = set(scan_slots(index, range(len(names)), lambda slot: slot))
    assert len(brute) > 100
    assert all(score_pair(analyses[i], analyses[j]).score >= SUGGEST_THRESHOLD for i, j in found)
    recall = len(found & brute) / len(brute)
    assert recall >= 0.99, recall


def test_no_score_exceeds_the_bound_the_index_prunes_with():
    """`plain_similarity_cutoff` is derived from the scorer's weights: every pair scores at most
    CORE_WEIGHT * plain + FULL_WEIGHT * 100 + MAX_BONUS, except the floors and name parts that
    the index always scores (`NameIndex.plausible`)."""
    names = registry(250, seed=777)
    analyses = [analyze(name) for name in names]
    checked = 0
    for i, a in enumerate(analyses):
        for b in analyses[i + 1 :]:
            result = score_pair(a, b)
            exempt = a.aliases or b.aliases or a.solo_acronym or b.solo_acronym
            if exempt or result.score == 0:
                continue
            bound = CORE_WEIGHT * base_similarity(a, b) + FULL_WEIGHT * 100 + MAX_BONUS
            assert result.score <= bound + 0.05, (a.name, b.name, result)  # scores round to 0.1
            checked += 1
    assert checked > 5_000
