"""The store: every read and write of workshops, participants, notes and conclusions.

Pages, exports and the command line call these methods and get ``canvas.model`` objects back; none of them
sees a Session. Access rules live here, not only in the UI: a participant acts through their private token
and can touch only their own notes; facilitator actions need the workshop's facilitator key.

Keys and tokens are ``secrets.token_urlsafe(24)`` (192 bits) and only their SHA-256 is stored, so a copy of
the database does not hand out working links.
"""

from __future__ import annotations

import random
import re
import secrets
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Engine, func, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from canvas.blocks import block
from canvas.clock import as_utc
from canvas.clock import now as _now
from canvas.lessons import MAX_SCORE, MIN_SCORE, UnknownLesson, lesson
from canvas.model import (
    MAX_NOTE_LENGTH,
    Note,
    NoteVersion,
    Participant,
    Phase,
    SharedConclusion,
    Workshop,
)
from canvas.rounds import (
    Action,
    ActionStatus,
    Leervraag,
    LessonScore,
    Partner,
    Ronde,
    Samenwerking,
    parse_partners,
)
from canvas.text import shortened
from data.checks import clean_line as _clean_line
from data.checks import clean_text as _clean_text
from data.checks import hash_secret as _hash
from data.community_store import CommunityStore
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
from data.synthesis_store import SynthesisStore, insert_synthesis, synthesis_rows
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
    "new_samenwerking_row",
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
# A remark on a lesson score, a leervraag, an action or its outcome: a sentence or three, like a note.
MAX_REMARK_LENGTH = 500
MAX_ACTION_LENGTH = 500
# The same note saved again this soon by the same person in the same block is a double tap (``add_note``).
DOUBLE_SAVE_SECONDS = 10.0
# How much of a code that matches no workshop an error message repeats (a link can carry a code of any length).
MAX_CODE_ECHO = 32

T = TypeVar("T")


def normalise_code(raw: str) -> str:
    """A join code as typed (any case, spaces and dashes) to its canonical form."""
    return re.sub(r"[\s\-_.]+", "", raw or "").upper()


_OTHER_SAMENWERKING = (
    "Deze begeleiderslink hoort bij een andere samenwerking: hiermee kun je deze ronde niet zien of wijzigen."
)


def _is_busy(error: OperationalError) -> bool:
    message = str(error.orig).lower() if error.orig is not None else str(error).lower()
    return "locked" in message or "busy" in message


