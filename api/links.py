"""Public URLs of records, shared by the JSON API and the reconciliation service.

The public pages belong to the statements app; until their URL names exist we fall back to the
paths they are specified to have, so links never break the API.
"""

from urllib.parse import quote

from django.urls import NoReverseMatch, reverse

ID_PLACEHOLDER = "__reconcile_id__"


def _page(url_name: str, prefix: str, slug: str) -> str:
    try:
        return reverse(url_name, kwargs={"slug": slug})
    except NoReverseMatch:
        return f"/{prefix}/{quote(slug)}/"


def organization_page(slug: str) -> str:
    return _page("organization-detail", "organizations", slug)


def statement_page(slug: str) -> str:
    return _page("statement-detail", "statements", slug)


def organization_page_template() -> str:
    """The public organisation page with `{{id}}` where the slug goes (reconciliation `view`)."""
    return organization_page(ID_PLACEHOLDER).replace(ID_PLACEHOLDER, "{{id}}")


def organization_api(slug: str) -> str:
    return reverse("api-v1:organization-detail", kwargs={"slug": slug})


def statement_api(slug: str) -> str:
    return reverse("api-v1:statement-detail", kwargs={"slug": slug})
