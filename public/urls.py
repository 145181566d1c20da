from django.urls import path

from . import downloads, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views.search, name="search"),
    path("registry.csv", downloads.registry_csv, name="registry-csv"),
    path("statements/", views.statement_list, name="statement-list"),
    path("statements/<str:slug>/", views.statement_detail, name="statement-detail"),
    path(
        "statements/<str:slug>/signatories.csv",
        downloads.statement_signatories_csv,
        name="statement-signatories-csv",
    ),
    path(
        "statements/<str:slug>/signatories.json",
        downloads.statement_signatories_json,
        name="statement-signatories-json",
    ),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<str:slug>/", views.organization_detail, name="organization-detail"),
]
