"""The public page cache. Keys carry the registry revision (`statements.revision`), which every
committed change bumps, so no process serves a page older than the last change, wherever that
change was made."""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from statements.revision import current_revision


def get_only(view):
    """GET/HEAD only, 405 otherwise. csrf_exempt: these views never change state, so an unsafe
    method is answered "405 Method Not Allowed" rather than the CSRF check's 403."""
    return csrf_exempt(require_safe(view))


def public_page(view):
    """A GET-only page; a rendered 200 is served from the "public_pages" cache for
    PUBLIC_CACHE_SECONDS. Pages hold nothing per visitor (no session, cookie or CSRF token)."""

    @get_only
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        # PostgreSQL refuses NUL in text: such a slug names nothing, such a query is malformed.
        if any("\x00" in str(value) for value in kwargs.values()):
            raise Http404("no such page")
        if any("\x00" in value for _key, values in request.GET.lists() for value in values):
            return HttpResponseBadRequest("NUL is not allowed", content_type="text/plain")
        seconds = settings.PUBLIC_CACHE_SECONDS
        if seconds <= 0:
            return view(request, *args, **kwargs)
        cache = caches["public_pages"]
        address = f"{request.get_host()}{request.get_full_path()}"  # downloads hold absolute URLs
        # Read before the page's data, so a page is at least as new as the revision in its key.
        key = f"page:{current_revision()}:" + hashlib.sha256(address.encode()).hexdigest()
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(key, response, seconds)
        return response

    return wrapped
