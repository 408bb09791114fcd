"""The store: every read and write of workshops, participants, notes and conclusions.

Pages, exports and the command line call these methods and get ``canvas.model`` objects back; none of them
sees a Session. Access rules live here, not only in the UI: a participant acts through their private token
and can touch only their own notes; facilitator actions need the workshop's facilitator key.

Keys and tokens are ``secrets.token_urlsafe(24)`` (192 bits) and only their SHA-256 is stored, so a copy of
the database does not hand out working links.
"""

from __future__ import annotations

import hashlib
import random
import re
import secrets
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Engine, func
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from canvas.blocks import block
from canvas.clock import as_utc
from canvas.clock import now as _now
from canvas.model import (
    MAX_NOTE_LENGTH,
    Note,
    NoteVersion,
    Participant,
    Phase,
    SharedConclusion,
    Workshop,
)
from canvas.text import has_control_chars
from data.db import make_engine, migrate
from data.errors import (
    AccessDenied,
    InvalidInput,
    NotFound,
    RestoreConflict,
    StaleNote,
    StoreBusy,
    StoreError,
    UnknownWorkshop,
    WorkshopClosed,
)
from data.tables import (
    ConclusionRow,
    NoteRow,
    NoteVersionRow,
    ParticipantRow,
    WorkshopRow,
    join_revealed_blocks,
    split_revealed_blocks,
)
from data.timer_store import TimerStore
from stakeholders.roles import Role, parse_role

__all__ = [
    "CODE_ALPHABET",
    "AccessDenied",
    "InvalidInput",
    "NotFound",
    "RestoreConflict",
    "StaleNote",
    "Store",
    "StoreBusy",
    "StoreError",
    "UnknownWorkshop",
    "WorkshopClosed",
    "normalise_code",
]

# Join codes avoid characters that look alike on a projector: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_NAME_LENGTH = 80
MAX_ORGANISATION_LENGTH = 120
MAX_SUB_ROLE_LENGTH = 60
MAX_TITLE_LENGTH = 120
MAX_CONCLUSION_LENGTH = 2_000

T = TypeVar("T")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(raw: str) -> str:
    """A join code as typed (any case, spaces and dashes) to its canonical form."""
    return re.sub(r"[\s\-_.]+", "", raw or "").upper()


def _clean_text(value: str, *, what: str, max_length: int, required: bool = True) -> str:
    """Check user text; kept exactly as typed when valid (no trimming of meaningful characters)."""
    value = "" if value is None else str(value)
    if has_control_chars(value):
        raise InvalidInput(f"{what} bevat onzichtbare stuurtekens; haal die weg en probeer opnieuw.")
    if required and not value.strip():
        raise InvalidInput(f"{what} is leeg; schrijf eerst iets.")
    if len(value) > max_length:
        size, limit = _dutch_number(len(value)), _dutch_number(max_length)
        raise InvalidInput(f"{what} is te lang: {size} tekens, het maximum is {limit}.")
    return value


def _dutch_number(n: int) -> str:
    """12345 as "12.345", the way Dutch readers group digits."""
    return f"{n:,}".replace(",", ".")


def _clean_line(value: str, *, what: str, max_length: int, required: bool) -> str:
    """A one-line field (name, organisation): trimmed, inner whitespace collapsed."""
    value = " ".join(("" if value is None else str(value)).split())
    return _clean_text(value, what=what, max_length=max_length, required=required)


def _is_busy(error: OperationalError) -> bool:
    message = str(error.orig).lower() if error.orig is not None else str(error).lower()
    return "locked" in message or "busy" in message


