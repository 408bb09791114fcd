"""JSON backup and restore of workshops: everything, so a restored workshop works as before.

A backup holds each workshop with its facilitator key hash, reveal state and settings; its participants with
their token hash (so private links keep working); every note with its full version history, deleted notes
included; and every version of every shared conclusion. Database ids stay out of the file: participants are
known by their token hash, notes live under their author, so a backup restored into another database and
backed up again gives the same file.

Schema version 2 adds the samenwerking: each with its partners and actions (the owner by its place in the
partners list), and per workshop its ronde number, lesson scores (under their participant) and leervragen.
A version-1 file still restores: its workshops of one PPS name become the rondes of one new samenwerking.

Restore is all or nothing, in one transaction: a malformed file, a newer schema version or a workshop code
that already exists is refused with a Dutch message and changes nothing.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from canvas.blocks import BLOCKS_BY_ID
from canvas.lessons import LESSONS_BY_ID, MAX_SCORE, MIN_SCORE
from canvas.model import MAX_NOTE_LENGTH, Phase, Workshop
from canvas.rounds import ActionStatus
from data.store import (
    CODE_ALPHABET,
    MAX_ACTION_LENGTH,
    MAX_CONCLUSION_LENGTH,
    MAX_NAME_LENGTH,
    MAX_ORGANISATION_LENGTH,
    MAX_REMARK_LENGTH,
    MAX_SUB_ROLE_LENGTH,
    MAX_TITLE_LENGTH,
    InvalidInput,
    Store,
    UnknownWorkshop,
    new_samenwerking_row,
)
from data.tables import (
    ActionRow,
    ConclusionRow,
    LeervraagRow,
    LessonScoreRow,
    NoteRow,
    NoteVersionRow,
    ParticipantRow,
    PartnerRow,
    SamenwerkingRow,
    WorkshopRow,
)
from stakeholders.roles import Role

__all__ = ["APP", "SCHEMA_VERSION", "InvalidBackup", "backup", "backup_json", "restore"]

APP = "pps-canvas"
SCHEMA_VERSION = 2


class InvalidBackup(InvalidInput):
    """A backup file that cannot be restored; nothing was changed."""


# -- the file format ----------------------------------------------------------------------------------

_NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


NoteText = Annotated[str, StringConstraints(max_length=MAX_NOTE_LENGTH, pattern=_NO_CONTROL)]
NameText = Annotated[str, StringConstraints(max_length=MAX_NAME_LENGTH, pattern=_NO_CONTROL)]
OrganisationText = Annotated[str, StringConstraints(max_length=MAX_ORGANISATION_LENGTH, pattern=_NO_CONTROL)]
SubRoleText = Annotated[str, StringConstraints(max_length=MAX_SUB_ROLE_LENGTH, pattern=_NO_CONTROL)]
TitleText = Annotated[str, StringConstraints(max_length=MAX_TITLE_LENGTH, pattern=_NO_CONTROL)]
LongText = Annotated[str, StringConstraints(max_length=MAX_CONCLUSION_LENGTH, pattern=_NO_CONTROL)]
Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
RemarkText = Annotated[
    str, StringConstraints(max_length=max(MAX_REMARK_LENGTH, MAX_ACTION_LENGTH), pattern=_NO_CONTROL)
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _known_block(value: str) -> str:
    if value not in BLOCKS_BY_ID:
        raise ValueError(f"onbekend blok {value!r}")
    return value


class VersionData(_Strict):
    version: int = Field(ge=1)
    text: NoteText
    saved_at: datetime


class NoteData(_Strict):
    block_id: str
    text: NoteText
    version: int = Field(ge=1)
    deleted: bool
    created_at: datetime
    updated_at: datetime
    versions: list[VersionData]

    _block = field_validator("block_id")(_known_block)


class LessonScoreData(_Strict):
    lesson_id: int = Field(ge=min(LESSONS_BY_ID), le=max(LESSONS_BY_ID))
    score: int = Field(ge=MIN_SCORE, le=MAX_SCORE)
    remark: RemarkText = ""
    updated_at: datetime


class ParticipantData(_Strict):
    token_hash: Hash
    name: NameText
    organisation: OrganisationText
    role: Role
    sub_role: SubRoleText
    joined_at: datetime
    notes: list[NoteData]
    lesson_scores: list[LessonScoreData] = []


class LeervraagData(_Strict):
    text: RemarkText
    created_at: datetime


class PartnerData(_Strict):
    organisation: TitleText
    role: Role


class ActionData(_Strict):
    text: RemarkText
    owner: int = Field(ge=0)  # the owner's place in the samenwerking's partners list
    ronde_created: int = Field(ge=1)
    person: NameText = ""
    due: date | None = None
    status: ActionStatus
    outcome: RemarkText = ""
    ronde_closed: int | None = None
    created_at: datetime
    updated_at: datetime


class SamenwerkingData(_Strict):
    ref: int = Field(ge=1)  # how the workshops of this file point at it; not a database id
    name: Annotated[str, StringConstraints(max_length=200, pattern=_NO_CONTROL)]
    region: Annotated[str, StringConstraints(max_length=200, pattern=_NO_CONTROL)]
    theme: RemarkText
    created_at: datetime
    partners: list[PartnerData]
    actions: list[ActionData]


class ConclusionData(_Strict):
    block_id: str
    version: int = Field(ge=1)
    text: LongText
    saved_at: datetime

    _block = field_validator("block_id")(_known_block)


class WorkshopData(_Strict):
    code: Annotated[str, StringConstraints(pattern=f"^[{CODE_ALPHABET}]{{4,16}}$")]
    pps_name: TitleText
    title: TitleText
    region: TitleText
    phase: Phase
    date: date | None
    partners: LongText
    closed: bool
    revealed_all: bool
    revealed_blocks: list[str]
    anonymous: bool
    facilitator_key_hash: Hash
    created_at: datetime
    participants: list[ParticipantData]
    conclusions: list[ConclusionData]
    samenwerking: int | None = None
    ronde: int = Field(default=1, ge=1)
    lessons_revealed: bool = False
    leervragen: list[LeervraagData] = []

    @field_validator("revealed_blocks")
    @classmethod
    def _known_blocks(cls, value: list[str]) -> list[str]:
        for block_id in value:
            _known_block(block_id)
        return value


class BackupData(_Strict):
    app: Literal["pps-canvas"]
    schema_version: Literal[1, 2]
    created_at: datetime
    workshops: list[WorkshopData]
    samenwerkingen: list[SamenwerkingData] = []


# -- backup -------------------------------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def backup(store: Store, code: str | None = None) -> dict[str, Any]:
    """The backup of one workshop (by code) or of all workshops, as plain JSON data."""
    wanted = store.workshop(code).id if code else None
    with Session(store.engine) as session:
        query = select(WorkshopRow).order_by(col(WorkshopRow.created_at), col(WorkshopRow.id))
        if wanted is not None:
            query = query.where(WorkshopRow.id == wanted)
        rows = session.exec(query).all()
        refs: dict[int, int] = {}
        for row in rows:
            refs.setdefault(row.samenwerking_id, len(refs) + 1)
        workshops = []
        for row in rows:
            data, extra = _workshop_data(session, row), _ronde_data(session, row, refs)
            scores = extra.pop("_scores")
            for person in data["participants"]:
                person["lesson_scores"] = [score for token, score in scores if token == person["token_hash"]]
            workshops.append({**data, **extra})
        samenwerkingen = [_samenwerking_data(session, sid, ref) for sid, ref in refs.items()]
    return {
        "app": APP,
        "schema_version": SCHEMA_VERSION,
        "created_at": _iso(datetime.now(UTC)),
        "workshops": workshops,
        "samenwerkingen": samenwerkingen,
    }


def _ronde_data(session: Session, row: WorkshopRow, refs: dict[int, int]) -> dict[str, Any]:
    scores = session.exec(
        select(LessonScoreRow, ParticipantRow.token_hash)
        .join(ParticipantRow, col(LessonScoreRow.participant_id) == col(ParticipantRow.id))
        .where(LessonScoreRow.workshop_id == row.id)
        .order_by(col(LessonScoreRow.lesson_id))
    ).all()
    leervragen = session.exec(
        select(LeervraagRow).where(LeervraagRow.workshop_id == row.id).order_by(col(LeervraagRow.id))
    ).all()
    return {
        "samenwerking": refs[row.samenwerking_id],
        "ronde": row.ronde,
        "lessons_revealed": row.lessons_revealed,
        "leervragen": [{"text": q.text, "created_at": _iso(q.created_at)} for q in leervragen],
        "_scores": [
            (token, {"lesson_id": s.lesson_id, "score": s.score, "remark": s.remark, "updated_at": _iso(s.updated_at)})
            for s, token in scores
        ],
    }


def _samenwerking_data(session: Session, samenwerking_id: int, ref: int) -> dict[str, Any]:
    row = session.get(SamenwerkingRow, samenwerking_id)
    assert row is not None
    partners = session.exec(
        select(PartnerRow).where(PartnerRow.samenwerking_id == samenwerking_id).order_by(col(PartnerRow.id))
    ).all()
    place = {p.id: i for i, p in enumerate(partners)}
    actions = session.exec(
        select(ActionRow).where(ActionRow.samenwerking_id == samenwerking_id).order_by(col(ActionRow.id))
    ).all()
    return {
        "ref": ref,
        "name": row.name,
        "region": row.region,
        "theme": row.theme,
        "created_at": _iso(row.created_at),
        "partners": [{"organisation": p.organisation, "role": p.role} for p in partners],
        "actions": [
            {
                "text": a.text,
                "owner": place[a.owner_partner_id],
                "ronde_created": a.ronde_created,
                "person": a.person,
                "due": a.due.isoformat() if a.due else None,
                "status": a.status,
                "outcome": a.outcome,
                "ronde_closed": a.ronde_closed,
                "created_at": _iso(a.created_at),
                "updated_at": _iso(a.updated_at),
            }
            for a in actions
        ],
    }


def backup_json(store: Store, code: str | None = None) -> str:
    return json.dumps(backup(store, code), ensure_ascii=False, indent=2) + "\n"


def _workshop_data(session: Session, row: WorkshopRow) -> dict[str, Any]:
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
            {"version": v.version, "text": v.text, "saved_at": _iso(v.saved_at)}
        )
    notes_of: dict[int, list[dict[str, Any]]] = {}
    for n in notes:
        assert n.id is not None
        notes_of.setdefault(n.participant_id, []).append(
            {
                "block_id": n.block_id,
                "text": n.text,
                "version": n.version,
                "deleted": n.deleted,
                "created_at": _iso(n.created_at),
                "updated_at": _iso(n.updated_at),
                "versions": versions_of.get(n.id, []),
            }
        )
    return {
        "code": row.code,
        "pps_name": row.pps_name,
        "title": row.title,
        "region": row.region,
        "phase": row.phase,
        "date": row.date.isoformat() if row.date else None,
        "partners": row.partners,
        "closed": row.closed,
        "revealed_all": row.revealed_all,
        "revealed_blocks": row.revealed_blocks.split(),
        "anonymous": row.anonymous,
        "facilitator_key_hash": row.facilitator_key_hash,
        "created_at": _iso(row.created_at),
        "participants": [
            {
                "token_hash": p.token_hash,
                "name": p.name,
                "organisation": p.organisation,
                "role": p.role,
                "sub_role": p.sub_role,
                "joined_at": _iso(p.joined_at),
                "notes": notes_of.get(p.id or 0, []),
            }
            for p in people
        ],
        "conclusions": [
            {"block_id": c.block_id, "version": c.version, "text": c.text, "saved_at": _iso(c.saved_at)}
            for c in conclusions
        ],
    }


# -- restore ------------------------------------------------------------------------------------------


def parse(raw: str | bytes | dict[str, Any]) -> BackupData:
    """Read and check a backup; ``InvalidBackup`` with a Dutch sentence when it is not one we can restore."""
    if isinstance(raw, dict):
        data: Any = raw
    else:
        try:
            data = json.loads(raw)
        except UnicodeDecodeError:
            raise InvalidBackup("Dit bestand is geen tekst in UTF-8 en dus geen PPS Canvas-back-up.") from None
        except json.JSONDecodeError as error:
            raise InvalidBackup(
                f"Dit bestand is geen geldige JSON (regel {error.lineno}, kolom {error.colno}); "
                "het is geen PPS Canvas-back-up of het is beschadigd."
            ) from None
    if not isinstance(data, dict) or data.get("app") != APP:
        raise InvalidBackup("Dit bestand is geen back-up van PPS Canvas.")
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise InvalidBackup(
            f"Deze back-up komt uit een nieuwere versie van PPS Canvas (schemaversie {version}; deze app kent "
            f"versie {SCHEMA_VERSION}). Werk de app eerst bij."
        )
    try:
        return BackupData.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = _where(first["loc"])
        problem = "ontbreekt" if first["type"] == "missing" else "heeft een ongeldige waarde"
        raise InvalidBackup(
            f"Deze back-up is beschadigd of onvolledig: {where} {problem}. Er is niets teruggezet."
        ) from None


_ITEM_NAMES = {
    "workshops": "workshop",
    "participants": "deelnemer",
    "notes": "notitie",
    "versions": "versie",
    "conclusions": "gedeeld perspectief",
}


def _where(location: tuple[int | str, ...]) -> str:
    """A validation error's place in words: ``workshop 1, deelnemer 2, veld name``."""
    parts: list[str] = []
    for i, part in enumerate(location):
        if isinstance(part, int):
            parts[-1] = f"{_ITEM_NAMES.get(str(location[i - 1]), 'onderdeel')} {part + 1}"
        else:
            parts.append(f"veld {part}")
    return ", ".join(parts) or "het bestand"


