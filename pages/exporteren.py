"""Exporteren (begeleider / projectleider): the Excel summary, a JSON backup, and restoring a backup."""

from __future__ import annotations

from datetime import date

import streamlit as st

from data.backup import backup_json, restore
from data.excel import file_stem, workbook_bytes
from data.store import StoreError
from exports.samenwerking_excel import samenwerking_file_stem, samenwerking_workbook_bytes
from pages._shared import facilitator_key, get_store, inject_style, plain, workshop_heading

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

inject_style()
store = get_store()
st.title("Exporteren")

key = facilitator_key()
if not key:
    st.info(
        "Deze pagina is voor de begeleider of projectleider van een workshop. Open de begeleiderslink die je "
        "kreeg toen de workshop werd aangemaakt (het adres eindigt op `?key=…`) en kies dan Exporteren."
    )
    st.caption("Link kwijt? Wie de server beheert, maakt een nieuwe begeleiderslink met `pps-canvas sleutel CODE`.")
    st.stop()

try:
    workshop = store.facilitated_workshop(key)
except StoreError as error:
    st.error(plain(str(error)))
    st.stop()

participants = store.participants(workshop.id)
notes = store.notes(workshop.id)
st.markdown(f"### {plain(workshop_heading(workshop))}")
st.caption(
    plain(f"Code {workshop.code} · {workshop.phase.label} · {len(participants)} deelnemers · {len(notes)} notities")
)
stem = file_stem(workshop, date.today())

st.subheader("Excel-overzicht")
st.markdown(
    "Om te delen met partners en financiers. Vier tabbladen: **Overzicht** (de workshop en de aantallen), "
    "**Canvas** (het bord met alle notities per stakeholder gekleurd), **Perspectieven** (de tabel per "
    "stakeholder en vraag) en **Antwoorden** (elke notitie met blok, stakeholder en tijd, om te filteren)."
)


def excel_file(workshop_id: int = workshop.id) -> bytes:
    """The workbook, made when the button is clicked (on a thread of its own), from the workshop as it is then."""
    return workbook_bytes(store, store.workshop_by_id(workshop_id))


# A workbook of thousands of notes takes a while to make: it is made only when someone downloads it, not on
# every run of this page (every click anywhere on it).
st.download_button(
    "Download Excel-overzicht",
    data=excel_file,
    file_name=f"{stem}.xlsx",
    mime=XLSX_MIME,
    icon=":material/table_view:",
    type="primary",
    key="exporteren_xlsx",
)

st.subheader("Excel van de samenwerking")
samenwerking, _ = store.facilitated_samenwerking(key)
ronde_count = len(store.rondes(samenwerking.id))
st.markdown(
    f"Alle {ronde_count} {'ronde' if ronde_count == 1 else 'rondes'} van {plain(samenwerking.name)} in één "
    "bestand: de vier tabbladen hierboven voor de laatste ronde, plus **Verloop** (gedeeld perspectief per "
    "blok per ronde en wat er veranderde), **Betrokkenheid**, **Lessen** (scores per stakeholder per ronde) "
    "en **Acties** (met de leervragen)."
)


def samenwerking_file(samenwerking_id: int = samenwerking.id) -> bytes:
    return samenwerking_workbook_bytes(store, store.samenwerking(samenwerking_id))


latest = store.workshop_by_id(store.rondes(samenwerking.id)[-1].workshop_id)
st.download_button(
    "Download Excel van de samenwerking",
    data=samenwerking_file,
    file_name=f"{samenwerking_file_stem(samenwerking, latest, date.today())}.xlsx",
    mime=XLSX_MIME,
    icon=":material/stacked_line_chart:",
    key="exporteren_samenwerking_xlsx",
)

st.subheader("Back-up")
st.markdown(
    "Alles van deze workshop in één JSON-bestand: deelnemers, notities met hun eerdere versies, verwijderde "
    "notities en elke versie van het gedeeld perspectief. Na terugzetten werken de begeleiderslink en de "
    "deelnamelinks weer. Bewaar het bestand zorgvuldig: er staan namen en organisaties in."
)
with st.spinner("De back-up wordt gemaakt…"):
    backup = backup_json(store, workshop.code)
st.download_button(
    "Download back-up (JSON)",
    data=backup.encode("utf-8"),
    file_name=f"{stem}.json",
    mime="application/json",
    icon=":material/save:",
    key="exporteren_json",
)

st.subheader("Back-up terugzetten")
st.markdown(
    "Zet een workshop uit een back-upbestand terug in deze database, bijvoorbeeld op een nieuwe server. Een "
    "workshop die hier al bestaat (dezelfde code) wordt nooit overschreven; dan verandert er niets."
)
upload = st.file_uploader("Back-upbestand (.json)", type=["json"], key="exporteren_upload")
if st.button("Terugzetten", key="exporteren_restore", disabled=upload is None):
    assert upload is not None
    with st.spinner("De back-up wordt teruggezet…"):
        try:
            restored = restore(store, upload.getvalue())
        except StoreError as error:
            st.error(plain(str(error)))
        else:
            for w in restored:
                st.success(
                    plain(f"Workshop {w.code} ({workshop_heading(w)}) is teruggezet.")
                    + " De begeleiderslink en de deelnamelinks uit de back-up werken weer."
                )
