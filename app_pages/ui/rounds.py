"""Page helpers for a samenwerking over time: "Vorige keer", change badges, the lessons form.

Static CSS only (never user text); user text always goes through ``plain()``.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.style import CHANGE_COLOURS
from app_pages.ui.text import plain
from canvas.compare import Change
from canvas.lessons import LESSON_QUESTION, LESSON_SCALE, LESSONS, MAX_SCORE, MIN_SCORE
from canvas.model import SharedConclusion, Workshop
from data.store import Store, StoreError

__all__ = [
    "CHANGE_COLOURS",
    "change_badge",
    "lessons_form",
    "previous_card",
    "previous_label",
    "ronde_label",
]


def ronde_label(workshop: Workshop) -> str:
    when = f", {workshop.date:%d-%m-%Y}" if workshop.date else ""
    return f"ronde {workshop.ronde}{when}"


def previous_label(before: Workshop) -> str:
    """'Vorige keer (ronde 1, 15-01-2024)': how last time's gedeeld perspectief is marked everywhere."""
    return f"Vorige keer ({ronde_label(before)})"


def previous_card(before: Workshop, conclusion: SharedConclusion, *, key: str) -> None:
    """Last ronde's gedeeld perspectief of a block, marked as last time's (a dotted frame and the label)."""
    with st.container(key=f"vorigekeer-{key}"):
        st.markdown("**↺ " + plain(previous_label(before)) + ": gedeeld perspectief**")
        st.markdown(plain(conclusion.text))


def change_badge(change: Change, text: str, *, key: str, detail: str = "") -> None:
    """A note in the comparison with its mark as text (Nieuw / Verdwenen / Gebleven), not colour only."""
    with st.container(key=f"change-{change.value}-{key}"):
        st.markdown(f"**{change.icon} {change.label}**" + (f" · {plain(detail)}" if detail else ""))
        # A note that went is struck through as well (its label says so too); a text with line breaks is not,
        # as a strikethrough does not run across them.
        shown = plain(text)
        st.markdown(f"~~{shown}~~" if change is Change.VERDWENEN and "\n" not in text else shown)


def lessons_form(store: Store, token: str, workshop: Workshop) -> None:
    """The ten lessons, each scored 1-5 with an optional remark, in one form: one save for all ten."""
    mine = store.own_lesson_scores(token)
    scale = " · ".join(f"{v} = {label}" for v, label in LESSON_SCALE.items())
    st.caption(plain(scale))
    if workshop.closed:
        st.warning("De workshop is gesloten: je ziet je scores, maar kunt ze niet meer wijzigen.")
    with st.form("lessen_form", border=False):
        for item in LESSONS:
            own = mine.get(item.id)
            with st.container(key=f"lessen_les_{item.id}"):
                st.markdown(f"**{item.id}. {plain(item.title)}**  \n{plain(item.text)}")
                st.radio(
                    f"Les {item.id}: {LESSON_QUESTION}",
                    list(range(MIN_SCORE, MAX_SCORE + 1)),
                    index=(own.score - MIN_SCORE) if own else None,
                    horizontal=True,
                    key=f"lessen_score_{item.id}",
                    disabled=workshop.closed,
                )
                st.text_input(
                    f"Toelichting bij les {item.id} (mag leeg)",
                    value=own.remark if own else "",
                    max_chars=501,
                    placeholder="Toelichting (mag leeg)",
                    key=f"lessen_toelichting_{item.id}",
                    label_visibility="collapsed",
                    disabled=workshop.closed,
                )
        saved = st.form_submit_button(
            "Scores opslaan", type="primary", icon="💾", width="stretch", disabled=workshop.closed
        )
    if not saved:
        return
    chosen = {
        item.id: (
            st.session_state[f"lessen_score_{item.id}"],
            st.session_state.get(f"lessen_toelichting_{item.id}", ""),
        )
        for item in LESSONS
        if st.session_state.get(f"lessen_score_{item.id}") is not None
    }
    remark_only = [
        item.id
        for item in LESSONS
        if item.id not in chosen and (st.session_state.get(f"lessen_toelichting_{item.id}") or "").strip()
    ]
    if not chosen:
        st.warning("Kies eerst bij minstens één les een score van 1 tot en met 5.")
        return
    try:
        store.set_lesson_scores(token, chosen)
    except StoreError as error:
        st.error(plain(str(error)))
        return
    n = len(chosen)
    st.success(f"Je scores voor {n} {'les' if n == 1 else 'lessen'} zijn bewaard. Je kunt ze nog wijzigen.")
    if remark_only:
        st.warning(
            "Bij les " + ", ".join(map(str, remark_only)) + " schreef je een toelichting zonder score: "
            "die is niet bewaard. Kies ook een score."
        )
