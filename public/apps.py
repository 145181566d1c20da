from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public site: pages, search, downloads and their cache. No models."""

    name = "public"
    verbose_name = "Public pages"
