"""The reads behind the API's answers, in a fixed number of queries whatever the data size."""

from django.db.models import F

from signatories.models import Organization
from statements.models import Signature, Statement


def organization_detail(organization: Organization) -> Organization:
    """Variants, old slugs merged in, statements signed (with how it was printed) and published:
    four queries."""
    organization.variants_list = list(organization.variants.values_list("name", flat=True))
    organization.merged_slugs = list(
        Organization.objects.filter(merged_into=organization)
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    signed: dict[int, Statement] = {}
    for signature in (
        Signature.objects.filter(organization=organization)
        .select_related("statement")
        .order_by(
            F("statement__published_on").desc(nulls_last=True),
            "statement__title",
            "statement_id",
            "position",
        )
    ):
        statement = signed.setdefault(signature.statement_id, signature.statement)
        if not hasattr(statement, "printed_as"):
            statement.printed_as, statement.positions = [], []
        if signature.name_as_printed not in statement.printed_as:
            statement.printed_as.append(signature.name_as_printed)
        statement.positions.append(signature.position)
    organization.signed = list(signed.values())
    organization.published_list = list(organization.published_statements.newest_first())
    return organization
