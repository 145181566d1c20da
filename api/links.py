"""Public URLs of records, shared by the JSON API and the reconciliation service.

The public pages belong to the statements app; until their URL names exist we fall back to the
paths they are specified to have, so links never break the API.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import NoReverseMatch, get_script_prefix, reverse

ID_PLACEHOLDER = "__reconcile_id__"
_SAFE = "/~:@!$&'()*+,;="  # what Django's reverse() leaves unquoted


@lru_cache(maxsize=64)
def _template(url_name: str, fallback: str, script_prefix: str) -> str:
    """The URL with a placeholder slug, reversed once: a page of 2,000 signatories needs 4,000
    links, and reverse() per link was most of that page's time."""
    try:
        return reverse(url_name, kwargs={"slug": ID_PLACEHOLDER})
    except NoReverseMatch:
        return f"{script_prefix}{fallback}/{ID_PLACEHOLDER}/"


def _url(url_name: str, fallback: str, slug: str) -> str:
    template = _template(url_name, fallback, get_script_prefix())
    return template.replace(ID_PLACEHOLDER, quote(slug, safe=_SAFE))


def organization_page(slug: str) -> str:
    return _url("organization-detail", "organizations", slug)


def statement_page(slug: str) -> str:
    return _url("statement-detail", "statements", slug)


def organization_api(slug: str) -> str:
    return _url("api-v1:organization-detail", "api/v1/organizations", slug)


def statement_api(slug: str) -> str:
    return _url("api-v1:statement-detail", "api/v1/statements", slug)
