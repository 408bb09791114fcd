"""How the board is drawn: a note card, the shared-conclusion card, a block panel, role badges, the legend."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import streamlit as st

from app_pages.ui.text import isolate, plain
from canvas.blocks import Block
from canvas.model import Note, NoteSource, SharedConclusion
from stakeholders.roles import Role, role_info

__all__ = [
    "author_line",
    "block_panel",
    "conclusion_card",
    "hidden_hint",
    "legend",
    "note_card",
    "note_label",
    "role_badge",
    "source_tag",
]


def source_tag(note: Note) -> str:
    """Where a note came from, when not the workshop itself, and whether it is a quote: ``🎙️ interview
    (door Ann) · citaat``. Empty for a workshop note that is no quote."""
    parts = []
    if note.source is not NoteSource.WORKSHOP:
        by = f" (door {isolate(note.interviewer)})" if note.interviewer else ""
        parts.append(f"{note.source.icon} {note.source.label}{by}")
    if note.quote:
        parts.append("❝ citaat")
    return " · ".join(parts)


def author_line(note: Note, *, anonymous: bool) -> str:
    """The small label on a note: role icon and label, plus name unless the workshop is anonymous."""
    icon = role_info(note.role).icon
    if anonymous:
        return f"{icon} {note.role_label}"
    # Name and organisation each isolated: a direction control in one cannot reorder the rest of the label.
    who = isolate(note.author_name) + (f", {isolate(note.author_organisation)}" if note.author_organisation else "")
    return f"{icon} {note.role_label} · {who}"


def note_label(note: Note, *, anonymous: bool) -> str:
    """``author_line`` with the note's source and quote mark (``source_tag``) after it."""
    tag = source_tag(note)
    return author_line(note, anonymous=anonymous) + (f" · {tag}" if tag else "")


def note_card(note: Note, *, anonymous: bool, key_prefix: str = "") -> None:
    """One sticky note in its stakeholder's colour, with a role label (colour is never the only cue)."""
    with st.container(key=f"note-{note.role.value}-{key_prefix}{note.id}"):
        st.caption(plain(note_label(note, anonymous=anonymous)))
        st.markdown(plain(note.text))


def conclusion_card(conclusion: SharedConclusion, *, key_prefix: str = "") -> None:
    with st.container(key=f"conclusion-{key_prefix}{conclusion.block_id}"):
        st.markdown("**Gedeeld perspectief:** " + plain(conclusion.text))


def block_panel(
    block: Block,
    notes: Sequence[Note],
    *,
    conclusion: SharedConclusion | None,
    anonymous: bool,
    height: int,
    newest_first: bool = True,
    hidden: int = 0,
) -> None:
    """A canvas block on the board: title, note count, the shared conclusion on top, notes scrolling inside.

    ``hidden`` is how many notes in this block the room does not see yet (shown only to the facilitator).
    """
    with st.container(border=True, height=height, key=f"block-{block.id}"):
        count = f" · {len(notes)}" if notes else ""
        st.markdown(f"#### {plain(block.title)}{count}", help=block.question)
        if hidden:
            st.caption(f"🔒 {hidden} nog verborgen")
        if conclusion is not None:
            conclusion_card(conclusion)
        ordered = list(reversed(notes)) if newest_first else list(notes)
        for note in ordered:
            note_card(note, anonymous=anonymous)


def role_badge(role: Role, suffix: str = "", *, key_suffix: str = "") -> None:
    """A pill in the role's colour with its icon and label, then ``suffix``: our own text (a count), never
    user text (user text goes through ``plain()``)."""
    info = role_info(role)
    key = f"badge-{role.value}-{key_suffix}" if key_suffix else f"badge-{role.value}"
    with st.container(key=key):
        st.markdown(f"{info.icon} {info.label}{suffix}")


def legend(roles: Iterable[Role] = tuple(Role)) -> None:
    """The colour legend: every stakeholder colour with its label."""
    roles = tuple(roles)
    for column, role in zip(st.columns(len(roles)), roles, strict=True):
        with column:
            role_badge(role)


def hidden_hint(hidden: dict[str, int]) -> None:
    """For the facilitator only: how many notes the room does not see yet (never their text)."""
    if hidden:
        total = sum(hidden.values())
        st.caption(
            f"🔒 {total} {'notitie' if total == 1 else 'notities'} in {len(hidden)} "
            f"{'blok' if len(hidden) == 1 else 'blokken'} nog verborgen voor de zaal. "
            "Laat ze zien op Begeleiden › Onthullen."
        )
