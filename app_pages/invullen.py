"""Invullen: a participant walks through the canvas one block at a time, on a laptop or a phone.

The walk follows ``canvas.blocks.WALK_ORDER``: from why (sociaal probleem, oplossing) to whom, to how, and the
money last. Each block shows its title, guiding question and the hint questions for the participant's role;
they add short notes, edit or delete them (a delete can be undone), skip blocks, or jump to any block.

Nothing typed is lost: every note is stored when submitted, and "Vorige", "Volgende" or a jump store text
still in the box first. The private link ``?p=TOKEN&blok=...`` brings the participant back to the same block
after a refresh, in another tab or on another device; an edit over a newer version from another tab is
refused (``StaleNote``) and both texts stay on screen.

Others' notes are shown only for blocks the facilitator revealed. In a closed workshop the participant can
still read their notes, without edit controls.

Every click costs the server a script run, so a run draws only what is on screen: one view at a time
(Invullen, Overzicht or Van anderen, chosen on the server, not hidden tabs), and the walk and the overview
are fragments: adding, editing or deleting a note or moving between blocks reruns only that view, not the
header above it. Others' notes in a block are drawn only while their expander is open.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from app_pages.ui import live, state
from app_pages.ui.access import joined_participant
from app_pages.ui.drafts import keep_draft
from app_pages.ui.fields import show_length, too_long
from app_pages.ui.history import block_from_history, put_block
from app_pages.ui.links import app_url
from app_pages.ui.notes import note_card
from app_pages.ui.request_keys import acknowledged, last_known, pending, request_key, send
from app_pages.ui.rounds import previous_card
from app_pages.ui.store import get_store
from app_pages.ui.text import isolate, plain
from app_pages.ui.timer import participant_timer
from app_pages.ui.voting import voting_panel
from canvas.blocks import BLOCKS_BY_ID, WALK_ORDER
from canvas.clock import dutch_time_with_zone, local, now
from canvas.hints import hints
from canvas.merge import by_block
from canvas.model import MAX_NOTE_LENGTH, Note, Workshop
from data.store import StaleNote, StoreError, StoreUnavailable, WorkshopClosed
from stakeholders.roles import role_info

NEW_TEXT = state.WALK_NEW_TEXT
CURRENT = state.WALK_BLOCK
EDITING = state.WALK_EDITING
# The text boxes set no max_chars (Streamlit would cut a longer paste off without a word): a text over
# MAX_NOTE_LENGTH stays in the box, the message under it says by how much, and saving is refused.
EDIT_TEXT = state.WALK_EDIT_TEXT
EDIT_VERSION = state.WALK_EDIT_VERSION
STALE_TEXT = state.WALK_STALE_TEXT
UNDO = state.WALK_UNDO
FLASH = state.WALK_FLASH
EDIT_KEPT = state.WALK_EDIT_KEPT
VIEW = state.WALK_VIEW
# How often a note that met a database that was away is sent again (with its request key: stored once).
RETRY_SECONDS = 2.0
JUMP_LIST = state.WALK_JUMP_LIST
WALK_VIEW, OVERVIEW_VIEW, OTHERS_VIEW = "Invullen", "Overzicht", "Van anderen"
VIEW_LABELS = {WALK_VIEW: "✏️ Invullen", OVERVIEW_VIEW: "📋 Overzicht", OTHERS_VIEW: "👀 Van anderen"}

T = TypeVar("T")

store = get_store()

participant, token = joined_participant()
# Read last while the database is away (a restart): the page keeps drawing, with the typed text in its box.
workshop = last_known(f"invullen_workshop_{participant.id}", lambda: store.workshop_by_id(participant.workshop_id))
info = role_info(participant.role)
# A note waiting for the database belongs to this participant (another link in this browser is someone else).
WAITING = f"{state.WALK_WAITING}_{participant.id}"
NOTE_WRITE = f"{state.WALK_NOTE_WRITE}_{participant.id}"
LANDED = f"invullen_alsnog_bewaard_{participant.id}"
# The ronde before this one (if any) and its gedeeld perspectief per block, shown as "Vorige keer".
previous = last_known(f"invullen_previous_{participant.id}", lambda: store.previous_ronde(workshop.id))


# -- actions (callbacks: they run before the page is drawn, so the page shows their result at once) ------


def flash(kind: str, message: str) -> None:
    st.session_state.setdefault(FLASH, []).append((kind, message))


def waiting_message(error: StoreUnavailable) -> str:
    """What the box says while its note waits for the database: why, that the text is kept, that we retry."""
    if type(error) is StoreUnavailable:
        return "De verbinding met de database is even weg; je tekst staat nog in het vak. We proberen het zo opnieuw."
    return f"{error} Je tekst staat nog in het vak; we proberen het zo opnieuw."


def save_pending(block_id: str) -> bool:
    """Store the text still in the box as a note of ``block_id``; ``False`` (text kept) when that fails.

    The note goes with a request key made before sending and kept until the store answers: when the database
    is away, the box keeps the text, ``retry_waiting_note`` sends it again with the same key, and it is
    stored once however often it is sent.
    """
    text = st.session_state.get(NEW_TEXT, "")
    if not text.strip():
        return True
    if too_long(NEW_TEXT, MAX_NOTE_LENGTH):
        return False  # the message under the box says why; the text stays
    try:
        store.add_note(token, block_id, text, request_key=request_key(NOTE_WRITE, block_id, text))
    except WorkshopClosed:
        return False  # the view says once that the workshop closed and the text was not saved
    except StoreUnavailable as error:
        st.session_state[WAITING] = (waiting_message(error), time.monotonic())
        return False
    except StoreError as error:
        flash("error", str(error))
        return False
    acknowledged(NOTE_WRITE)
    st.session_state.pop(WAITING, None)
    st.session_state[NEW_TEXT] = ""
    flash("success", f"Je notitie bij {BLOCKS_BY_ID[block_id].title} is bewaard.")
    return True


@st.fragment(run_every=RETRY_SECONDS)
def retry_waiting_note() -> None:
    """While a note waits for the database: say so, and send it again every few seconds until it lands."""
    kept = pending(NOTE_WRITE)
    if WAITING not in st.session_state or kept is None:
        return
    (block_id, text), key = kept
    message, tried = st.session_state[WAITING]
    if time.monotonic() - tried < RETRY_SECONDS:  # it was just sent (the click that met the absent database)
        st.warning(message, icon="⏳")
        return
    try:
        store.add_note(token, block_id, text, request_key=key)
    except StoreUnavailable as error:
        st.session_state[WAITING] = (waiting_message(error), time.monotonic())
        st.warning(st.session_state[WAITING][0], icon="⏳")
        return
    except StoreError as error:
        if not isinstance(error, WorkshopClosed):  # a closed workshop: the view says so, the text stays
            flash("error", str(error))
    else:
        # Emptied in the run that draws the box (not here: a value set in an earlier run, a fragment's, would
        # stay on the server only, and the browser would keep showing the text).
        st.session_state[LANDED] = text
        flash("success", f"De verbinding is terug: je notitie bij {BLOCKS_BY_ID[block_id].title} is bewaard.")
    acknowledged(NOTE_WRITE)
    st.session_state.pop(WAITING, None)
    st.rerun(scope="app")


def keep_edit_text() -> None:
    """The note being edited may leave the screen (another block or view): keep its text for its return."""
    if EDITING in st.session_state and EDIT_TEXT in st.session_state:
        st.session_state[EDIT_KEPT] = st.session_state[EDIT_TEXT]


def add_note(block_id: str) -> None:
    st.session_state.pop(UNDO, None)
    text = st.session_state.get(NEW_TEXT, "")
    if not text.strip():
        flash("warning", "Schrijf eerst iets in het vak.")
        return
    save_pending(block_id)


def go_to(block_id: str) -> None:
    """Vorige / Volgende: keep what is in the box, then move."""
    st.session_state.pop(UNDO, None)
    keep_edit_text()
    if save_pending(st.session_state[CURRENT]):
        st.session_state[CURRENT] = block_id


def finish() -> None:
    if save_pending(st.session_state[CURRENT]):
        flash("success", "Dit was het laatste blok. Onder Overzicht zie je al je notities bij elkaar.")


def jumped(widget_key: str) -> None:
    """The block list chose another block: keep the text typed in the block shown, then move.

    Only the list on screen counts. The list gets a new key when its marks change, and in a fragment run the
    browser can still report the list an earlier run drew, with the block it showed then: under load, a
    click on "Notitie toevoegen" in block 3 was taken as a jump back to block 2 (seen in CI).
    """
    chosen = st.session_state.get(widget_key)
    if widget_key != st.session_state.get(JUMP_LIST) or chosen == st.session_state[CURRENT]:
        return
    go_to(chosen)


def switched_view() -> None:
    """Another view: the walk's box goes off screen, so its text is stored first (or the walk stays)."""
    keep_edit_text()
    if not save_pending(st.session_state[CURRENT]):
        st.session_state[VIEW] = WALK_VIEW


