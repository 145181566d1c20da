"""Public downloads: one statement's signatories (CSV, JSON) and the whole registry (CSV)."""

import datetime

from django.db.models import F
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from signatories.exports import csv_lines
from statements.models import Signature, Statement

from .cache import get_only, public_page
from .links import organization_page, statement_page

ROWS_PER_FETCH = 2000  # one statement's signatories: a few fetches even at the largest
REGISTRY_ROWS_PER_FETCH = 5000  # the whole registry streamed: bounded memory per fetch


# What a signatory line means, beside what it prints: in every download after the older columns.
MEANING_FIELDS = ("kind", "person_name", "affiliation", "country")
LIST_FIELDS = ("position", "name_as_printed", "organization__name", "organization__slug")


def _signatory_rows(statement, request):
    """(position, printed, organisation, its slug, its URL, kind, person, affiliation, country)."""
    base = request.build_absolute_uri("/")[:-1]
    for position, printed, name, org_slug, *meaning in (
        statement.signatures.order_by("position")
        .values_list(*LIST_FIELDS, *MEANING_FIELDS)
        .iterator(chunk_size=ROWS_PER_FETCH)
    ):
        yield (position, printed, name, org_slug, base + organization_page(org_slug), *meaning)


def _download_name(slug: str, extension: str) -> str:
    return f"{slug}-signatories.{extension}"


@public_page
def statement_signatories_csv(request, slug):
    """One statement's list: bounded by its size, so built whole (and cacheable)."""
    statement = get_object_or_404(Statement.objects.only("pk", "slug"), slug=slug)
    header = ["position", "name_as_printed", "organization", "organization_slug"]
    header += ["organization_url", *MEANING_FIELDS]
    response = HttpResponse(
        "".join(csv_lines(header, _signatory_rows(statement, request))),
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
            "url": request.build_absolute_uri(statement_page(statement.slug)),
            "published_on": statement.published_on.isoformat() if statement.published_on else None,
            "date_precision": statement.date_precision or None,
            "place": statement.place,
            "publisher": statement.publisher.name if statement.publisher_id else None,
            "source_url": statement.source_url,
            "claimed_signatory_count": statement.claimed_signatory_count,
            "unnamed_count": statement.unnamed_count,
        },
        "signatories": [
            {
                "position": position,
                "name_as_printed": printed,
                "organization": {"name": name, "slug": org_slug, "url": url},
                **dict(zip(MEANING_FIELDS, meaning, strict=True)),
            }
            for position, printed, name, org_slug, url, *meaning in _signatory_rows(
                statement, request
            )
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
    *MEANING_FIELDS,
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
            *MEANING_FIELDS,
        )
        .iterator(chunk_size=REGISTRY_ROWS_PER_FETCH)
    )
    for row in signatures:
        yield _date_cells(row)
    for row in (
        Statement.objects.filter(signatures__isnull=True)
        .newest_first()
        .values_list("slug", "title", "published_on", "date_precision", "publisher__name")
    ):
        yield _date_cells(row) + ("",) * (len(REGISTRY_HEADER) - len(row))


def _date_cells(row):
    published_on = row[2]
    if isinstance(published_on, datetime.date):
        row = row[:2] + (published_on.isoformat(),) + row[3:]
    return tuple("" if cell is None else cell for cell in row)


@get_only
def registry_csv(request):
    response = StreamingHttpResponse(
        csv_lines(REGISTRY_HEADER, _registry_rows()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, "undersigned-registry.csv")
    return response
