"""A workshop's monitoring data (issue 21) as plain data for a backup, and back: its kenmerken and results.

``data.workshop_rows`` calls these inside its transaction; the JSON format and its checks live in
``exports.backup``. Database ids stay out: participants are known by their token hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from canvas.clock import as_utc
from data.tables import RondeKenmerkenRow, RondeResultRow

__all__ = ["insert_monitoring", "monitoring_rows"]

_KENMERK_COLUMNS = (
    "type", "initiator", "transitions", "target_groups", "scope", "region", "start_year", "development_phase",
)  # fmt: skip


def monitoring_rows(session: Session, workshop_id: int, hash_of: Mapping[int, str]) -> dict[str, Any]:
    """``kenmerken`` of the ronde (``None`` when it has none of its own) and its ``results``."""
    results = session.exec(
        select(RondeResultRow).where(RondeResultRow.workshop_id == workshop_id).order_by(col(RondeResultRow.id))
    ).all()
    kenmerken = session.exec(select(RondeKenmerkenRow).where(RondeKenmerkenRow.workshop_id == workshop_id)).first()
    return {
        "kenmerken": (
            None
            if kenmerken is None
            else {
                **{c: getattr(kenmerken, c) for c in _KENMERK_COLUMNS},
                "updated_at": as_utc(kenmerken.updated_at),
            }
        ),
        "results": [
            {"result_id": r.result_id, "value": r.value, "source": r.source, "updated_at": as_utc(r.updated_at)}
            for r in results
        ],
    }


def insert_monitoring(
    session: Session, data: Mapping[str, Any], workshop_id: int, person_ids: Mapping[str, int]
) -> None:
    """The monitoring data of a restored workshop (the shape ``monitoring_rows`` gives); older backups have none."""
    kenmerken = data.get("kenmerken")
    if kenmerken:
        session.add(
            RondeKenmerkenRow(
                workshop_id=workshop_id,
                **{c: kenmerken[c] for c in _KENMERK_COLUMNS},
                updated_at=as_utc(kenmerken["updated_at"]),
            )
        )
    for r in data.get("results", ()):
        session.add(
            RondeResultRow(
                workshop_id=workshop_id, result_id=r["result_id"], value=r["value"], source=r["source"],
                updated_at=as_utc(r["updated_at"]),
            )
        )  # fmt: skip
    session.flush()
