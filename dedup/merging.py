"""The one merge service: admin, commands and tests all merge, undo and decide through here.

A merge moves signatures, name variants and published statements from `merged` to `survivor`
in one transaction and keeps `merged` as a record pointing to the survivor (old URLs redirect).
The MergeRecord lists exactly what moved, so `undo_merge` puts everything back.

Concurrency: both organisation rows are locked in primary-key order (SELECT ... FOR UPDATE) and
re-read after locking, so two reviewers merging overlapping pairs at once serialise: the second
sees the first's result and gets a MergeError instead of losing signatures or making a cycle.
"""

from datetime import datetime

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
        if survivor.kind != merged.kind:  # a person is never merged with an organisation
            raise MergeError(
                f"{_label(merged)} is {merged.get_kind_display().lower()} and {_label(survivor)} "
                f"is {survivor.get_kind_display().lower()}: records of different kinds never merge"
            )

        # A suggestion names the pair, or records merged into them since (a chain A ~ B, B ~ C).
        if suggestion is None:
            suggestion = MergeSuggestion.objects.for_pair(survivor_id, merged_id).first()
        elif _ends_of(suggestion) != {survivor_id, merged_id}:
            raise MergeError("the suggestion is about a different pair of organisations")

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
        for settled in record.settled_suggestions:
            MergeSuggestion.objects.filter(pk=settled["id"]).update(
                status=settled["status"],
                decided_by=settled["decided_by"],
                decided_at=settled["decided_at"] and datetime.fromisoformat(settled["decided_at"]),
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


def approve_suggestions(suggestions, reviewer, survivor=None, display_name=None):
    """Approve several suggestions at once (the bulk action, a whole cluster): one transaction,
    all or nothing, highest score first. Returns the MergeRecords made.

    Each suggestion merges the records its two sides now end in (an earlier merge of the batch
    may have absorbed one side: in "A ~ B, B ~ C" the second merges C into the record B went
    to), and its MergeRecord names it. A suggestion whose sides already ended in one record is
    approved without a merge. The survivor is `survivor` when given (every suggestion must then
    link to it, directly or through the others), otherwise the older record of each pair.
    `display_name`, one of the merged records' names, names the survivor in the last merge (so
    undoing that merge restores the previous name)."""
    with transaction.atomic():
        waiting = list(
            MergeSuggestion.objects.select_for_update()
            .filter(pk__in=[_pk(s) for s in suggestions])
            .highest_first()
        )
        sides = {o for s in waiting for o in (s.organization_a_id, s.organization_b_id)}
        ends = Organization.objects.filter(pk__in=sides).survivor_ids()  # kept up to date below

        def ends_of(suggestion: MergeSuggestion) -> set[int]:
            return {ends[suggestion.organization_a_id], ends[suggestion.organization_b_id]}

        survivor_id = None if survivor is None else _pk(survivor)
        if survivor_id is not None and survivor_id not in set(ends.values()):
            raise MergeError(f"organisation {survivor_id} is not part of these suggestions")
        records = []
        joined_by: dict[int, MergeRecord] = {}  # suggestion id -> the merge that joined its sides
        while waiting:
            suggestion = next(
                (s for s in waiting if survivor_id is None or survivor_id in ends_of(s)), None
            )
            if suggestion is None:
                raise MergeError(
                    f"{waiting[0]}: not linked to organisation {survivor_id} by these suggestions"
                )
            waiting.remove(suggestion)
            if suggestion.status == MergeSuggestion.Status.APPROVED:
                raise MergeError(f"{suggestion}: this suggestion has already been approved")
            pair = ends_of(suggestion)
            if len(pair) == 1:  # already one record through an earlier merge of the batch
                _settle_by_merge(suggestion, joined_by.get(suggestion.pk), reviewer)
                continue
            keep = survivor_id if survivor_id in pair else min(pair)
            [gone] = pair - {keep}
            try:
                record = merge_organizations(keep, gone, user=reviewer, suggestion=suggestion)
            except MergeError as error:
                raise MergeError(f"{suggestion}: {error}") from None
            records.append(record)
            ends.update({org_id: keep for org_id, end in ends.items() if end == gone})
            for other in waiting:
                if other.pk not in joined_by and len(ends_of(other)) == 1:
                    joined_by[other.pk] = record
        if display_name is not None and records:
            _rename(records[-1], display_name)
    return records


def _settle_by_merge(suggestion, record: MergeRecord | None, reviewer) -> None:
    """Approve a suggestion whose two records a merge of the batch joined; that merge keeps its
    previous decision, so undoing it puts the suggestion back too."""
    if record is not None:
        record.settled_suggestions.append(
            {
                "id": suggestion.pk,
                "status": suggestion.status,
                "decided_by": suggestion.decided_by_id,
                "decided_at": suggestion.decided_at and suggestion.decided_at.isoformat(),
            }
        )
        record.save(update_fields=["settled_suggestions"])
    _decide(suggestion, MergeSuggestion.Status.APPROVED, reviewer)


def _ends_of(suggestion: MergeSuggestion) -> set[int]:
    """The active records the two sides of a suggestion end in now."""
    ids = [suggestion.organization_a_id, suggestion.organization_b_id]
    return set(Organization.objects.filter(pk__in=ids).survivor_ids().values())


def _rename(record: MergeRecord, display_name: str) -> None:
    """Name the survivor after several merges; recorded on the last merge so undo restores it."""
    survivor = _lock(record.survivor_id)[record.survivor_id]
    names = set(
        NameVariant.objects.filter(organization_id=survivor.pk).values_list("name", flat=True)
    )
    if display_name not in names | {survivor.name}:
        raise MergeError(f"display name {display_name!r} is not one of the merged records' names")
    survivor.name = display_name
    survivor.save(update_fields=["name", "updated_at"])
    record.display_name = display_name
    record.save(update_fields=["display_name"])
