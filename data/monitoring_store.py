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
from canvas.resultaten import MAX_RESULT, ResultValue, UnknownResult, result
from data.checks import clean_line as _clean_line
from data.checks import clean_text as _clean_text
from data.errors import InvalidInput, NotFound
from data.limits import MAX_REMARK_LENGTH, MAX_TITLE_LENGTH
from data.mappers import to_kenmerken, to_result
from data.tables import RondeKenmerkenRow, RondeResultRow, SamenwerkingRow, WorkshopRow

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
