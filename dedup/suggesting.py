"""Filling the reviewers' queue: incremental (new names against the registry) and full rescans.

Both go through `scan_slots` over the shared `NameIndex`, so an import of k names costs k index
queries (k × N at worst, never N²), and a full rescan is N index queries.
"""

import multiprocessing as mp
import os
from collections.abc import Callable, Iterable

from django.db import connection, connections, transaction

from signatories.models import Organization

from .index import NameIndex
from .index_cache import registry_index
from .models import MergeSuggestion
from .scoring import SIGNED_TOGETHER_PENALTY, SUGGEST_THRESHOLD, PairScore, score_pair

# Below this many names a forked scan costs more (fork, copying results back) than it saves.
PARALLEL_MIN_SLOTS = 20_000
# Default workers of a full scan, at most: each forked worker ends up holding most of the index
# as its own pages (~400 MB at 100,000 names), so more would risk the 1 GB memory target.
MAX_WORKERS = 4
# Chunks per worker: small enough that a slow chunk does not leave the other workers idle.
CHUNKS_PER_WORKER = 8
# Ids per `IN (...)` list: within every backend's parameter limit (SQLite's is the lowest).
IDS_PER_QUERY = 5000
# Rows per INSERT/UPDATE statement of the queue.
BATCH_SIZE = 1000


def scan_slots(
    index: NameIndex,
    slots: Iterable[int],
    owner: Callable[[int], int | None],
    threshold: float = SUGGEST_THRESHOLD,
) -> dict[tuple[int, int], PairScore]:
    """Best score per owner pair (smaller id first) for the names in `slots` against the index.

    `owner(slot)` says which organisation a slot's name belongs to (None: skip it)."""
    analyses = index.analyses
    found: dict[tuple[int, int], PairScore] = {}
    scored: set[int] = set()  # slot pairs already scored from the other side
    width = len(analyses) + 1
    for slot in slots:
        mine = owner(slot)
        if mine is None:
            continue
        query = analyses[slot]
        candidates = index.plausible(query, index.candidate_slots(query, skip=slot), threshold)
        for other_slot in candidates:
            theirs = owner(other_slot)
            if theirs is None or theirs == mine:
                continue
            key = slot * width + other_slot if slot < other_slot else other_slot * width + slot
            if key in scored:
                continue
            scored.add(key)
            other = analyses[other_slot]
            result = score_pair(query, other)
            # Co-signing can only lower a score, so pairs below the threshold stay out.
            if result.score < threshold:
                continue
            pair = (mine, theirs) if mine < theirs else (theirs, mine)
            current = found.get(pair)
            if current is None or result.score > current.score:
                found[pair] = result
    return found


_shared: tuple = ()  # (index, owner, threshold) inherited by forked scan workers


def _scan_chunk(chunk: list[int]) -> dict[tuple[int, int], PairScore]:
    index, owner, threshold = _shared
    return scan_slots(index, chunk, owner, threshold)


