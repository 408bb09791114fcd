"""A workshop's monitoring data (issue 21) as plain data for a backup, and back: its kenmerken, results,
factoren, thema's and leervragen (with their theme and place in Tabel 4.2), and the leervraag an action answers.

``data.workshop_rows`` calls these inside its transaction; the JSON format and its checks live in
``exports.backup``. Database ids stay out: participants are known by their token hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from canvas.clock import as_utc
from data.tables import FactorRow, LeervraagRow, RondeKenmerkenRow, RondeResultRow, ThemeRow, WorkshopRow

__all__ = ["insert_monitoring", "leervraag_ids", "leervraag_refs", "monitoring_rows"]

_KENMERK_COLUMNS = (
    "type", "initiator", "transitions", "target_groups", "scope", "region", "start_year", "development_phase",
)  # fmt: skip


def monitoring_rows(session: Session, workshop_id: int, hash_of: Mapping[int, str]) -> dict[str, Any]:
    """``kenmerken`` of the ronde (``None`` when it has none of its own) and its ``results``."""
    results = session.exec(
        select(RondeResultRow).where(RondeResultRow.workshop_id == workshop_id).order_by(col(RondeResultRow.id))
    ).all()
    kenmerken = session.exec(select(RondeKenmerkenRow).where(RondeKenmerkenRow.workshop_id == workshop_id)).first()
    themes = session.exec(select(ThemeRow).where(ThemeRow.workshop_id == workshop_id).order_by(col(ThemeRow.id))).all()
    theme_place = {t.id: i for i, t in enumerate(themes)}
    factors = session.exec(
        select(FactorRow).where(FactorRow.workshop_id == workshop_id).order_by(col(FactorRow.id))
    ).all()
    leervragen = session.exec(
        select(LeervraagRow).where(LeervraagRow.workshop_id == workshop_id).order_by(col(LeervraagRow.id))
    ).all()
    return {
        "kenmerken": (
            None
            if kenmerken is None
            else {
                **{c: getattr(kenmerken, c) for c in _KENMERK_COLUMNS},
                "updated_at": as_utc(kenmerken.updated_at),
            }
        ),
        "themes": [{"title": t.title, "created_at": as_utc(t.created_at)} for t in themes],
        "factors": [
            {
                "participant": hash_of[f.participant_id],
                "kind": f.kind,
                "text": f.text,
                "theme": theme_place.get(f.theme_id),
                "deleted": f.deleted,
                "created_at": as_utc(f.created_at),
            }
            for f in factors
        ],
        "leervragen": [
            {
                "text": q.text,
                "created_at": as_utc(q.created_at),
                "theme": theme_place.get(q.theme_id),
                "dimension": q.dimension,
                "level": q.level,
                "status": q.status,
                "answer": q.answer,
                "ronde_answered": q.ronde_answered,
            }
            for q in leervragen
        ],
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
    themes = []
    for t in data.get("themes", ()):
        theme = ThemeRow(workshop_id=workshop_id, title=t["title"], created_at=as_utc(t["created_at"]))
        session.add(theme)
        session.flush()
        themes.append(theme.id)

    def theme_id(place: int | None) -> int | None:
        return None if place is None else themes[place]

    for f in data.get("factors", ()):
        session.add(
            FactorRow(
                workshop_id=workshop_id, participant_id=person_ids[f["participant"]], kind=f["kind"], text=f["text"],
                theme_id=theme_id(f["theme"]), deleted=f["deleted"], created_at=as_utc(f["created_at"]),
            )
        )  # fmt: skip
    for q in data.get("leervragen", ()):
        session.add(
            LeervraagRow(
                workshop_id=workshop_id, text=q["text"], created_at=as_utc(q["created_at"]),
                theme_id=theme_id(q.get("theme")), dimension=q.get("dimension", ""), level=q.get("level", ""),
                status=q.get("status", "open"), answer=q.get("answer", ""), ronde_answered=q.get("ronde_answered"),
            )
        )  # fmt: skip
    for r in data.get("results", ()):
        session.add(
            RondeResultRow(
                workshop_id=workshop_id, result_id=r["result_id"], value=r["value"], source=r["source"],
                updated_at=as_utc(r["updated_at"]),
            )
        )  # fmt: skip
    session.flush()


def leervraag_refs(session: Session, samenwerking_id: int) -> dict[int, dict[str, Any]]:
    """Each leervraag id of a samenwerking as a reference that a backup keeps: its ronde's code and its place."""
    rows = session.exec(
        select(LeervraagRow, WorkshopRow.code)
        .join(WorkshopRow, col(LeervraagRow.workshop_id) == col(WorkshopRow.id))
        .where(WorkshopRow.samenwerking_id == samenwerking_id)
        .order_by(col(LeervraagRow.id))
    ).all()
    places: dict[str, int] = {}
    refs: dict[int, dict[str, Any]] = {}
    for row, code in rows:
        assert row.id is not None
        refs[row.id] = {"workshop": code, "place": places.get(code, 0)}
        places[code] = places.get(code, 0) + 1
    return refs


def leervraag_ids(session: Session, samenwerking_id: int) -> dict[tuple[str, int], int]:
    """The other way round, after a restore: (code, place) → the new leervraag id."""
    return {(r["workshop"], r["place"]): i for i, r in leervraag_refs(session, samenwerking_id).items()}
