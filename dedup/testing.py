"""Small builders of real rows for the dedup tests (no mocks); not used by the application."""

from signatories.models import NameVariant, Organization
from signatories.names import fold_key
from signatories.registry import unique_slugs
from statements.models import Signature, Statement


def org(name: str, *more_names: str) -> Organization:
    organization = Organization.objects.create(
        name=name, slug=unique_slugs(Organization, [name])[0]
    )
    NameVariant.objects.bulk_create(
        NameVariant(organization=organization, name=variant, fold_key=fold_key(variant))
        for variant in (name, *more_names)
    )
    return organization


def statement(title: str, *organizations: Organization, publisher=None) -> Statement:
    made = Statement.objects.create(
        title=title, slug=unique_slugs(Statement, [title])[0], publisher=publisher
    )
    Signature.objects.bulk_create(
        Signature(statement=made, organization=o, name_as_printed=o.name, position=i)
        for i, o in enumerate(organizations, start=1)
    )
    return made
