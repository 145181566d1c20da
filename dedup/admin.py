"""The merge review queue in the admin: pending suggestions, highest score first, with filters;
review, cluster, bulk approve and history pages live in `dedup.views_admin`."""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from . import views_admin
from .models import MergeSuggestion

SCORE_BANDS = {
    "95": ("95–100", 95, 101),
    "90": ("90–95", 90, 95),
    "80": ("80–90", 80, 90),
    "0": ("below 80", 0, 80),
}
# Kinds of evidence, matched in the reasons the matcher writes.
REASONS = {
    "alike": ("names alike", "alike"),
    "acronym": ("acronym", "acronym"),
    "typo": ("spelling (typo)", "typo"),
    "part": ("one name inside the other", "is part of"),
    "generic": ("differ in generic words", "generic words"),
    "extra": ("extra distinctive words", "has the words"),
    "kind": ("different kinds of body", "different kinds"),
    "together": ("signed the same statement", "both signed"),
}


class QueueStatusFilter(admin.SimpleListFilter):
    """Pending by default: the queue. Other states for looking back."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("deferred", "Deferred"),
            ("rejected", "Rejected"),
            ("approved", "Approved"),
            ("all", "All"),
        ]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Pending (the queue)",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.pending()
        if value == "all":
            return queryset
        return queryset.filter(status=value)


class ScoreBandFilter(admin.SimpleListFilter):
    title = "score"
    parameter_name = "score"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _lo, _hi) in SCORE_BANDS.items()]

    def queryset(self, request, queryset):
        if self.value() in SCORE_BANDS:
            _label, low, high = SCORE_BANDS[self.value()]
            return queryset.filter(score__gte=low, score__lt=high)
        return queryset


class ReasonFilter(admin.SimpleListFilter):
    title = "reason"
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _text) in REASONS.items()]

    def queryset(self, request, queryset):
        if self.value() == "together":
            return queryset.filter(signed_same_statement=True)
        if self.value() in REASONS:
            return queryset.filter(reasons__icontains=REASONS[self.value()][1])
        return queryset


@admin.register(MergeSuggestion)
class MergeSuggestionAdmin(admin.ModelAdmin):
    list_display = ("score_display", "pair", "reason_list", "warning", "cluster_link", "status")
    list_display_links = None
    list_filter = (QueueStatusFilter, ScoreBandFilter, ReasonFilter)
    search_fields = ("organization_a__name", "organization_b__name")
    list_per_page = 50
    actions = ["bulk_approve"]
    change_list_template = "admin/dedup/mergesuggestion/change_list.html"

    # Any staff member may look; deciding is checked per view (dedup.decide_merge).
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        return views_admin.can_decide(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).with_organizations().highest_first()

    def get_urls(self):
        wrap = self.admin_site.admin_view

        def bind(view):
            return wrap(lambda request, *args, **kwargs: view(self, request, *args, **kwargs))

        return [
            path(
                "<int:pk>/review/",
                bind(views_admin.review_view),
                name="dedup_mergesuggestion_review",
            ),
            path(
                "<int:pk>/approve/",
                bind(views_admin.approve_view),
                name="dedup_mergesuggestion_approve",
            ),
            path(
                "<int:pk>/reject/",
                bind(views_admin.reject_view),
                name="dedup_mergesuggestion_reject",
            ),
            path(
                "<int:pk>/defer/", bind(views_admin.defer_view), name="dedup_mergesuggestion_defer"
            ),
            path(
                "cluster/<int:cluster>/",
                bind(views_admin.cluster_view),
                name="dedup_mergesuggestion_cluster",
            ),
            path(
                "bulk-approve/",
                bind(views_admin.bulk_approve_view),
                name="dedup_mergesuggestion_bulk_approve",
            ),
            path("history/", bind(views_admin.history_view), name="dedup_mergesuggestion_history"),
            path(
                "history/<int:record_pk>/undo/",
                bind(views_admin.undo_view),
                name="dedup_mergesuggestion_undo",
            ),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return views_admin.review_view(self, request, int(object_id))

    @admin.action(description="Approve selected suggestions…", permissions=["decide"])
    def bulk_approve(self, request, queryset):
        """Shows a confirmation page; the merges happen only when it is confirmed."""
        return views_admin.bulk_confirm_page(self, request, list(queryset))

    @admin.display(description="score", ordering="-score")
    def score_display(self, suggestion):
        return f"{suggestion.score:.0f}"

    @admin.display(description="organisations")
    def pair(self, suggestion):
        first, second = views_admin.highlight_differences(
            suggestion.organization_a.name, suggestion.organization_b.name
        )
        return format_html(
            '<a href="{}" class="review-link">{}<br><span class="versus">~</span> {}</a>',
            reverse("admin:dedup_mergesuggestion_review", args=[suggestion.pk]),
            first,
            second,
        )

    @admin.display(description="reasons")
    def reason_list(self, suggestion):
        return format_html_join("", "<div>{}</div>", ((r,) for r in suggestion.reasons))

    @admin.display(description="warning")
    def warning(self, suggestion):
        if suggestion.signed_same_statement:
            return format_html(
                '<strong class="errornote-inline">{}</strong>', "⚠ signed the same statement"
            )
        return ""

    @admin.display(description="cluster")
    def cluster_link(self, suggestion):
        if suggestion.cluster is None:
            return ""
        return format_html(
            '<a href="{}">cluster {}</a>',
            reverse("admin:dedup_mergesuggestion_cluster", args=[suggestion.cluster]),
            suggestion.cluster,
        )
