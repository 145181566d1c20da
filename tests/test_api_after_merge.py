"""After a reviewer merges two records (the dedup merge service), the API and the reconciliation
service follow: old slug 301s to the survivor, whose detail carries both spellings."""

import json

import pytest

from dedup.matching import clear_cache
from dedup.merging import merge_organizations
from signatories.models import Organization


@pytest.fixture(autouse=True)
def cold_matcher_index():
    """Start like a fresh process: the matcher's per-process index is rebuilt from this test's
    database (see test_reconcile_matching for why rolled-back rows matter)."""
    clear_cache()


def test_api_and_reconciliation_follow_a_merge(client, seeded):
    survivor = Organization.objects.get(slug="syria-relief-and-development")
    merged = Organization.objects.get(slug="syria-relief-development")
    before = client.get("/api/v1/organizations/syria-relief-and-development/")
    merge_organizations(survivor, merged)

    old = client.get("/api/v1/organizations/syria-relief-development/")
    assert old.status_code == 301
    assert old["Location"] == "/api/v1/organizations/syria-relief-and-development/"

    after = client.get(
        "/api/v1/organizations/syria-relief-and-development/",
        HTTP_IF_NONE_MATCH=before["ETag"],
    )
    assert after.status_code == 200  # changed, so no 304
    data = after.json()
    assert data["merged_slugs"] == ["syria-relief-development"]
    assert {"syria relief development", "Syria Relief and Development"} <= set(data["variants"])
    assert len(data["statements"]) == 2

    listing = client.get("/api/v1/organizations/", {"q": "syria relief"}).json()
    assert "syria-relief-development" not in {i["slug"] for i in listing["items"]}

    batch = {"q0": {"query": "Syria Relief and Development"}}
    answer = client.post("/reconcile/", {"queries": json.dumps(batch)}).json()["q0"]["result"]
    assert "syria-relief-development" not in {c["id"] for c in answer}
    assert answer[0]["id"] == "syria-relief-and-development" and answer[0]["match"] is True

    preview = client.get("/reconcile/preview", {"id": "syria-relief-development"})
    assert preview.status_code == 301
