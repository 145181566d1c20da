"""HTTP side of the reconciliation service: thin views over api.reconcile."""

import json
from urllib.parse import urlencode

from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from public import links
from signatories.models import Organization

from .reconcile import BadBatch, manifest, parse_batch, run_batch

PREVIEW_VARIANTS = 5


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"status": "error", "error": message}, status=status)


# Reconciliation only reads: a POST carries a query batch and changes nothing, and clients such
# as OpenRefine send no CSRF token. So no CSRF check applies here.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def service(request):
    """GET without queries: the manifest. GET ?queries=, or POST queries= (form) or a JSON body:
    candidates for each query."""
    if request.method == "POST":
        if request.content_type == "application/json":
            try:
                body = json.loads(request.body or b"null")
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                return _error(f"the request body is not valid JSON: {error}")
            except RecursionError:
                return _error("the request body is nested too deeply")
            wrapped = isinstance(body, dict) and set(body) == {"queries"}
            raw = body["queries"] if wrapped else body
        else:
            raw = request.POST.get("queries")
            if raw is None:
                return _error("send the queries as a form field 'queries' or as a JSON body")
    else:
        raw = request.GET.get("queries")
        if raw is None:
            return JsonResponse(manifest(request))
    try:
        queries = parse_batch(raw)
    except BadBatch as problem:
        return _error(str(problem))
    return JsonResponse(run_batch(queries))


@xframe_options_exempt  # OpenRefine shows previews in an iframe
@require_safe
def preview(request):
    """A small HTML card for one organisation; a merged record's id redirects to the survivor."""
    slug = request.GET.get("id", "").strip()
    if not slug:
        return _error("give the organisation id as ?id=<slug>")
    records = Organization.objects.with_counts()
    organization = records.filter(slug=slug).first() if "\x00" not in slug else None
    if organization is None:
        raise Http404("No organisation has this id.")
    if organization.is_merged:
        survivor = Organization.objects.survivor_of(organization)
        query = urlencode({"id": survivor.slug})
        return HttpResponsePermanentRedirect(f"{reverse('reconcile-preview')}?{query}")
    variants = list(
        organization.variants.exclude(name=organization.name).values_list("name", flat=True)
    )
    return render(
        request,
        "api/reconcile_preview.html",
        {
            "organization": organization,
            "variants": variants[:PREVIEW_VARIANTS],
            "more_variants": max(0, len(variants) - PREVIEW_VARIANTS),
            "statement_count": organization.statement_count,
            "page_url": request.build_absolute_uri(links.organization_page(organization.slug)),
        },
    )
