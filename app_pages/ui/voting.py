"""Stemmen on a phone: the participant's view of an open vote, drawn on the walk page (app_pages/invullen.py).

Shows only while the facilitator has a vote open (``store.open_vote_session``): "Je hebt nog N stemmen", then
the notes or synthesis points in the vote, each with one button to vote or to take the vote back. The store
enforces every rule (N votes, one per item, closed vote, closed workshop); this view shows its Dutch message
when it refuses. Results are not shown here while the vote runs: the store keeps them hidden until closed.

A fragment that looks again every ``POLL_SECONDS``, so a vote opened by the facilitator appears on the
phones without a reload, and a closed one goes away. Its look is in style.css ("Stemmen").
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.notes import note_label
from app_pages.ui.request_keys import send
from app_pages.ui.text import plain
from canvas.blocks import BLOCKS, Question
from canvas.model import Note, Participant
from canvas.synthesis import Bullet, ItemKind, VoteSession
from data.store import Store, StoreError, StoreUnavailable
from stakeholders.roles import role_info

__all__ = ["voting_panel"]

POLL_SECONDS = 5
FLASH = "stemmen_flash"


def _flash(kind: str, message: str) -> None:
    st.session_state[FLASH] = (kind, message)


def _cast(store: Store, token: str, session_id: int, kind: ItemKind, item_id: int) -> None:
    # The key of this tap, kept until the store answers: a tap again after a lost reply is that vote.
    write = f"stemmen_{session_id}_{kind.value}_{item_id}"
    try:
        send(write, (), lambda k: store.cast_vote(token, session_id, kind, item_id, request_key=k))
    except StoreError as error:
        _flash("error", str(error))


def _withdraw(store: Store, token: str, session_id: int, kind: ItemKind, item_id: int) -> None:
    try:
        store.withdraw_vote(token, session_id, kind, item_id)
    except StoreError as error:
        _flash("error", str(error))


def _items(store: Store, vote: VoteSession, workshop_id: int) -> list[tuple[str, list[Note | Bullet]]]:
    """What can be voted on, under headings: notes per block, or synthesis points per cell."""
    if vote.kind is ItemKind.NOTE:
        workshop = store.workshop_by_id(workshop_id)
        notes = [n for n in store.visible_notes(workshop) if vote.covers_block(n.block_id)]
        return [
            (b.title, [n for n in notes if n.block_id == b.id])
            for b in BLOCKS
            if any(n.block_id == b.id for n in notes)
        ]
    bullets = [b for b in store.bullets(workshop_id) if vote.covers_question(b.question)]
    out: list[tuple[str, list[Note | Bullet]]] = []
    for question in Question:
        for role in dict.fromkeys(b.role for b in bullets):
            cell = [b for b in bullets if b.question is question and b.role is role]
            if cell:
                out.append((f"{role_info(role).label} · {question.label}", cell))
    return out


def _item(store: Store, token: str, vote: VoteSession, item: Note | Bullet, voted: bool, left: int, anonymous: bool):
    kind = vote.kind
    suffix = "_gestemd" if voted else ""
    with st.container(border=True, key=f"stemmen_item_{kind.value}_{item.id}{suffix}"):
        if isinstance(item, Note):
            st.caption(plain(note_label(item, anonymous=anonymous)))
        st.markdown(plain(item.text))
        if voted:
            st.button(
                "✓ Gestemd · stem terugnemen",
                key=f"stemmen_terug_{kind.value}_{item.id}",
                width="stretch",
                on_click=_withdraw,
                args=(store, token, vote.id, kind, item.id),
            )
        else:
            st.button(
                "Stem hierop",
                icon="🗳️",
                type="primary",
                key=f"stemmen_stem_{kind.value}_{item.id}",
                width="stretch",
                disabled=left == 0,
                on_click=_cast,
                args=(store, token, vote.id, kind, item.id),
            )


@st.fragment(run_every=POLL_SECONDS)
def voting_panel(store: Store, token: str, participant: Participant) -> None:
    """The vote box on the walk page, or nothing when no vote is open (or while the database is away)."""
    try:
        vote = store.open_vote_session(participant.workshop_id)
    except StoreUnavailable:
        return  # the walk below says the database is away; the box comes back with it
    if vote is None:
        return
    try:
        mine = {(v.kind, v.item_id) for v in store.my_votes(token, vote.id)}
    except StoreError as error:
        st.error(plain(str(error)))
        return
    left = max(0, vote.votes_per_participant - len(mine))
    workshop = store.workshop_by_id(participant.workshop_id)
    with st.container(key="stemmen_box"):
        st.markdown(f"**🗳️ Stemming over {plain(vote.scope_label)}** · op {vote.kind.label}")
        with st.container(key="stemmen_left"):
            word = "stem" if left == 1 else "stemmen"
            st.markdown(f"Je hebt nog {left} {word}" if left else "Je hebt al je stemmen gebruikt")
        st.caption(
            f"Je hebt {vote.votes_per_participant} stemmen, hoogstens één per punt. Tot de begeleider de "
            "stemming sluit, kun je een stem terugnemen. De uitslag komt daarna."
        )
        flash = st.session_state.pop(FLASH, None)
        if flash:
            getattr(st, flash[0])(plain(flash[1]))
        with st.expander("Stemmen", expanded=True, key="stemmen_lijst"):
            groups = _items(store, vote, participant.workshop_id)
            if not groups:
                st.info("Er is nog niets om op te stemmen in deze stemming.")
            for heading, items in groups:
                st.markdown(f"**{plain(heading)}**")
                for item in items:
                    _item(store, token, vote, item, (vote.kind, item.id) in mine, left, workshop.anonymous)