def restore(store: Store, raw: str | bytes | dict[str, Any]) -> list[Workshop]:
    """Put the workshops of a backup into the store, all or nothing; returns the restored workshops."""
    parsed = parse(raw)
    codes = [w.code for w in parsed.workshops]
    if not codes:
        raise InvalidBackup("Deze back-up bevat geen workshops.")
    if len(set(codes)) != len(codes):
        raise InvalidBackup("Deze back-up bevat dezelfde workshopcode twee keer.")
    for code in codes:
        try:
            store.workshop(code)
        except UnknownWorkshop:
            continue
        raise InvalidBackup(
            f"Er bestaat al een workshop met code {code} in deze database; er is niets teruggezet. "
            "Terugzetten vervangt nooit een bestaande workshop."
        )

    try:
        with Session(store.engine) as session:
            placed, made = _samenwerkingen(session, parsed)
            for w, (samenwerking_id, ronde) in zip(parsed.workshops, placed, strict=True):
                _insert(session, w, samenwerking_id, ronde)
            _insert_actions(session, parsed, made)
            session.commit()
    except IntegrityError:
        raise InvalidBackup(
            "Deze back-up botst met gegevens die al in deze database staan (dezelfde workshop of dezelfde "
            "deelnamelinks); er is niets teruggezet."
        ) from None
    return [store.workshop(code) for code in codes]


