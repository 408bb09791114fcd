"""What several pages share: the store, the stylesheet and how a note is drawn.

This module lives in ``pages/`` because only ``app.py`` and ``pages/`` may import streamlit (the layering
rule, tests/test_layering.py); the leading underscore marks it as not a page of its own.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from canvas.blocks import Block
from canvas.model import Note, SharedConclusion, Workshop
from data.db import database_url
from data.demo import demo_cases, load_demo
from data.store import Store, StoreError
from stakeholders.roles import ROLES, Role, role_info

# The smallest type on the projector board, in CSS pixels at 1280×720: readable from the back of a room
# (about 1/80 of the screen width). Notes use it; block titles are larger.
BOARD_MIN_FONT_PX = 17
# Notes in focus mode (one block on the whole screen) are larger still.
FOCUS_FONT_PX = 21


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


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])")


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
            f'[class*="st-key-badge-{role.value}"] {{ background: {info.colour}; color: {info.text_colour}; }}\n'
            f'[class*="st-key-persp_entry_{role.value}_"] {{ border-left-color: {info.colour}; }}'
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
[class*="st-key-conclusion-"]:not([class*="-focus-"]) p {{
  display: -webkit-box; -webkit-line-clamp: 4; -webkit-box-orient: vertical; overflow: hidden;
}}
[class*="st-key-conclusion-"] [data-testid="stMarkdownContainer"],
[class*="st-key-badge-"] [data-testid="stMarkdownContainer"],
[class*="st-key-persp_"] [data-testid="stMarkdownContainer"],
[class*="st-key-persp_entry_"] [data-testid="stCaptionContainer"] {{ margin: 0 !important; padding: 0 !important; }}
[class*="st-key-badge-"] {{ border-radius: 1rem; padding: 0.1rem 0.7rem; display: inline-block; }}
[class*="st-key-badge-"] p {{ color: inherit !important; font-weight: 600; margin: 0; }}
[class*="st-key-note-"][class*="-focus-"] p {{ font-size: {FOCUS_FONT_PX}px; }}
[class*="st-key-note-"][class*="-focus-"] [data-testid="stCaptionContainer"] p {{ font-size: 15px; }}
.st-key-canvas_focus_question p {{ font-size: {FOCUS_FONT_PX}px; font-style: italic; }}
/* The join code as large as its column allows (six monospace characters are about 4.4em wide). */
.st-key-begeleiden_joincode {{ container-type: inline-size; }}
.st-key-begeleiden_joincode p {{
  font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: clamp(2.5rem, 21cqw, 10rem);
  font-weight: 800; letter-spacing: 0.12em; line-height: 1.05; margin: 0; white-space: nowrap;
}}
.st-key-begeleiden_counts [class*="st-key-badge-"] p {{ font-size: 1.35rem; }}
[class*="st-key-persp_entry_"] {{ border-left: 0.45rem solid #999; padding: 0.1rem 0 0.1rem 0.5rem; gap: 0; }}
[class*="st-key-persp_entry_"] p {{
  font-size: {BOARD_MIN_FONT_PX}px; line-height: 1.3; margin: 0; overflow-wrap: anywhere;
}}
[class*="st-key-persp_entry_"] [data-testid="stCaptionContainer"] p {{ font-size: 13px; }}
[class*="st-key-persp_empty_"] {{
  background: #fff4e0; border: 2px dashed #b35900; border-radius: 0.35rem; padding: 0.4rem;
}}
[class*="st-key-persp_empty_"] p {{ color: #7a3d00; font-weight: 600; }}
.st-key-persp_header p {{ font-size: 18px; font-weight: 700; }}
{_role_css()}
.block-container {{ padding-top: 3.75rem; padding-bottom: 1rem; padding-left: 1.5rem; padding-right: 1.5rem; }}
[class*="st-key-persp_q_"] {{ display: none; }}
@media (max-width: 640px) {{
  .block-container {{ padding-left: 0.8rem; padding-right: 0.8rem; }}
  [class*="st-key-persp_q_"] {{ display: block; }}
  .st-key-persp_header {{ display: none; }}
}}
</style>
"""


_running_app = threading.local()


@contextmanager
def app_run() -> Iterator[None]:
    """Marks a script run that went through ``app.py`` (see ``inject_style``)."""
    _running_app.active = True
    try:
        yield
    finally:
        _running_app.active = False


def inject_style() -> None:
    """Start a page: make sure it runs inside the app's navigation, then add the stylesheet.

    A folder named ``pages/`` next to ``app.py`` makes Streamlit treat the first run of a fresh server as a
    "pages directory" app: a deep link such as ``/begeleiden?key=...`` then runs the page file on its own,
    without ``app.py`` (no navigation, no wide layout, a sidebar listing our file names). Streamlit switches
    that mode off for good as soon as ``st.navigation`` has run once; a page that finds itself run outside
    the app runs the app's navigation in its place (same page, same query string and widget actions) and
    stops. The stylesheet is static text only (role colours from the registry), never user text.
    """
    if not getattr(_running_app, "active", False):
        PagesManager.uses_pages_directory = False
        import app  # here, not at the top: app.py imports this module

        app.run()
        st.stop()
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


