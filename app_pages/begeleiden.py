"""Begeleiden (facilitator only): create a workshop, show the join code and QR, follow progress, reveal the
notes, write the gedeeld perspectief per block, close and reopen.

Every action needs the facilitator key (``?key=``, remembered for the session); the store checks it again.
Without a key this page only explains how to get in and offers to create a workshop.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import streamlit as st

from app_pages.ui import state
from app_pages.ui.access import facilitated, how_to_get_in
from app_pages.ui.fields import show_length
from app_pages.ui.links import app_url, qr_png
from app_pages.ui.notes import note_card, role_badge
from app_pages.ui.request_keys import send
from app_pages.ui.rounds_facilitator import rounds_tab
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from app_pages.ui.timer import facilitator_timer
from canvas.blocks import BLOCKS, BLOCKS_BY_ID
from canvas.clock import dutch_time_with_zone
from canvas.merge import coverage
from canvas.model import NoteSource, Phase, Workshop
from canvas.progress import hidden_per_block, participant_progress, role_counts, roles_to_show
from data.limits import MAX_CONCLUSION_LENGTH, MAX_TITLE_LENGTH
from data.store import StoreError
from stakeholders.roles import MAIN_ROLES, Role, role_info

NEW_KEY = state.NEW_WORKSHOP

store = get_store()


def create_form() -> None:
    """The form that makes a new workshop; on success the new key becomes this session's key."""
    with st.form("begeleiden_create", border=True):
        st.markdown("**Nieuwe workshop**")
        pps = st.text_input("Naam van de PPS", key="begeleiden_pps", placeholder="Bijv. Toekomst in de Techniek")
        too_long = show_length("begeleiden_pps", MAX_TITLE_LENGTH)
        title = st.text_input("Titel van de workshop", key="begeleiden_title", placeholder="Bijv. Ontwerpsessie")
        too_long = show_length("begeleiden_title", MAX_TITLE_LENGTH) or too_long
        region = st.text_input("Regio", key="begeleiden_region")
        too_long = show_length("begeleiden_region", MAX_TITLE_LENGTH) or too_long
        phase = st.selectbox(
            "Gebruik van het canvas", list(Phase), format_func=lambda p: p.label, key="begeleiden_phase"
        )
        date = st.date_input("Datum", value=dt.date.today(), key="begeleiden_date", format="DD-MM-YYYY")
        submitted = st.form_submit_button("Workshop aanmaken", type="primary", key="begeleiden_create_submit")
    if not submitted or too_long:  # a text too long stays in its box, with the message under it
        return
    try:
        workshop, key = store.create_workshop(pps_name=pps, title=title, region=region, phase=phase, date=date)
    except StoreError as error:
        st.error(plain(str(error)))
        return
    st.session_state[state.FACILITATOR_KEY] = key
    st.query_params["key"] = key
    st.session_state[NEW_KEY] = workshop.code
    st.rerun()


def _toggle(label: str, widget_key: str, current: bool, on_change, *args, disabled: bool = False) -> None:
    """A toggle that shows the stored value and writes a change straight to the store (in its callback)."""
    st.session_state[widget_key] = current
    st.toggle(label, key=widget_key, on_change=on_change, args=args, disabled=disabled)


def _set_revealed(key: str, block_id: str | None) -> None:
    store.set_revealed(key, st.session_state[state.reveal_toggle(block_id)], block_id)


def _set_anonymous(key: str) -> None:
    store.set_anonymous(key, st.session_state[state.ANONYMOUS_TOGGLE])


def join_screen(workshop: Workshop) -> None:
    link = app_url("deelnemen", code=workshop.code)
    left, right = st.columns([3, 2], gap="large", vertical_alignment="center")
    with left:
        st.markdown(f"### Doe mee: ga naar {plain(app_url('deelnemen'))} en vul de code in")
        with st.container(key="begeleiden_joincode"):
            st.markdown(workshop.code)
    with right:
        st.image(
            qr_png(link), caption="Of scan de QR-code", width=300, alt=f"QR-code met de link om mee te doen: {link}"
        )
    join_counts(workshop.id)


@st.fragment(run_every=3)
def join_counts(workshop_id: int) -> None:
    counts = role_counts(store.participants(workshop_id))
    with st.container(key="begeleiden_counts"):
        total = sum(counts.values())
        st.markdown(f"**{total} {'deelnemer' if total == 1 else 'deelnemers'} binnen**")
        shown = [r for r in Role if r in MAIN_ROLES or counts[r]]
        for column, role in zip(st.columns(len(shown)), shown, strict=True):
            with column:
                role_badge(role, f": {counts[role]}", key_suffix="count")


