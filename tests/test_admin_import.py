"""The admin CSV import: upload → preview (nothing written) → confirm (one transaction)."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from signatories.models import Organization
from statements.models import Signature, Statement

DATA = Path(__file__).parent / "data" / "csv"
IMPORT_URL = "admin:statements_statement_import"
CONFIRM_URL = "admin:statements_statement_process_import"


@pytest.fixture
def importer(db):
    user = get_user_model().objects.create_user("importer", password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["add_statement", "view_statement", "change_statement"]
        )
    )
    return user


@pytest.fixture
def importer_client(client, importer):
    client.force_login(importer)
    return client


def upload(client, name: str, data: bytes | None = None):
    data = (DATA / name).read_bytes() if data is None else data
    return client.post(
        reverse(IMPORT_URL),
        {"format": "0", "import_file": SimpleUploadedFile(name, data, "text/csv")},
    )


def confirm(client, preview_response):
    form = preview_response.context["confirm_form"]
    return client.post(reverse(CONFIRM_URL), {f.name: f.value() for f in form})


def test_import_page_documents_the_format_and_offers_the_template(importer_client):
    response = importer_client.get(reverse(IMPORT_URL))
    page = response.content.decode()
    assert response.status_code == 200
    assert "statement_title" in page and "signatory_type" in page
    template = importer_client.get(reverse("admin:statements_statement_import_template"))
    assert template.status_code == 200
    content = b"".join(template.streaming_content)
    assert content == (Path(__file__).parents[1] / "fixtures/statement_template.csv").read_bytes()
    assert "attachment" in template["Content-Disposition"]


def test_changelist_shows_the_import_button(importer_client):
    page = importer_client.get(reverse("admin:statements_statement_changelist")).content.decode()
    assert reverse(IMPORT_URL) in page


def test_preview_writes_nothing_then_confirm_imports(importer_client):
    preview = upload(importer_client, "utf16_bom.csv")
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Stop the bombing of hospitals" in page and "Nothing has been written yet" in page
    assert "رابطة عائلات قيصر" in page
    assert preview.context["preview_totals"]["rows"] == 7
    assert Statement.objects.count() == 0 and Organization.objects.count() == 0

    done = confirm(importer_client, preview)
    assert done.status_code == 302 and done["Location"] == reverse(
        "admin:statements_statement_changelist"
    )
    assert Statement.objects.count() == 2
    assert Signature.objects.count() == 7
    # The temporary copy is gone once confirmed.
    name = preview.context["confirm_form"]["import_file_name"].value()
    assert caches["import_export"].get("django-import-export-" + name) is None


def test_preview_classifies_exact_and_new_names(importer_client):
    confirm(importer_client, upload(importer_client, "good.csv"))
    text = (
        "statement_title,signatory_name,signatory_type\n"
        "Follow-up,JANE DOE,individual\nFollow-up,Entirely Novel Collective,\n"
    )
    preview = upload(importer_client, "follow.csv", text.encode())
    (statement,) = preview.context["preview"]
    assert [r.status for r in statement.rows][0] == "exact"
    assert statement.rows[0].organization.name == "Jane Doe"
    assert "exact match" in preview.content.decode()
    again = upload(importer_client, "good.csv")
    assert [s.action for s in again.context["preview"]] == ["unchanged", "unchanged"]


def test_preview_names_the_merge_suggestion_a_fuzzy_match_will_create(importer_client):
    pytest.importorskip("dedup.matching")
    confirm(importer_client, upload(importer_client, "good.csv"))
    text = "statement_title,signatory_name\nFollow-up,Independent Doctors Asociation\n"
    preview = upload(importer_client, "fuzzy.csv", text.encode())
    (row,) = preview.context["preview"][0].rows
    assert row.status == "fuzzy"
    assert row.match_name == "Independent Doctors Association" and row.match_id is not None
    page = preview.content.decode()
    assert "fuzzy match" in page and "merge suggestion" in page


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad_rows.csv", ["row 3: name is empty", "row 4: name is 301 characters", "row 7"]),
        ("missing_column.csv", ["missing required column &#x27;signatory_name&#x27;"]),
        ("unknown_column.csv", ["unknown column &#x27;signatory_email&#x27;"]),
        ("latin1.csv", ["not valid UTF-8", "UTF-16 with a byte-order mark"]),
        ("header_only.csv", ["header but no rows"]),
    ],
)
def test_bad_files_list_every_problem_and_write_nothing(importer_client, name, expected):
    response = upload(importer_client, name)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "Nothing was imported" in page
    for text in expected:
        assert text in page
    if name == "bad_rows.csv":
        assert len(response.context["problems"]) == 5
    assert Statement.objects.count() == 0 and Organization.objects.count() == 0


def test_empty_upload_is_refused_by_the_form(importer_client):
    response = upload(importer_client, "empty.csv")
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert Statement.objects.count() == 0


def test_confirm_with_an_expired_upload_says_so(importer_client):
    preview = upload(importer_client, "good.csv")
    caches["import_export"].clear()
    response = confirm(importer_client, preview)
    assert response.status_code == 302
    assert Statement.objects.count() == 0
    follow = importer_client.get(response["Location"])
    assert "expired" in follow.content.decode()


def test_staff_without_add_permission_cannot_import(client, db):
    user = get_user_model().objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_statement"))
    client.force_login(user)
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    data = (DATA / "good.csv").read_bytes()
    response = client.post(
        reverse(IMPORT_URL),
        {"format": "0", "import_file": SimpleUploadedFile("good.csv", data)},
    )
    assert response.status_code == 403
    assert client.post(reverse(CONFIRM_URL), {}).status_code == 403
    changelist = client.get(reverse("admin:statements_statement_changelist")).content.decode()
    assert reverse(IMPORT_URL) not in changelist
    assert Statement.objects.count() == 0


def test_import_and_confirm_need_csrf(importer, db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(importer)
    data = (DATA / "good.csv").read_bytes()
    response = client.post(
        reverse(IMPORT_URL), {"format": "0", "import_file": SimpleUploadedFile("g.csv", data)}
    )
    assert response.status_code == 403
    assert client.post(reverse(CONFIRM_URL), {}).status_code == 403


def test_confirm_only_accepts_post(importer_client):
    assert importer_client.get(reverse(CONFIRM_URL)).status_code == 405


def test_preview_of_a_changed_file_says_it_will_update(importer_client):
    confirm(importer_client, upload(importer_client, "good.csv"))
    text = "statement_title,signatory_name\nRelease the detainees,Families for Freedom\n"
    preview = upload(importer_client, "later.csv", text.encode())
    (statement,) = preview.context["preview"]
    assert statement.action == "update"
    assert "Will update the statement" in preview.content.decode()
    confirm(importer_client, preview)
    assert Statement.objects.count() == 2
    assert Statement.objects.get(title="Release the detainees").signatures.count() == 1


def test_the_previewed_suggestion_is_the_one_the_import_creates(importer_client):
    from dedup.models import MergeSuggestion
    from signatories.models import NameVariant

    confirm(importer_client, upload(importer_client, "good.csv"))
    before = (
        Organization.objects.count(),
        NameVariant.objects.count(),
        MergeSuggestion.objects.count(),
        Signature.objects.count(),
    )
    text = (
        "statement_title,signatory_name\n"
        "Follow-up,Independent Doctors Asociation\n"
        "Follow-up,Brand New Collective For Peace\n"
        "Other,Brand New Colective For Peace\n"
    )
    preview = upload(importer_client, "fuzzy.csv", text.encode())
    rows = [row for statement in preview.context["preview"] for row in statement.rows]
    assert (
        Organization.objects.count(),
        NameVariant.objects.count(),
        MergeSuggestion.objects.count(),
        Signature.objects.count(),
    ) == before  # the preview wrote nothing
    shown = {(row.name, row.match_name) for row in rows if row.status == "fuzzy"}
    assert ("Independent Doctors Asociation", "Independent Doctors Association") in shown
    assert "also new in this file" in preview.content.decode()

    confirm(importer_client, preview)
    created = {
        frozenset((s.organization_a.name, s.organization_b.name))
        for s in MergeSuggestion.objects.select_related("organization_a", "organization_b")
    }
    for name, match in shown:
        assert frozenset((name, match)) in created
