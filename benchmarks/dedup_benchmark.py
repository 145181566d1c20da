"""Dedup benchmark: full scan and incremental import on synthetic registries, recall vs brute force.

    .venv/bin/python benchmarks/dedup_benchmark.py                 # 1,000 / 10,000 / 100,000
    .venv/bin/python benchmarks/dedup_benchmark.py --sizes 1000    # one size
    .venv/bin/python benchmarks/dedup_benchmark.py --recall 10000  # recall only

Each size runs in its own subprocess so peak RSS (ru_maxrss) is that size's alone. The index and
scorer are the application's own (`dedup.index.NameIndex`, `dedup.suggesting.scan_slots`);
only the database is left out (names are held in memory). Not part of the test suite.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings_test")
    import django

    django.setup()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def cpu_s() -> float:
    """CPU seconds of this process and its finished scan workers."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


def children_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _identity(slot: int) -> int:
    return slot


def run_size(size: int, workers: int) -> dict:
    """Full scan of `size` names, then 100 new names against them."""
    _setup()
    from benchmarks.dedup_synthetic import new_names, registry
    from dedup.index import NameIndex
    from dedup.scoring import MATCH_FLOOR
    from dedup.suggesting import scan_parallel, scan_slots

    names = registry(size)
    baseline_rss = peak_rss_mb()
    cpu_started = cpu_s()
    started = time.perf_counter()
    index = NameIndex()
    index.add_many(enumerate(names))
    built = time.perf_counter()
    found = scan_parallel(index, list(range(len(names))), _identity, workers=workers)
    scanned = time.perf_counter()
    cpu_scan = cpu_s() - cpu_started

    extra = new_names(names, 100)
    started_incremental = time.perf_counter()
    slots = [index.add(len(names) + i, name) for i, name in enumerate(extra)]
    new_pairs = scan_slots(index, slots, lambda slot: slot)
    incremental = time.perf_counter() - started_incremental

    lookups = new_names(names, 100, seed=99)  # not analysed before: no cache helps
    started_queries = time.perf_counter()
    for name in lookups:  # what find_matches does per query, minus the database round trips
        index.search(name, threshold=MATCH_FLOOR)
    per_query_ms = (time.perf_counter() - started_queries) * 1000 / len(lookups)
    return {
        "size": size,
        "index_build_s": round(built - started, 2),
        "scan_s": round(scanned - built, 2),
        "full_scan_s": round(scanned - started, 2),
        "full_scan_cpu_s": round(cpu_scan, 2),
        "pairs_suggested": len(found),
        "incremental_100_s": round(incremental, 3),
        "one_lookup_ms": round(per_query_ms, 2),
        "incremental_pairs": len(new_pairs),
        "workers": workers,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        # Upper bound on the whole scan: forked workers share the parent's pages copy-on-write.
        "worker_peak_rss_mb": round(children_peak_rss_mb(), 1),
        "rss_before_index_mb": round(baseline_rss, 1),
        "load_average": os.getloadavg()[0],
    }


def run_recall(size: int, threshold: float) -> dict:
    """Compare the index with brute force over all pairs.

    1. Candidate recall: pairs whose plain rapidfuzz token_sort_ratio (distinctive words) is at
       least `threshold`, found by rapidfuzz over all N² pairs vs among the index's candidates.
    2. Suggestion recall: pairs the full scorer puts at or above SUGGEST_THRESHOLD, all pairs
       (every pair that could reach it; the scorer's bound lets the rest be skipped) vs scan.
    """
    _setup()
    from rapidfuzz import fuzz, process

    from benchmarks.dedup_synthetic import registry
    from dedup.index import NameIndex
    from dedup.scoring import SUGGEST_THRESHOLD, plain_similarity_cutoff, score_pair
    from dedup.suggesting import scan_slots

    # Every pair the scorer's own bound does not rule out is scored.
    PLAIN_CUTOFF = plain_similarity_cutoff(SUGGEST_THRESHOLD)  # noqa: N806

    names = registry(size)
    index = NameIndex()
    index.add_many(enumerate(names))
    analyses = index.analyses
    core_keys = [a.core_key for a in analyses]
    compacts = [a.compact for a in analyses]

    started = time.perf_counter()
    brute_plain: set[tuple[int, int]] = set()
    brute_candidates: set[tuple[int, int]] = set()
    for i in range(size):
        for _choice, score, j in process.extract(
            core_keys[i],
            core_keys,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=PLAIN_CUTOFF,
            limit=None,
        ):
            if j > i:
                brute_candidates.add((i, j))
                if score >= threshold:
                    brute_plain.add((i, j))
        for _choice, _score, j in process.extract(
            compacts[i], compacts, scorer=fuzz.ratio, score_cutoff=PLAIN_CUTOFF, limit=None
        ):
            if j > i:
                brute_candidates.add((i, j))
    # Beyond the plain similarity: a lone acronym against every name carrying it, and each
    # part of a dashed name against every name.
    by_acronym: dict[str, list[int]] = {}
    for j, analysis in enumerate(analyses):
        for acronym in analysis.acronyms:
            by_acronym.setdefault(acronym, []).append(j)
    for i, analysis in enumerate(analyses):
        if analysis.solo_acronym:
            brute_candidates.update(
                (min(i, j), max(i, j)) for j in by_acronym.get(analysis.solo_acronym, ()) if j != i
            )
        for alias in analysis.aliases:
            for _choice, _score, j in process.extract(
                alias.core_key,
                core_keys,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=PLAIN_CUTOFF,
                limit=None,
            ):
                if j != i:
                    brute_candidates.add((min(i, j), max(i, j)))
    brute_suggested = {
        pair
        for pair in brute_candidates
        if score_pair(analyses[pair[0]], analyses[pair[1]]).score >= SUGGEST_THRESHOLD
    }
    brute_s = time.perf_counter() - started

    started = time.perf_counter()
    index_plain: set[tuple[int, int]] = set()
    for i in range(size):
        for j in index.candidate_slots(analyses[i], skip=i):
            pair = (min(i, j), max(i, j))
            if pair in brute_plain:
                index_plain.add(pair)
    suggested = set(scan_slots(index, range(size), lambda slot: slot))
    index_s = time.perf_counter() - started
    return {
        "size": size,
        "plain_threshold": threshold,
        "brute_force_plain_pairs": len(brute_plain),
        "candidate_recall": round(len(index_plain) / max(1, len(brute_plain)), 4),
        "brute_force_suggested_pairs": len(brute_suggested),
        "scan_suggested_pairs": len(suggested),
        "suggestion_recall": round(
            len(suggested & brute_suggested) / max(1, len(brute_suggested)), 4
        ),
        "brute_force_s": round(brute_s, 1),
        "index_s": round(index_s, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--recall", type=int, default=10_000, help="0 to skip")
    parser.add_argument("--threshold", type=float, default=85.0)
    parser.add_argument("--workers", type=int, default=2, help="processes for the full scan")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--one-recall", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one:
        print(json.dumps(run_size(args.one, args.workers)))
        return
    if args.one_recall:
        print(json.dumps(run_recall(args.one_recall, args.threshold)))
        return
    jobs = [["--one", str(size), "--workers", str(args.workers)] for size in args.sizes]
    if args.recall:
        jobs.append(["--one-recall", str(args.recall), "--threshold", str(args.threshold)])
    for job in jobs:
        output = subprocess.run(
            [sys.executable, __file__, *job], check=True, capture_output=True, text=True
        ).stdout
        print(output.strip(), flush=True)


if __name__ == "__main__":
    main()
