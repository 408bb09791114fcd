"""Lessen (participant, on a phone): the ten lessons of seed 001, each scored 1-5 with an optional remark.

"In hoeverre doen wij dit?" for every lesson, in one form with one save: done in about three minutes. The
scores stay hidden from the room until the facilitator reveals them (Begeleiden › Rondes).
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.access import joined_participant
from app_pages.ui.links import INVULLEN_PAGE
from app_pages.ui.rounds import lessons_form
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from stakeholders.roles import role_info

store = get_store()

with st.container(key="lessen_page"):
    participant, token = joined_participant()
    workshop = store.workshop_by_id(participant.workshop_id)
    info = role_info(participant.role)
    st.markdown(f"**{plain(workshop.heading)}** · ronde {workshop.ronde}")
    st.subheader("De tien lessen: hoe doen wij het?", anchor=False)
    st.markdown(
        "Tien lessen uit de praktijk van publiek-private samenwerking. Geef bij elke les aan **in hoeverre "
        f"jullie dit doen**, als {plain(info.label.lower())}. Een toelichting mag, hoeft niet. "
        "Je kunt ook een les overslaan."
    )
    lessons_form(store, token, workshop)
    st.page_link(INVULLEN_PAGE, label="Terug naar het canvas", icon="⬅️", width="stretch")
