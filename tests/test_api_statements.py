"""The JSON API's statements: list, detail in printed order, pagination, caching, CORS."""

import pytest

from signatories.models import Organization
from statements.models import Signature, Statement

LIST = "/api/v1/statements/"


def detail_url(statement):
    return f"/api/v1/statements/{statement.slug}/"


def test_statement_list_gives_every_statement_newest_first_with_counts(client, seeded):
    response = client.get(LIST)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 5
    assert data["next"] is None and data["previous"] is None
    slugs = [item["slug"] for item in data["items"]]
    assert slugs == list(Statement.objects.newest_first().values_list("slug", flat=True))
    letter = next(i for i in data["items"] if i["published_on"] == "2020-02-06")
    assert letter["printed_count"] == 59
    assert letter["date_display"] == "6 February 2020"
    assert letter["url"] == f"http://testserver/api/v1/statements/{letter['slug']}/"
    assert letter["html_url"] == f"http://testserver/statements/{letter['slug']}/"


def test_statement_list_pages_link_to_each_other(client, seeded):
    first = client.get(LIST, {"page_size": 2}).json()
    assert first["count"] == 5 and len(first["items"]) == 2
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["page"] == 2
    third = client.get(second["next"]).json()
    assert len(third["items"]) == 1 and third["next"] is None
    seen = [i["slug"] for page in (first, second, third) for i in page["items"]]
    assert len(set(seen)) == 5
    assert client.get(third["previous"]).json() == second


@pytest.mark.parametrize(
    "params", [{"page": 0}, {"page": "x"}, {"page_size": 0}, {"page_size": 1000}]
)
def test_bad_paging_parameters_are_a_400_naming_the_parameter(client, seeded, params):
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert next(iter(params)) in response.json()["detail"]


def test_statement_detail_lists_signatories_in_printed_order(client, seeded):
    statement = Statement.objects.get(source_file__startswith="000_")
    response = client.get(detail_url(statement))
    assert response.status_code == 200
    data = response.json()
    printed = list(statement.signatures.order_by("position"))
    assert len(data["signatories"]) == 120 == len(printed)
    assert [s["position"] for s in data["signatories"]] == list(range(1, 121))
    assert [s["name_as_printed"] for s in data["signatories"]] == [
        s.name_as_printed for s in printed
    ]
    assert [s["organization"]["slug"] for s in data["signatories"]] == [
        s.organization.slug for s in printed
    ]
    glued = [s for s in data["signatories"] if s["looks_glued"]]
    assert any("ReliefKaram" in s["name_as_printed"] for s in glued)
    assert data["body"] == statement.body
    assert data["distinct_count"] == 109


def test_unknown_statement_is_a_json_404(client, seeded):
    response = client.get("/api/v1/statements/no-such-statement/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_responses_carry_an_etag_and_answer_304_when_unchanged(client, seeded):
    statement = Statement.objects.get(source_file__startswith="002_")
    first = client.get(detail_url(statement))
    etag = first["ETag"]
    assert etag and "max-age=" in first["Cache-Control"]
    again = client.get(detail_url(statement), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""

    Signature.objects.filter(statement=statement, position=1).update(name_as_printed="Renamed")
    changed = client.get(detail_url(statement), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag

    listing = client.get(LIST)
    assert client.get(LIST, HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


def test_api_is_read_only_but_answers_head(client, seeded):
    statement = Statement.objects.first()
    head = client.head(detail_url(statement))
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == client.get(detail_url(statement))["ETag"]
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(detail_url(statement)).status_code == 405
    assert client.post(LIST).status_code == 405


def test_api_allows_cross_origin_reads(client, seeded):
    response = client.get(LIST, HTTP_ORIGIN="https://researcher.example")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_statement_queries_stay_bounded_as_data_grows(
    client, seeded, django_assert_max_num_queries
):
    statement = Statement.objects.get(source_file__startswith="000_")
    with django_assert_max_num_queries(3):
        assert client.get(LIST, {"page_size": 200}).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(detail_url(statement)).status_code == 200

    extra = Organization.objects.bulk_create(
        Organization(name=f"Extra organisation {i}", slug=f"extra-organisation-{i}")
        for i in range(150)
    )
    Signature.objects.bulk_create(
        Signature(statement=statement, organization=org, name_as_printed=org.name, position=200 + i)
        for i, org in enumerate(extra)
    )
    for i in range(30):
        Statement.objects.create(title=f"Extra statement {i}", slug=f"extra-statement-{i}")
    with django_assert_max_num_queries(3):
        listing = client.get(LIST, {"page_size": 200})
    assert listing.json()["count"] == 35
    with django_assert_max_num_queries(3):
        detail = client.get(detail_url(statement))
    assert len(detail.json()["signatories"]) == 270


def test_api_root_links_to_everything(client, db):
    links = client.get("/api/v1/").json()
    assert links["statements"] == "http://testserver/api/v1/statements/"
    assert links["openapi"] == "http://testserver/api/v1/openapi.json"
    assert links["reconcile"] == "http://testserver/reconcile/"
    for url in links.values():
        assert client.get(url).status_code == 200


def test_statement_detail_gives_kind_person_affiliation_country_and_unnamed_count(client, db):
    from statements.importing import import_statement_data

    text = (
        "Protect digital rights defenders\n\nWe call on governments to stop surveillance.\n\n"
        "Signed by:\nFundación Karisma, Colombia\n"
        "Jane Doe, Professor of Law, University of Somewhere\nand 14 other organisations\n"
    )
    import_statement_data(text.encode(), filename="letter.txt", source_file="letter.txt")
    data = client.get(detail_url(Statement.objects.get())).json()
    assert data["unnamed_count"] == 14
    karisma, jane = data["signatories"]
    assert (karisma["kind"], karisma["country"], karisma["organization"]["name"]) == (
        "organization",
        "CO",
        "Fundación Karisma",
    )
    assert (jane["kind"], jane["person_name"], jane["affiliation"], jane["country"]) == (
        "person",
        "Jane Doe",
        "Professor of Law, University of Somewhere",
        "",
    )
    assert jane["organization"]["kind"] == "individual"
