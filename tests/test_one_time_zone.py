"""Issue 11, item 6: one time zone everywhere. A note and a gedeeld perspectief saved on both sides of the end
of summer time (25 October 2026, 03:00 CEST becomes 02:00 CET) read the same on the screen, in the Excel and
in the backup: the backup keeps UTC with its offset, the Excel the wall-clock time of the app's zone (and says
which zone), the screen that time with the zone's abbreviation, so the hour that happens twice is told apart.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

import data.store
from exports.backup import backup_json
from exports.excel import workbook_bytes
from tests.apptest import run_app

# 00:30 UTC is 02:30 summer time; 01:30 UTC is 02:30 winter time: the same wall clock, an hour apart.
CREATED = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
EDITED = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
CONCLUSIONS = [datetime(2026, 10, 25, 0, 40, tzinfo=UTC), datetime(2026, 10, 25, 1, 40, tzinfo=UTC)]
NEWEST = datetime(2026, 10, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """The store's clock, set by the test."""
    moments: list[datetime] = []
    monkeypatch.setattr(data.store, "_now", lambda: moments[-1] if moments else datetime.now(UTC))
    monkeypatch.setenv("PPS_CANVAS_TZ", "Europe/Amsterdam")
    return moments


def test_a_note_and_a_conclusion_saved_across_the_end_of_summer_time_agree_on_screen_in_excel_and_backup(
    store, workshop_key, clock
):
    workshop, key = workshop_key
    clock.append(CREATED)
    _, token = store.join(workshop.code, name="Ann", role="overheid")
    note = store.add_note(token, "kosten", "Eerste tekst")
    clock.append(EDITED)
    store.edit_note(token, note.id, "Tweede tekst")
    for moment, text in zip([*CONCLUSIONS, NEWEST], ["Versie een", "Versie twee", "Versie drie"], strict=True):
        clock.append(moment)
        store.set_conclusion(key, "kosten", text)

    # Backup: UTC, with the offset written out.
    saved = json.loads(backup_json(store, workshop.code))["workshops"][0]
    (stored,) = saved["participants"][0]["notes"]
    assert stored["created_at"] == "2026-10-25T00:30:00+00:00"
    assert stored["updated_at"] == "2026-10-25T01:30:00+00:00"
    assert [v["saved_at"] for v in stored["versions"]] == ["2026-10-25T00:30:00+00:00", "2026-10-25T01:30:00+00:00"]
    assert [c["saved_at"] for c in saved["conclusions"]][:2] == [
        "2026-10-25T00:40:00+00:00",
        "2026-10-25T01:40:00+00:00",
    ]

    # Excel: wall-clock time of Amsterdam (both 02:30: the hour that happens twice), and the zone is named.
    wb = load_workbook(io.BytesIO(workbook_bytes(store, workshop)))
    answers = wb["Antwoorden"]
    headers = [c.value for c in answers[1]]
    row = [c.value for c in answers[2]]
    assert row[headers.index("Aangemaakt")] == datetime(2026, 10, 25, 2, 30)
    assert row[headers.index("Laatst bewerkt")] == datetime(2026, 10, 25, 2, 30)
    facts = {r[0].value: r[1].value for r in wb["Overzicht"].iter_rows() if r[0].value}
    assert "Europe/Amsterdam" in facts["Tijdzone"]

    # Screen: "Eerdere versies (2)" of three versions, each with the zone's abbreviation.
    at = run_app(page="begeleiden", key=key)
    at.selectbox(key="begeleiden_conclusion_block").set_value("kosten").run()
    history = next(e for e in at.expander if e.label.startswith("Eerdere versies"))
    assert history.label == "Eerdere versies (2)"
    captions = [c.value for c in history.caption]
    assert captions == ["Versie 2 · 25-10-2026 02:40 CET", "Versie 1 · 25-10-2026 02:40 CEST"]
    assert "Versie drie" not in "\n".join(m.value for m in history.markdown)

    # The participant's own note on Invullen: the same moments, told apart by the zone.
    at = run_app(page="invullen", p=token, blok="kosten")
    assert not at.exception
    (versions,) = [e for e in at.expander if e.label.startswith("Eerdere versies")]
    assert versions.label == "Eerdere versies (1)"
    assert [c.value for c in versions.caption] == [
        "Nu: versie 2 · 25-10-2026 02:30 CET",
        "Versie 1 · 25-10-2026 02:30 CEST",
    ]
    assert "Eerste tekst" in versions.markdown[0].value


def test_the_zone_is_settable_and_a_wrong_name_falls_back_to_amsterdam(store, workshop_key, clock, monkeypatch):
    workshop, _ = workshop_key
    clock.append(CREATED)
    _, token = store.join(workshop.code, name="Ann", role="overheid")
    store.add_note(token, "kosten", "Tekst")
    for zone, wall in (("UTC", datetime(2026, 10, 25, 0, 30)), ("Geen/Zone", datetime(2026, 10, 25, 2, 30))):
        monkeypatch.setenv("PPS_CANVAS_TZ", zone)
        wb = load_workbook(io.BytesIO(workbook_bytes(store, workshop)))
        assert wb["Antwoorden"].cell(2, 8).value == wall, zone
        facts = {r[0].value: r[1].value for r in wb["Overzicht"].iter_rows() if r[0].value}
        assert ("UTC" if zone == "UTC" else "Europe/Amsterdam") in facts["Tijdzone"]
