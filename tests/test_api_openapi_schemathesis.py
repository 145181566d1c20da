"""The OpenAPI description is true: schemathesis generates requests from it and checks every
response (status codes, content types, bodies against the response schemas) in-process."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from registry.wsgi import application

OPENAPI = "/api/v1/openapi.json"


@pytest.fixture
def api_schema(seeded):
    """The WSGI app in-process, keeping the test's database connection open between requests
    (as Django's test client does) so it sees the seeded rows inside the test transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(OPENAPI, application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_openapi_description_is_served(client):
    response = client.get(OPENAPI)
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert {
        "/api/v1/statements/",
        "/api/v1/statements/{slug}/",
        "/api/v1/organizations/",
        "/api/v1/organizations/{slug}/",
    } <= set(document["paths"])
    assert all(set(methods) == {"get"} for methods in document["paths"].values())


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_conform_to_the_openapi_description(api_schema, mode):
    """Valid requests get documented answers; invalid ones (page=0, page_size=10**9, …) get the
    documented 400, never a server error."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 4
    if mode == GenerationMode.NEGATIVE:  # a free-text slug has no invalid value
        operations = [op for op in operations if "{slug}" not in op.path]
    for operation in operations:

        @given(case=operation.as_strategy(mode))
        @settings(
            max_examples=20,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate()

        check()


def test_real_records_conform_to_the_openapi_description(api_schema):
    """Generated slugs mostly miss; real ones must validate too (200 and the 301 of a merge)."""
    from signatories.models import Organization
    from statements.models import Statement

    statement = Statement.objects.filter(signatures__isnull=False).first()
    organization = Organization.objects.filter(signatures__isnull=False).first()
    for path, slug in (
        ("/api/v1/statements/{slug}/", statement.slug),
        ("/api/v1/organizations/{slug}/", organization.slug),
    ):
        case = api_schema[path]["GET"].Case(path_parameters={"slug": slug})
        response = case.call_and_validate()
        assert response.status_code == 200


def test_api_docs_page_and_its_assets_are_served(client):
    from django.contrib.staticfiles import finders

    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    for asset in ("ninja/swagger-ui.css", "ninja/swagger-ui-bundle.js"):
        assert asset in html
        assert finders.find(asset), f"{asset} is not collected: is 'ninja' in INSTALLED_APPS?"
