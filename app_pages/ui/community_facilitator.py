"""Begeleiden › Rondes › Lerende community: the facilitator opts the samenwerking in, chooses what it shares,
changes that later, or leaves (which withdraws everything at once). The store checks the facilitator key."""

from __future__ import annotations

import streamlit as st

from app_pages.ui.text import plain
from canvas.community import Membership, Sharing
from data.store import Store, StoreError

__all__ = ["community_section"]

_CHOICES = (
    ("perspective", "Gedeeld perspectief per blok"),
    ("lessons", "Lessen, leervragen en acties"),
    ("notes", "Notities van deelnemers (alleen die de zaal zag)"),
    ("names", "Namen van deelnemers"),
)
FLASH = "community_flash"


def _choices(prefix: str, current: Sharing) -> Sharing:
    values = {
        field: st.checkbox(label, value=getattr(current, field), key=f"{prefix}_{field}") for field, label in _CHOICES
    }
    return Sharing(**values)


def _membership(store: Store, key: str, m: Membership) -> None:
    prefix = f"community_lid_{m.community_id}"
    with st.container(border=True, key=prefix):
        st.markdown(f"**{plain(m.community_name)}** · lid sinds {m.joined_at:%d-%m-%Y}")
        st.caption(f"Deelt nu: {m.sharing.summary}")
        with st.form(f"{prefix}_form", border=False):
            sharing = _choices(prefix, m.sharing)
            if st.form_submit_button("Keuze opslaan", key=f"{prefix}_opslaan"):
                try:
                    store.set_sharing(key, m.community_id, sharing)
                except StoreError as error:
                    st.error(plain(str(error)))
                else:
                    st.session_state[FLASH] = f"Opgeslagen: je deelt nu {sharing.summary}."
                    st.rerun()
        sure = st.checkbox("Ja, haal alles weg wat we deelden", key=f"{prefix}_zeker")
        if st.button("Community verlaten", key=f"{prefix}_verlaten", disabled=not sure):
            try:
                store.leave_community(key, m.community_id)
            except StoreError as error:
                st.error(plain(str(error)))
            else:
                st.session_state[FLASH] = (
                    f"Je samenwerking is uit {m.community_name} gestapt; er wordt niets meer gedeeld."
                )
                st.rerun()


def community_section(store: Store, key: str) -> None:
    """The whole section, for the samenwerking of this facilitator key."""
    with st.expander("🌐 Lerende community", key="community_begeleider"):
        st.markdown(
            "Leer van andere samenwerkingen: een regionale coördinator legt de samenwerkingen van een community "
            "naast elkaar. **Jij kiest wat deze samenwerking deelt**; de coördinator ziet alleen dat, en andere "
            "samenwerkingen zien niets van jullie. Namen worden alleen gedeeld als je dat aanvinkt. "
            "Verlaat je de community, dan is alles meteen weg uit elk overzicht en elke export."
        )
        flash = st.session_state.pop(FLASH, None)
        if flash:
            st.success(plain(flash))
        try:
            memberships = store.memberships(key)
        except StoreError as error:
            st.error(plain(str(error)))
            return
        for m in memberships:
            _membership(store, key, m)
        st.markdown("**Aanmelden bij een community**")
        with st.form("community_aanmelden", border=False):
            code = st.text_input("Uitnodigingscode van de coördinator", key="community_code")
            sharing = _choices("community_nieuw", Sharing())
            if st.form_submit_button("Aanmelden", type="primary", key="community_aanmelden_knop"):
                try:
                    joined = store.join_community(key, code, sharing)
                except StoreError as error:
                    st.error(plain(str(error)))
                else:
                    st.session_state[FLASH] = f"Aangemeld bij {joined.community_name}: je deelt {sharing.summary}."
                    st.rerun()
