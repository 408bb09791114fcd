"""Shared parts of the community pages: the coordinator key of this session, the page links, small labels.

The store checks the coordinator key again on every read (data.community_store); this module only finds it
(``?ckey=``, kept for the session like the facilitator key) and says, in Dutch, what is wrong.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui import state
from app_pages.ui.access import _remembered
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from canvas.community import Community
from data.store import StoreError
from stakeholders.roles import Role, role_info

__all__ = [
    "COMMUNITY_PAGES",
    "coordinated",
    "coordinator_key",
    "community_nav",
    "people_text",
    "how_coordinators_get_in",
]

COMMUNITY_PAGES = (
    ("app_pages/community.py", "Overzicht", "🌐"),
    ("app_pages/community_perspectieven.py", "Perspectieven", "🔀"),
    ("app_pages/blok_naast_blok.py", "Blok naast blok", "🧱"),
    ("app_pages/lessenbibliotheek.py", "Lessenbibliotheek", "📚"),
)


def coordinator_key() -> str:
    """The coordinator key of this session (``?ckey=``), or ``""``."""
    return _remembered("ckey", state.COORDINATOR_KEY)


def how_coordinators_get_in() -> None:
    st.info(
        "**Zo kom je binnen als coördinator:** maak op de pagina Community een nieuwe community aan, of open de "
        "coördinatorlink (`/community?ckey=…`) die je kreeg toen de community werd aangemaakt. "
        "Begeleiders melden hun samenwerking aan via Begeleiden › Rondes › Lerende community."
    )
    st.caption("Link kwijt? Wie de server beheert, maakt een nieuwe met `pps-canvas community sleutel NAAM`.")


def coordinated(title: str) -> tuple[Community, str]:
    """The community of this session's coordinator key, or a Dutch explanation and a stopped page."""
    key = coordinator_key()
    if not key:
        st.title(title)
        how_coordinators_get_in()
        st.stop()
    try:
        return get_store().coordinated_community(key), key
    except StoreError as error:
        st.title(title)
        st.error(plain(str(error)))
        how_coordinators_get_in()
        st.stop()


def community_nav(current: str) -> None:
    """Links between the four community pages (the key stays in the session)."""
    # One wrapping row: on a phone the four links take two short lines, not four.
    with st.container(horizontal=True, gap="small", key="community_nav"):
        for script, label, icon in COMMUNITY_PAGES:
            st.page_link(script, label=label, icon=icon, disabled=script == current, width="content")


def people_text(counts: dict[Role, int]) -> str:
    """'Ondernemer 2 · Overheid 1' in the order of the roles (our own text)."""
    return " · ".join(f"{role_info(r).label} {counts[r]}" for r in Role if counts.get(r))
