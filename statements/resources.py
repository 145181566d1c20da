"""django-import-export resources for the statements admin: the CSV import's columns and the
signatories export (formula-escaped like every export; organisations: `signatories.resources`)."""

from django.core.cache import caches
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from import_export import fields, resources
from import_export.formats.base_formats import CSV, XLSX
from import_export.tmp_storages import CacheStorage

from signatories.resources import FormulaSafeResource

from .csv_import import COLUMNS, REQUIRED_COLUMNS
from .models import Signature, Statement

EXPORT_FORMATS = {"csv": CSV, "xlsx": XLSX}


class SharedCacheStorage(CacheStorage):
    """Keeps an uploaded file between the preview and the confirm step in the "import_export"
    cache (a table in the shared database), so any app server can confirm what another one
    previewed. Migration statements/0004 creates the cache table."""

    def _cache(self):
        return caches["import_export"]

    def save(self, data):
        from uuid import uuid4

        if not self.name:
            self.name = uuid4().hex
        self._cache().set(self.CACHE_PREFIX + self.name, data, self.CACHE_LIFETIME)

    def read(self):
        return self._cache().get(self.CACHE_PREFIX + self.name)

    def remove(self):
        self._cache().delete(self.CACHE_PREFIX + self.name)


class StatementCSVResource(resources.Resource):
    """The documented import columns (shown on the admin import page). Rows are not imported
    through this resource: `statements.csv_import` validates and saves the whole file."""

    statement_title = fields.Field(column_name="statement_title")
    statement_date = fields.Field(column_name="statement_date")
    statement_url = fields.Field(column_name="statement_url")
    publisher = fields.Field(column_name="publisher")
    signatory_name = fields.Field(column_name="signatory_name")
    signatory_type = fields.Field(column_name="signatory_type")
    signatory_country = fields.Field(column_name="signatory_country")
    signatory_affiliation = fields.Field(column_name="signatory_affiliation")

    class Meta:
        fields = COLUMNS
        import_id_fields = REQUIRED_COLUMNS

    @classmethod
    def get_display_name(cls):
        return "Statements (one row per signatory)"


class SignatureResource(FormulaSafeResource):
    """A statement's signatories in printed order, as printed and as resolved."""

    statement = fields.Field(attribute="statement__title", column_name="statement")
    position = fields.Field(attribute="position", column_name="position")
    name_as_printed = fields.Field(attribute="name_as_printed", column_name="name_as_printed")
    organization = fields.Field(attribute="organization__name", column_name="organization")
    organization_slug = fields.Field(
        attribute="organization__slug", column_name="organization_slug"
    )
    kind = fields.Field(attribute="organization__kind", column_name="signatory_type")
    flags = fields.Field(column_name="flags")

    class Meta:
        model = Signature
        fields = (
            "statement",
            "position",
            "name_as_printed",
            "organization",
            "organization_slug",
            "kind",
            "flags",
        )
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("statement", "organization").order_by(
            "statement_id", "position"
        )

    def dehydrate_flags(self, signature):
        return " ".join(signature.flags)


def export_response(resource, queryset, fmt: str, filename: str) -> HttpResponse:
    """A download of `queryset` through `resource` as CSV or XLSX."""
    file_format = EXPORT_FORMATS[fmt]()
    data = file_format.export_data(resource.export(queryset))
    if isinstance(data, str):
        data = "\ufeff" + data  # spreadsheets then read UTF-8 (Arabic names) right
        data = data.encode()
    response = HttpResponse(data, content_type=file_format.get_content_type())
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    return response


def export_signatories(statement: Statement, fmt: str) -> HttpResponse:
    return export_response(
        SignatureResource(), statement.signatures.all(), fmt, f"{statement.slug}-signatories"
    )
