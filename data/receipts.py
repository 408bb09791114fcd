"""Request keys: a write sent again after an unknown outcome is stored once.

A page makes a request key (``uuid4``) before it sends a write and keeps it until the write is acknowledged.
When the reply is lost (the connection broke during the commit, the server restarted), the page, or the
store itself (``Store._run``), sends the same write with the same key again. The first attempt that landed
left a ``write_receipt`` row in its own transaction; the retry finds it and returns the first result.

The receipt's key is a hash of the writer's secret (participant token or facilitator key), the kind of
write and the request key: a key learnt from someone else's browser finds nothing of theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session

from canvas.clock import now as _now
from data.checks import hash_secret
from data.errors import InvalidInput
from data.tables import WriteReceiptRow

__all__ = ["Receipt", "receipt"]

# uuid4 in either spelling, or secrets.token_urlsafe: 16 to 64 letters, digits, '-' and '_'.
_REQUEST_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class Receipt:
    """Where one write's receipt is (or will be) kept."""

    key: str
    kind: str

    def landed(self, session: Session) -> WriteReceiptRow | None:
        """The receipt of an earlier attempt of this write, if one landed."""
        row = session.get(WriteReceiptRow, self.key)
        if row is not None and row.kind != self.kind:  # pragma: no cover - the kind is part of the hash
            raise InvalidInput("Deze aanvraag hoort bij een andere handeling.")
        return row

    def keep(self, session: Session, result_id: int | None) -> None:
        """Record that this write landed, in its own transaction (flushed: a second attempt at once fails here)."""
        session.add(WriteReceiptRow(receipt_key=self.key, kind=self.kind, result_id=result_id, created_at=_now()))
        session.flush()


def receipt(secret: str, kind: str, request_key: str | None) -> Receipt | None:
    """The receipt of a write of ``kind`` by the holder of ``secret`` under ``request_key`` (``None``: no key)."""
    if request_key is None:
        return None
    if not isinstance(request_key, str) or not _REQUEST_KEY.fullmatch(request_key):
        raise InvalidInput("Deze aanvraag heeft een ongeldige sleutel; laad de pagina opnieuw.")
    return Receipt(hash_secret(f"{kind}\n{secret}\n{request_key}"), kind)
