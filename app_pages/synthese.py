"""Synthese (facilitator): from the notes of each cell to the few bullets of seed 001's Perspectieven table.

One cell at a time (stakeholder × question, chosen at the top, with "x van y notities verwerkt" per cell):
on the left the cell's notes with checkboxes ("Maak er één punt van": the point starts as the first note's
text and opens for editing), the notes not yet covered, and suggested groups of similar notes (accept,
reject, undo: canvas.grouping); on the right the points, each with its source notes (a deleted note shows as
deleted), edit, up/down, split and remove (undo under "Weggehaald"), and a point without notes. Below: open
and close a vote (app_pages/ui/vote_control.py). All rules are the store's; this page only calls it. Its
look is in style.css ("Synthese").
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.access import facilitated, how_to_get_in
from app_pages.ui.fields import show_length
from app_pages.ui.notes import source_tag
from app_pages.ui.request_keys import send
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from app_pages.ui.vote_control import vote_control
from canvas.blocks import BLOCKS_BY_ID, Question
from canvas.grouping import GroupSuggestion, cell_scope, suggest_groups
from canvas.model import Note
from canvas.synthesis import MAX_BULLET_LENGTH, Bullet, ItemKind, cell_coverage, cell_notes, order_by_votes
from data.store import StaleNote, StoreError
from stakeholders.roles import MAIN_ROLES, Role, role_info

ROLE = "synthese_rol"
QUESTION = "synthese_vraag"
EDITING = "synthese_bewerk"
EDIT_TEXT = "synthese_bewerk_tekst"
EDIT_VERSION = "synthese_bewerk_versie"
SPLITTING = "synthese_splits"
FLASH = "synthese_flash"
UNDO = "synthese_ongedaan"
# No max_chars on the text boxes (app_pages/ui/fields.py): a longer paste stays in the box with a message under it,
# and the store refuses to save it, so nothing is cut off.

store = get_store()
workshop, key = facilitated()
if workshop is None:
    st.markdown("## Synthese")
    if not key:
        st.warning("Deze pagina is alleen voor de begeleider: open de begeleiderslink (`/begeleiden?key=…`).")
    how_to_get_in()
    st.stop()


def flash(kind: str, message: str) -> None:
    st.session_state.setdefault(FLASH, []).append((kind, message))


def attempt(action, *args, success: str = "", **kwargs):
    """Call the store; a refusal becomes a Dutch message on the page instead of an exception."""
    try:
        result = action(*args, **kwargs)
    except StoreError as error:
        flash("error", str(error))
        return None
    if success:
        flash("success", success)
    return result


# -- actions ------------------------------------------------------------------------------------------------


def new_bullet(role: Role, question: Question, text: str, note_ids: tuple[int, ...]) -> Bullet:
    """Add a point with a request key kept until the store answers: a click again after a lost reply is one point."""
    return send(
        "synthese_punt",
        (role, question, text, note_ids),
        lambda k: store.add_bullet(key, role, question, text, note_ids, request_key=k),
    )


def make_bullet(role: Role, question: Question, notes: list[Note]) -> None:
    """One point from the chosen notes; its text starts as the first note's and opens for editing."""
    chosen = [n for n in notes if st.session_state.get(f"synthese_kies_{n.id}")]
    if not chosen:
        flash("warning", "Vink eerst een of meer notities aan.")
        return
    ids = tuple(n.id for n in chosen)
    bullet = attempt(new_bullet, role, question, chosen[0].text, ids)
    if bullet is not None:
        for n in chosen:
            st.session_state[f"synthese_kies_{n.id}"] = False
        start_edit(bullet)


def make_from_group(role: Role, question: Question, note_ids: tuple[int, ...], texts: dict[int, str]) -> None:
    bullet = attempt(new_bullet, role, question, texts[note_ids[0]], tuple(note_ids))
    if bullet is not None:
        start_edit(bullet)


def free_bullet(role: Role, question: Question) -> None:
    text = st.session_state.get("synthese_vrij", "")
    if attempt(new_bullet, role, question, text, (), success="Punt zonder notitie toegevoegd.") is not None:
        st.session_state["synthese_vrij"] = ""


def start_edit(bullet: Bullet) -> None:
    st.session_state[EDITING] = bullet.id
    st.session_state[EDIT_TEXT] = bullet.text
    st.session_state[EDIT_VERSION] = bullet.version
    st.session_state.pop(SPLITTING, None)


