from django.urls import path

from . import reconcile_views

urlpatterns = [
    path("", reconcile_views.service, name="reconcile-service"),
    path("preview", reconcile_views.preview, name="reconcile-preview"),
]