def _samenwerkingen(session: Session, parsed: BackupData) -> tuple[list[tuple[int, int]], dict[int, int]]:
    """Make the samenwerkingen of the file: (samenwerking id, ronde) per workshop in file order, and ref → id.

    Version 2 names them; a version-1 file knows none, so its workshops with one PPS name become the rondes of
    one new samenwerking, by date. Never joined to a samenwerking already in this database.
    """
    if parsed.schema_version >= 2:
        known = {s.ref: s for s in parsed.samenwerkingen}
        if len(known) != len(parsed.samenwerkingen):
            raise InvalidBackup("Deze back-up bevat dezelfde samenwerking twee keer; er is niets teruggezet.")
        made: dict[int, int] = {}
        for ref, data in known.items():
            row = SamenwerkingRow(
                name=data.name, region=data.region, theme=data.theme, created_at=_utc(data.created_at)
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            made[ref] = row.id
            for partner in data.partners:
                session.add(
                    PartnerRow(samenwerking_id=row.id, organisation=partner.organisation, role=partner.role.value)
                )
        placed = []
        for w in parsed.workshops:
            if w.samenwerking not in made:
                raise InvalidBackup(
                    f"Workshop {w.code} in deze back-up hoort bij een samenwerking die er niet in staat; "
                    "er is niets teruggezet."
                )
            placed.append((made[w.samenwerking], w.ronde))
        session.flush()
        return placed, made
    groups: dict[str, tuple[int, int]] = {}
    placed_by_code: dict[str, tuple[int, int]] = {}
    for w in sorted(parsed.workshops, key=lambda w: (w.date is None, w.date or date.min, _utc(w.created_at))):
        name = " ".join(w.pps_name.split()).casefold()
        if name in groups:
            groups[name] = (groups[name][0], groups[name][1] + 1)
        else:
            groups[name] = new_samenwerking_row(session, w.pps_name, w.region, w.partners)
        placed_by_code[w.code] = groups[name]
    return [placed_by_code[w.code] for w in parsed.workshops], {}


def _insert_actions(session: Session, parsed: BackupData, made: dict[int, int]) -> None:
    for data in parsed.samenwerkingen:
        samenwerking_id = made[data.ref]
        partners = session.exec(
            select(PartnerRow).where(PartnerRow.samenwerking_id == samenwerking_id).order_by(col(PartnerRow.id))
        ).all()
        for a in data.actions:
            if a.owner >= len(partners):
                raise InvalidBackup(
                    f"Een actie van {data.name} in deze back-up heeft een eigenaar die geen partner is; "
                    "er is niets teruggezet."
                )
            session.add(
                ActionRow(
                    samenwerking_id=samenwerking_id, ronde_created=a.ronde_created, text=a.text,
                    owner_partner_id=partners[a.owner].id, person=a.person, due=a.due, status=a.status.value,
                    outcome=a.outcome, ronde_closed=a.ronde_closed, created_at=_utc(a.created_at),
                    updated_at=_utc(a.updated_at),
                )
            )  # fmt: skip


def _insert(session: Session, data: WorkshopData, samenwerking_id: int, ronde: int) -> WorkshopRow:
    row = WorkshopRow(
        samenwerking_id=samenwerking_id,
        ronde=ronde,
        lessons_revealed=data.lessons_revealed,
        code=data.code,
        pps_name=data.pps_name,
        title=data.title,
        region=data.region,
        phase=data.phase.value,
        date=data.date,
        partners=data.partners,
        closed=data.closed,
        revealed_all=data.revealed_all,
        revealed_blocks=" ".join(b for b in BLOCKS_BY_ID if b in set(data.revealed_blocks)),
        anonymous=data.anonymous,
        facilitator_key_hash=data.facilitator_key_hash,
        created_at=_utc(data.created_at),
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    for p in data.participants:
        person = ParticipantRow(
            workshop_id=row.id,
            token_hash=p.token_hash,
            name=p.name,
            organisation=p.organisation,
            role=p.role.value,
            sub_role=p.sub_role,
            joined_at=_utc(p.joined_at),
        )
        session.add(person)
        session.flush()
        assert person.id is not None
        for n in p.notes:
            note = NoteRow(
                workshop_id=row.id,
                participant_id=person.id,
                block_id=n.block_id,
                text=n.text,
                version=n.version,
                deleted=n.deleted,
                created_at=_utc(n.created_at),
                updated_at=_utc(n.updated_at),
            )
            session.add(note)
            session.flush()
            for v in n.versions:
                session.add(NoteVersionRow(note_id=note.id, version=v.version, text=v.text, saved_at=_utc(v.saved_at)))
        for score in p.lesson_scores:
            session.add(
                LessonScoreRow(
                    workshop_id=row.id, participant_id=person.id, lesson_id=score.lesson_id, score=score.score,
                    remark=score.remark, updated_at=_utc(score.updated_at),
                )
            )  # fmt: skip
    for q in data.leervragen:
        session.add(LeervraagRow(workshop_id=row.id, text=q.text, created_at=_utc(q.created_at)))
    for c in data.conclusions:
        session.add(
            ConclusionRow(
                workshop_id=row.id, block_id=c.block_id, version=c.version, text=c.text, saved_at=_utc(c.saved_at)
            )
        )
    session.flush()
    return row


def _utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
