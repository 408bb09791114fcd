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
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import TypeVar

from sqlalchemy import Engine, func
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from canvas.blocks import BLOCKS_BY_ID, Question, block
from canvas.model import (
    MAX_NOTE_LENGTH,
    Note,
    NoteVersion,
    Participant,
    Phase,
    SharedConclusion,
    Workshop,
)
from canvas.synthesis import (
    DEFAULT_VOTES,
    MAX_BULLET_LENGTH,
    MAX_VOTES,
    Bullet,
    BulletVersion,
    GroupDecision,
    ItemKind,
    Vote,
    VoteSession,
)
from data.db import make_engine, migrate
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
from stakeholders.roles import Role, parse_role

__all__ = [
    "CODE_ALPHABET",
    "AccessDenied",
    "InvalidInput",
    "NotFound",
    "StaleNote",
    "Store",
    "VoteRefused",
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


class StoreBusy(StoreError):
    pass


class VoteRefused(StoreError):
    """A vote the rules do not allow (limit reached, twice on one item, vote closed, results still hidden)."""


def _now() -> datetime:
    return datetime.now(UTC)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(raw: str) -> str:
    """A join code as typed (any case, spaces and dashes) to its canonical form."""
    return re.sub(r"[\s\-_.]+", "", raw or "").upper()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_text(value: str, *, what: str, max_length: int, required: bool = True) -> str:
    """Check user text; kept exactly as typed when valid (no trimming of meaningful characters)."""
    value = "" if value is None else str(value)
    if _CONTROL.search(value):
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


class Store:
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
            current = set(row.revealed_blocks.split())
            current = current | {block_id} if revealed else current - {block_id}
            row.revealed_blocks = " ".join(b for b in BLOCKS_BY_ID if b in current)

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

    def note_counts(self, workshop_id: int) -> dict[int, int]:
        """Live notes per participant id."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(NoteRow.participant_id, func.count())
                .where(NoteRow.workshop_id == workshop_id, col(NoteRow.deleted).is_(False))
                .group_by(col(NoteRow.participant_id))
            ).all()
        return dict(rows)

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

    # -- synthesis: bullets per cell (facilitator key) ------------------------------------------------

    def _bullet_in(self, session: Session, workshop_id: int, bullet_id: int) -> BulletRow:
        row = session.get(BulletRow, bullet_id)
        if row is None or row.workshop_id != workshop_id:
            raise NotFound("Dit punt van de synthese bestaat niet (meer).")
        return row

    def _cell_notes_checked(
        self, session: Session, workshop_id: int, role: str, question: str, note_ids: Iterable[int]
    ) -> list[int]:
        """The note ids, checked: notes of this workshop, in this cell, not deleted."""
        ids = list(dict.fromkeys(int(i) for i in note_ids))
        if not ids:
            return []
        found = session.exec(
            select(NoteRow, ParticipantRow)
            .join(ParticipantRow, col(NoteRow.participant_id) == col(ParticipantRow.id))
            .where(col(NoteRow.id).in_(ids))
        ).all()
        by_id = {n.id: (n, p) for n, p in found}
        for note_id in ids:
            if note_id not in by_id or by_id[note_id][0].workshop_id != workshop_id:
                raise NotFound("Een van de gekozen notities bestaat niet in deze workshop.")
            note, author = by_id[note_id]
            if note.deleted:
                raise InvalidInput("Een van de gekozen notities is verwijderd; kies alleen notities die er nog zijn.")
            if author.role != role or BLOCKS_BY_ID[note.block_id].feeds.value != question:
                raise InvalidInput("Een punt vat alleen notities uit zijn eigen cel samen (zelfde kant, zelfde vraag).")
        return ids

    def _new_bullet_version(self, session: Session, row: BulletRow, text: str) -> None:
        now = _now()
        row.version += 1
        row.text = text
        row.updated_at = now
        session.add(row)
        session.add(BulletVersionRow(bullet_id=row.id, version=row.version, text=text, saved_at=now))

    def add_bullet(
        self, key: str, role: Role | str, question: Question | str, text: str, note_ids: Iterable[int] = ()
    ) -> Bullet:
        """A new point at the end of a cell, linked to these notes (none: a point "zonder notitie")."""
        workshop = self.facilitated_workshop(key)
        role, question = _cell(role, question)
        text = _clean_text(text, what="Het punt", max_length=MAX_BULLET_LENGTH)

        def work(session: Session) -> int:
            ids = self._cell_notes_checked(session, workshop.id, role.value, question.value, note_ids)
            last = session.exec(
                select(func.max(BulletRow.position)).where(
                    BulletRow.workshop_id == workshop.id, BulletRow.role == role.value, BulletRow.question == question
                )
            ).one()
            now = _now()
            row = BulletRow(
                workshop_id=workshop.id,
                role=role.value,
                question=question.value,
                position=(last or 0) + 1,
                text=text,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            session.add(BulletVersionRow(bullet_id=row.id, version=1, text=text, saved_at=now))
            for note_id in ids:
                session.add(BulletNoteRow(bullet_id=row.id, note_id=note_id))
            assert row.id is not None
            return row.id

        return self.bullet(self._run(work))

    def edit_bullet(self, key: str, bullet_id: int, text: str, *, expected_version: int | None = None) -> Bullet:
        """New text for a point; every earlier text stays in its history (``bullet_history``)."""
        workshop = self.facilitated_workshop(key)
        text = _clean_text(text, what="Het punt", max_length=MAX_BULLET_LENGTH)

        def work(session: Session) -> None:
            row = self._bullet_in(session, workshop.id, bullet_id)
            if expected_version is not None and row.version != expected_version:
                raise StaleNote(
                    "Dit punt is intussen op een ander scherm gewijzigd; je ziet nu de nieuwste tekst. "
                    "Jouw wijziging is niet opgeslagen."
                )
            if row.text != text:
                self._new_bullet_version(session, row, text)

        self._run(work)
        return self.bullet(bullet_id)

    def move_bullet(self, key: str, bullet_id: int, step: int) -> Bullet:
        """Move a point one place up (``step=-1``) or down (``+1``) among the live points of its cell."""
        workshop = self.facilitated_workshop(key)
        if step not in (-1, 1):
            raise InvalidInput("Een punt schuift één plaats omhoog of omlaag.")

        def work(session: Session) -> None:
            row = self._bullet_in(session, workshop.id, bullet_id)
            cell = session.exec(
                select(BulletRow)
                .where(
                    BulletRow.workshop_id == workshop.id,
                    BulletRow.role == row.role,
                    BulletRow.question == row.question,
                    col(BulletRow.removed).is_(False),
                )
                .order_by(col(BulletRow.position), col(BulletRow.id))
            ).all()
            index = next(i for i, b in enumerate(cell) if b.id == row.id)
            other = index + step
            if not 0 <= other < len(cell):
                return
            cell[index], cell[other] = cell[other], cell[index]
            for position, b in enumerate(cell, start=1):
                if b.position != position:
                    b.position = position
                    session.add(b)

        self._run(work)
        return self.bullet(bullet_id)

    def split_bullet(
        self, key: str, bullet_id: int, first_text: str, second_text: str, second_note_ids: Iterable[int] = ()
    ) -> tuple[Bullet, Bullet]:
        """Split a point in two: the first keeps its place (new text, a new version), the second comes right
        after it and takes the notes in ``second_note_ids`` along (they must be linked to the first)."""
        workshop = self.facilitated_workshop(key)
        first_text = _clean_text(first_text, what="Het eerste punt", max_length=MAX_BULLET_LENGTH)
        second_text = _clean_text(second_text, what="Het tweede punt", max_length=MAX_BULLET_LENGTH)
        moving = {int(i) for i in second_note_ids}

        def work(session: Session) -> int:
            row = self._bullet_in(session, workshop.id, bullet_id)
            links = session.exec(select(BulletNoteRow).where(BulletNoteRow.bullet_id == row.id)).all()
            if moving - {link.note_id for link in links}:
                raise InvalidInput("Het tweede punt kan alleen notities meenemen die bij het eerste punt horen.")
            later = session.exec(
                select(BulletRow).where(
                    BulletRow.workshop_id == workshop.id,
                    BulletRow.role == row.role,
                    BulletRow.question == row.question,
                    BulletRow.position > row.position,
                )
            ).all()
            for b in later:
                b.position += 1
                session.add(b)
            if row.text != first_text:
                self._new_bullet_version(session, row, first_text)
            now = _now()
            new = BulletRow(
                workshop_id=workshop.id,
                role=row.role,
                question=row.question,
                position=row.position + 1,
                text=second_text,
                created_at=now,
                updated_at=now,
            )
            session.add(new)
            session.flush()
            session.add(BulletVersionRow(bullet_id=new.id, version=1, text=second_text, saved_at=now))
            for link in links:
                if link.note_id in moving:
                    link.bullet_id = new.id
                    session.add(link)
            assert new.id is not None
            return new.id

        new_id = self._run(work)
        return self.bullet(bullet_id), self.bullet(new_id)

    def _set_removed(self, key: str, bullet_id: int, removed: bool) -> Bullet:
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> None:
            row = self._bullet_in(session, workshop.id, bullet_id)
            row.removed = removed
            row.updated_at = _now()
            session.add(row)

        self._run(work)
        return self.bullet(bullet_id)

    def remove_bullet(self, key: str, bullet_id: int) -> Bullet:
        """Take a point out of the synthesis; ``restore_bullet`` brings it back with its links."""
        return self._set_removed(key, bullet_id, True)

    def restore_bullet(self, key: str, bullet_id: int) -> Bullet:
        return self._set_removed(key, bullet_id, False)

    def link_notes(self, key: str, bullet_id: int, note_ids: Iterable[int]) -> Bullet:
        """Add notes (of the point's own cell) to what a point sums up."""
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> None:
            row = self._bullet_in(session, workshop.id, bullet_id)
            ids = self._cell_notes_checked(session, workshop.id, row.role, row.question, note_ids)
            have = {
                link.note_id for link in session.exec(select(BulletNoteRow).where(BulletNoteRow.bullet_id == row.id))
            }
            for note_id in ids:
                if note_id not in have:
                    session.add(BulletNoteRow(bullet_id=row.id, note_id=note_id))

        self._run(work)
        return self.bullet(bullet_id)

    def unlink_note(self, key: str, bullet_id: int, note_id: int) -> Bullet:
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> None:
            row = self._bullet_in(session, workshop.id, bullet_id)
            for link in session.exec(
                select(BulletNoteRow).where(BulletNoteRow.bullet_id == row.id, BulletNoteRow.note_id == note_id)
            ):
                session.delete(link)

        self._run(work)
        return self.bullet(bullet_id)

    def bullet(self, bullet_id: int) -> Bullet:
        with Session(self.engine) as session:
            row = session.get(BulletRow, bullet_id)
            if row is None:
                raise NotFound("Dit punt van de synthese bestaat niet (meer).")
            links = session.exec(select(BulletNoteRow.note_id).where(BulletNoteRow.bullet_id == bullet_id)).all()
        return _bullet(row, links)

    def bullets(self, workshop_id: int, *, include_removed: bool = False) -> list[Bullet]:
        """The synthesis of a workshop, per cell in the facilitator's order (public: the projector shows it)."""
        with Session(self.engine) as session:
            query = select(BulletRow).where(BulletRow.workshop_id == workshop_id)
            if not include_removed:
                query = query.where(col(BulletRow.removed).is_(False))
            rows = session.exec(query.order_by(col(BulletRow.position), col(BulletRow.id))).all()
            links = session.exec(
                select(BulletNoteRow.bullet_id, BulletNoteRow.note_id)
                .join(BulletRow, col(BulletNoteRow.bullet_id) == col(BulletRow.id))
                .where(BulletRow.workshop_id == workshop_id)
                .order_by(col(BulletNoteRow.id))
            ).all()
        per_bullet: dict[int, list[int]] = {}
        for bullet_id, note_id in links:
            per_bullet.setdefault(bullet_id, []).append(note_id)
        return [_bullet(r, per_bullet.get(r.id or 0, [])) for r in rows]

    def bullet_history(self, bullet_id: int) -> list[BulletVersion]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(BulletVersionRow)
                .where(BulletVersionRow.bullet_id == bullet_id)
                .order_by(col(BulletVersionRow.version))
            ).all()
        return [BulletVersion(bullet_id=r.bullet_id, version=r.version, text=r.text, saved_at=r.saved_at) for r in rows]

    # -- suggested groups: the facilitator's decisions -------------------------------------------------

    def decide_group(self, key: str, scope: str, note_ids: Iterable[int], *, accepted: bool) -> GroupDecision:
        """Accept or reject a suggested group (a later decision on the same group replaces the earlier one)."""
        workshop = self.facilitated_workshop(key)
        ids = sorted({int(i) for i in note_ids})
        if len(ids) < 2:
            raise InvalidInput("Een groep heeft minstens twee notities.")
        if not _SCOPE.fullmatch(scope or ""):
            raise InvalidInput(f"Onbekende plek voor een groep: {scope!r}.")
        joined = " ".join(str(i) for i in ids)
        if len(joined) > 2000:
            raise InvalidInput("Deze groep is te groot om te bewaren; kies minder notities.")

        def work(session: Session) -> GroupDecisionRow:
            found = session.exec(select(NoteRow.id).where(col(NoteRow.id).in_(ids), NoteRow.workshop_id == workshop.id))
            if len(found.all()) != len(ids):
                raise NotFound("Een van de notities van deze groep bestaat niet in deze workshop.")
            row = session.exec(
                select(GroupDecisionRow).where(
                    GroupDecisionRow.workshop_id == workshop.id,
                    GroupDecisionRow.scope == scope,
                    GroupDecisionRow.note_ids == joined,
                )
            ).first()
            if row is None:
                row = GroupDecisionRow(workshop_id=workshop.id, scope=scope, note_ids=joined, accepted=accepted)
            row.accepted = accepted
            row.decided_at = _now()
            session.add(row)
            session.flush()
            return row

        return _decision(self._run(work))

    def undo_group_decision(self, key: str, decision_id: int) -> None:
        """Forget a decision: the group is a plain suggestion again."""
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> None:
            row = session.get(GroupDecisionRow, decision_id)
            if row is None or row.workshop_id != workshop.id:
                raise NotFound("Deze beslissing over een groep bestaat niet (meer).")
            session.delete(row)

        self._run(work)

    def group_decisions(self, workshop_id: int) -> list[GroupDecision]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(GroupDecisionRow)
                .where(GroupDecisionRow.workshop_id == workshop_id)
                .order_by(col(GroupDecisionRow.id))
            ).all()
        return [_decision(r) for r in rows]

    # -- votes ------------------------------------------------------------------------------------------

    def open_vote(
        self,
        key: str,
        kind: ItemKind | str = ItemKind.NOTE,
        *,
        blocks: Iterable[str] = (),
        votes_per_participant: int = DEFAULT_VOTES,
    ) -> VoteSession:
        """Open a vote on notes or on synthesis points, in these blocks (none: the whole canvas).

        One vote at a time per workshop, so a participant never has to choose which vote they are in.
        """
        workshop = self.facilitated_workshop(key)
        try:
            kind = ItemKind(kind)
        except ValueError:
            raise InvalidInput(f"Onbekend soort stemming {kind!r}.") from None
        chosen = {block(b).id for b in blocks}
        if not isinstance(votes_per_participant, int) or not 1 <= votes_per_participant <= MAX_VOTES:
            raise InvalidInput(f"Geef elke deelnemer 1 tot {MAX_VOTES} stemmen.")

        def work(session: Session) -> VoteSessionRow:
            # Lock the workshop row, so two facilitator tabs cannot open two votes at the same moment.
            session.exec(select(WorkshopRow).where(WorkshopRow.id == workshop.id).with_for_update()).one()
            if self._open_session_row(session, workshop.id) is not None:
                raise VoteRefused("Er loopt al een stemming. Sluit die eerst.")
            row = VoteSessionRow(
                workshop_id=workshop.id,
                kind=kind.value,
                blocks=" ".join(b for b in BLOCKS_BY_ID if b in chosen),
                votes_per_participant=votes_per_participant,
                opened_at=_now(),
            )
            session.add(row)
            session.flush()
            return row

        return _vote_session(self._run(work))

    def close_vote(self, key: str, session_id: int) -> VoteSession:
        """Close a vote: no more votes, and the results can be shown."""
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> VoteSessionRow:
            row = session.get(VoteSessionRow, session_id)
            if row is None or row.workshop_id != workshop.id:
                raise NotFound("Deze stemming bestaat niet.")
            if row.closed_at is None:
                row.closed_at = _now()
                session.add(row)
                session.flush()
            return row

        return _vote_session(self._run(work))

    @staticmethod
    def _open_session_row(session: Session, workshop_id: int) -> VoteSessionRow | None:
        return session.exec(
            select(VoteSessionRow).where(
                VoteSessionRow.workshop_id == workshop_id, col(VoteSessionRow.closed_at).is_(None)
            )
        ).first()

    def open_vote_session(self, workshop_id: int) -> VoteSession | None:
        with Session(self.engine) as session:
            row = self._open_session_row(session, workshop_id)
        return None if row is None else _vote_session(row)

    def vote_sessions(self, workshop_id: int) -> list[VoteSession]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(VoteSessionRow).where(VoteSessionRow.workshop_id == workshop_id).order_by(col(VoteSessionRow.id))
            ).all()
        return [_vote_session(r) for r in rows]

    def cast_vote(self, token: str, session_id: int, kind: ItemKind | str, item_id: int) -> Vote:
        """One vote of this participant on one note or point. Refused (``VoteRefused``, a Dutch sentence)
        when the vote is closed, the item is outside the vote, it already has this participant's vote, or
        the participant has no votes left."""
        try:
            kind = ItemKind(kind)
        except ValueError:
            raise InvalidInput(f"Onbekend soort stem {kind!r}.") from None

        def work(session: Session) -> VoteRow:
            participant = self._writer(session, token)
            # Lock this participant's row (PostgreSQL), so two taps at once cannot both take the last vote.
            session.exec(select(ParticipantRow).where(ParticipantRow.id == participant.id).with_for_update()).one()
            vote_session = session.get(VoteSessionRow, session_id)
            if vote_session is None or vote_session.workshop_id != participant.workshop_id:
                raise NotFound("Deze stemming bestaat niet in jouw workshop.")
            if vote_session.closed_at is not None:
                raise VoteRefused("Deze stemming is gesloten; stemmen kan niet meer.")
            if kind.value != vote_session.kind:
                raise VoteRefused(f"In deze stemming stem je op {ItemKind(vote_session.kind).label}.")
            self._check_vote_item(session, vote_session, kind, item_id)
            mine = session.exec(
                select(VoteRow).where(VoteRow.session_id == session_id, VoteRow.participant_id == participant.id)
            ).all()
            if any(v.kind == kind.value and v.item_id == item_id for v in mine):
                raise VoteRefused("Je hebt hier al op gestemd; één stem per punt.")
            if len(mine) >= vote_session.votes_per_participant:
                raise VoteRefused(
                    _all_votes_used(vote_session.votes_per_participant) + " Haal eerst ergens een stem weg."
                )
            row = VoteRow(
                session_id=session_id, participant_id=participant.id, kind=kind.value, item_id=item_id, cast_at=_now()
            )
            session.add(row)
            session.flush()
            # Counted again after the insert, which holds SQLite's write lock: a vote cast at the same moment
            # in another tab is either seen here or refused there.
            used = session.exec(
                select(func.count())
                .select_from(VoteRow)
                .where(VoteRow.session_id == session_id, VoteRow.participant_id == participant.id)
            ).one()
            if used > vote_session.votes_per_participant:
                raise VoteRefused(_all_votes_used(vote_session.votes_per_participant))
            return row

        try:
            return _vote(self._run(work))
        except IntegrityError:
            raise VoteRefused("Je hebt hier al op gestemd; één stem per punt.") from None

    def _check_vote_item(self, session: Session, vote_session: VoteSessionRow, kind: ItemKind, item_id: int) -> None:
        blocks = set(vote_session.blocks.split())
        if kind is ItemKind.NOTE:
            note = session.get(NoteRow, item_id)
            workshop = session.get(WorkshopRow, vote_session.workshop_id)
            assert workshop is not None
            if note is None or note.workshop_id != vote_session.workshop_id or note.deleted:
                raise NotFound("Deze notitie bestaat niet (meer).")
            revealed = workshop.revealed_all or note.block_id in workshop.revealed_blocks.split()
            if (blocks and note.block_id not in blocks) or not revealed:
                raise VoteRefused("Op deze notitie kun je in deze stemming niet stemmen.")
            return
        bullet = session.get(BulletRow, item_id)
        if bullet is None or bullet.workshop_id != vote_session.workshop_id or bullet.removed:
            raise NotFound("Dit punt bestaat niet (meer).")
        if blocks and not any(BLOCKS_BY_ID[b].feeds.value == bullet.question for b in blocks):
            raise VoteRefused("Op dit punt kun je in deze stemming niet stemmen.")

    def withdraw_vote(self, token: str, session_id: int, kind: ItemKind | str, item_id: int) -> None:
        """Take one's own vote back, while the vote is open."""

        def work(session: Session) -> None:
            participant = self._writer(session, token)
            vote_session = session.get(VoteSessionRow, session_id)
            if vote_session is None or vote_session.workshop_id != participant.workshop_id:
                raise NotFound("Deze stemming bestaat niet in jouw workshop.")
            if vote_session.closed_at is not None:
                raise VoteRefused("Deze stemming is gesloten; je stem blijft staan.")
            for row in session.exec(
                select(VoteRow).where(
                    VoteRow.session_id == session_id,
                    VoteRow.participant_id == participant.id,
                    VoteRow.kind == ItemKind(kind).value,
                    VoteRow.item_id == item_id,
                )
            ):
                session.delete(row)

        self._run(work)

    def my_votes(self, token: str, session_id: int) -> list[Vote]:
        participant = self._participant_row(token)
        with Session(self.engine) as session:
            rows = session.exec(
                select(VoteRow)
                .where(VoteRow.session_id == session_id, VoteRow.participant_id == participant.id)
                .order_by(col(VoteRow.id))
            ).all()
        return [_vote(r) for r in rows]

    def vote_turnout(self, session_id: int) -> tuple[int, int]:
        """``(participants who voted, votes cast)``: shown while a vote runs, without saying on what."""
        with Session(self.engine) as session:
            voters, votes = session.exec(
                select(func.count(func.distinct(VoteRow.participant_id)), func.count()).where(
                    VoteRow.session_id == session_id
                )
            ).one()
        return int(voters), int(votes)

    def vote_results(self, session_id: int) -> dict[tuple[ItemKind, int], int]:
        """Votes per item of a closed vote; ``VoteRefused`` while it is open (results stay hidden till then)."""
        with Session(self.engine) as session:
            vote_session = session.get(VoteSessionRow, session_id)
            if vote_session is None:
                raise NotFound("Deze stemming bestaat niet.")
            if vote_session.closed_at is None:
                raise VoteRefused("De uitslag blijft verborgen tot de begeleider de stemming sluit.")
            rows = session.exec(
                select(VoteRow.kind, VoteRow.item_id, func.count())
                .where(VoteRow.session_id == session_id)
                .group_by(col(VoteRow.kind), col(VoteRow.item_id))
            ).all()
        return {(ItemKind(k), i): int(c) for k, i, c in rows}

    def vote_counts(self, workshop_id: int, kind: ItemKind | str) -> dict[int, int]:
        """Votes per item id over all *closed* votes of this kind: what the board and synthesis sort by."""
        kind = ItemKind(kind)
        with Session(self.engine) as session:
            rows = session.exec(
                select(VoteRow.item_id, func.count())
                .join(VoteSessionRow, col(VoteRow.session_id) == col(VoteSessionRow.id))
                .where(
                    VoteSessionRow.workshop_id == workshop_id,
                    col(VoteSessionRow.closed_at).is_not(None),
                    VoteRow.kind == kind.value,
                )
                .group_by(col(VoteRow.item_id))
            ).all()
        return {int(i): int(c) for i, c in rows}


