"""The shared rules for time (canvas.clock) and typed text (canvas.text), used by store, backup and Excel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from canvas.clock import DEFAULT_TIME_ZONE, as_utc, dutch_time, local, time_zone
from canvas.text import CONTROL_CHARS, NO_CONTROL_CHARS_PATTERN, has_control_chars


def test_a_naive_moment_is_taken_as_utc():
    naive = datetime(2026, 12, 1, 12, 30)
    assert as_utc(naive) == datetime(2026, 12, 1, 12, 30, tzinfo=UTC)
    assert as_utc(naive).tzinfo is UTC


def test_an_aware_moment_is_converted_to_utc_not_relabelled():
    two_hours_east = timezone(timedelta(hours=2))
    moment = datetime(2026, 7, 1, 14, 0, tzinfo=two_hours_east)
    assert as_utc(moment) == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert as_utc(moment).hour == 12


def test_local_time_is_amsterdam_by_default_with_summer_and_winter_time(monkeypatch):
    monkeypatch.delenv("PPS_CANVAS_TZ", raising=False)
    assert time_zone().key == DEFAULT_TIME_ZONE == "Europe/Amsterdam"
    # Winter: UTC+1; summer: UTC+2. Seconds are kept, microseconds dropped, the result is naive for Excel.
    assert local(datetime(2026, 1, 15, 9, 0, 5, 999, tzinfo=UTC)) == datetime(2026, 1, 15, 10, 0, 5)
    assert local(datetime(2026, 7, 15, 9, 0, tzinfo=UTC)) == datetime(2026, 7, 15, 11, 0)
    assert local(datetime(2026, 7, 15, 9, 0)).tzinfo is None


def test_the_zone_from_the_environment_is_used(monkeypatch):
    monkeypatch.setenv("PPS_CANVAS_TZ", "America/New_York")
    assert time_zone().key == "America/New_York"
    assert local(datetime(2026, 1, 15, 17, 0, tzinfo=UTC)) == datetime(2026, 1, 15, 12, 0)
    assert dutch_time(datetime(2026, 1, 15, 17, 0, tzinfo=UTC)) == "15-01-2026 12:00"


@pytest.mark.parametrize("value", ["Mars/Olympus", "", "   ", "../../etc/passwd"])
def test_an_unknown_or_empty_zone_falls_back_to_amsterdam(value):
    assert time_zone({"PPS_CANVAS_TZ": value}).key == "Europe/Amsterdam"


def test_dutch_time_is_day_month_year_and_hours_minutes_in_the_app_zone():
    zone = time_zone({})
    assert dutch_time(datetime(2026, 12, 1, 12, 5, tzinfo=UTC), zone) == "01-12-2026 13:05"


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"])
def test_invisible_control_characters_are_caught(char):
    assert has_control_chars(f"Goede{char}notitie")


@pytest.mark.parametrize(
    "text", ["gewone tekst", "regel 1\nregel 2", "kolom\tkolom", "oud\r\nnieuw", "😀 مرحبا e\u0301", "=SUM(A1)", ""]
)
def test_tab_line_breaks_emoji_rtl_and_formula_like_text_are_fine(text):
    assert not has_control_chars(text)


def test_the_whole_string_pattern_says_the_same_as_the_search():
    import re

    whole = re.compile(NO_CONTROL_CHARS_PATTERN)
    for code in range(0x80):
        text = f"a{chr(code)}b"
        assert (whole.fullmatch(text) is None) == (CONTROL_CHARS.search(text) is not None), code
