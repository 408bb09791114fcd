"""The store's part for a samenwerking over time: its partners and rondes, the ten lessons, leervragen and
actions. Kept in its own module, mixed into ``data.store.Store``.

Access rules, as everywhere in the store: a facilitator key acts on its own ronde and reads the other rondes of
its own samenwerking only (``_ronde_of``); a participant scores lessons with their own token; an action is owned
by a partner organisation of the same samenwerking.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from canvas.clock import now as _now
from canvas.lessons import MAX_SCORE, MIN_SCORE, UnknownLesson, lesson
from canvas.model import Phase, SharedConclusion, Workshop
from canvas.monitoring import Dimension, Level
from canvas.rounds import Action, ActionStatus, Leervraag, LessonScore, Partner, Ronde, Samenwerking
from data.checks import clean_line as _clean_line
from data.checks import clean_text as _clean_text
from data.errors import AccessDenied, InvalidInput, NotFound, UnknownWorkshop
from data.limits import MAX_ACTION_LENGTH, MAX_NAME_LENGTH, MAX_ORGANISATION_LENGTH, MAX_REMARK_LENGTH, MAX_TITLE_LENGTH
from data.mappers import (
    parse_phase,
    to_action,
    to_leervraag,
    to_lesson_score,
    to_partner,
    to_ronde,
    to_samenwerking,
    to_workshop,
)
from data.receipts import receipt
from data.tables import (
    ActionRow,
    LeervraagRow,
    LessonScoreRow,
    ParticipantRow,
    PartnerRow,
    SamenwerkingRow,
    ThemeRow,
    WorkshopRow,
)
from stakeholders.roles import Role, parse_role

__all__ = ["OTHER_SAMENWERKING", "RondesStore", "frame_cell"]

OTHER_SAMENWERKING = (
    "Deze begeleiderslink hoort bij een andere samenwerking: hiermee kun je deze ronde niet zien of wijzigen."
)


class RondesStore:
    """Samenwerking, rondes, lessons, leervragen and actions; ``self`` is a ``data.store.Store`` (its engine,
    ``_run``, ``_bump``, ``_writer``, ``facilitated_workshop`` and the workshop methods).

    Not annotated as ``Store``: data.store imports this module, and the import graph has no cycles.
    """

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
        return to_samenwerking(row, partners)

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
        return [to_ronde(r) for r in rows]

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
            raise AccessDenied(OTHER_SAMENWERKING)
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

        return to_partner(self._run(work))

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
        phase = parse_phase(phase)

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
        before = to_workshop(row)
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

        # A set of scores sent again after a lost reply writes the same values: safe to repeat.
        try:
            rows = self._run(work, repeatable=True)
        except IntegrityError:
            # The same participant saved from two tabs at once: the other save made the rows, update them now.
            rows = self._run(work, repeatable=True)
        return [to_lesson_score(r, p) for r, p in rows]

    def set_lesson_score(self, token: str, lesson_id: int, score: int, remark: str = "") -> LessonScore:
        return self.set_lesson_scores(token, {lesson_id: (score, remark)})[0]

    def own_lesson_scores(self, token: str) -> dict[int, LessonScore]:
        participant = self._participant_row(token)
        with Session(self.engine) as session:
            rows = session.exec(select(LessonScoreRow).where(LessonScoreRow.participant_id == participant.id)).all()
        return {r.lesson_id: to_lesson_score(r, participant) for r in rows}

    def _scores(self, workshop_id: int) -> list[LessonScore]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(LessonScoreRow, ParticipantRow)
                .join(ParticipantRow, col(LessonScoreRow.participant_id) == col(ParticipantRow.id))
                .where(LessonScoreRow.workshop_id == workshop_id)
                .order_by(col(LessonScoreRow.lesson_id), col(LessonScoreRow.id))
            ).all()
        return [to_lesson_score(s, p) for s, p in rows]

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

    def add_leervraag(
        self,
        key: str,
        text: str,
        *,
        theme_id: int | None = None,
        dimension: Dimension | str | None = None,
        level: Level | str | None = None,
        request_key: str | None = None,
    ) -> Leervraag:
        """A leervraag of the key's own ronde: what the samenwerking wants to find out before next time.

        Optionally from a theme of this ronde and placed in a cell of Tabel 4.2 (``canvas.monitoring.FRAME``).
        ``request_key`` (``data.receipts``): the same leervraag sent again after a lost reply is stored once.
        """
        text = _clean_text(text, what="De leervraag", max_length=MAX_REMARK_LENGTH)
        workshop = self.facilitated_workshop(key)
        dimension, level = frame_cell(dimension, level)
        once = receipt(key, "leervraag", request_key)

        def work(session: Session) -> LeervraagRow:
            if (landed := self._landed(session, once)) is not None:
                earlier = session.get(LeervraagRow, landed)
                if earlier is None:
                    raise NotFound("Deze leervraag is intussen verwijderd.")
                return earlier
            if theme_id is not None:
                theme = session.get(ThemeRow, theme_id)
                if theme is None or theme.workshop_id != workshop.id:
                    raise InvalidInput("Kies een thema van deze ronde.")
            row = LeervraagRow(
                workshop_id=workshop.id,
                text=text,
                created_at=_now(),
                theme_id=theme_id,
                dimension=dimension,
                level=level,
            )
            session.add(row)
            session.flush()
            self._keep(session, once, row.id)
            self._bump(session, workshop.id)
            return row

        row = self._run(work, receipt=once)
        return next(v for v in self.ronde_leervragen(workshop.id) if v.id == row.id)

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
            # Its actions stay, answering no leervraag now.
            for action in session.exec(select(ActionRow).where(ActionRow.leervraag_id == leervraag_id)):
                action.leervraag_id = None
                session.add(action)
            session.flush()
            session.delete(row)
            self._bump(session, workshop.id)

        self._run(work)

    # -- acties ---------------------------------------------------------------------------------------

    def add_action(
        self,
        key: str,
        *,
        text: str,
        owner_partner_id: int,
        person: str = "",
        due: date | None = None,
        leervraag_id: int | None = None,
        request_key: str | None = None,
    ) -> Action:
        """An agreed action in the key's ronde, owned by a partner organisation of its samenwerking.

        ``leervraag_id``: the leervraag it answers, of any ronde of the same samenwerking.
        ``request_key`` (``data.receipts``): the same action sent again after a lost reply is stored once.
        """
        text = _clean_text(text, what="De actie", max_length=MAX_ACTION_LENGTH)
        person = _clean_line(person, what="De naam van de persoon", max_length=MAX_NAME_LENGTH, required=False)
        samenwerking, workshop = self.facilitated_samenwerking(key)
        if owner_partner_id not in {p.id for p in samenwerking.partners}:
            raise InvalidInput("Kies als eigenaar een partnerorganisatie van deze samenwerking.")
        once = receipt(key, "action", request_key)

        def work(session: Session) -> ActionRow:
            if (landed := self._landed(session, once)) is not None:
                earlier = session.get(ActionRow, landed)
                assert earlier is not None  # actions are never deleted
                return earlier
            if leervraag_id is not None:
                self._own_leervraag(session, samenwerking.id, leervraag_id)
            now = _now()
            row = ActionRow(
                leervraag_id=leervraag_id,
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
            self._keep(session, once, row.id)
            self._bump(session, workshop.id)
            return row

        row = self._run(work, receipt=once)
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
                raise AccessDenied(OTHER_SAMENWERKING)
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
        return self._leervragen(WorkshopRow.id == workshop_id)

    def _leervragen(self, where) -> list[Leervraag]:  # noqa: ANN001 (a SQL expression)
        with Session(self.engine) as session:
            rows = session.exec(
                select(LeervraagRow, WorkshopRow.ronde, ThemeRow.title)
                .join(WorkshopRow, col(LeervraagRow.workshop_id) == col(WorkshopRow.id))
                .outerjoin(ThemeRow, col(LeervraagRow.theme_id) == col(ThemeRow.id))
                .where(where)
                .order_by(col(WorkshopRow.ronde), col(LeervraagRow.id))
            ).all()
        return [to_leervraag(r, number, title or "") for r, number, title in rows]

    @staticmethod
    def _own_leervraag(session: Session, samenwerking_id: int, leervraag_id: int) -> LeervraagRow:
        """The leervraag, refused unless it is of a ronde of this samenwerking."""
        row = session.get(LeervraagRow, leervraag_id)
        if row is None:
            raise NotFound("Deze leervraag bestaat niet (meer).")
        workshop = session.get(WorkshopRow, row.workshop_id)
        if workshop is None or workshop.samenwerking_id != samenwerking_id:
            raise AccessDenied(OTHER_SAMENWERKING)
        return row

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
        return [to_action(a, p) for a, p in rows]


def frame_cell(dimension: Dimension | str | None, level: Level | str | None) -> tuple[str, str]:
    """A cell of Tabel 4.2 as two column values: both given or both empty."""
    if not dimension and not level:
        return "", ""
    try:
        return Dimension(dimension).value, Level(level).value
    except ValueError:
        raise InvalidInput(
            "Kies voor de leervraag een plek in Tabel 4.2: Leren, Handelen of Institutionele verandering, "
            "voor Individu of Netwerk (of laat beide leeg)."
        ) from None
