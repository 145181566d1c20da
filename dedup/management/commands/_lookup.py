"""Shared argument handling for the dedup commands."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from signatories.models import Organization


def organization(value: str) -> Organization:
    """An organisation by id or slug; a clear error for anything else."""
    query = Organization.objects.filter(pk=int(value)) if value.isdigit() else None
    found = query.first() if query is not None else None
    if found is None:
        found = Organization.objects.filter(slug=value).first()
    if found is None:
        raise CommandError(f"no organisation with id or slug {value!r}")
    return found


def user(username: str | None):
    if not username:
        return None
    found = get_user_model().objects.filter(username=username).first()
    if found is None:
        raise CommandError(f"no user {username!r}")
    return found
