"""The registry revision: one counter that every committed change to the registry bumps.

Public page cache keys and the matcher's index key their freshness on it (no clocks), so a change
made by any process (a command, the admin, another app server) is seen everywhere at once.

Who bumps it: the services that write (statement and CSV import, merge and undo) call
`bump_revision_on_commit()`; saves and deletes of registry rows made anywhere else (the admin,
a shell) reach `bump_on_save_or_delete` through the model signals connected in
`StatementsConfig.ready()`, so they exist in every process, whatever it loaded.
"""

from django.db import transaction

from .models import RegistryRevision


def current_revision() -> int:
    """The committed revision (one query)."""
    return RegistryRevision.current()


class _BumpOnce:
    """One bump for a whole transaction: every change queues the same instance, the first call
    after the commit bumps and the others find it done. Queuing every time (rather than once)
    keeps the bump when a savepoint holding the first change rolls back, and lets
    `captureOnCommitCallbacks` in tests see each change's callback."""

    def __init__(self):
        self.done = False

    def __call__(self):
        if not self.done:
            self.done = True
            RegistryRevision.bump()


def bump_revision_on_commit() -> None:
    """Bump once the surrounding transaction commits (at once in autocommit); one UPDATE per
    transaction however many rows changed (deleting a statement signals once per signature)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        RegistryRevision.bump()
        return
    pending = getattr(connection, "registry_revision_bump", None)
    if pending is None or pending.done:
        pending = connection.registry_revision_bump = _BumpOnce()
    transaction.on_commit(pending, robust=True)


def bump_on_save_or_delete(sender, **_kwargs) -> None:
    """post_save / post_delete receiver for the registry's models."""
    bump_revision_on_commit()
