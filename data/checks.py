"""Checks every part of the store shares: hashing keys and tokens, and cleaning user text.

Kept apart from ``data.store`` so the store's mixins (``data.timer_store``, ``data.community_store``) can use
them too: those are imported by ``data.store``, and the import graph has no cycles.
"""

from __future__ import annotations

import hashlib
import secrets

from canvas.text import has_control_chars
from data.errors import InvalidInput

__all__ = ["clean_line", "clean_text", "dutch_number", "hash_secret", "new_secret"]


def new_secret() -> str:
    """A key or token: ``secrets.token_urlsafe(24)``, 192 bits."""
    return secrets.token_urlsafe(24)


def hash_secret(secret: str) -> str:
    """What the database keeps of a key or token: its SHA-256, so a copy of the database opens nothing."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def clean_text(value: str, *, what: str, max_length: int, required: bool = True) -> str:
    """Check user text; kept exactly as typed when valid (no trimming of meaningful characters)."""
    value = "" if value is None else str(value)
    if has_control_chars(value):
        raise InvalidInput(f"{what} bevat onzichtbare stuurtekens; haal die weg en probeer opnieuw.")
    if required and not value.strip():
        raise InvalidInput(f"{what} is leeg; schrijf eerst iets.")
    if len(value) > max_length:
        size, limit = dutch_number(len(value)), dutch_number(max_length)
        raise InvalidInput(f"{what} is te lang: {size} tekens, het maximum is {limit}.")
    return value


def dutch_number(n: int) -> str:
    """12345 as "12.345", the way Dutch readers group digits."""
    return f"{n:,}".replace(",", ".")


def clean_line(value: str, *, what: str, max_length: int, required: bool) -> str:
    """A one-line field (name, organisation): trimmed, inner whitespace collapsed."""
    value = " ".join(("" if value is None else str(value)).split())
    return clean_text(value, what=what, max_length=max_length, required=required)
