"""The monitoring cycle on the Monitoring page (seed 003): factoren → thema's → leervragen in Tabel 4.2 →
actions, and the follow-up of leervragen from earlier rondes. Every write goes through the store with the key.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.links import app_url
from app_pages.ui.text import plain
from canvas.model import Workshop
from canvas.monitoring import FRAME, Dimension, Factor, FactorKind, LeervraagStatus, Level, suggest_themes
from canvas.rounds import Action, Leervraag, Samenwerking
from canvas.text import shortened
from data.store import Store, StoreError
from stakeholders.roles import role_info

__all__ = ["factors_view", "leervragen_view"]

_NO_CELL = ("", "")


def _factor_line(f: Factor) -> str:
    return f"{f.kind.icon} {plain(f.text)} · *{plain(role_info(f.role).label.lower())}*"


def _failed(error: StoreError) -> None:
    st.error(plain(str(error)))


def factors_view(store: Store, key: str, workshop: Workshop) -> None:
    """Reveal the factors, group them into themes (with suggestions), and turn a theme into a leervraag."""
    factors = store.factors(key)
    counts = {k: sum(1 for f in factors if f.kind is k) for k in FactorKind}
    st.markdown(
        f"Deelnemers noemen factoren op hun telefoon via **Factoren** ({plain(app_url('factoren'))}). "
        + " · ".join(f"{k.icon} **{counts[k]}** {k.label.lower()}" for k in FactorKind)
    )

    def reveal() -> None:
        store.set_factors_revealed(key, st.session_state["monitoring_factoren_zichtbaar"])

    st.session_state["monitoring_factoren_zichtbaar"] = workshop.factors_revealed
    st.toggle("Factoren zichtbaar voor de zaal", key="monitoring_factoren_zichtbaar", on_change=reveal)
    themes = store.themes(key)
    free = [f for f in factors if f.theme_id is None]
    by_id = {f.id: f for f in factors}

    st.markdown(f"#### Nog niet in een thema ({len(free)})")
    if free:
        suggestions = suggest_themes(factors)
        if suggestions:
            with st.expander(f"Lijken op elkaar ({len(suggestions)} voorstellen)", key="monitoring_voorstellen"):
                st.caption("Alleen een voorstel: er wordt niets samengevoegd zonder jou.")
                for n, ids in enumerate(suggestions):
                    st.markdown("  \n".join(_factor_line(by_id[i]) for i in ids))
                    if st.button("Maak hier een thema van", key=f"monitoring_voorstel_{'_'.join(map(str, ids))}"):
                        try:
                            store.create_theme(key, shortened(by_id[ids[0]].text, 60), list(ids))
                        except StoreError as error:
                            _failed(error)
                        else:
                            st.rerun(scope="app")
                    if n < len(suggestions) - 1:
                        st.divider()
        with st.form("monitoring_nieuw_thema", border=True):
            chosen = [
                f.id
                for f in free
                if st.checkbox(_factor_line(f), key=f"monitoring_factor_{f.id}")
            ]  # fmt: skip
            title = st.text_input("Naam van het thema", max_chars=121, key="monitoring_thema_naam",
                                  placeholder="Bijv. Rolverdeling")  # fmt: skip
            made = st.form_submit_button("Maak een thema van de gekozen factoren", key="monitoring_thema_maak")
        if made:
            try:
                store.create_theme(key, title, chosen)
            except StoreError as error:
                _failed(error)
            else:
                st.rerun(scope="app")
    else:
        st.caption("Alle factoren zitten in een thema." if factors else "Nog geen factoren genoemd in deze ronde.")

    st.markdown(f"#### Thema's ({len(themes)})")
    vragen = store.leervragen(key)
    for theme in themes:
        with st.container(border=True, key=f"monitoring_thema_{theme.id}"):
            head = st.columns([6, 1], vertical_alignment="center")
            head[0].markdown(f"**{plain(theme.title)}**")
            if head[1].button("Weg", key=f"monitoring_thema_weg_{theme.id}", help="Thema opheffen (factoren blijven)"):
                store.delete_theme(key, theme.id)
                st.rerun(scope="app")
            st.markdown("  \n".join(_factor_line(by_id[i]) for i in theme.factor_ids if i in by_id))
            linked = [v for v in vragen if v.theme_id == theme.id]
            for v in linked:
                st.markdown(f"{v.status.icon} Leervraag: {plain(v.text)}")
            _leervraag_form(store, key, prefix=f"thema_{theme.id}", theme_id=theme.id)


def _cell_picker(prefix: str, current: tuple[str, str] = _NO_CELL) -> tuple[str, str]:
    cells = [_NO_CELL, *((d.value, lv.value) for d, lv in FRAME)]
    return st.selectbox(
        "Plek in Tabel 4.2",
        cells,
        index=cells.index(current) if current in cells else 0,
        format_func=lambda c: FRAME[(Dimension(c[0]), Level(c[1]))].label if c[0] else "(nog niet geplaatst)",
        key=f"monitoring_{prefix}_cel",
        help="Leren, Handelen of Institutionele verandering, bij één persoon of organisatie (Individu) of in de "
        "samenwerking (Netwerk).",
    )


def _leervraag_form(store: Store, key: str, *, prefix: str, theme_id: int | None = None) -> None:
    with st.form(f"monitoring_{prefix}_leervraag", border=False, clear_on_submit=True):
        text = st.text_input(
            "Nieuwe leervraag" + (" bij dit thema" if theme_id else ""),
            max_chars=501,
            key=f"monitoring_{prefix}_leervraag_tekst",
            placeholder="Hoe zorgen we ervoor dat …?",
        )
        cell = _cell_picker(f"{prefix}_leervraag")
        added = st.form_submit_button("Leervraag toevoegen", key=f"monitoring_{prefix}_leervraag_opslaan")
    if added:
        try:
            store.add_leervraag(key, text, theme_id=theme_id, dimension=cell[0] or None, level=cell[1] or None)
        except StoreError as error:
            _failed(error)
        else:
            st.rerun(scope="app")


def _frame_grid(vragen: list[Leervraag]) -> None:
    """Tabel 4.2 with the leervragen in their cells: Leren / Handelen / Institutionele verandering × Individu /
    Netwerk, each cell with the seed's kernvragen in small print."""
    for level in Level:
        st.markdown(f"**{level.label}**")
        for column, dimension in zip(st.columns(3), Dimension, strict=True):
            cell = FRAME[(dimension, level)]
            inside = [v for v in vragen if v.dimension is dimension and v.level is level]
            with column.container(border=True, key=f"monitoring_cel_{dimension.value}_{level.value}"):
                st.markdown(f"**{dimension.label}** · {level.label}")
                st.caption(plain(" ".join(cell.questions)))
                for v in inside:
                    st.markdown(f"{v.status.icon} {plain(v.text)} · *ronde {v.ronde}*")
                if not inside:
                    st.caption("–")
    loose = [v for v in vragen if v.cell is None]
    if loose:
        st.markdown("**Nog niet geplaatst:**  \n" + "  \n".join(f"{v.status.icon} {plain(v.text)}" for v in loose))


