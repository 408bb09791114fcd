"""Lessenbibliotheek (coordinator key): the lessons, leervragen and actions members share, searchable.

Full-text search in the database's own engine (``Store.community_library``: SQLite FTS5 or PostgreSQL
``to_tsvector('dutch', …)``), filters by the ten lessons of seed 001, region, phase and kind. Native Streamlit
only: user text goes through ``plain()``.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.community import community_nav, coordinated
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from canvas.community import ItemKind, LibraryItem
from canvas.lessons import LESSONS, LESSONS_BY_ID
from canvas.model import Phase
from data.store import StoreError

store = get_store()
community, key = coordinated("Lessenbibliotheek")
st.markdown(f"### 📚 Lessenbibliotheek · {plain(community.name)}")
community_nav("app_pages/lessenbibliotheek.py")

regions = sorted({r.region for r in store.community_overview(key) if r.region})
query = st.text_input(
    "Zoeken in lessen, leervragen en acties",
    placeholder="Bijvoorbeeld: nazorg, coördinator, werkgevers",
    key="bib_zoek",
)
filters = st.columns(4)
with filters[0]:
    lesson_id = st.selectbox(
        "Les",
        [None, *(lesson.id for lesson in LESSONS)],
        format_func=lambda i: "Alle lessen" if i is None else f"{i}. {LESSONS_BY_ID[i].title}",
        key="bib_les",
    )
with filters[1]:
    region = st.selectbox("Regio", [None, *regions], format_func=lambda r: r or "Alle regio's", key="bib_regio")
with filters[2]:
    phase = st.selectbox(
        "Fase", [None, *Phase], format_func=lambda p: "Alle fasen" if p is None else p.label, key="bib_fase"
    )
with filters[3]:
    kinds = st.multiselect("Soort", list(ItemKind), format_func=lambda k: k.label, placeholder="Alles", key="bib_soort")

try:
    items = store.community_library(key, query=query, lesson_id=lesson_id, region=region, phase=phase, kinds=kinds)
except StoreError as error:
    st.error(plain(str(error)))
    st.stop()

if lesson_id is not None:
    st.markdown(f"**Les {lesson_id}.** {plain(LESSONS_BY_ID[lesson_id].text)}")
st.caption(f"{len(items)} gevonden" + (" · beste overeenkomst eerst" if query.strip() else ""))
if not items:
    st.info(
        "Niets gevonden. Probeer een ander woord of minder filters. Alleen wat samenwerkingen delen staat hier: "
        "lessen uit rondes waarvan de begeleider de scores liet zien, leervragen en acties."
    )


def _item(item: LibraryItem, index: int) -> None:
    with st.container(border=True, key=f"bib_item_{index}"):
        st.markdown(f"**{plain(item.title)}** · {plain(item.samenwerking)}")
        where = " · ".join(p for p in (item.region, f"ronde {item.ronde}", item.phase.label.lower()) if p)
        if item.kind is ItemKind.LES and item.score is not None:
            score = f"{item.score:.1f}".replace(".", ",")
            where += f" · gemiddeld {score} uit {item.scores} scores"
            if item.per_role_text:
                where += f" · per stakeholder: {item.per_role_text}"
        st.caption(plain(where))
        if item.text:
            st.markdown(plain(item.text))
        elif item.kind is ItemKind.LES:
            st.caption("Geen toelichting bij de scores.")
        if item.outcome:
            st.markdown("*Uitkomst:* " + plain(item.outcome))
        if item.detail:
            st.caption(plain(item.detail))


for i, item in enumerate(items[:200]):
    _item(item, i)
if len(items) > 200:
    st.caption(f"De eerste 200 van {len(items)}; zoek gerichter om de rest te zien.")
