"""Merge suggestions (the reviewers' queue) and merge records (the audit trail that undo reads)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from signatories.models import Organization


class MergeSuggestionQuerySet(models.QuerySet):
    def pending(self):
        """Undecided suggestions whose two records are both still active."""
        return self.filter(
            status=MergeSuggestion.Status.PENDING,
            organization_a__merged_into__isnull=True,
            organization_b__merged_into__isnull=True,
        )

    def open(self):
        """Pending or deferred, both records still active: what clusters are built from."""
        return self.filter(
            status__in=[MergeSuggestion.Status.PENDING, MergeSuggestion.Status.DEFERRED],
            organization_a__merged_into__isnull=True,
            organization_b__merged_into__isnull=True,
        )

    def highest_first(self):
        return self.order_by("-score", "cluster", "pk")

    def in_cluster(self, cluster):
        return self.filter(cluster=cluster)

    def for_pair(self, first, second):
        a_id, b_id = sorted((_pk(first), _pk(second)))
        return self.filter(organization_a_id=a_id, organization_b_id=b_id)

    def with_organizations(self):
        return self.select_related("organization_a", "organization_b", "decided_by")


def _pk(value) -> int:
    return value if isinstance(value, int) else value.pk


class MergeSuggestion(models.Model):
    """Two active records that may be one organisation; stored with organization_a.pk < b.pk."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        DEFERRED = "deferred", "Deferred"

    organization_a = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="merge_suggestions_as_a"
    )
    organization_b = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="merge_suggestions_as_b"
    )
    score = models.FloatField(help_text="0–100; higher means more likely the same organisation.")
    reasons = models.JSONField(default=list, blank=True, help_text="Human-readable evidence.")
    signed_same_statement = models.BooleanField(
        default=False,
        help_text="Both records signed one statement as separate signatories: likely different.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    cluster = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Shared by open suggestions linked through a common organisation "
        "(the smallest organisation id in the group).",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MergeSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "pk"]
        permissions = [("decide_merge", "Can decide merge suggestions")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization_a", "organization_b"], name="merge_suggestion_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(organization_a__lt=F("organization_b")),
                name="merge_suggestion_ordered_pair",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="merge_suggestion_score_range"
            ),
        ]
        indexes = [models.Index(fields=["status", "-score"])]

    def __str__(self):
        return f"{self.organization_a} ~ {self.organization_b} ({self.score:.0f})"


class MergeRecordQuerySet(models.QuerySet):
    def active(self):
        return self.filter(undone_at__isnull=True)

    def undone(self):
        return self.filter(undone_at__isnull=False)

    def newest_first(self):
        return self.order_by("-created_at", "-pk")


class MergeRecord(models.Model):
    """What one merge changed, exactly, so it can be audited and undone."""

    survivor = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="merges_received"
    )
    merged = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="merges_done")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    previous_display_name = models.CharField(max_length=300)
    display_name = models.CharField(max_length=300)
    signature_ids = models.JSONField(default=list, help_text="Signatures moved to the survivor.")
    variant_ids = models.JSONField(default=list, help_text="Name variants moved to the survivor.")
    published_statement_ids = models.JSONField(
        default=list, help_text="Statements whose publisher moved to the survivor."
    )
    suggestion = models.ForeignKey(
        MergeSuggestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="merges"
    )
    previous_suggestion_status = models.CharField(max_length=10, blank=True)
    previous_suggestion_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    previous_suggestion_decided_at = models.DateTimeField(null=True, blank=True)
    created_suggestion_ids = models.JSONField(
        default=list, help_text="Suggestions the merge raised for the survivor (removed on undo)."
    )
    settled_suggestions = models.JSONField(
        default=list,
        blank=True,
        help_text="Suggestions of the same batch approved because this merge joined their two "
        "records, with their previous decision (restored on undo).",
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MergeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(survivor=F("merged")), name="merge_record_distinct_sides"
            ),
            models.UniqueConstraint(
                fields=["merged"],
                condition=Q(undone_at__isnull=True),
                name="merge_record_one_active_per_merged",
            ),
        ]

    def __str__(self):
        return f"{self.merged_id} → {self.survivor_id}"
