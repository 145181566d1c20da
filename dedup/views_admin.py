"""The reviewers' pages behind the merge queue: compare a pair, decide, cluster, bulk approve,
history with undo. Thin: every decision is a call to `dedup.merging`.

Decisions need `dedup.decide_merge` (the "Reviewers" group), checked here on every POST (403
otherwise); any staff member may look. The admin site wraps these views in CSRF protection.
"""

import difflib
import functools
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from signatories.models import NameVariant, Organization
from statements.models import Statement

from .merging import (
    MergeError,
    approve_suggestion,
    approve_suggestions,
    defer_suggestion,
    reject_suggestion,
    undo_merge,
)
from .models import MergeRecord, MergeSuggestion

DECIDE = "dedup.decide_merge"
_TOKENS = re.compile(r"\w+|\W+")


def post_only(view):
    """Decisions change state: POST only (and so CSRF-checked by the admin site)."""

    @functools.wraps(view)
    def wrapped(model_admin, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(model_admin, request, *args, **kwargs)

    return wrapped


def can_decide(user) -> bool:
    return user.has_perm(DECIDE)


def _require_decider(request) -> None:
    if not can_decide(request.user):
        raise PermissionDenied("Deciding merges needs the Reviewers group (dedup.decide_merge).")


def highlight_differences(first: str, second: str):
    """Both names with the words that differ (ignoring case) wrapped in <mark>."""
    a, b = _TOKENS.findall(first), _TOKENS.findall(second)
    matcher = difflib.SequenceMatcher(
        None, [t.casefold() for t in a], [t.casefold() for t in b], autojunk=False
    )
    out_a, out_b = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for tokens, lo, hi, out in ((a, i1, i2, out_a), (b, j1, j2, out_b)):
            text = "".join(tokens[lo:hi])
            if not text:
                continue
            if tag == "equal" or not text.strip():
                out.append(format_html("{}", text))
            else:
                out.append(format_html("<mark>{}</mark>", text))
    join = lambda parts: format_html_join("", "{}", ((p,) for p in parts))  # noqa: E731
    return join(out_a), join(out_b)


def _side(organization: Organization, variants, statements) -> dict:
    return {
        "organization": organization,
        "variants": [v for v in variants if v.organization_id == organization.pk],
        "statements": statements,
    }


def _statements_signed(organization: Organization):
    return list(
        Statement.objects.filter(signatures__organization=organization)
        .distinct()
        .newest_first()
        .only("pk", "title", "published_on", "date_precision")
    )


def review_context(suggestion: MergeSuggestion) -> dict:
    a, b = suggestion.organization_a, suggestion.organization_b
    variants = list(NameVariant.objects.filter(organization_id__in=[a.pk, b.pk]).order_by("name"))
    statements_a, statements_b = _statements_signed(a), _statements_signed(b)
    both = {s.pk for s in statements_a} & {s.pk for s in statements_b}
    name_a, name_b = highlight_differences(a.name, b.name)
    names = sorted({a.name, b.name} | {v.name for v in variants}, key=str.casefold)
    return {
        "suggestion": suggestion,
        "sides": [
            {**_side(a, variants, statements_a), "highlighted": name_a},
            {**_side(b, variants, statements_b), "highlighted": name_b},
        ],
        "signed_together": [s for s in statements_a if s.pk in both],
        "display_names": names,
        "is_open": suggestion.status
        in (MergeSuggestion.Status.PENDING, MergeSuggestion.Status.DEFERRED)
        and not a.is_merged
        and not b.is_merged,
    }


def _render(model_admin, request, template, context, title):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "can_decide": can_decide(request.user),
        **context,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, template, context)


def _suggestion(pk) -> MergeSuggestion:
    return get_object_or_404(MergeSuggestion.objects.with_organizations(), pk=pk)


def queue_url() -> str:
    return reverse("admin:dedup_mergesuggestion_changelist")


def review_view(model_admin, request, pk):
    suggestion = _suggestion(pk)
    context = review_context(suggestion)
    context["merges"] = list(
        suggestion.merges.select_related("decided_by").order_by("-created_at")[:5]
    )
    return _render(
        model_admin,
        request,
        "admin/dedup/mergesuggestion/review.html",
        context,
        f"Review: {suggestion.organization_a.name} ~ {suggestion.organization_b.name}",
    )


@post_only
def approve_view(model_admin, request, pk):
    _require_decider(request)
    suggestion = _suggestion(pk)
    survivor_id = request.POST.get("survivor", "")
    if survivor_id not in {str(suggestion.organization_a_id), str(suggestion.organization_b_id)}:
        messages.error(request, "Choose which of the two records survives.")
        return redirect("admin:dedup_mergesuggestion_review", pk)
    display_name = request.POST.get("display_name") or None
    try:
        record = approve_suggestion(
            suggestion, user=request.user, survivor=int(survivor_id), display_name=display_name
        )
    except MergeError as error:
        messages.error(request, f"Not merged: {error}")
        return redirect("admin:dedup_mergesuggestion_review", pk)
    messages.success(
        request,
        format_html(
            'Merged “{}” into <a href="{}">“{}”</a>. <a href="{}">Undo it in the history</a>.',
            record.merged.name,
            reverse("admin:signatories_organization_change", args=[record.survivor_id]),
            record.display_name,
            reverse("admin:dedup_mergesuggestion_history"),
        ),
    )
    return HttpResponseRedirect(queue_url())


