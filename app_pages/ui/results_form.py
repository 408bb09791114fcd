"""The results of one ronde on the Monitoring page: a number and its source per result of the registry."""

from __future__ import annotations

import streamlit as st

from app_pages.ui.text import plain
from canvas.resultaten import MAX_RESULT, RESULTS, RESULTS_AREAS, RESULTS_BY_ID
from data.store import Store, StoreError

__all__ = ["results_form"]


def results_form(store: Store, key: str) -> None:
    """Enter or change one number of this ronde; the numbers already there, each with a button to remove."""
    st.caption(
        "Een paar getallen per ronde, gekozen uit de resultaatgebieden van inclusieve werkgeversnetwerken: "
        "totaal sinds de start, zoals bekend op de datum van deze ronde. Zeg bij elk getal waar het vandaan komt. "
        "Over de samenwerking, nooit over personen."
    )
    mine = {v.result_id: v for v in store.results(key)}
    for v in mine.values():
        row = st.columns([6, 1], vertical_alignment="center")
        row[0].markdown(f"**{plain(v.result.label)}**: {v.value} · bron: {plain(v.source)}")
        if row[1].button("Weg", key=f"monitoring_resultaat_weg_{v.result_id}", help="Dit getal weghalen"):
            store.delete_result(key, v.result_id)
            st.rerun(scope="app")
    if not mine:
        st.caption("Nog geen resultaten in deze ronde.")
    with st.form("monitoring_resultaat", border=True, clear_on_submit=True):
        st.markdown("**Resultaat vastleggen of bijwerken**")
        chosen = st.selectbox(
            "Resultaat",
            [r.id for r in RESULTS],
            format_func=lambda i: f"{RESULTS_BY_ID[i].label} ({RESULTS_AREAS[RESULTS_BY_ID[i].area].lower()})",
            key="monitoring_resultaat_id",
        )
        left, right = st.columns([1, 3])
        value = left.number_input("Aantal", min_value=0, max_value=MAX_RESULT, step=1, key="monitoring_resultaat_getal")
        source = right.text_input(
            "Bron", placeholder="Bijv. registratie werkbedrijf", max_chars=501, key="monitoring_resultaat_bron"
        )
        saved = st.form_submit_button("Resultaat bewaren", type="primary", key="monitoring_resultaat_opslaan")
    if saved:
        try:
            store.set_result(key, chosen, int(value), source)
        except StoreError as error:
            st.error(plain(str(error)))
        else:
            st.rerun(scope="app")
