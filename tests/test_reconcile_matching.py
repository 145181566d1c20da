"""Seed names with typos and acronyms reconcile to the right organisation first, with the dedup
module's matching (the service adds no matching of its own)."""

import json
import re

import pytest

from dedup.matching import clear_cache, find_matches
from dedup.testing import org
from signatories.models import Organization
from signatories.names import fold_key

ENDPOINT = "/reconcile/"


@pytest.fixture(autouse=True)
def cold_matcher_index():
    """Each test starts like a fresh process: the matcher's per-process index is rebuilt from
    this test's database (earlier tests' rows were rolled back). See the rollback test below
    for what happens without it."""
    clear_cache()


def reconcile(client, **names):
    batch = {key: {"query": name, "limit": 5} for key, name in names.items()}
    response = client.post(ENDPOINT, {"queries": json.dumps(batch)})
    assert response.status_code == 200
    return {key: answer["result"] for key, answer in response.json().items()}


def printed_as(slug: str) -> set[str]:
    return {
        fold_key(n)
        for n in Organization.objects.get(slug=slug).variants.values_list("name", flat=True)
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Karam Fondation", r"karam foundation"),
        ("Syrian Expatriate Medical Assoc.", r"syrian expatriates? medical association sema"),
        ("SAMS", r"syrian american medical society"),
        ("Syrian American Medical Soceity", r"syrian american medical society"),
    ],
)
def test_typos_and_acronyms_reconcile_to_the_right_organisation_first(
    client, seeded, query, expected
):
    results = reconcile(client, q0=query)["q0"]
    assert results, f"no candidate at all for {query!r}"
    first = results[0]
    assert any(re.fullmatch(expected, key) for key in printed_as(first["id"])), results


def test_syria_relief_is_never_a_certain_match_for_syria_relief_and_development(client, seeded):
    development = {
        org.slug
        for org in Organization.objects.all()
        if re.fullmatch(r"syria relief (and )?development", fold_key(org.name))
    }
    assert development  # both spellings printed in the seeds
    results = reconcile(client, q0="Syria Relief", q1="syria relief")
    for candidates in results.values():
        assert candidates[0]["name"] == "Syria Relief" and candidates[0]["match"] is True
        assert not [c for c in candidates if c["id"] in development and c["match"]]


def test_candidates_are_exactly_the_dedup_matchers(client, seeded):
    for name in ("Karam Fondation", "Syria Relief", "Syrian Expatriate Medical Assoc."):
        fetched = find_matches(name, limit=6)
        expected = fetched[:5]
        got = reconcile(client, q0=name)["q0"]
        assert [c["id"] for c in got] == [m.organization.slug for m in expected]
        assert [c["score"] for c in got] == [float(m.score) for m in expected]
        certain = [m for m in fetched if m.certain]
        assert [c["match"] for c in got] == [
            len(certain) == 1 and m is certain[0] for m in expected
        ]


def test_two_certain_candidates_make_neither_a_match(client, db):
    """ "Syria Relief and Development" printed as two records until a reviewer merges them: the
    registry is then not certain which one is meant."""
    both = {org("Syria Relief and Development"), org("Syria Relief & Development")}
    org("Syria Relief")
    matches = find_matches("Syria Relief and Development", limit=5)
    assert {m.organization for m in matches if m.certain} == both
    results = reconcile(client, q0="Syria Relief and Development")["q0"]
    assert not any(c["match"] for c in results)
    batch = {"q0": {"query": "Syria Relief and Development", "limit": 1}}
    response = client.post(ENDPOINT, {"queries": json.dumps(batch)})
    only = response.json()["q0"]["result"]
    assert len(only) == 1 and only[0]["match"] is False  # the other one was merely cut off


def test_rolled_back_names_do_not_crowd_out_real_candidates(client, db):
    """A dry-run import indexes its new names in the matcher (duplicate suggestions), then rolls
    back. Those names must not keep the real organisations out of the candidates later."""
    from statements.importing import import_text_file
    from tests.conftest import SEEDS

    sema = "Syrian Expatriate Medical Assoc."
    letter = SEEDS / "002_5b1e8a5e55d610db.txt"
    for _ in range(100):  # e.g. previews of an upload, in one long-running web process
        assert import_text_file(letter, dry_run=True).status == "created"
    for path in sorted(SEEDS.glob("*.txt")):
        assert import_text_file(path).status == "created"
    results = reconcile(client, q0=sema)["q0"]
    assert results, "real candidates crowded out by rolled-back names"
    assert re.fullmatch(
        r"syrian expatriates? medical association sema", fold_key(results[0]["name"])
    )
