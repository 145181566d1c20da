"""The reconciliation service speaks W3C Entity Reconciliation API 0.2: manifest, query batches
(form, JSON, GET), errors, CORS and previews, validated against the specification's schemas."""

import json
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from api.reconcile import MAX_LIMIT, BadBatch, parse_batch
from dedup.matching import clear_cache
from dedup.merging import merge_organizations
from signatories.models import Organization

SCHEMAS = Path(__file__).parent / "schemas" / "reconciliation-0.2"
ENDPOINT = "/reconcile/"


@pytest.fixture(autouse=True)
def cold_matcher_index():
    """Start like a fresh process: the matcher's per-process index is rebuilt from this test's
    database (see test_reconcile_matching for why rolled-back rows matter)."""
    clear_cache()


def validator(name: str) -> Draft202012Validator:
    resources = [
        (f"https://reconciliation-api.github.io/specs/0.2/schemas/{path.name}", path)
        for path in SCHEMAS.glob("*.json")
    ]
    registry = Registry().with_resources(
        (uri, Resource.from_contents(json.loads(path.read_text()))) for uri, path in resources
    )
    schema = json.loads((SCHEMAS / name).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry)


MANIFEST = validator("manifest.json")
QUERY_BATCH = validator("reconciliation-query-batch.json")
RESULT_BATCH = validator("reconciliation-result-batch.json")

BATCH = {
    "q0": {"query": "Karam Foundation", "limit": 3},
    "q1": {"query": "Syria Relief", "type": "Organization", "type_strict": "should"},
    "q2": {"query": "Violet Organization for Relief and Development", "limit": 1},
    # as OpenRefine sends it when other columns are mapped to properties (ignored here)
    "q3": {"query": "Kesh Malek", "type": "Organization", "properties": [{"pid": "P1", "v": "x"}]},
}


def reconcile_form(client, batch):
    return client.post(ENDPOINT, {"queries": json.dumps(batch)})


def test_the_test_schemas_reject_what_the_specification_forbids():
    assert not list(QUERY_BATCH.iter_errors(BATCH))
    assert list(QUERY_BATCH.iter_errors({"q0": {"limit": 3}}))  # neither query nor properties
    assert list(RESULT_BATCH.iter_errors({"q0": {"result": [{"id": "x", "name": "X"}]}}))
    assert list(MANIFEST.iter_errors({"versions": ["0.1"], "name": "x"}))
    bad_view = {"versions": ["0.2"], "name": "x", "identifierSpace": "i", "schemaSpace": "s"}
    bad_view["view"] = {"url": "https://example.org/organizations/"}  # no {{id}}
    assert list(MANIFEST.iter_errors(bad_view))


def test_manifest_follows_the_specification(client, seeded):
    response = client.get(ENDPOINT)
    assert response.status_code == 200
    manifest = response.json()
    assert not list(MANIFEST.iter_errors(manifest))
    assert manifest["versions"] == ["0.2"]
    assert manifest["defaultTypes"] == [{"id": "Organization", "name": "Organisation"}]
    assert manifest["identifierSpace"] == "http://testserver/organizations/"
    assert manifest["view"]["url"] == "http://testserver/organizations/{{id}}/"
    assert {"url", "width", "height"} <= set(manifest["preview"])


def test_manifest_templates_lead_to_the_public_page_and_the_preview(client, seeded):
    manifest = client.get(ENDPOINT).json()
    karam = Organization.objects.get(variants__name="Karam foundation")
    page = client.get(manifest["view"]["url"].replace("{{id}}", karam.slug))
    assert page.status_code == 200
    assert karam.name in page.content.decode()
    preview = client.get(manifest["preview"]["url"].replace("{{id}}", karam.slug))
    assert preview.status_code == 200
    assert karam.name in preview.content.decode()


def test_form_post_answers_every_query_with_spec_conformant_candidates(client, seeded):
    response = reconcile_form(client, BATCH)
    assert response.status_code == 200
    results = response.json()
    assert not list(RESULT_BATCH.iter_errors(results))
    assert set(results) == set(BATCH)
    assert len(results["q0"]["result"]) <= 3
    assert len(results["q2"]["result"]) <= 1
    for answer in results.values():
        for candidate in answer["result"]:
            assert {"id", "name", "score", "type", "match"} <= set(candidate)
            assert candidate["type"] == [{"id": "Organization", "name": "Organisation"}]
            assert Organization.objects.active().filter(slug=candidate["id"]).exists()
        scores = [c["score"] for c in answer["result"]]
        assert scores == sorted(scores, reverse=True)


