"""The read-only JSON API (django-ninja), mounted at /api/v1/.

Every response carries an ETag (hash of the body, Django's ConditionalGetMiddleware logic) and
a short public Cache-Control, so clients and proxies can revalidate with If-None-Match -> 304.
"""

from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware
from ninja import NinjaAPI, Query, Router
from ninja.errors import ValidationError
from ninja.pagination import paginate

from public import links
from signatories.models import Organization
from signatories.names import MAX_NAME_LENGTH
from statements.models import Statement, attach_signature_counts

from . import reads
from .pagination import Pagination
from .schemas import (
    Error,
    OrganizationDetail,
    OrganizationListItem,
    StatementDetail,
    StatementListItem,
)

CACHE_SECONDS = 300
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL: refuse it rather than fail


def _find(queryset, slug: str):
    """The record with this slug, or 404 (a slug never holds NUL, which PostgreSQL rejects)."""
    record = queryset.filter(slug=slug).first() if "\x00" not in slug else None
    if record is None:
        raise Http404(f"No {queryset.model._meta.verbose_name} has this slug.")
    return record


conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def cacheable(view):
    """Public caching for a short while; ETag revalidation after that."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 301):
            patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response

    return conditional_get(wrapper)


api = NinjaAPI(
    title="Undersigned open data API",
    version="1.0",
    description=(
        "Read-only JSON for the registry's joint statements and the organisations that sign "
        "them. Slugs are stable; a merged organisation's old slug answers 301 with the "
        "surviving record's URL. Responses carry ETags: send If-None-Match to get 304."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_decorator(cacheable, mode="view")


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    """Bad query parameters are a client error: 400 with what was wrong."""
    problems = "; ".join(
        f"{'.'.join(str(p) for p in error.get('loc', ())[1:]) or 'request'}: {error.get('msg')}"
        for error in exc.errors
    )
    return api.create_response(request, {"detail": problems or "invalid request"}, status=400)


statements = Router(tags=["statements"])
organizations = Router(tags=["organisations"])


@statements.get(
    "/",
    response={200: list[StatementListItem], 400: Error},
    url_name="statement-list",
)
@paginate(Pagination, complete=attach_signature_counts)
def statement_list(request):
    """Statements, newest first, with their signatory counts."""
    return Statement.objects.newest_first().select_related("publisher")


@statements.get(
    "/{slug}/",
    response={200: StatementDetail, 404: Error},
    url_name="statement-detail",
)
def statement_detail(request, slug: str):
    """One statement with its signatories in printed order (repeats and oddities kept)."""
    statement = _find(Statement.objects.with_counts().select_related("publisher"), slug)
    statement.signatories = list(statement.signatures.in_printed_order())
    return statement


@organizations.get(
    "/",
    response={200: list[OrganizationListItem], 400: Error},
    url_name="organization-list",
)
@paginate(Pagination)
def organization_list(request, q: str = Query("", max_length=MAX_NAME_LENGTH, pattern=NO_NUL)):
    """Active organisations by name; `q` keeps those whose name or a printed variant contains
    it."""
    records = Organization.objects.active()
    if q.strip():
        records = records.matching_name(q.strip())
    return records.with_counts().order_by("name", "pk")


@organizations.get(
    "/{slug}/",
    response={200: OrganizationDetail, 301: None, 404: Error},
    url_name="organization-detail",
)
def organization_detail(request, slug: str):
    """One organisation: the spellings it was printed under and the statements it signed."""
    organization = _find(Organization.objects.all(), slug)
    if organization.is_merged:
        target = links.organization_api(Organization.objects.survivor_of(organization).slug)
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
    return reads.organization_detail(organization)


api.add_router("/statements", statements)
api.add_router("/organizations", organizations)
