"""Shapes of the JSON API. Links are absolute so a response can be used on its own."""

import datetime

from ninja import Schema

from public import links


def _absolute(context, path: str) -> str:
    """Absolute URL of a path; the scheme and host are worked out once per request."""
    request = (context or {}).get("request")
    if request is None:
        return path
    root = getattr(request, "_api_root_url", None)
    if root is None:
        root = request._api_root_url = request.build_absolute_uri("/")[:-1]
    return root + path


class Error(Schema):
    detail: str


class OrganizationRef(Schema):
    slug: str
    name: str
    kind: str
    url: str
    html_url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, links.organization_api(obj.slug))

    @staticmethod
    def resolve_html_url(obj, context) -> str:
        return _absolute(context, links.organization_page(obj.slug))


class OrganizationListItem(OrganizationRef):
    statement_count: int
    signature_count: int


class StatementRef(Schema):
    slug: str
    title: str
    published_on: datetime.date | None
    date_precision: str
    date_display: str
    url: str
    html_url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, links.statement_api(obj.slug))

    @staticmethod
    def resolve_html_url(obj, context) -> str:
        return _absolute(context, links.statement_page(obj.slug))


class StatementListItem(StatementRef):
    place: str
    language: str
    source_url: str
    publisher: OrganizationRef | None
    claimed_signatory_count: int | None
    printed_count: int
    distinct_count: int


class Signatory(Schema):
    """One printed line, in printed order, with what it means (an organisation or a person, the
    stated country) and the registry record it was resolved to."""

    position: int
    name_as_printed: str
    kind: str  # "organization" | "person"
    person_name: str  # persons: the name as printed; else ""
    affiliation: str  # persons: the affiliation as printed; else ""
    country: str  # ISO 3166-1 alpha-2 when the line states a country; else ""
    organization: OrganizationRef
    is_repeated: bool
    looks_glued: bool


class StatementDetail(StatementListItem):
    body: str
    unnamed_count: int | None  # signatories the text counts without naming them
    signatories: list[Signatory]


class SignedStatement(StatementRef):
    printed_as: list[str]
    positions: list[int]


class OrganizationDetail(OrganizationRef):
    variants: list[str]
    merged_slugs: list[str]
    statements: list[SignedStatement]
    published: list[StatementRef]

    @staticmethod
    def resolve_variants(obj) -> list[str]:
        return obj.variants_list

    @staticmethod
    def resolve_statements(obj) -> list:
        return obj.signed

    @staticmethod
    def resolve_published(obj) -> list:
        return obj.published_list
