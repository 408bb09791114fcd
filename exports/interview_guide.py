"""The interview guide per stakeholder: the canvas's blocks in the order of the walk, each with its guiding
question and the hint questions for that role, and room for notes. Printed as a PDF (``report_pdf``) for an
interviewer who works on paper, or as Word (``report_docx``) to adapt.

The hints are our suggestions, not the publication's questionnaire; the guide says so on its first page.
"""

from __future__ import annotations

from canvas.blocks import BLOCKS_BY_ID, WALK_ORDER
from canvas.hints import hints
from exports.report import Heading, Paragraph, Report
from stakeholders.roles import Role, role_info

__all__ = ["interview_guide", "interview_guide_file_stem"]


def interview_guide(role: Role, *, heading: str = "") -> Report:
    """The guide for interviewing a ``role``; ``heading`` (a workshop's) is printed under the title."""
    label = role_info(role).label
    parts: list = [
        Paragraph(
            "Een leidraad voor een interview, blok voor blok, in de volgorde van Invullen. De eerste vraag bij elk "
            "blok is de vraag van het canvas (Windesheim, 2020); de vragen eronder zijn suggesties voor een "
            f"{label.lower()}, geen vragenlijst uit de publicatie. Laat de geïnterviewde in eigen woorden "
            "antwoorden en noteer letterlijke uitspraken als citaat.",
            muted=True,
        ),
    ]
    for number, block_id in enumerate(WALK_ORDER, start=1):
        blk = BLOCKS_BY_ID[block_id]
        parts.append(Heading(f"{number}. {blk.title}", level=2))
        parts.append(Paragraph(blk.question))
        parts += [Paragraph(q, bullet=True) for q in hints(block_id, role)]
        parts.append(Paragraph("Aantekeningen:\n\n\n", muted=True))
    return Report(
        title=f"Interviewleidraad · {label}",
        subtitle=heading or "Sociale Innovatie Business Model Canvas: PPS Zij-instroom Techniek",
        parts=tuple(parts),
        subject=f"Interviewleidraad voor een {label.lower()}",
    )


def interview_guide_file_stem(role: Role) -> str:
    return f"interviewleidraad-{role.value}"
