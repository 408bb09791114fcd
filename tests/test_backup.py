"""JSON backup and restore: complete, round-trips exactly, and refuses bad files without changing anything."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from data.store import InvalidInput, Store
from data.synthesis_store import VoteRefused
from exports.backup import APP, SCHEMA_VERSION, InvalidBackup, backup, backup_json, restore
from tests.demo_copy import load_demo

# Every table, the samenwerking's too: a restore must bring back all of it.
TABLES = tuple(SQLModel.metadata.sorted_tables)


def counts(store: Store) -> dict[str, int]:
    with Session(store.engine) as session:
        return {t.name: session.exec(select(func.count()).select_from(t)).one() for t in TABLES}


def without_stamp(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "created_at"}


@pytest.fixture
def lived_in(store: Store):
    """A workshop with edits, a deleted note, two conclusion versions, block reveals, anonymity and closing."""
    workshop, key = store.create_workshop(pps_name="Toekomst in de Techniek", title="Ronde 2", region="Flevoland")
    _, anna = store.join(workshop.code, name="Anna", organisation="Gemeente", role="overheid")
    _, bram = store.join(workshop.code, name="Bram", role="overig", sub_role="werkcoach")
    note = store.add_note(anna, "oplossing", "Eerste versie")
    store.edit_note(anna, note.id, "Tweede versie")
    store.edit_note(anna, note.id, "=Derde versie")
    gone = store.add_note(bram, "kosten", "Weg ermee")
    store.delete_note(bram, gone.id)
    store.add_note(bram, "kanalen", "Via de werkcoach 😀")
    store.set_conclusion(key, "oplossing", "Eerste conclusie")
    store.set_conclusion(key, "oplossing", "Betere conclusie")
    store.set_revealed(key, True, "oplossing")
    store.set_anonymous(key, True)
    store.set_closed(key, True)
    return store.workshop(workshop.code), key, anna, note.id


def test_a_backup_is_complete(lived_in, store):
    workshop, _, _, note_id = lived_in
    data = backup(store, workshop.code)
    assert data["app"] == APP and data["schema_version"] == SCHEMA_VERSION
    (w,) = data["workshops"]
    assert w["code"] == workshop.code and w["closed"] and w["anonymous"] and not w["revealed_all"]
    assert w["revealed_blocks"] == ["oplossing"]
    assert len(w["facilitator_key_hash"]) == 64
    assert [p["name"] for p in w["participants"]] == ["Anna", "Bram"]
    assert all(len(p["token_hash"]) == 64 for p in w["participants"])
    anna_note = w["participants"][0]["notes"][0]
    assert anna_note["text"] == "=Derde versie" and anna_note["version"] == 3
    assert [v["text"] for v in anna_note["versions"]] == ["Eerste versie", "Tweede versie", "=Derde versie"]
    assert [n["deleted"] for n in w["participants"][1]["notes"]] == [True, False]
    assert [c["text"] for c in w["conclusions"]] == ["Eerste conclusie", "Betere conclusie"]
    assert "id" not in json.dumps(data).replace('"', " ").split()


def test_backup_then_restore_into_an_empty_database_then_backup_gives_the_same_content(lived_in, store, tmp_path):
    workshop, key, anna, _ = lived_in
    load_demo(store)
    original = json.loads(backup_json(store))
    assert len(original["workshops"]) == 7

    fresh = Store.open(f"sqlite:///{tmp_path / 'fresh.db'}")
    restored = restore(fresh, backup_json(store))
    assert [w.code for w in restored] == [w["code"] for w in original["workshops"]]
    assert without_stamp(backup(fresh)) == without_stamp(original)
    assert counts(fresh) == counts(store)

    # The links of the original keep working: the facilitator key and the participant's private link.
    assert fresh.facilitated_workshop(key).code == workshop.code
    assert fresh.participant(anna).name == "Anna"
    back = fresh.workshop(workshop.code)
    assert back.closed and back.anonymous and back.is_revealed("oplossing")
    assert [v.text for v in fresh.note_history(fresh.own_notes(anna)[0].id)][-1] == "=Derde versie"
    fresh.engine.dispose()


def test_a_backup_of_one_workshop_holds_only_that_workshop(store):
    load_demo(store)
    data = backup(store, "next24")
    assert [w["code"] for w in data["workshops"]] == ["NEXT24"]


def _mutate(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], str]:
    def make(data: dict[str, Any]) -> str:
        data = copy.deepcopy(data)
        change(data)
        return json.dumps(data)

    return make


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return change


REFUSALS: dict[str, tuple[Callable[[dict[str, Any]], str | bytes], str]] = {
    "not json": (lambda d: "{dit is geen json", "geen geldige JSON"),
    "not utf-8": (lambda d: b"\xff\xfe\x00garbage", "geen"),
    "another app": (_mutate(_set("app", "iets-anders")), "geen back-up van PPS Canvas"),
    "a list": (lambda d: "[1, 2]", "geen back-up van PPS Canvas"),
    "newer schema": (_mutate(_set("schema_version", SCHEMA_VERSION + 1)), "nieuwere versie"),
    "missing field": (_mutate(_drop("workshops.0.participants")), "ontbreekt"),
    "unknown block": (_mutate(_set("workshops.0.conclusions.0.block_id", "geen_blok")), "ongeldige waarde"),
    "unknown role": (_mutate(_set("workshops.0.participants.0.role", "koning")), "ongeldige waarde"),
    "control character": (_mutate(_set("workshops.0.participants.0.name", "A\x00na")), "ongeldige waarde"),
    "bad code": (_mutate(_set("workshops.0.code", "X")), "ongeldige waarde"),
    "no workshops": (_mutate(_set("workshops", [])), "geen workshops"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_bad_backup_is_refused_with_a_dutch_message_and_changes_nothing(case, lived_in, store, tmp_path):
    make, message = REFUSALS[case]
    data = backup(store)
    target = Store.open(f"sqlite:///{tmp_path / 'target.db'}")
    load_demo(target)
    before = counts(target)
    with pytest.raises(InvalidInput, match=message):
        restore(target, make(data))
    assert counts(target) == before
    target.engine.dispose()


def test_a_workshop_code_that_already_exists_is_refused_and_nothing_changes(lived_in, store):
    workshop, *_ = lived_in
    before = counts(store)
    with pytest.raises(InvalidBackup, match=f"al een workshop met code {workshop.code}"):
        restore(store, backup_json(store, workshop.code))
    assert counts(store) == before


def test_a_clash_in_the_second_workshop_undoes_the_first_one_too(lived_in, store, tmp_path):
    """One transaction: a participant link that already exists makes the whole restore fail."""
    workshop, *_ = lived_in
    data = backup(store, workshop.code)
    second = copy.deepcopy(data["workshops"][0])
    second["code"] = "ZZZZ22"
    first = copy.deepcopy(data["workshops"][0])
    first["code"] = "YYYY22"
    first["participants"] = []
    data["workshops"] = [first, second]  # second reuses the token hashes already in the store
    before = counts(store)
    with pytest.raises(InvalidBackup, match="niets teruggezet"):
        restore(store, json.dumps(data))
    assert counts(store) == before


# -- the synthesis (issue 13) ---------------------------------------------------------------------------


@pytest.fixture
def synthesised(store: Store):
    """A workshop with bullets (an edited one, a removed one, one without notes), group decisions and votes."""
    workshop, key = store.create_workshop(pps_name="NexTechnician", title="Synthese")
    _, ann = store.join(workshop.code, name="Ann", role="ondernemer")
    _, bob = store.join(workshop.code, name="Bob", role="ondernemer")
    a = store.add_note(ann, "kosten", "Wij betalen mee aan de RIF-aanvraag")
    b = store.add_note(bob, "financiering", "Bedrijven betalen mee in de RIF-aanvraag")
    gone = store.add_note(bob, "kosten", "Uren")
    store.set_revealed(key, True)
    rif = store.add_bullet(key, "ondernemer", "financiering", "RIF", [a.id, b.id, gone.id])
    store.edit_bullet(key, rif.id, "Bedrijven betalen mee in de RIF-aanvraag")
    store.delete_note(bob, gone.id)
    free = store.add_bullet(key, "ondernemer", "financiering", "Inzet in natura")
    removed = store.add_bullet(key, "ondernemer", "financiering", "Weg")
    store.remove_bullet(key, removed.id)
    store.decide_group(key, "cel:ondernemer:financiering", [a.id, b.id], accepted=True)
    closed = store.open_vote(key, "note", votes_per_participant=2)
    store.cast_vote(ann, closed.id, "note", b.id)
    store.cast_vote(bob, closed.id, "note", b.id)
    store.close_vote(key, closed.id)
    running = store.open_vote(key, "bullet", blocks=["kosten"], votes_per_participant=1)
    store.cast_vote(ann, running.id, "bullet", free.id)
    return workshop, key, ann, bob


def test_backup_and_restore_carry_synthesis_groups_and_votes(synthesised, store, tmp_path):
    workshop, key, ann, bob = synthesised
    original = backup(store, workshop.code)
    (w,) = original["workshops"]
    assert [b["text"] for b in w["synthesis"]] == ["Bedrijven betalen mee in de RIF-aanvraag", "Inzet in natura", "Weg"]
    assert [v["text"] for v in w["synthesis"][0]["versions"]] == ["RIF", "Bedrijven betalen mee in de RIF-aanvraag"]
    assert len(w["synthesis"][0]["notes"]) == 3 and w["synthesis"][1]["notes"] == []
    assert "id" not in json.dumps(w["synthesis"])  # references, never database ids

    fresh = Store.open(f"sqlite:///{tmp_path / 'fresh.db'}")
    (back,) = restore(fresh, backup_json(store, workshop.code))
    assert without_stamp(backup(fresh)) == without_stamp(original)
    assert counts(fresh) == counts(store)
    bullets = fresh.bullets(back.id, include_removed=True)
    texts = {n.id: n.text for n in fresh.notes(back.id, include_deleted=True)}
    deleted = {n.id for n in fresh.notes(back.id, include_deleted=True) if n.deleted}
    assert [texts[i] for i in bullets[0].note_ids][:2] == [
        "Wij betalen mee aan de RIF-aanvraag",
        texts[bullets[0].note_ids[1]],
    ]
    assert set(bullets[0].note_ids) & deleted  # the deleted note is still linked
    assert bullets[1].without_notes and bullets[2].removed
    (decision,) = fresh.group_decisions(back.id)
    assert decision.accepted and [texts[i] for i in decision.note_ids][0] == "Wij betalen mee aan de RIF-aanvraag"
    first, second = fresh.vote_sessions(back.id)
    assert list(fresh.vote_results(first.id).values()) == [2]
    # The running vote runs on, with its rules: Ann has used her one vote; results stay hidden.
    assert second.is_open and second.blocks == {"kosten"}
    with pytest.raises(VoteRefused, match="stem al gebruikt"):
        fresh.cast_vote(ann, second.id, "bullet", bullets[0].id)
    with pytest.raises(VoteRefused, match="verborgen"):
        fresh.vote_results(second.id)
    fresh.close_vote(key, second.id)
    assert fresh.vote_counts(back.id, "bullet") == {bullets[1].id: 1}
    fresh.engine.dispose()


def test_a_backup_from_before_the_synthesis_still_restores(synthesised, store, tmp_path):
    workshop, *_ = synthesised
    data = backup(store, workshop.code)
    for w in data["workshops"]:
        for field in ("synthesis", "group_decisions", "vote_sessions"):
            del w[field]
    fresh = Store.open(f"sqlite:///{tmp_path / 'old.db'}")
    (back,) = restore(fresh, data)
    assert fresh.bullets(back.id) == [] and len(fresh.notes(back.id)) == 2
    fresh.engine.dispose()


@pytest.mark.parametrize(
    "break_it",
    [
        lambda w: w["synthesis"][0]["notes"].append({"participant": "0" * 64, "note": 0}),
        lambda w: w["synthesis"][0]["notes"].append({**w["synthesis"][0]["notes"][0], "note": 99}),
        lambda w: w["vote_sessions"][0]["votes"].append({**w["vote_sessions"][0]["votes"][0], "participant": "f" * 64}),
        lambda w: w["vote_sessions"][1]["votes"][0].update({"bullet": 42}),
    ],
)
def test_a_backup_with_a_broken_synthesis_reference_restores_nothing(break_it, synthesised, store, tmp_path):
    workshop, *_ = synthesised
    data = backup(store, workshop.code)
    break_it(data["workshops"][0])
    fresh = Store.open(f"sqlite:///{tmp_path / 'broken.db'}")
    before = counts(fresh)
    with pytest.raises(InvalidBackup, match="niets teruggezet"):
        restore(fresh, data)
    assert counts(fresh) == before
    fresh.engine.dispose()
