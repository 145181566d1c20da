"""The matcher's per-process index follows the registry revision: committed changes made anywhere
(the admin, a command in another process) are seen by the next lookup, and nothing else makes it
read the registry again.

These tests run outside a test transaction (`transactional_db`), as a web process does, so the
revision, not the always-refresh path used inside transactions, decides."""

import os
import subprocess
import sys

import pytest
from django.db import connection
from django.urls import reverse

from dedup.matching import SAME_FOLDED_NAME_SCORE, clear_cache, find_matches
from dedup.testing import org
from signatories.models import NameVariant, Organization
from statements.revision import current_revision

from .conftest import ROOT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def cold_index():
    clear_cache()
    yield
    clear_cache()


def best_for(name: str, organization: Organization):
    """The match for `organization` among the lookup's results, or None."""
    return next((m for m in find_matches(name, limit=10) if m.organization == organization), None)


def test_an_unchanged_registry_costs_one_query_per_lookup(django_assert_num_queries):
    karam = org("Karam Foundation")
    find_matches("Karam Foundation")  # builds the index
    with django_assert_num_queries(2):  # the revision, then the matched organisations
        [best] = find_matches("Karam Fondation", limit=1)
    assert best.organization == karam
    with django_assert_num_queries(1):  # the revision only: nothing matched, nothing loaded
        assert find_matches("Zzyzx Qwerty") == []


def test_a_variant_renamed_in_the_admin_is_found_under_its_new_spelling_at_once(admin_client):
    relief = org("Syria Relief", "Syria Releif")
    typo = NameVariant.objects.get(name="Syria Releif")
    assert best_for("Syria Releif", relief).score == SAME_FOLDED_NAME_SCORE  # index built
    revision = current_revision()

    response = admin_client.post(
        reverse("admin:signatories_namevariant_change", args=[typo.pk]),
        {"organization": relief.pk, "name": "Syrian Relief Association Aleppo"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert current_revision() > revision  # the admin save bumped it on commit

    renamed = best_for("Syrian Relief Association Aleppo", relief)
    assert renamed is not None and renamed.score == SAME_FOLDED_NAME_SCORE and renamed.certain
    old = best_for("Syria Releif", relief)
    # Still a likely match through "Syria Relief", but no longer the same name.
    assert old is not None and old.score < SAME_FOLDED_NAME_SCORE
    assert "same name, ignoring case and punctuation" not in old.reasons


def test_a_variant_deleted_in_the_admin_no_longer_matches(admin_client):
    ghiras = org("Ghiras Foundation", "Ghirass al-Nahda Youth")
    gone = NameVariant.objects.get(name="Ghirass al-Nahda Youth")
    assert best_for("Ghirass al-Nahda Youth", ghiras).score == SAME_FOLDED_NAME_SCORE

    response = admin_client.post(
        reverse("admin:signatories_namevariant_delete", args=[gone.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not NameVariant.objects.filter(pk=gone.pk).exists()

    left = best_for("Ghirass al-Nahda Youth", ghiras)
    assert left is None or left.score < SAME_FOLDED_NAME_SCORE


def test_a_merge_made_by_another_process_is_seen_by_the_next_lookup(on_postgres):
    """A merge through `call_command` in a fresh process (as `manage.py merge_organizations`
    runs on a server): this process's warm index must drop the merged record at once."""
    survivor = org("Women Now for Development")
    merged = org("Women Now For Developement")
    names = {m.organization for m in find_matches("Women Now for Development", limit=10)}
    assert names == {survivor, merged}  # the index is warm, both records active

    database = connection.settings_dict
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        f"call_command('merge_organizations', '{survivor.pk}', '{merged.pk}')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "registry.settings_test",
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
                f"{database['NAME']}"
            ),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    merged.refresh_from_db()
    assert merged.merged_into_id == survivor.pk

    matches = find_matches("Women Now For Developement", limit=10)
    assert [m.organization for m in matches] == [survivor]
    assert matches[0].score == SAME_FOLDED_NAME_SCORE  # the moved variant now names the survivor
