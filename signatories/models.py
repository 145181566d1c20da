from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Substr

from .names import MAX_NAME_LENGTH


class OrganizationQuerySet(models.QuerySet):
    def active(self):
        """Records that have not been merged into another one."""
        return self.filter(merged_into__isnull=True)

    def merged(self):
        return self.filter(merged_into__isnull=False)

    def survivor_ids(self) -> dict[int, int]:
        """Each record's id -> the id of the active record it ends in after following merges
        (its own id when active). The one way to follow merge chains: one query, plus one per
        further link of the longest chain."""
        links = dict(self.order_by().values_list("pk", "merged_into_id"))
        starts = list(links)
        asked = set(links)
        while missing := {t for t in links.values() if t is not None and t not in asked}:
            asked |= missing
            links.update(
                self.model._default_manager.filter(pk__in=missing)
                .order_by()
                .values_list("pk", "merged_into_id")
            )
        survivors = {}
        for start in starts:
            current, seen = start, {start}
            while links.get(current) is not None and links[current] not in seen:
                current = links[current]  # `seen`: a cycle (never made by the service) ends
                seen.add(current)
            survivors[start] = current
        return survivors

    def survivor_of(self, organization) -> "Organization":
        """The active record `organization` (a record or an id) ends in after following merges,
        as the database holds it now (an instance's own `merged_into` may be stale)."""
        pk = organization if isinstance(organization, int) else organization.pk
        survivor_id = self.model._default_manager.filter(pk=pk).survivor_ids().get(pk, pk)
        return self.model._default_manager.get(pk=survivor_id)

    def with_counts(self):
        """Annotate `statement_count` (statements signed) and `signature_count` (printed lines).

        The one read of "statements per organisation", for the public pages, the API and the
        admin export alike. A merge moves every signature of the merged record to the survivor
        (`dedup.merging`), so a record's own signatures already include what the records merged
        into it signed. Correlated subqueries: a page of rows counts only its own rows.
        """
        return self.annotate(
            statement_count=self._count_per_row(Count("signatures__statement", distinct=True)),
            signature_count=self._count_per_row(Count("signatures")),
        )

    def with_variant_count(self):
        """Annotate `variant_count`: the spellings recorded for each organisation."""
        return self.annotate(variant_count=self._count_per_row(Count("variants")))

    def _count_per_row(self, aggregate):
        per_row = (
            self.model.objects.filter(pk=OuterRef("pk"))
            .order_by()
            .values("pk")
            .annotate(n=aggregate)
            .values("n")
        )
        return Subquery(per_row, output_field=models.IntegerField())

    def initials(self):
        """Distinct first characters of display names, for letter navigation: one query."""
        return (
            self.annotate(initial=Substr("name", 1, 1))
            .order_by()
            .values_list("initial", flat=True)
            .distinct()
        )

    def matching_name(self, text: str):
        """Organisations whose display name or any printed variant contains `text`."""
        return self.filter(Q(name__icontains=text) | Q(variants__name__icontains=text)).distinct()


class Organization(models.Model):
    class Kind(models.TextChoices):
        ORGANIZATION = "organization", "Organisation"
        INDIVIDUAL = "individual", "Individual"

    name = models.CharField("display name", max_length=MAX_NAME_LENGTH)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        allow_unicode=True,
        help_text="Used in public URLs; never changes.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORGANIZATION)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
        help_text="Set when this record was merged into another; kept so old links can redirect.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "organisation"
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="organization_not_merged_into_itself"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="organization_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class NameVariant(models.Model):
    """A distinct spelling seen for an organisation. Where it was seen: signatures printed so.

    A spelling belongs to one record per kind: the registry's identity is (kind, fold key), so a
    person printed like an organisation's name never joins that organisation. `kind` repeats the
    record's kind so the database can hold that rule."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="variants"
    )
    name = models.CharField(max_length=MAX_NAME_LENGTH)
    kind = models.CharField(
        max_length=20, choices=Organization.Kind.choices, default=Organization.Kind.ORGANIZATION
    )
    fold_key = models.CharField(
        max_length=MAX_NAME_LENGTH, db_index=True, help_text="Case, punctuation, dashes folded."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="variant_name_not_empty"),
            models.UniqueConstraint(fields=["kind", "name"], name="variant_unique_kind_name"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.kind = self.organization.kind  # a spelling is of the kind of its record
        super().save(*args, **kwargs)
