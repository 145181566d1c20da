"""The candidate index against brute force on a small synthetic registry (the benchmark does
10,000; this keeps a regression in the index from passing the suite)."""

from rapidfuzz import fuzz, process

from benchmarks.dedup_synthetic import registry
from dedup.index import NameIndex
from dedup.scoring import SUGGEST_THRESHOLD, plain_similarity_cutoff, score_pair
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
