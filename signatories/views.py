"""Public pages about organisations. GET/HEAD only; a fixed query count each."""

from urllib.parse import quote

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from statements.models import Signature, Statement
from statements.views import public_page, statement_items

from .models import NameVariant, Organization
from .search import letter_groups, starting_with, statement_counts

ORGANIZATIONS_PER_PAGE = 100
CO_SIGNERS = 10


@public_page
def organization_list(request):
    groups = letter_groups()
    letter = request.GET.get("letter", "")
    organizations = Organization.objects.active().only("name", "slug").order_by("name", "pk")
    if letter:
        organizations = organizations.filter(starting_with(groups.get(letter, [])))
    page = Paginator(organizations, ORGANIZATIONS_PER_PAGE).get_page(request.GET.get("page"))
    counts = statement_counts([o.pk for o in page.object_list])
    for organization in page.object_list:
        organization.statement_count = counts.get(organization.pk, 0)
    return render(
        request,
        "signatories/organization_list.html",
        {
            "page": page,
            "letters": list(groups),
            "letter": letter if letter in groups else "",
            "unknown_letter": bool(letter) and letter not in groups,
            "query_prefix": f"letter={quote(letter, safe='')}&" if letter in groups else "",
            "nav": "organizations",
        },
    )


@public_page
def organization_detail(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    if organization.is_merged:
        survivor = Organization.objects.survivor_of(organization)
        return redirect("organization-detail", slug=survivor.slug, permanent=True)
    # Records merged into this one still count as this one (their signatures may not be moved).
    ids = [organization.pk, *organization.merged_records.values_list("pk", flat=True)]
    variants = [
        name
        for name in NameVariant.objects.filter(organization_id__in=ids)
        .order_by("name")
        .values_list("name", flat=True)
        if name != organization.name
    ]
    statements = list(
        Statement.objects.signed_by(ids)
        .newest_first()
        .only("title", "slug", "published_on", "date_precision")
    )
    published = list(
        Statement.objects.filter(publisher_id__in=ids)
        .newest_first()
        .only("title", "slug", "published_on", "date_precision")
    )
    return render(
        request,
        "signatories/organization_detail.html",
        {
            "organization": organization,
            "variants": variants,
            "statement_count": len(statements),
            "statements": statement_items(statements),
            "published": published,
            "co_signers": Signature.objects.co_signers(ids, limit=CO_SIGNERS),
            "nav": "organizations",
        },
    )