def _action_line(a: Action) -> str:
    due = f" · uiterlijk {a.due:%d-%m-%Y}" if a.due else ""
    return f"▸ {plain(a.text)} · {plain(a.owner_label)}{due} · **{a.status.label}**"


def _follow_up(store: Store, key: str, samenwerking: Samenwerking, v: Leervraag, actions: list[Action]) -> None:
    """One leervraag: status, answer, place in the frame, the actions that answer it and a new one."""
    mine = [a for a in actions if a.leervraag_id == v.id]
    label = f"{v.status.icon} {v.text} · ronde {v.ronde} · {v.status.label.lower()}"
    with st.expander(shortened(label, 140), key=f"monitoring_leervraag_{v.id}"):
        if v.theme_title:
            st.caption(f"Thema: {plain(v.theme_title)}")
        st.markdown("**Acties bij deze leervraag**  \n" + ("  \n".join(_action_line(a) for a in mine) or "Nog geen."))
        with st.form(f"monitoring_leervraag_bijwerken_{v.id}", border=False):
            statuses = list(LeervraagStatus)
            status = st.selectbox("Status", statuses, index=statuses.index(v.status), format_func=lambda s: s.label,
                                  key=f"monitoring_leervraag_status_{v.id}")  # fmt: skip
            answer = st.text_area("Antwoord (wat heeft de samenwerking geleerd?)", value=v.answer, max_chars=501,
                                  key=f"monitoring_leervraag_antwoord_{v.id}")  # fmt: skip
            cell = _cell_picker(f"leervraag_{v.id}", (v.dimension.value, v.level.value) if v.cell else _NO_CELL)
            saved = st.form_submit_button("Bijwerken", key=f"monitoring_leervraag_opslaan_{v.id}")
        if saved:
            try:
                store.update_leervraag(key, v.id, status=status, answer=answer, dimension=cell[0], level=cell[1])
            except StoreError as error:
                _failed(error)
            else:
                st.rerun(scope="app")
        if not samenwerking.partners:
            st.caption("Voeg eerst een partner toe (Begeleiden › Rondes en acties): een actie heeft een eigenaar.")
            return
        with st.form(f"monitoring_leervraag_actie_{v.id}", border=True, clear_on_submit=True):
            st.markdown("**Nieuwe actie bij deze leervraag**")
            text = st.text_input("Wat is er afgesproken?", max_chars=501, key=f"monitoring_actie_tekst_{v.id}")
            owners = {p.id: p for p in samenwerking.partners}
            owner = st.selectbox("Eigenaar (organisatie)", list(owners), format_func=lambda i: owners[i].label,
                                 key=f"monitoring_actie_eigenaar_{v.id}")  # fmt: skip
            due = st.date_input("Uiterlijk (mag leeg)", value=None, format="DD-MM-YYYY",
                                key=f"monitoring_actie_datum_{v.id}")  # fmt: skip
            added = st.form_submit_button("Actie vastleggen", key=f"monitoring_actie_opslaan_{v.id}")
        if added:
            try:
                store.add_action(key, text=text, owner_partner_id=owner, due=due, leervraag_id=v.id)
            except StoreError as error:
                _failed(error)
            else:
                st.rerun(scope="app")
        free = [a for a in actions if a.leervraag_id is None and not a.status.is_closed]
        if free:
            with st.form(f"monitoring_leervraag_koppel_{v.id}", border=False):
                picked = st.selectbox("Of koppel een bestaande actie", [a.id for a in free],
                                      format_func=lambda i: next(a.text for a in free if a.id == i),
                                      key=f"monitoring_koppel_keuze_{v.id}")  # fmt: skip
                if st.form_submit_button("Koppelen", key=f"monitoring_koppel_{v.id}"):
                    store.link_action(key, picked, v.id)
                    st.rerun(scope="app")


