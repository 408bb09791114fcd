"""Interview (facilitator key): record an interview with one stakeholder for this ronde, block by block.

The publication built its canvases from interviews with each stakeholder before any session (seed 001,
"Werkwijze"). The interviewer picks who they talk to (role, organisation, a name or a description), walks the
same blocks with the same hint questions as Invullen, types what is said and marks the interviewee's own words
as a quote. Every note carries its source (*interview*) and the interviewer, and shows that label on the board,
in the synthesis and in the exports. The interviewee has no link and never logs in.

Nothing typed is lost: the box keeps its text until the store has it (a refused or waiting save leaves it
there), and the save goes with a request key, so a retry after a lost reply stores it once.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.access import facilitator_key, how_to_get_in
from app_pages.ui.downloads import file_on_request
from app_pages.ui.interview_walk import interview_walk, new_interview_form
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from data.store import StoreError
from exports.interview_guide import interview_guide, interview_guide_file_stem
from exports.report_pdf import report_pdf
from stakeholders.roles import Role, role_info

CHOSEN = "interview_gekozen"
# The interview just started, to select once the page draws again (a widget's key cannot change after it is drawn).
STARTED = "interview_net_begonnen"

store = get_store()
key = facilitator_key()
st.title("🎙️ Interview")
if not key:
    st.markdown(
        "Hier leg je een interview vast met één stakeholder, blok voor blok, zoals de onderzoekers hun canvassen "
        "maakten: met de hulpvragen van Invullen, en met citaten."
    )
    how_to_get_in()
    st.stop()
try:
    workshop = store.facilitated_workshop(key)
    people = store.interviewees(key)
except StoreError as error:
    st.error(plain(str(error)))
    how_to_get_in()
    st.stop()

st.caption(
    f"{plain(workshop.heading)} · ronde {workshop.ronde}. Wat je hier typt, staat op het bord met het label "
    "🎙️ interview en is net als alle notities verborgen tot je het laat zien."
)
if workshop.closed:
    st.info("Deze workshop is gesloten: je kunt de interviews lezen, maar er kan niets meer bij.")

NEW = 0
options = [NEW, *(p.id for p in people)]
by_id = {p.id: p for p in people}
if STARTED in st.session_state:
    st.session_state[CHOSEN] = st.session_state.pop(STARTED)
if st.session_state.get(CHOSEN) not in options:
    st.session_state[CHOSEN] = people[-1].id if people else NEW
chosen = st.selectbox(
    "Met wie",
    options,
    format_func=lambda i: (
        "➕ Nieuw interview"
        if i == NEW
        else f"{by_id[i].name} · {by_id[i].role_label}"
        + (f" · {by_id[i].organisation}" if by_id[i].organisation else "")
    ),
    key=CHOSEN,
)
if chosen == NEW:
    if not workshop.closed and (made := new_interview_form(store, key)) is not None:
        st.session_state[STARTED] = made.id
        st.rerun()
else:
    interview_walk(store, key, workshop, by_id[chosen])
with st.expander("Interviewleidraad om te printen", key="interview_leidraad"):
    st.caption("De blokken met hun vraag en de suggesties voor één stakeholder, met ruimte voor aantekeningen.")
    guide_role = st.selectbox(
        "Voor", list(Role), format_func=lambda r: role_info(r).label, key="interview_leidraad_rol"
    )
    file_on_request(
        st.container(),
        make_label="Maak de leidraad (PDF)",
        download_label="Download leidraad (PDF)",
        make=lambda: report_pdf(interview_guide(guide_role, heading=workshop.heading)),
        file_name=f"{interview_guide_file_stem(guide_role)}.pdf",
        mime="application/pdf",
        key="interview_leidraad_pdf",
        version=guide_role,
    )
st.page_link("app_pages/canvas.py", label="Naar het bord", icon="🧩")
