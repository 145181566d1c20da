"""/api/v1/: the ninja API's URLs, each answering HEAD as GET (as Django's class-based views do;
the WSGI server drops the body)."""

from functools import wraps

from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from .views import api


def head_as_get(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            return view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"

    return wrapper


@require_safe
def index(request):
    """/api/v1/ itself: where everything is, so the API can be explored from its root."""
    links = {
        "statements": "api-v1:statement-list",
        "organizations": "api-v1:organization-list",
        "openapi": "api-v1:openapi-json",
        "docs": "api-v1:openapi-view",
        "reconcile": "reconcile-service",
    }
    return JsonResponse(
        {key: request.build_absolute_uri(reverse(name)) for key, name in links.items()}
    )


_patterns, _app_name, _namespace = api.urls
for _pattern in _patterns:
    _pattern.callback = head_as_get(_pattern.callback)

urlpatterns = [
    path("", index, name="api-index"),
    path("", (_patterns, _app_name, _namespace)),
]
