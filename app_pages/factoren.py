"""Factoren (participant, on a phone): name what helps and what hinders the samenwerking (seed 003).

Two short questions, "Wat helpt de samenwerking vooruit?" and "Wat houdt de samenwerking tegen?", each answer
one factor. Like notes, a participant always sees their own; the room sees everyone's only once the facilitator
reveals them (Monitoring › Factoren).
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.access import joined_participant
from app_pages.ui.links import INVULLEN_PAGE
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from canvas.monitoring import MAX_FACTOR_LENGTH, FactorKind
from data.store import StoreError
from stakeholders.roles import role_info

store = get_store()

with st.container(key="factoren_page"):
    participant, token = joined_participant()
    workshop = store.workshop_by_id(participant.workshop_id)
    st.markdown(f"**{plain(workshop.heading)}** · ronde {workshop.ronde}")
    st.subheader("Wat helpt, wat houdt tegen?", anchor=False)
    st.markdown(
        "Noem **bevorderende** en **belemmerende factoren** voor de samenwerking, als "
        f"{plain(role_info(participant.role).label.lower())}: één per keer, kort. De begeleider bundelt ze tot "
        "thema's en leervragen voor de stuurgroep."
    )
    if workshop.closed:
        st.warning("De workshop is gesloten: je ziet je factoren, maar kunt er geen meer toevoegen.")
    else:
        for kind in FactorKind:
            with st.form(f"factoren_nieuw_{kind.value}", border=True, clear_on_submit=True):
                text = st.text_area(
                    f"{kind.icon} {kind.question}",
                    max_chars=MAX_FACTOR_LENGTH,
                    height=80,
                    key=f"factoren_tekst_{kind.value}",
                    placeholder="Bijv. "
                    + (
                        "bedrijven denken actief mee"
                        if kind is FactorKind.BEVORDEREND
                        else "te weinig tijd bij de coördinator"
                    ),  # fmt: skip
                )
                added = st.form_submit_button(
                    f"{kind.label} toevoegen", key=f"factoren_opslaan_{kind.value}", width="stretch"
                )
            if added:
                try:
                    store.add_factor(token, kind, text)
                except StoreError as error:
                    st.error(plain(str(error)))
                else:
                    st.toast(f"{kind.label}e factor bewaard.", icon="✅")

    mine = store.own_factors(token)
    st.markdown(f"**Jouw factoren ({len(mine)})**")
    for factor in mine:
        row = st.columns([6, 1], vertical_alignment="center")
        row[0].markdown(f"{factor.kind.icon} {plain(factor.text)}")
        if not workshop.closed and row[1].button("Weg", key=f"factoren_weg_{factor.id}", help="Deze factor weghalen"):
            store.delete_factor(token, factor.id)
            st.rerun()
    if not mine:
        st.caption("Je hebt nog geen factoren genoemd.")

    shown = store.visible_factors(workshop)
    if shown:
        st.markdown("**Wat de groep noemde**")
        for kind in FactorKind:
            of_kind = [f for f in shown if f.kind is kind]
            if of_kind:
                st.markdown(
                    f"*{kind.icon} {kind.label} ({len(of_kind)})*  \n"
                    + "  \n".join(f"· {plain(f.text)} ({plain(role_info(f.role).label.lower())})" for f in of_kind)
                )
    else:
        st.caption("🔒 De factoren van de anderen zie je zodra de begeleider ze laat zien.")
    st.page_link(INVULLEN_PAGE, label="Terug naar het canvas", icon="⬅️", width="stretch")