# -- participant pages ----------------------------------------------------------------------------------

# The url paths of the app's pages (app.py), stripped from the browser's address to find the app's base.
APP_PAGE_PATHS = frozenset({"deelnemen", "invullen", "canvas", "begeleiden", "perspectieven", "synthese", "exporteren"})
# st.navigation serves its default page at the app's root only: "/deelnemen" would be "page not found".
DEFAULT_PAGE_PATH = "deelnemen"

# On a phone the walk is one column of text and big buttons; on a laptop it stays a readable column
# instead of a 1280-pixel-wide line of text (app.py sets layout="wide" for the projector pages).
PARTICIPANT_STYLE = """
<style>
.st-key-deelnemen_page, .st-key-invullen_page { max-width: 46rem; margin: 0 auto; }
.st-key-deelnemen_page p, .st-key-invullen_page p, .st-key-invullen_page li { font-size: 17px; }
[class*="st-key-invullen_eigen_"] p { overflow-wrap: anywhere; margin: 0; }
.st-key-invullen_page button, .st-key-deelnemen_page button { min-height: 2.75rem; }
/* Clear of the 60-pixel app header, whose first line it would otherwise hide on a phone. */
.st-key-invullen_page { padding-top: 1.8rem; }
[class*="-invullen_wie"] { width: fit-content; max-width: 100%; }
[class*="-invullen_wie"] [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
</style>
"""


def inject_participant_style() -> None:
    """The stylesheet of the join and walk pages: static text only."""
    st.html(PARTICIPANT_STYLE)


def app_url(url_path: str, **params: str) -> str:
    """An absolute link to a page of this app (for a link that works on another device), else a relative one.

    ``st.context.url`` is the address the browser opened, without its query; its last path segment is a page
    of this app (or nothing on the default page), and what comes before it is where the app is served.
    """
    query = urlencode(params)
    if url_path == DEFAULT_PAGE_PATH:
        url_path = ""
    target = f"{url_path}?{query}" if query else (url_path or ".")
    try:
        address = st.context.url
    except Exception:  # no browser session (bare mode): fall back to a relative link
        address = None
    if not address:
        return target
    parts = urlsplit(address)
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1] in APP_PAGE_PATHS:
        segments.pop()
    path = "/" + "/".join([*segments, url_path]) if url_path else "/" + "/".join(segments)
    if not url_path and segments:
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


# -- facilitator pages ----------------------------------------------------------------------------------


def how_to_get_in() -> None:
    """What a visitor without a (working) facilitator key can do to get in."""
    st.info(
        "**Zo kom je binnen als begeleider:** maak op de pagina Begeleiden een nieuwe workshop aan, of open de "
        "begeleiderslink (`/begeleiden?key=…`) die je kreeg toen je de workshop aanmaakte. "
        "Deelnemers gebruiken de pagina Deelnemen met de workshopcode."
    )


def facilitated() -> tuple[Workshop | None, str]:
    """The workshop of this session's facilitator key; shows a Dutch error when the key is wrong.

    Returns ``(None, "")`` without a key and ``(None, key)`` for a wrong one.
    """
    key = facilitator_key()
    if not key:
        return None, ""
    try:
        return get_store().facilitated_workshop(key), key
    except StoreError as error:
        st.error(plain(str(error)))
        return None, key


def projector_workshop(prefix: str) -> tuple[Workshop, str]:
    """The workshop a projector page (board, perspectives) shows, and the facilitator key or ``""``.

    With the facilitator key: that workshop. Without it, public: ``?code=`` (only revealed notes are ever
    shown), and with no code a selector of the demo workshops. Stops the page on a wrong key or code.
    """
    workshop, key = facilitated()
    if workshop is not None:
        return workshop, key
    if key:
        how_to_get_in()
        st.stop()
    store = get_store()
    code = st.query_params.get("code", "")
    if not code:
        demo_codes = [case["code"] for case in demo_cases()]
        known = {w.code: w for w in store.workshops() if w.code in demo_codes}
        if not known:
            st.info("Er is nog geen workshop om te tonen. Maak er een aan op de pagina Begeleiden.")
            st.stop()
        code = st.selectbox(
            "Voorbeeldworkshop",
            list(known),
            format_func=lambda c: workshop_heading(known[c]),
            key=f"{prefix}_demo_code",
        )
    try:
        return store.workshop(code), ""
    except StoreError as error:
        st.error(plain(str(error)))
        st.stop()


def hidden_hint(hidden: dict[str, int]) -> None:
    """For the facilitator only: how many notes the room does not see yet (never their text)."""
    if hidden:
        total = sum(hidden.values())
        st.caption(
            f"🔒 {total} {'notitie' if total == 1 else 'notities'} in {len(hidden)} "
            f"{'blok' if len(hidden) == 1 else 'blokken'} nog verborgen voor de zaal. "
            "Laat ze zien op Begeleiden › Onthullen."
        )


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """A QR code of ``url`` as PNG bytes (made locally with segno: no internet needed)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
