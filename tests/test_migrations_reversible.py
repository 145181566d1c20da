"""Migrations reverse to the schema they came from, on PostgreSQL, where our migrations run raw
SQL (search indexes, the generated search document) that Django's autodetector cannot check."""

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.postgres_only

OUR_APPS = ("signatories", "statements", "dedup")


def schema() -> dict[str, set]:
    """Every column (with type and generation expression) and index of the public schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, data_type, is_nullable, "
            "coalesce(generation_expression, '') "
            "FROM information_schema.columns WHERE table_schema = 'public'"
        )
        columns = set(cursor.fetchall())
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
        indexes = set(cursor.fetchall())
    return {"columns": columns, "indexes": indexes}


def migrate(*target):
    call_command("migrate", *target, verbosity=0)


@pytest.fixture
def back_to_latest(on_postgres):
    """Whatever the test does, later tests find every migration applied."""
    yield
    migrate()


def test_statements_0003_reverses_to_the_0002_schema(back_to_latest):
    migrate("statements", "0001")
    migrate("statements", "0002")
    at_0002 = schema()
    migrate()
    latest = schema()
    assert ("statements_statement", "search_document") in {c[:2] for c in latest["columns"]}
    assert "statements_statement_fts" not in {name for name, _ in latest["indexes"]}

    migrate("statements", "0002")
    assert schema() == at_0002
    assert "statements_statement_fts" in {name for name, _ in at_0002["indexes"]}
    migrate()
    assert schema() == latest


def test_our_apps_reverse_to_nothing_and_back(back_to_latest):
    latest = schema()
    for app in OUR_APPS:
        migrate(app, "zero")
    ours = tuple(f"{app}_" for app in OUR_APPS)
    assert not [c for c in schema()["columns"] if c[0].startswith(ours)]
    migrate()
    assert schema() == latest
