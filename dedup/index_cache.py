"""This process's index of every name variant in the registry, kept fresh by the registry revision.

Every committed change to the registry bumps `statements.revision` (services, admin saves and
deletes, in whatever process), so the index is rebuilt only when the revision moved: one query
per lookup when nothing changed, no clocks. Inside a transaction the revision cannot show the
transaction's own uncommitted writes, so there the index is refreshed on every call and not
marked fresh, and the first call after the transaction refreshes again (seeing a rollback).

A refresh reads every variant's id, name and owner in one query and analyses only the names it
has not seen under that id: new variants, renamed ones (the admin allows renaming) and ids reused
after a rollback. Variants gone from the database leave the index.
"""

import threading
from dataclasses import dataclass, field

from django.db import connection

from signatories.names import fold_key
from statements.revision import current_revision

from .index import NameIndex, gram_features


@dataclass
class RegistryIndex:
    revision: int | None = None  # the committed revision the index reflects; None: unknown
    index: NameIndex = field(default_factory=NameIndex)
    variant_org: dict[int, int] = field(default_factory=dict)  # variant id -> organisation id
    active: set[int] = field(default_factory=set)  # organisation ids not merged away
    fold_keys: dict[str, set[int]] = field(default_factory=dict)  # fold key -> variant ids


_registry = RegistryIndex()
_lock = threading.Lock()


def registry_index() -> RegistryIndex:
    """The index over every name variant, refreshed when the registry revision moved."""
    from signatories.models import NameVariant

    in_transaction = connection.in_atomic_block
    revision = current_revision()
    with _lock:
        registry = _registry
        if not in_transaction and registry.revision == revision:
            return registry
        rows = list(
            NameVariant.objects.order_by("pk").values_list(
                "id", "name", "organization_id", "organization__merged_into_id"
            )
        )
        index = registry.index
        present = {variant_id: name for variant_id, name, _o, _m in rows}
        for variant_id in [v for v in index.slot_of if present.get(v) is None]:
            _forget(registry, variant_id)
        for variant_id, name in present.items():
            slot = index.slot_of.get(variant_id)
            if slot is not None:
                if index.analyses[slot].name == name:
                    continue
                _forget(registry, variant_id)  # renamed, or an id reused after a rollback
            index.add(variant_id, name)
            registry.fold_keys.setdefault(fold_key(name), set()).add(variant_id)
        registry.variant_org = {variant_id: org_id for variant_id, _n, org_id, _m in rows}
        registry.active = {org_id for _v, _n, org_id, merged in rows if merged is None}
        registry.revision = None if in_transaction else revision
        return registry


def _forget(registry: RegistryIndex, variant_id: int) -> None:
    """A variant gone or renamed: its slot belongs to nobody and leaves the postings, so dead
    copies never crowd out live candidates nor match under their old spelling."""
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
    ids = registry.fold_keys.get(fold_key(index.analyses[slot].name))
    if ids is not None:
        ids.discard(variant_id)


def clear_cache() -> None:
    """Drop this process's index (tests; the next lookup rebuilds it)."""
    global _registry
    with _lock:
        _registry = RegistryIndex()
