"""HTML fragments of the public pages, built in Python rather than in a template loop: a page of
500 signatories renders about ten times faster, which the benchmark targets need. Every value is
escaped by format_html."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from statements.models import Statement

from .links import organization_page, statement_page

_PUBLISHER = Statement._meta.get_field("publisher")


def signatory_items(rows) -> str:
    """The <li> of each (position, printed name, organisation name, organisation slug)."""
    printed_as = ' <span class="printed">printed as <q dir="auto">{}</q></span>'
    return format_html_join(
        "\n",
        '<li value="{}"><a href="{}" dir="auto">{}</a>{}</li>',
        (
            (
                position,
                organization_page(org_slug),
                name,
                format_html(printed_as, printed) if printed != name else "",
            )
            for position, printed, name, org_slug in rows
        ),
    )


def statement_items(statements) -> str:
    """The one rendering of a statement in a list: title, date at its precision, then the
    publisher when it was loaded with the statement (select_related) and the signatory count
    when one was attached (`attach_signature_counts`). Never a query per row."""
    return format_html_join(
        "\n",
        '<li class="statement-item"><a href="{}" dir="auto" class="statement-title">{}</a> '
        '<span class="meta">{}{}{}</span></li>',
        ((statement_page(s.slug), s.title, _date(s), _publisher(s), _count(s)) for s in statements),
    )


def _date(statement) -> str:
    if not statement.date_display:
        return mark_safe("<span>date unknown</span>")
    if statement.date_precision == Statement.DatePrecision.DAY:
        return format_html(
            '<time datetime="{}">{}</time>',
            statement.published_on.isoformat(),
            statement.date_display,
        )
    return format_html("<time>{}</time>", statement.date_display)


def _publisher(statement) -> str:
    publisher = _PUBLISHER.get_cached_value(statement, None)
    return format_html(" · published by <bdi>{}</bdi>", publisher.name) if publisher else ""


def _count(statement) -> str:
    count = getattr(statement, "printed_count", None)
    if count is None:
        return ""
    return format_html(" · {} signator{}", count, "y" if count == 1 else "ies")
