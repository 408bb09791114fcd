"""Plotly figures of the Verloop page, in the stakeholder colours of ``stakeholders.roles.ROLES``.

Colour is never the only cue: every trace is named by its role, markers differ in shape per role, and the
page shows a table with the same numbers beside each chart.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from canvas.compare import EngagementRow, LessonSpread
from canvas.lessons import LESSONS_BY_ID, MAX_SCORE, MIN_SCORE
from canvas.resultaten import RESULTS, RESULTS_BY_ID
from stakeholders.roles import Role, role_info

__all__ = ["PLOT_CONFIG", "engagement_chart", "results_chart", "spread_chart"]

PLOT_CONFIG = {"displayModeBar": False}
_FONT = {"size": 15, "family": "sans-serif"}
_SYMBOLS = {
    Role.ONDERNEMER: "circle",
    Role.OVERHEID: "square",
    Role.ONDERWIJS: "diamond",
    Role.PROJECTLEIDER: "triangle-up",
    Role.OVERIG: "x",
}


def engagement_chart(rows: Sequence[EngagementRow], ronde_labels: Sequence[str]) -> go.Figure:
    """Notes per stakeholder per ronde, as grouped bars; a silent stakeholder's bar reads 'stil'."""
    fig = go.Figure()
    for row in rows:
        info = role_info(row.role)
        fig.add_trace(
            go.Bar(
                name=f"{info.icon} {info.label}",
                x=list(ronde_labels),
                y=list(row.notes),
                text=["stil ⚠" if silent else str(n) for n, silent in zip(row.notes, row.silent, strict=True)],
                textposition="outside",
                textfont={"size": 14, "color": "#222222"},
                marker={"color": info.colour, "line": {"color": "#333333", "width": 1}},
                customdata=list(row.attendance),
                hovertemplate=f"{info.label}<br>%{{x}}: %{{y}} notities, %{{customdata}} aanwezig<extra></extra>",
            )
        )
    top = max((n for row in rows for n in row.notes), default=0)
    fig.update_layout(
        title={"text": "Notities per stakeholder per ronde", "font": {"size": 18}},
        font=_FONT,
        barmode="group",
        height=380,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "y": -0.15, "yanchor": "top", "font": {"size": 15}},
        yaxis={"title": "notities", "range": [0, max(top * 1.2, 5)], "fixedrange": True},
        xaxis={"fixedrange": True},
        plot_bgcolor="#ffffff",
    )
    return fig


def spread_chart(spreads: Sequence[LessonSpread], roles: Sequence[Role]) -> go.Figure:
    """Per lesson the average score of each stakeholder (1-5) as markers on one line: far apart = seen differently."""
    labels = [f"{s.lesson_id}. {LESSONS_BY_ID[s.lesson_id].title}" for s in spreads]
    # Each stakeholder a little above or below the lesson's line, so equal scores do not hide each other.
    offsets = {role: (i - (len(roles) - 1) / 2) * 0.16 for i, role in enumerate(roles)}
    fig = go.Figure()
    for row, s in enumerate(spreads):
        known = [s.per_role[r].mean for r in roles if r in s.per_role]
        if len(known) >= 2:
            fig.add_trace(
                go.Scatter(
                    x=[min(known), max(known)],
                    y=[row, row],
                    mode="lines",
                    line={"color": "#9a9a9a", "width": 3},
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
    for role in roles:
        info = role_info(role)
        points = [(s.per_role[role].mean, row + offsets[role], labels[row]) for row, s in enumerate(spreads)
                  if role in s.per_role]  # fmt: skip
        fig.add_trace(
            go.Scatter(
                name=f"{info.icon} {info.label}",
                x=[p[0] for p in points],
                y=[p[1] for p in points],
                customdata=[p[2] for p in points],
                mode="markers",
                marker={
                    "color": info.colour,
                    "size": 13,
                    "symbol": _SYMBOLS.get(role, "circle"),
                    "line": {"color": "#222222", "width": 1},
                },
                hovertemplate=f"{info.label}: gemiddeld %{{x:.1f}}<extra>%{{customdata}}</extra>",
            )
        )
    fig.update_layout(
        title={"text": "In hoeverre doen wij dit? Gemiddelde per stakeholder", "font": {"size": 18}},
        font=_FONT,
        height=120 + 38 * len(spreads),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "y": -0.08, "yanchor": "top", "font": {"size": 15}},
        xaxis={"range": [MIN_SCORE - 0.3, MAX_SCORE + 0.3], "dtick": 1, "fixedrange": True, "title": "score 1-5"},
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "fixedrange": True,
            "tickmode": "array",
            "tickvals": list(range(len(labels))),
            "ticktext": labels,
            "showgrid": True,
            "zeroline": False,
        },
        plot_bgcolor="#ffffff",
    )
    return fig


# Results are not stakeholders, but the Okabe-Ito colours are the colour-blind safe set we have (with Tol's wine
# instead of its yellow, too faint on white); each line also has its own marker, its number at its end and the
# table beside the chart, so colour is never the only cue.
_RESULT_STYLES = (
    ("#000000", "circle"),
    ("#D55E00", "square"),
    ("#0072B2", "diamond"),
    ("#009E73", "triangle-up"),
    ("#CC79A7", "x"),
    ("#E69F00", "cross"),
    ("#56B4E9", "star"),
    ("#882255", "hexagon"),
)


def results_chart(series: dict[str, list[int | None]], ronde_labels: Sequence[str]) -> go.Figure:
    """Each result as a line over the rondes (a gap where a ronde has no number), labelled at its last point."""
    fig = go.Figure()
    for result_id, values in series.items():
        # Each result keeps its colour and marker in every samenwerking: by its place in the registry.
        colour, symbol = _RESULT_STYLES[RESULTS.index(RESULTS_BY_ID[result_id]) % len(_RESULT_STYLES)]
        label = RESULTS_BY_ID[result_id].label
        last = max((i for i, v in enumerate(values) if v is not None), default=None)
        fig.add_trace(
            go.Scatter(
                name=label,
                x=list(ronde_labels),
                y=values,
                mode="lines+markers+text",
                connectgaps=False,
                line={"color": colour, "width": 3},
                marker={"color": colour, "size": 12, "symbol": symbol, "line": {"color": "#222222", "width": 1}},
                text=[f"{v}" if i == last else "" for i, v in enumerate(values)],
                textposition="middle right",
                textfont={"size": 14, "color": "#222222"},
                hovertemplate=f"{label}<br>%{{x}}: %{{y}}<extra></extra>",
            )
        )
    top = max((v for values in series.values() for v in values if v is not None), default=0)
    fig.update_layout(
        title={"text": "Resultaten per ronde (totaal sinds de start)", "font": {"size": 18}},
        font=_FONT,
        height=400,
        margin={"l": 10, "r": 30, "t": 60, "b": 10},
        legend={"orientation": "h", "y": -0.15, "yanchor": "top", "font": {"size": 14}},
        yaxis={"title": "aantal", "range": [0, max(top * 1.15, 5)], "fixedrange": True, "rangemode": "tozero"},
        xaxis={"fixedrange": True},
        plot_bgcolor="#ffffff",
    )
    return fig
