"""Time, in one place: the store keeps UTC, people read the time of the app's zone.

``PPS_CANVAS_TZ`` names that zone (an IANA name such as ``Europe/Amsterdam``, the default: the workshops
are Dutch). Exports (Excel has no time zones) and screens show local wall-clock time through ``local``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["DEFAULT_TIME_ZONE", "as_utc", "dutch_time", "dutch_time_with_zone", "local", "now", "time_zone"]

DEFAULT_TIME_ZONE = "Europe/Amsterdam"


def now() -> datetime:
    """This moment, in UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive moment (as SQLite hands them back) is taken to be UTC already."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def time_zone(environ: Mapping[str, str] | None = None) -> ZoneInfo:
    """The app's zone: ``PPS_CANVAS_TZ`` if it names a known zone, else Europe/Amsterdam."""
    env = os.environ if environ is None else environ
    name = (env.get("PPS_CANVAS_TZ") or "").strip() or DEFAULT_TIME_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


def local(moment: datetime, zone: ZoneInfo | None = None) -> datetime:
    """``moment`` as naive wall-clock time in the app's zone, to the second (what Excel and people read)."""
    return as_utc(moment).astimezone(zone or time_zone()).replace(tzinfo=None, microsecond=0)


def dutch_time(moment: datetime, zone: ZoneInfo | None = None) -> str:
    """``moment`` the Dutch way in the app's zone: ``01-12-2026 13:05``."""
    wall = local(moment, zone)
    return f"{wall:%d-%m-%Y %H:%M}"


def dutch_time_with_zone(moment: datetime, zone: ZoneInfo | None = None) -> str:
    """``01-12-2026 13:05 CET``: with the zone's abbreviation, so the hour that occurs twice when summer time
    ends (02:30 CEST, then 02:30 CET) reads as two different moments in a history."""
    zone = zone or time_zone()
    return f"{dutch_time(moment, zone)} {as_utc(moment).astimezone(zone).tzname()}"
