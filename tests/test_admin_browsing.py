"""Admin browsing: lists, search, filters, the statement's signatory list; bounded queries."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from dedup.merging import merge_organizations
from signatories.models import NameVariant, Organization
from statements.csv_import import import_csv
from statements.models import Statement


@pytest.fixture
def staff(db):
    """Staff with view permissions only: browsing needs no more."""
    user = get_user_model().objects.create_user("browser", password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["statements", "signatories"], codename__startswith="view_"
        )
    )
    return user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def make_statements(count: int, signatories: int, offset: int = 0):
    lines = ["statement_title,statement_date,publisher,signatory_name"]
    for s in range(offset, offset + count):
        for n in range(signatories):
            lines.append(
                f"Statement {s},20{10 + s % 10}-0{1 + s % 9},Publisher {s % 3},Org {s}-{n}"
            )
    import_csv("\n".join(lines).encode(), "gen.csv")


def test_statement_list_shows_date_publisher_and_both_counts(staff_client, seeded):
    response = staff_client.get(reverse("admin:statements_statement_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    statement = Statement.objects.with_counts().get(signatures__position=120)
    assert statement.printed_count == 120
    row = next(r for r in response.context["cl"].result_list if r.pk == statement.pk)
    assert (row.printed_count, row.distinct_count) == (120, 109)
    assert statement.title in page
    assert "printed" in page and "distinct" in page


def test_statement_search_finds_title_and_body_words(staff_client, seeded):
    statement = Statement.objects.exclude(body="").first()
    body_word = max(statement.body.split(), key=len).strip(".,;:()\"'")
    url = reverse("admin:statements_statement_changelist")
    for term in (statement.title.split()[0], body_word):
        results = staff_client.get(url, {"q": term}).context["cl"].result_list
        assert statement in list(results), term
    assert list(staff_client.get(url, {"q": "zzzz-no-such-word"}).context["cl"].result_list) == []


def test_statement_filters_by_year_and_publisher(staff_client, db):
    make_statements(4, 2)
    url = reverse("admin:statements_statement_changelist")
    response = staff_client.get(url, {"year": "2011"})
    assert [s.title for s in response.context["cl"].result_list] == ["Statement 1"]
    publisher = Organization.objects.get(name="Publisher 0")
    response = staff_client.get(url, {"publisher__id__exact": publisher.pk})
    assert sorted(s.title for s in response.context["cl"].result_list) == [
        "Statement 0",
        "Statement 3",
    ]
    assert "2013" in response.content.decode()  # the year filter lists the years present


def test_statement_page_links_to_its_paginated_signatory_list(staff_client, db):
    make_statements(1, 2000)
    statement = Statement.objects.get()
    response = staff_client.get(reverse("admin:statements_statement_change", args=[statement.pk]))
    assert response.status_code == 200
    link = f"{reverse('admin:statements_signature_changelist')}?statement__id__exact={statement.pk}"
    assert link.replace("&", "&amp;") in response.content.decode()
    assert "2000 signatures" in response.content.decode()
    listing = staff_client.get(link)
    assert "Signatories of “Statement 0”, in printed order" in listing.content.decode()
    rows = list(listing.context["cl"].result_list)
    assert len(rows) == 100 and [r.position for r in rows] == list(range(1, 101))
    assert listing.context["cl"].result_count == 2000
    page_3 = staff_client.get(link + "&p=3").context["cl"].result_list
    assert [r.position for r in page_3][:2] == [201, 202]


def test_organization_search_finds_variants_and_folded_spellings(staff_client, seeded):
    variant = NameVariant.objects.exclude(name__in=Organization.objects.values("name")).first()
    url = reverse("admin:signatories_organization_changelist")
    if variant is not None:
        results = staff_client.get(url, {"q": variant.name}).context["cl"].result_list
        assert variant.organization in list(results)
    org = next(o for o in Organization.objects.all() if o.name.isascii() and " " in o.name)
    shouted = org.name.upper().replace(" ", " - ")
    results = staff_client.get(url, {"q": shouted}).context["cl"].result_list
    assert org in list(results)


def test_organization_list_counts_and_merged_filter(staff_client, db):
    make_statements(3, 2)
    survivor = Organization.objects.get(name="Org 0-0")
    merged = Organization.objects.get(name="Org 1-0")
    merge_organizations(survivor, merged)
    url = reverse("admin:signatories_organization_changelist")
    response = staff_client.get(url, {"q": "Org 0-0"})
    (row,) = response.context["cl"].result_list
    assert (row.statement_count, row.variant_count) == (2, 2)
    merged_list = staff_client.get(url, {"status": "merged"}).context["cl"].result_list
    assert list(merged_list) == [merged]
    assert "Org 0-0" in staff_client.get(url, {"status": "merged"}).content.decode()
    active = staff_client.get(url, {"status": "active"}).context["cl"].result_list
    assert merged not in list(active)
    change = staff_client.get(reverse("admin:signatories_organization_change", args=[survivor.pk]))
    assert change.status_code == 200 and "Org 1-0" in change.content.decode()


def test_signature_and_variant_lists_load(staff_client, seeded):
    assert staff_client.get(reverse("admin:statements_signature_changelist")).status_code == 200
    response = staff_client.get(reverse("admin:signatories_namevariant_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:statements_statement_changelist",
        "admin:signatories_organization_changelist",
        "admin:statements_signature_changelist",
        "admin:signatories_namevariant_changelist",
    ],
)
def test_changelist_queries_do_not_grow_with_the_data(
    staff_client, db, django_assert_max_num_queries, url_name
):
    make_statements(3, 5)
    url = reverse(url_name)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(url).status_code == 200
    make_statements(40, 30, offset=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert staff_client.get(url).status_code == 200


def test_change_pages_queries_do_not_grow(staff_client, db, django_assert_max_num_queries):
    make_statements(1, 5)
    statement = Statement.objects.get()
    org = Organization.objects.get(name="Org 0-0")
    urls = [
        reverse("admin:statements_statement_change", args=[statement.pk]),
        reverse("admin:signatories_organization_change", args=[org.pk]),
    ]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    lines = ["statement_title,signatory_name"] + [f"Statement 0,Org 0-{n}" for n in range(2000)]
    lines += [f"Other {n},Org 0-0" for n in range(30)]
    import_csv("\n".join(lines).encode(), "big.csv")
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert staff_client.get(url).status_code == 200


def test_any_staff_member_may_browse_and_export_but_not_change(client, db):
    make_statements(1, 3)
    user = get_user_model().objects.create_user("plainstaff", password="pw", is_staff=True)
    client.force_login(user)
    org = Organization.objects.get(name="Org 0-0")
    statement = Statement.objects.get()
    for url in (
        reverse("admin:index"),
        reverse("admin:statements_statement_changelist"),
        reverse("admin:statements_statement_change", args=[statement.pk]),
        reverse("admin:signatories_organization_changelist"),
        reverse("admin:signatories_organization_change", args=[org.pk]),
        reverse("admin:statements_signature_changelist"),
        reverse("admin:signatories_namevariant_changelist"),
        reverse("admin:signatories_organization_export"),
        reverse("admin:statements_statement_export_signatories", args=[statement.pk, "csv"]),
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        reverse("admin:signatories_organization_change", args=[org.pk]),
        {"name": "Renamed", "kind": "organization"},
    )
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.name == "Org 0-0"
    assert client.get(reverse("admin:statements_statement_import")).status_code == 403


def test_statement_added_by_hand_gets_a_free_slug(admin_client, db):
    url = reverse("admin:statements_statement_add")
    for _ in range(2):
        response = admin_client.post(
            url, {"title": "Hand-made statement", "body": "Text.", "date_precision": ""}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(Statement.objects.values_list("slug", flat=True)) == [
        "hand-made-statement",
        "hand-made-statement-2",
    ]
    assert admin_client.get(reverse("admin:signatories_organization_add")).status_code == 403