@st.fragment(run_every=3)
def progress(workshop_id: int) -> None:
    participants = store.participants(workshop_id)
    notes = store.notes(workshop_id)
    if not participants:
        st.info("Nog niemand binnen. Laat de code of de QR-code zien.")
        return
    prepared = Counter(n.participant_id for n in notes if n.source is NoteSource.VOORBEREIDING)
    interviews = [p for p in participants if p.interviewer]
    st.markdown(f"**Wie is er binnen** ({len(participants)})")
    if prepared or interviews:
        st.caption(
            f"🏠 {len(prepared)} van {len(participants) - len(interviews)} deelnemers bereidden zich voor "
            f"({sum(prepared.values())} notities) · 🎙️ {len(interviews)} "
            + ("interview" if len(interviews) == 1 else "interviews")
        )
    st.dataframe(
        [
            {
                "Naam": p.participant.name,
                "Organisatie": p.participant.organisation,
                "Rol": p.participant.role_label,
                "Blokken beantwoord": f"{p.blocks} van {len(BLOCKS)}",
                "Notities": p.notes,
                "Bron": f"🎙️ interview door {p.participant.interviewer}"
                if p.participant.interviewer
                else (f"🏠 voorbereid: {prepared[p.participant.id]}" if prepared[p.participant.id] else ""),
            }
            for p in participant_progress(participants, notes)
        ],
        hide_index=True,
        width="stretch",
        key="begeleiden_participants",
    )
    cov = coverage(notes)
    roles = roles_to_show(notes)
    st.markdown("**Notities per blok en stakeholder**")
    st.dataframe(
        [
            {
                "Blok": b.title,
                **{f"{role_info(r).icon} {role_info(r).label}": cov.count(b.id, r) for r in roles},
                "Stemmen": len(cov.roles_in(b.id)),
            }
            for b in BLOCKS
        ],
        hide_index=True,
        width="stretch",
        height=35 * (len(BLOCKS) + 1) + 3,
        key="begeleiden_blocks",
    )


def reveal(workshop: Workshop, key: str) -> None:
    st.markdown(
        "Deelnemers schrijven eerst zelf; pas als je het laat zien, verschijnen hun notities op het canvas, "
        "in de perspectieventabel en bij de andere deelnemers."
    )
    _toggle("Alle notities zichtbaar", state.reveal_toggle(None), workshop.revealed_all, _set_revealed, key, None)
    _toggle(
        "Anoniem: namen verbergen (de kleuren en rollen blijven)",
        state.ANONYMOUS_TOGGLE,
        workshop.anonymous,
        _set_anonymous,
        key,
    )
    st.markdown("**Per blok**" + (" (alles is al zichtbaar)" if workshop.revealed_all else ""))
    hidden = hidden_per_block(store.notes(workshop.id), workshop)
    columns = st.columns(3)
    for i, blk in enumerate(BLOCKS):
        count = hidden.get(blk.id, 0)
        label = blk.title + (f" · 🔒 {count}" if count else "")
        with columns[i % 3]:
            _toggle(
                label,
                state.reveal_toggle(blk.id),
                workshop.is_revealed(blk.id),
                _set_revealed,
                key,
                blk.id,
                disabled=workshop.revealed_all,
            )


def conclusions(workshop: Workshop, key: str) -> None:
    current = store.conclusions(workshop.id)
    block_id = st.selectbox(
        "Blok",
        [b.id for b in BLOCKS],
        format_func=lambda b: BLOCKS_BY_ID[b].title + (" ✓" if b in current else ""),
        key="begeleiden_conclusion_block",
    )
    blk = BLOCKS_BY_ID[block_id]
    st.caption(plain(blk.question))
    existing = current.get(block_id)
    with st.form("begeleiden_conclusion_form", border=False):
        text = st.text_area(
            "Gedeeld perspectief",
            value=existing.text if existing else "",
            key=f"begeleiden_conclusion_text_{block_id}",
            help="Wat de groep samen concludeert over dit blok. Verschijnt op het canvas en in de focusmodus.",
        )
        too_long = show_length(f"begeleiden_conclusion_text_{block_id}", MAX_CONCLUSION_LENGTH)
        saved = st.form_submit_button("Opslaan", type="primary", key="begeleiden_conclusion_save")
    if saved and not too_long:
        try:
            send(
                f"begeleiden_conclusie_{block_id}",
                (text,),
                lambda k: store.set_conclusion(key, block_id, text, request_key=k),
            )
        except StoreError as error:
            st.error(plain(str(error)))
        else:
            st.success(f"Gedeeld perspectief van {blk.title} opgeslagen.")
    shown = [n for n in store.visible_notes(workshop) if n.block_id == block_id]
    with st.expander(f"Zichtbare notities in dit blok ({len(shown)})", key="begeleiden_conclusion_notes"):
        if not shown:
            st.caption("Nog geen zichtbare notities: laat ze eerst zien bij Onthullen.")
        for note in shown:
            note_card(note, anonymous=workshop.anonymous, key_prefix="begeleiden-")
    # Earlier versions only: the newest (the one in the box above) is not counted or listed again.
    history = store.conclusion_history(workshop.id, block_id)[:-1]
    if history:
        with st.expander(f"Eerdere versies ({len(history)})", key="begeleiden_conclusion_history"):
            for version in reversed(history):
                st.caption(f"Versie {version.version} · {dutch_time_with_zone(version.updated_at)}")
                st.markdown(plain(version.text) if version.text.strip() else "*(leeggemaakt)*")


