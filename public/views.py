"""Public pages: home, statements, organisations, search. GET/HEAD only; fixed query counts."""

from urllib.parse import quote

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from signatories.models import NameVariant, Organization
from statements.models import Signature, Statement, attach_signature_counts

from .cache import get_only, public_page
from .html import SIGNATORY_FIELDS, country_name, signatory_items, statement_items
from .search import (
    clean_query,
    letter_groups,
    search_organizations,
    search_statements,
    starting_with,
)

STATEMENTS_PER_PAGE = 20
SIGNATORIES_PER_PAGE = 500
ORGANIZATIONS_PER_PAGE = 100
LATEST_ON_HOME = 5
CO_SIGNERS = 10
LIST_FIELDS = (
    "title",
    "slug",
    "published_on",
    "date_precision",
    "publisher__name",
    "publisher__slug",
)
ITEM_FIELDS = ("title", "slug", "published_on", "date_precision")


@get_only
def healthz(request):
    """The trivial view the benchmark compares every page with."""
    return HttpResponse("ok", content_type="text/plain")


@public_page
def home(request):
    latest = list(
        Statement.objects.newest_first()
        .select_related("publisher")
        .only(*LIST_FIELDS)[:LATEST_ON_HOME]
    )
    return render(
        request,
        "public/home.html",
        {
            "statement_count": Statement.objects.count(),
            "organization_count": Organization.objects.active().count(),
            "signature_count": Signature.objects.count(),
            "latest": statement_items(attach_signature_counts(latest)),
        },
    )


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _query_prefix(**params) -> str:
    """The filter part of a query string, so pagination links keep the filters."""
    kept = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in params.items() if v)
    return f"{kept}&" if kept else ""


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
    publishers = (
        Organization.objects.filter(pk__in=Statement.objects.values("publisher_id"))
        .order_by("name")
        .values_list("slug", "name")
    )
    return render(
        request,
        "public/statement_list.html",
        {
            "page": page,
            "statements": statement_items(attach_signature_counts(page.object_list)),
            "years": [d.year for d in Statement.objects.dates("published_on", "year", "DESC")],
            "publishers": publishers,
            "year": year,
            "publisher": publisher,
            "query_prefix": _query_prefix(year=year or "", publisher=publisher),
            "nav": "statements",
        },
    )


@public_page
def statement_detail(request, slug):
    statement = get_object_or_404(Statement.objects.select_related("publisher"), slug=slug)
    counts = statement.signatures.aggregate(
        printed=Count("pk"), distinct=Count("organization_id", distinct=True)
    )
    page = Paginator(range(counts["printed"]), SIGNATORIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = statement.signatures.order_by("position").values_list(*SIGNATORY_FIELDS)[
        page.start_index() - 1 if counts["printed"] else 0 : page.end_index()
    ]
    return render(
        request,
        "public/statement_detail.html",
        {
            "statement": statement,
            "printed_count": counts["printed"],
            "distinct_count": counts["distinct"],
            "page": page,
            "signatories": signatory_items(rows),
            "nav": "statements",
            "source_url": statement.source_url
            if statement.source_url.startswith(("https://", "http://"))
            else "",
        },
    )


@public_page
def organization_list(request):
    groups = letter_groups()
    letter = request.GET.get("letter", "")
    organizations = (
        Organization.objects.active().with_counts().only("name", "slug").order_by("name", "pk")
    )
    if letter:
        organizations = organizations.filter(starting_with(groups.get(letter, [])))
    page = Paginator(organizations, ORGANIZATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "public/organization_list.html",
        {
            "page": page,
            "letters": list(groups),
            "letter": letter if letter in groups else "",
            "unknown_letter": bool(letter) and letter not in groups,
            "query_prefix": f"letter={quote(letter, safe='')}&" if letter in groups else "",
            "nav": "organizations",
        },
    )


@public_page
def organization_detail(request, slug):
    organization = get_object_or_404(Organization.objects.with_counts(), slug=slug)
    if organization.is_merged:
        survivor = Organization.objects.survivor_of(organization)
        return redirect("organization-detail", slug=survivor.slug, permanent=True)
    # A merge moves the merged record's signatures, variants and publications here
    # (dedup.merging), so this record's own rows are the whole of it.
    variants = [
        name
        for name in NameVariant.objects.filter(organization=organization)
        .order_by("name")
        .values_list("name", flat=True)
        if name != organization.name
    ]
    own_line = Signature.objects.filter(statement=OuterRef("pk"), organization=organization)
    signed = list(
        Statement.objects.signed_by([organization.pk])
        .newest_first()
        .only(*ITEM_FIELDS)
        .annotate(
            signed_affiliation=Subquery(own_line.exclude(affiliation="").values("affiliation")[:1]),
            signed_country=Subquery(own_line.exclude(country="").values("country")[:1]),
        )
    )
    countries = sorted({country_name(s.signed_country) for s in signed if s.signed_country})
    published = organization.published_statements.newest_first().only(*ITEM_FIELDS)
    return render(
        request,
        "public/organization_detail.html",
        {
            "organization": organization,
            "variants": variants,
            "statement_count": organization.statement_count,
            "statements": statement_items(signed),
            "countries": countries,
            "published": statement_items(published),
            "co_signers": Signature.objects.co_signers([organization.pk], limit=CO_SIGNERS),
            "nav": "organizations",
        },
    )


@public_page
def search(request):
    query = clean_query(request.GET.get("q"))
    organizations = search_organizations(query) if query else []
    statements = search_statements(query) if query else []
    return render(
        request,
        "public/search.html",
        {
            "query": query,
            "organizations": organizations,
            "statements": statement_items(statements),
            "searched": bool(query),
        },
    )