@post_only
def reject_view(model_admin, request, pk):
    return _settle(request, pk, reject_suggestion, "Rejected: they will not be suggested again.")


@post_only
def defer_view(model_admin, request, pk):
    return _settle(request, pk, defer_suggestion, "Deferred: it stays in the deferred list.")


def _settle(request, pk, decide, message):
    _require_decider(request)
    suggestion = _suggestion(pk)
    try:
        decide(suggestion, user=request.user)
    except MergeError as error:
        messages.error(request, str(error))
        return redirect("admin:dedup_mergesuggestion_review", pk)
    messages.success(
        request, f"{suggestion.organization_a} ~ {suggestion.organization_b}. {message}"
    )
    return HttpResponseRedirect(queue_url())


def cluster_view(model_admin, request, cluster):
    suggestions = list(
        MergeSuggestion.objects.open().in_cluster(cluster).with_organizations().highest_first()
    )
    org_ids = {s.organization_a_id for s in suggestions} | {
        s.organization_b_id for s in suggestions
    }
    organizations = list(Organization.objects.filter(pk__in=org_ids).order_by("pk"))
    variants = NameVariant.objects.filter(organization_id__in=org_ids).order_by("name")
    by_org: dict[int, list[str]] = {}
    for variant in variants:
        by_org.setdefault(variant.organization_id, []).append(variant.name)
    return _render(
        model_admin,
        request,
        "admin/dedup/mergesuggestion/cluster.html",
        {
            "cluster": cluster,
            "suggestions": suggestions,
            "organizations": [(o, by_org.get(o.pk, [])) for o in organizations],
        },
        f"Cluster of {len(organizations)} organisations",
    )


def bulk_confirm_page(model_admin, request, suggestions):
    """The confirmation page of the bulk approve action (nothing is merged by showing it)."""
    return _render(
        model_admin,
        request,
        "admin/dedup/mergesuggestion/bulk_approve.html",
        {"suggestions": suggestions, "warned": [s for s in suggestions if s.signed_same_statement]},
        f"Approve {len(suggestions)} merge suggestion{'s' * (len(suggestions) != 1)}?",
    )


@post_only
def bulk_approve_view(model_admin, request):
    """Confirm, then approve the chosen suggestions through `approve_suggestions` (one
    transaction: all the confirmed pairs, or none)."""
    _require_decider(request)
    ids = [int(pk) for pk in request.POST.getlist("suggestion") if pk.isdigit()]
    suggestions = list(
        MergeSuggestion.objects.filter(pk__in=ids).with_organizations().highest_first()
    )
    if request.POST.get("confirmed") != "yes":
        return bulk_confirm_page(model_admin, request, suggestions)
    try:
        records = approve_suggestions(suggestions, request.user)
    except MergeError as error:
        messages.error(request, f"Nothing was merged: {error}")
        return HttpResponseRedirect(queue_url())
    merged = len(records)
    messages.success(
        request,
        f"Approved {len(suggestions)} suggestion{'s' * (len(suggestions) != 1)}: "
        f"{merged} merge{'s' * (merged != 1)}.",
    )
    return HttpResponseRedirect(queue_url())


def history_view(model_admin, request):
    records = MergeRecord.objects.select_related(
        "survivor", "merged", "decided_by", "undone_by", "suggestion"
    ).newest_first()
    query = request.GET.get("q", "").strip()
    if query:
        records = records.filter(
            Q(survivor__name__icontains=query)
            | Q(merged__name__icontains=query)
            | Q(display_name__icontains=query)
        )
    page = Paginator(records, 50).get_page(request.GET.get("p"))
    return _render(
        model_admin,
        request,
        "admin/dedup/mergesuggestion/history.html",
        {"page": page, "records": page.object_list, "query": query},
        "Merge history",
    )


@post_only
def undo_view(model_admin, request, record_pk):
    _require_decider(request)
    record = get_object_or_404(
        MergeRecord.objects.select_related("survivor", "merged"), pk=record_pk
    )
    try:
        undo_merge(record, user=request.user)
    except MergeError as error:
        messages.error(request, f"Not undone: {error}")
    else:
        messages.success(
            request,
            f"Undone: “{record.merged.name}” is a separate organisation again; "
            f"“{record.survivor.name}” is named “{record.previous_display_name}” again.",
        )
    return HttpResponseRedirect(reverse("admin:dedup_mergesuggestion_history"))
