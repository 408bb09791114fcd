"""The facilitator's countdown, and who is ready: what a timer round is and how its clock reads.

The store keeps one timer per workshop: a round number (a new start is a new round, so the "Klaar" marks of
an earlier round never count), the block it is for ("" for the whole walk), the length, and either the
moment it ends (running, in UTC) or the seconds left (paused). Everything people see is derived here.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from canvas.blocks import BLOCKS_BY_ID
from stakeholders.roles import Role, role_info

__all__ = ["MAX_TIMER_MINUTES", "ReadyCount", "Timer", "TimerState", "mm_ss"]

# A countdown is for one block or one walk of the canvas: two hours is more than any workshop step.
MAX_TIMER_MINUTES = 120


class TimerState(StrEnum):
    OFF = "off"
    RUNNING = "running"
    PAUSED = "paused"


def mm_ss(seconds: float) -> str:
    """Seconds as the countdown shows them: ``04:59``; whole seconds rounded up, never below ``00:00``."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60:02d}:{whole % 60:02d}"


class Timer(BaseModel):
    """The countdown of one workshop. ``round`` 0 means no timer was ever started."""

    model_config = ConfigDict(frozen=True)

    round: int = 0
    block_id: str = ""
    seconds: int = 0
    ends_at: datetime | None = None
    paused_remaining: int | None = None

    @property
    def state(self) -> TimerState:
        if self.ends_at is not None:
            return TimerState.RUNNING
        if self.paused_remaining is not None:
            return TimerState.PAUSED
        return TimerState.OFF

    @property
    def active(self) -> bool:
        """Running or paused: a round people can be ready for."""
        return self.state is not TimerState.OFF

    def remaining(self, now: datetime) -> float:
        """Seconds left at ``now`` (0 once it has run out)."""
        if self.ends_at is not None:
            return max(0.0, (self.ends_at - now).total_seconds())
        return float(self.paused_remaining or 0)

    def expired(self, now: datetime) -> bool:
        return self.state is TimerState.RUNNING and self.remaining(now) <= 0

    @property
    def subject(self) -> str:
        """What the countdown is for, in Dutch: ``blok Kernactiviteiten`` or ``de hele ronde``."""
        block = BLOCKS_BY_ID.get(self.block_id)
        return f"blok {block.title}" if block else "de hele ronde"

    def label(self, now: datetime) -> str:
        """The line on the board and the phones: ``⏱️ 04:59 voor blok Kernactiviteiten`` (paused / done said)."""
        if self.state is TimerState.PAUSED:
            return f"⏸️ {mm_ss(self.remaining(now))} gepauzeerd ({self.subject})"
        if self.expired(now):
            return f"⏰ 00:00 De tijd is om ({self.subject})"
        return f"⏱️ {mm_ss(self.remaining(now))} voor {self.subject}"


class ReadyCount(BaseModel):
    """How many participants of one stakeholder are ready in the current round: ``Ondernemer 2/3 klaar``."""

    model_config = ConfigDict(frozen=True)

    role: Role
    ready: int
    total: int

    @property
    def text(self) -> str:
        return f"{role_info(self.role).label} {self.ready}/{self.total} klaar"
