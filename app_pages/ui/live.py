"""Live views: a board that shows a new note within a second, for the price of one number per second.

A view calls ``drawn()`` at its top, before it reads any notes: that records the workshop's change stamp
(``Store.change_stamp``, bumped by every write) the drawing is about to reflect. ``watch()``, called once
further down the page, is a fragment that reruns every second, reads the stamp again (one primary-key
read) and, only when it moved, reruns the page so the view is drawn anew.

Why a separate watcher and not an early ``return`` in the view's own ``run_every`` fragment: every rerun
of a fragment opens its container afresh, and when the run ends the browser removes whatever that run did
not draw again (Streamlit's ``clearStaleNodes``), so an early return would blank the board. The watcher
draws nothing, so its empty reruns cost no elements, no messages to the browser and no repaint.
"""

from __future__ import annotations

from typing import Protocol

import streamlit as st

__all__ = ["drawn", "watch"]

# How often an open view asks whether its workshop changed. One second: a note is on the projector about
# half a second (on median) plus one page run after it was saved.
POLL_SECONDS = 1.0


class _Stamped(Protocol):
    def change_stamp(self, workshop_id: int) -> int: ...


def _state_key(view: str) -> str:
    return f"live_stamp_{view}"


def drawn(store: _Stamped, workshop_id: int, view: str) -> None:
    """Note the stamp this drawing of ``view`` reflects; call before reading what the view shows."""
    st.session_state[_state_key(view)] = store.change_stamp(workshop_id)


@st.fragment(run_every=POLL_SECONDS)
def _watcher(store: _Stamped, workshop_id: int, view: str) -> None:
    if store.change_stamp(workshop_id) != st.session_state.get(_state_key(view)):
        st.rerun(scope="app")


def watch(store: _Stamped, workshop_id: int, view: str) -> None:
    """Redraw the page within a second of any write to this workshop (and only then)."""
    _watcher(store, workshop_id, view)
