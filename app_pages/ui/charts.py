"""Plotly figures for the Perspectieven page, in the stakeholder colours of ``stakeholders.roles.ROLES``.

Presentation, so it lives with the pages (app_pages/ui); the domain gives the numbers (``canvas.merge.Coverage``,
``canvas.give_take.Balance``).
Figures only: the page decides where they go.
Colour is never the only cue: every trace carries the role's label, and counts are written in the cells.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from canvas.blocks import BLOCKS
from canvas.give_take import Balance, Side
from canvas.merge import Coverage
from stakeholders.roles import Role, role_info

__all__ = ["balance_chart", "coverage_heatmap", "coverage_table"]

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


def balance_chart(bal: Balance) -> go.Figure:
    """Halen en brengen (seed 001, lesson 8): per stakeholder, notes on what it brings against what it gets.

    One row per stakeholder in its colour: *brengt in* to the left of the centre line (hatched), *haalt op* to
    the right (solid), its count beside it; the axis says which side is which in words (the bars stay short
    enough on a phone that the count never runs into the stakeholder's name), and a stakeholder that only
    brings or only gets is marked ⚠ in its label. The page puts the same numbers, with the warning in words,
    in a table beside it. Which blocks count as which side: ``canvas.give_take.GIVE_TAKE``.
    """
    labels = [("⚠ " if row.flag else "") + role_info(row.role).label for row in bal.rows]
    top = max((max(row.brings, row.gets) for row in bal.rows), default=0) or 1
    fig = go.Figure()
    for side, sign, pattern in ((Side.BRENGEN, -1, "/"), (Side.HALEN, 1, "")):
        counts = [row.brings if side is Side.BRENGEN else row.gets for row in bal.rows]
        fig.add_trace(
            go.Bar(
                orientation="h",
                name=side.label,
                y=labels,
                x=[sign * c for c in counts],
                text=[str(c) for c in counts],
                textposition="outside",
                textfont={"size": 14, "color": "#222222"},
                cliponaxis=False,
                marker={
                    "color": [role_info(row.role).colour for row in bal.rows],
                    "pattern": {"shape": pattern, "fgcolor": "#ffffff", "size": 8},
                    "line": {"color": "#333333", "width": 1},
                },
                hovertemplate=f"%{{y}}: {side.label.lower()} %{{customdata}} notities<extra></extra>",
                customdata=counts,
            )
        )
    fig.add_vline(x=0, line={"color": "#333333", "width": 2})
    fig.update_layout(
        title={"text": "Halen en brengen per kant", "font": {"size": 18}},
        font=_FONT,
        barmode="relative",
        showlegend=False,
        height=110 + 55 * len(bal.rows),
        margin={"l": 10, "r": 40, "t": 60, "b": 40},
        xaxis={
            "range": [-top * 1.35, top * 1.35],
            "tickvals": [-top, 0, top],
            "ticktext": [f"← brengt in ({top})", "0", f"haalt op ({top}) →"],
            "fixedrange": True,
            "zeroline": False,
        },
        yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        plot_bgcolor="#ffffff",
    )
    return fig


# -- the same numbers as tables: the text alternative beside each chart (WCAG 1.1.1) ----------------------


def coverage_table(cov: Coverage, roles: Sequence[Role]) -> list[dict[str, str | int]]:
    """The heat map's numbers: per block, how many notes each stakeholder gave; ⚠ where only one side wrote."""
    single = set(cov.single_voice_blocks())
    return [
        {"Blok": ("⚠ " if b.id in single else "") + b.title, **{role_info(r).label: cov.count(b.id, r) for r in roles}}
        for b in BLOCKS
    ]
