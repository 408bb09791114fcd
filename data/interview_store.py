"""The store's part for interviews and quotes (issue 22): a facilitator or researcher records an interview with
one stakeholder for a ronde, as the publication built its canvases (seed 001, "Werkwijze"); notes can be marked
as quotes. Mixed into ``data.store.Store``.

Access rules: only the facilitator key of the ronde records an interview, adds its notes or marks a quote; an
interview belongs to the ronde whose key started it, and a key of another ronde or samenwerking never reaches it.
The interviewee has no link of their own: they never log in, their words are typed by the interviewer.
"""

from __future__ import annotations

import secrets

from sqlmodel import Session, col, select

from canvas.blocks import block
from canvas.clock import now as _now
from canvas.model import MAX_NOTE_LENGTH, Note, NoteSource, Participant
from data.checks import clean_line as _clean_line
from data.checks import clean_text as _clean_text
from data.checks import hash_secret as _hash
from data.errors import AccessDenied, InvalidInput, NotFound, WorkshopClosed
from data.limits import MAX_NAME_LENGTH, MAX_ORGANISATION_LENGTH, MAX_SUB_ROLE_LENGTH
from data.mappers import to_note, to_participant
from data.receipts import receipt
from data.tables import NoteRow, ParticipantRow, WorkshopRow
from stakeholders.roles import Role, parse_role

__all__ = ["InterviewStore"]


class InterviewStore:
    """Interviews and quotes; ``self`` is a ``data.store.Store`` (its engine, ``_run``, ``_new_note``,
    ``_landed``, ``facilitated_workshop``). Not annotated as ``Store``: data.store imports this module."""

    def start_interview(
        self,
        key: str,
        *,
        name: str,
        role: Role | str,
        interviewer: str,
        organisation: str = "",
        sub_role: str = "",
    ) -> Participant:
        """A new interviewee in the ronde this facilitator key opens, interviewed by ``interviewer``.

        ``name`` may be a description ("beleidsadviseur") when the interviewee is not to be named."""
        workshop = self.facilitated_workshop(key)
        if workshop.closed:
            raise WorkshopClosed("De workshop is gesloten: er kan geen interview meer bij.")
        name = _clean_line(name, what="De naam van wie je interviewt", max_length=MAX_NAME_LENGTH, required=True)
        interviewer = _clean_line(interviewer, what="Je eigen naam", max_length=MAX_NAME_LENGTH, required=True)
        organisation = _clean_line(
            organisation, what="De organisatie", max_length=MAX_ORGANISATION_LENGTH, required=False
        )
        sub_role = _clean_line(sub_role, what="De functie", max_length=MAX_SUB_ROLE_LENGTH, required=False)
        try:
            role = parse_role(role)
        except ValueError as error:
            raise InvalidInput(str(error)) from None

        def work(session: Session) -> ParticipantRow:
            row = ParticipantRow(
                workshop_id=workshop.id,
                # Never handed out: an interviewee does not log in. A random hash keeps the column unique.
                token_hash=_hash(secrets.token_urlsafe(24)),
                name=name,
                organisation=organisation,
                role=role.value,
                sub_role=sub_role,
                joined_at=_now(),
                interviewer=interviewer,
            )
            session.add(row)
            session.flush()
            self._bump(session, workshop.id)
            return row

        return to_participant(self._run(work))

    def interviewees(self, key: str) -> list[Participant]:
        """Who was interviewed for the ronde this key opens, first interview first."""
        workshop = self.facilitated_workshop(key)
        with Session(self.engine) as session:
            rows = session.exec(
                select(ParticipantRow)
                .where(ParticipantRow.workshop_id == workshop.id, ParticipantRow.interviewer != "")
                .order_by(col(ParticipantRow.joined_at), col(ParticipantRow.id))
            ).all()
        return [to_participant(r) for r in rows]

    def add_interview_note(
        self,
        key: str,
        interviewee_id: int,
        block_id: str,
        text: str,
        *,
        quote: bool = False,
        request_key: str | None = None,
    ) -> Note:
        """A note of the interview with ``interviewee_id``, typed by the interviewer: its source is *interview*."""
        block(block_id)
        text = _clean_text(text, what="De notitie", max_length=MAX_NOTE_LENGTH)
        workshop = self.facilitated_workshop(key)
        once = receipt(key, "interview_note", request_key)

        def work(session: Session) -> tuple[NoteRow, ParticipantRow]:
            person = self._interviewee(session, workshop.id, interviewee_id)
            if (landed := self._landed(session, once)) is not None:
                found = session.get(NoteRow, landed)
                assert found is not None
                return found, person
            if session.get(WorkshopRow, workshop.id).closed:  # type: ignore[union-attr]
                raise WorkshopClosed("De workshop is gesloten: er kunnen geen notities meer bij.")
            note = self._new_note(session, person, block_id, text, source=NoteSource.INTERVIEW, once=once, quote=quote)
            return note, person

        return to_note(*self._run(work, receipt=once))

    def set_quote(self, key: str, note_id: int, quote: bool) -> Note:
        """Mark a note of this ronde as a quote (or not): words to cite, by role and organisation only."""
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> tuple[NoteRow, ParticipantRow]:
            row = session.get(NoteRow, note_id)
            if row is None or row.deleted:
                raise NotFound("Deze notitie bestaat niet (meer).")
            if row.workshop_id != workshop.id:
                raise AccessDenied("Deze notitie hoort bij een andere workshop.")
            row.quote = bool(quote)
            session.add(row)
            self._bump(session, workshop.id)
            author = session.get(ParticipantRow, row.participant_id)
            assert author is not None
            return row, author

        return to_note(*self._run(work, repeatable=True))

    @staticmethod
    def _interviewee(session: Session, workshop_id: int, interviewee_id: int) -> ParticipantRow:
        person = session.get(ParticipantRow, interviewee_id)
        if person is None or person.workshop_id != workshop_id:
            raise NotFound("Dit interview hoort niet bij deze workshop.")
        if not person.interviewer:
            raise AccessDenied("Dit is een deelnemer met een eigen link, geen interview: die schrijft zelf.")
        return person