def scan_parallel(
    index: NameIndex,
    slots: list[int],
    owner: Callable[[int], int | None],
    threshold: float = SUGGEST_THRESHOLD,
    workers: int | None = None,
) -> dict[tuple[int, int], PairScore]:
    """`scan_slots` split over forked processes (one per core by default) for full scans.

    The workers inherit the index (copy-on-write) and only read it; results are merged keeping
    the best score per pair. Falls back to one process for small scans, where fork costs more
    than it saves, and wherever fork is unavailable."""
    global _shared
    workers = workers or min(MAX_WORKERS, os.cpu_count() or 1)
    if workers < 2 or len(slots) < PARALLEL_MIN_SLOTS or "fork" not in mp.get_all_start_methods():
        return scan_slots(index, slots, owner, threshold)
    size = -(-len(slots) // (workers * CHUNKS_PER_WORKER))
    chunks = [slots[i : i + size] for i in range(0, len(slots), size)]
    _shared = (index, owner, threshold)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            found: dict[tuple[int, int], PairScore] = {}
            for part in pool.imap_unordered(_scan_chunk, chunks):
                for pair, result in part.items():
                    current = found.get(pair)
                    if current is None or result.score > current.score:
                        found[pair] = result
    finally:
        _shared = ()
    return found


def suggest_for_organizations(organizations) -> list[MergeSuggestion]:
    """Match the names of these organisations against the registry; queue new likely pairs."""
    ids = {org if isinstance(org, int) else org.pk for org in organizations}
    if not ids:
        return []
    registry = registry_index()
    index = registry.index
    slots = [
        index.slot_of[variant_id]
        for variant_id, org_id in registry.variant_org.items()
        if org_id in ids and org_id in registry.active and variant_id in index.slot_of
    ]
    found = scan_slots(index, slots, _owner(registry))
    return _store(found)


def rescan_all() -> int:
    """Score every active organisation against the registry; returns how many suggestions are new.

    Pending suggestions get their score and reasons refreshed; decided ones stay as decided."""
    registry = registry_index()
    index = registry.index
    slots = [
        slot
        for slot, variant_id in enumerate(index.keys)
        if registry.variant_org.get(variant_id) in registry.active
    ]
    if connection.in_atomic_block:  # a transaction's connection must not be shared by a fork
        found = scan_slots(index, slots, _owner(registry))
    else:
        connections.close_all()
        found = scan_parallel(index, slots, _owner(registry))
    return len(_store(found, refresh=True))


def _owner(registry) -> Callable[[int], int | None]:
    keys, variant_org, active = registry.index.keys, registry.variant_org, registry.active

    def owner(slot: int) -> int | None:
        org_id = variant_org.get(keys[slot])
        return org_id if org_id in active else None

    return owner


@transaction.atomic
def _store(
    found: dict[tuple[int, int], PairScore], *, refresh: bool = False
) -> list[MergeSuggestion]:
    """Apply co-signing evidence, drop rejected pairs, save what is new; re-cluster."""
    if not found:
        return []
    found = _same_kind_only(found)
    signed_together = statements_signed_together(found)
    blocked = rejected_pairs()
    existing = {}
    org_ids = sorted({org_id for pair in found for org_id in pair})
    for chunk in _chunks(org_ids):
        for suggestion in MergeSuggestion.objects.filter(organization_a_id__in=chunk):
            pair = (suggestion.organization_a_id, suggestion.organization_b_id)
            if pair in found:
                existing[pair] = suggestion

    new, refreshed = [], []
    for pair, result in sorted(found.items()):
        score, reasons = result.score, list(result.reasons)
        together = signed_together.get(pair)
        if together:
            score = round(max(0.0, score - SIGNED_TOGETHER_PENALTY), 1)
            reasons.append(_together_reason(together))
        if score < SUGGEST_THRESHOLD or pair in blocked:
            continue
        current = existing.get(pair)
        if current is None:
            new.append(
                MergeSuggestion(
                    organization_a_id=pair[0],
                    organization_b_id=pair[1],
                    score=score,
                    reasons=reasons,
                    signed_same_statement=bool(together),
                )
            )
        elif refresh and current.status == MergeSuggestion.Status.PENDING:
            current.score, current.reasons = score, reasons
            current.signed_same_statement = bool(together)
            refreshed.append(current)
    MergeSuggestion.objects.bulk_create(new, batch_size=BATCH_SIZE)
    MergeSuggestion.objects.bulk_update(
        refreshed, ["score", "reasons", "signed_same_statement"], batch_size=BATCH_SIZE
    )
    recluster()
    if new:
        clusters = dict(
            MergeSuggestion.objects.filter(pk__in=[s.pk for s in new]).values_list("pk", "cluster")
        )
        for suggestion in new:
            suggestion.cluster = clusters.get(suggestion.pk)
    return new


def _same_kind_only(
    found: dict[tuple[int, int], PairScore],
) -> dict[tuple[int, int], PairScore]:
    """A person (kind individual) is never suggested for a merge with an organisation."""
    org_ids = sorted({org_id for pair in found for org_id in pair})
    kinds = {}
    for chunk in _chunks(org_ids):
        kinds.update(Organization.objects.filter(pk__in=chunk).values_list("pk", "kind"))
    return {pair: score for pair, score in found.items() if kinds[pair[0]] == kinds[pair[1]]}


def _chunks(ids: list[int], size: int = IDS_PER_QUERY):
    """Keep `IN (...)` lists within every backend's parameter limit."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def statements_signed_together(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """For each pair that signed one statement as two separate signatories, that statement's
    title. One query per 5,000 organisations, whatever the number of pairs; a name repeated in
    one list is not counted."""
    from statements.models import Signature, Statement

    pairs = list(pairs)
    org_ids = {org_id for pair in pairs for org_id in pair}
    signed: dict[int, set[int]] = {}
    for chunk in _chunks(sorted(org_ids)):
        for org_id, statement_id in (
            Signature.objects.filter(
                organization_id__in=chunk, is_repeated=False, looks_glued=False
            )
            .values_list("organization_id", "statement_id")
            .distinct()
        ):
            signed.setdefault(org_id, set()).add(statement_id)
    shared = {}
    for a, b in pairs:
        common = signed.get(a, set()) & signed.get(b, set())
        if common:
            shared[(a, b)] = min(common)
    titles = dict(Statement.objects.filter(pk__in=set(shared.values())).values_list("pk", "title"))
    return {pair: titles.get(statement_id, "") for pair, statement_id in shared.items()}


def rejected_pairs() -> set[tuple[int, int]]:
    """Active pairs that a rejection rules out: a rejected A~B also rules out A~C once B has
    been merged into C (if A is not B, and B is C, A is not C)."""
    survivors = Organization.objects.merged().survivor_ids()
    blocked = set()
    for a, b in MergeSuggestion.objects.filter(status=MergeSuggestion.Status.REJECTED).values_list(
        "organization_a_id", "organization_b_id"
    ):
        a, b = survivors.get(a, a), survivors.get(b, b)
        if a != b:
            blocked.add((a, b) if a < b else (b, a))
    return blocked


def recluster() -> None:
    """Give open suggestions linked through a shared organisation one cluster id (the smallest
    organisation id in the group), so "A ~ B ~ C" can be settled at once."""
    rows = list(
        MergeSuggestion.objects.open().values_list(
            "pk", "organization_a_id", "organization_b_id", "cluster"
        )
    )
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _pk, a, b, _cluster in rows:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    changed = [
        MergeSuggestion(pk=pk, cluster=find(a)) for pk, a, _b, cluster in rows if cluster != find(a)
    ]
    MergeSuggestion.objects.bulk_update(changed, ["cluster"], batch_size=BATCH_SIZE)


def score_organizations(first, second) -> PairScore:
    """The score a suggestion for these two organisations would get (best pair of their names,
    co-signing evidence applied), whatever the threshold. For reviewers' tools and evaluation."""
    from signatories.models import NameVariant

    from .analysis import analyze

    ids = (
        first if isinstance(first, int) else first.pk,
        second if isinstance(second, int) else second.pk,
    )
    names: dict[int, list[str]] = {ids[0]: [], ids[1]: []}
    for org_id, name in NameVariant.objects.filter(organization_id__in=ids).values_list(
        "organization_id", "name"
    ):
        names[org_id].append(name)
    for org_id, name in Organization.objects.filter(pk__in=ids).values_list("pk", "name"):
        if name not in names[org_id]:
            names[org_id].append(name)
    best = max(
        (score_pair(analyze(x), analyze(y)) for x in names[ids[0]] for y in names[ids[1]]),
        key=lambda result: result.score,
    )
    pair = tuple(sorted(ids))
    together = statements_signed_together([pair]).get(pair)
    if together:
        return PairScore(
            round(max(0.0, best.score - SIGNED_TOGETHER_PENALTY), 1),
            [*best.reasons, _together_reason(together)],
            False,
        )
    return best


def _together_reason(title: str) -> str:
    return f"both signed “{title}” as separate signatories: likely different organisations"