def start_edit(note: Note) -> None:
    st.session_state.pop(UNDO, None)
    st.session_state[EDITING] = note.id
    st.session_state[EDIT_TEXT] = note.text
    st.session_state[EDIT_VERSION] = note.version
    st.session_state.pop(STALE_TEXT, None)
    st.session_state.pop(EDIT_KEPT, None)


def stop_edit() -> None:
    for state_key in (EDITING, STALE_TEXT, EDIT_KEPT):
        st.session_state.pop(state_key, None)


def save_edit(note_id: int) -> None:
    text = st.session_state.get(EDIT_TEXT, "")
    if too_long(EDIT_TEXT, MAX_NOTE_LENGTH):
        return
    try:
        version = st.session_state.get(EDIT_VERSION)
        send(
            f"invullen_wijziging_{note_id}",
            (text, version),
            lambda k: store.edit_note(token, note_id, text, expected_version=version, request_key=k),
        )
    except StaleNote as error:
        newest = next((n for n in store.own_notes(token, include_deleted=True) if n.id == note_id), None)
        flash("error", str(error))
        st.session_state[STALE_TEXT] = text
        if newest is not None:
            st.session_state[EDIT_TEXT] = newest.text
            st.session_state[EDIT_VERSION] = newest.version
        return
    except WorkshopClosed:
        return
    except StoreError as error:
        flash("error", str(error))
        return
    stop_edit()
    flash("success", "Je wijziging is bewaard.")


