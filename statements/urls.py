from django.urls import path

from signatories import views as organization_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views.search, name="search"),
    path("registry.csv", views.registry_csv, name="registry-csv"),
    path("statements/", views.statement_list, name="statement-list"),
    path("statements/<str:slug>/", views.statement_detail, name="statement-detail"),
    path(
        "statements/<str:slug>/signatories.csv",
        views.statement_signatories_csv,
        name="statement-signatories-csv",
    ),
    path(
        "statements/<str:slug>/signatories.json",
        views.statement_signatories_json,
        name="statement-signatories-json",
    ),
    path("organizations/", organization_views.organization_list, name="organization-list"),
    path(
        "organizations/<str:slug>/",
        organization_views.organization_detail,
        name="organization-detail",
    ),
]
