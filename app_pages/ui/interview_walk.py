"""The Interview page's parts: the form that starts an interview, and the walk through the blocks with the
interviewee's hint questions, a box for what is said, a quote mark, and the notes of this interview so far.

Saves run in callbacks (before the page is drawn): the box is emptied only when the store has the note, so a
refused or waiting save leaves the text where it was typed.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.fields import show_length, too_long
from app_pages.ui.notes import source_tag
from app_pages.ui.request_keys import send
from app_pages.ui.text import plain
from canvas.blocks import BLOCKS_BY_ID, WALK_ORDER
from canvas.hints import hints
from canvas.model import MAX_NOTE_LENGTH, Participant, Workshop
from data.store import Store, StoreError, StoreUnavailable
from stakeholders.roles import Role, role_info

__all__ = ["interview_walk", "new_interview_form"]

INTERVIEWER = "interview_interviewer"


def new_interview_form(store: Store, key: str) -> Participant | None:
    """Who is interviewed, and by whom; the interviewee made when the form is sent (``None`` until then)."""
    with st.form("interview_nieuw", border=True):
        st.markdown("**Nieuw interview**")
        name = st.text_input(
            "Naam of omschrijving",
            key="interview_nieuw_naam",
            max_chars=81,
            placeholder="Bijv. beleidsadviseur werk en inkomen",
            help="Een omschrijving is genoeg: een citaat staat later alleen met rol en organisatie in een stuk.",
        )
        role = st.selectbox(
            "Stakeholder",
            list(Role),
            format_func=lambda r: f"{role_info(r).icon} {role_info(r).label}",
            key="interview_nieuw_rol",
        )
        organisation = st.text_input(
            "Organisatie", max_chars=121, placeholder="Bijv. Gemeente Lelystad", key="interview_nieuw_organisatie"
        )
        sub_role = st.text_input("Functie (mag leeg)", max_chars=61, key="interview_nieuw_functie")
        interviewer = st.text_input("Interviewer (jouw naam)", max_chars=81, key=INTERVIEWER)
        started = st.form_submit_button("Interview beginnen", type="primary", key="interview_nieuw_beginnen")
    if not started:
        return None
    try:
        return store.start_interview(
            key, name=name, role=role, organisation=organisation, sub_role=sub_role, interviewer=interviewer
        )
    except StoreError as error:
        st.error(plain(str(error)))
        return None


def _state(person: Participant, name: str) -> str:
    return f"interview_{name}_{person.id}"


def _save(store: Store, key: str, person: Participant, block_id: str) -> None:
    text_key, quote_key, flash = _state(person, "tekst"), _state(person, "citaat"), _state(person, "melding")
    text = st.session_state.get(text_key, "")
    if not text.strip() or too_long(text_key, MAX_NOTE_LENGTH):
        return  # an empty box saves nothing; a long one says under the box by how much
    quote = bool(st.session_state.get(quote_key))
    try:
        send(
            f"interview_note_{person.id}",
            (block_id, text, quote),
            lambda request: store.add_interview_note(key, person.id, block_id, text, quote=quote, request_key=request),
        )
    except StoreUnavailable as error:
        st.session_state[flash] = ("warning", f"{error} De tekst staat nog in het vak; druk zo nog eens op Bewaren.")
        return
    except StoreError as error:
        st.session_state[flash] = ("error", str(error))
        return
    st.session_state[text_key] = ""
    st.session_state[quote_key] = False
    st.session_state[flash] = ("success", f"Bewaard bij {BLOCKS_BY_ID[block_id].title}.")


def _step(person: Participant, to: int) -> None:
    st.session_state[_state(person, "blok")] = WALK_ORDER[to]


def _toggle_quote(store: Store, key: str, note_id: int, widget: str) -> None:
    try:
        store.set_quote(key, note_id, bool(st.session_state.get(widget)))
    except StoreError as error:
        st.session_state["interview_citaat_melding"] = str(error)


def interview_walk(store: Store, key: str, workshop: Workshop, person: Participant) -> None:
    """One block of the interview with ``person``: question, hints for their role, the box, and their notes."""
    info = role_info(person.role)
    st.markdown(
        f"{info.icon} **{plain(person.name)}** · {plain(person.role_label)}"
        + (f" · {plain(person.organisation)}" if person.organisation else "")
        + f"  \nInterviewer: {plain(person.interviewer)}"
    )
    block_key = _state(person, "blok")
    if st.session_state.get(block_key) not in WALK_ORDER:
        st.session_state[block_key] = WALK_ORDER[0]
    current = st.selectbox("Blok", WALK_ORDER, format_func=lambda b: BLOCKS_BY_ID[b].title, key=block_key)
    position = WALK_ORDER.index(current)
    blk = BLOCKS_BY_ID[current]
    st.caption(f"Blok {position + 1} van {len(WALK_ORDER)}")
    st.subheader(plain(blk.title), anchor=False)
    st.markdown(f"**{plain(blk.question)}**")
    questions = hints(current, person.role)
    if questions:
        st.markdown(f"💡 Vragen aan een {plain(info.label.lower())}:\n" + "\n".join(f"- {plain(q)}" for q in questions))
    if (shown := st.session_state.pop(_state(person, "melding"), None)) is not None:
        getattr(st, shown[0])(plain(shown[1]))
    if not workshop.closed:
        text_key = _state(person, "tekst")
        st.text_area(
            "Wat zegt de geïnterviewde?",
            key=text_key,
            placeholder="Eén gedachte per notitie, in de woorden van de geïnterviewde.",
        )
        show_length(text_key, MAX_NOTE_LENGTH)
        st.checkbox(
            "Citaat: dit zijn letterlijk de woorden van de geïnterviewde",
            key=_state(person, "citaat"),
            help="Een citaat komt in een praktijkvoorbeeld met rol en organisatie, nooit met een naam.",
        )
        st.button(
            "Bewaren",
            type="primary",
            key=_state(person, "bewaren"),
            on_click=_save,
            args=(store, key, person, current),
        )
    steps = st.columns(2)
    steps[0].button(
        "← Vorige blok", key=_state(person, "vorige"), disabled=position == 0,
        on_click=_step, args=(person, max(position - 1, 0)), width="stretch",
    )  # fmt: skip
    steps[1].button(
        "Volgende blok →", key=_state(person, "volgende"), disabled=position == len(WALK_ORDER) - 1,
        on_click=_step, args=(person, min(position + 1, len(WALK_ORDER) - 1)), width="stretch",
    )  # fmt: skip

    mine = [n for n in store.notes(workshop.id) if n.participant_id == person.id]
    here = [n for n in mine if n.block_id == current]
    st.markdown(f"#### In dit blok ({len(here)}) · dit interview: {len(mine)} notities")
    if (refused := st.session_state.pop("interview_citaat_melding", None)) is not None:
        st.error(plain(refused))
    for note in here:
        with st.container(border=True, key=f"interview_notitie_{note.id}"):
            st.caption(plain(source_tag(note)))
            st.markdown(plain(note.text))
            widget = f"interview_notitie_citaat_{note.id}"
            st.session_state[widget] = note.quote
            st.toggle(
                "Citaat",
                key=widget,
                disabled=workshop.closed,
                on_change=_toggle_quote,
                args=(store, key, note.id, widget),
            )
