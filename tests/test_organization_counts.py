"""One count of statements per organisation: after merges made through the merge service, the
public pages, the search, the API and the admin export all give the same figure, and it is the
number of distinct statements the merged records signed together."""

import re

from dedup.merging import merge_organizations, undo_merge
from public.search import search_organizations
from signatories.models import Organization
from signatories.resources import OrganizationResource
from statements.models import Signature


def signed_together(*organizations) -> int:
    """Distinct statements signed by any of these records, read before the merge."""
    return (
        Signature.objects.filter(organization__in=organizations)
        .values("statement_id")
        .distinct()
        .count()
    )


def every_count(client, organization) -> dict[str, int]:
    page = client.get(f"/organizations/{organization.slug}/").content.decode()
    letter = organization.name[0]
    listing = client.get("/organizations/", {"letter": letter}).content.decode()
    listed = re.search(
        rf'href="/organizations/{re.escape(organization.slug)}/"[^<]*</a> '
        r'<span class="meta">(\d+) statement',
        listing,
    )
    api_list = client.get("/api/v1/organizations/", {"q": organization.name}).json()["items"]
    api_item = next(item for item in api_list if item["slug"] == organization.slug)
    api_detail = client.get(f"/api/v1/organizations/{organization.slug}/").json()
    export = OrganizationResource().export(Organization.objects.filter(pk=organization.pk))
    hit = next(
        h for h in search_organizations(organization.name) if h.organization.pk == organization.pk
    )
    return {
        "page": int(re.search(r"signed (\d+) statements?\.", page).group(1)),
        "organisation list": int(listed.group(1)),
        "search": hit.statement_count,
        "api list": api_item["statement_count"],
        "api detail": len(api_detail["statements"]),
        "admin export": int(export.dict[0]["statements_signed"]),
    }


def test_page_search_api_and_export_agree_after_merges(client, seeded, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    karams = list(Organization.objects.filter(name__icontains="karam").order_by("pk"))
    assert len(karams) >= 2
    survivor, others = karams[0], karams[1:]
    expected = signed_together(*karams)
    assert expected > signed_together(survivor)  # the merges change the figure
    for other in others:
        merge_organizations(survivor, other)
    survivor.refresh_from_db()
    counts = every_count(client, survivor)
    assert set(counts.values()) == {expected}, counts


def test_counts_go_back_after_an_undo(client, seeded, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    sema = Organization.objects.get(slug="syrian-expatriate-medical-association-sema")
    other = Organization.objects.get(slug="syrian-expatriates-medical-association-sema")
    alone = signed_together(sema)
    record = merge_organizations(sema, other)
    assert set(every_count(client, sema).values()) == {signed_together(sema)} != {alone}
    undo_merge(record)
    assert set(every_count(client, sema).values()) == {alone}