class Store(TimerStore, SynthesisStore, CommunityStore):
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

    @staticmethod
    def _bump(session: Session, workshop_id: int | None) -> None:
        """Move the workshop's change stamp, inside the write's own transaction (so it moves iff the write lands).

        Called last in each write: on PostgreSQL the row lock on the workshop is then held only until the commit.
        """
        session.execute(
            update(WorkshopRow)
            .where(col(WorkshopRow.id) == workshop_id)
            .values(change_stamp=col(WorkshopRow.change_stamp) + 1)
        )

    def change_stamp(self, workshop_id: int) -> int:
        """A number that moves on every write to this workshop: one primary-key read, for boards polling each second."""
        with self.engine.connect() as conn:
            stamp = conn.execute(
                select(WorkshopRow.change_stamp).where(col(WorkshopRow.id) == workshop_id)
            ).scalar_one_or_none()
        if stamp is None:
            raise UnknownWorkshop("Deze workshop bestaat niet (meer).")
        return stamp

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
        theme: str = "",
    ) -> tuple[Workshop, str]:
        """A new workshop and its facilitator key (shown once; only its hash is kept).

        The workshop is ronde 1 of a new samenwerking named after the PPS, with the organisations of
        ``partners`` as its partners. It never joins an existing samenwerking of the same name: that takes
        a facilitator key of that samenwerking (``start_next_ronde``), else knowing a name would be enough.
        """
        pps_name = _clean_line(pps_name, what="De naam van de PPS", max_length=MAX_TITLE_LENGTH, required=True)
        title = _clean_line(title, what="De titel van de workshop", max_length=MAX_TITLE_LENGTH, required=True)
        region = _clean_line(region, what="De regio", max_length=MAX_TITLE_LENGTH, required=False)
        partners = _clean_text(partners, what="De partners", max_length=MAX_CONCLUSION_LENGTH, required=False)
        theme = _clean_text(theme, what="Het thema", max_length=MAX_REMARK_LENGTH, required=False)
        phase = _phase(phase)
        return self._new_workshop(
            pps_name=pps_name, title=title, region=region, phase=phase, date=date, partners=partners, code=code,
            samenwerking=lambda session: new_samenwerking_row(session, pps_name, region, partners, theme=theme),
        )  # fmt: skip

    def _new_workshop(
        self,
        *,
        pps_name: str,
        title: str,
        region: str,
        phase: Phase,
        date: date | None,
        partners: str,
        code: str | None,
        samenwerking: Callable[[Session], tuple[int, int]],
    ) -> tuple[Workshop, str]:
        """Insert a workshop; ``samenwerking`` gives (samenwerking id, ronde number) inside the transaction."""
        key = secrets.token_urlsafe(24)
        wanted = normalise_code(code) if code else None
        if wanted is not None and (len(wanted) < 4 or set(wanted) - set(CODE_ALPHABET)):
            raise InvalidInput("Een code heeft minstens 4 tekens uit A-Z en 2-9, zonder 0, O, 1, I en L.")

        for _attempt in range(20):
            candidate = wanted or "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))

            def work(session: Session, candidate: str = candidate) -> WorkshopRow:
                samenwerking_id, ronde = samenwerking(session)
                row = WorkshopRow(
                    samenwerking_id=samenwerking_id,
                    ronde=ronde,
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
                # A taken code, or another facilitator started the same next ronde at this moment: try again
                # (the ronde number is counted anew inside the next transaction).
                if wanted and self._code_taken(wanted):
                    raise InvalidInput(f"Er bestaat al een workshop met code {wanted}.") from None
                continue
            return _workshop(row), key
        raise StoreError("Kon geen vrije workshopcode vinden; probeer het opnieuw.")  # pragma: no cover

    def _code_taken(self, code: str) -> bool:
        with Session(self.engine) as session:
            return session.exec(select(WorkshopRow.id).where(WorkshopRow.code == code)).first() is not None

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
                # The code may come from a link of any length: echoed shortened, never as a wall of text.
                f"Er is geen workshop met code {shortened(wanted, MAX_CODE_ECHO)}. "
                "Controleer de code op het scherm van de begeleider."
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
            self._bump(session, row.id)
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
            session.flush()
            self._bump(session, workshop.id)

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
            self._bump(session, workshop.id)
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
        """Store a new note of this participant in this block, at once.

        A double tap sends the same save twice: the second click leaves the browser before the first run has
        emptied the box, so it carries the same text. The same text from the same participant in the same
        block within ``DOUBLE_SAVE_SECONDS`` of the last one is therefore that note, not a second copy.
        """
        block(block_id)
        text = _clean_text(text, what="Je notitie", max_length=MAX_NOTE_LENGTH)

        def work(session: Session) -> tuple[NoteRow, ParticipantRow]:
            participant = self._writer(session, token)
            now = _now()
            last = session.exec(
                select(NoteRow)
                .where(NoteRow.participant_id == participant.id, NoteRow.block_id == block_id)
                .order_by(col(NoteRow.id).desc())
                .limit(1)
            ).first()
            if (
                last is not None
                and not last.deleted
                and last.text == text
                and (now - as_utc(last.created_at)).total_seconds() < DOUBLE_SAVE_SECONDS
            ):
                return last, participant
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
            self._bump(session, participant.workshop_id)
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
            self._bump(session, participant.workshop_id)
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
            self._bump(session, participant.workshop_id)
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
            self._bump(session, workshop.id)
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

    def export_workshop_rows(self, code: str | None = None) -> dict[str, list[dict[str, Any]]]:
        """Everything of one workshop (by code) or of all workshops, oldest first, as plain data.

        ``workshops``: each with its settings, facilitator key hash and reveal state, its ronde number and the
        ``ref`` of its samenwerking; its participants (with token hash) each with their notes (every version,
        deleted notes too) and lesson scores; its leervragen; every version of every shared conclusion; and its
        synthesis (``data.synthesis_store.synthesis_rows``: bullets, group decisions, votes, notes by reference).
        ``samenwerkingen``: each one those workshops belong to, by ``ref`` (numbered in this export, not a
        database id), with its partners and its actions (the owner by its place in the partners list).
        Database ids are left out; moments are UTC ``datetime``s. Read in one session, so the parts belong
        together.
        """
        wanted = self.workshop(code).id if code else None
        with Session(self.engine) as session:
            query = select(WorkshopRow).order_by(col(WorkshopRow.created_at), col(WorkshopRow.id))
            if wanted is not None:
                query = query.where(WorkshopRow.id == wanted)
            rows = session.exec(query).all()
            refs: dict[int, int] = {}
            for row in rows:
                refs.setdefault(row.samenwerking_id, len(refs) + 1)
            return {
                "workshops": [_workshop_rows(session, row, refs[row.samenwerking_id]) for row in rows],
                "samenwerkingen": [_samenwerking_rows(session, sid, ref) for sid, ref in refs.items()],
            }

    def restore_workshops(
        self, workshops: Sequence[dict[str, Any]], samenwerkingen: Sequence[dict[str, Any]] | None = None
    ) -> list[Workshop]:
        """Insert workshops in the shape ``export_workshop_rows`` gives, all in one transaction.

        With ``samenwerkingen`` (schema version 2) each workshop joins the new samenwerking its
        ``samenwerking`` ref names, as the ronde it says. Without (a version-1 backup, which knows none) the
        workshops with one PPS name become the rondes of one new samenwerking, by date. Never joined to a
        samenwerking already in this database. The data must have been checked already
        (``exports.backup.parse``: refs and action owners exist). A code that already exists, or a clash with
        rows already here (the same participant link), raises ``RestoreConflict`` and changes nothing.
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
                if samenwerkingen is None:
                    placed = _group_by_pps_name(session, workshops)
                    made: dict[int, int] = {}
                else:
                    made = {s["ref"]: _insert_samenwerking(session, s) for s in samenwerkingen}
                    placed = [(made[w["samenwerking"]], w["ronde"]) for w in workshops]
                for w, (samenwerking_id, ronde) in zip(workshops, placed, strict=True):
                    _insert_workshop(session, w, samenwerking_id, ronde)
                for s in samenwerkingen or ():
                    _insert_actions(session, s, made[s["ref"]])
                session.commit()
        except IntegrityError:
            raise RestoreConflict(
                "Deze back-up botst met gegevens die al in deze database staan (dezelfde workshop of dezelfde "
                "deelnamelinks); er is niets teruggezet."
            ) from None
        return [self.workshop(code) for code in codes]

    # -- samenwerking and rondes ----------------------------------------------------------------------

    def create_samenwerking(
        self,
        *,
        name: str,
        title: str,
        region: str = "",
        theme: str = "",
        partners: Sequence[tuple[str, Role | str]] = (),
        phase: Phase | str = Phase.ONTWERP,
        date: date | None = None,
    ) -> tuple[Samenwerking, Workshop, str]:
        """A new samenwerking with its partners and its first ronde; returns both and the facilitator key."""
        cleaned = [self._clean_partner(org, role) for org, role in partners]
        workshop, key = self.create_workshop(
            pps_name=name,
            title=title,
            region=region,
            theme=theme,
            phase=phase,
            date=date,
            partners=", ".join(org for org, _ in cleaned),
        )
        assert workshop.samenwerking_id is not None

        def work(session: Session) -> None:
            # Replace the partners guessed from the names with the roles given.
            for row in session.exec(
                select(PartnerRow).where(PartnerRow.samenwerking_id == workshop.samenwerking_id)
            ).all():
                session.delete(row)
            session.flush()
            for org, role in cleaned:
                session.add(PartnerRow(samenwerking_id=workshop.samenwerking_id, organisation=org, role=role.value))

        self._run(work)
        return self.samenwerking(workshop.samenwerking_id), workshop, key

    @staticmethod
    def _clean_partner(organisation: str, role: Role | str) -> tuple[str, Role]:
        organisation = _clean_line(
            organisation, what="De naam van de organisatie", max_length=MAX_ORGANISATION_LENGTH, required=True
        )
        try:
            return organisation, parse_role(role)
        except ValueError as error:
            raise InvalidInput(str(error)) from None

    def samenwerking(self, samenwerking_id: int) -> Samenwerking:
        with Session(self.engine) as session:
            row = session.get(SamenwerkingRow, samenwerking_id)
            if row is None:
                raise NotFound("Deze samenwerking bestaat niet (meer).")
            partners = session.exec(
                select(PartnerRow).where(PartnerRow.samenwerking_id == samenwerking_id).order_by(col(PartnerRow.id))
            ).all()
        return _samenwerking(row, partners)

    def samenwerking_by_name(self, name: str) -> list[Samenwerking]:
        """Every samenwerking with this name (case and spaces ignored); names need not be unique."""
        wanted = " ".join((name or "").split()).casefold()
        with Session(self.engine) as session:
            ids = [r.id for r in session.exec(select(SamenwerkingRow).order_by(col(SamenwerkingRow.id)))
                   if " ".join(r.name.split()).casefold() == wanted]  # fmt: skip
        return [self.samenwerking(i) for i in ids if i is not None]

    def rondes(self, samenwerking_id: int) -> list[Ronde]:
        """The rondes (workshops) of a samenwerking, first ronde first."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(WorkshopRow)
                .where(WorkshopRow.samenwerking_id == samenwerking_id)
                .order_by(col(WorkshopRow.ronde))
            ).all()
        return [_ronde(r) for r in rows]

    def facilitated_samenwerking(self, key: str) -> tuple[Samenwerking, Workshop]:
        """The samenwerking of the ronde this facilitator key opens, and that ronde."""
        workshop = self.facilitated_workshop(key)
        assert workshop.samenwerking_id is not None
        return self.samenwerking(workshop.samenwerking_id), workshop

    def _ronde_of(self, key: str, workshop_id: int | None) -> Workshop:
        """The ronde ``workshop_id`` (default: the key's own), refused unless it is of the key's samenwerking."""
        own = self.facilitated_workshop(key)
        if workshop_id is None or workshop_id == own.id:
            return own
        try:
            other = self.workshop_by_id(workshop_id)
        except UnknownWorkshop:
            raise NotFound("Deze ronde bestaat niet (meer).") from None
        if other.samenwerking_id != own.samenwerking_id:
            raise AccessDenied(_OTHER_SAMENWERKING)
        return other

    def add_partner(self, key: str, organisation: str, role: Role | str) -> Partner:
        """Add an organisation to the samenwerking of this key (the owner of actions to come)."""
        organisation, role = self._clean_partner(organisation, role)
        samenwerking, workshop = self.facilitated_samenwerking(key)
        if any(p.organisation.casefold() == organisation.casefold() for p in samenwerking.partners):
            raise InvalidInput(f"{organisation} is al partner van deze samenwerking.")

        def work(session: Session) -> PartnerRow:
            row = PartnerRow(samenwerking_id=samenwerking.id, organisation=organisation, role=role.value)
            session.add(row)
            session.flush()
            self._bump(session, workshop.id)
            return row

        return _partner(self._run(work))

    def start_next_ronde(
        self,
        key: str,
        *,
        title: str,
        phase: Phase | str = Phase.LOOPTIJD,
        date: date | None = None,
        code: str | None = None,
    ) -> tuple[Workshop, str]:
        """A new workshop as the next ronde of the samenwerking of this key; returns it and its own new key.

        Name, region and partners carry over; notes start empty, and the previous ronde's gedeeld
        perspectief is shown as "Vorige keer" (``previous_ronde``). The old key keeps opening the old ronde.
        """
        samenwerking, current = self.facilitated_samenwerking(key)
        title = _clean_line(title, what="De titel van de ronde", max_length=MAX_TITLE_LENGTH, required=True)
        phase = _phase(phase)

        def next_number(session: Session) -> tuple[int, int]:
            latest = session.exec(
                select(func.max(WorkshopRow.ronde)).where(WorkshopRow.samenwerking_id == samenwerking.id)
            ).one()
            return samenwerking.id, (latest or 0) + 1

        return self._new_workshop(
            pps_name=samenwerking.name[:MAX_TITLE_LENGTH],
            title=title,
            region=samenwerking.region,
            phase=phase,
            date=date,
            partners=current.partners,
            code=code,
            samenwerking=next_number,
        )

    def previous_ronde(self, workshop_id: int) -> tuple[Workshop, dict[str, SharedConclusion]] | None:
        """The ronde before this one in its samenwerking and its gedeeld perspectief per block ("Vorige keer").

        Public like the board: a gedeeld perspectief is what the group agreed on in the room.
        """
        current = self.workshop_by_id(workshop_id)
        with Session(self.engine) as session:
            row = session.exec(
                select(WorkshopRow)
                .where(WorkshopRow.samenwerking_id == current.samenwerking_id, WorkshopRow.ronde < current.ronde)
                .order_by(col(WorkshopRow.ronde).desc())
            ).first()
        if row is None:
            return None
        before = _workshop(row)
        return before, self.conclusions(before.id)

    # -- de tien lessen -------------------------------------------------------------------------------

    def set_lesson_scores(self, token: str, scores: dict[int, tuple[int, str]]) -> list[LessonScore]:
        """Store this participant's scores ``{lesson: (1-5, remark)}`` in one go; a lesson scored again is updated.

        All or nothing: one bad score or remark refuses the whole set with a Dutch message.
        """
        cleaned: dict[int, tuple[int, str]] = {}
        for lesson_id, (value, remark) in scores.items():
            try:
                number = lesson(lesson_id).id
            except UnknownLesson as error:
                raise InvalidInput(str(error)) from None
            if isinstance(value, bool) or not isinstance(value, int) or not MIN_SCORE <= value <= MAX_SCORE:
                raise InvalidInput(f"Een score is een getal van {MIN_SCORE} tot en met {MAX_SCORE}.")
            remark = _clean_text(remark, what="Je toelichting", max_length=MAX_REMARK_LENGTH, required=False)
            cleaned[number] = (value, remark)

        def work(session: Session) -> list[tuple[LessonScoreRow, ParticipantRow]]:
            participant = self._writer(session, token)
            existing = {
                r.lesson_id: r
                for r in session.exec(select(LessonScoreRow).where(LessonScoreRow.participant_id == participant.id))
            }
            now = _now()
            saved = []
            for number, (value, remark) in sorted(cleaned.items()):
                row = existing.get(number) or LessonScoreRow(
                    workshop_id=participant.workshop_id, participant_id=participant.id, lesson_id=number, score=value
                )
                row.score, row.remark, row.updated_at = value, remark, now
                session.add(row)
                saved.append((row, participant))
            session.flush()
            self._bump(session, participant.workshop_id)
            return saved

        try:
            rows = self._run(work)
        except IntegrityError:
            # The same participant saved from two tabs at once: the other save made the rows, update them now.
            rows = self._run(work)
        return [_lesson_score(r, p) for r, p in rows]

    def set_lesson_score(self, token: str, lesson_id: int, score: int, remark: str = "") -> LessonScore:
        return self.set_lesson_scores(token, {lesson_id: (score, remark)})[0]

    def own_lesson_scores(self, token: str) -> dict[int, LessonScore]:
        participant = self._participant_row(token)
        with Session(self.engine) as session:
            rows = session.exec(select(LessonScoreRow).where(LessonScoreRow.participant_id == participant.id)).all()
        return {r.lesson_id: _lesson_score(r, participant) for r in rows}

    def _scores(self, workshop_id: int) -> list[LessonScore]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(LessonScoreRow, ParticipantRow)
                .join(ParticipantRow, col(LessonScoreRow.participant_id) == col(ParticipantRow.id))
                .where(LessonScoreRow.workshop_id == workshop_id)
                .order_by(col(LessonScoreRow.lesson_id), col(LessonScoreRow.id))
            ).all()
        return [_lesson_score(s, p) for s, p in rows]

    def lesson_scores(self, key: str, workshop_id: int | None = None) -> list[LessonScore]:
        """Every score of a ronde of this key's samenwerking, revealed or not (for the facilitator)."""
        return self._scores(self._ronde_of(key, workshop_id).id)

    def visible_lesson_scores(self, workshop: Workshop) -> list[LessonScore]:
        """The scores the room may see: none until the facilitator revealed this ronde's lessons."""
        fresh = self.workshop_by_id(workshop.id)
        return self._scores(fresh.id) if fresh.lessons_revealed else []

    def lesson_scorers(self, workshop_id: int) -> int:
        """How many participants scored at least one lesson (a count only: shown before the reveal)."""
        with Session(self.engine) as session:
            return session.exec(
                select(func.count(func.distinct(LessonScoreRow.participant_id))).where(
                    LessonScoreRow.workshop_id == workshop_id
                )
            ).one()

    def set_lessons_revealed(self, key: str, revealed: bool) -> Workshop:
        return self._update_workshop(key, lambda row: setattr(row, "lessons_revealed", revealed))

    # -- leervragen -----------------------------------------------------------------------------------

    def add_leervraag(self, key: str, text: str) -> Leervraag:
        """A leervraag of the key's own ronde: what the samenwerking wants to find out before next time."""
        text = _clean_text(text, what="De leervraag", max_length=MAX_REMARK_LENGTH)
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> LeervraagRow:
            row = LeervraagRow(workshop_id=workshop.id, text=text, created_at=_now())
            session.add(row)
            session.flush()
            self._bump(session, workshop.id)
            return row

        return _leervraag(self._run(work))

    def leervragen(self, key: str, workshop_id: int | None = None) -> list[Leervraag]:
        return self.ronde_leervragen(self._ronde_of(key, workshop_id).id)

    def delete_leervraag(self, key: str, leervraag_id: int) -> None:
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> None:
            row = session.get(LeervraagRow, leervraag_id)
            if row is None:
                raise NotFound("Deze leervraag bestaat niet (meer).")
            if row.workshop_id != workshop.id:
                raise AccessDenied("Je kunt alleen leervragen van je eigen ronde verwijderen.")
            session.delete(row)
            self._bump(session, workshop.id)

        self._run(work)

    # -- acties ---------------------------------------------------------------------------------------

    def add_action(
        self, key: str, *, text: str, owner_partner_id: int, person: str = "", due: date | None = None
    ) -> Action:
        """An agreed action in the key's ronde, owned by a partner organisation of its samenwerking."""
        text = _clean_text(text, what="De actie", max_length=MAX_ACTION_LENGTH)
        person = _clean_line(person, what="De naam van de persoon", max_length=MAX_NAME_LENGTH, required=False)
        samenwerking, workshop = self.facilitated_samenwerking(key)
        if owner_partner_id not in {p.id for p in samenwerking.partners}:
            raise InvalidInput("Kies als eigenaar een partnerorganisatie van deze samenwerking.")

        def work(session: Session) -> ActionRow:
            now = _now()
            row = ActionRow(
                samenwerking_id=samenwerking.id,
                ronde_created=workshop.ronde,
                text=text,
                owner_partner_id=owner_partner_id,
                person=person,
                due=due,
                status=ActionStatus.OPEN.value,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            self._bump(session, workshop.id)
            return row

        row = self._run(work)
        return self._actions(samenwerking.id, only=row.id)[0]

    def update_action(
        self,
        key: str,
        action_id: int,
        *,
        status: ActionStatus | str | None = None,
        outcome: str | None = None,
        person: str | None = None,
        due: date | None | bool = False,
    ) -> Action:
        """Change an action's status, outcome, person or due date (``due=False``: leave the date as it is).

        Closing it (afgerond / vervallen) records the ronde in which it was closed; reopening clears that.
        """
        samenwerking, workshop = self.facilitated_samenwerking(key)
        if status is not None:
            try:
                status = ActionStatus(status)
            except ValueError:
                raise InvalidInput(f"Onbekende status {status!r}.") from None
        if outcome is not None:
            outcome = _clean_text(outcome, what="De uitkomst", max_length=MAX_REMARK_LENGTH, required=False)
        if person is not None:
            person = _clean_line(person, what="De naam van de persoon", max_length=MAX_NAME_LENGTH, required=False)

        def work(session: Session) -> None:
            row = session.get(ActionRow, action_id)
            if row is None:
                raise NotFound("Deze actie bestaat niet (meer).")
            if row.samenwerking_id != samenwerking.id:
                raise AccessDenied(_OTHER_SAMENWERKING)
            if status is not None and status.value != row.status:
                row.status = status.value
                row.ronde_closed = workshop.ronde if status.is_closed else None
            if outcome is not None:
                row.outcome = outcome
            if person is not None:
                row.person = person
            if due is not False:
                row.due = due  # type: ignore[assignment]
            row.updated_at = _now()
            session.add(row)
            self._bump(session, workshop.id)

        self._run(work)
        return self._actions(samenwerking.id, only=action_id)[0]

    def actions(self, key: str) -> list[Action]:
        """Every action of the samenwerking of this key, oldest first."""
        samenwerking, _ = self.facilitated_samenwerking(key)
        return self._actions(samenwerking.id)

    def open_actions_before(self, key: str) -> list[Action]:
        """The actions still open (or bezig) that earlier rondes agreed on: where the key's ronde starts."""
        samenwerking, workshop = self.facilitated_samenwerking(key)
        return [
            a for a in self._actions(samenwerking.id) if not a.status.is_closed and a.ronde_created < workshop.ronde
        ]

    # Reads for exports and the command line (whoever holds the database): like ``notes(workshop_id)`` they
    # take no key. Pages use the key-checked methods above.

    def ronde_lesson_scores(self, workshop_id: int) -> list[LessonScore]:
        return self._scores(workshop_id)

    def ronde_leervragen(self, workshop_id: int) -> list[Leervraag]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(LeervraagRow).where(LeervraagRow.workshop_id == workshop_id).order_by(col(LeervraagRow.id))
            ).all()
        return [_leervraag(r) for r in rows]

    def samenwerking_actions(self, samenwerking_id: int) -> list[Action]:
        return self._actions(samenwerking_id)

    def _actions(self, samenwerking_id: int, *, only: int | None = None) -> list[Action]:
        with Session(self.engine) as session:
            query = (
                select(ActionRow, PartnerRow)
                .join(PartnerRow, col(ActionRow.owner_partner_id) == col(PartnerRow.id))
                .where(ActionRow.samenwerking_id == samenwerking_id)
            )
            if only is not None:
                query = query.where(ActionRow.id == only)
            rows = session.exec(query.order_by(col(ActionRow.ronde_created), col(ActionRow.id))).all()
        return [_action(a, p) for a, p in rows]


