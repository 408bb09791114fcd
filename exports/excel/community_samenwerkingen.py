"""Sheet Samenwerkingen of the community workbook: every member with partners, rondes and what it shares."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from canvas.community import CommunitySnapshot
from exports.excel.community_common import people, row_values, title, widths
from exports.excel.sizing import fit_rows
from exports.excel.styles import header, print_setup
from stakeholders.roles import MAIN_ROLES, Role

__all__ = ["samenwerkingen_sheet"]


def samenwerkingen_sheet(ws: Worksheet, snapshot: CommunitySnapshot) -> None:
    title(ws, f"Samenwerkingen · {snapshot.community.name}", "Elke samenwerking die meedoet, met wat ze deelt.")
    labels = [
        "Samenwerking", "Regio", "Thema", "Partners ondernemer", "Partners overheid", "Partners onderwijs",
        "Andere partners", "Rondes", "Laatste datum", "Deelnemers (laatste ronde)", "Deelt",
    ]  # fmt: skip
    header(ws, 4, labels)
    widths(ws, [26, 18, 24, 28, 24, 24, 20, 30, 13, 22, 22])
    r = 5
    for row in snapshot.overview:
        others = [o for role, orgs in row.partners.items() if role not in MAIN_ROLES for o in orgs]
        row_values(
            ws,
            r,
            [
                row.name,
                row.region,
                row.theme,
                *(", ".join(row.partners.get(role, ())) for role in (Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS)),
                ", ".join(others),
                "\n".join(x.label for x in row.rondes),
                row.last_date,
                people(row.participants),
                row.sharing.summary,
            ],
        )
        r += 1
    fit_rows(ws, 4, max(4, r - 1))
    ws.freeze_panes = "B5"
    if r > 5:
        ws.auto_filter.ref = f"A4:K{r - 1}"
    print_setup(ws, title_rows="4:4")
