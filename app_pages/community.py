"""Community (coordinator key): the member samenwerkingen of a lerende community in one table.

Without a key: what a community is, and a form to make one (its coordinator link is shown once). With
``?ckey=``: the invitation code for facilitators, every member with region, theme, partners per stakeholder,
rondes and phases, last date, participants per stakeholder (counts only) and what it shares; filter and sort;
the community's Excel file. The table is ``st.dataframe``: user text is shown as text, never as markup.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from app_pages.ui.community import community_nav, coordinator_key, how_coordinators_get_in, people_text
from app_pages.ui.downloads import file_on_request
from app_pages.ui.links import app_url
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from canvas.community import filter_overview
from canvas.model import Phase
from data.store import StoreError
from exports.community_excel import community_file_stem, community_workbook_bytes
from stakeholders.roles import Role

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEW_KEY = "community_new_key"
REMOVED = "community_verwijderd"
SORTS = {
    "Naam": lambda r: r.name.casefold(),
    "Regio": lambda r: r.region.casefold(),
    "Laatste datum": lambda r: r.last_date or date.min,
    "Aantal rondes": lambda r: len(r.rondes),
    "Aantal deelnemers": lambda r: sum(r.participants.values()),
}

store = get_store()
key = coordinator_key()


def _create() -> None:
    st.subheader("Nieuwe community", anchor=False)
    with st.form("community_nieuw"):
        name = st.text_input("Naam", placeholder="Bijvoorbeeld: Zij-instroom techniek Flevoland")
        region = st.text_input("Regio (mag leeg)")
        description = st.text_area("Waar leren jullie samen over? (mag leeg)")
        if st.form_submit_button("Community aanmaken", type="primary"):
            try:
                made, new_key = store.create_community(name=name, region=region, description=description)
            except StoreError as error:
                st.error(plain(str(error)))
            else:
                st.session_state[NEW_KEY] = (made.name, new_key)
    made = st.session_state.get(NEW_KEY)
    if made:
        name, new_key = made
        st.success(f"De community {plain(name)} is aangemaakt.")
        st.warning(
            "**Bewaar deze coördinatorlink nu**: hij wordt maar één keer getoond en opent alles wat de leden "
            "delen. Deel hem niet met begeleiders; zij krijgen de uitnodigingscode."
        )
        st.code(app_url("community", ckey=new_key), language=None)
        st.page_link("app_pages/community.py", label="Open de community", icon="➡️", query_params={"ckey": new_key})


if not key:
    st.title("Lerende community")
    st.markdown(
        "Een lerende community legt samenwerkingen naast elkaar, zoals de publicatie vier PPS naast elkaar legde: "
        "wie doet wat, wat zeiden de stakeholders, welke lessen, leervragen en acties werken elders. Zo hoeft "
        "niet elk nieuw initiatief opnieuw het wiel uit te vinden."
    )
    st.markdown(
        "**Toestemming eerst.** Een samenwerking doet alleen mee als haar eigen begeleider haar aanmeldt, en kiest "
        "zelf wat ze deelt: het gedeeld perspectief, de lessen en acties, en (alleen als ze dat aanzet) de "
        "notities. Namen van deelnemers worden nooit gedeeld, tenzij de samenwerking dat kiest. Uittreden haalt "
        "alles meteen weg."
    )
    how_coordinators_get_in()
    _create()
    st.stop()

try:
    community = store.coordinated_community(key)
except StoreError as error:
    st.title("Lerende community")
    st.error(plain(str(error)))
    how_coordinators_get_in()
    st.stop()

st.markdown(f"### 🌐 {plain(community.name)}")
if community.region or community.description:
    st.caption(plain(" · ".join(p for p in (community.region, community.description) if p)))
community_nav("app_pages/community.py")
if removed := st.session_state.pop(REMOVED, None):
    st.success(f"{plain(removed)} is uit de community gehaald; wat ze deelde, staat nergens meer.")

rows = store.community_overview(key)
with st.expander("Samenwerkingen uitnodigen", expanded=not rows, key="community_uitnodigen"):
    st.markdown(
        "Geef begeleiders deze **uitnodigingscode**. Zij melden hun samenwerking aan op Begeleiden › Rondes › "
        "Lerende community, en kiezen daar zelf wat ze delen. De code geeft geen toegang tot wat leden delen."
    )
    st.code(community.invite_code, language=None)

if not rows:
    st.info("Nog geen samenwerking doet mee. Zodra een begeleider zijn samenwerking aanmeldt, staat ze hier.")
    st.stop()

regions = sorted({r.region for r in rows if r.region})
filters = st.columns([2, 1.3, 2, 1.3, 1], vertical_alignment="bottom")
with filters[0]:
    chosen_regions = st.multiselect("Regio", regions, placeholder="Alle regio's", key="community_regio")
with filters[1]:
    phase = st.selectbox(
        "Fase", [None, *Phase], format_func=lambda p: "Alle fasen" if p is None else p.label, key="community_fase"
    )
with filters[2]:
    text = st.text_input("Zoek op naam, thema of partner", key="community_zoek")
with filters[3]:
    sort = st.selectbox("Sorteer op", list(SORTS), key="community_sorteer")
with filters[4]:
    descending = st.toggle("Aflopend", key="community_aflopend")

shown = sorted(
    filter_overview(rows, regions=chosen_regions, phase=phase, text=text), key=SORTS[sort], reverse=descending
)
st.caption(f"{len(shown)} van {len(rows)} samenwerkingen")


def _partners(row, role: Role) -> str:
    return ", ".join(row.partners.get(role, ()))


has_theme = any(r.theme for r in shown)
table = [
    {
        "Samenwerking": r.name,
        "Regio": r.region,
        "Rondes": len(r.rondes),
        "Fasen": " → ".join(p.label for p in r.phases),
        "Laatste datum": r.last_date,
        "Deelnemers (laatste ronde)": people_text(r.participants),
        "Ondernemers": _partners(r, Role.ONDERNEMER),
        "Overheid": _partners(r, Role.OVERHEID),
        "Onderwijs": _partners(r, Role.ONDERWIJS),
        **({"Thema": r.theme} if has_theme else {}),
        "Deelt": r.sharing.summary,
    }
    for r in shown
]
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    key="community_tabel",
    column_config={
        "Samenwerking": st.column_config.TextColumn(width="medium"),
        "Rondes": st.column_config.NumberColumn(width="small"),
        "Fasen": st.column_config.TextColumn(width="medium"),
        "Laatste datum": st.column_config.DateColumn(format="DD-MM-YYYY"),
        "Deelnemers (laatste ronde)": st.column_config.TextColumn(width="large"),
        "Deelt": st.column_config.TextColumn(width="large"),
    },
)


def excel_file() -> bytes:
    """The coordinator's workbook, from what members share when the button is clicked."""
    return community_workbook_bytes(store.community_snapshot(key))