# -- whole workshops as plain data and back -----------------------------------------------------------


def _workshop_rows(session: Session, row: WorkshopRow, samenwerking_ref: int) -> dict[str, Any]:
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
    leervragen = session.exec(
        select(LeervraagRow).where(LeervraagRow.workshop_id == row.id).order_by(col(LeervraagRow.id))
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
        "leervragen": [{"text": q.text, "created_at": as_utc(q.created_at)} for q in leervragen],
        **synthesis_rows(session, row.id, ref_of, hash_of),
    }


def _samenwerking_rows(session: Session, samenwerking_id: int, ref: int) -> dict[str, Any]:
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
            }
            for a in actions
        ],
    }


def _group_by_pps_name(session: Session, workshops: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
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


def _insert_samenwerking(session: Session, data: dict[str, Any]) -> int:
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


def _insert_actions(session: Session, data: dict[str, Any], samenwerking_id: int) -> None:
    partners = session.exec(
        select(PartnerRow).where(PartnerRow.samenwerking_id == samenwerking_id).order_by(col(PartnerRow.id))
    ).all()
    for a in data["actions"]:
        session.add(
            ActionRow(
                samenwerking_id=samenwerking_id, ronde_created=a["ronde_created"], text=a["text"],
                owner_partner_id=partners[a["owner"]].id, person=a["person"], due=a["due"],
                status=ActionStatus(a["status"]).value, outcome=a["outcome"], ronde_closed=a["ronde_closed"],
                created_at=as_utc(a["created_at"]), updated_at=as_utc(a["updated_at"]),
            )
        )  # fmt: skip


def _insert_workshop(session: Session, data: dict[str, Any], samenwerking_id: int, ronde: int) -> WorkshopRow:
    row = WorkshopRow(
        samenwerking_id=samenwerking_id,
        ronde=ronde,
        lessons_revealed=data.get("lessons_revealed", False),
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
    for q in data.get("leervragen", ()):
        session.add(LeervraagRow(workshop_id=row.id, text=q["text"], created_at=as_utc(q["created_at"])))
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
    return row


# -- rows to domain objects ---------------------------------------------------------------------------


def _phase(value: Phase | str) -> Phase:
    try:
        return Phase(value)
    except ValueError:
        raise InvalidInput(f"Onbekende fase {value!r}.") from None


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
        samenwerking_id=row.samenwerking_id,
        ronde=row.ronde,
        lessons_revealed=row.lessons_revealed,
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


def _partner(row: PartnerRow) -> Partner:
    assert row.id is not None
    return Partner(id=row.id, samenwerking_id=row.samenwerking_id, organisation=row.organisation, role=Role(row.role))


def _samenwerking(row: SamenwerkingRow, partners: Sequence[PartnerRow]) -> Samenwerking:
    assert row.id is not None
    return Samenwerking(
        id=row.id,
        name=row.name,
        region=row.region,
        theme=row.theme,
        created_at=as_utc(row.created_at),
        partners=tuple(_partner(p) for p in partners),
    )


def _ronde(row: WorkshopRow) -> Ronde:
    assert row.id is not None
    return Ronde(
        workshop_id=row.id,
        code=row.code,
        number=row.ronde,
        title=row.title,
        phase=Phase(row.phase),
        date=row.date,
        closed=row.closed,
        lessons_revealed=row.lessons_revealed,
    )


def _lesson_score(row: LessonScoreRow, author: ParticipantRow) -> LessonScore:
    assert author.id is not None
    return LessonScore(
        workshop_id=row.workshop_id,
        participant_id=author.id,
        lesson_id=row.lesson_id,
        score=row.score,
        remark=row.remark,
        updated_at=as_utc(row.updated_at),
        role=Role(author.role),
        organisation=author.organisation,
        author_name=author.name,
    )


def _leervraag(row: LeervraagRow) -> Leervraag:
    assert row.id is not None
    return Leervraag(id=row.id, workshop_id=row.workshop_id, text=row.text, created_at=as_utc(row.created_at))


def _action(row: ActionRow, owner: PartnerRow) -> Action:
    assert row.id is not None and owner.id is not None
    return Action(
        id=row.id,
        samenwerking_id=row.samenwerking_id,
        ronde_created=row.ronde_created,
        text=row.text,
        owner_partner_id=owner.id,
        owner_organisation=owner.organisation,
        owner_role=Role(owner.role),
        person=row.person,
        due=row.due,
        status=ActionStatus(row.status),
        outcome=row.outcome,
        ronde_closed=row.ronde_closed,
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
    )
