"""A stored, weighted full-text document per statement (PostgreSQL only).

`search_document` is a generated column (title weight A, body weight B) with a GIN index. It is
not a model field: PostgreSQL keeps it up to date on every insert and update, Django never reads
or writes it, and search queries it through `public.search`. Storing it matters when a
common word matches most statements: ranking then reads the stored vectors instead of parsing
every body again (265 ms -> a few ms on the 2,000-statement benchmark registry).
"""

from importlib import import_module

from django.db import migrations

# The index this migration replaces; reversing puts it back so 0002's schema is whole again.
search_indexes = import_module("statements.migrations.0002_search_indexes")

DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, COALESCE(body, '')), 'B')"
)


def add_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    search_indexes.drop_fts_index(apps, schema_editor)
    schema_editor.execute(
        "ALTER TABLE statements_statement ADD COLUMN IF NOT EXISTS search_document tsvector "
        f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS statements_statement_search_document "
        "ON statements_statement USING gin (search_document)"
    )


def drop_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Dropping the column drops its GIN index with it.
    schema_editor.execute("ALTER TABLE statements_statement DROP COLUMN IF EXISTS search_document")
    search_indexes.create_fts_index(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0002_search_indexes"),
    ]

    operations = [
        migrations.RunPython(add_document, drop_document),
    ]
