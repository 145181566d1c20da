"""The merge service: what moves, the audit record, exact undo, refusals, decisions, clusters."""

import pytest
from django.contrib.auth.models import Group, User

from dedup.merging import (
    MergeError,
    approve_suggestion,
    approve_suggestions,
    defer_suggestion,
    merge_organizations,
    reject_suggestion,
    undo_merge,
)
from dedup.models import MergeRecord, MergeSuggestion
from dedup.suggesting import suggest_for_organizations
from dedup.testing import org, statement
from signatories.models import NameVariant, Organization
from signatories.registry import resolve_organizations
from statements.models import Signature, Statement

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything a merge may touch, to compare before and after undo."""
    return {
        "signatures": sorted(Signature.objects.values_list("pk", "organization_id")),
        "variants": sorted(NameVariant.objects.values_list("pk", "organization_id")),
        "organizations": sorted(Organization.objects.values_list("pk", "name", "merged_into_id")),
        "publishers": sorted(Statement.objects.values_list("pk", "publisher_id")),
        "suggestions": sorted(
            MergeSuggestion.objects.values_list("pk", "status", "decided_by_id", "decided_at")
        ),
    }


@pytest.fixture
def reviewer():
    user = User.objects.create_user("reviewer", password="x")
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.fixture
def karam():
    a = org("Karam foundation")
    b = org("Karam Foundation, NFP", "KARAM FOUNDATION NFP")
    other = org("Syria Relief")
    statement("First", a, other)
    statement("Second", b, publisher=b)
    return a, b


def test_reviewers_group_holds_the_decide_permission(reviewer):
    assert reviewer.has_perm("dedup.decide_merge")


def test_merge_moves_signatures_variants_and_publications_and_records_them(karam, reviewer):
    a, b = karam
    b_signatures = set(b.signatures.values_list("pk", flat=True))
    b_variants = set(b.variants.values_list("pk", flat=True))

    record = merge_organizations(a, b, user=reviewer, display_name="Karam Foundation, NFP")

    b.refresh_from_db()
    a.refresh_from_db()
    assert b.merged_into == a and Organization.objects.survivor_of(b) == a
    assert a.name == "Karam Foundation, NFP"
    assert set(record.signature_ids) == b_signatures
    assert set(record.variant_ids) == b_variants
    assert record.published_statement_ids == [Statement.objects.get(title="Second").pk]
    assert not b.signatures.exists() and not b.variants.exists()
    assert Statement.objects.get(title="Second").publisher == a
    assert record.decided_by == reviewer and record.previous_display_name == "Karam foundation"
    assert record.display_name == "Karam Foundation, NFP"
    assert MergeRecord.objects.active().get() == record


def test_after_a_merge_imports_resolve_the_merged_spelling_to_the_survivor(karam):
    a, b = karam
    merge_organizations(a, b)
    mapping, created = resolve_organizations(["KARAM FOUNDATION NFP", "karam foundation, nfp"])
    assert created == []
    assert {o.pk for o in mapping.values()} == {a.pk}


def test_undo_restores_the_state_before_the_merge_exactly(karam, reviewer):
    a, b = karam
    suggest_for_organizations([a, b])
    suggestion = MergeSuggestion.objects.for_pair(a, b).get()
    before = snapshot()

    record = approve_suggestion(suggestion, user=reviewer, display_name="Karam Foundation, NFP")
    assert MergeSuggestion.objects.get(pk=suggestion.pk).status == MergeSuggestion.Status.APPROVED
    assert snapshot() != before

    undo_merge(record, user=reviewer)
    assert snapshot() == before
    record.refresh_from_db()
    assert record.undone_at is not None and record.undone_by == reviewer
    assert MergeRecord.objects.undone().get() == record


def test_undo_restores_an_earlier_decision_on_the_suggestion(karam, reviewer):
    a, b = karam
    suggest_for_organizations([a, b])
    suggestion = MergeSuggestion.objects.for_pair(a, b).get()
    defer_suggestion(suggestion, user=reviewer)
    before = snapshot()
    other = User.objects.create_user("second", password="x")
    record = approve_suggestion(MergeSuggestion.objects.get(pk=suggestion.pk), user=other)
    undo_merge(record, user=other)
    assert snapshot() == before
    restored = MergeSuggestion.objects.get(pk=suggestion.pk)
    assert restored.status == "deferred" and restored.decided_by == reviewer


def test_refusals_are_clear_and_change_nothing(karam):
    a, b = karam
    before = snapshot()
    with pytest.raises(MergeError, match="into itself"):
        merge_organizations(a, a)
    with pytest.raises(MergeError, match="not one of the names"):
        merge_organizations(a, b, display_name="Something Else")
    assert snapshot() == before

    c = org("Karam Charity")
    merge_organizations(a, b)
    with pytest.raises(MergeError, match="already merged into"):
        merge_organizations(c, b)
    with pytest.raises(MergeError, match="merge into that one instead"):
        merge_organizations(b, c)


def test_undo_is_refused_while_a_later_merge_depends_on_it(karam):
    a, b = karam
    c = org("Karam Relief")
    first = merge_organizations(a, b)
    second = merge_organizations(c, a)  # the survivor of the first merge is merged away
    with pytest.raises(MergeError, match=f"undo merge {second.pk} first"):
        undo_merge(first)
    undo_merge(second)
    undo_merge(first)
    with pytest.raises(MergeError, match="already been undone"):
        undo_merge(first)
    assert not Organization.objects.merged().exists()


def test_no_cycle_merging_back_and_forth(karam):
    a, b = karam
    merge_organizations(a, b)
    with pytest.raises(MergeError):
        merge_organizations(b, a)
    a.refresh_from_db()
    assert a.merged_into_id is None


def test_rejected_pair_is_never_suggested_again_even_after_another_merge(reviewer):
    a = org("Syrian Expatriate Medical Association (SEMA)")
    b = org("Syrian Expatriates MEDICAL Association (SEMA)")
    suggest_for_organizations([a, b])
    suggestion = MergeSuggestion.objects.for_pair(a, b).get()
    reject_suggestion(suggestion, user=reviewer)
    assert suggestion.status == MergeSuggestion.Status.REJECTED
    assert suggest_for_organizations([a, b]) == []

    # b absorbs a third record carrying a's exact spelling: a ~ b is still ruled out.
    c = org("Syrian Expatriate Medical Association SEMA")
    merge_organizations(b, c)
    assert suggest_for_organizations([a, b]) == []
    assert not MergeSuggestion.objects.pending().exists()

    # and if b is merged into d, a ~ d is ruled out too (a is not b, b is d).
    d = org("Syrian Expatriate Medical Assoc. (SEMA)")
    merge_organizations(d, b)
    assert suggest_for_organizations([a, d]) == []


def test_suggestions_sharing_an_organisation_form_one_cluster(reviewer):
    a = org("Lawyers & Doctors for Human Rights")
    b = org("Lawyers and doctors for Human Rights – LDHR")
    c = org("Lawyers and Doctors for Human Rights (LDHR)")
    lone = [org("Karam foundation"), org("Karam Foundation, NFP")]
    suggest_for_organizations([a, b, c, *lone])
    clusters = {
        frozenset((s.organization_a_id, s.organization_b_id)): s.cluster
        for s in MergeSuggestion.objects.pending()
    }
    abc = {clusters[frozenset(p)] for p in ((a.pk, b.pk), (a.pk, c.pk), (b.pk, c.pk))}
    assert abc == {a.pk}
    assert clusters[frozenset(o.pk for o in lone)] == lone[0].pk
    assert MergeSuggestion.objects.in_cluster(a.pk).count() == 3

    defer_suggestion(MergeSuggestion.objects.for_pair(a, b).get(), user=reviewer)
    deferred = MergeSuggestion.objects.for_pair(a, b).get()
    assert deferred.status == "deferred" and deferred.decided_by == reviewer
    assert deferred.decided_at is not None


def test_merging_a_pair_with_a_pending_suggestion_marks_it_approved_and_hides_stale_ones():
    a = org("Binna for Development")
    b = org("BINAA for Development")
    c = org("Binaa for Development")
    suggest_for_organizations([a, b, c])
    merge_organizations(a, b)
    assert MergeSuggestion.objects.for_pair(a, b).get().status == "approved"
    pending = MergeSuggestion.objects.pending()
    assert all(b.pk not in (s.organization_a_id, s.organization_b_id) for s in pending)
    assert MergeSuggestion.objects.for_pair(a, c).get().status == "pending"


def test_signing_one_statement_lowers_the_score_and_says_so():
    from dedup.suggesting import score_organizations

    a, b = org("Syria Relief"), org("Syria Relief Organization")
    alone = score_organizations(a, b).score
    statement("2016", a, b)
    together = score_organizations(a, b)
    assert together.score < alone
    assert any("both signed" in reason for reason in together.reasons)


def test_a_name_repeated_in_one_list_is_not_evidence():
    from dedup.suggesting import score_organizations

    a, b = org("Karam foundation"), org("Karam Foundation, NFP")
    made = statement("One list", a)
    Signature.objects.create(
        statement=made, organization=b, name_as_printed=b.name, position=2, is_repeated=True
    )
    result = score_organizations(a, b)
    assert not any("both signed" in reason for reason in result.reasons)


def test_a_whole_cluster_is_settled_at_once_and_undone_merge_by_merge(reviewer):
    a = org("Lawyers & Doctors for Human Rights")
    b = org("Lawyers and doctors for Human Rights – LDHR")
    c = org("Lawyers and Doctors for Human Rights (LDHR)")
    for made in (a, b, c):
        statement(f"Signed by {made.name}", made)
    suggest_for_organizations([a, b, c])
    cluster = list(MergeSuggestion.objects.open().in_cluster(a.pk))
    assert len(cluster) == 3  # every pair of the three
    before = snapshot()
    records = approve_suggestions(
        cluster, reviewer, survivor=b, display_name="Lawyers and doctors for Human Rights – LDHR"
    )
    assert {r.merged_id for r in records} == {a.pk, c.pk}
    assert {r.survivor_id for r in records} == {b.pk}
    assert Signature.objects.filter(organization=b).count() == 3
    assert Organization.objects.get(pk=b.pk).name == "Lawyers and doctors for Human Rights – LDHR"
    assert not MergeSuggestion.objects.open().exists()
    assert set(MergeSuggestion.objects.values_list("status", flat=True)) == {"approved"}
    for record in reversed(records):
        undo_merge(record, user=reviewer)
    assert snapshot() == before
    with pytest.raises(MergeError, match="not part of these suggestions"):
        approve_suggestions(cluster, reviewer, survivor=org("Unrelated"))


def chain():
    """A ~ B and B ~ C confirmed, A ~ C never suggested: the chain bulk approve must settle."""
    a, b, c = org("Horrya Press"), org("Horrya Press Office"), org("Horrya Pres")
    MergeSuggestion.objects.all().delete()
    first = MergeSuggestion.objects.create(organization_a=a, organization_b=b, score=90.0)
    second = MergeSuggestion.objects.create(organization_a=b, organization_b=c, score=85.0)
    return (a, b, c), (first, second)


def test_approving_a_chain_approves_every_suggestion_and_names_it_in_its_merge(reviewer):
    (a, b, c), suggestions = chain()
    records = approve_suggestions(suggestions, reviewer)
    assert [(r.survivor_id, r.merged_id) for r in records] == [(a.pk, b.pk), (a.pk, c.pk)]
    assert [r.suggestion_id for r in records] == [s.pk for s in suggestions]
    assert [MergeSuggestion.objects.get(pk=s.pk).status for s in suggestions] == [
        "approved",
        "approved",
    ]
    assert set(Organization.objects.filter(pk__in=[a.pk, b.pk, c.pk]).survivor_ids().values()) == {
        a.pk
    }
    # Undone in reverse order, each suggestion goes back to pending with its merge.
    for record in reversed(records):
        undo_merge(record, user=reviewer)
    assert set(MergeSuggestion.objects.values_list("status", flat=True)) == {"pending"}
    assert not Organization.objects.merged().exists()


def test_a_suggestion_already_settled_by_the_batch_is_approved_without_a_merge(reviewer):
    (a, b, c), (first, second) = chain()
    third = MergeSuggestion.objects.create(organization_a=a, organization_b=c, score=80.0)
    records = approve_suggestions([third, second, first], reviewer)
    assert len(records) == 2  # A ~ C was settled by the two merges before it
    assert {r.suggestion_id for r in records} == {first.pk, second.pk}
    assert set(MergeSuggestion.objects.values_list("status", flat=True)) == {"approved"}


def test_a_refused_merge_in_a_batch_merges_nothing(reviewer):
    (a, b, _c), (first, second) = chain()
    MergeSuggestion.objects.filter(pk=second.pk).update(status="approved")
    with pytest.raises(MergeError, match="already been approved"):
        approve_suggestions([first, second], reviewer)
    assert not Organization.objects.filter(pk__in=[a.pk, b.pk]).merged().exists()
    assert MergeSuggestion.objects.get(pk=first.pk).status == "pending"


def test_approve_with_the_other_survivor_and_decisions_that_cannot_be_taken(karam, reviewer):
    a, b = karam
    suggest_for_organizations([a, b])
    suggestion = MergeSuggestion.objects.for_pair(a, b).get()
    with pytest.raises(MergeError, match="must be one of the two"):
        approve_suggestion(suggestion, user=reviewer, survivor=org("Someone Else"))
    record = approve_suggestion(suggestion, user=reviewer, survivor=b)
    assert (record.survivor_id, record.merged_id) == (b.pk, a.pk)
    with pytest.raises(MergeError, match="undo the merge instead"):
        reject_suggestion(suggestion, user=reviewer)
    with pytest.raises(MergeError, match="already been approved"):
        approve_suggestion(MergeSuggestion.objects.get(pk=suggestion.pk), user=reviewer)


def test_merges_into_one_survivor_can_be_undone_in_any_order():
    a = org("Binna for Development")
    b = org("BINAA for Development")
    c = org("Binaa Development Organisation")
    first = merge_organizations(a, b, display_name="BINAA for Development")
    second = merge_organizations(a, c)  # keeps the name the first merge chose
    undo_merge(first)
    a.refresh_from_db()
    assert a.name == "Binna for Development"  # b's name went back with b
    undo_merge(second)
    a.refresh_from_db()
    assert a.name == "Binna for Development"
    assert set(a.variants.values_list("name", flat=True)) == {"Binna for Development"}
    assert not Organization.objects.merged().exists()


def test_merge_chains_are_followed_to_the_active_record(django_assert_num_queries):
    a, b, c, d = (org(f"Chain record {n}") for n in "ABCD")
    merge_organizations(c, d)
    merge_organizations(b, c)  # d still points to c, c to b
    merge_organizations(a, b)
    everyone = Organization.objects.filter(pk__in=[a.pk, b.pk, c.pk, d.pk])
    with django_assert_num_queries(1):  # the chain's records are all in the first read
        assert everyone.survivor_ids() == dict.fromkeys([a.pk, b.pk, c.pk, d.pk], a.pk)
    with django_assert_num_queries(4):  # d, then one read per link: c, b, a
        assert Organization.objects.filter(pk=d.pk).survivor_ids() == {d.pk: a.pk}
    assert Organization.objects.survivor_of(d) == a
    assert Organization.objects.survivor_of(a.pk) == a
