"""The one merge service: admin, commands and tests all merge, undo and decide through here.

A merge moves signatures, name variants and published statements from `merged` to `survivor`
in one transaction and keeps `merged` as a record pointing to the survivor (old URLs redirect).
The MergeRecord lists exactly what moved, so `undo_merge` puts everything back.

Concurrency: both organisation rows are locked in primary-key order (SELECT ... FOR UPDATE) and
re-read after locking, so two reviewers merging overlapping pairs at once serialise: the second
sees the first's result and gets a MergeError instead of losing signatures or making a cycle.
"""

from django.db import transaction
from django.utils import timezone

from signatories.models import NameVariant, Organization
from statements.models import Signature, Statement
from statements.revision import bump_revision_on_commit

from .models import MergeRecord, MergeSuggestion


class MergeError(Exception):
    """A merge or undo that cannot be done; the message says why and what to do instead."""


def _pk(value) -> int:
    return value if isinstance(value, int) else value.pk


def _lock(*ids: int) -> dict[int, Organization]:
    """Lock organisation rows in a fixed (ascending id) order and return their current state."""
    rows = {
        org.pk: org
        for org in Organization.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
    for pk in ids:
        if pk not in rows:
            raise MergeError(f"organisation {pk} does not exist")
    return rows


def _label(org: Organization) -> str:
    return f"“{org.name}” (id {org.pk})"


def merge_organizations(
    survivor, merged, *, user=None, display_name=None, suggestion=None
) -> MergeRecord:
    """Merge `merged` into `survivor` (B into A): one transaction, fully recorded."""
    survivor_id, merged_id = _pk(survivor), _pk(merged)
    if survivor_id == merged_id:
        raise MergeError("cannot merge an organisation into itself")
    with transaction.atomic():
        rows = _lock(survivor_id, merged_id)
        survivor, merged = rows[survivor_id], rows[merged_id]
        if merged.merged_into_id is not None:
            raise MergeError(
                f"{_label(merged)} is already merged into organisation {merged.merged_into_id}"
            )
        if survivor.merged_into_id is not None:
            raise MergeError(
                f"{_label(survivor)} is already merged into organisation "
                f"{survivor.merged_into_id}; merge into that one instead"
            )

        names = set(
            NameVariant.objects.filter(organization_id__in=[survivor_id, merged_id]).values_list(
                "name", flat=True
            )
        ) | {survivor.name, merged.name}
        previous_name = survivor.name
        new_name = previous_name if display_name is None else display_name
        if new_name not in names:
            raise MergeError(
                f"display name {new_name!r} is not one of the names of the two organisations"
            )

        signature_ids = list(
            Signature.objects.filter(organization_id=merged_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        variant_ids = list(
            NameVariant.objects.filter(organization_id=merged_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        statement_ids = list(
            Statement.objects.filter(publisher_id=merged_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Signature.objects.filter(pk__in=signature_ids).update(organization_id=survivor_id)
        NameVariant.objects.filter(pk__in=variant_ids).update(organization_id=survivor_id)
        Statement.objects.filter(pk__in=statement_ids).update(publisher_id=survivor_id)

        merged.merged_into_id = survivor_id
        merged.save(update_fields=["merged_into", "updated_at"])
        survivor.name = new_name
        survivor.save(update_fields=["name", "updated_at"])

        if suggestion is None:
            suggestion = MergeSuggestion.objects.for_pair(survivor_id, merged_id).first()
        elif {suggestion.organization_a_id, suggestion.organization_b_id} != {
            survivor_id,
            merged_id,
        }:
            raise MergeError("the suggestion is about a different pair of organisations")
        previous_status, previous_by, previous_at = "", None, None
        if suggestion is not None:
            suggestion = MergeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
            previous_status = suggestion.status
            previous_by, previous_at = suggestion.decided_by_id, suggestion.decided_at
            _decide(suggestion, MergeSuggestion.Status.APPROVED, user)

        record = MergeRecord.objects.create(
            survivor_id=survivor_id,
            merged_id=merged_id,
            decided_by=user,
            previous_display_name=previous_name,
            display_name=new_name,
            signature_ids=signature_ids,
            variant_ids=variant_ids,
            published_statement_ids=statement_ids,
            suggestion=suggestion,
            previous_suggestion_status=previous_status,
            previous_suggestion_decided_by_id=previous_by,
            previous_suggestion_decided_at=previous_at,
        )
        # The survivor now carries more names: they may reveal further duplicates.
        from .suggesting import recluster, suggest_for_organizations

        created = suggest_for_organizations([survivor_id])
        record.created_suggestion_ids = [s.pk for s in created]
        record.save(update_fields=["created_suggestion_ids"])
        recluster()
        bump_revision_on_commit()
    return record


def undo_merge(record, *, user=None) -> None:
    """Put back exactly what `record` moved; refuse when later merges depend on it."""
    with transaction.atomic():
        record = MergeRecord.objects.select_for_update().get(pk=_pk(record))
        if record.undone_at is not None:
            raise MergeError(f"merge {record.pk} has already been undone")
        rows = _lock(record.survivor_id, record.merged_id)
        survivor, merged = rows[record.survivor_id], rows[record.merged_id]
        if merged.merged_into_id != survivor.pk:
            raise MergeError(f"{_label(merged)} no longer points to {_label(survivor)}")
        if survivor.merged_into_id is not None:
            later = MergeRecord.objects.active().filter(merged=survivor).first()
            hint = f" (undo merge {later.pk} first)" if later else ""
            raise MergeError(
                f"{_label(survivor)} was itself merged into organisation "
                f"{survivor.merged_into_id} after this merge{hint}"
            )
        moved_variants = set(record.variant_ids)

        signatures = Signature.objects.filter(pk__in=record.signature_ids)
        if signatures.exclude(organization_id=survivor.pk).exists():
            raise MergeError("signatures of this merge have moved since; undo later merges first")
        variants = NameVariant.objects.filter(pk__in=moved_variants)
        if variants.exclude(organization_id=survivor.pk).exists():
            raise MergeError("some name variants of this merge have moved since")

        leaving = set(variants.values_list("name", flat=True))
        signatures.update(organization_id=merged.pk)
        variants.update(organization_id=merged.pk)
        Statement.objects.filter(
            pk__in=record.published_statement_ids, publisher_id=survivor.pk
        ).update(publisher_id=merged.pk)
        merged.merged_into_id = None
        merged.save(update_fields=["merged_into", "updated_at"])
        # The name this merge chose goes back; a name picked by a later merge stays, unless
        # it is one of the names now going back to the merged record.
        if survivor.name == record.display_name or survivor.name in leaving:
            survivor.name = record.previous_display_name
        survivor.save(update_fields=["name", "updated_at"])

        if record.suggestion_id and record.previous_suggestion_status:
            MergeSuggestion.objects.filter(pk=record.suggestion_id).update(
                status=record.previous_suggestion_status,
                decided_by=record.previous_suggestion_decided_by_id,
                decided_at=record.previous_suggestion_decided_at,
                updated_at=timezone.now(),
            )
        MergeSuggestion.objects.filter(
            pk__in=record.created_suggestion_ids, status=MergeSuggestion.Status.PENDING
        ).delete()
        record.undone_at = timezone.now()
        record.undone_by = user
        record.save(update_fields=["undone_at", "undone_by"])
        from .suggesting import recluster

        recluster()
        bump_revision_on_commit()


def _decide(suggestion: MergeSuggestion, status: str, user) -> None:
    suggestion.status = status
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])


def approve_suggestion(suggestion, *, user, survivor=None, display_name=None) -> MergeRecord:
    """Merge the pair of a suggestion; the survivor defaults to organisation_a (the older)."""
    if survivor is None:
        survivor_id, merged_id = suggestion.organization_a_id, suggestion.organization_b_id
    else:
        survivor_id = _pk(survivor)
        if survivor_id not in (suggestion.organization_a_id, suggestion.organization_b_id):
            raise MergeError("the survivor must be one of the two organisations of the suggestion")
        merged_id = (
            suggestion.organization_b_id
            if survivor_id == suggestion.organization_a_id
            else suggestion.organization_a_id
        )
    if suggestion.status == MergeSuggestion.Status.APPROVED:
        raise MergeError("this suggestion has already been approved")
    return merge_organizations(
        survivor_id, merged_id, user=user, display_name=display_name, suggestion=suggestion
    )


def reject_suggestion(suggestion, *, user) -> None:
    """Not the same organisation: the pair (and whatever either side is later merged with)
    is never suggested again."""
    _settle(suggestion, MergeSuggestion.Status.REJECTED, user)


def defer_suggestion(suggestion, *, user) -> None:
    _settle(suggestion, MergeSuggestion.Status.DEFERRED, user)


def _settle(suggestion, status, user) -> None:
    with transaction.atomic():
        current = MergeSuggestion.objects.select_for_update().get(pk=_pk(suggestion))
        if current.status == MergeSuggestion.Status.APPROVED:
            raise MergeError("this suggestion was approved (merged); undo the merge instead")
        _decide(current, status, user)
        from .suggesting import recluster

        recluster()
    if not isinstance(suggestion, int):
        suggestion.status, suggestion.decided_by, suggestion.decided_at = (
            current.status,
            current.decided_by,
            current.decided_at,
        )


def approve_cluster(cluster, *, user, survivor, display_name=None) -> list[MergeRecord]:
    """Settle "A ~ B ~ C" at once: merge every other organisation of the cluster's open
    suggestions into `survivor`, in one transaction (all or nothing)."""
    survivor_id = _pk(survivor)
    with transaction.atomic():
        suggestions = list(MergeSuggestion.objects.open().in_cluster(cluster))
        members = {s.organization_a_id for s in suggestions} | {
            s.organization_b_id for s in suggestions
        }
        if survivor_id not in members:
            raise MergeError(f"organisation {survivor_id} is not part of cluster {cluster}")
        records = []
        for merged_id in sorted(members - {survivor_id}):
            records.append(merge_organizations(survivor_id, merged_id, user=user))
        if display_name is not None and records:
            _rename(survivor_id, records[-1], display_name)
    return records


def _rename(survivor_id: int, record: MergeRecord, display_name: str) -> None:
    """Pick the display name after a cluster merge; recorded on the last merge so undo
    restores it."""
    survivor = _lock(survivor_id)[survivor_id]
    names = set(
        NameVariant.objects.filter(organization_id=survivor_id).values_list("name", flat=True)
    )
    if display_name not in names | {survivor.name}:
        raise MergeError(f"display name {display_name!r} is not one of the cluster's names")
    survivor.name = display_name
    survivor.save(update_fields=["name", "updated_at"])
    record.display_name = display_name
    record.save(update_fields=["display_name"])
