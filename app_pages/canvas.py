"""Canvas (projector): the 18 blocks in the canvas grid, every revealed note in its stakeholder's colour.

With the facilitator key it shows that workshop (and tells the facilitator how many notes are still hidden);
without it the board is public: ``?code=`` or a demo workshop, and only revealed notes, ever. Focus mode
shows one block large, a column per stakeholder; the block in focus lives in session state and in ``?blok=``
so the automatic refresh never resets it.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui import live, state
from app_pages.ui.access import projector_workshop
from app_pages.ui.history import block_from_history, put_block
from app_pages.ui.notes import block_panel, conclusion_card, hidden_hint, legend, note_card, role_badge
from app_pages.ui.overview import OVERVIEW, overview_grid, view_switch
from app_pages.ui.rounds import previous_card, previous_label
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from app_pages.ui.timer import countdown
from canvas.blocks import BLOCKS_BY_ID, WALK_ORDER
from canvas.layout import SECTIONS
from canvas.merge import by_block
from canvas.model import Note, NoteSource, SharedConclusion, Workshop
from canvas.progress import hidden_per_block, neighbours, roles_to_show
from canvas.synthesis import ItemKind, order_by_votes

# Height of one board row in pixels: four rows plus the heading fit a 1280×720 projector with little
# scrolling; a block with more notes than fit scrolls inside itself, newest on top.
ROW_HEIGHT = 260
# Height of a stakeholder column in focus mode: the column scrolls when one side wrote a lot.
FOCUS_HEIGHT = 430
FOCUS = state.CANVAS_FOCUS
WHOLE_CANVAS = ""

store = get_store()
workshop, key = projector_workshop("canvas")
# Last ronde of this samenwerking, if any: its gedeeld perspectief is shown as "Vorige keer".
previous = store.previous_ronde(workshop.id)

# First visit with ?blok=: start in focus on that block.
if FOCUS not in st.session_state:
    wanted = st.query_params.get("blok", WHOLE_CANVAS)
    st.session_state[FOCUS] = wanted if wanted in BLOCKS_BY_ID else WHOLE_CANVAS
# Back or Forward in the browser: the focus follows the address (each block in focus is a history entry).
elif (went_to := block_from_history(state.CANVAS_ADDRESS, BLOCKS_BY_ID, none=WHOLE_CANVAS)) is not None:
    st.session_state[FOCUS] = went_to


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
    if previous is not None and previous[1]:
        with st.expander(f"↺ {previous_label(previous[0])}: gedeeld perspectief per blok", key="canvas_vorige"):
            for block_id in WALK_ORDER:
                if block_id in previous[1]:
                    st.markdown(f"**{plain(BLOCKS_BY_ID[block_id].title)}**")
                    previous_card(previous[0], previous[1][block_id], key=f"grid-{block_id}")
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
    if previous is not None and block_id in previous[1]:
        previous_card(previous[0], previous[1][block_id], key=f"focus-{block_id}")
    roles = roles_to_show(notes)
    for column, role in zip(st.columns(len(roles), gap="small"), roles, strict=True):
        mine = [n for n in notes if n.role == role]
        with column:
            role_badge(role, f" · {len(mine)}", key_suffix="focus")
            with st.container(height=FOCUS_HEIGHT, border=False, key=f"canvas_focus_col_{role.value}"):
                if not mine:
                    st.caption("Nog niets van deze kant.")
                for note in reversed(mine):
                    note_card(note, anonymous=current.anonymous, key_prefix="focus-")


@st.fragment
def _by_source(notes: dict[str, list[Note]]) -> dict[str, list[Note]]:
    """The notes of the sources chosen, when the board mixes workshop notes with preparation or interviews
    (each note carries its label; the filter shows only when there is something to filter)."""
    present = sorted({n.source for ns in notes.values() for n in ns}, key=list(NoteSource).index)
    if len(present) < 2:
        return notes
    chosen = st.pills(
        "Bron",
        present,
        selection_mode="multi",
        default=present,
        format_func=lambda s: f"{s.icon} {s.label}",
        key="canvas_bron",
    )
    return {b: [n for n in ns if n.source in chosen] for b, ns in notes.items()}


def board() -> None:
    live.drawn(store, workshop.id, "board")
    current = store.workshop_by_id(workshop.id)
    notes = by_block(store.visible_notes(current))
    # Once a vote on notes is closed, most votes on top. The board and focus mode draw the newest note on
    # top (they reverse the list), so the order is built newest first and handed over reversed.
    votes = store.vote_counts(current.id, ItemKind.NOTE)
    if votes:
        notes = {b: order_by_votes(ns[::-1], votes)[::-1] for b, ns in notes.items()}
    conclusions = store.conclusions(current.id)
    head, switch, pick = st.columns([3, 1.3, 1.2], vertical_alignment="bottom")
    head.markdown(f"### {plain(current.heading)}")
    with switch:
        view = view_switch()
    focus = pick.selectbox(
        "Blok in focus",
        [WHOLE_CANVAS, *WALK_ORDER],
        format_func=lambda b: "🔍 " + BLOCKS_BY_ID[b].title if b else "🔍 Hele canvas",
        key=FOCUS,
        label_visibility="collapsed",
    )
    put_block(focus, state.CANVAS_ADDRESS, none=WHOLE_CANVAS)
    notes = _by_source(notes)
    # Only the facilitator learns that notes are hidden, and only how many.
    hidden = hidden_per_block(store.notes(current.id), current) if key else {}
    if key:
        hidden_hint(hidden)
    elif not (current.revealed_all or current.revealed_blocks):
        st.info("De notities zijn nog verborgen: iedereen schrijft eerst zelf. De begeleider laat ze zien.")
    if votes and view != OVERVIEW:  # the overview marks its voted notes with 🗳️ and their count instead
        st.caption("🗳️ De notities staan op volgorde van de stemming: de meeste stemmen bovenaan.")
    if focus:
        _focus(current, focus, notes[focus], conclusions.get(focus), hidden.get(focus, 0))
    elif view == OVERVIEW:
        overview_grid(notes, conclusions, votes, _step)
    else:
        _grid(current, notes, conclusions, hidden)


countdown(store, workshop.id)
board()
live.watch(store, workshop.id, "board")
