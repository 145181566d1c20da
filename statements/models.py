from django.db import models
from django.db.models import Count, Q

from signatories.models import Organization
from signatories.names import MAX_NAME_LENGTH


class StatementQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-created_at", "-pk")

    def with_counts(self):
        """Annotate printed signature lines and distinct signing organisations."""
        return self.annotate(
            printed_count=Count("signatures", distinct=True),
            distinct_count=Count("signatures__organization", distinct=True),
        )

    def signed_by(self, organization_ids):
        """Statements bearing a signature of any of these organisations."""
        return self.filter(
            pk__in=Signature.objects.filter(organization_id__in=organization_ids).values(
                "statement_id"
            )
        )


class Statement(models.Model):
    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    body = models.TextField(blank=True)
    published_on = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        blank=True,
        help_text="How much of the date is known.",
    )
    place = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    source_file = models.CharField(
        max_length=255, blank=True, help_text="File the statement was imported from."
    )
    language = models.CharField(max_length=20, blank=True)
    publisher = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="published_statements",
    )
    claimed_signatory_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Number of signatories the text itself claims."
    )
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of the imported content; same content, no change.",
    )
    unnamed_count = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Signatories the text counts without naming them ('and 14 other organisations').",
    )
    flags = models.JSONField(
        default=list, blank=True, help_text="What the reader was unsure of, e.g. 'title proposed'."
    )
    corrections = models.JSONField(
        default=list,
        blank=True,
        help_text="Staff corrections of the reading ({who, when, action, …}), applied again on "
        "re-import.",
    )
    source_format = models.CharField(
        max_length=20, blank=True, help_text="text, markdown, html, docx, pdf or csv."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_file"],
                condition=~Q(source_file=""),
                name="statement_unique_source_file",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="statement_title_not_empty"),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True, date_precision="")
                | Q(published_on__isnull=False) & ~Q(date_precision=""),
                name="statement_date_has_precision",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def date_display(self) -> str:
        """The date at the precision the source gives it."""
        if not self.published_on:
            return ""
        if self.date_precision == self.DatePrecision.YEAR:
            return f"{self.published_on.year}"
        if self.date_precision == self.DatePrecision.MONTH:
            return self.published_on.strftime("%B %Y")
        return f"{self.published_on.day} {self.published_on.strftime('%B %Y')}"

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class SignatureQuerySet(models.QuerySet):
    def in_printed_order(self):
        return self.select_related("organization").order_by("position")

    def counts_by_statement(self, statement_ids) -> dict[int, tuple[int, int]]:
        """statement id -> (printed lines, distinct organisations) for a page: one query."""
        rows = (
            self.filter(statement_id__in=statement_ids)
            .values("statement_id")
            .annotate(printed=Count("pk"), distinct=Count("organization_id", distinct=True))
            .order_by()
            .values_list("statement_id", "printed", "distinct")
        )
        return {pk: (printed, distinct) for pk, printed, distinct in rows}

    def co_signers(self, organization_ids, limit: int = 10):
        """[(organisation, statements signed together)], most first: one aggregate self-join
        grouped by id (cheaper than by name), then one query for the few names shown."""
        own = self.filter(organization_id__in=organization_ids).values("statement_id")
        top = list(
            self.filter(statement_id__in=own)
            .exclude(organization_id__in=organization_ids)
            .values("organization_id")
            .annotate(together=Count("statement_id", distinct=True))
            .order_by("-together", "organization_id")
            .values_list("organization_id", "together")[:limit]
        )
        names = Organization.objects.only("name", "slug").in_bulk([pk for pk, _n in top])
        return [(names[pk], together) for pk, together in top]


def attach_signature_counts(statements: list["Statement"]) -> list["Statement"]:
    """Set printed_count and distinct_count on one page of statements: one query for the page,
    never an annotation over the whole table."""
    counts = Signature.objects.counts_by_statement([s.pk for s in statements])
    for statement in statements:
        statement.printed_count, statement.distinct_count = counts.get(statement.pk, (0, 0))
    return statements


class Signature(models.Model):
    """One printed signatory line of a statement, kept exactly as printed, and what it means."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", "Organisation"
        PERSON = "person", "Person"

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="signatures")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="signatures"
    )
    name_as_printed = models.CharField(max_length=MAX_NAME_LENGTH)
    position = models.PositiveIntegerField(help_text="1-based position in the printed list.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORGANIZATION)
    person_name = models.CharField(
        max_length=MAX_NAME_LENGTH, blank=True, help_text="For a person: the name as printed."
    )
    affiliation = models.CharField(
        max_length=MAX_NAME_LENGTH,
        blank=True,
        help_text="For a person: the affiliation as printed ('Professor of Law, University of X').",
    )
    country = models.CharField(
        max_length=2,
        blank=True,
        help_text="ISO 3166-1 alpha-2 code, when the line states a country.",
    )
    source_line = models.PositiveIntegerField(
        null=True, blank=True, help_text="Line in the source file (paragraph in a DOCX file)."
    )
    source_page = models.PositiveIntegerField(
        null=True, blank=True, help_text="Page in the source file (PDF)."
    )
    is_repeated = models.BooleanField(
        default=False, help_text="The same name already appears earlier in this list."
    )
    looks_glued = models.BooleanField(
        default=False, help_text="Looks like two names run together, e.g. 'ReliefKaram'."
    )

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["statement", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "position"], name="signature_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="signature_position_positive"
            ),
            models.CheckConstraint(
                condition=~Q(name_as_printed=""), name="signature_name_not_empty"
            ),
        ]
        indexes = [models.Index(fields=["organization", "statement"])]

    def __str__(self):
        return self.name_as_printed

    @property
    def flags(self) -> list[str]:
        return [
            flag for flag, on in (("repeated", self.is_repeated), ("glued", self.looks_glued)) if on
        ]


class RegistryRevision(models.Model):
    """One row counting committed changes to the registry. Public page cache keys include it,
    so a change made by any process (a command, another app server) retires cached pages at once.
    """

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"registry revision {self.number}"

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("number", flat=True).first() or 0

    @classmethod
    def bump(cls) -> None:
        """Called after commit, in autocommit: holds no lock inside anyone's transaction."""
        if not cls.objects.filter(pk=1).update(number=models.F("number") + 1):
            cls.objects.get_or_create(pk=1, defaults={"number": 1})
