"""Backup schema version 2: samenwerkingen with partners and actions, rondes, lesson scores and leervragen.

A version-1 backup written by the code before rondes existed (tests/fixtures/backup_v1.json, made with
``pps-canvas backup --json`` on a demo database) still restores.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from canvas.rounds import ActionStatus
from data.store import Store
from exports.backup import SCHEMA_VERSION, InvalidBackup, backup, backup_json, restore
from tests.rounds_data import two_rondes
from tests.test_backup import counts, without_stamp

V1 = Path(__file__).resolve().parent / "fixtures" / "backup_v1.json"


def test_a_version_1_backup_of_the_old_code_still_restores_with_every_workshop_in_a_samenwerking(store):
    data = json.loads(V1.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1 and SCHEMA_VERSION == 3
    restored = restore(store, V1.read_bytes())
    assert [w.code for w in restored] == [w["code"] for w in data["workshops"]]
    for w, original in zip(restored, data["workshops"], strict=True):
        assert w.ronde == 1 and w.samenwerking_id is not None
        assert store.samenwerking(w.samenwerking_id).name == original["pps_name"]
        notes = sum(len(p["notes"]) for p in original["participants"])
        assert len(store.notes(w.id, include_deleted=True)) == notes
        assert len(store.participants(w.id)) == len(original["participants"])
    next24 = store.samenwerking(store.workshop("NEXT24").samenwerking_id)
    assert [p.organisation for p in next24.partners][-1] == "ROC van Amsterdam"
    # Written again, it is a file of today's version; its notes all came from the workshop, none a quote.
    again = backup(store)
    assert again["schema_version"] == SCHEMA_VERSION and len(again["samenwerkingen"]) == 4
    notes = [n for w in again["workshops"] for p in w["participants"] for n in p["notes"]]
    assert notes and {(n["source"], n["quote"]) for n in notes} == {("workshop", False)}


def test_version_2_round_trips_samenwerking_rondes_scores_leervragen_and_actions(store, tmp_path):
    _, samenwerking, (first, key1, erik), (second, key2, erik2) = two_rondes(store)
    action = store.actions(key2)[0]
    store.update_action(key2, action.id, status="afgerond", outcome="Vier kandidaten gestart")
    original = json.loads(backup_json(store))
    assert original["samenwerkingen"][0]["partners"][0] == {"organisation": "Gemeente Dronten", "role": "overheid"}
    assert [w["ronde"] for w in original["workshops"]] == [1, 2]

    fresh = Store.open(f"sqlite:///{tmp_path / 'fresh.db'}")
    restore(fresh, backup_json(store))
    assert without_stamp(backup(fresh)) == without_stamp(original)
    assert counts(fresh) == counts(store)
    together, ronde2 = fresh.facilitated_samenwerking(key2)
    assert (together.name, ronde2.ronde, [r.number for r in fresh.rondes(together.id)]) == (
        "Toekomst in de Techniek", 2, [1, 2],
    )  # fmt: skip
    assert fresh.previous_ronde(ronde2.id)[1]["sociaal_probleem"].text.startswith("Tekort aan technici")
    assert {i: s.score for i, s in fresh.own_lesson_scores(erik).items()} == {1: 2, 3: 4}
    assert fresh.workshop(first.code).lessons_revealed and not ronde2.lessons_revealed
    (back,) = fresh.actions(key1)
    assert (back.owner_organisation, back.status, back.outcome, back.ronde_closed) == (
        "Gemeente Dronten", ActionStatus.AFGEROND, "Vier kandidaten gestart", 2,
    )  # fmt: skip
    assert [q.text for q in fresh.leervragen(key1)] == ["Blijven de zij-instromers na een jaar aan het werk?"]
    fresh.engine.dispose()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["workshops"][1].update(samenwerking=9), "samenwerking die er niet in staat"),
        (lambda d: d["samenwerkingen"][0]["actions"][0].update(owner=7), "geen partner"),
        (lambda d: d["workshops"][0]["participants"][0]["lesson_scores"][0].update(score=6), "ongeldige waarde"),
        (lambda d: d["samenwerkingen"].append(copy.deepcopy(d["samenwerkingen"][0])), "twee keer"),
    ],
)
def test_a_broken_version_2_backup_is_refused_and_changes_nothing(store, tmp_path, change, message):
    two_rondes(store)
    data = backup(store)
    change(data)
    fresh = Store.open(f"sqlite:///{tmp_path / 'leeg.db'}")
    with pytest.raises(InvalidBackup, match=message):
        restore(fresh, json.dumps(data))
    assert fresh.workshops() == [] and counts(fresh) == counts(Store.open(f"sqlite:///{tmp_path / 'leeg.db'}"))
    fresh.engine.dispose()
