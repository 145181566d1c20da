"""Page-number pagination with links to the neighbouring pages."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000  # keeps OFFSET within what every database accepts


class Pagination(PaginationBase):
    """`complete(rows)` runs on the page's rows only, so per-row aggregates (counts) are computed
    for 50 rows rather than for the whole table before sorting."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        count: int
        page: int
        page_size: int
        next: str | None
        previous: str | None
        items: list[Any]

    def __init__(self, *, complete: Callable[[list], list] | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.complete = complete or (lambda rows: rows)

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params):
        count = self._items_count(queryset)
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "count": count,
            "page": pagination.page,
            "page_size": pagination.page_size,
            "next": _page_link(request, pagination.page + 1)
            if offset + pagination.page_size < count
            else None,
            "previous": _page_link(request, pagination.page - 1)
            if pagination.page > 1 and count
            else None,
            "items": self.complete(list(queryset[offset : offset + pagination.page_size])),
        }


def _page_link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
