"""Exporteren (begeleider / projectleider): the Excel summary, poster, slides, the samenwerking's Excel, the
monitoringsrapportage for the stuurgroep (Word and PDF), a JSON backup, and restoring a backup."""

from __future__ import annotations

from datetime import date

import streamlit as st

from app_pages.ui.access import facilitated
from app_pages.ui.downloads import file_on_request
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from data.store import StoreError
from exports.backup import backup_json, restore
from exports.excel import file_stem, workbook_bytes
from exports.poster import poster_pdf
from exports.report import build_report, report_file_stem
from exports.report_docx import report_docx
from exports.report_pdf import report_pdf
from exports.samenwerking_excel import samenwerking_file_stem, samenwerking_workbook_bytes
from exports.slides import slides_pptx

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

store = get_store()
st.title("Exporteren")

workshop, key = facilitated()  # a wrong key shows the store's Dutch message
if not key:
    st.info(
        "Deze pagina is voor de begeleider of projectleider van een workshop. Open de begeleiderslink die je "
        "kreeg toen de workshop werd aangemaakt (het adres eindigt op `?key=…`) en kies dan Exporteren."
    )
    st.caption("Link kwijt? Wie de server beheert, maakt een nieuwe begeleiderslink met `pps-canvas sleutel CODE`.")
    st.stop()

if workshop is None:
    st.stop()

participants = store.participants(workshop.id)
notes = store.notes(workshop.id)
st.markdown(f"### {plain(workshop.heading)}")
st.caption(
    plain(f"Code {workshop.code} · {workshop.phase.label} · {len(participants)} deelnemers · {len(notes)} notities")
)
stem = file_stem(workshop, date.today())

st.subheader("Excel-overzicht")
st.markdown(
    "Om te delen met partners en financiers. Vijf tabbladen: **Overzicht** (de workshop en de aantallen), "
    "**Canvas** (het bord met alle notities per stakeholder gekleurd), **Perspectieven** (de tabel per "
    "stakeholder en vraag, met de synthese waar die er is), **Synthese** (elk punt met zijn notities en "
    "stemmen) en **Antwoorden** (elke notitie met blok, stakeholder, tijd en stemmen, om te filteren)."
)


def excel_file(workshop_id: int = workshop.id) -> bytes:
    """The workbook, from the workshop as it is when the button is clicked."""
    return workbook_bytes(store, store.workshop_by_id(workshop_id))


# A workbook of thousands of notes takes a while to make: it is made on request, not on every run of this page
# (every click anywhere on it). The change stamp tells a file made before a later note or vote.
stamp = store.change_stamp(workshop.id)
file_on_request(
    st.container(),
    make_label="Maak het Excel-overzicht",
    download_label="Download Excel-overzicht",
    make=excel_file,
    file_name=f"{stem}.xlsx",
    mime=XLSX_MIME,
    key=f"exporteren_xlsx_{workshop.id}",
    version=stamp,
    icon=":material/table_view:",
    primary=True,
)

st.subheader("Poster en presentatie")
st.markdown(
    "**Poster (PDF)**: het canvas om op te hangen, met alle notities in de kleuren van de stakeholders en op "
    "pagina 2 de Perspectieven. **Presentatie (PowerPoint)**: dia's voor de stuurgroep met het canvas, de "
    "perspectieven per vraag en grafieken die je in PowerPoint kunt aanpassen."
)
formaat = st.segmented_control(
    "Formaat van de poster",
    ["A3", "A1", "A0"],
    default="A3",
    key="exporteren_formaat",
    required=True,
    help="A3 past op een kantoorprinter. Bij meer dan zo'n honderd notities leest A1 of A0 beter aan de muur.",
)
buttons = st.container()


# Both are made on request, like the Excel, from the workshop as it is then.
def poster_file(workshop_id: int = workshop.id, size: str = formaat or "A3") -> bytes:
    return poster_pdf(store, store.workshop_by_id(workshop_id), size)


def slides_file(workshop_id: int = workshop.id) -> bytes:
    return slides_pptx(store, store.workshop_by_id(workshop_id))


