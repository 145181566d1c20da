import copy
import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NEEDS_POSTGRES = "needs PostgreSQL; CI runs this suite against PostgreSQL too"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres_only" not in item.keywords:
            continue
        if connection.vendor == "postgresql":
            item.add_marker(pytest.mark.django_db(transaction=True))
        else:  # skipped before any database set-up (and the flush a transactional test ends with)
            item.add_marker(pytest.mark.skip(reason=NEEDS_POSTGRES))


class MigrationData:
    """What migrations put in the test database (content types, permissions, the Reviewers
    group), saved once so that it can be put back after a transactional test: such a test ends
    with a flush that empties every table, and tests in any order after it expect that data."""

    def __init__(self, blocker):
        self.blocker = blocker
        with blocker.unblock():
            self.contents = connection.creation.serialize_db_to_string()
            self.models = {
                type(saved.object) for saved in serializers.deserialize("json", self.contents)
            }

    def restore(self):
        from django.contrib.contenttypes.models import ContentType

        with self.blocker.unblock(), transaction.atomic():
            # The flush's post_migrate re-created content types and permissions under new ids.
            for model in self.models:
                model._base_manager.all()._raw_delete(connection.alias)
            connection.creation.deserialize_db_from_string(self.contents)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(self.models)):
                    cursor.execute(sql)
        ContentType.objects.clear_cache()


migration_data: MigrationData | None = None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    global migration_data
    migration_data = MigrationData(django_db_blocker)


def flushes_database(item) -> bool:
    """Whether pytest-django runs this test outside a transaction and flushes after it."""
    names = getattr(item, "fixturenames", ())
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction", marker.args[:1] == (True,)))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield  # the test's fixtures are torn down here, the flush included
    # After the last test the session's fixtures are gone too: the test database is destroyed
    # and `connection` points at the real one again, which must not be touched.
    if nextitem is not None and migration_data is not None and flushes_database(item):
        migration_data.restore()
    return result


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached public page: the registry revision that keys the cache
    goes back with each test's rolled-back transaction, so an earlier test's page could match."""
    from django.core.cache import caches

    caches["public_pages"].clear()


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_POSTGRES)


class SeedSnapshot:
    """The rows the five seed imports write, captured once per session and written back into a
    test's own transaction: a few bulk INSERTs instead of parsing and resolving 278 names again
    for each of the ~170 tests that start from the seeds."""

    def __init__(self, reports, before: dict, after: dict):
        self.reports = reports
        self.before = before  # model -> its rows before the import (values), for the check
        self.after = after  # model -> every row of its table after the import, as instances

    @classmethod
    def capture(cls) -> "SeedSnapshot":
        """Import the seeds the way `make run` does, keep what changed, roll the import back.

        A session fixture is set up before any function fixture of the test that first needs
        it, so this runs on the database as every test starts, not inside a test."""
        from statements.importing import import_text_file

        models = apps.get_models(include_auto_created=True)
        with transaction.atomic():
            before = {model: table_values(model) for model in models}
            reports = [import_text_file(path) for path in sorted(SEEDS.glob("*.txt"))]
            assert [r.status for r in reports] == ["created"] * 5, [r.error for r in reports]
            after = {
                model: list(model._base_manager.order_by("pk"))
                for model in models
                if table_values(model) != before[model]
            }
            transaction.set_rollback(True)
        return cls(reports, {model: before[model] for model in after}, after)

    def restore(self) -> list:
        """Write the captured rows as they were (ids, timestamps) into the current database."""
        changed = [m._meta.label for m in self.after if table_values(m) != self.before[m]]
        assert not changed, (
            f"`seeded` found {', '.join(changed)} already written by this test; request `seeded` "
            "before fixtures that write (the snapshot is the seeds in an empty registry)"
        )
        with transaction.atomic():  # foreign keys are checked at commit, so order is free
            for model, objects in self.after.items():
                model._base_manager.all()._raw_delete(connection.alias)
                fields = model._meta.local_concrete_fields
                size = connection.ops.bulk_batch_size(fields, objects) or len(objects)
                for start in range(0, len(objects), size):
                    # raw=True, as loaddata saves: auto_now fields keep their captured values.
                    model._base_manager._insert(
                        objects[start : start + size], fields=fields, raw=True
                    )
            with connection.cursor() as cursor:  # PostgreSQL: new rows get ids after ours
                for sql in connection.ops.sequence_reset_sql(no_style(), list(self.after)):
                    cursor.execute(sql)
        return copy.deepcopy(self.reports)


def table_values(model) -> list[tuple]:
    return list(model._base_manager.order_by("pk").values_list())


@pytest.fixture(scope="session")
def seed_snapshot(django_db_setup, django_db_blocker) -> SeedSnapshot:
    with django_db_blocker.unblock():
        return SeedSnapshot.capture()


@pytest.fixture
def seeded(db, seed_snapshot):
    """The five seed statements, imported the way `make run` does (once per session: see
    `SeedSnapshot`); returns the five import reports."""
    return seed_snapshot.restore()


@pytest.fixture(scope="session")
def chromium():
    """Real headless Chromium (Debian package) driven by Playwright; never a downloaded browser."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium not installed (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
