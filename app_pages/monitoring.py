"""Monitoring (facilitator key): reflective monitoring of one samenwerking, in the ronde this key opens.

Views, in the order of seed 003's cycle: **Factoren** (what participants named as bevorderend or belemmerend,
revealed when the facilitator wants, grouped into themes), **Leervragen** (open ones of earlier rondes first,
then Tabel 4.2 with every leervraag in its cell, status, answer and the actions that answer it), **Resultaten**
(a few numbers of this ronde with their source) and **Kenmerken** (what makes the samenwerking comparable).
Every write goes through the store with the facilitator key, which checks it belongs to this samenwerking.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.access import facilitator_key, how_to_get_in
from app_pages.ui.kenmerken_form import kenmerken_form
from app_pages.ui.monitoring_cycle import factors_view, leervragen_view
from app_pages.ui.results_form import results_form
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from data.store import StoreError

VIEWS = {
    "factoren": "⚖️ Factoren",
    "leervragen": "❓ Leervragen",
    "resultaten": "📊 Resultaten",
    "kenmerken": "🏷️ Kenmerken",
}
VIEW = "monitoring_weergave"

store = get_store()
key = facilitator_key()
if not key:
    st.title("Monitoring")
    st.markdown(
        "Hier volg je een samenwerking: kenmerken, resultaten, bevorderende en belemmerende factoren en "
        "leervragen voor de stuurgroep."
    )
    how_to_get_in()
    st.stop()
try:
    samenwerking, workshop = store.facilitated_samenwerking(key)
except StoreError as error:
    st.title("Monitoring")
    st.error(plain(str(error)))
    how_to_get_in()
    st.stop()

st.markdown(f"## Monitoring · {plain(samenwerking.name)}  \nRonde {workshop.ronde} · {plain(workshop.phase.label)}")
if VIEW not in st.session_state:
    wanted = st.query_params.get("weergave", "factoren")
    st.session_state[VIEW] = wanted if wanted in VIEWS else "factoren"
view = st.segmented_control(
    "Weergave", list(VIEWS), format_func=VIEWS.get, required=True, key=VIEW, label_visibility="collapsed"
)
st.query_params["weergave"] = view

if view == "factoren":
    factors_view(store, key, workshop)
elif view == "leervragen":
    leervragen_view(store, key, workshop)
elif view == "resultaten":
    results_form(store, key)
else:
    kenmerken_form(store, key)