def delete(note: Note) -> None:
    try:
        store.delete_note(token, note.id)
    except StoreError as error:
        flash("error", str(error))
        return
    stop_edit()
    st.session_state[UNDO] = (note.id, note.text)


def undo_delete() -> None:
    note_id, _text = st.session_state.pop(UNDO)
    try:
        store.undelete_note(token, note_id)
    except StoreError as error:
        flash("error", str(error))
        return
    flash("success", "Je notitie is teruggezet.")


# -- drawing ----------------------------------------------------------------------------------------


def readable(read: Callable[[], T]) -> T | None:
    """``read()``, or ``None`` while the database is away: that part of the page waits, the rest is drawn."""
    try:
        return read()
    except StoreUnavailable:
        return None


def own_note(scope: str, note: Note, *, editable: bool) -> None:
    """One of the participant's own notes, with edit and delete buttons while the workshop is open.

    The note being edited is one note, wherever it is shown (``scope`` only keeps the widget keys apart).
    """
    with st.container(border=True, key=f"invullen_eigen_{scope}_{note.id}"):
        # An edit the workshop closed on stays on screen (the box keeps its text to copy), only unsaved.
        if (editable or unsaved_edit()) and st.session_state.get(EDITING) == note.id:
            if EDIT_TEXT not in st.session_state:  # it was off screen for a while
                st.session_state[EDIT_TEXT] = st.session_state.get(EDIT_KEPT, note.text)
            st.text_area("Notitie wijzigen", key=EDIT_TEXT, label_visibility="collapsed")
            show_length(EDIT_TEXT, MAX_NOTE_LENGTH)
            if not editable:
                row = st.container(horizontal=True, wrap=False)
                row.button("Sluiten", width="stretch", key=f"invullen_sluiten_{scope}_{note.id}", on_click=stop_edit)
                return
            stale = st.session_state.get(STALE_TEXT)
            if stale:
                st.caption("Jouw tekst die niet is opgeslagen (kopieer wat je wilt bewaren):")
                st.code(stale, language=None, wrap_lines=True)
            row = st.container(horizontal=True, wrap=False)
            row.button(
                "Opslaan",
                type="primary",
                icon="💾",
                width="stretch",
                key=f"invullen_opslaan_{scope}_{note.id}",
                on_click=save_edit,
                args=(note.id,),
            )
            row.button("Annuleren", width="stretch", key=f"invullen_annuleren_{scope}_{note.id}", on_click=stop_edit)
            return
        st.markdown(plain(note.text))
        if note.version > 1 and (history := readable(lambda: store.note_history(note.id))) is not None:
            # Earlier versions only (the text above is the newest), each at the time of the app's zone.
            earlier = history[:-1]
            with st.expander(f"Eerdere versies ({len(earlier)})", key=f"invullen_versies_{scope}_{note.id}"):
                st.caption(f"Nu: versie {note.version} · {dutch_time_with_zone(note.updated_at)}")
                for version in reversed(earlier):
                    st.caption(f"Versie {version.version} · {dutch_time_with_zone(version.saved_at)}")
                    st.markdown(plain(version.text))
        if editable:
            row = st.container(horizontal=True, wrap=False)
            row.button(
                "Wijzigen",
                icon="✏️",
                width="stretch",
                key=f"invullen_wijzig_{scope}_{note.id}",
                on_click=start_edit,
                args=(note,),
            )
            row.button(
                "Verwijderen",
                icon="🗑️",
                width="stretch",
                key=f"invullen_verwijder_{scope}_{note.id}",
                on_click=delete,
                args=(note,),
            )


