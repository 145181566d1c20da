"""Staff admin for organisations and their name variants.

`merged_into` is read-only here: merges and their undo go through `dedup.merging` (the review
queue), which keeps the audit trail.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from .models import NameVariant, Organization
from .names import fold_key
from .resources import OrganizationResource


class StaffMayBrowse:
    """The registry is public data: every staff member may browse (and export) it; changing
    anything still needs the model permissions, deciding merges the Reviewers group."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_export_permission(self, request):
        return self.has_view_permission(request)


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("merged", "Merged into another")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.active()
        if self.value() == "merged":
            return queryset.merged()
        return queryset


class NameVariantInline(admin.TabularInline):
    model = NameVariant
    fields = ("name", "fold_key", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # variants come from imports and merges


@admin.register(Organization)
class OrganizationAdmin(StaffMayBrowse, ExportMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "statements_signed", "variants", "merged_into_link")
    list_select_related = ("merged_into",)
    search_fields = ("name", "slug", "variants__name")
    list_filter = (StatusFilter, "kind")
    list_per_page = 100
    # The kind is part of the registry's identity (kind, spelling) and follows from how the lines
    # were read: it is corrected there (the statement preview, the CSV's signatory_type).
    readonly_fields = (
        "kind",
        "slug",
        "merged_into_link",
        "merged_here",
        "signatures_link",
        "created_at",
        "updated_at",
    )
    fields = (
        "name",
        "kind",
        "slug",
        "merged_into_link",
        "merged_here",
        "signatures_link",
        "created_at",
        "updated_at",
    )
    inlines = [NameVariantInline]
    resource_classes = [OrganizationResource]
    export_formats = [CSV, XLSX]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts().with_variant_count()

    def has_add_permission(self, request):
        return False  # organisations come from imports (with their name variants)

    @admin.display(description="statements signed", ordering="statement_count")
    def statements_signed(self, organization):
        return organization.statement_count

    @admin.display(description="variants", ordering="variant_count")
    def variants(self, organization):
        return organization.variant_count

    @admin.display(description="merged into", ordering="merged_into__name")
    def merged_into_link(self, organization):
        if organization.merged_into_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:signatories_organization_change", args=[organization.merged_into_id]),
            organization.merged_into.name,
        )

    @admin.display(description="records merged into this one")
    def merged_here(self, organization):
        merged = organization.merged_records.all()[:50]
        if not merged:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:signatories_organization_change", args=[o.pk]), o.name)
                for o in merged
            ),
        )

    @admin.display(description="signatures")
    def signatures_link(self, organization):
        return format_html(
            '<a href="{}?organization__id__exact={}">{} statements signed: the signatures →</a>',
            reverse("admin:statements_signature_changelist"),
            organization.pk,
            organization.statement_count,
        )

    def get_search_results(self, request, queryset, search_term):
        """Also finds spellings that differ only in case, punctuation or dashes."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = fold_key(search_term)
        if key:
            results |= queryset.filter(variants__fold_key=key)
            may_have_duplicates = True
        return results, may_have_duplicates


class NameVariantForm(forms.ModelForm):
    class Meta:
        model = NameVariant
        fields = ("organization", "name")

    def clean(self):
        """A spelling belongs to one record per kind (the kind follows the record): say so here
        rather than fail on the database constraint."""
        cleaned = super().clean()
        organization, name = cleaned.get("organization"), cleaned.get("name")
        if organization is not None and name:
            taken = (
                NameVariant.objects.filter(kind=organization.kind, name=name)
                .exclude(pk=self.instance.pk)
                .select_related("organization")
                .first()
            )
            if taken is not None:
                raise forms.ValidationError(
                    f"“{name}” is already a spelling of {taken.organization.name} "
                    f"(id {taken.organization_id}); merge the two records instead."
                )
        return cleaned


@admin.register(NameVariant)
class NameVariantAdmin(StaffMayBrowse, admin.ModelAdmin):
    form = NameVariantForm
    list_display = ("name", "organization", "kind", "fold_key")
    list_select_related = ("organization",)
    search_fields = ("name", "fold_key", "organization__name")
    raw_id_fields = ("organization",)
    readonly_fields = ("kind", "fold_key", "created_at")
    list_per_page = 100

    def save_model(self, request, obj, form, change):
        obj.fold_key = fold_key(obj.name)
        super().save_model(request, obj, form, change)