def save_edit(bullet_id: int) -> None:
    try:
        store.edit_bullet(
            key, bullet_id, st.session_state.get(EDIT_TEXT, ""), expected_version=st.session_state.get(EDIT_VERSION)
        )
    except StaleNote as error:
        flash("error", str(error))
        newest = store.bullet(bullet_id)
        st.session_state[EDIT_TEXT], st.session_state[EDIT_VERSION] = newest.text, newest.version
        return
    except StoreError as error:
        flash("error", str(error))
        return
    st.session_state.pop(EDITING, None)


def split(bullet_id: int) -> None:
    moving = st.session_state.get(f"synthese_splits_noten_{bullet_id}", [])
    result = attempt(
        store.split_bullet,
        key,
        bullet_id,
        st.session_state.get(f"synthese_splits_een_{bullet_id}", ""),
        st.session_state.get(f"synthese_splits_twee_{bullet_id}", ""),
        moving,
        success="Het punt is in tweeën gesplitst.",
    )
    if result is not None:
        st.session_state.pop(SPLITTING, None)


def remove(bullet: Bullet) -> None:
    if attempt(store.remove_bullet, key, bullet.id) is not None:
        st.session_state[UNDO] = (bullet.id, bullet.text)


def undo_remove() -> None:
    bullet_id, _ = st.session_state.pop(UNDO)
    attempt(store.restore_bullet, key, bullet_id, success="Het punt is teruggezet.")


@st.cache_data(max_entries=16, show_spinner=False)
def _suggestions(notes: tuple[Note, ...]) -> list[GroupSuggestion]:
    """The workshop's suggested groups, worked out once per set of notes, not again on every click of the
    facilitator (5,400 notes take a few tenths of a second: benchmarks/grouping.py)."""
    return suggest_groups(notes)


# -- drawing ------------------------------------------------------------------------------------------------


def note_line(note: Note) -> str:
    info = role_info(note.role)
    who = "" if workshop.anonymous else f" · {note.author_name}"
    tag = source_tag(note)
    return f"{info.icon} {BLOCKS_BY_ID[note.block_id].title}{who}" + (f" · {tag}" if tag else "")


def bullet_card(bullet: Bullet, notes_by_id: dict[int, Note], votes: dict[int, int], first: bool, last: bool) -> None:
    with st.container(border=True, key=f"synthese_punt_{bullet.id}"):
        if st.session_state.get(EDITING) == bullet.id:
            st.text_area("Punt wijzigen", key=EDIT_TEXT, height=90)
            show_length(EDIT_TEXT, MAX_BULLET_LENGTH)
            row = st.container(horizontal=True)
            row.button(
                "Opslaan",
                icon="💾",
                type="primary",
                key=f"synthese_opslaan_{bullet.id}",
                on_click=save_edit,
                args=(bullet.id,),
            )
            row.button(
                "Annuleren", key=f"synthese_annuleer_{bullet.id}", on_click=lambda: st.session_state.pop(EDITING, None)
            )
        else:
            count = f" · 🗳️ {votes[bullet.id]}" if bullet.id in votes else ""
            st.markdown(f"• {plain(bullet.text)}{count}")
        if bullet.without_notes:
            st.caption("✍️ zonder notitie: door de begeleider geschreven")
        for note_id in bullet.note_ids:
            note = notes_by_id.get(note_id)
            if note is None:
                continue
            mark = "🗑️ verwijderd · " if note.deleted else ""
            st.caption(plain(f"↳ {mark}{note.text} ({note_line(note)})"))
        if st.session_state.get(SPLITTING) == bullet.id:
            st.text_area("Eerste punt", value=bullet.text, key=f"synthese_splits_een_{bullet.id}")
            show_length(f"synthese_splits_een_{bullet.id}", MAX_BULLET_LENGTH)
            st.text_area("Tweede punt", key=f"synthese_splits_twee_{bullet.id}")
            show_length(f"synthese_splits_twee_{bullet.id}", MAX_BULLET_LENGTH)
            linked = [i for i in bullet.note_ids if i in notes_by_id]
            st.multiselect(
                "Notities die naar het tweede punt gaan",
                linked,
                format_func=lambda i: notes_by_id[i].text[:70],
                key=f"synthese_splits_noten_{bullet.id}",
            )
            row = st.container(horizontal=True)
            row.button(
                "Splits",
                icon="✂️",
                type="primary",
                key=f"synthese_splits_ok_{bullet.id}",
                on_click=split,
                args=(bullet.id,),
            )
            row.button(
                "Annuleren",
                key=f"synthese_splits_nee_{bullet.id}",
                on_click=lambda: st.session_state.pop(SPLITTING, None),
            )
            return
        if st.session_state.get(EDITING) == bullet.id:
            return
        row = st.container(horizontal=True, gap="small", key=f"synthese_knoppen_{bullet.id}")
        small = {"type": "tertiary"}
        row.button("Wijzig", icon="✏️", key=f"synthese_wijzig_{bullet.id}", on_click=start_edit, args=(bullet,), **small)
        row.button(
            "Op",
            icon="⬆️",
            key=f"synthese_op_{bullet.id}",
            disabled=first,
            on_click=attempt,
            args=(store.move_bullet, key, bullet.id, -1),
            **small,
        )
        row.button(
            "Neer",
            icon="⬇️",
            key=f"synthese_neer_{bullet.id}",
            disabled=last,
            on_click=attempt,
            args=(store.move_bullet, key, bullet.id, 1),
            **small,
        )
        row.button(
            "Splits",
            icon="✂️",
            key=f"synthese_splitsknop_{bullet.id}",
            on_click=lambda: st.session_state.update({SPLITTING: bullet.id, EDITING: None}),
            **small,
        )
        row.button("Weg", icon="🗑️", key=f"synthese_weg_{bullet.id}", on_click=remove, args=(bullet,), **small)


