"""The countdown on every screen, the participant's "Klaar", and the facilitator's timer controls.

The timer lives in the database (``data.timer_store``): the end time in UTC, or the seconds left while
paused, so a reload or another device shows the same clock. Each screen redraws only its small clock
fragment once a second (``st.fragment(run_every=1)``: one primary-key read), never the page around it.
"""

from __future__ import annotations

import functools

import streamlit as st

from app_pages.ui.notes import role_badge
from app_pages.ui.text import plain
from canvas.blocks import BLOCKS_BY_ID, WALK_ORDER
from canvas.clock import now
from canvas.model import Workshop
from canvas.timer import MAX_TIMER_MINUTES, Timer, TimerState
from data.store import Store, StoreError, StoreUnavailable

__all__ = ["countdown", "facilitator_timer", "participant_timer"]

_WHOLE_WALK = ""


def _clock(current: Timer, *, key: str) -> None:
    """The big mm:ss line; nothing at all when no countdown is on."""
    if not current.active:
        return
    state = "ended" if current.expired(now()) else current.state.value
    with st.container(key=f"{key}_{state}"):
        st.markdown(current.label(now()))


# While no countdown runs, a screen only looks every few seconds whether one has started.
IDLE_SECONDS = 4


def _waits_for_the_database(body):
    """A clock that cannot read the database for a moment says so in one line and looks again next tick
    (instead of an error box on every screen while the database restarts)."""

    @functools.wraps(body)
    def clock(*args, **kwargs) -> None:
        try:
            body(*args, **kwargs)
        except StoreUnavailable:
            st.caption("⏱️ De klok wacht even op de database.")

    return clock


def _ticking(body, store: Store, *args) -> None:
    """Run ``body`` as a fragment: every second while the countdown is on, every few seconds otherwise.

    When the countdown starts or stops, the page runs again once, so the interval follows.
    """
    try:
        active = store.timer(args[-1]).active
    except StoreUnavailable:
        active = False  # the fragment looks again in a few seconds
    st.fragment(run_every=1 if active else IDLE_SECONDS)(_waits_for_the_database(body))(store, *args, was_active=active)


def _flipped(current: Timer, was_active: bool) -> None:
    if current.active != was_active:
        st.rerun(scope="app")


def countdown(store: Store, workshop_id: int) -> None:
    """The countdown as the board shows it (Canvas), with how many are ready in all."""
    _ticking(_board_clock, store, workshop_id)


def _board_clock(store: Store, workshop_id: int, *, was_active: bool) -> None:
    current = store.timer(workshop_id)
    _flipped(current, was_active)
    if not current.active:
        return
    counts = store.ready_counts(workshop_id)
    ready = sum(c.ready for c in counts)
    total = sum(c.total for c in counts)
    with st.container(horizontal=True, vertical_alignment="center", key="timer_board"):
        _clock(current, key="timer_clock")
        st.markdown(f"✅ {ready} van {total} klaar")


def _mark(store: Store, token: str, ready: bool) -> None:
    try:
        store.set_ready(token, ready)
    except StoreError as error:
        st.session_state["timer_klaar_error"] = str(error)


def participant_timer(store: Store, token: str, workshop_id: int) -> None:
    """On the phone: the countdown and a big "Klaar" button (tap again to undo), while a round is on."""
    _ticking(_phone_clock, store, token, workshop_id)


def _phone_clock(store: Store, token: str, workshop_id: int, *, was_active: bool) -> None:
    current = store.timer(workshop_id)
    _flipped(current, was_active)
    if not current.active:
        return
    with st.container(border=True, key="timer_phone"):
        _clock(current, key="timer_clock")
        error = st.session_state.pop("timer_klaar_error", "")
        if error:
            st.error(plain(error))
        if store.is_ready(token):
            st.success("Je hebt aangegeven dat je klaar bent.")
            st.button(
                "↩️ Toch nog niet klaar",
                key="timer_klaar_undo",
                on_click=_mark,
                args=(store, token, False),
                width="stretch",
            )
        else:
            st.button(
                "✅ Klaar",
                key="timer_klaar",
                type="primary",
                on_click=_mark,
                args=(store, token, True),
                width="stretch",
                help="Laat de begeleider weten dat je klaar bent met deze stap.",
            )


def _act(action, *args) -> None:
    try:
        action(*args)
    except StoreError as error:
        st.session_state["timer_control_error"] = str(error)


@st.fragment(run_every=1)
@_waits_for_the_database
def _facilitator_status(store: Store, workshop_id: int) -> None:
    current = store.timer(workshop_id)
    if not current.active:
        st.caption("Geen timer actief. Start er een voor een blok of voor de hele ronde.")
        return
    _clock(current, key="timer_clock")
    with st.container(horizontal=True, key="timer_ready_counts"):
        for count in store.ready_counts(workshop_id):
            role_badge(count.role, f" {count.ready}/{count.total} klaar", key_suffix="timer")


def _start(store: Store, key: str) -> None:
    # Read from the widgets at click time: the button's arguments were fixed when it was drawn.
    _act(store.start_timer, key, st.session_state["timer_minuten"], st.session_state["timer_voor"])


def facilitator_timer(store: Store, key: str, workshop: Workshop) -> None:
    """Begeleiden: start a countdown (minutes, a block or the whole round), pause, resume, stop; who is ready."""
    current = store.timer(workshop.id)
    with st.expander("⏱️ Timer en wie is klaar", expanded=current.active):
        error = st.session_state.pop("timer_control_error", "")
        if error:
            st.error(plain(error))
        _facilitator_status(store, workshop.id)
        if workshop.closed:
            st.caption("De workshop is gesloten: de timer kan niet meer lopen.")
            return
        left, right, start = st.columns([1, 2, 1], vertical_alignment="bottom")
        left.number_input("Minuten", min_value=1, max_value=MAX_TIMER_MINUTES, value=5, step=1, key="timer_minuten")
        right.selectbox(
            "Voor",
            [_WHOLE_WALK, *WALK_ORDER],
            format_func=lambda b: f"Blok {BLOCKS_BY_ID[b].title}" if b else "De hele ronde",
            key="timer_voor",
        )
        start.button(
            "▶️ Start",
            key="timer_start",
            type="primary",
            on_click=_start,
            args=(store, key),
            width="stretch",
        )
        if current.active:
            pause, stop = st.columns(2)
            if current.state is TimerState.RUNNING:
                pause.button(
                    "⏸️ Pauze", key="timer_pause", on_click=_act, args=(store.pause_timer, key), width="stretch"
                )
            else:
                pause.button(
                    "⏯️ Verder", key="timer_resume", on_click=_act, args=(store.resume_timer, key), width="stretch"
                )
            stop.button("⏹️ Stop", key="timer_stop", on_click=_act, args=(store.stop_timer, key), width="stretch")
