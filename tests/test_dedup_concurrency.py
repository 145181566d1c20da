"""Two reviewers merging overlapping pairs at the same moment, on PostgreSQL with two real
connections (Django gives each thread its own). Rows are locked in id order, so one merge waits
for the other and then refuses cleanly: no signature lost, no cycle."""

import threading

import pytest
from django.db import connection

from dedup.merging import MergeError, merge_organizations
from dedup.models import MergeRecord
from dedup.testing import org, statement
from signatories.models import Organization
from statements.models import Signature

pytestmark = pytest.mark.postgres_only


def race(*merges):
    """Run each (survivor, merged) merge in its own thread and connection, released together."""
    barrier = threading.Barrier(len(merges))
    outcomes: list = [None] * len(merges)

    def work(index, survivor, merged):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = merge_organizations(survivor, merged)
        except MergeError as error:
            outcomes[index] = error
        except Exception as error:  # noqa: BLE001 - reported to the test below
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(i, survivor, merged))
        for i, (survivor, merged) in enumerate(merges)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a merge hung"
    return outcomes


def assert_consistent(signature_count):
    assert Signature.objects.count() == signature_count
    for organization in Organization.objects.all():
        seen, current = {organization.pk}, organization
        while current.merged_into_id is not None:  # no cycle anywhere
            current = Organization.objects.get(pk=current.merged_into_id)
            assert current.pk not in seen
            seen.add(current.pk)
    # every signature sits on an active record
    assert not Signature.objects.filter(organization__merged_into__isnull=False).exists()


@pytest.fixture
def three(on_postgres):
    a, b, c = org("Karam foundation"), org("Karam Foundation, NFP"), org("Karam Foundation NFP")
    statement("One", a, b)
    statement("Two", b, c)
    statement("Three", a, c)
    return a, b, c


def test_opposite_merges_of_one_pair_one_wins_the_other_refuses(three):
    a, b, _c = three
    outcomes = race((a.pk, b.pk), (b.pk, a.pk))
    errors = [o for o in outcomes if isinstance(o, Exception)]
    records = [o for o in outcomes if isinstance(o, MergeRecord)]
    assert len(records) == 1 and len(errors) == 1, outcomes
    assert isinstance(errors[0], MergeError) and "already merged" in str(errors[0])
    assert_consistent(6)


def test_chained_merges_never_leave_signatures_on_a_merged_record(three):
    a, b, c = three
    outcomes = race((a.pk, b.pk), (b.pk, c.pk))
    records = [o for o in outcomes if isinstance(o, MergeRecord)]
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(e, MergeError) for e in errors), outcomes
    assert len(records) >= 1
    assert_consistent(6)


def test_many_overlapping_merges_at_once(on_postgres):
    organizations = [org(f"Binna for Development {n}") for n in range(4)]
    for left, right in zip(organizations, organizations[1:], strict=False):
        statement(f"{left.pk}-{right.pk}", left, right)
    ids = [o.pk for o in organizations]
    outcomes = race((ids[0], ids[1]), (ids[1], ids[2]), (ids[2], ids[3]), (ids[3], ids[0]))
    assert all(isinstance(o, MergeRecord | MergeError) for o in outcomes), outcomes
    assert_consistent(6)