def suggestions(role: Role, question: Question, all_notes: list[Note], cell: list[Note], covered: set[int]) -> None:
    """Suggested groups in this cell, with the facilitator's earlier decisions."""
    scope = cell_scope(role, question)
    texts = {n.id: n.text for n in cell}
    decided = {d.note_ids: d for d in store.group_decisions(workshop.id) if d.scope == scope}
    found = [g for g in _suggestions(tuple(all_notes)) if g.scope == scope]
    open_groups = [g for g in found if g.note_ids not in decided and not set(g.note_ids) <= covered]
    accepted = [d for d in decided.values() if d.accepted]
    rejected = [d for d in decided.values() if not d.accepted]
    st.markdown(f"**Lijken op elkaar** ({len(open_groups)} {'suggestie' if len(open_groups) == 1 else 'suggesties'})")
    if not (open_groups or accepted):
        st.caption("Geen notities die sterk op elkaar lijken in deze cel.")
    for g in open_groups:
        with st.container(border=True, key=f"synthese_groep_{'_'.join(map(str, g.note_ids))}"):
            st.caption(f"Suggestie · gelijkenis {g.score:.2f}")
            for i in g.note_ids:
                st.markdown(plain(f"– {texts.get(i, '')}"))
            row = st.container(horizontal=True)
            row.button(
                "Accepteren",
                icon="✅",
                key=f"synthese_acc_{'_'.join(map(str, g.note_ids))}",
                on_click=attempt,
                args=(store.decide_group, key, scope, g.note_ids),
                kwargs={"accepted": True},
            )
            row.button(
                "Afwijzen",
                icon="✖️",
                key=f"synthese_afw_{'_'.join(map(str, g.note_ids))}",
                on_click=attempt,
                args=(store.decide_group, key, scope, g.note_ids),
                kwargs={"accepted": False},
            )
    for d in accepted:
        live = tuple(i for i in d.note_ids if i in texts)
        with st.container(border=True, key=f"synthese_groep_ok_{d.id}"):
            done = bool(live) and set(live) <= covered
            st.caption("✅ Geaccepteerde groep" + (" · ✓ verwerkt in een punt" if done else ""))
            for i in live:
                st.markdown(plain(f"– {texts[i]}"))
            row = st.container(horizontal=True)
            row.button(
                "Maak er één punt van",
                icon="➕",
                type="secondary" if done else "primary",
                key=f"synthese_groep_punt_{d.id}",
                disabled=not live,
                on_click=make_from_group,
                args=(role, question, live, texts),
            )
            row.button(
                "Ongedaan maken",
                icon="↩️",
                key=f"synthese_groep_terug_{d.id}",
                on_click=attempt,
                args=(store.undo_group_decision, key, d.id),
            )
    if rejected:
        with st.expander(f"Afgewezen suggesties ({len(rejected)})"):
            for d in rejected:
                st.markdown(plain(" / ".join(texts.get(i, "") for i in d.note_ids)))
                st.button(
                    "Ongedaan maken",
                    icon="↩️",
                    key=f"synthese_afgewezen_terug_{d.id}",
                    on_click=attempt,
                    args=(store.undo_group_decision, key, d.id),
                )


def cell_label(role: Role, question: Question, all_notes: list[Note], bullets: list[Bullet]) -> str:
    cell = cell_notes(all_notes, role, question)
    cov = cell_coverage(cell, [b for b in bullets if b.role is role and b.question is question])
    return f"{cov.covered}/{cov.total}"


