"""A spelling is unique per kind of record (organisation / individual), not across kinds."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_record_kind(apps, schema_editor):
    """Each existing spelling takes the kind of the record it belongs to."""
    NameVariant = apps.get_model("signatories", "NameVariant")
    Organization = apps.get_model("signatories", "Organization")
    NameVariant.objects.update(
        kind=Subquery(Organization.objects.filter(pk=OuterRef("organization_id")).values("kind"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("signatories", "0002_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="namevariant",
            name="kind",
            field=models.CharField(
                choices=[("organization", "Organisation"), ("individual", "Individual")],
                default="organization",
                max_length=20,
            ),
        ),
        migrations.RunPython(copy_record_kind, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="namevariant",
            name="name",
            field=models.CharField(max_length=300),
        ),
        migrations.AddConstraint(
            model_name="namevariant",
            constraint=models.UniqueConstraint(
                fields=("kind", "name"), name="variant_unique_kind_name"
            ),
        ),
    ]
