"""Staff admin for statements and signatures: browsing, CSV import with a preview, exports.

The import uses django-import-export's import page, forms and temporary storage, but the rows
are validated, previewed and saved by `statements.csv_import` (the command's code path).
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX

from signatories.admin import StaffMayBrowse
from signatories.registry import unique_slugs

from .csv_import import COLUMNS, REQUIRED_COLUMNS, CsvProblems, import_csv, preview_csv
from .forms import StatementTextForm
from .importing import (
    import_statement_data,
    parse_statement_data,
    stamp_corrections,
    stored_corrections,
)
from .models import Signature, Statement
from .resources import SignatureResource, StatementCSVResource, export_signatories
from .sources import ImportProblem
from .text_preview import (
    MAX_CORRECTIONS,
    SPLIT_SEPARATOR,
    build_preview,
    corrections_from_form,
    forget_upload,
    keep_upload,
    lines_digest,
    pending_upload,
    set_corrections,
    source_file_for,
)

TEMPLATE_CSV = settings.BASE_DIR / "fixtures" / "statement_template.csv"


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Statement.objects.dates("published_on", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years] + [("none", "No date")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(published_on__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(published_on__year=int(self.value()))
        return queryset


@admin.register(Statement)
class StatementAdmin(StaffMayBrowse, ImportMixin, admin.ModelAdmin):
    list_display = (
        "title",
        "date",
        "publisher",
        "printed_signatories",
        "distinct_signatories",
    )
    list_select_related = ("publisher",)
    search_fields = ("title", "body")
    list_filter = (YearFilter, ("publisher", admin.RelatedOnlyFieldListFilter))
    list_per_page = 50
    autocomplete_fields = ("publisher",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = (
        "slug",
        "signatures_link",
        "exports",
        "source_file",
        "source_format",
        "flags",
        "corrections_made",
        "fingerprint",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (
            None,
            {"fields": ("title", "slug", "publisher", "published_on", "date_precision", "place")},
        ),
        (
            "Signatories",
            {
                "fields": (
                    "signatures_link",
                    "exports",
                    "claimed_signatory_count",
                    "unnamed_count",
                )
            },
        ),
        ("Text", {"fields": ("body", "language", "source_url")}),
        (
            "Import",
            {
                "classes": ("collapse",),
                "fields": (
                    "source_file",
                    "source_format",
                    "flags",
                    "corrections_made",
                    "fingerprint",
                    "created_at",
                    "updated_at",
                ),
            },
        ),
    )

    # django-import-export: CSV only, the library's pages and temporary storage, our rows.
    resource_classes = [StatementCSVResource]
    import_formats = [CSV]
    import_template_name = "admin/statements/statement/csv_import.html"
    import_export_change_list_template = "admin/statements/statement/change_list.html"
    text_template_name = "admin/statements/statement/add_from_text.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def save_model(self, request, obj, form, change):
        if not obj.slug:  # a statement added by hand: a free slug from its title
            obj.slug = unique_slugs(Statement, [obj.title])[0]
        super().save_model(request, obj, form, change)

    @admin.display(description="corrections of the reading")
    def corrections_made(self, statement):
        """Who changed what in the preview; applied again when the same file is re-imported."""
        if not statement.corrections:
            return "—"
        return format_html_join(
            "\n",
            "<div>{} · {} · {} {}</div>",
            (
                (
                    c.get("when", ""),
                    c.get("who", ""),
                    c.get("action", ""),
                    c.get("value") or c.get("text") or "",
                )
                for c in statement.corrections
            ),
        )

    @admin.display(description="date", ordering="published_on")
    def date(self, statement):
        return statement.date_display

    @admin.display(description="printed", ordering="printed_count")
    def printed_signatories(self, statement):
        return statement.printed_count

    @admin.display(description="distinct", ordering="distinct_count")
    def distinct_signatories(self, statement):
        return statement.distinct_count

    @admin.display(description="signatories")
    def signatures_link(self, statement):
        if statement.pk is None:
            return "—"
        url = reverse("admin:statements_signature_changelist")
        return format_html(
            '<a href="{}?statement__id__exact={}">{} signatures, in printed order →</a>',
            url,
            statement.pk,
            statement.printed_count,
        )

    @admin.display(description="export signatories")
    def exports(self, statement):
        if statement.pk is None:
            return "—"
        return format_html(
            '<a href="{}">CSV</a> · <a href="{}">XLSX</a>',
            reverse("admin:statements_statement_export_signatories", args=[statement.pk, "csv"]),
            reverse("admin:statements_statement_export_signatories", args=[statement.pk, "xlsx"]),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "import/template.csv",
                view(self.template_csv_view),
                name="statements_statement_import_template",
            ),
            path(
                "<int:pk>/export/signatories.<str:fmt>",
                view(self.export_signatories_view),
                name="statements_statement_export_signatories",
            ),
            path(
                "add-from-text/",
                view(self.add_from_text_view),
                name="statements_statement_add_from_text",
            ),
            path(
                "add-from-text/<str:token>/",
                view(self.text_preview_view),
                name="statements_statement_text_preview",
            ),
        ] + super().get_urls()

    def template_csv_view(self, request):
        return FileResponse(
            TEMPLATE_CSV.open("rb"),
            as_attachment=True,
            filename="statement_template.csv",
            content_type="text/csv",
        )

    def export_signatories_view(self, request, pk, fmt):
        if fmt not in ("csv", "xlsx"):
            raise Http404("CSV or XLSX")
        if not self.has_view_permission(request):
            raise PermissionDenied
        statement = get_object_or_404(Statement, pk=pk)
        return export_signatories(statement, fmt)

    # --- Add statement from text (paste or upload, preview, correct, save) ---------------------

    def add_from_text_view(self, request):
        """Step 1: read the pasted text or uploaded file; a file that cannot be read is refused
        here with the reader's message and nothing is kept."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StatementTextForm(request.POST or None, request.FILES or None)
        problem = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload is not None:
                data, filename = b"".join(upload.chunks()), form.cleaned_data["filename"]
            else:
                data, filename = form.cleaned_data["text"].encode(), "pasted.txt"
            source_file = source_file_for(filename, data, pasted=upload is None)
            corrections = stored_corrections(source_file)
            if form.cleaned_data["title"].strip():
                title = " ".join(form.cleaned_data["title"].split())
                corrections.append({"action": "set", "field": "title", "value": title})
            try:
                parse_statement_data(data, filename, corrections=corrections)
            except ImportProblem as error:
                problem = str(error)
            else:
                token = keep_upload(request.session, data, filename, source_file, corrections)
                return redirect("admin:statements_statement_text_preview", token)
        context = {"form": form, "problem": problem, "title": "Add statement from text"}
        return self._render_text(request, context)

    def text_preview_view(self, request, token):
        """Step 2: the reading line by line; staff correct it (the page re-renders with the
        corrections applied) and save it through the import function, in one transaction."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        upload = pending_upload(request.session, token)
        if upload is None:
            messages.error(request, "This upload has expired or is not yours; add it again.")
            return redirect("admin:statements_statement_add_from_text")
        try:
            parsed = parse_statement_data(
                upload.data, upload.filename, corrections=upload.corrections
            )
        except ImportProblem as error:
            forget_upload(request.session, token)
            messages.error(request, str(error))
            return redirect("admin:statements_statement_add_from_text")

        problems = []
        if request.method == "POST":
            if "cancel" in request.POST:
                forget_upload(request.session, token)
                messages.info(request, "Nothing was saved.")
                return redirect("admin:statements_statement_changelist")
            if request.POST.get("digest") != lines_digest(parsed.lines):
                problems.append("The reading changed since this page was shown; look again.")
            else:
                new, problems = corrections_from_form(request.POST, parsed)
                corrections = upload.corrections + new
                if len(corrections) > MAX_CORRECTIONS:
                    problems.append(f"at most {MAX_CORRECTIONS} corrections per statement")
            if not problems and "save" in request.POST:
                try:
                    report = import_statement_data(
                        upload.data,
                        filename=upload.filename,
                        source_file=upload.source_file,
                        corrections=stamp_corrections(corrections, request.user),
                    )
                except ImportProblem as error:
                    problems.append(str(error))
                else:
                    forget_upload(request.session, token)
                    messages.success(request, report.summary())
                    statement = Statement.objects.get(slug=report.statement["slug"])
                    return redirect("admin:statements_statement_change", statement.pk)
            elif not problems:
                set_corrections(request.session, token, corrections)
                return redirect("admin:statements_statement_text_preview", token)

        context = {
            "title": "Add statement from text: check the reading",
            "upload": upload,
            "preview": build_preview(parsed, upload.source_file, upload.corrections),
            "problems": problems,
            "split_separator": SPLIT_SEPARATOR,
        }
        return self._render_text(request, context)

    def _render_text(self, request, context):
        context.update(self.admin_site.each_context(request))
        context["opts"] = self.model._meta
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.text_template_name], context)

    # --- CSV import -----------------------------------------------------------------------------

    def has_import_permission(self, request):
        return request.user.has_perm("statements.add_statement")

    def get_import_context_data(self, **kwargs):
        return {
            "columns": COLUMNS,
            "required_columns": REQUIRED_COLUMNS,
            "template_url": reverse("admin:statements_statement_import_template"),
        }

    def import_action(self, request, **kwargs):
        """Upload → keep the bytes in the temporary storage → preview (nothing written)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        context = {"form": form}
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            data = b"".join(upload.chunks())
            try:
                context["preview"] = preview_csv(data, upload.name)
            except CsvProblems as problems:
                context["problems"] = problems.problems
            else:
                storage = self._tmp_storage()
                storage.save(data)
                upload.tmp_storage_name = storage.name
                context["confirm_form"] = self.create_confirm_form(request, import_form=form)
                context["file_name"] = upload.name
                context["preview_totals"] = _totals(context["preview"])
        return self._render_import(request, context)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Confirm: the same bytes, the same validation, then one transaction for the file."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_confirm_form(request)
        if not form.is_valid():
            return self._render_import(request, {"form": self.create_import_form(request)})
        storage = self._tmp_storage(name=form.cleaned_data["import_file_name"])
        data = storage.read()
        file_name = form.cleaned_data["original_file_name"]
        if data is None:
            messages.error(request, "The uploaded file has expired; please upload it again.")
            return redirect("admin:statements_statement_import")
        try:
            reports = import_csv(data, file_name)
        except CsvProblems as problems:
            context = {"form": self.create_import_form(request), "problems": problems.problems}
            return self._render_import(request, context)
        storage.remove()
        for report in reports:
            messages.success(request, report.summary())
        return redirect("admin:statements_statement_changelist")

    def _tmp_storage(self, name=None):
        return self.get_tmp_storage_class()(name=name, read_mode="rb", encoding=None)

    def _render_import(self, request, context):
        context.update(self.admin_site.each_context(request))
        context.update(self.get_import_context_data())
        context.update(
            {
                "title": "Import statements from CSV",
                "opts": self.model._meta,
                "media": self.media + context["form"].media,
                "fields_list": [],
            }
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)


