"""The one set of URL builders for records' public pages and API resources.

A page of 2,000 signatories needs 4,000 links: each URL is reversed once with a placeholder
slug, then filled in per row (reverse() per link was most of that page's time).
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, reverse

ID_PLACEHOLDER = "__reconcile_id__"  # also the slot the reconciliation manifest fills with {{id}}
_SAFE = "/~:@!$&'()*+,;="  # what Django's reverse() leaves unquoted


@lru_cache(maxsize=64)
def _template(url_name: str, script_prefix: str) -> str:
    # script_prefix is part of the cache key only: reverse() reads it itself.
    return reverse(url_name, kwargs={"slug": ID_PLACEHOLDER})


def _url(url_name: str, slug: str) -> str:
    template = _template(url_name, get_script_prefix())
    return template.replace(ID_PLACEHOLDER, quote(slug, safe=_SAFE))


def organization_page(slug: str) -> str:
    return _url("organization-detail", slug)


def statement_page(slug: str) -> str:
    return _url("statement-detail", slug)


def organization_api(slug: str) -> str:
    return _url("api-v1:organization-detail", slug)


def statement_api(slug: str) -> str:
    return _url("api-v1:statement-detail", slug)