file_on_request(
    st.container(),
    make_label="📊 Maak het Excel-bestand van de community",
    download_label="📊 Download het Excel-bestand van de community",
    make=excel_file,
    file_name=f"{community_file_stem(community, date.today())}.xlsx",
    mime=XLSX_MIME,
    key=f"community_excel_{community.id}",
)
st.caption(
    "Tabbladen Samenwerkingen, Perspectieven (samengevoegd), Blokken (één blok per rij, één samenwerking per "
    "kolom) en Lessen. Alleen wat de leden nu delen; wie uittrad, staat er niet in."
)

with st.expander("Een samenwerking uit de community halen", key="community_verwijderen"):
    st.markdown(
        "Voor een samenwerking die per vergissing meedoet of gestopt is. Wat ze deelde, is dan meteen overal weg "
        "(tabel, perspectieven, blokken, bibliotheek en Excel). Haar begeleider kan met de uitnodigingscode weer "
        "aanmelden: meedoen blijft haar eigen keuze."
    )
    with st.form("community_verwijderen_form", border=False):
        chosen = st.selectbox(
            "Samenwerking",
            rows,
            format_func=lambda r: r.name,
            index=None,
            placeholder="Kies een samenwerking",
        )
        sure = st.checkbox("Ja, haal deze samenwerking uit de community")
        if st.form_submit_button("Uit de community halen"):
            if chosen is None:
                st.error("Kies eerst welke samenwerking eruit moet.")
            elif not sure:
                st.error("Zet eerst het vinkje: dan weet je zeker dat dit de goede is.")
            else:
                try:
                    st.session_state[REMOVED] = store.remove_member(key, chosen.samenwerking_id)
                except StoreError as error:
                    st.error(plain(str(error)))
                else:
                    st.rerun()
