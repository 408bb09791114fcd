"""The synthesis as a projector table, like seed 001's Perspectieven: stakeholder rows × the four questions.

Each cell is a short list of bullets, most votes first once a vote on bullets is closed (a count after the
bullet says so, in words too). Sized for a 1280×720 projector with 3–5 bullets per cell; a fuller cell
scrolls inside itself. A cell without bullets says so. User text goes through ``plain()``.
"""

from __future__ import annotations

import streamlit as st

from canvas.blocks import Question
from canvas.synthesis import Bullet, order_by_votes
from pages._shared import plain
from stakeholders.roles import Role, role_info

# A cell grows with its bullets up to this height, then scrolls inside itself: three rows, the header and the
# title fit 720 pixels (60 of them Streamlit's own header).
CELL_MAX_PX = 160
STYLE = f"""
<style>
.st-key-synth_table {{ gap: 0.45rem; }}
.st-key-synth_table [data-testid="stHorizontalBlock"] {{ gap: 0.5rem; }}
.st-key-synth_head p {{ font-size: 15px; font-weight: 700; line-height: 1.2; margin: 0; }}
[class*="st-key-synth_cell_"] {{
  max-height: {CELL_MAX_PX}px; overflow-y: auto; padding: 0.3rem 0.45rem 0.2rem 0.25rem !important;
}}
[class*="st-key-synth_cell_"] ul {{ margin: 0; padding-left: 1.1rem; }}
[class*="st-key-synth_cell_"] li {{
  font-size: 16px; line-height: 1.25; margin: 0 0 0.15rem 0; overflow-wrap: anywhere; hyphens: auto;
}}
[class*="st-key-synth_cell_"] [data-testid="stMarkdownContainer"] {{ margin: 0 !important; }}
[class*="st-key-synth_empty_"] {{ border: 2px dashed #999; border-radius: 0.35rem; padding: 0.3rem 0.5rem; }}
[class*="st-key-synth_empty_"] [data-testid="stMarkdownContainer"] {{ margin: 0 !important; }}
[class*="st-key-synth_empty_"] p {{ color: #444; font-style: italic; font-size: 15px; margin: 0; line-height: 1.3; }}
@media (max-width: 640px) {{ .st-key-synth_head {{ display: none; }} }}
</style>
"""


def votes_word(count: int) -> str:
    return f"{count} {'stem' if count == 1 else 'stemmen'}"


def synthesis_table(rows: list[Role], bullets: list[Bullet], votes: dict[int, int]) -> None:
    st.html(STYLE)
    widths = [1.05, 2, 2, 2, 2]
    with st.container(key="synth_table"):
        with st.container(key="synth_head"):
            for column, text in zip(st.columns(widths, gap="small"), ["", *(q.label for q in Question)], strict=True):
                column.markdown(text)
        # Seed 001's three rows always; another side only once it has points of its own.
        for role in rows:
            if role in (Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS) or any(b.role is role for b in bullets):
                _row(role, widths, bullets, votes)


def _row(role: Role, widths: list[float], bullets: list[Bullet], votes: dict[int, int]) -> None:
    info = role_info(role)
    row = st.columns(widths, gap="small")
    with row[0], st.container(key=f"badge-{role.value}-synth"):
        st.markdown(f"{info.icon} {info.label}")
    for column, question in zip(row[1:], Question, strict=True):
        cell = [b for b in bullets if b.role is role and b.question is question]
        with column:
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
