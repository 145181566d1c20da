"""/api/v1/: the ninja API's URLs, each answering HEAD as GET (as Django's class-based views do;
the WSGI server drops the body)."""

from functools import wraps

from django.urls import path

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


_patterns, _app_name, _namespace = api.urls
for _pattern in _patterns:
    _pattern.callback = head_as_get(_pattern.callback)

urlpatterns = [path("", (_patterns, _app_name, _namespace))]
