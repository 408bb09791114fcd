"""Perspectieven (projector): the merged table of seed 001, stakeholder rows × the four questions, live.

Built from the revealed notes only (``store.visible_notes``), with the facilitator key or publicly with
``?code=``, the same rule as the board. Every entry says which block it came from; empty cells and blocks
that only one stakeholder answered stand out. Native Streamlit only: user text goes through ``plain()``.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui import live
from app_pages.ui.access import projector_workshop
from app_pages.ui.charts import balance_chart, coverage_heatmap, coverage_table
from app_pages.ui.notes import hidden_hint, role_badge
from app_pages.ui.scroll_focus import focusable_scrolling
from app_pages.ui.store import get_store
from app_pages.ui.synthesis_view import synthesis_table
from app_pages.ui.text import isolate, plain
from canvas.blocks import BLOCKS_BY_ID, Question
from canvas.give_take import balance
from canvas.merge import Entry, coverage, merge
from canvas.progress import hidden_per_block
from canvas.synthesis import ItemKind
from stakeholders.roles import Role, role_info

# Height of one cell: three stakeholder rows and the header fit a 1280×720 projector; a full cell scrolls.
CELL_HEIGHT = 220
PLOT_CONFIG = {"displayModeBar": False, "staticPlot": False}

store = get_store()
workshop, key = projector_workshop("persp")
# Notities: every revealed note. Synthese: the facilitator's points (app_pages/synthese.py), as seed 001 shows them.
NOTES_VIEW, SYNTHESIS_VIEW = "Notities", "Synthese"


def _entry(entry: Entry, *, anonymous: bool, single_voice: bool) -> None:
    with st.container(key=f"persp_entry_{entry.role.value}_{entry.note_id}", gap=None):
        st.markdown(plain(entry.text))
        source = f"uit {entry.block_title}"
        if not anonymous:
            source += f" · {isolate(entry.author_name)}"
        if single_voice:
            source += " · ⚠ alleen deze kant"
        st.caption(plain(source))


def _cell(role: Role, question: Question, entries: tuple[Entry, ...], *, anonymous: bool, single: set[str]) -> None:
    if not entries:
        with st.container(key=f"persp_empty_{role.value}_{question.value}"):
            st.markdown(f"Nog niets vanuit {role_info(role).label.lower()}")
        return
    with st.container(border=True, height=CELL_HEIGHT, key=f"persp_cell_{role.value}_{question.value}"):
        for entry in entries:
            _entry(entry, anonymous=anonymous, single_voice=entry.block_id in single)


@st.fragment
def perspectives() -> None:
    live.drawn(store, workshop.id, "perspectives")
    current = store.workshop_by_id(workshop.id)
    notes = store.visible_notes(current)
    table = merge(notes)
    cov = coverage(notes)
    single = set(cov.single_voice_blocks())
    with st.container(horizontal=True, vertical_alignment="center", key="persp_top"):
        st.markdown(f"### Perspectieven · {plain(current.heading)}")
        view = st.segmented_control(
            "Weergave",
            [NOTES_VIEW, SYNTHESIS_VIEW],
            default=NOTES_VIEW,
            required=True,
            key="persp_weergave",
            label_visibility="collapsed",
            width="content",
        )
    if view == SYNTHESIS_VIEW:
        synthesis_table(list(table.rows), store.bullets(current.id), store.vote_counts(current.id, ItemKind.BULLET))
        return
    if key:
        hidden_hint(hidden_per_block(store.notes(current.id), current))
    elif not (current.revealed_all or current.revealed_blocks):
        st.info("De notities zijn nog verborgen: iedereen schrijft eerst zelf. De begeleider laat ze zien.")

    widths = [1.3, 2, 2, 2, 2]
    with st.container(key="persp_header"):
        for column, text in zip(st.columns(widths, gap="small"), ["", *(q.label for q in Question)], strict=True):
            column.markdown(text)
    for role in table.rows:
        row = st.columns(widths, gap="small")
        with row[0]:
            role_badge(role, key_suffix="persp")
        for column, question in zip(row[1:], Question, strict=True):
            with column:
                # The question above every cell, shown only on a phone, where the header row is hidden.
                with st.container(key=f"persp_q_{role.value}_{question.value}"):
                    st.caption(question.label)
                _cell(role, question, table.cell(role, question), anonymous=current.anonymous, single=single)

    if single:
        lines = []
        for block_id in single:
            (only,) = cov.roles_in(block_id)
            lines.append(f"- {BLOCKS_BY_ID[block_id].title}: alleen {role_info(only).label.lower()}")
        st.warning("**Eén stem:** deze blokken vulde maar één kant in. Vraag de anderen ernaar.\n\n" + "\n".join(lines))

    # One under the other: side by side, the heat map's stakeholder columns get too narrow for their labels.
    # A full cell scrolls: the keyboard can reach it (Tab, then the arrow keys), with its role and question as name.
    focusable_scrolling(
        {
            f"persp_cell_{role.value}_{question.value}": f"{role_info(role).label}: {question.label}"
            for role in table.rows
            for question in Question
            if table.cell(role, question)
        },
        key="persp_scroll_focus",
    )

    # Halen en brengen (lesson 8): what each side brings against what it gets, the same as text beside it.
    bal = balance(notes, table.rows)
    chart, words = st.columns([3, 2], gap="medium")
    chart.plotly_chart(balance_chart(bal), key="persp_balance", config=PLOT_CONFIG)
    with words, st.container(key="persp_halen_brengen"):
        st.markdown("**Halen en brengen**")
        st.table(
            [
                {"Kant": role_info(r.role).label, "Brengt in": r.brings, "Haalt op": r.gets, "Let op": r.flag or "–"}
                for r in bal.rows
            ]
        )
    st.plotly_chart(coverage_heatmap(cov, table.rows), key="persp_heatmap", config=PLOT_CONFIG)
    with st.expander("De cijfers van de warmtekaart als tabel", key="persp_heatmap_tabel"):
        st.table(coverage_table(cov, table.rows), hide_index=True)


perspectives()
live.watch(store, workshop.id, "perspectives")
