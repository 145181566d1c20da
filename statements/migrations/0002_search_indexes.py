"""Full-text index for public statement search (PostgreSQL only; not in the model state).

Migration 0003 replaces this index by the stored `search_document` column that search queries
(`public/search.py`); it stays here so the history replays the same on every database.
"""

from django.db import migrations

FTS_INDEX = "statements_statement_fts"


def create_fts_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {FTS_INDEX} ON statements_statement USING gin ("
        "to_tsvector('simple'::regconfig, "
        "COALESCE(title, '') || ' ' || COALESCE(body, '')))"
    )


def drop_fts_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {FTS_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("statements", "0001_initial"),
        ("signatories", "0002_search_indexes"),
    ]

    operations = [
        migrations.RunPython(create_fts_index, drop_fts_index),
        # Newest-first lists and year filters.
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS statements_statement_published_on "
            "ON statements_statement (published_on)",
            "DROP INDEX IF EXISTS statements_statement_published_on",
        ),
    ]
