"""Page helpers for a samenwerking over time: "Vorige keer", change badges, the lessons form.

Static CSS only (never user text); user text always goes through ``plain()``.
"""

from __future__ import annotations

import streamlit as st

from canvas.compare import Change
from canvas.lessons import LESSON_QUESTION, LESSON_SCALE, LESSONS, MAX_SCORE, MIN_SCORE
from canvas.model import SharedConclusion, Workshop
from data.store import Store, StoreError
from pages._shared import plain

__all__ = [
    "ROUNDS_STYLE",
    "change_badge",
    "inject_rounds_style",
    "lessons_form",
    "previous_card",
    "previous_label",
    "ronde_label",
]

# Change badges: a text label and an icon, the colour only supports them. Text on these backgrounds has a
# contrast of at least 7:1 (checked with the WCAG formula in tests/test_rounds_pages.py).
CHANGE_COLOURS: dict[Change, tuple[str, str]] = {
    Change.NIEUW: ("#DDF3E4", "#0B4F1F"),
    Change.VERDWENEN: ("#FBE3E3", "#7A1414"),
    Change.GEBLEVEN: ("#E7ECF3", "#1F2A3A"),
}

ROUNDS_STYLE = (
    "<style>\n"
    '[class*="st-key-vorigekeer-"] { border: 2px dotted #4B3F72; border-radius: 0.35rem; background: #F4F1FB;'
    " padding: 0.3rem 0.55rem; gap: 0.1rem; }\n"
    '[class*="st-key-vorigekeer-"] p { margin: 0; overflow-wrap: anywhere; color: #1E1733; }\n'
    '[class*="st-key-vorigekeer-"] strong { color: #3B2F62; }\n'
    '[class*="st-key-vorigekeer-"] [data-testid="stCaptionContainer"] p { color: #3B2F62 !important;'
    " font-weight: 700; opacity: 1; }\n"
    + "".join(
        f'[class*="st-key-change-{c.value}-"] {{ background: {bg}; border-radius: 0.35rem; padding: 0.25rem 0.5rem;'
        f" gap: 0; }}\n"
        f'[class*="st-key-change-{c.value}-"] p {{ color: {fg} !important; margin: 0; overflow-wrap: anywhere; }}\n'
        for c, (bg, fg) in CHANGE_COLOURS.items()
    )
    + '[class*="st-key-change-"] [data-testid="stMarkdownContainer"],'
    ' [class*="st-key-vorigekeer-"] [data-testid="stMarkdownContainer"],'
    ' [class*="st-key-vorigekeer-"] [data-testid="stCaptionContainer"]'
    " { margin: 0 !important; padding: 0 !important; }\n"
    ".st-key-lessen_page { max-width: 46rem; margin: 0 auto; padding-top: 1.8rem; }\n"
    ".st-key-lessen_page p { font-size: 17px; }\n"
    '.st-key-lessen_page [data-testid="stRadio"] label p { font-size: 18px; }\n'
    # A bigger touch target per score on a phone.
    '.st-key-lessen_page [data-testid="stRadio"] label { padding: 0.35rem 0.55rem 0.35rem 0; min-height: 2.5rem; }\n'
    '[class*="st-key-lessen_les_"] { border-top: 1px solid #ccc; padding-top: 0.4rem; gap: 0.3rem; }\n'
    "</style>\n"
)


def inject_rounds_style() -> None:
    st.html(ROUNDS_STYLE)


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
