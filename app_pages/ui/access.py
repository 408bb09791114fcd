"""How access is checked on a page: the facilitator key and participant token of this browser session.

The store checks every key and token again (data.store); this module only finds them and says, in Dutch,
what is wrong.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui import state
from app_pages.ui.links import DEELNEMEN_PAGE
from app_pages.ui.request_keys import last_known
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from canvas.model import Participant, Workshop
from data.store import StoreError
from demo import demo_cases

__all__ = [
    "facilitated",
    "facilitator_key",
    "how_to_get_in",
    "joined_participant",
    "participant_token",
    "projector_workshop",
]


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
    return _remembered("key", state.FACILITATOR_KEY)


def participant_token() -> str:
    """The participant's private token (``?p=``), or ``""``."""
    return _remembered("p", state.PARTICIPANT_TOKEN)


def joined_participant() -> tuple[Participant, str]:
    """The participant of this session and their token; otherwise says in Dutch why not and stops the page.

    No token: they have not joined yet. A token the store refuses (unknown, or its workshop removed): the store's
    own message. Either way with a link to Deelnemen.
    """
    token = participant_token()
    if not token:
        st.info("Je doet nog niet mee. Vul eerst de workshopcode in.")
    else:
        try:
            # Through a database restart the participant read last stands in (their notes stay in the boxes).
            return last_known(f"participant_{token}", lambda: get_store().participant(token)), token
        except StoreError as error:
            st.error(plain(str(error)))
    st.page_link(DEELNEMEN_PAGE, label="Naar deelnemen", icon="➡️", width="stretch")
    st.stop()


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
            format_func=lambda c: known[c].heading,
            key=f"{prefix}_demo_code",
        )
    try:
        return store.workshop(code), ""
    except StoreError as error:
        st.error(plain(str(error)))
        st.stop()
