"""The admin's "Add statement from text": paste or upload, preview line by line with registry
matches, correct, save in one transaction through the importer; permissions and bad input."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from signatories.models import Organization
from statements.importing import import_statement_data
from statements.models import Signature, Statement
from statements.text_preview import SESSION_KEY

ADD_URL = reverse("admin:statements_statement_add_from_text")
PASSWORD = "a-long-test-password-5"
TEXT = (
    "Protect civilians in Idlib\n"
    "\n"
    "We, the undersigned organisations, call on all parties to protect civilians and hospitals.\n"
    "\n"
    "Signed by:\n"
    "Alpha Aid\n"
    "Beta Relief\n"
    "Gamma Care Association\n"
    "Delta Development Foundation\n"
)


def staff_user(username="editor", *, can_add=True):
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    if can_add:
        user.user_permissions.add(Permission.objects.get(codename="add_statement"))
        user.user_permissions.add(Permission.objects.get(codename="view_statement"))
    return user


@pytest.fixture
def editor(db):
    client = Client()
    client.force_login(staff_user())
    return client


def read(client, **data):
    """Step 1; returns the preview response (following the redirect)."""
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "/add-from-text/" in response.url
    return client.get(response.url), response.url


def preview_form(response) -> dict:
    """The preview form as the browser would post it, nothing changed."""
    preview = response.context["preview"]
    return {
        "digest": preview.digest,
        "title": preview.parsed.title,
        "publisher": preview.parsed.publisher,
        "published_on": (
            preview.parsed.published_on.isoformat() if preview.parsed.published_on else ""
        ),
    }


def row_of(response, text):
    rows = [row for row in response.context["preview"].rows if row.line.text == text]
    assert len(rows) == 1, [row.line.text for row in response.context["preview"].rows]
    return rows[0]


def test_changelist_links_to_the_page_for_staff_who_may_add(editor):
    response = editor.get(reverse("admin:statements_statement_changelist"))
    assert ADD_URL in response.content.decode()


def test_staff_without_add_permission_is_refused(db):
    client = Client()
    client.force_login(staff_user("viewer", can_add=False))
    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, {"text": TEXT}).status_code == 403
    assert Statement.objects.count() == 0


def test_anonymous_and_non_staff_users_are_sent_to_log_in(db):
    client = Client()
    response = client.get(ADD_URL)
    assert response.status_code == 302 and "/admin/login/" in response.url
    get_user_model().objects.create_user("member", password=PASSWORD)
    client.login(username="member", password=PASSWORD)
    response = client.post(ADD_URL, {"text": TEXT})
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert Statement.objects.count() == 0


def test_posting_without_the_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user())
    assert client.post(ADD_URL, {"text": TEXT}).status_code == 403
    assert SESSION_KEY not in client.session


def test_preview_labels_each_line_and_matches_the_registry(editor):
    import_statement_data(
        b"Earlier letter\n\nWe ask for peace.\n\nSigned by:\nAlpha Aid\nBeta Relief\nOmega Org\n",
        filename="earlier.txt",
        source_file="earlier.txt",
    )
    response, _url = read(editor, text=TEXT)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.action == "create"
    assert preview.parsed.title == "Protect civilians in Idlib"
    assert row_of(response, "Protect civilians in Idlib").label == "title"
    alpha = row_of(response, "Alpha Aid")
    assert (alpha.label, alpha.status) == ("signatory", "exact")
    assert alpha.match == Organization.objects.get(name="Alpha Aid")
    assert row_of(response, "Gamma Care Association").status == "new"
    assert preview.counts["exact"] == 2 and preview.counts["new"] == 2
    html = response.content.decode()
    assert "Alpha Aid" in html and "exact" in html and "Nothing has been written yet" in html
    assert Statement.objects.count() == 1  # the earlier one only: nothing written by the preview


def test_corrections_re_render_then_save_in_one_go_with_who_and_what(editor):
    response, url = read(editor, text=TEXT)
    beta = row_of(response, "Beta Relief")
    form = preview_form(response) | {
        "apply": "1",
        f"action-{beta.index}": "not_signatory",
        "publisher": "Alpha Aid",
    }
    applied = editor.post(url, form)
    assert applied.status_code == 302 and applied.url == url
    assert Statement.objects.count() == 0  # corrections applied, nothing saved

    response = editor.get(url)
    beta = row_of(response, "Beta Relief")
    assert beta.label != "signatory" and beta.line.corrected
    assert response.context["preview"].parsed.publisher == "Alpha Aid"
    names = [s.name for s in response.context["preview"].parsed.signatories]
    assert names == ["Alpha Aid", "Gamma Care Association", "Delta Development Foundation"]

    saved = editor.post(url, preview_form(response) | {"save": "1"})
    statement = Statement.objects.get()
    assert saved.status_code == 302
    assert saved.url == reverse("admin:statements_statement_change", args=[statement.pk])
    assert [s.name_as_printed for s in statement.signatures.in_printed_order()] == names
    assert statement.publisher.name == "Alpha Aid"
    assert [(c["action"], c["who"]) for c in statement.corrections] == [
        ("set", "editor"),
        ("not_signatory", "editor"),
    ]
    assert statement.corrections[1]["text"] == "Beta Relief" and statement.corrections[1]["when"]
    assert SESSION_KEY in editor.session and not editor.session[SESSION_KEY]
    change_page = editor.get(saved.url).content.decode()
    assert "editor · not_signatory Beta Relief" in change_page


def test_the_same_text_again_starts_from_its_corrections_and_saves_as_unchanged(editor):
    response, url = read(editor, text=TEXT)
    beta = row_of(response, "Beta Relief")
    editor.post(
        url, preview_form(response) | {"save": "1", f"action-{beta.index}": "not_signatory"}
    )
    before = list(Signature.objects.values_list("pk", flat=True))

    response, url = read(editor, text=TEXT)
    assert response.context["preview"].action == "unchanged"
    assert "Beta Relief" not in [s.name for s in response.context["preview"].parsed.signatories]
    editor.post(url, preview_form(response) | {"save": "1"})
    assert Statement.objects.count() == 1
    assert list(Signature.objects.values_list("pk", flat=True)) == before


def test_marking_a_person_and_splitting_a_line(editor):
    text = TEXT.replace("Delta Development Foundation", "Jane Doe, Professor of Law, Utopia U")
    text = text.replace("Gamma Care Association", "Gamma Care Association / Epsilon Aid")
    response, url = read(editor, text=text)
    jane = row_of(response, "Jane Doe, Professor of Law, Utopia U")
    glued = row_of(response, "Gamma Care Association / Epsilon Aid")
    form = preview_form(response) | {
        "save": "1",
        f"action-{jane.index}": "person",
        f"person_name-{jane.index}": "Jane Doe",
        f"affiliation-{jane.index}": "Professor of Law, Utopia U",
        f"action-{glued.index}": "split",
        f"parts-{glued.index}": "Gamma Care Association | Epsilon Aid",
    }
    assert editor.post(url, form).status_code == 302
    signatures = {s.name_as_printed: s for s in Signature.objects.all()}
    assert {"Gamma Care Association", "Epsilon Aid"} <= set(signatures)
    jane = signatures["Jane Doe, Professor of Law, Utopia U"]
    assert (jane.kind, jane.person_name, jane.affiliation) == (
        "person",
        "Jane Doe",
        "Professor of Law, Utopia U",
    )
    assert jane.organization.kind == Organization.Kind.INDIVIDUAL
    assert jane.organization.name == "Jane Doe"


def test_a_split_without_parts_is_refused_and_nothing_is_saved(editor):
    response, url = read(editor, text=TEXT)
    alpha = row_of(response, "Alpha Aid")
    form = preview_form(response) | {"save": "1", f"action-{alpha.index}": "split"}
    response = editor.post(url, form)
    assert response.status_code == 200
    assert "to split a line" in response.content.decode()
    assert Statement.objects.count() == 0


def test_a_bad_date_is_refused_with_a_message(editor):
    response, url = read(editor, text=TEXT)
    form = preview_form(response) | {"save": "1", "published_on": "31 February"}
    response = editor.post(url, form)
    assert response.status_code == 200 and "bad date" in response.content.decode()
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("scan.pdf", b"%PDF-1.4\n%garbage that is not a PDF\n", "scan.pdf"),
        ("letter.docx", b"PK\x03\x04 not really a zip archive", "letter.docx"),
        ("empty.txt", b"   \n", "empty"),
        ("logo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "an image (PNG)"),
        ("data.txt", b"Title\n\x00\x01\x02 Alpha Aid\n", "binary"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_message_and_nothing_is_kept(editor, name, data, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = editor.post(ADD_URL, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was read or saved" in html and message in html
    assert Statement.objects.count() == 0 and Organization.objects.count() == 0
    assert not editor.session.get(SESSION_KEY)


def test_unsupported_types_and_oversized_files_are_refused(editor, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = editor.post(ADD_URL, {"file": SimpleUploadedFile("tool.exe", b"MZ\x90\x00")})
    assert "cannot be read" in response.content.decode()
    monkeypatch.setattr("statements.forms.MAX_STATEMENT_FILE_BYTES", 100)
    response = editor.post(
        ADD_URL, {"file": SimpleUploadedFile("big.txt", b"Title\n\n" + b"x" * 200)}
    )
    assert "at most" in response.content.decode()
    assert Statement.objects.count() == 0 and not editor.session.get(SESSION_KEY)


def test_another_users_or_an_unknown_upload_is_not_served(editor, db):
    _response, url = read(editor, text=TEXT)
    other = Client()
    other.force_login(staff_user("other"))
    response = other.get(url)
    assert response.status_code == 302 and response.url == ADD_URL
    response = editor.get(ADD_URL + "not-a-token/")
    assert response.status_code == 302 and response.url == ADD_URL
    assert Statement.objects.count() == 0


def test_a_stale_form_is_not_applied_to_a_changed_reading(editor):
    response, url = read(editor, text=TEXT)
    form = preview_form(response) | {"digest": "0" * 32, "save": "1"}
    response = editor.post(url, form)
    assert response.status_code == 200 and "look again" in response.content.decode()
    assert Statement.objects.count() == 0


def test_cancel_forgets_the_upload(editor):
    response, url = read(editor, text=TEXT)
    response = editor.post(url, preview_form(response) | {"cancel": "1"})
    assert response.status_code == 302
    assert editor.get(url).status_code == 302  # gone
    assert Statement.objects.count() == 0


def test_the_preview_costs_the_same_queries_for_5_or_200_signatories(editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def preview_queries(count):
        names = "\n".join(f"Relief Network Number {n}" for n in range(count))
        _response, url = read(editor, text=f"Letter {count}\n\nWe ask.\n\nSigned by:\n{names}\n")
        editor.get(url)  # the matcher's index is warm, as on a running site
        with CaptureQueriesContext(connection) as queries:
            assert editor.get(url).status_code == 200
        return len(queries)

    assert preview_queries(200) == preview_queries(5) <= 12


@pytest.mark.parametrize("extension", ["md", "html", "docx", "pdf"])
def test_each_file_format_uploads_previews_and_saves(editor, extension):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .statement_files import BUILDERS

    names = ["Fundación Karisma", "Article 19", "Access Now", "Derechos Digitales"]
    upload = SimpleUploadedFile(f"journalists.{extension}", BUILDERS[extension](names))
    response, url = read(editor, file=upload)
    preview = response.context["preview"]
    assert preview.parsed.source_format == {"md": "markdown"}.get(extension, extension)
    assert [s.name for s in preview.parsed.signatories] == names
    assert editor.post(url, preview_form(response) | {"save": "1"}).status_code == 302
    statement = Statement.objects.get(source_file=f"journalists.{extension}")
    assert statement.title == "Joint statement on the protection of journalists"
    assert [s.name_as_printed for s in statement.signatures.in_printed_order()] == names


def test_the_command_re_imports_an_uploaded_file_with_its_stored_corrections(editor, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from statements.importing import import_statement_file

    response, url = read(editor, file=SimpleUploadedFile("letter.txt", TEXT.encode()))
    beta = row_of(response, "Beta Relief")
    editor.post(
        url, preview_form(response) | {"save": "1", f"action-{beta.index}": "not_signatory"}
    )

    path = tmp_path / "letter.txt"
    path.write_text(TEXT)
    assert import_statement_file(path).status == "unchanged"
    path.write_text(TEXT + "Zeta Aid Network\n")
    report = import_statement_file(path)
    assert report.status == "updated"
    assert [s["name_as_printed"] for s in report.signatories] == [
        "Alpha Aid",
        "Gamma Care Association",
        "Delta Development Foundation",
        "Zeta Aid Network",
    ]
    assert Statement.objects.get().corrections[0]["who"] == "editor"


def test_each_line_is_corrected_through_its_own_small_form(editor):
    """A long list must not post thousands of fields at once (Django refuses more than
    DATA_UPLOAD_MAX_NUMBER_FIELDS): the statement form and each line's form stay small."""
    import re

    names = "\n".join(f"Relief Network Number {n}" for n in range(600))
    response, _url = read(editor, text=f"Long letter\n\nWe ask.\n\nSigned by:\n{names}\n")
    forms = re.findall(r"<form\b.*?</form>", response.content.decode(), flags=re.S)
    assert len(forms) >= 600
    assert max(len(re.findall(r"<(?:input|select)\b", form)) for form in forms) <= 10
