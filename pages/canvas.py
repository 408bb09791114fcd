"""Canvas (projector): the 18 blocks in the canvas grid, every revealed note in its stakeholder's colour.

With the facilitator key it shows that workshop (and tells the facilitator how many notes are still hidden);
without it the board is public: ``?code=`` or a demo workshop, and only revealed notes, ever. Focus mode
shows one block large, a column per stakeholder; the block in focus lives in session state and in ``?blok=``
so the automatic refresh never resets it.
"""

from __future__ import annotations

import streamlit as st

from canvas.blocks import BLOCKS_BY_ID, WALK_ORDER
from canvas.board import SECTIONS
from canvas.merge import by_block
from canvas.model import Note, SharedConclusion, Workshop
from canvas.progress import hidden_per_block, neighbours, roles_to_show
from canvas.synthesis import ItemKind, order_by_votes
from pages._shared import (
    block_panel,
    conclusion_card,
    get_store,
    hidden_hint,
    inject_style,
    legend,
    note_card,
    plain,
    projector_workshop,
    workshop_heading,
)
from stakeholders.roles import role_info

# Height of one board row in pixels: four rows plus the heading fit a 1280×720 projector with little
# scrolling; a block with more notes than fit scrolls inside itself, newest on top.
ROW_HEIGHT = 260
# Height of a stakeholder column in focus mode: the column scrolls when one side wrote a lot.
FOCUS_HEIGHT = 430
FOCUS = "canvas_focus"
WHOLE_CANVAS = ""

# A projector page: the whole width for the board, the page list out of the way (it opens with ☰).
st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
inject_style()
store = get_store()
workshop, key = projector_workshop("canvas")

# First visit with ?blok=: start in focus on that block.
if FOCUS not in st.session_state:
    wanted = st.query_params.get("blok", WHOLE_CANVAS)
    st.session_state[FOCUS] = wanted if wanted in BLOCKS_BY_ID else WHOLE_CANVAS


def _step(block_id: str | None) -> None:
    st.session_state[FOCUS] = block_id or WHOLE_CANVAS


def _reveal_block(block_id: str) -> None:
    store.set_revealed(key, True, block_id)


def _grid(
    current: Workshop,
    notes: dict[str, list[Note]],
    conclusions: dict[str, SharedConclusion],
    hidden: dict[str, int],
) -> None:
    for section in SECTIONS:
        columns = st.columns([c.width for c in section.columns], gap="small")
        for column, stack in zip(columns, section.columns, strict=True):
            with column:
                for blk in stack.blocks:
                    block_panel(
                        blk,
                        notes[blk.id],
                        conclusion=conclusions.get(blk.id),
                        anonymous=current.anonymous,
                        height=ROW_HEIGHT * blk.row_span + (16 * (blk.row_span - 1)),
                        hidden=hidden.get(blk.id, 0),
                    )
    legend()


def _focus(
    current: Workshop, block_id: str, notes: list[Note], conclusion: SharedConclusion | None, hidden: int
) -> None:
    blk = BLOCKS_BY_ID[block_id]
    before, after = neighbours(block_id)
    nav = st.columns([1, 1, 1, 3], gap="small")
    nav[0].button(
        "◀ Vorige", key="canvas_prev", on_click=_step, args=(before,), disabled=before is None, width="stretch"
    )
    nav[1].button(
        "Volgende ▶", key="canvas_next", on_click=_step, args=(after,), disabled=after is None, width="stretch"
    )
    nav[2].button("Hele canvas", key="canvas_whole", on_click=_step, args=(None,), width="stretch")
    if key and not current.is_revealed(block_id):
        nav[3].button(
            f"🔓 Laat de {hidden} notities van dit blok zien" if hidden else "🔓 Dit blok zichtbaar maken",
            key="canvas_reveal",
            on_click=_reveal_block,
            args=(block_id,),
        )
    st.markdown(f"## {plain(blk.title)} · {len(notes)}")
    with st.container(key="canvas_focus_question"):
        st.markdown(plain(blk.question))
    if conclusion is not None:
        conclusion_card(conclusion, key_prefix="focus-")
    roles = roles_to_show(notes)
    for column, role in zip(st.columns(len(roles), gap="small"), roles, strict=True):
        mine = [n for n in notes if n.role == role]
        info = role_info(role)
        with column:
            with st.container(key=f"badge-{role.value}-focus"):
                st.markdown(f"{info.icon} {info.label} · {len(mine)}")
            with st.container(height=FOCUS_HEIGHT, border=False, key=f"canvas_focus_col_{role.value}"):
                if not mine:
                    st.caption("Nog niets van deze kant.")
                for note in reversed(mine):
                    note_card(note, anonymous=current.anonymous, key_prefix="focus-")


@st.fragment(run_every=3)
def board() -> None:
    current = store.workshop_by_id(workshop.id)
    notes = by_block(store.visible_notes(current))
    # Once a vote on notes is closed, most votes on top. The board and focus mode draw the newest note on
    # top (they reverse the list), so the order is built newest first and handed over reversed.
    votes = store.vote_counts(current.id, ItemKind.NOTE)
    if votes:
        notes = {b: order_by_votes(ns[::-1], votes)[::-1] for b, ns in notes.items()}
    conclusions = store.conclusions(current.id)
    head, pick = st.columns([3, 1], vertical_alignment="bottom")
    head.markdown(f"### {plain(workshop_heading(current))}")
    focus = pick.selectbox(
        "Blok in focus",
        [WHOLE_CANVAS, *WALK_ORDER],
        format_func=lambda b: "🔍 " + BLOCKS_BY_ID[b].title if b else "🔍 Hele canvas",
        key=FOCUS,
        label_visibility="collapsed",
    )
    if focus:
        st.query_params["blok"] = focus
    elif "blok" in st.query_params:
        del st.query_params["blok"]
    # Only the facilitator learns that notes are hidden, and only how many.
    hidden = hidden_per_block(store.notes(current.id), current) if key else {}
    if key:
        hidden_hint(hidden)
    elif not (current.revealed_all or current.revealed_blocks):
        st.info("De notities zijn nog verborgen: iedereen schrijft eerst zelf. De begeleider laat ze zien.")
    if votes:
        st.caption("🗳️ De notities staan op volgorde van de stemming: de meeste stemmen bovenaan.")
    if focus:
        _focus(current, focus, notes[focus], conclusions.get(focus), hidden.get(focus, 0))
    else:
        _grid(current, notes, conclusions, hidden)


board()