# -- rows to domain objects ---------------------------------------------------------------------------


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
        revealed_blocks=frozenset(row.revealed_blocks.split()),
        anonymous=row.anonymous,
        created_at=_aware(row.created_at),
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
        joined_at=_aware(row.joined_at),
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
        created_at=_aware(row.created_at),
        updated_at=_aware(row.updated_at),
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
        updated_at=_aware(row.saved_at),
    )


_SCOPE = re.compile(
    r"(cel:(" + "|".join(r.value for r in Role) + r"):(" + "|".join(q.value for q in Question) + r"))"
    r"|(blok:(" + "|".join(BLOCKS_BY_ID) + r"))"
)


def _all_votes_used(limit: int) -> str:
    return "Je hebt je stem al gebruikt." if limit == 1 else f"Je hebt al je {limit} stemmen gebruikt."


def _cell(role: Role | str, question: Question | str) -> tuple[Role, Question]:
    try:
        role = parse_role(role)
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    try:
        return role, Question(question)
    except ValueError:
        raise InvalidInput(f"Onbekende vraag {question!r}.") from None


def _bullet(row: BulletRow, note_ids: Iterable[int]) -> Bullet:
    assert row.id is not None
    return Bullet(
        id=row.id,
        workshop_id=row.workshop_id,
        role=Role(row.role),
        question=Question(row.question),
        position=row.position,
        text=row.text,
        version=row.version,
        removed=row.removed,
        note_ids=tuple(note_ids),
        created_at=_aware(row.created_at),
        updated_at=_aware(row.updated_at),
    )


def _decision(row: GroupDecisionRow) -> GroupDecision:
    assert row.id is not None
    return GroupDecision(
        id=row.id,
        workshop_id=row.workshop_id,
        scope=row.scope,
        note_ids=tuple(int(i) for i in row.note_ids.split()),
        accepted=row.accepted,
        decided_at=_aware(row.decided_at),
    )


def _vote_session(row: VoteSessionRow) -> VoteSession:
    assert row.id is not None
    return VoteSession(
        id=row.id,
        workshop_id=row.workshop_id,
        kind=ItemKind(row.kind),
        blocks=frozenset(row.blocks.split()),
        votes_per_participant=row.votes_per_participant,
        opened_at=_aware(row.opened_at),
        closed_at=None if row.closed_at is None else _aware(row.closed_at),
    )


def _vote(row: VoteRow) -> Vote:
    return Vote(
        session_id=row.session_id,
        participant_id=row.participant_id,
        kind=ItemKind(row.kind),
        item_id=row.item_id,
        cast_at=_aware(row.cast_at),
    )
