"""The store's part for the countdown and "Klaar": kept in its own module, mixed into ``data.store.Store``.

Access rules, as everywhere in the store: only the facilitator key starts, pauses and stops the timer; only a
participant's own token marks that participant ready; both are refused once the workshop is closed.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from canvas.blocks import block
from canvas.clock import as_utc
from canvas.clock import now as _now
from canvas.timer import MAX_TIMER_MINUTES, ReadyCount, Timer, TimerState
from data.errors import InvalidInput, WorkshopClosed
from data.tables import ParticipantRow, ReadyRow, TimerRow
from stakeholders.roles import MAIN_ROLES, Role

__all__ = ["TimerStore"]


def _timer(row: TimerRow | None) -> Timer:
    if row is None:
        return Timer()
    return Timer(
        round=row.round,
        block_id=row.block_id,
        seconds=row.seconds,
        ends_at=as_utc(row.ends_at) if row.ends_at is not None else None,
        paused_remaining=row.paused_remaining,
    )


class TimerStore:
    """Timer and ready marks; ``self`` is a ``data.store.Store`` (its engine, ``_run``, ``_writer``, keys).

    Not annotated as ``Store``: data.store imports this module, and the import graph has no cycles.
    """

    def timer(self, workshop_id: int) -> Timer:
        """The workshop's countdown as it stands (``Timer()`` when none was ever started)."""
        with Session(self.engine) as session:
            row = session.exec(select(TimerRow).where(TimerRow.workshop_id == workshop_id)).first()
        return _timer(row)

    def _change_timer(self, key: str, change) -> Timer:
        workshop = self.facilitated_workshop(key)
        if workshop.closed:
            raise WorkshopClosed("De workshop is gesloten: de timer kan niet meer lopen.")

        def work(session: Session) -> TimerRow:
            row = session.exec(select(TimerRow).where(TimerRow.workshop_id == workshop.id)).first()
            if row is None:
                row = TimerRow(workshop_id=workshop.id)
            change(row)
            session.add(row)
            session.flush()
            self._bump(session, workshop.id)  # type: ignore[attr-defined]
            return row

        return _timer(self._run(work))

    def start_timer(self, key: str, minutes: float, block_id: str = "") -> Timer:
        """Start a new round: ``minutes`` from now, for one block or (``""``) the whole walk."""
        if block_id:
            block(block_id)
        try:
            seconds = round(float(minutes) * 60)
        except (TypeError, ValueError):
            raise InvalidInput("Vul het aantal minuten in als getal, bijvoorbeeld 5.") from None
        if not 1 <= seconds <= MAX_TIMER_MINUTES * 60:
            raise InvalidInput(f"Kies een tijd tussen 1 seconde en {MAX_TIMER_MINUTES} minuten.")

        def change(row: TimerRow) -> None:
            row.round = (row.round or 0) + 1
            row.block_id = block_id
            row.seconds = seconds
            row.ends_at = _now() + timedelta(seconds=seconds)
            row.paused_remaining = None

        return self._change_timer(key, change)

    def pause_timer(self, key: str) -> Timer:
        """Hold the countdown; the seconds left are kept (a stopped or paused timer stays as it is)."""

        def change(row: TimerRow) -> None:
            if row.ends_at is not None:
                row.paused_remaining = max(0, round((as_utc(row.ends_at) - _now()).total_seconds()))
                row.ends_at = None

        return self._change_timer(key, change)

    def resume_timer(self, key: str) -> Timer:
        """Go on from where the countdown was paused (the same round: ready marks stay)."""

        def change(row: TimerRow) -> None:
            if row.ends_at is None and row.paused_remaining is not None:
                row.ends_at = _now() + timedelta(seconds=row.paused_remaining)
                row.paused_remaining = None

        return self._change_timer(key, change)

    def stop_timer(self, key: str) -> Timer:
        """End the round: no countdown on the screens any more, no "Klaar" button."""

        def change(row: TimerRow) -> None:
            row.ends_at = None
            row.paused_remaining = None

        return self._change_timer(key, change)

    def set_ready(self, token: str, ready: bool) -> Timer:
        """Mark this participant ready (or not) in the current round; refused without a running round."""

        def work(session: Session) -> TimerRow:
            participant = self._writer(session, token)
            row = session.exec(select(TimerRow).where(TimerRow.workshop_id == participant.workshop_id)).first()
            if row is None or _timer(row).state is TimerState.OFF:
                raise InvalidInput('Er loopt nu geen timer: "Klaar" kan pas als de begeleider er een start.')
            mark = session.exec(
                select(ReadyRow).where(ReadyRow.participant_id == participant.id, ReadyRow.round == row.round)
            ).first()
            if ready and mark is None:
                assert participant.id is not None
                session.add(
                    ReadyRow(
                        workshop_id=participant.workshop_id,
                        participant_id=participant.id,
                        round=row.round,
                        marked_at=_now(),
                    )
                )
            elif not ready and mark is not None:
                session.delete(mark)
            session.flush()
            self._bump(session, participant.workshop_id)  # type: ignore[attr-defined]
            return row

        return _timer(self._run(work))

    def is_ready(self, token: str) -> bool:
        """Whether this participant tapped "Klaar" in the workshop's current round."""
        participant = self._participant_row(token)
        current = self.timer(participant.workshop_id)
        if not current.active:
            return False
        with Session(self.engine) as session:
            mark = session.exec(
                select(ReadyRow).where(ReadyRow.participant_id == participant.id, ReadyRow.round == current.round)
            ).first()
        return mark is not None

    def ready_counts(self, workshop_id: int) -> list[ReadyCount]:
        """Per stakeholder who joined (the three main sides always): how many are ready in this round."""
        current = self.timer(workshop_id)
        with Session(self.engine) as session:
            people = session.exec(
                select(ParticipantRow.id, ParticipantRow.role).where(ParticipantRow.workshop_id == workshop_id)
            ).all()
            ready_ids = set(
                session.exec(
                    select(ReadyRow.participant_id).where(
                        ReadyRow.workshop_id == workshop_id, col(ReadyRow.round) == current.round
                    )
                ).all()
            )
        if not current.active:
            ready_ids = set()
        counts: list[ReadyCount] = []
        for role in Role:
            mine = [pid for pid, r in people if r == role.value]
            if mine or role in MAIN_ROLES:
                counts.append(ReadyCount(role=role, ready=sum(p in ready_ids for p in mine), total=len(mine)))
        return counts
