"""Indexes for public search and the A–Z list.

pg_trgm GIN indexes serve `%>` (word similarity) and ILIKE on every spelling; they are created
on PostgreSQL only (SQLite searches without them). They are not part of the model state, so
`makemigrations` sees no change.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TRIGRAM_INDEXES = [
    ("signatories_namevariant_name_trgm", "signatories_namevariant"),
    ("signatories_organization_name_trgm", "signatories_organization"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, table in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (name gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, _table in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):

    dependencies = [
        ("signatories", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
        # A–Z pages: ORDER BY name, id LIMIT … reads the index instead of sorting every row.
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS signatories_organization_name_id "
            "ON signatories_organization (name, id)",
            "DROP INDEX IF EXISTS signatories_organization_name_id",
        ),
    ]
