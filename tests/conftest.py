import os
import shutil
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached public page: the registry revision that keys the cache
    goes back with each test's rolled-back transaction, so an earlier test's page could match."""
    from django.core.cache import caches

    caches["public_pages"].clear()


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL; CI runs this suite against PostgreSQL too")


@pytest.fixture
def seeded(db):
    """The five seed statements, imported the way `make run` does."""
    from statements.importing import import_text_file

    reports = [import_text_file(path) for path in sorted(SEEDS.glob("*.txt"))]
    assert [r.status for r in reports] == ["created"] * 5, [r.error for r in reports]
    return reports


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
