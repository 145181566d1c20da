"""Every public page runs a fixed number of SQL queries, whatever the size of the registry."""

import pytest
from django.core.management import call_command

from dedup.merging import merge_organizations
from signatories.models import Organization
from statements.models import Statement

BIG = "large-registry-the-statement-with-the-most-signatories"
BUSY = "large-registry-busy-organisation"

# page -> the most queries it may run (counted on the seeds and on a generated registry).
BOUNDS = {
    "/": 5,
    "/statements/": 5,
    "/statements/?year=2020&page=2": 5,
    "/organizations/": 3,
    "/organizations/?letter=ا": 3,
    "/search/?q=Karam+Fondation": 8,
    "/search/?q=idlib": 8,
}


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PUBLIC_CACHE_SECONDS = 0


def generate(**sizes):
    args = []
    for option, value in sizes.items():
        args += [f"--{option.replace('_', '-')}", str(value)]
    call_command("generate_large_registry", *args, stdout=open("/dev/null", "w"))


def detail_pages():
    statement = Statement.objects.order_by("-pk").first()
    organization = Organization.objects.order_by("-pk").first()
    return {
        f"/statements/{statement.slug}/": 3,
        f"/statements/{statement.slug}/signatories.csv": 2,
        f"/statements/{statement.slug}/signatories.json": 2,
        f"/organizations/{organization.slug}/": 6,
        "/registry.csv": 2,
    }


def consume(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def check_bounds(client, django_assert_max_num_queries, pages):
    for url, bound in pages.items():
        with django_assert_max_num_queries(bound, info=url):
            response = client.get(url)
            consume(response)
        assert response.status_code == 200, url


def test_query_counts_on_the_seeds(client, seeded, django_assert_max_num_queries):
    check_bounds(client, django_assert_max_num_queries, {**BOUNDS, **detail_pages()})


def test_query_counts_do_not_grow_with_the_registry(client, db, django_assert_max_num_queries):
    generate(
        organizations=400,
        statements=60,
        big_statement=300,
        busy_organization=40,
        per_statement=8,
    )
    assert Statement.objects.get(slug=BIG).signatures.count() == 300
    assert Statement.objects.signed_by([Organization.objects.get(slug=BUSY).pk]).count() == 40
    pages = {
        **BOUNDS,
        **detail_pages(),
        f"/statements/{BIG}/": 3,
        f"/statements/{BIG}/?page=2": 3,
        f"/statements/{BIG}/signatories.csv": 2,
        f"/organizations/{BUSY}/": 6,
        "/organizations/?page=3": 3,
    }
    check_bounds(client, django_assert_max_num_queries, pages)


def test_big_statement_pages_its_signatories(client, db, settings):
    generate(organizations=1200, statements=3, big_statement=1100, busy_organization=2)
    first = client.get(f"/statements/{BIG}/").content.decode()
    third = client.get(f"/statements/{BIG}/?page=3").content.decode()
    assert "1100 printed signatories" in first
    assert first.count("<li value=") == 500 and third.count("<li value=") == 100
    assert '<li value="1001">' in third and "Page 3 of 3" in third


def test_cached_pages_run_one_query_and_committed_changes_retire_them(
    client, seeded, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.PUBLIC_CACHE_SECONDS = 60
    url = "/organizations/karam-foundation/"
    client.get(url)
    with django_assert_num_queries(1):  # the registry revision in the cache key
        assert client.get(url).status_code == 200
    karam = Organization.objects.get(slug="karam-foundation")
    with django_capture_on_commit_callbacks(execute=True):  # the admin's save, committed
        karam.name = "Karam Foundation (renamed)"
        karam.save()
    assert "Karam Foundation (renamed)" in client.get(url).content.decode()
    # A merge through the service shows at once as the 301.
    with django_capture_on_commit_callbacks(execute=True):
        merge_organizations(Organization.objects.get(slug="karam-foundation-nfp"), karam)
    assert client.get(url).status_code == 301
