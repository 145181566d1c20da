from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("reconcile/", include("api.reconcile_urls")),
    path("", include("public.urls")),
]
