"""The store's errors (``data.store`` re-exports them): each one's ``str()`` is a Dutch sentence for the user."""

from __future__ import annotations


class StoreError(Exception):
    """Base of the store's errors; ``str(error)`` is a Dutch sentence to show the user as it is."""


class InvalidInput(StoreError, ValueError):
    pass


class UnknownWorkshop(StoreError, LookupError):
    pass


class NotFound(StoreError, LookupError):
    pass


class WorkshopClosed(StoreError):
    pass


class AccessDenied(StoreError, PermissionError):
    pass


class StaleNote(StoreError):
    """The note changed since this copy was read (another tab or device); nothing was overwritten."""


class StoreUnavailable(StoreError):
    """The database cannot take this write now (away, busy, full or read-only); nothing was written, or the
    write carried a request key and trying again with it stores it once. Worth trying again later."""


class StoreBusy(StoreUnavailable):
    pass


class StoreFull(StoreUnavailable):
    """The disk of the database is full."""


class StoreReadOnly(StoreUnavailable):
    """The database refuses every write (a read-only file or folder, or a server in read-only mode)."""


class RestoreConflict(InvalidInput):
    """Restored workshops clash with what the database holds (a code or a participant link); nothing changed."""
