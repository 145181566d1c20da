"""Staff paste a statement in a real headless Chromium, correct one line of the reading and save."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from statements.models import Statement

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password-6"
TEXT = """Keep humanitarian corridors open

We, the undersigned organisations, call for safe passage for aid convoys.

Signed by:
Alpha Aid
Beta Relief
Gamma Care Association
"""


def test_staff_paste_a_statement_correct_a_line_and_save(transactional_db, live_server, page):
    user = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    for codename in ("add_statement", "view_statement", "change_statement"):
        user.user_permissions.add(Permission.objects.get(codename=codename))

    page.goto(f"{live_server.url}/admin/login/?next=/admin/statements/statement/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/statements/statement/")

    page.click("text=Add statement from text")
    page.fill("#id_text", TEXT)
    page.click("input[name=read]")
    page.wait_for_selector("#text-preview")
    assert "Nothing has been written yet" in page.content()
    beta = page.locator("tr", has=page.locator("td.source", has_text="Beta Relief"))
    assert beta.locator(".label").inner_text() == "signatory"

    beta.locator("select").select_option("not_signatory")
    beta.locator("input[name=apply]").click()
    page.wait_for_selector("#text-preview")
    beta = page.locator("tr", has=page.locator("td.source", has_text="Beta Relief"))
    assert beta.locator(".label").inner_text() != "signatory"
    assert "(corrected)" in beta.inner_text()
    assert Statement.objects.count() == 0

    page.click("input[name=save]")
    page.wait_for_url("**/change/")
    statement = Statement.objects.get()
    assert statement.title == "Keep humanitarian corridors open"
    assert [s.name_as_printed for s in statement.signatures.in_printed_order()] == [
        "Alpha Aid",
        "Gamma Care Association",
    ]
    assert [(c["action"], c["text"], c["who"]) for c in statement.corrections] == [
        ("not_signatory", "Beta Relief", "editor")
    ]