class Store(TimerStore):
    """All persistence for PPS Canvas, over one SQLAlchemy engine (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine, *, retry_seconds: float = 30.0) -> None:
        self.engine = engine
        self.retry_seconds = retry_seconds

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to ``url`` and bring its schema up to date."""
        engine = make_engine(url)
        migrate(engine)
        return cls(engine)

    # -- transactions ---------------------------------------------------------------------------------

    def _run(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction; when the database is busy, wait and run it again.

        SQLite lets one writer in at a time. Its busy timeout covers most waits; a read that turns into a
        write can still be refused at once (SQLITE_BUSY_SNAPSHOT), and that is retried here as a whole, so
        no "database is locked" ever reaches a participant.
        """
        deadline = time.monotonic() + self.retry_seconds
        delay = 0.005
        while True:
            try:
                with Session(self.engine, expire_on_commit=False) as session:
                    result = work(session)
                    session.commit()
                    return result
            except OperationalError as error:
                if not _is_busy(error) or time.monotonic() > deadline:
                    if _is_busy(error):
                        raise StoreBusy(
                            "De database is even erg druk; je tekst is niet opgeslagen. Probeer het zo opnieuw."
                        ) from error
                    raise
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.25)

    # -- workshops ------------------------------------------------------------------------------------

    def create_workshop(
        self,
        *,
        pps_name: str,
        title: str,
        region: str = "",
        phase: Phase | str = Phase.ONTWERP,
        date: date | None = None,
        partners: str = "",
        code: str | None = None,
    ) -> tuple[Workshop, str]:
        """A new workshop and its facilitator key (shown once; only its hash is kept)."""
        pps_name = _clean_line(pps_name, what="De naam van de PPS", max_length=MAX_TITLE_LENGTH, required=True)
        title = _clean_line(title, what="De titel van de workshop", max_length=MAX_TITLE_LENGTH, required=True)
        region = _clean_line(region, what="De regio", max_length=MAX_TITLE_LENGTH, required=False)
        partners = _clean_text(partners, what="De partners", max_length=MAX_CONCLUSION_LENGTH, required=False)
        try:
            phase = Phase(phase)
        except ValueError:
            raise InvalidInput(f"Onbekende fase {phase!r}.") from None
        key = secrets.token_urlsafe(24)
        wanted = normalise_code(code) if code else None
        if wanted is not None and (len(wanted) < 4 or set(wanted) - set(CODE_ALPHABET)):
            raise InvalidInput("Een code heeft minstens 4 tekens uit A-Z en 2-9, zonder 0, O, 1, I en L.")

        for _attempt in range(20):
            candidate = wanted or "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))

            def work(session: Session, candidate: str = candidate) -> WorkshopRow:
                row = WorkshopRow(
                    code=candidate,
                    pps_name=pps_name,
                    title=title,
                    region=region,
                    phase=phase.value,
                    date=date,
                    partners=partners,
                    facilitator_key_hash=_hash(key),
                    created_at=_now(),
                )
                session.add(row)
                session.flush()
                return row

            try:
                row = self._run(work)
            except IntegrityError:
                if wanted:
                    raise InvalidInput(f"Er bestaat al een workshop met code {wanted}.") from None
                continue
            return _workshop(row), key
        raise StoreError("Kon geen vrije workshopcode vinden; probeer het opnieuw.")  # pragma: no cover

    def workshops(self) -> list[Workshop]:
        with Session(self.engine) as session:
            rows = session.exec(select(WorkshopRow).order_by(col(WorkshopRow.created_at), col(WorkshopRow.id)))
            return [_workshop(r) for r in rows]

    def workshop(self, code: str) -> Workshop:
        """The workshop with this join code, however it was typed."""
        wanted = normalise_code(code)
        if not wanted:
            raise UnknownWorkshop("Vul de workshopcode in die de begeleider laat zien.")
        with Session(self.engine) as session:
            row = session.exec(select(WorkshopRow).where(WorkshopRow.code == wanted)).first()
        if row is None:
            raise UnknownWorkshop(
                f"Er is geen workshop met code {wanted}. Controleer de code op het scherm van de begeleider."
            )
        return _workshop(row)

    def workshop_by_id(self, workshop_id: int) -> Workshop:
        with Session(self.engine) as session:
            row = session.get(WorkshopRow, workshop_id)
        if row is None:
            raise UnknownWorkshop("Deze workshop bestaat niet (meer).")
        return _workshop(row)

    def facilitated_workshop(self, key: str) -> Workshop:
        """The workshop this facilitator key opens; ``AccessDenied`` for a wrong key."""
        if not key:
            raise AccessDenied("Deze pagina is alleen voor de begeleider: open de begeleiderslink.")
        with Session(self.engine) as session:
            row = session.exec(select(WorkshopRow).where(WorkshopRow.facilitator_key_hash == _hash(key))).first()
        if row is None:
            raise AccessDenied(
                "Deze begeleiderslink klopt niet. Gebruik de link die je kreeg toen je de workshop aanmaakte."
            )
        return _workshop(row)

    def _update_workshop(self, key: str, change: Callable[[WorkshopRow], None]) -> Workshop:
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> WorkshopRow:
            row = session.get(WorkshopRow, workshop.id)
            assert row is not None
            change(row)
            session.add(row)
            session.flush()
            return row

        return _workshop(self._run(work))

    def set_closed(self, key: str, closed: bool) -> Workshop:
        return self._update_workshop(key, lambda row: setattr(row, "closed", closed))

    def set_anonymous(self, key: str, anonymous: bool) -> Workshop:
        return self._update_workshop(key, lambda row: setattr(row, "anonymous", anonymous))

    def set_revealed(self, key: str, revealed: bool, block_id: str | None = None) -> Workshop:
        """Reveal or hide notes: for the whole workshop (``block_id=None``) or one block."""
        if block_id is not None:
            block(block_id)

        def change(row: WorkshopRow) -> None:
            if block_id is None:
                row.revealed_all = revealed
                if not revealed:
                    row.revealed_blocks = ""
                return
            current = set(split_revealed_blocks(row.revealed_blocks))
            row.revealed_blocks = join_revealed_blocks(current | {block_id} if revealed else current - {block_id})

        return self._update_workshop(key, change)

    def reset_facilitator_key(self, code: str) -> str:
        """A new facilitator key for the workshop with this code (for whoever runs the server)."""
        workshop = self.workshop(code)
        key = secrets.token_urlsafe(24)

        def work(session: Session) -> None:
            row = session.get(WorkshopRow, workshop.id)
            assert row is not None
            row.facilitator_key_hash = _hash(key)
            session.add(row)

        self._run(work)
        return key

    # -- participants ---------------------------------------------------------------------------------

    def join(
        self,
        code: str,
        *,
        name: str,
        role: Role | str,
        organisation: str = "",
        sub_role: str = "",
    ) -> tuple[Participant, str]:
        """Join a workshop; returns the participant and their private token (for the ``?p=`` link)."""
        workshop = self.workshop(code)
        if workshop.closed:
            raise WorkshopClosed(
                f"De workshop {workshop.code} is gesloten; je kunt niet meer deelnemen. Vraag de begeleider."
            )
        name = _clean_line(name, what="Je naam", max_length=MAX_NAME_LENGTH, required=True)
        organisation = _clean_line(
            organisation, what="Je organisatie", max_length=MAX_ORGANISATION_LENGTH, required=False
        )
        try:
            role = parse_role(role)
        except ValueError as error:
            raise InvalidInput(str(error)) from None
        sub_role = _clean_line(sub_role, what="Je rol", max_length=MAX_SUB_ROLE_LENGTH, required=False)
        token = secrets.token_urlsafe(24)

        def work(session: Session) -> ParticipantRow:
            row = ParticipantRow(
                workshop_id=workshop.id,
                token_hash=_hash(token),
                name=name,
                organisation=organisation,
                role=role.value,
                sub_role=sub_role,
                joined_at=_now(),
            )
            session.add(row)
            session.flush()
            return row

        return _participant(self._run(work)), token

    def participant(self, token: str) -> Participant:
        """The participant whose private link this is."""
        row = self._participant_row(token)
        return _participant(row)

    def _participant_row(self, token: str) -> ParticipantRow:
        if not token:
            raise AccessDenied("Open eerst je eigen deelnamelink of doe opnieuw mee met de workshopcode.")
        with Session(self.engine) as session:
            row = session.exec(select(ParticipantRow).where(ParticipantRow.token_hash == _hash(token))).first()
        if row is None:
            raise AccessDenied(
                "Deze deelnamelink kennen we niet. Doe opnieuw mee met de workshopcode van de begeleider."
            )
        return row

    def participants(self, workshop_id: int) -> list[Participant]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(ParticipantRow)
                .where(ParticipantRow.workshop_id == workshop_id)
                .order_by(col(ParticipantRow.joined_at), col(ParticipantRow.id))
            )
            return [_participant(r) for r in rows]

    # -- notes ----------------------------------------------------------------------------------------

    def _writer(self, session: Session, token: str) -> ParticipantRow:
        """The participant behind this token, inside the write's own transaction; refused when closed."""
        if not token:
            raise AccessDenied("Open eerst je eigen deelnamelink of doe opnieuw mee met de workshopcode.")
        found = session.exec(
            select(ParticipantRow, WorkshopRow)
            .join(WorkshopRow, col(ParticipantRow.workshop_id) == col(WorkshopRow.id))
            .where(ParticipantRow.token_hash == _hash(token))
        ).first()
        if found is None:
            raise AccessDenied(
                "Deze deelnamelink kennen we niet. Doe opnieuw mee met de workshopcode van de begeleider."
            )
        participant, workshop = found
        if workshop.closed:
            raise WorkshopClosed("De workshop is gesloten: je kunt je notities nog lezen, maar niet meer wijzigen.")
        return participant

    def add_note(self, token: str, block_id: str, text: str) -> Note:
        """Store a new note of this participant in this block, at once."""
        block(block_id)
        text = _clean_text(text, what="Je notitie", max_length=MAX_NOTE_LENGTH)

        def work(session: Session) -> tuple[NoteRow, ParticipantRow]:
            participant = self._writer(session, token)
            now = _now()
            row = NoteRow(
                workshop_id=participant.workshop_id,
                participant_id=participant.id,
                block_id=block_id,
                text=text,
                version=1,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            session.add(NoteVersionRow(note_id=row.id, version=1, text=text, saved_at=now))
            return row, participant

        return _note(*self._run(work))

    def _own_note(self, session: Session, participant: ParticipantRow, note_id: int) -> NoteRow:
        row = session.get(NoteRow, note_id)
        if row is None:
            raise NotFound("Deze notitie bestaat niet.")
        if row.participant_id != participant.id:
            raise AccessDenied("Je kunt alleen je eigen notities wijzigen.")
        return row

    def edit_note(self, token: str, note_id: int, text: str, *, expected_version: int | None = None) -> Note:
        """Change the text of one's own note; the earlier text stays in its history.

        With ``expected_version`` (the version the participant was looking at) a save over a newer version
        from another tab or device is refused with ``StaleNote`` instead of silently replacing it.
        """
        text = _clean_text(text, what="Je notitie", max_length=MAX_NOTE_LENGTH)

        def work(session: Session) -> tuple[NoteRow, ParticipantRow]:
            participant = self._writer(session, token)
            row = self._own_note(session, participant, note_id)
            if expected_version is not None and row.version != expected_version:
                raise StaleNote(
                    "Deze notitie is intussen op een ander scherm gewijzigd. Je ziet nu de nieuwste tekst; "
                    "jouw wijziging is niet opgeslagen, kopieer die zo nodig opnieuw."
                )
            if row.text == text and not row.deleted:
                return row, participant
            now = _now()
            row.version += 1
            row.text = text
            row.deleted = False
            row.updated_at = now
            session.add(row)
            session.add(NoteVersionRow(note_id=row.id, version=row.version, text=text, saved_at=now))
            session.flush()
            return row, participant

        return _note(*self._run(work))

    def _set_deleted(self, token: str, note_id: int, deleted: bool) -> Note:
        def work(session: Session) -> tuple[NoteRow, ParticipantRow]:
            participant = self._writer(session, token)
            row = self._own_note(session, participant, note_id)
            row.deleted = deleted
            row.updated_at = _now()
            session.add(row)
            session.flush()
            return row, participant

        return _note(*self._run(work))

    def delete_note(self, token: str, note_id: int) -> Note:
        """Soft delete: the note disappears from the canvas but can be brought back with ``undelete_note``."""
        return self._set_deleted(token, note_id, True)

    def undelete_note(self, token: str, note_id: int) -> Note:
        return self._set_deleted(token, note_id, False)

    def own_notes(self, token: str, *, include_deleted: bool = False) -> list[Note]:
        participant = self._participant_row(token)
        with Session(self.engine) as session:
            query = select(NoteRow).where(NoteRow.participant_id == participant.id)
            if not include_deleted:
                query = query.where(col(NoteRow.deleted).is_(False))
            rows = session.exec(query.order_by(col(NoteRow.created_at), col(NoteRow.id))).all()
        return [_note(r, participant) for r in rows]

    def notes(self, workshop_id: int, *, include_deleted: bool = False) -> list[Note]:
        """All notes of a workshop with their authors, oldest first (not filtered by reveal)."""
        with Session(self.engine) as session:
            query = (
                select(NoteRow, ParticipantRow)
                .join(ParticipantRow, col(NoteRow.participant_id) == col(ParticipantRow.id))
                .where(NoteRow.workshop_id == workshop_id)
            )
            if not include_deleted:
                query = query.where(col(NoteRow.deleted).is_(False))
            rows = session.exec(query.order_by(col(NoteRow.created_at), col(NoteRow.id))).all()
        return [_note(n, p) for n, p in rows]

    def visible_notes(self, workshop: Workshop) -> list[Note]:
        """The notes the room may see: only blocks the facilitator revealed."""
        if not (workshop.revealed_all or workshop.revealed_blocks):
            return []
        return [n for n in self.notes(workshop.id) if workshop.is_revealed(n.block_id)]

    def note_history(self, note_id: int) -> list[NoteVersion]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(NoteVersionRow).where(NoteVersionRow.note_id == note_id).order_by(col(NoteVersionRow.version))
            ).all()
        return [NoteVersion(note_id=r.note_id, version=r.version, text=r.text, saved_at=r.saved_at) for r in rows]

    # -- shared conclusions ---------------------------------------------------------------------------

    def set_conclusion(self, key: str, block_id: str, text: str) -> SharedConclusion:
        """Write the gedeeld perspectief of a block; every earlier version is kept."""
        block(block_id)
        text = _clean_text(text, what="Het gedeeld perspectief", max_length=MAX_CONCLUSION_LENGTH, required=False)
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> ConclusionRow:
            latest = session.exec(
                select(func.max(ConclusionRow.version)).where(
                    ConclusionRow.workshop_id == workshop.id, ConclusionRow.block_id == block_id
                )
            ).one()
            row = ConclusionRow(
                workshop_id=workshop.id, block_id=block_id, version=(latest or 0) + 1, text=text, saved_at=_now()
            )
            session.add(row)
            session.flush()
            return row

        return _conclusion(self._run(work))

    def conclusions(self, workshop_id: int) -> dict[str, SharedConclusion]:
        """The current gedeeld perspectief per block (blocks with an empty or no conclusion left out)."""
        current: dict[str, SharedConclusion] = {}
        for c in self.conclusion_history(workshop_id):
            current[c.block_id] = c
        return {b: c for b, c in current.items() if c.text.strip()}

    def conclusion_history(self, workshop_id: int, block_id: str | None = None) -> list[SharedConclusion]:
        with Session(self.engine) as session:
            query = select(ConclusionRow).where(ConclusionRow.workshop_id == workshop_id)
            if block_id is not None:
                query = query.where(ConclusionRow.block_id == block_id)
            rows = session.exec(query.order_by(col(ConclusionRow.block_id), col(ConclusionRow.version))).all()
        return [_conclusion(r) for r in rows]

    # -- whole workshops, for backup and restore (``exports.backup``) ---------------------------------

    def export_workshop_rows(self, code: str | None = None) -> list[dict[str, Any]]:
        """Everything of one workshop (by code) or of all workshops, oldest first, as plain data.

        Each workshop is a dict with its settings, facilitator key hash and reveal state; its participants
        (with token hash) each with their notes, every note with all its versions (deleted notes too); and
        every version of every shared conclusion. Database ids are left out; moments are UTC ``datetime``s.
        Read in one session, so the parts belong together.
        """
        wanted = self.workshop(code).id if code else None
        with Session(self.engine) as session:
            query = select(WorkshopRow).order_by(col(WorkshopRow.created_at), col(WorkshopRow.id))
            if wanted is not None:
                query = query.where(WorkshopRow.id == wanted)
            return [_workshop_rows(session, row) for row in session.exec(query).all()]

    def restore_workshops(self, workshops: Sequence[dict[str, Any]]) -> list[Workshop]:
        """Insert workshops in the shape ``export_workshop_rows`` gives, all in one transaction.

        The data must have been checked already (``exports.backup.parse``). A code that already exists, or a
        clash with rows already here (the same participant link), raises ``RestoreConflict`` and changes nothing.
        """
        codes = [w["code"] for w in workshops]
        for code in codes:
            try:
                self.workshop(code)
            except UnknownWorkshop:
                continue
            raise RestoreConflict(
                f"Er bestaat al een workshop met code {code} in deze database; er is niets teruggezet. "
                "Terugzetten vervangt nooit een bestaande workshop."
            )
        try:
            with Session(self.engine) as session:
                for w in workshops:
                    _insert_workshop(session, w)
                session.commit()
        except IntegrityError:
            raise RestoreConflict(
                "Deze back-up botst met gegevens die al in deze database staan (dezelfde workshop of dezelfde "
                "deelnamelinks); er is niets teruggezet."
            ) from None
        return [self.workshop(code) for code in codes]


# -- whole workshops as plain data and back -----------------------------------------------------------


def _workshop_rows(session: Session, row: WorkshopRow) -> dict[str, Any]:
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
    notes_of: dict[int, list[dict[str, Any]]] = {}
    for n in notes:
        assert n.id is not None
        notes_of.setdefault(n.participant_id, []).append(
            {
                "block_id": n.block_id,
                "text": n.text,
                "version": n.version,
                "deleted": n.deleted,
                "created_at": as_utc(n.created_at),
                "updated_at": as_utc(n.updated_at),
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
                "notes": notes_of.get(p.id or 0, []),
            }
            for p in people
        ],
        "conclusions": [
            {"block_id": c.block_id, "version": c.version, "text": c.text, "saved_at": as_utc(c.saved_at)}
            for c in conclusions
        ],
    }


