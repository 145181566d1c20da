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
    """Map each printed name to its organisation, creating records and variants as needed.

    Spellings equal after `fold_key` share one organisation; the first spelling seen names it.
    Returns (name -> organisation, organisations created). Bulk: a fixed number of queries.
    """
    kinds = kinds or {}
    names = list(dict.fromkeys(names))
    keys = {name: fold_key(name) for name in names}

    by_key = survivors_by_fold_key(set(keys.values()))

    new_names, new_keys = [], set()
    for name in names:
        if keys[name] not in by_key and keys[name] not in new_keys:
            new_names.append(name)
            new_keys.add(keys[name])
    created = [
        Organization(name=name, slug=slug, kind=kinds.get(name, Organization.Kind.ORGANIZATION))
        for name, slug in zip(new_names, unique_slugs(Organization, new_names), strict=True)
    ]
    created = Organization.objects.bulk_create(created)
    for organization, name in zip(created, new_names, strict=True):
        by_key[keys[name]] = organization

    known = set(NameVariant.objects.filter(name__in=names).values_list("name", flat=True))
    NameVariant.objects.bulk_create(
        [
            NameVariant(organization=by_key[keys[name]], name=name, fold_key=keys[name])
            for name in names
            if name not in known
        ]
    )
    return {name: by_key[keys[name]] for name in names}, created


def survivors_by_fold_key(keys: set[str]) -> dict[str, Organization]:
    """Fold key -> the active organisation its earliest variant ends in after merges."""
    owners: dict[str, int] = {}
    for key, org_id in (
        NameVariant.objects.filter(fold_key__in=keys)
        .order_by("organization__merged_into", "pk")
        .values_list("fold_key", "organization_id")
    ):
        owners.setdefault(key, org_id)
    survivors = Organization.objects.filter(pk__in=set(owners.values())).survivor_ids()
    organizations = Organization.objects.in_bulk(set(survivors.values()))
    return {key: organizations[survivors[org_id]] for key, org_id in owners.items()}