def _totals(preview) -> dict[str, int]:
    totals = {"statements": len(preview), "rows": 0, "exact": 0, "fuzzy": 0, "new": 0}
    for statement in preview:
        for status, count in statement.counts.items():
            totals[status] += count
            totals["rows"] += count
    return totals


@admin.register(Signature)
class SignatureAdmin(StaffMayBrowse, ExportMixin, admin.ModelAdmin):
    """The ordered signatory list of a statement: this changelist filtered by statement."""

    list_display = (
        "position",
        "name_as_printed",
        "kind",
        "country",
        "organization_link",
        "statement",
        "flag_list",
    )
    list_display_links = ("name_as_printed",)
    list_select_related = ("statement", "organization")
    list_filter = ("kind", "is_repeated", "looks_glued")
    search_fields = ("name_as_printed", "organization__name")
    ordering = ("statement", "position")
    list_per_page = 100
    raw_id_fields = ("statement", "organization")
    readonly_fields = ("statement", "position", "source_line", "source_page")
    resource_classes = [SignatureResource]
    export_formats = [CSV, XLSX]

    @admin.display(description="organisation", ordering="organization__name")
    def organization_link(self, signature):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:signatories_organization_change", args=[signature.organization_id]),
            signature.organization.name,
        )

    @admin.display(description="flags")
    def flag_list(self, signature):
        return ", ".join(signature.flags)

    def has_add_permission(self, request):
        return False  # signatures come from imports; a statement's list is replaced as a whole

    def changelist_view(self, request, extra_context=None):
        """Filtered to one statement, the page is titled with it: its signatory list."""
        statement_id = request.GET.get("statement__id__exact", "")
        if statement_id.isdigit():
            statement = Statement.objects.filter(pk=statement_id).only("title").first()
            if statement is not None:
                extra_context = {
                    **(extra_context or {}),
                    "title": f"Signatories of “{statement.title}”, in printed order",
                }
        return super().changelist_view(request, extra_context)
