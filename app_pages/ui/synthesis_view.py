"""The synthesis as a projector table, like seed 001's Perspectieven: stakeholder rows × the four questions.

Each cell is a short list of bullets, most votes first once a vote on bullets is closed (a count after the
bullet says so, in words too). Sized for a 1280×720 projector with 3–5 bullets per cell; a fuller cell
scrolls inside itself (style.css, "Synthese"). A cell without bullets says so. User text goes through
``plain()``.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.text import plain
from canvas.blocks import Question
from canvas.synthesis import Bullet, order_by_votes
from stakeholders.roles import MAIN_ROLES, Role, role_info

__all__ = ["synthesis_table", "votes_word"]


def votes_word(count: int) -> str:
    return f"{count} {'stem' if count == 1 else 'stemmen'}"


def synthesis_table(rows: list[Role], bullets: list[Bullet], votes: dict[int, int]) -> None:
    widths = [1.05, 2, 2, 2, 2]
    with st.container(key="synth_table"):
        with st.container(key="synth_head"):
            for column, text in zip(st.columns(widths, gap="small"), ["", *(q.label for q in Question)], strict=True):
                column.markdown(text)
        # Seed 001's three rows always; another side only once it has points of its own.
        shown = [*rows, *(r for r in Role if r not in rows and any(b.role is r for b in bullets))]
        for role in shown:
            if role in MAIN_ROLES or any(b.role is role for b in bullets):
                _row(role, widths, bullets, votes)


def _row(role: Role, widths: list[float], bullets: list[Bullet], votes: dict[int, int]) -> None:
    info = role_info(role)
    row = st.columns(widths, gap="small")
    with row[0], st.container(key=f"badge-{role.value}-synth"):
        st.markdown(f"{info.icon} {info.label}")
    for column, question in zip(row[1:], Question, strict=True):
        cell = [b for b in bullets if b.role is role and b.question is question]
        with column:
            # The question above every cell, shown only on a phone, where the header row is hidden.
            with st.container(key=f"persp_q_{role.value}_{question.value}_s"):
                st.caption(question.label)
            if not cell:
                with st.container(key=f"synth_empty_{role.value}_{question.value}"):
                    st.markdown("Nog geen synthese")
                continue
            ordered = order_by_votes(cell, votes) if votes else cell
            lines = []
            for b in ordered:
                count = f" · 🗳️ {votes_word(votes[b.id])}" if b.id in votes else ""
                lines.append(f"- {plain(b.text)}{count}")
            with st.container(border=True, key=f"synth_cell_{role.value}_{question.value}"):
                st.markdown("\n".join(lines))
