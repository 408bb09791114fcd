"""Plotly figures for the Perspectieven page, in the stakeholder colours of ``stakeholders.roles.ROLES``.

Presentation, so it lives with the pages (app_pages/ui); the domain gives the numbers (``canvas.merge.Coverage``).
Figures only: the page decides where they go.
Colour is never the only cue: every trace carries the role's label, and counts are written in the cells.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from canvas.blocks import BLOCKS, Question
from canvas.merge import Coverage
from stakeholders.roles import Role, role_info

__all__ = ["balance_table", "balance_chart", "coverage_heatmap", "coverage_table"]

_FONT = {"size": 15, "family": "sans-serif"}


def coverage_heatmap(cov: Coverage, roles: Sequence[Role]) -> go.Figure:
    """Blocks (rows, canvas order) × stakeholders (columns): how many notes each side gave in each block.

    Each stakeholder column is its own heat map from white to the role's colour, so the colours mean the
    same as on the board. Empty cells show a dash; blocks that only one stakeholder answered are marked ⚠.
    """
    single = set(cov.single_voice_blocks())
    labels = [("⚠ " if b.id in single else "") + b.title for b in BLOCKS]
    top = max((cov.count(b.id, r) for b in BLOCKS for r in roles), default=0) or 1
    fig = go.Figure()
    # One heat map per stakeholder, each one column wide at x = its position: categorical x would let
    # plotly size the bricks of every trace from that trace alone, and they would overlap.
    for position, role in enumerate(roles):
        info = role_info(role)
        counts = [cov.count(b.id, role) for b in BLOCKS]
        fig.add_trace(
            go.Heatmap(
                x=[position],
                y=labels,
                z=[[c] for c in counts],
                zmin=0,
                zmax=top,
                text=[[str(c) if c else "–"] for c in counts],
                texttemplate="%{text}",
                textfont={"size": 15},
                colorscale=[[0.0, "#ffffff"], [1.0, info.colour]],
                showscale=False,
                xgap=3,
                ygap=3,
                name=info.label,
                hovertemplate=f"{info.label}<br>%{{y}}: %{{z}} notities<extra></extra>",
            )
        )
    fig.update_layout(
        title={"text": "Wie sprak in welk blok?", "font": {"size": 18}},
        font=_FONT,
        height=90 + 30 * len(BLOCKS),
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        plot_bgcolor="#eeeeee",
        paper_bgcolor="#ffffff",
        xaxis={
            "side": "top",
            "tickmode": "array",
            "tickvals": list(range(len(roles))),
            "ticktext": [role_info(r).label for r in roles],
            "range": [-0.5, len(roles) - 0.5],
            "tickfont": {"size": 16},
            "tickangle": 0,
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
        },
        yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
    )
    return fig


def balance_chart(cov: Coverage, roles: Sequence[Role]) -> go.Figure:
    """Per perspective question, each stakeholder's share of the notes: the balance of 'halen en brengen'.

    Seed 001 (lesson 8): a partnership lasts when every partner brings as well as takes. A bar that one
    colour fills shows a question only one side is speaking to.
    """
    per_question = cov.per_question()
    questions = list(Question)
    fig = go.Figure()
    for role in roles:
        info = role_info(role)
        counts = [per_question[q][role] for q in questions]
        fig.add_trace(
            go.Bar(
                orientation="h",
                name=f"{info.icon} {info.label}",
                y=[q.label for q in questions],
                x=counts,
                text=[f"{info.label} {c}" if c else "" for c in counts],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": info.text_colour, "size": 14},
                marker={"color": info.colour, "line": {"color": "#ffffff", "width": 2}},
                hovertemplate=f"{info.label}: %{{x}} notities<extra></extra>",
            )
        )
    fig.update_layout(
        title={"text": "Halen en brengen: aandeel per vraag", "font": {"size": 18}},
        font=_FONT,
        barmode="stack",
        barnorm="percent",
        height=360,
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        legend={"orientation": "h", "y": -0.12, "yanchor": "top", "traceorder": "normal", "font": {"size": 15}},
        uniformtext={"minsize": 12, "mode": "hide"},
        xaxis={"range": [0, 100], "ticksuffix": "%", "fixedrange": True},
        yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        plot_bgcolor="#ffffff",
    )
    return fig


# -- the same numbers as tables: the text alternative beside each chart (WCAG 1.1.1) ----------------------


def balance_table(cov: Coverage, roles: Sequence[Role]) -> list[dict[str, str | int]]:
    """The balance chart's numbers: per question, each stakeholder's notes (and share) and the total."""
    per_question = cov.per_question()
    rows: list[dict[str, str | int]] = []
    for question in Question:
        total = sum(per_question[question][r] for r in roles)
        row: dict[str, str | int] = {"Vraag": question.label}
        for role in roles:
            n = per_question[question][role]
            row[role_info(role).label] = f"{n} ({round(100 * n / total)}%)" if total else "0"
        row["Totaal"] = total
        rows.append(row)
    return rows


def coverage_table(cov: Coverage, roles: Sequence[Role]) -> list[dict[str, str | int]]:
    """The heat map's numbers: per block, how many notes each stakeholder gave; ⚠ where only one side wrote."""
    single = set(cov.single_voice_blocks())
    return [
        {"Blok": ("⚠ " if b.id in single else "") + b.title, **{role_info(r).label: cov.count(b.id, r) for r in roles}}
        for b in BLOCKS
    ]
