"""The store: every read and write of workshops, participants, notes and conclusions.

Pages, exports and the command line call these methods and get ``canvas.model`` objects back; none of them
sees a Session. Access rules live here, not only in the UI: a participant acts through their private token
and can touch only their own notes; facilitator actions need the workshop's facilitator key.

Keys and tokens are ``secrets.token_urlsafe(24)`` (192 bits) and only their SHA-256 is stored, so a copy of
the database does not hand out working links.
"""

from __future__ import annotations

import functools
import inspect
import random
import re
import secrets
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Engine, func, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, col, select

from canvas.blocks import block
from canvas.clock import as_utc, local
from canvas.clock import now as _now
from canvas.model import (
    MAX_NOTE_LENGTH,
    Note,
    NoteSource,
    NoteVersion,
    Participant,
    Phase,
    SharedConclusion,
    Workshop,
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
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
    UnknownWorkshop,
    WorkshopClosed,
)
from data.failures import Failure, classify, in_dutch
from data.interview_store import InterviewStore
from data.limits import (
    MAX_CONCLUSION_LENGTH,
    MAX_NAME_LENGTH,
    MAX_ORGANISATION_LENGTH,
    MAX_REMARK_LENGTH,
    MAX_SUB_ROLE_LENGTH,
    MAX_TITLE_LENGTH,
)
from data.mappers import (
    parse_phase,
    to_conclusion,
    to_note,
    to_participant,
    to_workshop,
)
from data.monitoring_store import MonitoringStore
from data.receipts import Receipt, receipt
from data.rondes_store import RondesStore
from data.synthesis_store import SynthesisStore
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
from data.workshop_rows import (
    group_by_pps_name,
    insert_actions,
    insert_samenwerking,
    insert_workshop,
    new_samenwerking_row,
    samenwerking_rows,
    workshop_rows,
)
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
    "StoreFull",
    "StoreReadOnly",
    "StoreUnavailable",
    "UnknownWorkshop",
    "WorkshopClosed",
    "normalise_code",
]

# Join codes avoid characters that look alike on a projector: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# The same note saved again this soon by the same person in the same block is a double tap (``add_note``).
DOUBLE_SAVE_SECONDS = 10.0
# How much of a code that matches no workshop an error message repeats (a link can carry a code of any length).
MAX_CODE_ECHO = 32
# A token the page makes for ``join`` is ``new_secret()`` (32 characters); a shorter one is refused.
MIN_TOKEN_LENGTH = 32

T = TypeVar("T")


def normalise_code(raw: str) -> str:
    """A join code as typed (any case, spaces and dashes) to its canonical form."""
    return re.sub(r"[\s\-_.]+", "", raw or "").upper()


def _before_the_session(workshop: WorkshopRow) -> bool:
    """``Workshop.before_session`` today, in the app's time zone."""
    return to_workshop(workshop).before_session(local(_now()).date())


