"""The store's part for reflective monitoring (issue 21): a samenwerking's kenmerken per ronde, its results,
and the monitoring cycle of seed 003 (factoren, thema's, leervragen in Tabel 4.2). Mixed into
``data.store.Store``.

Access rules, as in ``data.rondes_store``: a facilitator key writes to its own ronde and reads the other rondes
of its own samenwerking only (``_ronde_of``); a key of one samenwerking never reads or changes another's.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from canvas.clock import now as _now
from canvas.kenmerken import FIELD_LABELS, KENMERK_LISTS, MIN_START_YEAR, RondeKenmerken, UnknownChoice, choice
from canvas.model import Workshop
from canvas.monitoring import MAX_FACTOR_LENGTH, Factor, FactorKind, LeervraagStatus, Theme
from canvas.resultaten import MAX_RESULT, ResultValue, UnknownResult, result
from canvas.rounds import Action, Leervraag
from data.checks import clean_line as _clean_line
from data.checks import clean_text as _clean_text
from data.errors import AccessDenied, InvalidInput, NotFound
from data.limits import MAX_REMARK_LENGTH, MAX_TITLE_LENGTH
from data.mappers import to_factor, to_kenmerken, to_result, to_theme
from data.rondes_store import OTHER_SAMENWERKING, frame_cell
from data.tables import (
    ActionRow,
    FactorRow,
    LeervraagRow,
    ParticipantRow,
    RondeKenmerkenRow,
    RondeResultRow,
    SamenwerkingRow,
    ThemeRow,
    WorkshopRow,
)

__all__ = ["MonitoringStore"]

_LIST_FIELDS = ("transitions", "target_groups")


class MonitoringStore:
    """Kenmerken, results and the monitoring cycle; ``self`` is a ``data.store.Store`` (``_run``, ``_bump``,
    ``_ronde_of``, ``facilitated_workshop``). Not annotated as ``Store``: the import graph has no cycles."""

    # -- kenmerken --------------------------------------------------------------------------------------

    def samenwerking_kenmerken(self, samenwerking_id: int) -> list[RondeKenmerken]:
        """The kenmerken in every ronde, first ronde first: a ronde without its own has the last ones before it.

        No key (exports, the command line); pages use ``kenmerken_per_ronde``.
        """
        with Session(self.engine) as session:
            rondes = session.exec(
                select(WorkshopRow.id, WorkshopRow.ronde)
                .where(WorkshopRow.samenwerking_id == samenwerking_id)
                .order_by(col(WorkshopRow.ronde))
            ).all()
            own = {
                r.workshop_id: r
                for r in session.exec(
                    select(RondeKenmerkenRow).where(col(RondeKenmerkenRow.workshop_id).in_([i for i, _ in rondes]))
                )
            }
            region = session.get(SamenwerkingRow, samenwerking_id)
        found: list[RondeKenmerken] = []
        last: RondeKenmerken | None = None
        for workshop_id, number in rondes:
            assert workshop_id is not None
            if workshop_id in own:
                last = to_kenmerken(own[workshop_id], number)
            elif last is not None:
                last = last.model_copy(update={"workshop_id": workshop_id, "ronde": number})
            else:
                last = RondeKenmerken(workshop_id=workshop_id, ronde=number, region=region.region if region else "")
            found.append(last)
        return found

    def kenmerken_per_ronde(self, key: str) -> list[RondeKenmerken]:
        """The kenmerken per ronde of the samenwerking of this key."""
        workshop = self.facilitated_workshop(key)
        assert workshop.samenwerking_id is not None
        return self.samenwerking_kenmerken(workshop.samenwerking_id)

    def kenmerken(self, key: str, workshop_id: int | None = None) -> RondeKenmerken:
        """The kenmerken in one ronde of this key's samenwerking (default: the key's own ronde)."""
        ronde = self._ronde_of(key, workshop_id)
        assert ronde.samenwerking_id is not None
        return next(k for k in self.samenwerking_kenmerken(ronde.samenwerking_id) if k.workshop_id == ronde.id)

    def set_kenmerken(self, key: str, **fields: object) -> RondeKenmerken:
        """Change kenmerken of the key's own ronde (the others stay as they were); each value from its list.

        ``transitions`` and ``target_groups`` take several ids; ``start_year`` a year or ``None``; ``region`` free
        text, which also becomes the samenwerking's region. Unknown fields or values are refused, nothing saved.
        """
        current = self.kenmerken(key)
        workshop = self.facilitated_workshop(key)
        cleaned: dict[str, object] = {}
        for field, value in fields.items():
            if field not in FIELD_LABELS:
                raise InvalidInput(f"Er is geen kenmerk {field!r}.")
            try:
                if field in _LIST_FIELDS:
                    ids = [value] if isinstance(value, str) else list(value or ())  # type: ignore[call-overload]
                    cleaned[field] = tuple(dict.fromkeys(choice(field, str(v)).id for v in ids))
                elif field in KENMERK_LISTS:
                    cleaned[field] = choice(field, str(value)).id if value else ""
                elif field == "start_year":
                    cleaned[field] = self._start_year(value)
                else:
                    cleaned[field] = _clean_line(
                        str(value or ""), what="De regio", max_length=MAX_TITLE_LENGTH, required=False
                    )
            except UnknownChoice as error:
                raise InvalidInput(str(error)) from None
        updated = current.model_copy(update=cleaned)

        def work(session: Session) -> RondeKenmerkenRow:
            row = session.exec(
                select(RondeKenmerkenRow).where(RondeKenmerkenRow.workshop_id == workshop.id)
            ).first() or RondeKenmerkenRow(workshop_id=workshop.id, updated_at=_now())
            for field in FIELD_LABELS:
                value = getattr(updated, field)
                setattr(row, field, " ".join(value) if field in _LIST_FIELDS else value)
            row.updated_at = _now()
            session.add(row)
            if "region" in cleaned:
                samenwerking = session.get(SamenwerkingRow, workshop.samenwerking_id)
                assert samenwerking is not None
                samenwerking.region = updated.region
                session.add(samenwerking)
            session.flush()
            self._bump(session, workshop.id)
            return row

        return to_kenmerken(self._run(work), workshop.ronde)

    @staticmethod
    def _start_year(value: object) -> int | None:
        if value in (None, ""):
            return None
        try:
            year = int(str(value))
        except ValueError:
            raise InvalidInput("Het startjaar is een jaartal, bijvoorbeeld 2019.") from None
        latest = _now().year + 1
        if not MIN_START_YEAR <= year <= latest:
            raise InvalidInput(f"Het startjaar ligt tussen {MIN_START_YEAR} en {latest}.")
        return year

    # -- resultaten -------------------------------------------------------------------------------------

    def set_result(self, key: str, result_id: str, value: int, source: str) -> ResultValue:
        """A number of the registry in the key's own ronde, with where it comes from; set again, it is updated."""
        try:
            result_id = result(result_id).id
        except UnknownResult as error:
            raise InvalidInput(str(error)) from None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_RESULT:
            raise InvalidInput(f"Een resultaat is een heel getal van 0 tot en met {MAX_RESULT:,}.".replace(",", "."))
        source = _clean_text(source, what="De bron van het getal", max_length=MAX_REMARK_LENGTH)
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> RondeResultRow:
            row = session.exec(
                select(RondeResultRow).where(
                    RondeResultRow.workshop_id == workshop.id, RondeResultRow.result_id == result_id
                )
            ).first() or RondeResultRow(workshop_id=workshop.id, result_id=result_id, value=value)
            row.value, row.source, row.updated_at = value, source, _now()
            session.add(row)
            session.flush()
            self._bump(session, workshop.id)
            return row

        return to_result(self._run(work), workshop.ronde)

    def delete_result(self, key: str, result_id: str) -> None:
        """Take a number out of the key's own ronde (typed by mistake)."""
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> None:
            row = session.exec(
                select(RondeResultRow).where(
                    RondeResultRow.workshop_id == workshop.id, RondeResultRow.result_id == result_id
                )
            ).first()
            if row is None:
                raise NotFound("Dit resultaat staat niet in deze ronde.")
            session.delete(row)
            self._bump(session, workshop.id)

        self._run(work)

    def results(self, key: str, workshop_id: int | None = None) -> list[ResultValue]:
        """The numbers of one ronde of this key's samenwerking (default: the key's own ronde)."""
        ronde = self._ronde_of(key, workshop_id)
        return [r for r in self._results(ronde.samenwerking_id) if r.workshop_id == ronde.id]

    def results_per_ronde(self, key: str) -> list[ResultValue]:
        """Every number of every ronde of the samenwerking of this key, by ronde."""
        workshop = self.facilitated_workshop(key)
        return self._results(workshop.samenwerking_id)

    def samenwerking_results(self, samenwerking_id: int) -> list[ResultValue]:
        """As ``results_per_ronde``, without a key (exports, the command line)."""
        return self._results(samenwerking_id)

    def _results(self, samenwerking_id: int | None) -> list[ResultValue]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(RondeResultRow, WorkshopRow.ronde)
                .join(WorkshopRow, col(RondeResultRow.workshop_id) == col(WorkshopRow.id))
                .where(WorkshopRow.samenwerking_id == samenwerking_id)
                .order_by(col(WorkshopRow.ronde), col(RondeResultRow.id))
            ).all()
        return [to_result(r, number) for r, number in rows]

    # -- factoren (seed 003): named by participants, hidden until revealed ------------------------------

    def add_factor(self, token: str, kind: FactorKind | str, text: str) -> Factor:
        """A bevorderende or belemmerende factor named by this participant in their ronde."""
        try:
            kind = FactorKind(kind)
        except ValueError:
            raise InvalidInput("Kies bevorderend of belemmerend.") from None
        text = _clean_text(text, what="De factor", max_length=MAX_FACTOR_LENGTH)

        def work(session: Session) -> tuple[FactorRow, ParticipantRow]:
            participant = self._writer(session, token)
            row = FactorRow(
                workshop_id=participant.workshop_id,
                participant_id=participant.id,
                kind=kind.value,
                text=text,
                created_at=_now(),
            )
            session.add(row)
            session.flush()
            self._bump(session, participant.workshop_id)
            return row, participant

        return to_factor(*self._run(work))

    def delete_factor(self, token: str, factor_id: int, *, deleted: bool = True) -> Factor:
        """Take back (or restore) one's own factor; it stays in the database, like a note."""

        def work(session: Session) -> tuple[FactorRow, ParticipantRow]:
            participant = self._writer(session, token)
            row = session.get(FactorRow, factor_id)
            if row is None or row.participant_id != participant.id:
                raise AccessDenied("Je kunt alleen je eigen factoren weghalen.")
            row.deleted = deleted
            session.add(row)
            self._bump(session, participant.workshop_id)
            return row, participant

        return to_factor(*self._run(work))

    def own_factors(self, token: str) -> list[Factor]:
        participant = self._participant_row(token)
        return [f for f in self._factors(participant.workshop_id) if f.participant_id == participant.id]

    def factors(self, key: str, workshop_id: int | None = None) -> list[Factor]:
        """Every live factor of a ronde of this key's samenwerking, revealed or not (for the facilitator)."""
        return self._factors(self._ronde_of(key, workshop_id).id)

    def visible_factors(self, workshop: Workshop) -> list[Factor]:
        """The factors the room may see: none until the facilitator revealed this ronde's factors."""
        return self._factors(workshop.id) if self.workshop_by_id(workshop.id).factors_revealed else []

    def ronde_factors(self, workshop_id: int) -> list[Factor]:
        """Without a key, for exports and the command line."""
        return self._factors(workshop_id)

    def factor_count(self, workshop_id: int) -> int:
        """How many live factors a ronde has (a count only: shown before the reveal)."""
        return len(self._factors(workshop_id))

    def _factors(self, workshop_id: int) -> list[Factor]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(FactorRow, ParticipantRow)
                .join(ParticipantRow, col(FactorRow.participant_id) == col(ParticipantRow.id))
                .where(FactorRow.workshop_id == workshop_id, col(FactorRow.deleted).is_(False))
                .order_by(col(FactorRow.id))
            ).all()
        return [to_factor(f, p) for f, p in rows]

    def set_factors_revealed(self, key: str, revealed: bool) -> Workshop:
        return self._update_workshop(key, lambda row: setattr(row, "factors_revealed", revealed))

    # -- thema's ----------------------------------------------------------------------------------------

    def create_theme(self, key: str, title: str, factor_ids: list[int]) -> Theme:
        """A theme of factors of the key's own ronde; a factor already in another theme moves to this one."""
        title = _clean_line(title, what="De naam van het thema", max_length=MAX_TITLE_LENGTH, required=True)
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> ThemeRow:
            rows = self._own_factors(session, workshop.id, factor_ids)
            theme = ThemeRow(workshop_id=workshop.id, title=title, created_at=_now())
            session.add(theme)
            session.flush()
            for row in rows:
                row.theme_id = theme.id
                session.add(row)
            self._bump(session, workshop.id)
            return theme

        theme = self._run(work)
        return next(t for t in self.ronde_themes(workshop.id) if t.id == theme.id)

    def set_theme_factors(self, key: str, theme_id: int, factor_ids: list[int], *, title: str | None = None) -> Theme:
        """The factors of a theme of the key's ronde, from now on exactly these (and optionally a new name)."""
        workshop = self.facilitated_workshop(key)
        if title is not None:
            title = _clean_line(title, what="De naam van het thema", max_length=MAX_TITLE_LENGTH, required=True)

        def work(session: Session) -> None:
            theme = self._own_theme(session, workshop.id, theme_id)
            rows = self._own_factors(session, workshop.id, factor_ids)
            for row in session.exec(select(FactorRow).where(FactorRow.theme_id == theme_id)):
                row.theme_id = None
                session.add(row)
            for row in rows:
                row.theme_id = theme_id
                session.add(row)
            if title is not None:
                theme.title = title
                session.add(theme)
            self._bump(session, workshop.id)

        self._run(work)
        return next(t for t in self.ronde_themes(workshop.id) if t.id == theme_id)

    def delete_theme(self, key: str, theme_id: int) -> None:
        """Remove a theme of the key's ronde: its factors are free again, its leervragen keep their text."""
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> None:
            theme = self._own_theme(session, workshop.id, theme_id)
            for row in session.exec(select(FactorRow).where(FactorRow.theme_id == theme_id)):
                row.theme_id = None
                session.add(row)
            for row in session.exec(select(LeervraagRow).where(LeervraagRow.theme_id == theme_id)):
                row.theme_id = None
                session.add(row)
            session.flush()
            session.delete(theme)
            self._bump(session, workshop.id)

        self._run(work)

    def themes(self, key: str, workshop_id: int | None = None) -> list[Theme]:
        return self.ronde_themes(self._ronde_of(key, workshop_id).id)

    def ronde_themes(self, workshop_id: int) -> list[Theme]:
        with Session(self.engine) as session:
            themes = session.exec(
                select(ThemeRow).where(ThemeRow.workshop_id == workshop_id).order_by(col(ThemeRow.id))
            ).all()
            members: dict[int, list[int]] = {}
            for row in session.exec(
                select(FactorRow)
                .where(FactorRow.workshop_id == workshop_id, col(FactorRow.theme_id).is_not(None))
                .where(col(FactorRow.deleted).is_(False))
                .order_by(col(FactorRow.id))
            ):
                assert row.theme_id is not None and row.id is not None
                members.setdefault(row.theme_id, []).append(row.id)
        return [to_theme(t, members.get(t.id or 0, [])) for t in themes]

    @staticmethod
    def _own_theme(session: Session, workshop_id: int, theme_id: int) -> ThemeRow:
        theme = session.get(ThemeRow, theme_id)
        if theme is None:
            raise NotFound("Dit thema bestaat niet (meer).")
        if theme.workshop_id != workshop_id:
            raise AccessDenied("Je kunt alleen thema's van je eigen ronde wijzigen.")
        return theme

    @staticmethod
    def _own_factors(session: Session, workshop_id: int, factor_ids: list[int]) -> list[FactorRow]:
        if not factor_ids:
            raise InvalidInput("Kies eerst een of meer factoren voor dit thema.")
        rows = session.exec(select(FactorRow).where(col(FactorRow.id).in_(factor_ids))).all()
        if len(rows) != len(set(factor_ids)) or any(r.workshop_id != workshop_id or r.deleted for r in rows):
            raise AccessDenied("Een thema kan alleen factoren van je eigen ronde bevatten.")
        return list(rows)

    # -- leervragen in Tabel 4.2, their status and the actions that answer them -------------------------

    def update_leervraag(
        self,
        key: str,
        leervraag_id: int,
        *,
        status: LeervraagStatus | str | None = None,
        answer: str | None = None,
        dimension: str | None = None,
        level: str | None = None,
    ) -> Leervraag:
        """Status, answer or place in Tabel 4.2 of a leervraag of any ronde of this key's samenwerking.

        A later ronde follows up an earlier one's leervraag; marking it beantwoord records in which ronde.
        ``dimension`` and ``level`` go together (both ``""``: take it out of the frame).
        """
        samenwerking, workshop = self.facilitated_samenwerking(key)
        if status is not None:
            try:
                status = LeervraagStatus(status)
            except ValueError:
                raise InvalidInput(f"Onbekende status {status!r}.") from None
        if answer is not None:
            answer = _clean_text(answer, what="Het antwoord", max_length=MAX_REMARK_LENGTH, required=False)
        cell = frame_cell(dimension, level) if dimension is not None or level is not None else None

        def work(session: Session) -> None:
            row = self._own_leervraag(session, samenwerking.id, leervraag_id)
            if status is not None and status.value != row.status:
                row.status = status.value
                row.ronde_answered = workshop.ronde if status is LeervraagStatus.BEANTWOORD else None
            if answer is not None:
                row.answer = answer
            if cell is not None:
                row.dimension, row.level = cell
            session.add(row)
            self._bump(session, workshop.id)

        self._run(work)
        return next(v for v in self.samenwerking_leervragen(samenwerking.id) if v.id == leervraag_id)

    def samenwerking_leervragen(self, samenwerking_id: int) -> list[Leervraag]:
        """Every leervraag of every ronde, by ronde (no key: exports and the command line)."""
        return self._leervragen(WorkshopRow.samenwerking_id == samenwerking_id)

    def all_leervragen(self, key: str) -> list[Leervraag]:
        """Every leervraag of the samenwerking of this key."""
        samenwerking, _ = self.facilitated_samenwerking(key)
        return self.samenwerking_leervragen(samenwerking.id)

    def open_leervragen_before(self, key: str) -> list[Leervraag]:
        """The leervragen of earlier rondes not yet beantwoord: where the key's ronde opens."""
        samenwerking, workshop = self.facilitated_samenwerking(key)
        return [
            v
            for v in self.samenwerking_leervragen(samenwerking.id)
            if v.ronde < workshop.ronde and v.status is not LeervraagStatus.BEANTWOORD
        ]

    def link_action(self, key: str, action_id: int, leervraag_id: int | None) -> Action:
        """Say which leervraag an action answers (``None``: none); both of this key's samenwerking."""
        samenwerking, workshop = self.facilitated_samenwerking(key)

        def work(session: Session) -> None:
            action = session.get(ActionRow, action_id)
            if action is None:
                raise NotFound("Deze actie bestaat niet (meer).")
            if action.samenwerking_id != samenwerking.id:
                raise AccessDenied(OTHER_SAMENWERKING)
            if leervraag_id is not None:
                self._own_leervraag(session, samenwerking.id, leervraag_id)
            action.leervraag_id = leervraag_id
            action.updated_at = _now()
            session.add(action)
            self._bump(session, workshop.id)

        self._run(work)
        return next(a for a in self.samenwerking_actions(samenwerking.id) if a.id == action_id)