def unsaved_new() -> bool:
    return bool(st.session_state.get(NEW_TEXT, "").strip())


def unsaved_edit() -> bool:
    return EDITING in st.session_state and bool(st.session_state.get(EDIT_TEXT, "").strip())


def view_start() -> tuple[Workshop, dict[str, list[Note]]]:
    """The top of a view: the workshop and own notes as they are now, messages, and the undo of a delete.

    A view reruns on its own (a fragment), so it reads the workshop again: closed or revealed since.
    """
    fresh = last_known(f"invullen_workshop_{participant.id}", lambda: store.workshop_by_id(participant.workshop_id))
    mine = by_block(last_known(f"invullen_mine_{participant.id}", lambda: store.own_notes(token)))
    if fresh.closed and (unsaved_new() or unsaved_edit()):
        # One message, and the text stays in its box to copy: a save that cannot happen loses nothing.
        st.error(
            "De workshop is gesloten: je tekst is **niet** bewaard. Hij staat nog in het vak; "
            "kopieer hem als je hem wilt houden."
        )
    elif fresh.closed:
        st.warning("De workshop is gesloten: je kunt je notities nog lezen, maar niet meer wijzigen.")
    elif fresh.date is not None and fresh.before_session(local(now()).date()):
        st.info(
            f"🏠 **Voorbereiding** voor de sessie van {fresh.date:%d-%m-%Y}. Wat je nu schrijft, staat bij je "
            "notities als voorbereiding en blijft verborgen tot de begeleider het in de sessie laat zien. "
            "Je kunt het tot dan nog wijzigen."
        )
    answered = sum(1 for b in WALK_ORDER if mine[b])
    st.progress(answered / len(WALK_ORDER), text=f"{answered} van {len(WALK_ORDER)} blokken ingevuld")
    for kind, message in st.session_state.pop(FLASH, []):
        getattr(st, kind)(message)
    if UNDO in st.session_state:
        _note_id, undo_text = st.session_state[UNDO]
        st.info("Notitie verwijderd: " + plain(undo_text[:80] + ("…" if len(undo_text) > 80 else "")))
        st.button("Ongedaan maken", icon="↩️", width="stretch", key="invullen_ongedaan", on_click=undo_delete)
    return fresh, mine