def test_json_body_get_and_form_give_the_same_answer(client, seeded):
    form = reconcile_form(client, BATCH).json()
    raw_json = client.post(ENDPOINT, json.dumps(BATCH), content_type="application/json")
    wrapped = client.post(ENDPOINT, {"queries": BATCH}, content_type="application/json")
    wrapped_text = client.post(
        ENDPOINT, {"queries": json.dumps(BATCH)}, content_type="application/json"
    )
    by_get = client.get(ENDPOINT, {"queries": json.dumps(BATCH)})
    for response in (raw_json, wrapped, wrapped_text, by_get):
        assert response.status_code == 200
        assert response.json() == form


def test_a_query_for_another_type_has_no_candidates(client, seeded):
    batch = {"q0": {"query": "Karam Foundation", "type": ["Person"]}}
    assert reconcile_form(client, batch).json() == {"q0": {"result": []}}


def test_unknown_names_get_an_empty_result(client, seeded):
    batch = {"q0": {"query": "Zzyzx Qwpl Xkcd"}}
    assert reconcile_form(client, batch).json() == {"q0": {"result": []}}


@pytest.mark.parametrize(
    ("queries", "says"),
    [
        ("{not json", "not valid JSON"),
        ('["Karam"]', "JSON object"),
        ("{}", "empty"),
        (json.dumps({f"q{i}": {"query": "Karam"} for i in range(51)}), "too many queries: 51"),
        ('{"q0": "Karam"}', "'q0' must be an object"),
        ('{"q0": {"limit": 3}}', "'query' must be a non-empty string"),
        ('{"q0": {"query": "   "}}', "'query' must be a non-empty string"),
        ('{"q0": {"query": 42}}', "'query' must be a non-empty string"),
        (json.dumps({"q0": {"query": "x" * 301}}), "longer than 300"),
        ('{"q0": {"query": "Karam", "limit": 26}}', "between 1 and 25"),
        ('{"q0": {"query": "Karam", "limit": 0}}', "between 1 and 25"),
        ('{"q0": {"query": "Karam", "limit": "5"}}', "whole number"),
        ('{"q0": {"query": "Karam", "limit": 2.5}}', "whole number"),
        ('{"q0": {"query": "Karam", "type": 7}}', "'type' must be"),
        ('{"q0": {"query": "Karam", "type_strict": "some"}}', "type_strict"),
        ('{"q0": {"query": "Karam", "colour": "red"}}', "unknown field(s) colour"),
    ],
)
def test_malformed_batches_are_400_with_a_clear_message(client, seeded, queries, says):
    for response in (
        client.post(ENDPOINT, {"queries": queries}),
        client.get(ENDPOINT, {"queries": queries}),
    ):
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert says in response.json()["error"], response.json()


def test_post_without_queries_and_broken_json_body_are_400(client, seeded):
    response = client.post(ENDPOINT, {"query": "Karam"})
    assert response.status_code == 400 and "queries" in response.json()["error"]
    response = client.post(ENDPOINT, "{oops", content_type="application/json")
    assert response.status_code == 400 and "not valid JSON" in response.json()["error"]


def test_fifty_queries_is_the_most_one_batch_may_hold(client, seeded):
    batch = {f"q{i}": {"query": "Karam Foundation", "limit": 1} for i in range(50)}
    response = reconcile_form(client, batch)
    assert response.status_code == 200 and len(response.json()) == 50


@pytest.mark.parametrize("size", [1, 12, 50])
def test_a_batch_costs_the_same_queries_whatever_its_size(
    client, seeded, django_assert_max_num_queries, size
):
    names = ["Karam", "SEMA", "Syria", "Horrya press", "Ahl Horan"]
    batch = {f"q{i}": {"query": names[i % len(names)]} for i in range(size)}
    reconcile_form(client, batch)  # the matcher builds its index once per process
    # The registry revision (1), the variants (1: inside this test's transaction the revision
    # cannot show uncommitted rows, so the index re-reads them), the organisations (1).
    with django_assert_max_num_queries(3):
        response = reconcile_form(client, batch)
    assert response.status_code == 200 and len(response.json()) == size


