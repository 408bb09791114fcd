"""The facilitator's countdown and the participants' "Klaar": store rules on both backends, pages in AppTest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from canvas.timer import Timer, TimerState, mm_ss
from data.db import make_engine, migrate
from data.store import AccessDenied, InvalidInput, Store, WorkshopClosed
from stakeholders.roles import Role
from tests.apptest import page_text, run_app


@pytest.fixture
def room(store: Store, workshop_key):
    """A workshop with two ondernemers and one overheid participant."""
    workshop, key = workshop_key
    tokens = {
        name: store.join(workshop.code, name=name, role=role)[1]
        for name, role in (("Kees", "ondernemer"), ("Mira", "ondernemer"), ("Ann", "overheid"))
    }
    return store, workshop, key, tokens


def _count(store: Store, workshop_id: int, role: Role) -> str:
    return next(c.text for c in store.ready_counts(workshop_id) if c.role == role)


# -- the clock itself -------------------------------------------------------------------------------------


def test_the_countdown_reads_as_minutes_and_seconds_and_never_goes_below_zero():
    start = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)
    timer = Timer(round=1, block_id="kosten", seconds=300, ends_at=start + timedelta(seconds=300))
    assert timer.label(start) == "⏱️ 05:00 voor blok Kosten (euro)"
    assert mm_ss(timer.remaining(start + timedelta(seconds=0.4))) == "05:00"  # rounded up: never shows 04:59 early
    assert mm_ss(timer.remaining(start + timedelta(seconds=61))) == "03:59"
    assert timer.label(start + timedelta(minutes=9)) == "⏰ 00:00 De tijd is om (blok Kosten (euro))"
    paused = Timer(round=1, seconds=300, paused_remaining=75)
    assert paused.state is TimerState.PAUSED and paused.label(start) == "⏸️ 01:15 gepauzeerd (de hele ronde)"


# -- the store's rules, on SQLite and PostgreSQL ---------------------------------------------------------


def test_the_facilitator_starts_a_countdown_everyone_reads_back_from_the_database(room):
    store, workshop, key, _ = room
    assert not store.timer(workshop.id).active
    started = store.start_timer(key, 5, "kernactiviteiten")
    again = store.timer(workshop.id)  # what a reloaded page or another device reads
    assert again == started and again.state is TimerState.RUNNING and again.round == 1
    assert again.subject == "blok Kernactiviteiten"
    assert 295 <= again.remaining(datetime.now(UTC)) <= 300


def test_pause_keeps_the_seconds_left_and_resume_goes_on_from_there(room):
    store, workshop, key, _ = room
    store.start_timer(key, 2)
    paused = store.pause_timer(key)
    assert paused.state is TimerState.PAUSED and 115 <= paused.paused_remaining <= 120
    assert store.timer(workshop.id).remaining(datetime.now(UTC) + timedelta(hours=1)) == paused.paused_remaining
    resumed = store.resume_timer(key)
    assert resumed.state is TimerState.RUNNING and resumed.round == 1
    assert store.stop_timer(key).state is TimerState.OFF and not store.timer(workshop.id).active


def test_only_the_facilitator_key_runs_the_timer_and_bad_lengths_get_a_dutch_message(room):
    store, workshop, key, tokens = room
    for wrong in ("", "geen-sleutel", tokens["Kees"]):
        with pytest.raises(AccessDenied):
            store.start_timer(wrong, 5)
    store.start_timer(key, 5)
    with pytest.raises(AccessDenied):
        store.stop_timer(tokens["Kees"])
    for minutes in (0, -3, 121, "vijf"):
        with pytest.raises(InvalidInput, match="minuten|getal"):
            store.start_timer(key, minutes)
    assert store.timer(workshop.id).seconds == 300  # the running timer is untouched


def test_klaar_counts_per_stakeholder_undo_takes_it_back_and_a_new_round_starts_at_zero(room):
    store, workshop, key, tokens = room
    with pytest.raises(InvalidInput, match="geen timer"):
        store.set_ready(tokens["Kees"], True)
    store.start_timer(key, 5)
    assert _count(store, workshop.id, Role.ONDERNEMER) == "Ondernemer 0/2 klaar"
    store.set_ready(tokens["Kees"], True)
    store.set_ready(tokens["Kees"], True)  # a double tap counts once
    store.set_ready(tokens["Ann"], True)
    assert store.is_ready(tokens["Kees"]) and not store.is_ready(tokens["Mira"])
    assert _count(store, workshop.id, Role.ONDERNEMER) == "Ondernemer 1/2 klaar"
    assert _count(store, workshop.id, Role.OVERHEID) == "Overheid 1/1 klaar"
    assert _count(store, workshop.id, Role.ONDERWIJS) == "Onderwijs 0/0 klaar"  # a main side is always listed
    store.set_ready(tokens["Kees"], False)
    assert _count(store, workshop.id, Role.ONDERNEMER) == "Ondernemer 0/2 klaar"
    store.start_timer(key, 3)  # the next block: nobody is ready yet
    assert not store.is_ready(tokens["Ann"])
    assert _count(store, workshop.id, Role.OVERHEID) == "Overheid 0/1 klaar"


def test_only_the_own_token_marks_klaar(room):
    store, _, key, _ = room
    store.start_timer(key, 5)
    for wrong in ("", "iemand-anders", key):
        with pytest.raises(AccessDenied):
            store.set_ready(wrong, True)


def test_a_closed_workshop_refuses_the_timer_and_klaar(room):
    store, workshop, key, tokens = room
    store.start_timer(key, 5)
    store.set_closed(key, True)
    with pytest.raises(WorkshopClosed):
        store.start_timer(key, 5)
    with pytest.raises(WorkshopClosed):
        store.set_ready(tokens["Kees"], True)
    assert not store.is_ready(tokens["Kees"])


def test_the_timer_tables_in_the_migration_match_the_table_classes(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'schema.db'}")
    migrate(engine)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    mine = [d for d in diffs if "workshop_timer" in repr(d) or "ready_mark" in repr(d)]
    assert not mine, mine


# -- the pages (AppTest) ---------------------------------------------------------------------------------


@pytest.fixture
def page_room(db_path):
    store = Store.open(f"sqlite:///{db_path}")
    workshop, key = store.create_workshop(pps_name="Toekomst in de Techniek", title="Ontwerpsessie")
    _, kees = store.join(workshop.code, name="Kees", role="ondernemer")
    _, ann = store.join(workshop.code, name="Ann", role="overheid")
    return store, workshop, key, kees, ann


def test_the_facilitator_starts_the_timer_on_begeleiden_and_a_phone_taps_klaar_on_invullen(page_room):
    store, workshop, key, kees, _ = page_room
    at = run_app(page="begeleiden", key=key)
    assert not at.exception
    at.number_input(key="timer_minuten").set_value(3)
    at.selectbox(key="timer_voor").set_value("kosten")
    at.button(key="timer_start").click().run()
    assert not at.exception
    timer = store.timer(workshop.id)
    assert timer.state is TimerState.RUNNING and timer.block_id == "kosten" and timer.seconds == 180
    assert "voor blok Kosten (euro)" in page_text(at)
    assert "Ondernemer 0/1 klaar" in page_text(at)

    phone = run_app(page="invullen", p=kees)
    assert not phone.exception
    assert "voor blok Kosten (euro)" in page_text(phone)
    phone.button(key="timer_klaar").click().run()
    assert store.is_ready(kees)
    assert phone.button(key="timer_klaar_undo")  # a reload shows the undo, read from the database
    assert "Je hebt aangegeven dat je klaar bent" in page_text(run_app(page="invullen", p=kees))

    at = run_app(page="begeleiden", key=key)
    assert "Ondernemer 1/1 klaar" in page_text(at) and "Overheid 0/1 klaar" in page_text(at)
    at.button(key="timer_pause").click().run()
    assert store.timer(workshop.id).state is TimerState.PAUSED
    at.button(key="timer_stop").click().run()
    assert not store.timer(workshop.id).active
    phone = run_app(page="invullen", p=kees)
    assert "timer_klaar" not in {b.key for b in phone.button}


def test_without_a_timer_the_phone_shows_no_klaar_button(page_room):
    _, _, _, kees, _ = page_room
    phone = run_app(page="invullen", p=kees)
    assert not phone.exception
    assert "timer_klaar" not in {b.key for b in phone.button}


def test_the_join_page_offers_the_demo_boards_without_a_code(db_path):
    at = run_app()
    assert not at.exception
    assert "Bekijk een ingevuld voorbeeld" in page_text(at)
    links = list(at.get("page_link"))
    assert len([link for link in links if "canvas" in str(link.proto.page)]) == 4


def test_who_comes_with_a_join_link_sees_no_demo_offer(db_path):
    at = run_app(code="NEXT24")
    assert "Bekijk een ingevuld voorbeeld" not in page_text(at)