# -- the page -----------------------------------------------------------------------------------------------

st.markdown(f"### Synthese · {plain(workshop.heading)}")
st.caption(
    "Maak per cel van de Perspectieventabel een paar korte punten, zoals in de publicatie. Elk punt houdt de "
    "notities vast die erachter zitten."
)
for kind, message in st.session_state.pop(FLASH, []):
    getattr(st, kind)(plain(message))
if UNDO in st.session_state:
    _bid, undo_text = st.session_state[UNDO]
    st.info("Punt weggehaald: " + plain(undo_text[:80]))
    st.button("Ongedaan maken", icon="↩️", key="synthese_ongedaan_knop", on_click=undo_remove)

live_notes = store.notes(workshop.id)
all_notes = store.notes(workshop.id, include_deleted=True)
notes_by_id = {n.id: n for n in all_notes}
bullets = store.bullets(workshop.id)
rows = list(MAIN_ROLES)
rows += [r for r in Role if r not in rows and any(n.role is r for n in live_notes)]

with st.container(horizontal=True, key="synthese_kies_cel"):
    role = st.selectbox(
        "Kant", rows, format_func=lambda r: f"{role_info(r).icon} {role_info(r).label}", key=ROLE, width=260
    )
    # Labels without counts: a label that changes would make Streamlit forget the choice.
    question = st.selectbox("Vraag", list(Question), format_func=lambda q: q.label, key=QUESTION, width=420)
st.caption(
    "Verwerkt per vraag voor deze kant: "
    + " · ".join(f"{q.label} {cell_label(role, q, live_notes, bullets)}" for q in Question)
)

cell = cell_notes(live_notes, role, question)
cell_bullets = [b for b in bullets if b.role is role and b.question is question]
cov = cell_coverage(cell, cell_bullets)
covered = {n.id for n in cell} - {n.id for n in cov.uncovered}
vote_counts = store.vote_counts(workshop.id, ItemKind.BULLET)
note_votes = store.vote_counts(workshop.id, ItemKind.NOTE)

left, right = st.columns([1, 1], gap="large")
with left:
    with st.container(key="synthese_dekking"):
        st.markdown(f"{'✅' if cov.complete and cov.total else '📝'} {cov.label}")
    st.markdown(f"**Notities van {role_info(role).label.lower()} bij “{question.label}”**")
    if not cell:
        st.info("In deze cel staan nog geen notities.")
    for n in order_by_votes(cell, note_votes) if note_votes else cell:
        done = "✓ " if n.id in covered else ""
        votes = f" · 🗳️ {note_votes[n.id]}" if n.id in note_votes else ""
        st.checkbox(plain(f"{done}{n.text}") + votes, key=f"synthese_kies_{n.id}", help=note_line(n))
    st.button(
        "Maak er één punt van",
        icon="➕",
        type="primary",
        key="synthese_maak",
        disabled=not cell,
        on_click=make_bullet,
        args=(role, question, cell),
    )
    if cov.uncovered and cov.covered:
        with st.expander(f"Nog niet verwerkt ({len(cov.uncovered)})", expanded=False):
            for n in cov.uncovered:
                st.markdown(plain(f"– {n.text}"))
    st.divider()
    suggestions(role, question, live_notes, cell, covered)

with right:
    st.markdown(f"**Punten in deze cel ({len(cell_bullets)})**")
    if not cell_bullets:
        st.caption("Nog geen punten. Vink links notities aan en kies “Maak er één punt van”.")
    ordered = cell_bullets
    for index, bullet in enumerate(ordered):
        bullet_card(bullet, notes_by_id, vote_counts, index == 0, index == len(ordered) - 1)
    with st.container(border=True, key="synthese_vrij_vak"):
        st.text_input(
            "Punt zonder notitie",
            key="synthese_vrij",
            placeholder="Iets wat de groep concludeert, maar niemand opschreef",
        )
        show_length("synthese_vrij", MAX_BULLET_LENGTH)
        st.button("Toevoegen", icon="✍️", key="synthese_vrij_knop", on_click=free_bullet, args=(role, question))
    removed = [
        b
        for b in store.bullets(workshop.id, include_removed=True)
        if b.removed and b.role is role and b.question is question
    ]
    if removed:
        with st.expander(f"Weggehaald ({len(removed)})"):
            for b in removed:
                st.markdown(plain(b.text))
                st.button(
                    "Terugzetten",
                    icon="↩️",
                    key=f"synthese_terug_{b.id}",
                    on_click=attempt,
                    args=(store.restore_bullet, key, b.id),
                )

st.divider()
vote_control(store, key, workshop)
