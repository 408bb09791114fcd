"""Begeleiden › Rondes: the samenwerking over time for the facilitator of one of its rondes.

Open actions from earlier rondes first (the next ronde opens with them), then this ronde's actions and
leervragen, the lesson scores (hidden until revealed) and starting the next ronde. Every write goes through
the store with the facilitator key, which checks it belongs to this samenwerking.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages.ui.community_facilitator import community_section
from app_pages.ui.links import app_url
from app_pages.ui.request_keys import send
from app_pages.ui.text import plain
from canvas.kenmerken import DEVELOPMENT_PHASES, choice
from canvas.model import Phase, Workshop
from canvas.rounds import Action, ActionStatus, Samenwerking
from data.store import Store, StoreError
from stakeholders.roles import Role, role_info

__all__ = ["rounds_tab"]

# Same session key as pages/begeleiden.py: a new key there shows the "Bewaar deze begeleiderslink" warning.
NEW_KEY = "begeleiden_new_key"
PREVIOUS_KEY = "begeleiden_previous_key"


def _action_form(store: Store, key: str, action: Action, prefix: str) -> None:
    with st.form(f"{prefix}_actie_{action.id}", border=True):
        due = f" · uiterlijk {action.due:%d-%m-%Y}" if action.due else ""
        st.markdown(
            f"**{plain(action.text)}**  \n"
            f"Eigenaar: {plain(action.owner_label)}{due} · afgesproken in ronde {action.ronde_created}"
            + (f" · gesloten in ronde {action.ronde_closed}" if action.ronde_closed else "")
        )
        statuses = list(ActionStatus)
        status = st.selectbox(
            "Status",
            statuses,
            index=statuses.index(action.status),
            format_func=lambda s: s.label,
            key=f"{prefix}_status_{action.id}",
        )
        outcome = st.text_input(
            "Uitkomst (wat is er bereikt of waarom vervalt de actie?)",
            value=action.outcome,
            max_chars=501,
            key=f"{prefix}_uitkomst_{action.id}",
        )
        if st.form_submit_button("Bijwerken", key=f"{prefix}_bijwerken_{action.id}"):
            try:
                store.update_action(key, action.id, status=status, outcome=outcome)
            except StoreError as error:
                st.error(plain(str(error)))
            else:
                st.success(f"Actie bijgewerkt: {status.label.lower()}.")
                st.rerun(scope="app")


def _new_action(store: Store, key: str, samenwerking: Samenwerking) -> None:
    if not samenwerking.partners:
        st.info("Voeg eerst een partnerorganisatie toe: elke actie heeft een organisatie als eigenaar.")
        return
    with st.form("rondes_nieuwe_actie", border=True, clear_on_submit=True):
        st.markdown("**Nieuwe actie**")
        text = st.text_area("Wat is er afgesproken?", max_chars=501, key="rondes_actie_tekst")
        owners = {p.id: p for p in samenwerking.partners}
        owner = st.selectbox(
            "Eigenaar (organisatie)", list(owners), format_func=lambda i: owners[i].label, key="rondes_actie_eigenaar"
        )
        person = st.text_input("Persoon (mag leeg)", key="rondes_actie_persoon")
        due = st.date_input("Uiterlijk (mag leeg)", value=None, format="DD-MM-YYYY", key="rondes_actie_datum")
        added = st.form_submit_button("Actie vastleggen", type="primary", key="rondes_actie_opslaan")
    if added:
        try:
            send(
                "rondes_actie",
                (text, owner, person, due),
                lambda k: store.add_action(
                    key, text=text, owner_partner_id=owner, person=person, due=due, request_key=k
                ),
            )
        except StoreError as error:
            st.error(plain(str(error)))
        else:
            st.success("De actie is vastgelegd. De volgende ronde begint ermee.")


def _partners(store: Store, key: str, samenwerking: Samenwerking) -> None:
    with st.expander(f"Partners ({len(samenwerking.partners)})", key="rondes_partners"):
        for p in samenwerking.partners:
            st.markdown(f"- {role_info(p.role).icon} {plain(p.label)}")
        with st.form("rondes_nieuwe_partner", border=False, clear_on_submit=True):
            organisation = st.text_input("Organisatie", key="rondes_partner_naam")
            role = st.selectbox(
                "Stakeholder",
                list(Role),
                format_func=lambda r: f"{role_info(r).icon} {role_info(r).label}",
                key="rondes_partner_rol",
            )
            if st.form_submit_button("Partner toevoegen", key="rondes_partner_opslaan"):
                try:
                    store.add_partner(key, organisation, role)
                except StoreError as error:
                    st.error(plain(str(error)))
                else:
                    st.rerun(scope="app")


def _leervragen(store: Store, key: str) -> None:
    st.markdown("#### Leervragen van deze ronde")
    st.caption("Wat wil de samenwerking voor de volgende keer uitzoeken of leren?")
    for vraag in store.leervragen(key):
        row = st.columns([6, 1], vertical_alignment="center")
        row[0].markdown(f"❓ {plain(vraag.text)}")
        if row[1].button("Weg", key=f"rondes_leervraag_weg_{vraag.id}", help="Deze leervraag verwijderen"):
            store.delete_leervraag(key, vraag.id)
            st.rerun(scope="app")
    with st.form("rondes_nieuwe_leervraag", border=False, clear_on_submit=True):
        text = st.text_input("Nieuwe leervraag", max_chars=501, key="rondes_leervraag_tekst")
        if st.form_submit_button("Leervraag toevoegen", key="rondes_leervraag_opslaan"):
            try:
                send("rondes_leervraag", (text,), lambda k: store.add_leervraag(key, text, request_key=k))
            except StoreError as error:
                st.error(plain(str(error)))
            else:
                st.rerun(scope="app")


def _lessons(store: Store, workshop: Workshop, key: str) -> None:
    st.markdown("#### De tien lessen")
    scorers = store.lesson_scorers(workshop.id)
    st.markdown(
        f"{scorers} {'deelnemer heeft' if scorers == 1 else 'deelnemers hebben'} de lessen gescoord. "
        f"Deelnemers vinden ze op hun telefoon via **De tien lessen** (pagina {plain(app_url('lessen'))})."
    )

    def reveal() -> None:
        store.set_lessons_revealed(key, st.session_state["rondes_lessen_zichtbaar"])

    st.session_state["rondes_lessen_zichtbaar"] = workshop.lessons_revealed
    st.toggle("Scores van de lessen zichtbaar (op Verloop › Lessen)", key="rondes_lessen_zichtbaar", on_change=reveal)


def _next_ronde(store: Store, workshop: Workshop, key: str) -> None:
    st.markdown("#### Volgende ronde starten")
    st.caption(
        "Een nieuwe workshop in dezelfde samenwerking, met een eigen code en begeleiderslink. Deelnemers zien "
        "bij elk blok het gedeeld perspectief van deze ronde als ‘Vorige keer’; open acties gaan mee."
    )
    phases = [Phase.LOOPTIJD, Phase.EVALUATIE, Phase.ONTWERP]
    now_phase = store.kenmerken(key).development_phase
    stages = [c.id for c in DEVELOPMENT_PHASES]
    with st.form("rondes_volgende", border=True):
        title = st.text_input(
            "Titel van de nieuwe ronde", value=f"Ronde {workshop.ronde + 1}", key="rondes_volgende_titel"
        )
        phase = st.selectbox(
            "Gebruik van het canvas",
            phases,
            format_func=lambda p: p.label,
            key="rondes_volgende_fase",
            help="Waarvoor deze ronde het canvas gebruikt. Waar de samenwerking staat, is de ontwikkelfase.",
        )
        stage = st.selectbox(
            "Ontwikkelfase van de samenwerking",
            ["", *stages],
            index=stages.index(now_phase) + 1 if now_phase in stages else 0,
            format_func=lambda c: choice("development_phase", c).label if c else "(nog niet gekozen)",
            key="rondes_volgende_ontwikkelfase",
        )
        date = st.date_input("Datum", value=dt.date.today(), format="DD-MM-YYYY", key="rondes_volgende_datum")
        started = st.form_submit_button("Volgende ronde starten", type="primary", key="rondes_volgende_start")
    if not started:
        return
    try:
        new, new_key = store.start_next_ronde(key, title=title, phase=phase, date=date)
    except StoreError as error:
        st.error(plain(str(error)))
        return
    if stage != now_phase:
        store.set_kenmerken(new_key, development_phase=stage)
    st.session_state[PREVIOUS_KEY] = key
    st.session_state["facilitator_key"] = new_key
    st.query_params["key"] = new_key
    st.session_state[NEW_KEY] = new.code
    st.rerun()


def rounds_tab(store: Store, workshop: Workshop, key: str) -> None:
    """The Rondes tab of Begeleiden."""
    samenwerking, _ = store.facilitated_samenwerking(key)
    rondes = store.rondes(samenwerking.id)
    st.markdown(
        f"### {plain(samenwerking.name)} · ronde {workshop.ronde} van {len(rondes)}"
        + (f"  \n{plain(samenwerking.region)}" if samenwerking.region else "")
    )
    st.markdown("  \n".join(("▶ " if r.workshop_id == workshop.id else "· ") + plain(r.label) for r in rondes))
    old = st.session_state.get(PREVIOUS_KEY)
    if old:
        with st.expander("Begeleiderslink van de vorige ronde", key="rondes_oude_link"):
            st.code(app_url("begeleiden", key=old), language=None)
    st.page_link("app_pages/verloop.py", label="Verloop: vergelijk de rondes", icon="📈")
    _partners(store, key, samenwerking)

    before = store.open_actions_before(key)
    st.markdown(f"#### Open acties uit eerdere rondes ({len(before)})")
    if not before:
        st.caption("Geen open acties van eerdere rondes.")
    for action in before:
        _action_form(store, key, action, "rondes_eerder")

    open_questions = store.open_leervragen_before(key)
    if open_questions:
        st.markdown(
            f"#### Open leervragen uit eerdere rondes ({len(open_questions)})  \n"
            + "  \n".join(f"{v.status.icon} {plain(v.text)}" for v in open_questions)
        )
        st.page_link(
            "app_pages/monitoring.py",
            label="Bijwerken op Monitoring › Leervragen",
            icon="🔎",
            query_params={"weergave": "leervragen"},
        )

    mine = [a for a in store.actions(key) if a.ronde_created == workshop.ronde]
    st.markdown(f"#### Acties van deze ronde ({len(mine)})")
    for action in mine:
        _action_form(store, key, action, "rondes_nu")
    _new_action(store, key, samenwerking)
    _leervragen(store, key)
    _lessons(store, workshop, key)
    _next_ronde(store, workshop, key)
    community_section(store, key)
