"""Blok naast blok (coordinator key): one canvas block, how each member filled it, side by side.

Each member's current ronde (the newest one in which anything was written) or, when chosen, its ronde N: its
gedeeld perspectief, and the notes per stakeholder when it shares them. Native Streamlit only: user text goes
through ``plain()``.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.community import community_nav, coordinated
from app_pages.ui.notes import role_badge
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from canvas.blocks import BLOCKS_BY_ID, WALK_ORDER
from canvas.community import BlockColumn

PER_ROW = 4
DEFAULT_BLOCK = "governance"

store = get_store()
community, key = coordinated("Blok naast blok")
st.markdown(f"### 🧱 Blok naast blok · {plain(community.name)}")
community_nav("app_pages/blok_naast_blok.py")

order = list(WALK_ORDER)
choices = st.container(horizontal=True)
block_id = choices.selectbox(
    "Blok",
    order,
    index=order.index(DEFAULT_BLOCK),
    format_func=lambda b: BLOCKS_BY_ID[b].title,
    key="bnb_blok",
)
# Latest by default; the same ronde number for every member shows where each stood then (the start: ronde 1).
ronde_number: int | None = choices.selectbox(
    "Ronde",
    [None, *range(1, store.most_rondes(key) + 1)],
    format_func=lambda n: "Huidige ronde" if n is None else f"Ronde {n}",
    key="bnb_ronde",
    help="De huidige ronde is per samenwerking de nieuwste waarin iets is geschreven.",
)
st.caption(plain(BLOCKS_BY_ID[block_id].question))
columns = store.block_comparison(key, block_id, ronde_number)
if not columns:
    st.info("Nog geen samenwerking doet mee: zodra er een is aangemeld, staat hier hoe ze dit blok invulde.")
    st.stop()


def _column(column: BlockColumn, index: int) -> None:
    with st.container(border=True, key=f"bnb_lid_{index}"):
        st.markdown(f"**{plain(column.samenwerking)}**")
        if column.ronde:
            st.caption(plain(column.ronde.label))
        else:
            st.caption(f"Geen ronde {ronde_number}" if ronde_number else "Nog geen ronde")
            return
        st.markdown("**Gedeeld perspectief**")
        if column.gedeeld:
            st.markdown(plain(column.gedeeld))
        else:
            st.caption("Geen gedeeld perspectief voor dit blok (of niet gedeeld).")
        if not column.shares_notes:
            st.caption("Deze samenwerking deelt geen notities.")
            return
        st.markdown(f"**Notities ({len(column.notes)})**")
        if not column.notes:
            st.caption("Geen notities in dit blok.")
        for i, note in enumerate(column.notes):
            if note.role is not None and (i == 0 or column.notes[i - 1].role is not note.role):
                role_badge(note.role, key_suffix=f"bnb_{index}_{i}")
            st.markdown(plain(note.text) + (f"  \n*{plain(note.author)}*" if note.author else ""))


for start in range(0, len(columns), PER_ROW):
    row = columns[start : start + PER_ROW]
    for place, column in zip(st.columns(PER_ROW, gap="small"), row, strict=False):
        with place:
            _column(column, start + row.index(column))
