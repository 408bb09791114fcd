"""Community-perspectieven (coordinator key): the merged Perspectieven table across the member samenwerkingen.

Rows "Samen" (each member's gedeeld perspectief) and the stakeholders (notes, of members that share them) ×
the four questions, like seed 001's table across four cases. Every bullet names the samenwerking it comes from;
bullets that members said alike sit together, marked with how many samenwerkingen said it
(``canvas.community.merged_table``). Native Streamlit only: user text goes through ``plain()``.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.community import community_nav, coordinated
from app_pages.ui.notes import role_badge
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from canvas.blocks import Question
from canvas.community import GEDEELD_ROW, BulletGroup, merged_table, row_label
from stakeholders.roles import Role

# One cell scrolls past this height: the header and two rows fit a 1280×720 screen.
CELL_HEIGHT = 260
WIDTHS = [1.2, 2, 2, 2, 2]

store = get_store()
community, key = coordinated("Community-perspectieven")
st.markdown(f"### 🔀 Perspectieven · {plain(community.name)}")
community_nav("app_pages/community_perspectieven.py")

members = store.member_perspectives(key)
if not members:
    st.info("Nog geen samenwerking doet mee: zodra er een is aangemeld, staat hier wat ze deelt.")
    st.stop()

names = {m.samenwerking_id: m.samenwerking for m in members}
with st.popover("Kies samenwerkingen", icon="🔎"):
    chosen = st.multiselect(
        "Samenwerkingen",
        list(names),
        default=list(names),
        format_func=names.__getitem__,
        key="cpersp_leden",
        placeholder="Kies samenwerkingen",
    )
table = merged_table(m for m in members if m.samenwerking_id in chosen)
shared_groups = sum(1 for r in table.rows for q in Question for g in table.cell(r, q) if g.shared)
st.caption(
    f"{len(chosen)} van {len(names)} samenwerkingen · {shared_groups} punten die meer samenwerkingen noemden (🔗) · "
    "elk punt met de samenwerking waar het vandaan komt"
)
without_notes = [m.samenwerking for m in members if m.samenwerking_id in chosen and not m.sharing.notes]
if without_notes:
    st.caption(plain("Delen alleen het gedeeld perspectief, geen notities: " + ", ".join(without_notes)))


def _group(group: BulletGroup, row: str, question: Question, index: int) -> None:
    with st.container(key=f"cpersp_group_{row}_{question.value}_{index}", gap=None):
        if group.shared:
            st.caption(f"🔗 {len(group.samenwerkingen)} samenwerkingen")
        for b in group.bullets:
            st.markdown(plain(b.text))
            source = f"{b.samenwerking} · {b.block_title}" + (f" · {b.author}" if b.author else "")
            st.caption(plain(source))


with st.container(key="cpersp_header"):
    for column, text in zip(st.columns(WIDTHS, gap="small"), ["", *(q.label for q in Question)], strict=True):
        column.markdown(text)
for row in table.rows:
    columns = st.columns(WIDTHS, gap="small")
    with columns[0]:
        if row == GEDEELD_ROW:
            with st.container(key="cpersp_row_gedeeld"):
                st.markdown(f"🤝 {row_label(row)}")
        else:
            role_badge(Role(row), key_suffix="cpersp")
    for column, question in zip(columns[1:], Question, strict=True):
        with column:
            with st.container(key=f"cpersp_q_{row}_{question.value}"):
                st.caption(question.label)  # shown on a phone only, where the header row is hidden
            groups = table.cell(row, question)
            if not groups:
                with st.container(key=f"cpersp_empty_{row}_{question.value}"):
                    st.markdown("Nog niets gedeeld")
                continue
            with st.container(border=True, height=CELL_HEIGHT, key=f"cpersp_cell_{row}_{question.value}"):
                for i, group in enumerate(groups):
                    _group(group, row, question, i)
