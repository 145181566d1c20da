"""A reviewer in a real headless Chromium: log in, find a suggestion, compare, approve, see the
merged organisation, undo; staff import a CSV through the preview. Takes the screenshots."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from dedup.models import MergeRecord, MergeSuggestion
from signatories.models import Organization
from statements.csv_import import import_csv
from statements.models import Statement

pytestmark = pytest.mark.browser
DOCS_SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "a-long-test-password-4"
REGISTRY_CSV = """statement_title,statement_date,signatory_name
Protect hospitals in Idlib,2021-03-02,Syrian Civil Defence
Protect hospitals in Idlib,2021-03-02,Hurras Network for Child Protection
Protect hospitals in Idlib,2021-03-02,Independent Doctors Association
Release the detainees,2019-05,Syrian Civil Defense (White Helmets)
Release the detainees,2019-05,Hurras Network for Child Protecton
Release the detainees,2019-05,Families for Freedom
"""


def reviewer_user():
    group, _ = Group.objects.get_or_create(name="Reviewers")  # flushed by earlier live tests
    group.permissions.add(Permission.objects.get(codename="decide_merge"))
    user = get_user_model().objects.create_user(
        "reviewer", password=PASSWORD, is_staff=True, first_name="Rana"
    )
    user.user_permissions.add(Permission.objects.get(codename="add_statement"))  # for importing
    user.groups.add(group)
    return user


@pytest.fixture
def screenshots(tmp_path):
    """docs/screenshots/ when ADMIN_SCREENSHOTS=1 (to refresh the README's pictures), else a
    temporary folder, so that running the tests leaves the working tree clean."""
    folder = DOCS_SCREENSHOTS if os.environ.get("ADMIN_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def site(transactional_db, seeded, live_server):
    """The five seed statements (their likely duplicates are queued at import) and two more."""
    import_csv(REGISTRY_CSV.encode(), "registry.csv")
    return live_server.url


def log_in(page, site, next_path):
    page.goto(f"{site}/admin/login/?next={next_path}")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{next_path}")


def test_reviewer_approves_a_merge_in_the_queue_then_undoes_it(site, page, screenshots):
    reviewer = reviewer_user()
    hurras_a = Organization.objects.get(name="Hurras Network for Child Protection")
    hurras_b = Organization.objects.get(name="Hurras Network for Child Protecton")
    suggestion = MergeSuggestion.objects.for_pair(hurras_a, hurras_b).first()
    if suggestion is None:  # the importer's suggester normally queued it already
        low, high = sorted((hurras_a, hurras_b), key=lambda o: o.pk)
        suggestion = MergeSuggestion.objects.create(
            organization_a=low, organization_b=high, score=91, reasons=["names 97% alike"]
        )
    assert MergeSuggestion.objects.pending().filter(pk=suggestion.pk).exists()

    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, site, "/admin/dedup/mergesuggestion/")
    assert page.get_by_role("heading", name="Merge review queue").is_visible()
    page.screenshot(path=str(screenshots / "admin-merge-queue.png"), full_page=True)
    assert (screenshots / "admin-merge-queue.png").stat().st_size > 10_000

    page.locator(f'a.review-link[href$="/{suggestion.pk}/review/"]').click()
    sides = page.locator(".compare .side")
    assert sides.count() == 2
    assert "Hurras Network for Child Protection" in sides.nth(0).inner_text()
    assert page.locator(".compare mark").count() >= 1  # the differences are highlighted
    assert "Protect hospitals in Idlib" in page.locator(".compare").inner_text()
    page.screenshot(path=str(screenshots / "admin-merge-review.png"), full_page=True)

    page.check(f'input[name="survivor"][value="{hurras_a.pk}"]')
    page.select_option("#display-name", "Hurras Network for Child Protection")
    page.click('input[name="approve"]')
    page.wait_for_url("**/admin/dedup/mergesuggestion/")
    assert (
        "Merged “Hurras Network for Child Protecton” into"
        in page.locator(".messagelist").inner_text()
    )

    page.get_by_role("link", name="Hurras Network for Child Protection").first.click()
    page.wait_for_url(f"**/admin/signatories/organization/{hurras_a.pk}/change/")
    body = page.locator("#content").inner_text()
    assert "Hurras Network for Child Protecton" in body  # its variant and the merged record
    hurras_b.refresh_from_db()
    assert hurras_b.merged_into_id == hurras_a.pk
    record = MergeRecord.objects.get()
    assert record.decided_by == reviewer

    page.goto(f"{site}/admin/dedup/mergesuggestion/history/")
    page.click('#merge-history input[value="Undo"]')
    page.wait_for_url("**/history/")
    assert "Undone" in page.locator(".messagelist").inner_text()
    hurras_b.refresh_from_db()
    assert hurras_b.merged_into_id is None


def test_staff_import_a_csv_through_the_preview(site, page, tmp_path, screenshots):
    reviewer_user()
    csv_file = tmp_path / "new-statement.csv"
    csv_file.write_text(
        "statement_title,statement_date,publisher,signatory_name\n"
        "Stop the sieges,2024-06,Families for Freedom,Families for Freedom\n"
        "Stop the sieges,,,Syrian Civil Defence\n"
        "Stop the sieges,,,Independent Doctors Asociation\n"
        "Stop the sieges,,,Hope Builders Collective of Saraqib\n",
        encoding="utf-8-sig",
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, site, "/admin/statements/statement/import/")
    page.set_input_files("#id_import_file", str(csv_file))
    page.click('#upload-csv input[type="submit"]')
    page.wait_for_selector("#confirm-import")
    text = page.locator(".preview").inner_text()
    assert "exact match" in text and "fuzzy match" in text and "new organisation" in text
    page.screenshot(path=str(screenshots / "admin-import-preview.png"), full_page=True)
    assert not Statement.objects.filter(title="Stop the sieges").exists()
    page.click('#confirm-import input[name="confirm"]')
    page.wait_for_url("**/admin/statements/statement/")
    assert "Stop the sieges" in page.locator(".messagelist").inner_text()
    assert Statement.objects.get(title="Stop the sieges").signatures.count() == 4

    # Every bad row explained, nothing written.
    bad = tmp_path / "bad.csv"
    bad.write_text("statement_title,signatory_name\nBroken,\nBroken,Fine Org\n,Orphan\n")
    page.goto(f"{site}/admin/statements/statement/import/")
    page.set_input_files("#id_import_file", str(bad))
    page.click('#upload-csv input[type="submit"]')
    problems = page.locator(".csv-problems").inner_text()
    assert "bad.csv, row 2: name is empty" in problems
    assert "bad.csv, row 4: statement title is empty" in problems
    assert not Statement.objects.filter(title="Broken").exists()