def leervragen_view(store: Store, key: str, workshop: Workshop) -> None:
    """The dynamic learning agenda: open leervragen of earlier rondes first, then Tabel 4.2, then this ronde's."""
    samenwerking, _ = store.facilitated_samenwerking(key)
    actions = store.actions(key)
    earlier = store.open_leervragen_before(key)
    st.markdown(f"#### Open leervragen uit eerdere rondes ({len(earlier)})")
    if earlier:
        st.caption("Deze ronde begint hiermee: wat is er gedaan, en is de vraag al beantwoord?")
        for v in earlier:
            _follow_up(store, key, samenwerking, v, actions)
    else:
        st.caption("Geen open leervragen van eerdere rondes.")
    everything = store.all_leervragen(key)
    st.markdown("#### Tabel 4.2: de leervragen van de samenwerking")
    _frame_grid([v for v in everything if v.status is not LeervraagStatus.BEANTWOORD or v.ronde == workshop.ronde])
    st.caption("❓ open · ⏳ in behandeling · ✅ beantwoord. Beantwoorde vragen van eerdere rondes staan op Verloop.")
    now = [v for v in everything if v.ronde == workshop.ronde]
    st.markdown(f"#### Leervragen van deze ronde ({len(now)})")
    for v in now:
        _follow_up(store, key, samenwerking, v, actions)
    _leervraag_form(store, key, prefix="ronde")
