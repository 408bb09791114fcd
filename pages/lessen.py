"""Lessen (participant, on a phone): the ten lessons of seed 001, each scored 1-5 with an optional remark.

"In hoeverre doen wij dit?" for every lesson, in one form with one save: done in about three minutes. The
scores stay hidden from the room until the facilitator reveals them (Begeleiden › Rondes).
"""

from __future__ import annotations

import streamlit as st

from data.store import StoreError
from pages._shared import get_store, inject_participant_style, inject_style, participant_token, plain, workshop_heading
from pages.ui.rounds import inject_rounds_style, lessons_form
from stakeholders.roles import role_info

inject_style()
inject_participant_style()
inject_rounds_style()
store = get_store()

token = participant_token()
with st.container(key="lessen_page"):
    if not token:
        st.info("Je doet nog niet mee. Vul eerst de workshopcode in.")
        st.page_link("pages/deelnemen.py", label="Naar deelnemen", icon="➡️", width="stretch")
        st.stop()
    try:
        participant = store.participant(token)
    except StoreError as error:
        st.error(plain(str(error)))
        st.page_link("pages/deelnemen.py", label="Naar deelnemen", icon="➡️", width="stretch")
        st.stop()
    workshop = store.workshop_by_id(participant.workshop_id)
    info = role_info(participant.role)
    st.markdown(f"**{plain(workshop_heading(workshop))}** · ronde {workshop.ronde}")
    st.subheader("De tien lessen: hoe doen wij het?", anchor=False)
    st.markdown(
        "Tien lessen uit de praktijk van publiek-private samenwerking. Geef bij elke les aan **in hoeverre "
        f"jullie dit doen**, als {plain(info.label.lower())}. Een toelichting mag, hoeft niet. "
        "Je kunt ook een les overslaan."
    )
    lessons_form(store, token, workshop)
    st.page_link("pages/invullen.py", label="Terug naar het canvas", icon="⬅️", width="stretch")
