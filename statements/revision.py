"""The registry revision: one counter that every committed change to the registry bumps.

Public page cache keys and the matcher's index key their freshness on it (no clocks), so a change
made by any process (a command, the admin, another app server) is seen everywhere at once.
"""

from django.db import transaction

from .models import RegistryRevision


def current_revision() -> int:
    """The committed revision (one query)."""
    return RegistryRevision.current()


def bump_revision_on_commit() -> None:
    """Bump once the surrounding transaction commits (at once in autocommit)."""
    transaction.on_commit(RegistryRevision.bump, robust=True)
