"""Finding the organisations a printed name may denote: the entry point other apps call.

`find_matches` / `find_matches_many` serve the reconciliation API, the CSV preview and the
statement importer. They look a name up in this process's registry index
(`dedup.index_cache`), built from the candidate index (`dedup.index`) and scored by
`dedup.scoring`; a variant equal after `fold_key` is a certain match.
"""

from dataclasses import dataclass

from signatories.names import fold_key

from .index_cache import RegistryIndex, clear_cache, registry_index
from .scoring import MATCH_FLOOR

__all__ = ["Match", "clear_cache", "find_matches", "find_matches_many"]

# The score of a variant equal to the name after folding case, punctuation and dashes.
SAME_FOLDED_NAME_SCORE = 100.0
SAME_FOLDED_NAME_REASON = "same name, ignoring case and punctuation"


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


def _ranked(registry: RegistryIndex, name: str, excluded: set[int]):
    best: dict[int, tuple[float, list[str], bool]] = {}
    for variant_id in registry.fold_keys.get(fold_key(name), ()):
        org_id = registry.variant_org.get(variant_id)
        if org_id in registry.active and org_id not in excluded:
            best[org_id] = (SAME_FOLDED_NAME_SCORE, [SAME_FOLDED_NAME_REASON], True)

    for slot, result in registry.index.search(name, threshold=MATCH_FLOOR):
        org_id = registry.variant_org.get(registry.index.keys[slot])
        if org_id is None or org_id not in registry.active or org_id in excluded:
            continue
        current = best.get(org_id)
        if current is None or result.score > current[0]:
            best[org_id] = (result.score, result.reasons, result.certain)
    return sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