@st.fragment
def walk_view() -> None:
    """One block: its question and hints, the box for a new note, the notes written here, and the steps."""
    fresh, mine = view_start()
    editable = not fresh.closed
    current = st.session_state[CURRENT]
    # The list is drawn anew (a new key) whenever its labels or the block change: the browser keeps
    # showing the label it had for a kept widget, so a ✓ would otherwise appear only after a reload.
    answered_marks = "".join("1" if mine[b] else "0" for b in WALK_ORDER)
    jump_key = f"invullen_sprong_{current}_{answered_marks}"
    st.session_state[JUMP_LIST] = jump_key
    st.selectbox(
        "Ga naar blok",
        WALK_ORDER,
        index=WALK_ORDER.index(current),
        format_func=lambda b: f"{'✓' if mine[b] else '○'} {WALK_ORDER.index(b) + 1}. {BLOCKS_BY_ID[b].title}",
        key=jump_key,
        on_change=jumped,
        args=(jump_key,),
    )
    put_block(current, state.WALK_ADDRESS)
    position = WALK_ORDER.index(current)
    blk = BLOCKS_BY_ID[current]

    st.caption(f"Blok {position + 1} van {len(WALK_ORDER)}")
    st.subheader(plain(blk.title), anchor=False)
    st.markdown(f"**{plain(blk.question)}**")
    if previous is not None and current in previous[1]:
        previous_card(previous[0], previous[1][current], key=f"invullen-{current}")
        st.caption("Wat is er sindsdien veranderd? Schrijf wat nu geldt.")
    questions = hints(current, participant.role)
    if questions:
        st.markdown(
            f"💡 Als {plain(info.label.lower())} kun je denken aan:\n" + "\n".join(f"- {plain(q)}" for q in questions)
        )

    if WAITING in st.session_state:
        retry_waiting_note()
    if LANDED in st.session_state and st.session_state.get(NEW_TEXT) == st.session_state.pop(LANDED):
        st.session_state[NEW_TEXT] = ""  # the note that waited for the database landed
    if editable or unsaved_new():
        kept = pending(NOTE_WRITE)
        if NEW_TEXT not in st.session_state and kept is not None and kept[0][0] == current:
            st.session_state[NEW_TEXT] = kept[0][1]  # the box was off screen while its note waited
        st.text_area(
            "Nieuwe notitie",
            placeholder="Eén gedachte per notitie, kort en concreet.",
            key=NEW_TEXT,
            on_change="ignore",
        )
        show_length(NEW_TEXT, MAX_NOTE_LENGTH)
        keep_draft(participant.id, current, "Nieuwe notitie")
    if editable:
        st.button(
            "Notitie toevoegen",
            type="primary",
            icon="➕",
            width="stretch",
            key="invullen_toevoegen",
            on_click=add_note,
            args=(current,),
        )

    if mine[current]:
        st.markdown(f"**Jouw notities hier ({len(mine[current])})**")
        for n in mine[current]:
            own_note("blok", n, editable=editable)
    elif not editable:
        st.caption("Je hebt bij dit blok niets geschreven.")

    if fresh.is_revealed(current) and (visible := readable(lambda: store.visible_notes(fresh))) is not None:
        theirs = [n for n in visible if n.block_id == current and n.participant_id != participant.id]
        if theirs:
            # Drawn only while open (the expander reruns this view when it opens or closes).
            others = st.expander(
                f"Wat anderen hier schreven ({len(theirs)})", key=f"invullen_anderen_{current}", on_change="rerun"
            )
            if others.open:
                with others:
                    for n in theirs:
                        note_card(n, anonymous=fresh.anonymous, key_prefix="invullen-blok-")

    steps = st.container(horizontal=True, wrap=False, key="invullen_stappen")
    steps.button(
        "Vorige",
        icon="⬅️",
        width="stretch",
        disabled=position == 0,
        key="invullen_vorige",
        on_click=go_to,
        args=(WALK_ORDER[max(position - 1, 0)],),
    )
    if position + 1 < len(WALK_ORDER):
        steps.button(
            "Volgende",
            icon="➡️",
            icon_position="right",
            width="stretch",
            key="invullen_volgende",
            on_click=go_to,
            args=(WALK_ORDER[position + 1],),
        )
    else:
        steps.button("Klaar", icon="✅", width="stretch", key="invullen_klaar", on_click=finish, disabled=not editable)
    if editable:
        st.caption("Geen antwoord? Je mag een blok overslaan met Volgende.")


