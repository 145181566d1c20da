"""Public pages about statements, search and downloads. GET/HEAD only; a fixed query count each."""

import datetime
import hashlib
from functools import lru_cache, wraps
from urllib.parse import quote

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F
from django.db.models.signals import post_delete, post_save
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from signatories.models import NameVariant, Organization
from signatories.search import clean_query, search_organizations, search_statements

from .exports import csv_lines
from .models import RegistryRevision, Signature, Statement, attach_signature_counts

STATEMENTS_PER_PAGE = 20
SIGNATORIES_PER_PAGE = 500
LIST_FIELDS = (
    "title",
    "slug",
    "published_on",
    "date_precision",
    "publisher__name",
    "publisher__slug",
)


def public_page(view):
    """GET/HEAD only; a rendered 200 page is served from the "public_pages" cache for
    PUBLIC_CACHE_SECONDS. Pages hold nothing per visitor (no session, cookie or CSRF token).
    Keys carry the registry's revision (one query), which every committed change bumps, so no
    process serves a page older than the last change, wherever that change was made."""

    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        # PostgreSQL refuses NUL in text: such a slug names nothing, such a query is malformed.
        if any("\x00" in str(value) for value in kwargs.values()):
            raise Http404("no such page")
        if any("\x00" in value for _key, values in request.GET.lists() for value in values):
            return HttpResponseBadRequest("NUL is not allowed", content_type="text/plain")
        seconds = settings.PUBLIC_CACHE_SECONDS
        if seconds <= 0:
            return view(request, *args, **kwargs)
        cache = caches["public_pages"]
        address = f"{request.get_host()}{request.get_full_path()}"  # downloads hold absolute URLs
        revision = RegistryRevision.current()
        key = f"page:{revision}:" + hashlib.sha256(address.encode()).hexdigest()
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(key, response, seconds)
        return response

    return wrapped


def clear_public_pages(**_kwargs):
    """This process's cache now; after the commit, the shared revision retires every process's
    pages (and this process's again: a page rendered meanwhile may hold uncommitted state)."""
    caches["public_pages"].clear()
    transaction.on_commit(caches["public_pages"].clear, robust=True)
    transaction.on_commit(RegistryRevision.bump, robust=True)


for _model in (Statement, Signature, Organization, NameVariant):
    post_save.connect(clear_public_pages, sender=_model, dispatch_uid=f"public-{_model.__name__}")
    post_delete.connect(
        clear_public_pages, sender=_model, dispatch_uid=f"public-d-{_model.__name__}"
    )


@lru_cache
def _list_url(name: str) -> str:
    return reverse(name)


def organization_url(slug: str) -> str:
    """Same as reverse("organization-detail", slug) without a resolver call per row."""
    return f"{_list_url('organization-list')}{quote(slug, safe='')}/"


def statement_url(slug: str) -> str:
    """Same as reverse("statement-detail", slug) without a resolver call per row."""
    return f"{_list_url('statement-list')}{quote(slug, safe='')}/"


def signatory_items(rows) -> str:
    """The <li> of each signatory, escaped by format_html. Built here rather than in a template
    loop: a 500-row page renders about ten times faster, which the benchmark targets need."""
    printed_as = ' <span class="printed">printed as <q dir="auto">{}</q></span>'
    return format_html_join(
        "\n",
        '<li value="{}"><a href="{}" dir="auto">{}</a>{}</li>',
        (
            (
                position,
                organization_url(org_slug),
                name,
                format_html(printed_as, printed) if printed != name else "",
            )
            for position, printed, name, org_slug in rows
        ),
    )


def statement_items(statements) -> str:
    """The <li> of each statement with its date (same reason as `signatory_items`)."""
    return format_html_join(
        "\n",
        '<li class="statement-item"><a href="{}" dir="auto" class="statement-title">{}</a> '
        '<span class="meta">{}</span></li>',
        ((statement_url(s.slug), s.title, s.date_display or "date unknown") for s in statements),
    )


@require_safe
def healthz(request):
    """The trivial view the benchmark compares every page with."""
    return HttpResponse("ok", content_type="text/plain")


@public_page
def home(request):
    latest = list(
        Statement.objects.newest_first().select_related("publisher").only(*LIST_FIELDS)[:5]
    )
    return render(
        request,
        "statements/home.html",
        {
            "statement_count": Statement.objects.count(),
            "organization_count": Organization.objects.active().count(),
            "signature_count": Signature.objects.count(),
            "latest": attach_signature_counts(latest),
        },
    )


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@public_page
def statement_list(request):
    statements = Statement.objects.newest_first().select_related("publisher").only(*LIST_FIELDS)
    year = _int_or_none(request.GET.get("year"))
    publisher = request.GET.get("publisher", "")
    if year:
        statements = statements.filter(published_on__year=year)
    if publisher:
        statements = statements.filter(publisher__slug=publisher)
    page = Paginator(statements, STATEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    attach_signature_counts(page.object_list)
    publishers = (
        Organization.objects.filter(pk__in=Statement.objects.values("publisher_id"))
        .order_by("name")
        .values_list("slug", "name")
    )
    return render(
        request,
        "statements/statement_list.html",
        {
            "page": page,
            "years": [d.year for d in Statement.objects.dates("published_on", "year", "DESC")],
            "publishers": publishers,
            "year": year,
            "publisher": publisher,
            "query_prefix": _query_prefix(year=year or "", publisher=publisher),
            "nav": "statements",
        },
    )


def _query_prefix(**params) -> str:
    """The filter part of a query string, so pagination links keep the filters."""
    kept = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in params.items() if v)
    return f"{kept}&" if kept else ""


