"""Whole workshops as plain data and back: the rows a backup holds, read from and written to the database.

``Store.export_workshop_rows`` and ``Store.restore_workshops`` run these inside one transaction; the JSON format
and its checks live in ``exports.backup``. A samenwerking travels with its rondes, partners and actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from canvas.clock import as_utc
from canvas.clock import now as _now
from canvas.model import Phase
from canvas.rounds import ActionStatus, parse_partners
from data.monitoring_rows import insert_monitoring, leervraag_ids, leervraag_refs, monitoring_rows
from data.synthesis_store import insert_synthesis, synthesis_rows
from data.tables import (
    ActionRow,
    ConclusionRow,
    LessonScoreRow,
    NoteRow,
    NoteVersionRow,
    ParticipantRow,
    PartnerRow,
    SamenwerkingRow,
    WorkshopRow,
    join_revealed_blocks,
    split_revealed_blocks,
)
from stakeholders.roles import parse_role

__all__ = [
    "group_by_pps_name",
    "insert_actions",
    "insert_samenwerking",
    "insert_workshop",
    "new_samenwerking_row",
    "samenwerking_rows",
    "workshop_rows",
]


def workshop_rows(session: Session, row: WorkshopRow, samenwerking_ref: int) -> dict[str, Any]:
    people = session.exec(
        select(ParticipantRow)
        .where(ParticipantRow.workshop_id == row.id)
        .order_by(col(ParticipantRow.joined_at), col(ParticipantRow.id))
    ).all()
    notes = session.exec(
        select(NoteRow).where(NoteRow.workshop_id == row.id).order_by(col(NoteRow.created_at), col(NoteRow.id))
    ).all()
    versions = session.exec(
        select(NoteVersionRow)
        .join(NoteRow, col(NoteVersionRow.note_id) == col(NoteRow.id))
        .where(NoteRow.workshop_id == row.id)
        .order_by(col(NoteVersionRow.version))
    ).all()
    conclusions = session.exec(
        select(ConclusionRow)
        .where(ConclusionRow.workshop_id == row.id)
        .order_by(col(ConclusionRow.block_id), col(ConclusionRow.version))
    ).all()
    versions_of: dict[int, list[dict[str, Any]]] = {}
    for v in versions:
        versions_of.setdefault(v.note_id, []).append(
            {"version": v.version, "text": v.text, "saved_at": as_utc(v.saved_at)}
        )
    scores = session.exec(
        select(LessonScoreRow).where(LessonScoreRow.workshop_id == row.id).order_by(col(LessonScoreRow.lesson_id))
    ).all()
    scores_of: dict[int, list[dict[str, Any]]] = {}
    for sc in scores:
        scores_of.setdefault(sc.participant_id, []).append(
            {"lesson_id": sc.lesson_id, "score": sc.score, "remark": sc.remark, "updated_at": as_utc(sc.updated_at)}
        )
    notes_of: dict[int, list[dict[str, Any]]] = {}
    hash_of = {p.id: p.token_hash for p in people}
    # A note's reference in the synthesis (bullets, groups, votes): its author and its place in their list.
    ref_of: dict[int, tuple[str, int]] = {}
    for n in notes:
        assert n.id is not None
        ref_of[n.id] = (hash_of[n.participant_id], len(notes_of.get(n.participant_id, [])))
        notes_of.setdefault(n.participant_id, []).append(
            {
                "block_id": n.block_id,
                "text": n.text,
                "version": n.version,
                "deleted": n.deleted,
                "created_at": as_utc(n.created_at),
                "updated_at": as_utc(n.updated_at),
                "source": n.source,
                "quote": n.quote,
                "versions": versions_of.get(n.id, []),
            }
        )
    return {
        "code": row.code,
        "pps_name": row.pps_name,
        "title": row.title,
        "region": row.region,
        "phase": row.phase,
        "date": row.date,
        "partners": row.partners,
        "closed": row.closed,
        "revealed_all": row.revealed_all,
        "revealed_blocks": list(split_revealed_blocks(row.revealed_blocks)),
        "anonymous": row.anonymous,
        "facilitator_key_hash": row.facilitator_key_hash,
        "created_at": as_utc(row.created_at),
        "participants": [
            {
                "token_hash": p.token_hash,
                "name": p.name,
                "organisation": p.organisation,
                "role": p.role,
                "sub_role": p.sub_role,
                "joined_at": as_utc(p.joined_at),
                "interviewer": p.interviewer,
                "notes": notes_of.get(p.id or 0, []),
                "lesson_scores": scores_of.get(p.id or 0, []),
            }
            for p in people
        ],
        "conclusions": [
            {"block_id": c.block_id, "version": c.version, "text": c.text, "saved_at": as_utc(c.saved_at)}
            for c in conclusions
        ],
        "samenwerking": samenwerking_ref,
        "ronde": row.ronde,
        "lessons_revealed": row.lessons_revealed,
        "factors_revealed": row.factors_revealed,
        **synthesis_rows(session, row.id, ref_of, hash_of),
        **monitoring_rows(session, row.id, hash_of),
    }


def samenwerking_rows(session: Session, samenwerking_id: int, ref: int) -> dict[str, Any]:
    row = session.get(SamenwerkingRow, samenwerking_id)
    assert row is not None
    partners = session.exec(
        select(PartnerRow).where(PartnerRow.samenwerking_id == samenwerking_id).order_by(col(PartnerRow.id))
    ).all()
    place = {p.id: i for i, p in enumerate(partners)}
    refs = leervraag_refs(session, samenwerking_id)
    actions = session.exec(
        select(ActionRow).where(ActionRow.samenwerking_id == samenwerking_id).order_by(col(ActionRow.id))
    ).all()
    return {
        "ref": ref,
        "name": row.name,
        "region": row.region,
        "theme": row.theme,
        "created_at": as_utc(row.created_at),
        "partners": [{"organisation": p.organisation, "role": p.role} for p in partners],
        "actions": [
            {
                "text": a.text,
                "owner": place[a.owner_partner_id],
                "ronde_created": a.ronde_created,
                "person": a.person,
                "due": a.due,
                "status": a.status,
                "outcome": a.outcome,
                "ronde_closed": a.ronde_closed,
                "created_at": as_utc(a.created_at),
                "updated_at": as_utc(a.updated_at),
                "leervraag": refs.get(a.leervraag_id) if a.leervraag_id is not None else None,
            }
            for a in actions
        ],
    }


def group_by_pps_name(session: Session, workshops: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """(samenwerking id, ronde) per workshop of a version-1 backup: one new samenwerking per PPS name."""
    groups: dict[str, tuple[int, int]] = {}
    placed_by_code: dict[str, tuple[int, int]] = {}
    for w in sorted(workshops, key=lambda w: (w["date"] is None, w["date"] or date.min, as_utc(w["created_at"]))):
        name = " ".join(w["pps_name"].split()).casefold()
        if name in groups:
            groups[name] = (groups[name][0], groups[name][1] + 1)
        else:
            groups[name] = new_samenwerking_row(session, w["pps_name"], w["region"], w["partners"])
        placed_by_code[w["code"]] = groups[name]
    return [placed_by_code[w["code"]] for w in workshops]


def insert_samenwerking(session: Session, data: dict[str, Any]) -> int:
    row = SamenwerkingRow(
        name=data["name"], region=data["region"], theme=data["theme"], created_at=as_utc(data["created_at"])
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    for partner in data["partners"]:
        session.add(
            PartnerRow(
                samenwerking_id=row.id,
                organisation=partner["organisation"],
                role=parse_role(partner["role"]).value,
            )
        )
    session.flush()
    return row.id


def insert_actions(session: Session, data: dict[str, Any], samenwerking_id: int) -> None:
    partners = session.exec(
        select(PartnerRow).where(PartnerRow.samenwerking_id == samenwerking_id).order_by(col(PartnerRow.id))
    ).all()
    leervragen = leervraag_ids(session, samenwerking_id)
    for a in data["actions"]:
        link = a.get("leervraag")
        session.add(
            ActionRow(
                samenwerking_id=samenwerking_id, ronde_created=a["ronde_created"], text=a["text"],
                owner_partner_id=partners[a["owner"]].id, person=a["person"], due=a["due"],
                status=ActionStatus(a["status"]).value, outcome=a["outcome"], ronde_closed=a["ronde_closed"],
                created_at=as_utc(a["created_at"]), updated_at=as_utc(a["updated_at"]),
                leervraag_id=leervragen[(link["workshop"], link["place"])] if link else None,
            )
        )  # fmt: skip


def insert_workshop(session: Session, data: dict[str, Any], samenwerking_id: int, ronde: int) -> WorkshopRow:
    row = WorkshopRow(
        samenwerking_id=samenwerking_id,
        ronde=ronde,
        lessons_revealed=data.get("lessons_revealed", False),
        factors_revealed=data.get("factors_revealed", False),
        code=data["code"],
        pps_name=data["pps_name"],
        title=data["title"],
        region=data["region"],
        phase=Phase(data["phase"]).value,
        date=data["date"],
        partners=data["partners"],
        closed=data["closed"],
        revealed_all=data["revealed_all"],
        revealed_blocks=join_revealed_blocks(data["revealed_blocks"]),
        anonymous=data["anonymous"],
        facilitator_key_hash=data["facilitator_key_hash"],
        created_at=as_utc(data["created_at"]),
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    person_ids: dict[str, int] = {}
    note_ids: dict[tuple[str, int], int] = {}
    for p in data["participants"]:
        person = ParticipantRow(
            workshop_id=row.id,
            token_hash=p["token_hash"],
            name=p["name"],
            organisation=p["organisation"],
            role=parse_role(p["role"]).value,
            sub_role=p["sub_role"],
            joined_at=as_utc(p["joined_at"]),
            interviewer=p.get("interviewer", ""),
        )
        session.add(person)
        session.flush()
        assert person.id is not None
        person_ids[p["token_hash"]] = person.id
        for place, n in enumerate(p["notes"]):
            note = NoteRow(
                workshop_id=row.id,
                participant_id=person.id,
                block_id=n["block_id"],
                text=n["text"],
                version=n["version"],
                deleted=n["deleted"],
                created_at=as_utc(n["created_at"]),
                updated_at=as_utc(n["updated_at"]),
                source=n.get("source", "workshop"),
                quote=n.get("quote", False),
            )
            session.add(note)
            session.flush()
            assert note.id is not None
            note_ids[(p["token_hash"], place)] = note.id
            for v in n["versions"]:
                session.add(
                    NoteVersionRow(
                        note_id=note.id, version=v["version"], text=v["text"], saved_at=as_utc(v["saved_at"])
                    )
                )
        for score in p.get("lesson_scores", ()):
            session.add(
                LessonScoreRow(
                    workshop_id=row.id, participant_id=person.id, lesson_id=score["lesson_id"],
                    score=score["score"], remark=score["remark"], updated_at=as_utc(score["updated_at"]),
                )
            )  # fmt: skip
    for c in data["conclusions"]:
        session.add(
            ConclusionRow(
                workshop_id=row.id,
                block_id=c["block_id"],
                version=c["version"],
                text=c["text"],
                saved_at=as_utc(c["saved_at"]),
            )
        )
    session.flush()
    insert_synthesis(session, data, row.id, person_ids, note_ids)
    insert_monitoring(session, data, row.id, person_ids)
    return row


def new_samenwerking_row(
    session: Session, name: str, region: str, partners_text: str, *, theme: str = ""
) -> tuple[int, int]:
    """A new samenwerking (with the partners named in ``partners_text``); returns its id and ronde 1."""
    row = SamenwerkingRow(name=name, region=region, theme=theme, created_at=_now())
    session.add(row)
    session.flush()
    assert row.id is not None
    for organisation, role in parse_partners(partners_text):
        session.add(PartnerRow(samenwerking_id=row.id, organisation=organisation[:200], role=role.value))
    session.flush()
    return row.id, 1
