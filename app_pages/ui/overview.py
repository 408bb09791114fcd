"""The whole canvas on one screen (Canvas › Overzicht): 18 tiles in the board's grid, no scrolling.

Per block: its title (a button: click for focus mode), how many notes each stakeholder wrote (a chip in the
role's colour WITH its icon and number, so colour is never the only cue), the gedeeld perspectief shortened,
and the newest note, or the most-voted once a vote on notes is closed. Tile heights follow the window
(style.css, ``--ov-row``) so the board fills a 1280×720 projector and a 1920×1080 screen without a scroll bar;
long text is cut to a line or two there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from app_pages.ui import state
from app_pages.ui.notes import role_badge
from app_pages.ui.text import plain
from canvas.blocks import Block
from canvas.layout import SECTIONS
from canvas.model import Note, SharedConclusion
from canvas.synthesis import top_note
from stakeholders.roles import Role, role_info

__all__ = ["DETAILS", "OVERVIEW", "VIEWS", "overview_grid", "view_switch"]

OVERVIEW = "overzicht"
DETAILS = "details"
VIEWS = {OVERVIEW: "🗺️ Overzicht", DETAILS: "📋 Details"}
# The board's view, as plain session state (not a widget's value) and in ``?bord=`` for a reload or bookmark.
VIEW_CHOICE = state.CANVAS_VIEW
VIEW_PARAM = "bord"


def _choose(view: str) -> None:
    st.session_state[VIEW_CHOICE] = view


def view_switch() -> str:
    """Two buttons, "Overzicht" and "Details" (the one shown is primary); returns the view to draw.

    Buttons, not a segmented control: a widget's value lives in widget state, which Streamlit may drop when
    a run of another fragment (the countdown, the live watcher) does not draw that widget, and the board fell
    back to Details in the room. A choice kept under a plain session-state key survives every rerun.
    """
    if VIEW_CHOICE not in st.session_state:
        wanted = st.query_params.get(VIEW_PARAM, DETAILS)
        st.session_state[VIEW_CHOICE] = wanted if wanted in VIEWS else DETAILS
    view = st.session_state[VIEW_CHOICE]
    with st.container(horizontal=True, gap="small", key="canvas_view_switch"):
        for value, label in VIEWS.items():
            st.button(
                label,
                key=f"canvas_view_{value}",
                type="primary" if value == view else "secondary",
                on_click=_choose,
                args=(value,),
                help="Het hele canvas op één scherm" if value == OVERVIEW else "Het bord met alle notities",
            )
    if view == OVERVIEW:
        st.query_params[VIEW_PARAM] = OVERVIEW
    else:
        st.query_params.pop(VIEW_PARAM, None)
    return view


def _tile(
    blk: Block,
    notes: Sequence[Note],
    conclusion: SharedConclusion | None,
    votes: Mapping[int, int],
    on_open: Callable[[str], None],
) -> None:
    with st.container(border=True, key=f"ov-{blk.id}-h{blk.row_span}", gap=None):
        st.button(
            blk.title,
            key=f"ov_open_{blk.id}",
            on_click=on_open,
            args=(blk.id,),
            type="tertiary",
            help=f"Open dit blok groot. {blk.question}",
        )
        counts = {role: sum(n.role == role for n in notes) for role in Role}
        with st.container(horizontal=True, gap="small", key=f"ov_counts_{blk.id}"):
            if not notes:
                st.caption("Nog leeg")
            for role, count in counts.items():
                if count:
                    info = role_info(role)
                    with st.container(key=f"badge-{role.value}-ov_{blk.id}", width="content"):
                        st.markdown(f"{info.icon} {count}")
        if conclusion is not None:
            with st.container(key=f"ov_persp_{blk.id}"):
                st.markdown("**Gedeeld:** " + plain(conclusion.text))
        top = top_note(notes, votes)
        if top is not None:
            count = votes.get(top.id, 0)
            ballot = f"🗳️ {count} · " if count else ""
            with st.container(key=f"ovnote_{top.role.value}_{blk.id}"):
                st.markdown(f"{ballot}{role_info(top.role).icon} " + plain(top.text))


def overview_grid(
    notes: dict[str, list[Note]],
    conclusions: dict[str, SharedConclusion],
    votes: Mapping[int, int],
    on_open: Callable[[str], None],
) -> None:
    """All 18 blocks on one screen; clicking a title calls ``on_open(block_id)`` (focus mode).

    ``votes``: per note id, the votes of closed votes on notes; a tile then shows its most-voted note.
    """
    with st.container(key="overview_board", gap=None):
        for section in SECTIONS:
            columns = st.columns([c.width for c in section.columns], gap="small")
            for column, stack in zip(columns, section.columns, strict=True):
                with column:
                    for blk in stack.blocks:
                        _tile(blk, notes[blk.id], conclusions.get(blk.id), votes, on_open)
    # The key to the chips: every colour with its icon and label.
    with st.container(horizontal=True, gap="small", key="overview_legend"):
        for role in Role:
            role_badge(role, key_suffix="ov_legend")
