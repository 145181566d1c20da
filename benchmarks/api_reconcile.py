"""Benchmark the open data API and the reconciliation service on a large registry.

    DATABASE_URL=sqlite:////tmp/us_api_bench.sqlite3 .venv/bin/python benchmarks/api_reconcile.py

Migrates the given database, fills it once with the seeds plus `generate_large_registry`
(20,000 organisations, 2,000 statements, one with 2,000 signatories), then times each endpoint
in-process (median of 5 after one warm-up) and counts its SQL queries. Targets: every API page
under 500 ms with a fixed number of queries; a 50-query reconciliation batch under 5 s.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings_test")
if not os.environ.get("DATABASE_URL"):
    sys.exit("set DATABASE_URL to a scratch database (it gets 20,000 synthetic organisations)")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from signatories.models import Organization  # noqa: E402
from statements.models import Statement  # noqa: E402

TARGET_PAGE_MS = 500
TARGET_BATCH_MS = 5000
SEED_NAMES = [
    "Karam Fondation",
    "SAMS",
    "Syrian Expatriate Medical Assoc.",
    "Syria Relief",
    "Violet Organisation",
    "Hurras Network",
    "Syrian British Council",
    "Union of Medical Care and Relief Organizations",
    "Big Heart",
    "Kesh Malek",
]


def prepare():
    call_command("migrate", verbosity=0)
    if not Statement.objects.exists():
        call_command(
            "import_statements", *sorted(str(p) for p in ROOT.glob("fixtures/seeds/*.txt"))
        )
        call_command("generate_large_registry", verbosity=0)


def measure(client, label, method, url, data=None, target=TARGET_PAGE_MS):
    call = getattr(client, method)
    call(url, data)  # warm-up (the matcher's index, caches)
    times, queries, status = [], 0, None
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = call(url, data)
            times.append((time.perf_counter() - start) * 1000)
        queries, status = len(captured), response.status_code
    median = statistics.median(times)
    verdict = "ok" if median < target and status == 200 else "SLOW"
    print(f"{label:<48} {status}  {median:8.1f} ms  {queries:4d} queries  {verdict}")
    return verdict == "ok"


def main():
    prepare()
    client = Client()
    big = Statement.objects.order_by("-pk").filter(title__startswith="Large registry: the").first()
    busy = Organization.objects.get(name="Large Registry Busy Organisation")
    print(
        f"{Organization.objects.count()} organisations, {Statement.objects.count()} statements "
        f"({connection.vendor})"
    )
    batch = {f"q{i}": {"query": SEED_NAMES[i % len(SEED_NAMES)], "limit": 5} for i in range(50)}
    results = [
        measure(client, "GET statements page 1 (50)", "get", "/api/v1/statements/"),
        measure(
            client,
            "GET statements page 10 (200 per page)",
            "get",
            "/api/v1/statements/",
            {"page": 10, "page_size": 200},
        ),
        measure(
            client, "GET statement, 2,000 signatories", "get", f"/api/v1/statements/{big.slug}/"
        ),
        measure(
            client,
            "GET organisations page 50 (200 per page)",
            "get",
            "/api/v1/organizations/",
            {"page": 50, "page_size": 200},
        ),
        measure(
            client,
            "GET organisation, 500 statements signed",
            "get",
            f"/api/v1/organizations/{busy.slug}/",
        ),
        measure(client, "GET /reconcile/ manifest", "get", "/reconcile/"),
        measure(
            client,
            "POST /reconcile/ one query",
            "post",
            "/reconcile/",
            {"queries": json.dumps({"q0": {"query": "Karam Fondation"}})},
        ),
        measure(
            client,
            "POST /reconcile/ 50 queries",
            "post",
            "/reconcile/",
            {"queries": json.dumps(batch)},
            target=TARGET_BATCH_MS,
        ),
    ]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
