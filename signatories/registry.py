"""Operations on the organisation registry that span rows: resolving printed names to records."""

from collections.abc import Iterable

from .models import NameVariant, Organization
from .names import base_slug, fold_key


def unique_slugs(model, names: list[str], field: str = "slug") -> list[str]:
    """A free slug for each name, in two queries whatever the count (collisions get -2, -3, …)."""
    bases = [base_slug(name) for name in names]
    taken = set(model.objects.filter(**{f"{field}__in": set(bases)}).values_list(field, flat=True))
    for base in {b for b in bases if b in taken}:
        taken |= set(
            model.objects.filter(**{f"{field}__startswith": f"{base}-"}).values_list(
                field, flat=True
            )
        )
    slugs = []
    for base in bases:
        slug, suffix = base, 2
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def resolve_organizations(
    names: Iterable[str], kinds: dict[str, str] | None = None
) -> tuple[dict[str, Organization], list[Organization]]:
    """`resolve_records` for names of one kind each (`kinds`: name -> Organization.Kind, default
    organisation). Returns (name -> record, records created)."""
    kinds = kinds or {}
    keys = [(name, kinds.get(name, Organization.Kind.ORGANIZATION)) for name in names]
    records, created = resolve_records(keys)
    return {name: records[(name, kind)] for name, kind in keys}, created


def resolve_records(
    entries: Iterable[tuple[str, str]],
) -> tuple[dict[tuple[str, str], Organization], list[Organization]]:
    """Map each (printed name, kind) to its registry record, creating records and variants.

    The identity is (kind, fold key): spellings equal after `fold_key` share one record of their
    kind (the first spelling seen names it); a person named like an organisation gets a record of
    kind individual of its own. Returns ((name, kind) -> record, records created). Bulk: a fixed
    number of queries.
    """
    entries = list(dict.fromkeys(entries))
    keys = {entry: (entry[1], fold_key(entry[0])) for entry in entries}
    by_key = survivors_by_key(set(keys.values()))

    new_entries, new_keys = [], set()
    for entry in entries:
        if keys[entry] not in by_key and keys[entry] not in new_keys:
            new_entries.append(entry)
            new_keys.add(keys[entry])
    created = [
        Organization(name=name, slug=slug, kind=kind)
        for (name, kind), slug in zip(
            new_entries, unique_slugs(Organization, [name for name, _k in new_entries]), strict=True
        )
    ]
    created = Organization.objects.bulk_create(created)
    for organization, entry in zip(created, new_entries, strict=True):
        by_key[keys[entry]] = organization

    known = set(
        NameVariant.objects.filter(name__in={name for name, _k in entries}).values_list(
            "kind", "name"
        )
    )
    NameVariant.objects.bulk_create(
        [
            NameVariant(
                organization=by_key[keys[entry]], name=entry[0], kind=kind, fold_key=keys[entry][1]
            )
            for entry in entries
            if (kind := entry[1]) and (kind, entry[0]) not in known
        ]
    )
    return {entry: by_key[keys[entry]] for entry in entries}, created


def survivors_by_key(keys: set[tuple[str, str]]) -> dict[tuple[str, str], Organization]:
    """(kind, fold key) -> the active record its earliest variant of that kind ends in after
    merges."""
    owners: dict[tuple[str, str], int] = {}
    for kind, key, org_id in (
        NameVariant.objects.filter(
            fold_key__in={key for _kind, key in keys}, kind__in={kind for kind, _key in keys}
        )
        .order_by("organization__merged_into", "pk")
        .values_list("kind", "fold_key", "organization_id")
    ):
        if (kind, key) in keys:
            owners.setdefault((kind, key), org_id)
    survivors = Organization.objects.filter(pk__in=set(owners.values())).survivor_ids()
    organizations = Organization.objects.in_bulk(set(survivors.values()))
    return {key: organizations[survivors[org_id]] for key, org_id in owners.items()}
