"""The whole canvas on one screen (Canvas › Overzicht): 18 tiles in the board's grid, no scrolling.

Per block: its title (a button: click for focus mode), how many notes each stakeholder wrote (a chip in the
role's colour WITH its icon and number, so colour is never the only cue), the gedeeld perspectief shortened,
and the newest note. Tile heights follow the window (style.css, ``--ov-row``) so the board fills a
1280×720 projector and a 1920×1080 screen without a scroll bar; long text is cut to a line or two there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from app_pages.ui.notes import role_badge
from app_pages.ui.text import plain
from canvas.blocks import Block
from canvas.layout import SECTIONS
from canvas.model import Note, SharedConclusion
from stakeholders.roles import Role, role_info

__all__ = ["DETAILS", "OVERVIEW", "VIEWS", "newest_note", "overview_grid", "view_switch"]

OVERVIEW = "Overzicht"
DETAILS = "Details"
VIEWS = (OVERVIEW, DETAILS)
VIEW_KEY = "canvas_weergave"
VIEW_PARAM = "weergave"
VIEW_CHOICE = "canvas_weergave_keuze"


def newest_note(notes: Sequence[Note]) -> Note | None:
    """The note a tile shows: the newest one (notes have no votes yet; most-voted would come first)."""
    return max(notes, key=lambda n: (n.created_at, n.id), default=None)


def _remember_view() -> None:
    st.session_state[VIEW_CHOICE] = st.session_state[VIEW_KEY]


def view_switch() -> str:
    """The "Overzicht" / "Details" switch; the choice is kept in ``?weergave=`` so a reload keeps it.

    The choice also lives under a key of its own: Streamlit forgets a widget's value when a run of another
    fragment (the countdown) does not draw the widget, and the board would fall back to Details.
    """
    if VIEW_CHOICE not in st.session_state:
        wanted = st.query_params.get(VIEW_PARAM, "").capitalize()
        st.session_state[VIEW_CHOICE] = wanted if wanted in VIEWS else DETAILS
    st.session_state[VIEW_KEY] = st.session_state[VIEW_CHOICE]
    view = st.segmented_control(
        "Weergave van het canvas",
        VIEWS,
        required=True,
        format_func=lambda v: "🗺️ Overzicht" if v == OVERVIEW else "📋 Details",
        key=VIEW_KEY,
        on_change=_remember_view,
        label_visibility="collapsed",
    )
    view = view or DETAILS
    st.query_params[VIEW_PARAM] = view.lower()
    return view


def _tile(
    blk: Block, notes: Sequence[Note], conclusion: SharedConclusion | None, on_open: Callable[[str], None]
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
                st.markdown("🤝 " + plain(conclusion.text))
        newest = newest_note(notes)
        if newest is not None:
            with st.container(key=f"ovnote_{newest.role.value}_{blk.id}"):
                st.markdown(f"{role_info(newest.role).icon} " + plain(newest.text))


def overview_grid(
    notes: dict[str, list[Note]],
    conclusions: dict[str, SharedConclusion],
    on_open: Callable[[str], None],
) -> None:
    """All 18 blocks on one screen; clicking a title calls ``on_open(block_id)`` (focus mode)."""
    with st.container(key="overview_board", gap=None):
        for section in SECTIONS:
            columns = st.columns([c.width for c in section.columns], gap="small")
            for column, stack in zip(columns, section.columns, strict=True):
                with column:
                    for blk in stack.blocks:
                        _tile(blk, notes[blk.id], conclusions.get(blk.id), on_open)
    # The key to the chips: every colour with its icon and label.
    with st.container(horizontal=True, gap="small", key="overview_legend"):
        for role in Role:
            role_badge(role, key_suffix="ov_legend")
