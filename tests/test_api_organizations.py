"""The JSON API's organisations: list, detail with variants and statements, merged slugs."""

from dedup.merging import merge_organizations
from signatories.models import NameVariant, Organization
from statements.models import Signature, Statement

LIST = "/api/v1/organizations/"


def detail_url(slug):
    return f"/api/v1/organizations/{slug}/"


def test_organization_list_is_active_records_by_name_with_counts(client, seeded):
    sams = Organization.objects.get(variants__name="Syrian American Medical Society")
    victim, survivor = Organization.objects.exclude(pk=sams.pk).order_by("pk")[:2]
    merge_organizations(survivor, victim)
    data = client.get(LIST, {"page_size": 200}).json()
    assert data["count"] == Organization.objects.active().count()
    names = [item["name"] for item in data["items"]]
    assert names == list(Organization.objects.active().values_list("name", flat=True)[:200])
    assert victim.slug not in {item["slug"] for item in data["items"]}
    item = next(i for i in client.get(LIST, {"q": "American Medical"}).json()["items"])
    assert item["slug"] == sams.slug
    assert item["statement_count"] == 2 and item["signature_count"] == 2


def test_organization_search_matches_printed_variants(client, seeded):
    data = client.get(LIST, {"q": "syrian american medical"}).json()
    assert data["count"] == 1
    assert data["items"][0]["name"].lower() == "syrian american medical society"


def test_organization_detail_gives_variants_and_statements_signed(client, seeded):
    sams = Organization.objects.get(variants__name="Syrian American Medical Society")
    response = client.get(detail_url(sams.slug))
    assert response.status_code == 200
    data = response.json()
    assert sorted(data["variants"]) == sorted(
        NameVariant.objects.filter(organization=sams).values_list("name", flat=True)
    )
    assert {"Syrian American medical society", "Syrian American Medical Society"} <= set(
        data["variants"]
    )
    signed = {s["slug"]: s for s in data["statements"]}
    expected = Statement.objects.filter(signatures__organization=sams).distinct()
    assert set(signed) == {s.slug for s in expected}
    for statement in expected:
        positions = sorted(
            statement.signatures.filter(organization=sams).values_list("position", flat=True)
        )
        assert signed[statement.slug]["positions"] == positions
    assert data["html_url"] == f"http://testserver/organizations/{sams.slug}/"


def test_arabic_slugs_work_in_api_urls(client, seeded):
    organization = Organization.objects.get(slug="المنظمة-الدولية-للإغاثة-والتنمية")
    listed = client.get(LIST, {"q": "الدولية للإغاثة"}).json()["items"]
    assert [item["slug"] for item in listed] == [organization.slug]
    response = client.get(listed[0]["url"])
    assert response.status_code == 200
    assert response.json()["name"] == organization.name
    assert response.json()["statements"]


def test_merged_organization_slug_redirects_permanently_to_the_survivor(client, seeded):
    survivor = Organization.objects.get(variants__name="Syria Relief and Development")
    first = Organization.objects.create(name="Syria Relief & Development", slug="srd-old")
    second = Organization.objects.create(name="SRD", slug="srd-older")
    merge_organizations(first, second)
    merge_organizations(survivor, first)  # a chain: second -> first -> survivor

    response = client.get(detail_url(second.slug), {"page": "1"})
    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/organizations/{survivor.slug}/?page=1"
    followed = client.get(detail_url(first.slug), follow=True)
    assert followed.status_code == 200
    assert followed.json()["slug"] == survivor.slug
    assert followed.json()["merged_slugs"] == ["srd-old"]


def test_unknown_organization_is_a_json_404(client, seeded):
    response = client.get(detail_url("no-such-organisation"))
    assert response.status_code == 404
    assert response.json()["detail"]


def test_organization_detail_etag(client, seeded):
    slug = Organization.objects.filter(signatures__isnull=False).first().slug
    first = client.get(detail_url(slug))
    assert client.get(detail_url(slug), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_organization_queries_stay_bounded_as_data_grows(
    client, seeded, django_assert_max_num_queries
):
    sams = Organization.objects.get(variants__name="Syrian American Medical Society")
    with django_assert_max_num_queries(2):  # the count, the page with its counts
        assert client.get(LIST, {"page_size": 200}).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(detail_url(sams.slug)).status_code == 200

    statements = [
        Statement.objects.create(title=f"Extra statement {i}", slug=f"extra-statement-{i}")
        for i in range(40)
    ]
    Signature.objects.bulk_create(
        Signature(statement=s, organization=sams, name_as_printed=f"SAMS {i}", position=1)
        for i, s in enumerate(statements)
    )
    NameVariant.objects.bulk_create(
        NameVariant(organization=sams, name=f"SAMS {i}", fold_key=f"sams {i}") for i in range(40)
    )
    Organization.objects.bulk_create(
        Organization(name=f"Extra {i}", slug=f"extra-{i}") for i in range(300)
    )
    with django_assert_max_num_queries(2):
        assert len(client.get(LIST, {"page_size": 200}).json()["items"]) == 200
    with django_assert_max_num_queries(6):
        data = client.get(detail_url(sams.slug)).json()
    assert len(data["statements"]) == 42 and len(data["variants"]) == 42


def test_nul_characters_are_refused_not_a_server_error(client, seeded):
    """PostgreSQL text cannot hold NUL; found by schemathesis (q=...%00...)."""
    response = client.get(LIST, {"q": "Karam\x00"})
    assert response.status_code == 400 and "q" in response.json()["detail"]
    assert client.get("/api/v1/organizations/karam%00/").status_code == 404
    assert client.get("/api/v1/statements/x%00y/").status_code == 404
    assert client.get("/reconcile/preview", {"id": "karam\x00"}).status_code == 404
