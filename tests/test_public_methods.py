"""Public pages only read: an unsafe method is "405 Method Not Allowed" (with Allow), never the
CSRF check's 403, even with CSRF enforced as in production."""

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from public import urls as public_urls
from signatories.models import Organization
from statements.models import Statement


def public_addresses() -> list[str]:
    """Every route of the public app, slugs filled with existing records' (any placeholder
    when there are none)."""
    statement = Statement.objects.order_by("pk").values_list("slug", flat=True).first() or "x"
    organization = Organization.objects.order_by("pk").values_list("slug", flat=True).first()
    slugs = {
        "statement-detail": statement,
        "statement-signatories-csv": statement,
        "statement-signatories-json": statement,
        "organization-detail": organization or "x",
    }
    addresses = []
    for pattern in public_urls.urlpatterns:
        assert not isinstance(pattern, URLResolver)
        slug = slugs.get(pattern.name)
        addresses.append(reverse(pattern.name, kwargs={"slug": slug} if slug else None))
    return addresses


def test_every_public_route_is_checked(db):
    assert len(public_addresses()) == len(public_urls.urlpatterns) >= 10
    assert get_resolver().resolve("/statements/").url_name == "statement-list"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unsafe_methods_are_not_allowed_on_public_pages(seeded, method):
    client = Client(enforce_csrf_checks=True)
    for address in public_addresses():
        response = getattr(client, method)(address)
        assert response.status_code == 405, (method, address, response.status_code)
        assert response["Allow"] == "GET, HEAD", address


def test_safe_methods_still_answer(client, seeded):
    for address in public_addresses():
        assert client.get(address).status_code == 200, address
        assert client.head(address).status_code == 200, address
