"""Admin exports (a statement's signatories, organisations) as CSV and XLSX, formula-escaped."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from signatories.models import Organization
from statements.csv_import import import_csv
from statements.models import Statement

DATA = Path(__file__).parent / "data" / "csv"
DANGEROUS = [
    '=HYPERLINK("http://evil.example","click")',
    "+44 Group",
    "-minus Collective",
    "@at Network",
]


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_user("exporter", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(user)
    return client


@pytest.fixture
def formula_statement(db):
    import_csv((DATA / "formula_names.csv").read_bytes(), "formula_names.csv")
    import_csv((DATA / "good.csv").read_bytes(), "good.csv")
    return Statement.objects.get(title="Formula names")


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response) -> list[list[str]]:
    text = body_of(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(body_of(response)))
    sheet = book.active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_statement_signatories_csv_is_in_printed_order_and_escaped(staff_client, formula_statement):
    url = reverse(
        "admin:statements_statement_export_signatories", args=[formula_statement.pk, "csv"]
    )
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:4] == ["statement", "position", "name_as_printed", "organization"]
    assert [r[1] for r in rows] == ["1", "2", "3", "4", "5"]
    assert [r[2] for r in rows] == ["'" + name for name in DANGEROUS] + ["Plain Organisation"]
    assert [r[3] for r in rows][:4] == ["'" + name for name in DANGEROUS]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_statement_signatories_xlsx_holds_text_not_formulas(staff_client, formula_statement):
    url = reverse(
        "admin:statements_statement_export_signatories", args=[formula_statement.pk, "xlsx"]
    )
    response = staff_client.get(url)
    assert response.status_code == 200
    header, *rows = xlsx_rows(response)
    assert header[2] == "name_as_printed"
    assert [r[2] for r in rows] == ["'" + name for name in DANGEROUS] + ["Plain Organisation"]
    book = openpyxl.load_workbook(io.BytesIO(body_of(response)))
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)


def test_arabic_names_survive_both_formats(staff_client, formula_statement):
    statement = Statement.objects.get(title="Release the detainees")
    for fmt, reader in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        url = reverse("admin:statements_statement_export_signatories", args=[statement.pk, fmt])
        rows = reader(staff_client.get(url))
        assert rows[3][2] == "رابطة عائلات قيصر"


def test_unknown_format_is_404(staff_client, formula_statement):
    url = reverse(
        "admin:statements_statement_export_signatories", args=[formula_statement.pk, "json"]
    )
    assert staff_client.get(url).status_code == 404


@pytest.mark.parametrize(("fmt_index", "reader"), [("0", csv_rows), ("1", xlsx_rows)])
def test_organization_export_through_the_admin_is_escaped(
    staff_client, formula_statement, fmt_index, reader
):
    url = reverse("admin:signatories_organization_export")
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url,
        {
            "format": fmt_index,
            "resource": "0",
            **{
                f"organizationresource_{name}": "on"
                for name in ("name", "slug", "kind", "statements_signed", "variants", "merged_into")
            },
        },
    )
    assert response.status_code == 200, response.content[:500]
    header, *rows = reader(response)
    assert header[:2] == ["name", "slug"]
    names = [r[0] for r in rows]
    assert len(rows) == Organization.objects.count()
    for name in DANGEROUS:
        assert "'" + name in names
    assert "Plain Organisation" in names
    jane = next(r for r in rows if r[0] == "Jane Doe")
    assert str(jane[3]) == "1"  # statements signed
    assert not any(str(c).startswith(("=", "+", "-", "@")) for r in rows for c in r if c)


def test_signature_changelist_export_of_one_statement(staff_client, formula_statement):
    url = reverse("admin:statements_signature_export")
    response = staff_client.post(
        url + f"?statement__id__exact={formula_statement.pk}",
        {
            "format": "0",
            "resource": "0",
            **{
                f"signatureresource_{name}": "on"
                for name in ("statement", "position", "name_as_printed", "organization")
            },
        },
    )
    assert response.status_code == 200, response.content[:500]
    header, *rows = csv_rows(response)
    assert len(rows) == 5
    assert rows[0][2] == "'" + DANGEROUS[0]


def test_export_query_count_does_not_grow(staff_client, db, django_assert_max_num_queries):
    def org_export():
        return staff_client.post(
            reverse("admin:signatories_organization_export"),
            {
                "format": "0",
                "resource": "0",
                **{
                    f"organizationresource_{name}": "on"
                    for name in ("name", "variants", "statements_signed", "merged_into")
                },
            },
        )

    import_csv(b"statement_title,signatory_name\nS,A\nS,B\n", "s.csv")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert org_export().status_code == 200
    lines = ["statement_title,signatory_name"] + [f"S{i % 5},Org {i}" for i in range(400)]
    import_csv("\n".join(lines).encode(), "big.csv")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = org_export()
    assert len(csv_rows(response)) == 403
