"""The facilitator's vote controls (on the Synthese page): open a vote, follow the turnout, close it, results.

While a vote runs only the turnout shows (how many voted, how many votes), never on what: the store keeps
the results hidden until the vote is closed (``Store.vote_results``).
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.text import plain
from canvas.blocks import BLOCKS, BLOCKS_BY_ID
from canvas.model import Workshop
from canvas.synthesis import DEFAULT_VOTES, MAX_VOTES, ItemKind, VoteSession
from data.store import Store, StoreError

__all__ = ["vote_control"]

WHOLE, SOME = "Het hele canvas", "Een of meer blokken"


def _open(store: Store, key: str) -> None:
    kind = st.session_state.get("stemming_soort", ItemKind.NOTE)
    blocks = st.session_state.get("stemming_blokken", []) if st.session_state.get("stemming_bereik") == SOME else []
    if st.session_state.get("stemming_bereik") == SOME and not blocks:
        st.session_state["stemming_melding"] = ("warning", "Kies eerst een of meer blokken.")
        return
    try:
        store.open_vote(key, kind, blocks=blocks, votes_per_participant=int(st.session_state.get("stemming_n", 3)))
    except StoreError as error:
        st.session_state["stemming_melding"] = ("error", str(error))
        return
    st.session_state["stemming_melding"] = ("success", "De stemming is open: deelnemers zien hem op hun telefoon.")


def _close(store: Store, key: str, session_id: int) -> None:
    try:
        store.close_vote(key, session_id)
    except StoreError as error:
        st.session_state["stemming_melding"] = ("error", str(error))
        return
    st.session_state["stemming_melding"] = ("success", "De stemming is gesloten; hieronder staat de uitslag.")
    # The points above this fragment show their votes now: the whole page must run again, not only this part.
    st.session_state["stemming_hele_pagina"] = True


def _results(store: Store, vote: VoteSession) -> None:
    results = store.vote_results(vote.id)
    if not results:
        st.caption("Er is niet gestemd.")
        return
    if vote.kind is ItemKind.NOTE:
        texts = {n.id: n.text for n in store.notes(vote.workshop_id, include_deleted=True)}
    else:
        texts = {b.id: b.text for b in store.bullets(vote.workshop_id, include_removed=True)}
    ranked = sorted(results.items(), key=lambda kv: -kv[1])
    lines = [f"{count} × {plain(texts.get(item_id, '?'))}" for (_kind, item_id), count in ranked[:10]]
    st.markdown("\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1)))


@st.fragment(run_every=5)
def vote_control(store: Store, key: str, workshop: Workshop) -> None:
    if st.session_state.pop("stemming_hele_pagina", False):
        st.rerun(scope="app")
    st.markdown("### 🗳️ Stemmen")
    message = st.session_state.pop("stemming_melding", None)
    if message:
        getattr(st, message[0])(plain(message[1]))
    current = store.open_vote_session(workshop.id)
    if current is not None:
        voters, votes = store.vote_turnout(current.id)
        with st.container(border=True, key="stemming_loopt"):
            st.markdown(
                f"**De stemming loopt** over {plain(current.scope_label)}, op {current.kind.label}, "
                f"{current.votes_per_participant} stemmen per deelnemer."
            )
            st.markdown(
                f"{voters} {'deelnemer heeft' if voters == 1 else 'deelnemers hebben'} gestemd ({votes} stemmen)."
            )
            st.caption("De uitslag blijft verborgen tot je de stemming sluit.")
            st.button(
                "Sluit de stemming",
                icon="🔒",
                type="primary",
                key="stemming_sluit",
                on_click=_close,
                args=(store, key, current.id),
            )
        return
    with st.container(border=True, key="stemming_nieuw"):
        cols = st.columns([1, 1, 1])
        cols[0].radio(
            "Waarop?",
            list(ItemKind),
            format_func=lambda k: "Notities" if k is ItemKind.NOTE else "Punten van de synthese",
            key="stemming_soort",
        )
        cols[1].radio("Waar?", [WHOLE, SOME], key="stemming_bereik")
        cols[2].number_input("Stemmen per deelnemer", 1, MAX_VOTES, DEFAULT_VOTES, key="stemming_n")
        if st.session_state.get("stemming_bereik") == SOME:
            st.multiselect(
                "Blokken", [b.id for b in BLOCKS], format_func=lambda b: BLOCKS_BY_ID[b].title, key="stemming_blokken"
            )
        st.button("Open de stemming", icon="🗳️", type="primary", key="stemming_open", on_click=_open, args=(store, key))
    closed = [s for s in store.vote_sessions(workshop.id) if not s.is_open]
    if closed:
        last = closed[-1]
        st.markdown(f"**Uitslag van de laatste stemming** ({plain(last.scope_label)}, op {last.kind.label})")
        _results(store, last)
