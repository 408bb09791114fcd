"""Canvas (projector): the 18 blocks in the canvas grid, every revealed note in its stakeholder's colour."""

from __future__ import annotations

import streamlit as st

from canvas.board import SECTIONS
from canvas.merge import by_block
from data.demo import demo_cases
from data.store import StoreError
from pages._shared import block_panel, get_store, inject_style, legend, plain, workshop_heading

# Height of one board row in pixels: four rows plus the heading fit a 1280×720 projector with little
# scrolling; a block with more notes than fit scrolls inside itself, newest on top.
ROW_HEIGHT = 260

inject_style()
store = get_store()

code = st.query_params.get("code", "")
if not code:
    demo_codes = [case["code"] for case in demo_cases()]
    known = {w.code: w for w in store.workshops() if w.code in demo_codes}
    if not known:
        st.info("Er is nog geen workshop om te tonen. Maak er een aan op de pagina Begeleiden.")
        st.stop()
    code = st.selectbox(
        "Voorbeeldworkshop",
        list(known),
        format_func=lambda c: workshop_heading(known[c]),
        key="canvas_demo_code",
    )

try:
    workshop = store.workshop(code)
except StoreError as error:
    st.error(str(error))
    st.stop()


@st.fragment(run_every=3)
def board() -> None:
    current = store.workshop_by_id(workshop.id)
    notes = by_block(store.visible_notes(current))
    conclusions = store.conclusions(current.id)
    st.markdown(f"### {plain(workshop_heading(current))}")
    if not (current.revealed_all or current.revealed_blocks):
        st.info("De notities zijn nog verborgen: iedereen schrijft eerst zelf. De begeleider laat ze zien.")
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
                    )
    legend()


board()