def settings(workshop: Workshop, key: str) -> None:
    if workshop.closed:
        st.warning("De workshop is **gesloten**: niemand kan meedoen of notities wijzigen.")
        if st.button("Workshop heropenen", key="begeleiden_reopen"):
            store.set_closed(key, False)
            st.rerun()
    else:
        st.success("De workshop is **open**: deelnemers kunnen meedoen en schrijven.")
        if st.button("Workshop sluiten", key="begeleiden_close"):
            store.set_closed(key, True)
            st.rerun()
    with st.expander("Datum en voorbereiding", key="begeleiden_datum"):
        st.markdown(
            "Deelnemers kunnen zich thuis voorbereiden met hun eigen link: wat ze **vóór de datum van de sessie** "
            "schrijven, staat er als 🏠 voorbereiding en blijft verborgen tot je het laat zien. Een interview "
            "met een stakeholder leg je vast op **Interview**."
        )
        day = st.date_input(
            "Datum van de sessie", value=workshop.date, format="DD-MM-YYYY", key="begeleiden_sessiedatum"
        )
        if day != workshop.date and st.button("Datum bewaren", key="begeleiden_sessiedatum_bewaren"):
            try:
                store.set_date(key, day)
            except StoreError as error:
                st.error(plain(str(error)))
            else:
                st.rerun()
        st.page_link("app_pages/interview.py", label="Naar Interview", icon="🎙️")
    with st.expander("Begeleiderslink (geheim)", key="begeleiden_link"):
        st.markdown("Met deze link open je de workshop als begeleider, ook op een ander apparaat.")
        st.code(app_url("begeleiden", key=key), language=None)
    with st.expander("Nog een workshop aanmaken", key="begeleiden_another"):
        st.caption("Bewaar eerst de begeleiderslink van deze workshop: de nieuwe workshop neemt haar plaats in.")
        create_form()


workshop, key = facilitated()
if workshop is None:
    st.title("Begeleiden")
    how_to_get_in()
    create_form()
    st.stop()

st.markdown(
    f"## {plain(workshop.heading)}  \n"
    f"Code **{workshop.code}** · fase {workshop.phase.label.lower()}"
    + (f" · {plain(workshop.region)}" if workshop.region else "")
    + f" · ronde {workshop.ronde}"
    + (" · 🔒 gesloten" if workshop.closed else "")
)
if st.session_state.get(NEW_KEY) == workshop.code:
    st.warning(
        "**Bewaar deze begeleiderslink.** Alleen met deze link kun je de workshop later weer openen, "
        "notities laten zien en afsluiten. Deel hem niet met deelnemers."
    )
    st.code(app_url("begeleiden", key=key), language=None)
    if st.button("Ik heb de link bewaard", key="begeleiden_link_saved"):
        del st.session_state[NEW_KEY]
        st.rerun()

facilitator_timer(store, key, workshop)

join_tab, progress_tab, reveal_tab, conclusion_tab, rounds_tab_, settings_tab = st.tabs(
    ["📲 Deelnemen", "👥 Voortgang", "👁️ Onthullen", "🤝 Gedeeld perspectief", "🔁 Rondes en acties", "⚙️ Workshop"],
    key="begeleiden_tabs",
)
with join_tab:
    join_screen(workshop)
with progress_tab:
    progress(workshop.id)
with reveal_tab:
    reveal(workshop, key)
with conclusion_tab:
    conclusions(workshop, key)
with rounds_tab_:
    rounds_tab(store, workshop, key)
with settings_tab:
    settings(workshop, key)
