"""What several pages share: the store, the stylesheet and how a note is drawn.

This module lives in ``pages/`` because only ``app.py`` and ``pages/`` may import streamlit (the layering
rule, tests/test_layering.py); the leading underscore marks it as not a page of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import streamlit as st

from canvas.blocks import Block
from canvas.model import Note, SharedConclusion, Workshop
from data.db import database_url
from data.demo import load_demo
from data.store import Store
from stakeholders.roles import ROLES, Role, role_info

# The smallest type on the projector board, in CSS pixels at 1280×720: readable from the back of a room
# (about 1/80 of the screen width). Notes use it; block titles are larger.
BOARD_MIN_FONT_PX = 17


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    store = Store.open(url)
    if not store.workshops():
        created = load_demo(store)
        for code, key in created.items():
            # Printed once, on the server's console: the only way to open a demo workshop as facilitator.
            print(f"Demo-workshop {code}: begeleiderslink /begeleiden?key={key}", flush=True)
    return store


def get_store() -> Store:
    """The store for the configured database (``DATABASE_URL`` / ``PPS_CANVAS_DB``), opened once per process."""
    return _open_store(database_url())


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def plain(text: str) -> str:
    """User text made inert for ``st.markdown``: shown exactly as typed, never as markup, HTML or a link."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # Keep line breaks the participant typed.
    return escaped.replace("\n", "  \n")


def _role_css() -> str:
    rules = []
    for role, info in ROLES.items():
        rules.append(
            f'[class*="st-key-note-{role.value}-"] {{ background: {info.colour}; color: {info.text_colour}; '
            f"border-left: 0.45rem solid rgba(0,0,0,0.25); }}\n"
            f'[class*="st-key-note-{role.value}-"] p, [class*="st-key-note-{role.value}-"] small '
            f"{{ color: {info.text_colour} !important; }}\n"
            f'[class*="st-key-badge-{role.value}"] {{ background: {info.colour}; color: {info.text_colour}; }}'
        )
    return "\n".join(rules)


STYLE = f"""
<style>
[class*="st-key-note-"] {{
  border-radius: 0.35rem; padding: 0.3rem 0.55rem 0.35rem 0.55rem; gap: 0.1rem;
  box-shadow: 0 1px 2px rgba(0,0,0,0.25);
}}
[class*="st-key-note-"] p {{ font-size: {BOARD_MIN_FONT_PX}px; line-height: 1.3; margin: 0; overflow-wrap: anywhere; }}
[class*="st-key-note-"] [data-testid="stCaptionContainer"] {{ margin: 0 !important; padding: 0 !important; }}
[class*="st-key-note-"] [data-testid="stCaptionContainer"] p {{ font-size: 13px; font-weight: 600; line-height: 1.25; }}
[class*="st-key-note-"] [data-testid="stMarkdownContainer"] {{ margin: 0 !important; }}
[class*="st-key-block-"] h4 {{ font-size: 19px; padding: 0 0 0.15rem 0; line-height: 1.2; hyphens: auto; }}
[class*="st-key-block-"] {{ background: #fbfaf7; }}
[class*="st-key-conclusion-"] {{
  border: 2px dashed #333; border-radius: 0.35rem; padding: 0.3rem 0.55rem; background: #fff;
}}
[class*="st-key-conclusion-"] p {{ font-size: {BOARD_MIN_FONT_PX}px; margin: 0; }}
[class*="st-key-badge-"] {{ border-radius: 1rem; padding: 0.1rem 0.7rem; display: inline-block; }}
[class*="st-key-badge-"] p {{ color: inherit !important; font-weight: 600; margin: 0; }}
{_role_css()}
.block-container {{ padding-top: 2.2rem; padding-bottom: 1rem; }}
@media (max-width: 640px) {{
  .block-container {{ padding-left: 0.8rem; padding-right: 0.8rem; }}
}}
</style>
"""


def inject_style() -> None:
    """The app's stylesheet: static text only (role colours from the registry), never user text."""
    st.html(STYLE)


def author_line(note: Note, *, anonymous: bool) -> str:
    """The small label on a note: role icon and label, plus name unless the workshop is anonymous."""
    info = role_info(note.role)
    label = f"{info.label} ({note.sub_role})" if note.sub_role else info.label
    if anonymous:
        return f"{info.icon} {label}"
    who = note.author_name + (f", {note.author_organisation}" if note.author_organisation else "")
    return f"{info.icon} {label} · {who}"


def note_card(note: Note, *, anonymous: bool, key_prefix: str = "") -> None:
    """One sticky note in its stakeholder's colour, with a role label (colour is never the only cue)."""
    with st.container(key=f"note-{note.role.value}-{key_prefix}{note.id}"):
        st.caption(plain(author_line(note, anonymous=anonymous)))
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
) -> None:
    """A canvas block on the board: title, note count, the shared conclusion on top, notes scrolling inside."""
    with st.container(border=True, height=height, key=f"block-{block.id}"):
        count = f" · {len(notes)}" if notes else ""
        st.markdown(f"#### {plain(block.title)}{count}", help=block.question)
        if conclusion is not None:
            conclusion_card(conclusion)
        ordered = list(reversed(notes)) if newest_first else list(notes)
        for note in ordered:
            note_card(note, anonymous=anonymous)


def legend(roles: Iterable[Role] = tuple(Role)) -> None:
    """The colour legend: every stakeholder colour with its label."""
    roles = tuple(roles)
    cols = st.columns(len(roles))
    for column, role in zip(cols, roles, strict=True):
        info = role_info(role)
        with column, st.container(key=f"badge-{role.value}"):
            st.markdown(f"{info.icon} {info.label}")


def workshop_heading(workshop: Workshop) -> str:
    return f"{workshop.pps_name} · {workshop.title}"


def _remembered(param: str, state_key: str) -> str:
    """A secret from the URL (``?key=`` / ``?p=``), remembered for this browser session.

    Streamlit drops query parameters when the user switches pages, so the value is kept in session state
    and put back into the URL, so the address bar always holds a link that can be bookmarked.
    """
    value = st.query_params.get(param, "")
    if value:
        st.session_state[state_key] = value
    else:
        value = st.session_state.get(state_key, "")
        if value:
            st.query_params[param] = value
    return value


def facilitator_key() -> str:
    """The facilitator key of this session (``?key=``), or ``""``."""
    return _remembered("key", "facilitator_key")


def participant_token() -> str:
    """The participant's private token (``?p=``), or ``""``."""
    return _remembered("p", "participant_token")
