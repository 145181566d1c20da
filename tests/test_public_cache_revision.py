"""Cached public pages are retired by changes committed in any process, not only this one."""

from django.db import transaction
from django.urls import reverse

from dedup.merging import merge_organizations
from signatories.models import NameVariant, Organization
from statements.models import RegistryRevision, Statement


def test_a_change_committed_elsewhere_retires_cached_pages(client, seeded, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    url = reverse("organization-detail", kwargs={"slug": "karam-foundation"})
    assert "Karam foundation" in client.get(url).content.decode()
    # As another process would: this process's signals never hear of the change.
    Organization.objects.filter(slug="karam-foundation").update(name="Karam renamed elsewhere")
    assert "Karam renamed elsewhere" not in client.get(url).content.decode()  # served cached
    RegistryRevision.bump()  # what that process's commit does
    assert "Karam renamed elsewhere" in client.get(url).content.decode()


def test_a_committed_merge_turns_the_cached_old_url_into_a_redirect(
    client, seeded, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_CACHE_SECONDS = 60
    url = reverse("organization-detail", kwargs={"slug": "karam-foundation-nfp"})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        merge_organizations(
            Organization.objects.get(slug="karam-foundation"),
            Organization.objects.get(slug="karam-foundation-nfp"),
        )
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == reverse(
        "organization-detail", kwargs={"slug": "karam-foundation"}
    )


def test_every_committed_save_bumps_the_revision(seeded, django_capture_on_commit_callbacks):
    before = RegistryRevision.current()
    organization = Organization.objects.get(slug="karam-foundation")
    with django_capture_on_commit_callbacks(execute=True):
        organization.name = "Karam Foundation"
        organization.save()
    assert RegistryRevision.current() == before + 1


def test_a_rolled_back_change_does_not_bump_the_revision(
    seeded, django_capture_on_commit_callbacks
):
    before = RegistryRevision.current()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Organization.objects.get(slug="karam-foundation").save()
    assert callbacks  # queued for the commit only
    assert RegistryRevision.current() == before


def test_a_variant_edit_bumps_the_revision(seeded, django_capture_on_commit_callbacks):
    before = RegistryRevision.current()
    variant = NameVariant.objects.filter(organization__slug="karam-foundation").first()
    with django_capture_on_commit_callbacks(execute=True):
        variant.name = variant.name + " (renamed in the admin)"
        variant.save()
    assert RegistryRevision.current() == before + 1


def test_deleting_a_statement_bumps_once_for_all_its_rows(
    seeded, django_capture_on_commit_callbacks
):
    statement = Statement.objects.filter(signatures__isnull=False).first()
    assert statement.signatures.count() > 1  # one delete signal per signature row
    before = RegistryRevision.current()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        statement.delete()
    assert RegistryRevision.current() == before + 1
