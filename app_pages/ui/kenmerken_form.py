"""The kenmerken of a samenwerking on the Monitoring page: a form per ronde, every option from its registry."""

from __future__ import annotations

import streamlit as st

from app_pages.ui.text import plain
from canvas.clock import now
from canvas.kenmerken import FIELD_LABELS, KENMERK_LISTS, MIN_START_YEAR, RondeKenmerken, changes, choice
from data.store import Store, StoreError

__all__ = ["kenmerken_form", "kenmerken_table"]


def _label(field: str):
    return lambda c: choice(field, c).label if c else "(nog niet gekozen)"


def kenmerken_form(store: Store, key: str) -> None:
    """Edit the kenmerken of the key's ronde; a ronde that never set them shows those of the ronde before."""
    current = store.kenmerken(key)
    st.caption(
        "Wat deze samenwerking vergelijkbaar maakt met andere. De keuzes komen uit de bronnen: type, transities en "
        "ontwikkelfase uit ‘De Banenmakers’, doelgroepen uit de praktijkvoorbeelden. Per ronde bewaard: een andere "
        "ontwikkelfase in een latere ronde zie je op Verloop."
    )
    with st.form("monitoring_kenmerken", border=True):
        values: dict[str, object] = {}
        # One row of two per pair, so a phone (where columns stack) reads them in the same order.
        pairs = (("type", "initiator"), ("scope", "development_phase"))
        for column, field in ((c, f) for pair in pairs for c, f in zip(st.columns(2), pair, strict=True)):
            ids = [c.id for c in KENMERK_LISTS[field]]
            now_value = getattr(current, field)
            values[field] = column.selectbox(
                FIELD_LABELS[field],
                ["", *ids],
                index=ids.index(now_value) + 1 if now_value in ids else 0,
                format_func=_label(field),
                key=f"monitoring_kenmerk_{field}",
                help=" · ".join(f"{c.label}: {c.help}" for c in KENMERK_LISTS[field] if c.help) or None,
            )
        for field in ("transitions", "target_groups"):
            values[field] = st.multiselect(
                FIELD_LABELS[field],
                [c.id for c in KENMERK_LISTS[field]],
                default=list(getattr(current, field)),
                format_func=_label(field),
                key=f"monitoring_kenmerk_{field}",
                placeholder="Kies één of meer",
            )
        left, right = st.columns(2)
        values["region"] = left.text_input("Regio", value=current.region, key="monitoring_kenmerk_region")
        values["start_year"] = right.number_input(
            "Startjaar",
            min_value=MIN_START_YEAR,
            max_value=now().year + 1,
            value=current.start_year,
            step=1,
            key="monitoring_kenmerk_start_year",
            placeholder="bijv. 2019",
        )
        saved = st.form_submit_button("Kenmerken bewaren", type="primary", key="monitoring_kenmerken_opslaan")
    if saved:
        try:
            store.set_kenmerken(key, **values)
        except StoreError as error:
            st.error(plain(str(error)))
        else:
            st.success("De kenmerken van deze ronde zijn bewaard.")


def kenmerken_table(per_ronde: list[RondeKenmerken]) -> None:
    """Kenmerken × rondes as a table, and every change from one ronde to the next in words."""
    st.dataframe(
        [
            {"Kenmerk": label, **{f"Ronde {k.ronde}": k.shown(field) or "–" for k in per_ronde}}
            for field, label in FIELD_LABELS.items()
        ],
        hide_index=True,
        width="stretch",
        key="kenmerken_tabel",
    )
    moved = changes(per_ronde)
    if moved:
        st.markdown(
            "  \n".join(
                f"🔁 Ronde {c.ronde}: **{plain(c.label)}** {plain(c.before or '(leeg)')} → {plain(c.after or '(leeg)')}"
                for c in moved
            )
        )
    else:
        st.caption("De kenmerken zijn in alle rondes gelijk.")
