"""django-import-export resources of this app: the organisation export of the admin, with every
cell formula-escaped (the library's own setting only strips a leading "=")."""

from import_export import fields, resources

from .exports import escape_formula
from .models import Organization


class FormulaSafeResource(resources.ModelResource):
    """Every exported cell goes through `escape_formula` (OWASP: = + - @ tab CR get a ')."""

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields=selected_fields, **kwargs)
        return [escape_formula(value) for value in row]


class OrganizationResource(FormulaSafeResource):
    """Organisations with what they signed, their spellings and where they were merged."""

    name = fields.Field(attribute="name", column_name="name")
    slug = fields.Field(attribute="slug", column_name="slug")
    kind = fields.Field(attribute="kind", column_name="type")
    statements_signed = fields.Field(attribute="statement_count", column_name="statements_signed")
    variants = fields.Field(column_name="name_variants")
    merged_into = fields.Field(attribute="merged_into__name", column_name="merged_into")

    class Meta:
        model = Organization
        fields = ("name", "slug", "kind", "statements_signed", "variants", "merged_into")
        export_order = fields
        chunk_size = 500

    def filter_export(self, queryset, **kwargs):
        queryset = queryset.select_related("merged_into").prefetch_related("variants")
        if "statement_count" not in queryset.query.annotations:
            queryset = queryset.with_counts()
        return queryset

    def dehydrate_variants(self, organization):
        return "; ".join(variant.name for variant in organization.variants.all())