def _insert_workshop(session: Session, data: dict[str, Any]) -> WorkshopRow:
    row = WorkshopRow(
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
    for p in data["participants"]:
        person = ParticipantRow(
            workshop_id=row.id,
            token_hash=p["token_hash"],
            name=p["name"],
            organisation=p["organisation"],
            role=parse_role(p["role"]).value,
            sub_role=p["sub_role"],
            joined_at=as_utc(p["joined_at"]),
        )
        session.add(person)
        session.flush()
        assert person.id is not None
        for n in p["notes"]:
            note = NoteRow(
                workshop_id=row.id,
                participant_id=person.id,
                block_id=n["block_id"],
                text=n["text"],
                version=n["version"],
                deleted=n["deleted"],
                created_at=as_utc(n["created_at"]),
                updated_at=as_utc(n["updated_at"]),
            )
            session.add(note)
            session.flush()
            for v in n["versions"]:
                session.add(
                    NoteVersionRow(
                        note_id=note.id, version=v["version"], text=v["text"], saved_at=as_utc(v["saved_at"])
                    )
                )
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
    return row


# -- rows to domain objects ---------------------------------------------------------------------------


def _workshop(row: WorkshopRow) -> Workshop:
    assert row.id is not None
    return Workshop(
        id=row.id,
        code=row.code,
        pps_name=row.pps_name,
        title=row.title,
        region=row.region,
        phase=Phase(row.phase),
        date=row.date,
        partners=row.partners,
        closed=row.closed,
        revealed_all=row.revealed_all,
        revealed_blocks=frozenset(split_revealed_blocks(row.revealed_blocks)),
        anonymous=row.anonymous,
        created_at=as_utc(row.created_at),
    )


def _participant(row: ParticipantRow) -> Participant:
    assert row.id is not None
    return Participant(
        id=row.id,
        workshop_id=row.workshop_id,
        name=row.name,
        organisation=row.organisation,
        role=Role(row.role),
        sub_role=row.sub_role,
        joined_at=as_utc(row.joined_at),
    )


def _note(row: NoteRow, author: ParticipantRow) -> Note:
    assert row.id is not None and author.id is not None
    return Note(
        id=row.id,
        workshop_id=row.workshop_id,
        participant_id=author.id,
        block_id=row.block_id,
        text=row.text,
        version=row.version,
        deleted=row.deleted,
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        author_name=author.name,
        author_organisation=author.organisation,
        role=Role(author.role),
        sub_role=author.sub_role,
    )


def _conclusion(row: ConclusionRow) -> SharedConclusion:
    return SharedConclusion(
        workshop_id=row.workshop_id,
        block_id=row.block_id,
        text=row.text,
        version=row.version,
        updated_at=as_utc(row.saved_at),
    )
