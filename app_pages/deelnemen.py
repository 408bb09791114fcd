"""Deelnemen: a participant joins a workshop with its code, or by a link ``?code=ABC123&rol=overheid``.

Asked: name (required), organisation (optional), the side they speak for, and for "overig" a free sub-role
(werkcoach, maatschappelijke organisatie...). Nothing is stored until the store accepts it; its Dutch
message is shown as it is. After joining, the participant goes to the walk with their private ``?p=`` link.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui import state
from app_pages.ui.demo_offer import demo_offer
from app_pages.ui.fields import show_length, too_long
from app_pages.ui.links import INVULLEN_PAGE
from app_pages.ui.request_keys import send
from app_pages.ui.store import get_store
from app_pages.ui.text import plain
from data.limits import MAX_NAME_LENGTH, MAX_ORGANISATION_LENGTH, MAX_SUB_ROLE_LENGTH
from data.store import StoreError
from stakeholders.roles import Role, parse_role, role_info

ROLE_CHOICES: tuple[Role, ...] = tuple(Role)
# A code as typed may hold spaces and dashes ("ttk-234"); longer than this it cannot be a code (and a
# ?code= of any length is then not echoed back, only measured).
MAX_CODE_INPUT = 20

store = get_store()


def preset_role() -> int | None:
    """The role from the link (``?rol=overheid``) as an index into ``ROLE_CHOICES``, else nothing chosen."""
    try:
        return ROLE_CHOICES.index(parse_role(st.query_params.get("rol", "")))
    except ValueError:
        return None


with st.container(key="deelnemen_page"):
    st.title("Doe mee")
    st.markdown("Vul samen het **Sociale Innovatie Business Model Canvas** in, ieder vanuit de eigen kant.")

    if st.session_state.get(state.PARTICIPANT_TOKEN):
        st.info("Je doet in deze browser al mee aan een workshop.")
        st.page_link(INVULLEN_PAGE, label="Verder met invullen", icon="✏️", width="stretch")

    link_code = st.query_params.get("code", "")
    if len(link_code) > MAX_CODE_INPUT:
        # A link can carry a code of any length; one that cannot be a code is not put in the box, nor repeated.
        st.warning(
            f"De code in de link is te lang ({len(link_code)} tekens) en is niet ingevuld. "
            "Typ de code die op het scherm van de begeleider staat."
        )
        link_code = ""
    code = st.text_input(
        "Workshopcode",
        value=link_code,
        placeholder="bijv. ABC123",
        help="De code staat op het scherm van de begeleider. Hoofdletters, spaties en streepjes maken niet uit.",
        key="deelnemen_code",
    )
    closed_reason = ""
    if not show_length("deelnemen_code", MAX_CODE_INPUT) and code.strip():
        try:
            workshop = store.workshop(code)
        except StoreError as error:
            # The message repeats the code as typed (at most MAX_CODE_INPUT long): plain text, never markup.
            st.warning(plain(str(error)))
        else:
            if workshop.closed:
                closed_reason = f"Meedoen kan niet meer: de workshop {workshop.code} is gesloten. Vraag de begeleider."
                st.info("Workshop: " + plain(workshop.heading) + " · 🔒 gesloten")
            else:
                st.success("Workshop: " + plain(workshop.heading))
    elif not st.query_params.get("code") and not st.session_state.get(state.PARTICIPANT_TOKEN):
        # A newcomer without a code (not someone who came in by a join link or QR code): a filled example.
        demo_offer(store)

    name = st.text_input("Je naam", key="deelnemen_naam")
    show_length("deelnemen_naam", MAX_NAME_LENGTH)
    organisation = st.text_input("Je organisatie (niet verplicht)", key="deelnemen_organisatie")
    show_length("deelnemen_organisatie", MAX_ORGANISATION_LENGTH)
    role = st.radio(
        "Vanuit welke kant kijk je?",
        ROLE_CHOICES,
        index=preset_role(),
        format_func=lambda r: f"{role_info(r).icon} {role_info(r).label}",
        captions=[role_info(r).description for r in ROLE_CHOICES],
        key="deelnemen_rol",
    )
    sub_role = ""
    if role == Role.OVERIG:
        sub_role = st.text_input(
            "Welke rol precies?",
            placeholder="bijv. werkcoach, maatschappelijke organisatie, werkzoekende",
            key="deelnemen_subrol",
        )
        show_length("deelnemen_subrol", MAX_SUB_ROLE_LENGTH)
    fields_too_long = (
        too_long("deelnemen_code", MAX_CODE_INPUT)
        or too_long("deelnemen_naam", MAX_NAME_LENGTH)
        or too_long("deelnemen_organisatie", MAX_ORGANISATION_LENGTH)
        or (role == Role.OVERIG and too_long("deelnemen_subrol", MAX_SUB_ROLE_LENGTH))
    )

    pressed = st.button(
        "Meedoen", type="primary", icon="➡️", width="stretch", key="deelnemen_meedoen", disabled=bool(closed_reason)
    )
    if closed_reason:  # the reason right under the button it switches off
        st.error(closed_reason)
    if pressed:
        if fields_too_long:
            st.error("Meedoen kan nog niet: maak de tekst korter die hierboven te lang is.")
        elif role is None:
            st.error("Kies vanuit welke kant je kijkt: ondernemer, overheid, onderwijs, projectleider of overig.")
        else:
            try:
                # The private token is made here and kept until the store answers: "Meedoen" pressed again after
                # a lost reply is the same participant, not a second one.
                participant, token = send(
                    "deelnemen",
                    (code, name, role, organisation, sub_role),
                    lambda t: store.join(
                        code, name=name, role=role, organisation=organisation, sub_role=sub_role, token=t
                    ),
                    secret=True,
                )
            except StoreError as error:
                st.error(plain(str(error)))
            else:
                st.session_state[state.PARTICIPANT_TOKEN] = token
                st.session_state[state.JUST_JOINED] = True
                st.switch_page(INVULLEN_PAGE, query_params={"p": token})