class Store(RondesStore, TimerStore, SynthesisStore, CommunityStore, MonitoringStore, InterviewStore):
    """All persistence for PPS Canvas, over one SQLAlchemy engine (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine, *, retry_seconds: float = 30.0, unavailable_seconds: float = 3.0) -> None:
        self.engine = engine
        self.retry_seconds = retry_seconds
        # How long a write waits for a database that went away before the page hears ``StoreUnavailable``.
        self.unavailable_seconds = unavailable_seconds
        # The SQLite file, to tell a read-only one from one that went away (``data.failures.classify``).
        self._sqlite_file = engine.url.database if engine.dialect.name == "sqlite" else None

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to ``url`` and bring its schema up to date."""
        engine = make_engine(url)
        migrate(engine)
        return cls(engine)

    # -- transactions ---------------------------------------------------------------------------------

    def _run(self, work: Callable[[Session], T], *, receipt: Receipt | None = None, repeatable: bool = False) -> T:
        """Run ``work`` in one transaction; when the database is busy or briefly away, wait and run it again.

        SQLite lets one writer in at a time. Its busy timeout covers most waits; a read that turns into a
        write can still be refused at once (SQLITE_BUSY_SNAPSHOT), and that is retried here as a whole, so
        no "database is locked" ever reaches a participant.

        A broken or refused connection (PostgreSQL stopped or restarting) is retried with growing pauses for
        ``unavailable_seconds``, then ``StoreUnavailable``. If it broke during the commit, the write may have
        landed: it is sent again only with a ``receipt`` (the write's request key, which ``work`` checks
        first) or when ``work`` is ``repeatable`` (it finds its own earlier attempt, as ``join`` by its token),
        else ``StoreUnavailable`` says the outcome is unknown. Two attempts with one key at the same
        moment: the second one's receipt clashes with the first's, and running again returns the first's.
        """
        start = time.monotonic()
        delay = 0.005
        unsafe_again = receipt is None and not repeatable
        while True:
            committing = False
            try:
                with Session(self.engine, expire_on_commit=False) as session:
                    result = work(session)
                    committing = True
                    session.commit()
                    return result
            except IntegrityError:
                if receipt is not None and self._receipt_landed(receipt):
                    continue  # another attempt with this request key landed first: this run returns its result
                raise
            except SQLAlchemyError as error:
                failure = classify(error, sqlite_file=self._sqlite_file)
                waited = time.monotonic() - start
                if failure is Failure.BUSY and waited < self.retry_seconds:
                    pass
                elif failure is Failure.AWAY and waited < self.unavailable_seconds:
                    if committing and unsafe_again:
                        raise in_dutch(error, unsure=True, sqlite_file=self._sqlite_file) from None
                    delay = max(delay, 0.05)
                else:
                    raise in_dutch(error, unsure=committing and unsafe_again, sqlite_file=self._sqlite_file) from None
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.25 if failure is Failure.BUSY else 1.0)

    def _receipt_landed(self, receipt: Receipt) -> bool:
        with Session(self.engine) as session:
            return receipt.landed(session) is not None

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
        phase = parse_phase(phase)
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
            return to_workshop(row), key
        raise StoreError("Kon geen vrije workshopcode vinden; probeer het opnieuw.")  # pragma: no cover

    def _code_taken(self, code: str) -> bool:
        with Session(self.engine) as session:
            return session.exec(select(WorkshopRow.id).where(WorkshopRow.code == code)).first() is not None

    def workshops(self) -> list[Workshop]:
        with Session(self.engine) as session:
            rows = session.exec(select(WorkshopRow).order_by(col(WorkshopRow.created_at), col(WorkshopRow.id)))
            return [to_workshop(r) for r in rows]

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
        return to_workshop(row)

    def workshop_by_id(self, workshop_id: int) -> Workshop:
        with Session(self.engine) as session:
            row = session.get(WorkshopRow, workshop_id)
        if row is None:
            raise UnknownWorkshop("Deze workshop bestaat niet (meer).")
        return to_workshop(row)

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
        return to_workshop(row)

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

        return to_workshop(self._run(work))

    def set_closed(self, key: str, closed: bool) -> Workshop:
        return self._update_workshop(key, lambda row: setattr(row, "closed", closed))

    def set_anonymous(self, key: str, anonymous: bool) -> Workshop:
        return self._update_workshop(key, lambda row: setattr(row, "anonymous", anonymous))

    def set_date(self, key: str, day: date | None) -> Workshop:
        """Move the day of the session: participants who write before it are preparing (``voorbereiding``).
        Notes already written keep the source they were written with."""
        if day is not None and not isinstance(day, date):
            raise InvalidInput("Geef een datum op, bijvoorbeeld 12-12-2026.")
        return self._update_workshop(key, lambda row: setattr(row, "date", day))

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
        token: str | None = None,
    ) -> tuple[Participant, str]:
        """Join a workshop; returns the participant and their private token (for the ``?p=`` link).

        ``token``: the private token, made by the page before sending (``data.checks.new_secret``), so that a
        join sent again after its reply was lost is the same participant, not a second one. Only its hash is
        kept, as always; a token already joined to this workshop returns that participant.
        """
        workshop = self.workshop(code)
        if token is None:
            token = secrets.token_urlsafe(24)
        elif not isinstance(token, str) or len(token) < MIN_TOKEN_LENGTH:
            raise InvalidInput("Deze aanmelding heeft een ongeldige sleutel; laad de pagina opnieuw.")
        elif (joined := self._joined(workshop.id, token)) is not None:
            return joined, token
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

        def work(session: Session) -> ParticipantRow:
            found = session.exec(select(ParticipantRow).where(ParticipantRow.token_hash == _hash(token))).first()
            if found is not None:  # an earlier attempt of this join landed (its reply was lost)
                return self._same_workshop(found, workshop.id)
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

        try:
            row = self._run(work, repeatable=True)
        except IntegrityError:
            joined = self._joined(workshop.id, token)
            if joined is None:
                raise
            return joined, token
        return to_participant(row), token

    def _joined(self, workshop_id: int, token: str) -> Participant | None:
        with Session(self.engine) as session:
            found = session.exec(select(ParticipantRow).where(ParticipantRow.token_hash == _hash(token))).first()
        return None if found is None else to_participant(self._same_workshop(found, workshop_id))

    @staticmethod
    def _same_workshop(row: ParticipantRow, workshop_id: int) -> ParticipantRow:
        if row.workshop_id != workshop_id:
            raise AccessDenied("Deze aanmelding hoort bij een andere workshop; laad de pagina opnieuw.")
        return row

    def participant(self, token: str) -> Participant:
        """The participant whose private link this is."""
        row = self._participant_row(token)
        return to_participant(row)

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
            return [to_participant(r) for r in rows]

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

    def add_note(self, token: str, block_id: str, text: str, *, request_key: str | None = None) -> Note:
        """Store a new note of this participant in this block, at once.

        A double tap sends the same save twice: the second click leaves the browser before the first run has
        emptied the box, so it carries the same text. The same text from the same participant in the same
        block within ``DOUBLE_SAVE_SECONDS`` of the last one is therefore that note, not a second copy.

        With ``request_key`` (made by the page before sending, ``data.receipts``) the same save sent again
        after its reply was lost returns the note it made, however long after, even if the workshop closed since.
        """
        block(block_id)
        text = _clean_text(text, what="Je notitie", max_length=MAX_NOTE_LENGTH)
        once = receipt(token, "note", request_key)

        def work(session: Session) -> tuple[NoteRow, ParticipantRow]:
            if (landed := self._landed(session, once)) is not None:
                return self._note_and_writer(session, landed, token)
            participant = self._writer(session, token)
            workshop = session.get(WorkshopRow, participant.workshop_id)
            assert workshop is not None
            source = NoteSource.VOORBEREIDING if _before_the_session(workshop) else NoteSource.WORKSHOP
            return self._new_note(session, participant, block_id, text, source=source, once=once), participant

        return to_note(*self._run(work, receipt=once))

    def _new_note(
        self,
        session: Session,
        participant: ParticipantRow,
        block_id: str,
        text: str,
        *,
        source: NoteSource,
        once: Receipt | None,
        quote: bool = False,
    ) -> NoteRow:
        """A new note of ``participant`` in this block, inside the write's transaction (a double save is the
        same note: see ``add_note``)."""
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
            self._keep(session, once, last.id)
            return last
        row = NoteRow(
            workshop_id=participant.workshop_id,
            participant_id=participant.id,
            block_id=block_id,
            text=text,
            version=1,
            created_at=now,
            updated_at=now,
            source=source.value,
            quote=quote,
        )
        session.add(row)
        session.flush()
        session.add(NoteVersionRow(note_id=row.id, version=1, text=text, saved_at=now))
        self._keep(session, once, row.id)
        self._bump(session, participant.workshop_id)
        return row

    @staticmethod
    def _landed(session: Session, once: Receipt | None) -> int | None:
        """The result id of an earlier attempt of this write that landed (``None``: none did, or no key)."""
        if once is None or (row := once.landed(session)) is None:
            return None
        if row.result_id is None:  # pragma: no cover - every keyed write records what it made
            raise NotFound("Deze handeling is al verwerkt.")
        return row.result_id

    @staticmethod
    def _keep(session: Session, once: Receipt | None, result_id: int | None) -> None:
        if once is not None:
            once.keep(session, result_id)

    def _note_and_writer(self, session: Session, note_id: int, token: str) -> tuple[NoteRow, ParticipantRow]:
        participant = session.exec(select(ParticipantRow).where(ParticipantRow.token_hash == _hash(token))).one()
        return self._own_note(session, participant, note_id), participant

    def _own_note(self, session: Session, participant: ParticipantRow, note_id: int) -> NoteRow:
        row = session.get(NoteRow, note_id)
        if row is None:
            raise NotFound("Deze notitie bestaat niet.")
        if row.participant_id != participant.id:
            raise AccessDenied("Je kunt alleen je eigen notities wijzigen.")
        return row

    def edit_note(
        self,
        token: str,
        note_id: int,
        text: str,
        *,
        expected_version: int | None = None,
        request_key: str | None = None,
    ) -> Note:
        """Change the text of one's own note; the earlier text stays in its history.

        With ``expected_version`` (the version the participant was looking at) a save over a newer version
        from another tab or device is refused with ``StaleNote`` instead of silently replacing it. With
        ``request_key``, the same save sent again after a lost reply is that save, not a stale one.
        """
        text = _clean_text(text, what="Je notitie", max_length=MAX_NOTE_LENGTH)
        once = receipt(token, "note_edit", request_key)

        def work(session: Session) -> tuple[NoteRow, ParticipantRow]:
            if (landed := self._landed(session, once)) is not None:
                return self._note_and_writer(session, landed, token)
            participant = self._writer(session, token)
            row = self._own_note(session, participant, note_id)
            if expected_version is not None and row.version != expected_version:
                raise StaleNote(
                    "Deze notitie is intussen op een ander scherm gewijzigd. Je ziet nu de nieuwste tekst; "
                    "jouw wijziging is niet opgeslagen, kopieer die zo nodig opnieuw."
                )
            if row.text == text and not row.deleted:
                self._keep(session, once, row.id)
                return row, participant
            now = _now()
            row.version += 1
            row.text = text
            row.deleted = False
            row.updated_at = now
            session.add(row)
            session.add(NoteVersionRow(note_id=row.id, version=row.version, text=text, saved_at=now))
            session.flush()
            self._keep(session, once, row.id)
            self._bump(session, participant.workshop_id)
            return row, participant

        return to_note(*self._run(work, receipt=once))

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

        return to_note(*self._run(work))

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
        return [to_note(r, participant) for r in rows]

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
        return [to_note(n, p) for n, p in rows]

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

    def set_conclusion(self, key: str, block_id: str, text: str, *, request_key: str | None = None) -> SharedConclusion:
        """Write the gedeeld perspectief of a block; every earlier version is kept.

        ``request_key`` (``data.receipts``): the same save sent again after a lost reply makes one version.
        """
        block(block_id)
        text = _clean_text(text, what="Het gedeeld perspectief", max_length=MAX_CONCLUSION_LENGTH, required=False)
        workshop = self.facilitated_workshop(key)
        once = receipt(key, "conclusion", request_key)

        def work(session: Session) -> ConclusionRow:
            if (landed := self._landed(session, once)) is not None:
                earlier = session.get(ConclusionRow, landed)
                assert earlier is not None  # versions of a conclusion are never deleted
                return earlier
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
            self._keep(session, once, row.id)
            self._bump(session, workshop.id)
            return row

        return to_conclusion(self._run(work, receipt=once))

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
        return [to_conclusion(r) for r in rows]

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
                "workshops": [workshop_rows(session, row, refs[row.samenwerking_id]) for row in rows],
                "samenwerkingen": [samenwerking_rows(session, sid, ref) for sid, ref in refs.items()],
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
                    placed = group_by_pps_name(session, workshops)
                    made: dict[int, int] = {}
                else:
                    made = {s["ref"]: insert_samenwerking(session, s) for s in samenwerkingen}
                    placed = [(made[w["samenwerking"]], w["ronde"]) for w in workshops]
                for w, (samenwerking_id, ronde) in zip(workshops, placed, strict=True):
                    insert_workshop(session, w, samenwerking_id, ronde)
                for s in samenwerkingen or ():
                    insert_actions(session, s, made[s["ref"]])
                session.commit()
        except IntegrityError:
            raise RestoreConflict(
                "Deze back-up botst met gegevens die al in deze database staan (dezelfde workshop of dezelfde "
                "deelnamelinks); er is niets teruggezet."
            ) from None
        return [self.workshop(code) for code in codes]


