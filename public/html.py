"""HTML fragments of the public pages, built in Python rather than in a template loop: a page of
500 signatories renders about ten times faster, which the benchmark targets need. Every value is
escaped by format_html."""

from functools import cache

from babel import Locale
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from statements.models import Statement

from .links import organization_page, statement_page

_PUBLISHER = Statement._meta.get_field("publisher")


SIGNATORY_FIELDS = (
    "position",
    "name_as_printed",
    "organization__name",
    "organization__slug",
    "kind",
    "affiliation",
    "country",
)


def signatory_items(rows) -> str:
    """The <li> of each row of `SIGNATORY_FIELDS`: the record it signs as, what the line printed
    when that differs, a person marked as such with their affiliation, the stated country."""
    printed_as = ' <span class="printed">printed as <q dir="auto">{}</q></span>'
    return format_html_join(
        "\n",
        '<li value="{}"{}>{}<a href="{}" dir="auto">{}</a>{}{}{}</li>',
        (
            (
                position,
                mark_safe(' class="person"') if kind == "person" else "",
                mark_safe('<span class="kind">Person:</span> ') if kind == "person" else "",
                organization_page(org_slug),
                name,
                format_html(' <span class="affiliation" dir="auto">{}</span>', affiliation)
                if affiliation
                else "",
                _country(country),
                format_html(printed_as, printed) if printed != name else "",
            )
            for position, printed, name, org_slug, kind, affiliation, country in rows
        ),
    )


@cache
def country_name(code: str) -> str:
    """English name of an ISO 3166-1 alpha-2 code (CLDR via babel, which knows XK = Kosovo)."""
    return Locale("en").territories.get(code, code)


def _country(code: str) -> str:
    if not code:
        return ""
    return format_html(' <span class="country">({})</span>', country_name(code))


def statement_items(statements) -> str:
    """The one rendering of a statement in a list: title, date at its precision, then the
    publisher when it was loaded with the statement (select_related) and the signatory count
    when one was attached (`attach_signature_counts`). Never a query per row."""
    return format_html_join(
        "\n",
        '<li class="statement-item"><a href="{}" dir="auto" class="statement-title">{}</a> '
        '<span class="meta">{}{}{}{}</span></li>',
        (
            (statement_page(s.slug), s.title, _date(s), _publisher(s), _count(s), _signed_as(s))
            for s in statements
        ),
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


def _signed_as(statement) -> str:
    """On an organisation's page: the affiliation and country its line stated, when the list
    was annotated with them (`signed_affiliation`, `signed_country`)."""
    affiliation = getattr(statement, "signed_affiliation", "") or ""
    country = getattr(statement, "signed_country", "") or ""
    if not (affiliation or country):
        return ""
    parts = [part for part in (affiliation, country and country_name(country)) if part]
    return format_html(" · signed as <bdi>{}</bdi>", ", ".join(parts))


def _count(statement) -> str:
    count = getattr(statement, "printed_count", None)
    if count is None:
        return ""
    return format_html(" · {} signator{}", count, "y" if count == 1 else "ies")