@public_page
def statement_detail(request, slug):
    statement = get_object_or_404(Statement.objects.select_related("publisher"), slug=slug)
    counts = statement.signatures.aggregate(
        printed=Count("pk"), distinct=Count("organization_id", distinct=True)
    )
    page = Paginator(range(counts["printed"]), SIGNATORIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = statement.signatures.order_by("position").values_list(
        "position", "name_as_printed", "organization__name", "organization__slug"
    )[page.start_index() - 1 if counts["printed"] else 0 : page.end_index()]
    signatories = signatory_items(rows)
    return render(
        request,
        "statements/statement_detail.html",
        {
            "statement": statement,
            "printed_count": counts["printed"],
            "distinct_count": counts["distinct"],
            "page": page,
            "signatories": signatories,
            "nav": "statements",
            "source_url": statement.source_url
            if statement.source_url.startswith(("https://", "http://"))
            else "",
        },
    )


def _signatory_rows(statement, request):
    base = request.build_absolute_uri("/")[:-1]
    for position, printed, name, org_slug in (
        statement.signatures.order_by("position")
        .values_list("position", "name_as_printed", "organization__name", "organization__slug")
        .iterator(chunk_size=2000)
    ):
        yield position, printed, name, org_slug, base + organization_url(org_slug)


def _download_name(slug: str, extension: str) -> str:
    return f"{slug}-signatories.{extension}"


@public_page
def statement_signatories_csv(request, slug):
    """One statement's list: bounded by its size, so built whole (and cacheable)."""
    statement = get_object_or_404(Statement.objects.only("pk", "slug"), slug=slug)
    header = ["position", "name_as_printed", "organization", "organization_slug"]
    response = HttpResponse(
        "".join(csv_lines([*header, "organization_url"], _signatory_rows(statement, request))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, _download_name(statement.slug, "csv")
    )
    return response


@public_page
def statement_signatories_json(request, slug):
    statement = get_object_or_404(Statement.objects.select_related("publisher"), slug=slug)
    data = {
        "statement": {
            "slug": statement.slug,
            "title": statement.title,
            "url": request.build_absolute_uri(
                reverse("statement-detail", kwargs={"slug": statement.slug})
            ),
            "published_on": statement.published_on.isoformat() if statement.published_on else None,
            "date_precision": statement.date_precision or None,
            "place": statement.place,
            "publisher": statement.publisher.name if statement.publisher_id else None,
            "source_url": statement.source_url,
            "claimed_signatory_count": statement.claimed_signatory_count,
        },
        "signatories": [
            {
                "position": position,
                "name_as_printed": printed,
                "organization": {"name": name, "slug": org_slug, "url": url},
            }
            for position, printed, name, org_slug, url in _signatory_rows(statement, request)
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = content_disposition_header(
        False, _download_name(statement.slug, "json")
    )
    return response


REGISTRY_HEADER = [
    "statement_slug",
    "statement_title",
    "published_on",
    "date_precision",
    "publisher",
    "position",
    "name_as_printed",
    "organization",
    "organization_slug",
]


def _registry_rows():
    """Every signature with its statement and organisation, then statements without any."""
    signatures = (
        Signature.objects.order_by(
            F("statement__published_on").desc(nulls_last=True), "statement_id", "position"
        )
        .values_list(
            "statement__slug",
            "statement__title",
            "statement__published_on",
            "statement__date_precision",
            "statement__publisher__name",
            "position",
            "name_as_printed",
            "organization__name",
            "organization__slug",
        )
        .iterator(chunk_size=5000)
    )
    for row in signatures:
        yield _date_cells(row)
    for row in (
        Statement.objects.filter(signatures__isnull=True)
        .newest_first()
        .values_list("slug", "title", "published_on", "date_precision", "publisher__name")
    ):
        yield _date_cells(row) + ("", "", "", "")


def _date_cells(row):
    published_on = row[2]
    if isinstance(published_on, datetime.date):
        row = row[:2] + (published_on.isoformat(),) + row[3:]
    return tuple("" if cell is None else cell for cell in row)


@require_safe
def registry_csv(request):
    response = StreamingHttpResponse(
        csv_lines(REGISTRY_HEADER, _registry_rows()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, "undersigned-registry.csv")
    return response


@public_page
def search(request):
    query = clean_query(request.GET.get("q"))
    organizations = search_organizations(query) if query else []
    statements = search_statements(query) if query else []
    return render(
        request,
        "search.html",
        {
            "query": query,
            "organizations": organizations,
            "statements": statements,
            "searched": bool(query),
        },
    )