@st.fragment
def overview_view() -> None:
    """All own notes, grouped by block in walk order, editable while the workshop is open."""
    fresh, mine = view_start()
    if not any(mine.values()):
        st.info("Je hebt nog geen notities geschreven.")
    for position, block_id in enumerate(WALK_ORDER):
        if not mine[block_id]:
            continue
        st.markdown(f"**{position + 1}. {plain(BLOCKS_BY_ID[block_id].title)}**")
        for n in mine[block_id]:
            own_note("overzicht", n, editable=not fresh.closed)


def others_view() -> None:
    """The notes of others in the blocks the facilitator revealed, redrawn within a second of a change."""
    live.drawn(store, participant.workshop_id, "others")
    fresh, _mine = view_start()
    if not (fresh.revealed_all or fresh.revealed_blocks):
        st.info("De notities van anderen blijven verborgen tot de begeleider ze laat zien. Schrijf eerst zelf.")
        return
    theirs = by_block(n for n in store.visible_notes(fresh) if n.participant_id != participant.id)
    if not any(theirs.values()):
        st.info("Er zijn nog geen notities van anderen om te laten zien.")
    for block_id in WALK_ORDER:
        if theirs[block_id]:
            st.markdown(f"**{plain(BLOCKS_BY_ID[block_id].title)}**")
            for n in theirs[block_id]:
                note_card(n, anonymous=fresh.anonymous, key_prefix="invullen-anderen-")


# The block to show: remembered in this session, else from the link (a reload), else the first one.
if st.session_state.get(CURRENT) not in BLOCKS_BY_ID:
    from_link = st.query_params.get("blok", "")
    st.session_state[CURRENT] = from_link if from_link in BLOCKS_BY_ID else WALK_ORDER[0]
elif (went_to := block_from_history(state.WALK_ADDRESS, BLOCKS_BY_ID)) is not None:
    # Back or Forward in the browser: every block visited is a history entry. Text in the box is kept first,
    # as with Vorige/Volgende; if it cannot be kept, the walk stays (and the address follows it again).
    st.session_state.pop(UNDO, None)
    keep_edit_text()
    if save_pending(st.session_state[CURRENT]):
        st.session_state[CURRENT] = went_to

with st.container(key="invullen_page"):
    st.markdown(f"**{plain(workshop.heading)}**")
    with st.container(key=f"badge-{participant.role.value}-invullen_wie", width="content"):
        st.markdown(plain(f"{info.icon} {isolate(participant.name)} · {participant.role_label}"))
    # The countdown and the vote box wait while the database is away; the walk below keeps its text.
    readable(lambda: participant_timer(store, token, workshop.id))

    with st.expander(
        "🔗 Jouw eigen link: hiermee ga je later verder", expanded=st.session_state.pop(state.JUST_JOINED, False)
    ):
        st.markdown(
            "Bewaar deze link (of stuur hem naar jezelf). Hij brengt je terug bij je eigen notities, "
            "ook op een ander apparaat. Deel hem niet: wie de link heeft, kan je notities wijzigen."
        )
        st.code(app_url("invullen", p=token), language=None, wrap_lines=True)
    st.page_link("app_pages/lessen.py", label="De tien lessen: hoe doen wij het?", icon="🧭", width="stretch")
    # Stemmen: the vote box appears here while the facilitator has a vote open (app_pages/ui/voting.py).
    readable(lambda: voting_panel(store, token, participant))

    view = st.segmented_control(
        "Weergave",
        list(VIEW_LABELS),
        default=WALK_VIEW,
        required=True,
        format_func=VIEW_LABELS.get,
        key=VIEW,
        on_change=switched_view,
        label_visibility="collapsed",
        width="stretch",
    )
    if view == OVERVIEW_VIEW:
        overview_view()
    elif view == OTHERS_VIEW:
        others_view()
        live.watch(store, participant.workshop_id, "others")
    else:
        walk_view()
