"""JSON backup and restore of workshops: everything, so a restored workshop works as before.

A backup holds each workshop with its facilitator key hash, reveal state and settings; its participants with
their token hash (so private links keep working); every note with its full version history, deleted notes
included; every version of every shared conclusion; and the synthesis: bullets with their versions and
note links, the decisions on suggested groups, and every vote with its votes. Database ids stay out of the
file: participants are known by their token hash, notes live under their author (and are referred to by
author and place), so a backup restored into another database and backed up again gives the same file.

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

from canvas.blocks import BLOCKS_BY_ID, Question
from canvas.model import MAX_NOTE_LENGTH, Phase, Workshop
from canvas.synthesis import MAX_BULLET_LENGTH, MAX_VOTES, ItemKind
from data.store import (
    CODE_ALPHABET,
    MAX_CONCLUSION_LENGTH,
    MAX_NAME_LENGTH,
    MAX_ORGANISATION_LENGTH,
    MAX_SUB_ROLE_LENGTH,
    MAX_TITLE_LENGTH,
    InvalidInput,
    Store,
    UnknownWorkshop,
)
from data.tables import (
    BulletNoteRow,
    BulletRow,
    BulletVersionRow,
    ConclusionRow,
    GroupDecisionRow,
    NoteRow,
    NoteVersionRow,
    ParticipantRow,
    VoteRow,
    VoteSessionRow,
    WorkshopRow,
)
from stakeholders.roles import Role

__all__ = ["APP", "SCHEMA_VERSION", "InvalidBackup", "backup", "backup_json", "restore"]

APP = "pps-canvas"
SCHEMA_VERSION = 1


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


class ParticipantData(_Strict):
    token_hash: Hash
    name: NameText
    organisation: OrganisationText
    role: Role
    sub_role: SubRoleText
    joined_at: datetime
    notes: list[NoteData]


class ConclusionData(_Strict):
    block_id: str
    version: int = Field(ge=1)
    text: LongText
    saved_at: datetime

    _block = field_validator("block_id")(_known_block)


class NoteRef(_Strict):
    """A note by its author's token hash and its place in that author's list (database ids stay out)."""

    participant: Hash
    note: int = Field(ge=0)


BulletText = Annotated[str, StringConstraints(max_length=MAX_BULLET_LENGTH, pattern=_NO_CONTROL)]


class BulletVersionData(_Strict):
    version: int = Field(ge=1)
    text: BulletText
    saved_at: datetime


class BulletData(_Strict):
    role: Role
    question: Question
    position: int
    text: BulletText
    version: int = Field(ge=1)
    removed: bool
    created_at: datetime
    updated_at: datetime
    versions: list[BulletVersionData]
    notes: list[NoteRef]


class GroupDecisionData(_Strict):
    scope: Annotated[str, StringConstraints(max_length=80, pattern=_NO_CONTROL)]
    notes: list[NoteRef]
    accepted: bool
    decided_at: datetime


class VoteData(_Strict):
    participant: Hash
    # A note (NoteRef) or a bullet, by its place in the workshop's synthesis list.
    note: NoteRef | None = None
    bullet: int | None = Field(default=None, ge=0)
    cast_at: datetime


class VoteSessionData(_Strict):
    kind: ItemKind
    blocks: list[str]
    votes_per_participant: int = Field(ge=1, le=MAX_VOTES)
    opened_at: datetime
    closed_at: datetime | None
    votes: list[VoteData]

    @field_validator("blocks")
    @classmethod
    def _known_blocks(cls, value: list[str]) -> list[str]:
        for block_id in value:
            _known_block(block_id)
        return value


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
    # The synthesis (issue 13); absent in backups made before it, so those still restore.
    synthesis: list[BulletData] = []
    group_decisions: list[GroupDecisionData] = []
    vote_sessions: list[VoteSessionData] = []

    @field_validator("revealed_blocks")
    @classmethod
    def _known_blocks(cls, value: list[str]) -> list[str]:
        for block_id in value:
            _known_block(block_id)
        return value


class BackupData(_Strict):
    app: Literal["pps-canvas"]
    schema_version: Literal[1]
    created_at: datetime
    workshops: list[WorkshopData]


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
        workshops = [_workshop_data(session, row) for row in session.exec(query).all()]
    return {
        "app": APP,
        "schema_version": SCHEMA_VERSION,
        "created_at": _iso(datetime.now(UTC)),
        "workshops": workshops,
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
    hash_of = {p.id: p.token_hash for p in people}
    ref_of = {}
    for participant_id, listed in notes_of.items():
        own = [n for n in notes if n.participant_id == participant_id]
        for index, n in enumerate(own):
            ref_of[n.id] = {"participant": hash_of[participant_id], "note": index}
        assert len(own) == len(listed)
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
        **_synthesis_data(session, row, ref_of, hash_of),
    }


def _synthesis_data(
    session: Session, row: WorkshopRow, ref_of: dict[int | None, dict[str, Any]], hash_of: dict[int | None, str]
) -> dict[str, Any]:
    """The synthesis of a workshop for its backup: bullets, group decisions and votes, by references."""
    bullets = session.exec(select(BulletRow).where(BulletRow.workshop_id == row.id).order_by(col(BulletRow.id))).all()
    index_of = {b.id: i for i, b in enumerate(bullets)}
    versions: dict[int, list[dict[str, Any]]] = {}
    links: dict[int, list[dict[str, Any]]] = {}
    if bullets:
        ids = list(index_of)
        for v in session.exec(
            select(BulletVersionRow)
            .where(col(BulletVersionRow.bullet_id).in_(ids))
            .order_by(col(BulletVersionRow.version))
        ):
            versions.setdefault(v.bullet_id, []).append(
                {"version": v.version, "text": v.text, "saved_at": _iso(v.saved_at)}
            )
        for link in session.exec(
            select(BulletNoteRow).where(col(BulletNoteRow.bullet_id).in_(ids)).order_by(col(BulletNoteRow.id))
        ):
            links.setdefault(link.bullet_id, []).append(ref_of[link.note_id])
    decisions = session.exec(
        select(GroupDecisionRow).where(GroupDecisionRow.workshop_id == row.id).order_by(col(GroupDecisionRow.id))
    ).all()
    sessions = session.exec(
        select(VoteSessionRow).where(VoteSessionRow.workshop_id == row.id).order_by(col(VoteSessionRow.id))
    ).all()
    votes: dict[int, list[dict[str, Any]]] = {}
    if sessions:
        for v in session.exec(
            select(VoteRow).where(col(VoteRow.session_id).in_([s.id for s in sessions])).order_by(col(VoteRow.id))
        ):
            item = {"note": ref_of[v.item_id]} if v.kind == ItemKind.NOTE else {"bullet": index_of[v.item_id]}
            votes.setdefault(v.session_id, []).append(
                {"participant": hash_of[v.participant_id], **item, "cast_at": _iso(v.cast_at)}
            )
    return {
        "synthesis": [
            {
                "role": b.role,
                "question": b.question,
                "position": b.position,
                "text": b.text,
                "version": b.version,
                "removed": b.removed,
                "created_at": _iso(b.created_at),
                "updated_at": _iso(b.updated_at),
                "versions": versions.get(b.id or 0, []),
                "notes": links.get(b.id or 0, []),
            }
            for b in bullets
        ],
        "group_decisions": [
            {
                "scope": d.scope,
                "notes": [ref_of[int(i)] for i in d.note_ids.split()],
                "accepted": d.accepted,
                "decided_at": _iso(d.decided_at),
            }
            for d in decisions
        ],
        "vote_sessions": [
            {
                "kind": s.kind,
                "blocks": s.blocks.split(),
                "votes_per_participant": s.votes_per_participant,
                "opened_at": _iso(s.opened_at),
                "closed_at": _iso(s.closed_at) if s.closed_at else None,
                "votes": votes.get(s.id or 0, []),
            }
            for s in sessions
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
            for w in parsed.workshops:
                _insert(session, w)
            session.commit()
    except IntegrityError:
        raise InvalidBackup(
            "Deze back-up botst met gegevens die al in deze database staan (dezelfde workshop of dezelfde "
            "deelnamelinks); er is niets teruggezet."
        ) from None
    return [store.workshop(code) for code in codes]


def _insert(session: Session, data: WorkshopData) -> WorkshopRow:
    row = WorkshopRow(
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
    person_ids: dict[str, int] = {}
    note_ids: dict[tuple[str, int], int] = {}
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
        person_ids[p.token_hash] = person.id
        for index, n in enumerate(p.notes):
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
            assert note.id is not None
            note_ids[(p.token_hash, index)] = note.id
            for v in n.versions:
                session.add(NoteVersionRow(note_id=note.id, version=v.version, text=v.text, saved_at=_utc(v.saved_at)))
    for c in data.conclusions:
        session.add(
            ConclusionRow(
                workshop_id=row.id, block_id=c.block_id, version=c.version, text=c.text, saved_at=_utc(c.saved_at)
            )
        )
    session.flush()
    _insert_synthesis(session, data, row.id, person_ids, note_ids)
    return row


def _insert_synthesis(
    session: Session,
    data: WorkshopData,
    workshop_id: int,
    person_ids: dict[str, int],
    note_ids: dict[tuple[str, int], int],
) -> None:
    """Bullets, group decisions and votes of a restored workshop, their references resolved to new ids."""

    def note(ref: NoteRef) -> int:
        try:
            return note_ids[(ref.participant, ref.note)]
        except KeyError:
            raise InvalidBackup(
                "Deze back-up verwijst naar een notitie die er niet in staat; er is niets teruggezet."
            ) from None

    def person(token_hash: str) -> int:
        try:
            return person_ids[token_hash]
        except KeyError:
            raise InvalidBackup(
                "Deze back-up verwijst naar een deelnemer die er niet in staat; er is niets teruggezet."
            ) from None

    bullet_ids: list[int] = []
    for b in data.synthesis:
        bullet = BulletRow(
            workshop_id=workshop_id,
            role=b.role.value,
            question=b.question.value,
            position=b.position,
            text=b.text,
            version=b.version,
            removed=b.removed,
            created_at=_utc(b.created_at),
            updated_at=_utc(b.updated_at),
        )
        session.add(bullet)
        session.flush()
        assert bullet.id is not None
        bullet_ids.append(bullet.id)
        for v in b.versions:
            session.add(
                BulletVersionRow(bullet_id=bullet.id, version=v.version, text=v.text, saved_at=_utc(v.saved_at))
            )
        for ref in b.notes:
            session.add(BulletNoteRow(bullet_id=bullet.id, note_id=note(ref)))
    for d in data.group_decisions:
        ids = " ".join(str(i) for i in sorted(note(ref) for ref in d.notes))
        session.add(
            GroupDecisionRow(
                workshop_id=workshop_id, scope=d.scope, note_ids=ids, accepted=d.accepted, decided_at=_utc(d.decided_at)
            )
        )
    for s in data.vote_sessions:
        vote_session = VoteSessionRow(
            workshop_id=workshop_id,
            kind=s.kind.value,
            blocks=" ".join(b for b in BLOCKS_BY_ID if b in set(s.blocks)),
            votes_per_participant=s.votes_per_participant,
            opened_at=_utc(s.opened_at),
            closed_at=_utc(s.closed_at) if s.closed_at else None,
        )
        session.add(vote_session)
        session.flush()
        assert vote_session.id is not None
        for v in s.votes:
            if (v.note is None) == (v.bullet is None) or (v.bullet is not None and v.bullet >= len(bullet_ids)):
                raise InvalidBackup("Een stem in deze back-up hoort bij geen notitie of punt; er is niets teruggezet.")
            item = note(v.note) if v.note is not None else bullet_ids[v.bullet or 0]
            session.add(
                VoteRow(
                    session_id=vote_session.id,
                    participant_id=person(v.participant),
                    kind=(ItemKind.NOTE if v.note is not None else ItemKind.BULLET).value,
                    item_id=item,
                    cast_at=_utc(v.cast_at),
                )
            )
    session.flush()


def _utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