def _speaking_dutch(method: Callable[..., T]) -> Callable[..., T]:
    """``method``, with any error of the database that escapes it turned into a Dutch ``StoreError``."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return method(*args, **kwargs)
        except SQLAlchemyError as error:
            owner = args[0] if args else None
            raise in_dutch(error, sqlite_file=getattr(owner, "_sqlite_file", None)) from None

    return wrapper


def _teach_dutch(cls: type) -> None:
    """Wrap every public method of ``cls`` and its mixins (``_speaking_dutch``): pages, exports and the command
    line show ``str(error)`` of a ``StoreError``, so a read while PostgreSQL restarts says so in Dutch instead
    of a raw driver message. Private methods are left as they are (``_run`` and the ``IntegrityError`` handlers
    around it need the driver's errors)."""
    for name in dir(cls):
        if name.startswith("_"):
            continue
        attribute = inspect.getattr_static(cls, name)
        if isinstance(attribute, classmethod):
            setattr(cls, name, classmethod(_speaking_dutch(attribute.__func__)))
        elif isinstance(attribute, staticmethod):
            setattr(cls, name, staticmethod(_speaking_dutch(attribute.__func__)))
        elif inspect.isfunction(attribute):
            setattr(cls, name, _speaking_dutch(attribute))


_teach_dutch(Store)