def test_cross_origin_clients_may_post_queries(client, seeded):
    preflight = client.options(
        ENDPOINT,
        HTTP_ORIGIN="http://localhost:3333",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    response = client.post(
        ENDPOINT, {"queries": json.dumps(BATCH)}, HTTP_ORIGIN="http://localhost:3333"
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(ENDPOINT, HTTP_ORIGIN="http://x.example")["Access-Control-Allow-Origin"]


def test_queries_need_no_csrf_token_since_they_change_nothing(seeded):
    strict = Client(enforce_csrf_checks=True)
    assert reconcile_form(strict, BATCH).status_code == 200
    assert strict.put(ENDPOINT).status_code == 405
    assert strict.delete(ENDPOINT).status_code == 405


def test_preview_is_an_escaped_html_card_that_may_be_framed(client, seeded):
    odd = Organization.objects.create(name="<script>alert(1)</script> & Co", slug="odd-co")
    response = client.get("/reconcile/preview", {"id": odd.slug})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "X-Frame-Options" not in response
    assert 'href="http://testserver/organizations/odd-co/"' in html


def test_preview_lists_variants_and_statement_count(client, seeded):
    sams = Organization.objects.get(variants__name="Syrian American Medical Society")
    html = client.get("/reconcile/preview", {"id": sams.slug}).content.decode()
    assert "signed 2 statements" in html
    other = {"Syrian American medical society", "Syrian American Medical Society"} - {sams.name}
    assert other.pop() in html


def test_preview_errors_and_merged_records(client, seeded):
    assert client.get("/reconcile/preview").status_code == 400
    assert client.get("/reconcile/preview", {"id": "no-such-slug"}).status_code == 404
    survivor = Organization.objects.get(variants__name="Karam foundation")
    old = Organization.objects.create(name="Karam Fdn", slug="karam-fdn")
    merge_organizations(survivor, old)
    response = client.get("/reconcile/preview", {"id": old.slug})
    assert response.status_code == 301
    assert response["Location"] == f"/reconcile/preview?id={survivor.slug}"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
QUERY_LIKE = st.dictionaries(
    st.sampled_from(["q0", "q1", "x"]),
    st.dictionaries(
        st.sampled_from(["query", "limit", "type", "type_strict", "properties", "other"]),
        JSON_VALUES,
    )
    | JSON_VALUES,
)


@settings(max_examples=300, deadline=None)
@given(value=JSON_VALUES | QUERY_LIKE)
def test_any_json_is_either_a_valid_batch_or_a_clear_refusal(value):
    """No input makes the parser fail otherwise (inf, NaN, huge numbers, odd types)."""
    try:
        queries = parse_batch(json.dumps(value))
    except BadBatch as problem:
        assert str(problem)
        return
    assert queries and all(q.text.strip() and 1 <= q.limit <= MAX_LIMIT for q in queries)
    assert all(QUERY_BATCH.is_valid({q.key: {"query": q.text}}) for q in queries)


@pytest.mark.parametrize("type_strict", [[], {}, ["any"], 1, None])
def test_a_type_strict_that_is_not_a_string_is_a_clear_refusal(type_strict):
    """Found by the property test above: an unhashable value once raised TypeError (a 500)."""
    batch = json.dumps({"q0": {"query": "Karam", "type_strict": type_strict}})
    with pytest.raises(BadBatch, match="type_strict"):
        parse_batch(batch)


def test_odd_numbers_and_deep_nesting_are_400(client, seeded):
    for queries in (
        '{"q0": {"query": "Karam", "limit": Infinity}}',
        '{"q0": {"query": "Karam", "limit": NaN}}',
        '{"q0": {"query": "Karam", "limit": 1e400}}',
        "[" * 100_000 + "]" * 100_000,
    ):
        response = client.post(ENDPOINT, {"queries": queries})
        assert response.status_code == 400, queries[:40]
    deep = client.post(ENDPOINT, "[" * 100_000, content_type="application/json")
    assert deep.status_code == 400