file_on_request(
    buttons,
    make_label=f"Maak de poster (PDF, {formaat})",
    download_label=f"Download poster (PDF, {formaat})",
    make=poster_file,
    file_name=f"{stem}_poster_{formaat}.pdf",
    mime="application/pdf",
    key=f"exporteren_poster_{workshop.id}_{formaat}",
    version=stamp,
    icon=":material/picture_as_pdf:",
)
file_on_request(
    buttons,
    make_label="Maak de presentatie (PowerPoint)",
    download_label="Download presentatie (PowerPoint)",
    make=slides_file,
    file_name=f"{stem}.pptx",
    mime=PPTX_MIME,
    key=f"exporteren_pptx_{workshop.id}",
    version=stamp,
    icon=":material/slideshow:",
)

st.subheader("Excel van de samenwerking")
samenwerking, _ = store.facilitated_samenwerking(key)
rondes = store.rondes(samenwerking.id)
ronde_count = len(rondes)
st.markdown(
    f"{'De ene ronde' if ronde_count == 1 else f'Alle {ronde_count} rondes'} van {plain(samenwerking.name)} "
    "in één bestand: de vijf tabbladen hierboven voor de laatste ronde, plus **Verloop** (gedeeld perspectief per "
    "blok per ronde en wat er veranderde), **Kenmerken** en **Resultaten** (per ronde, met bronnen), "
    "**Betrokkenheid**, **Lessen** (scores per stakeholder per ronde) en **Acties** (met de leervragen)."
)


def samenwerking_file(samenwerking_id: int = samenwerking.id) -> bytes:
    return samenwerking_workbook_bytes(store, store.samenwerking(samenwerking_id))


latest = store.workshop_by_id(rondes[-1].workshop_id)
file_on_request(
    st.container(),
    make_label="Maak het Excel-bestand van de samenwerking",
    download_label="Download Excel van de samenwerking",
    make=samenwerking_file,
    file_name=f"{samenwerking_file_stem(samenwerking, latest, date.today())}.xlsx",
    mime=XLSX_MIME,
    key=f"exporteren_samenwerking_xlsx_{samenwerking.id}",
    version=tuple(store.change_stamp(r.workshop_id) for r in rondes),
    icon=":material/stacked_line_chart:",
)

st.subheader("Monitoringsrapportage voor de stuurgroep")
st.markdown(
    "Eén document over een periode van rondes, zoals de rapportages van de reflectieve monitoring: kenmerken, "
    "verloop, resultaten, factoren en thema's, leervragen in Tabel 4.2 met hun acties en status, de tien lessen "
    "per stakeholder (met de spreiding) en de open punten voor de stuurgroep. **Word** om samen aan te vullen, "
    "**PDF** om rond te sturen."
)
numbers = [r.number for r in rondes]
left, right = st.columns(2)
first = left.selectbox("Van ronde", numbers, index=0, key="exporteren_rapport_van")
last = right.selectbox("Tot en met ronde", numbers, index=len(numbers) - 1, key="exporteren_rapport_tot")
if first > last:
    st.warning("Kies een eerste ronde die niet na de laatste ligt.")
else:

    def report_file(render, samenwerking_id: int = samenwerking.id, van: int = first, tot: int = last) -> bytes:
        return render(build_report(store, store.samenwerking(samenwerking_id), first=van, last=tot))

    report_stem = f"{report_file_stem(samenwerking, date.today())}_ronde_{first}-{last}"
    report_version = tuple(store.change_stamp(r.workshop_id) for r in rondes)
    report_buttons = st.container()
    file_on_request(
        report_buttons,
        make_label="Maak de rapportage (Word)",
        download_label="Download rapportage (Word)",
        make=lambda: report_file(report_docx),
        file_name=f"{report_stem}.docx",
        mime=DOCX_MIME,
        key=f"exporteren_rapport_docx_{samenwerking.id}_{first}_{last}",
        version=report_version,
        icon=":material/description:",
    )
    file_on_request(
        report_buttons,
        make_label="Maak de rapportage (PDF)",
        download_label="Download rapportage (PDF)",
        make=lambda: report_file(report_pdf),
        file_name=f"{report_stem}.pdf",
        mime="application/pdf",
        key=f"exporteren_rapport_pdf_{samenwerking.id}_{first}_{last}",
        version=report_version,
        icon=":material/picture_as_pdf:",
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
                    plain(f"Workshop {w.code} ({w.heading}) is teruggezet.")
                    + " De begeleiderslink en de deelnamelinks uit de back-up werken weer."
                )
