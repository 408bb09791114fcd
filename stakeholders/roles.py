"""The sides a participant can speak for, with their colours and labels.

Colours are Okabe–Ito (colour-blind safe, DESIGN.md) and are never the only cue: every place that shows a
colour also shows the label.

This is the lowest domain layer: it imports nothing of ``canvas``. The hint questions per block per role
(``hints.json`` here) are read by ``canvas.hints``, which knows the blocks.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = ["MAIN_ROLES", "ROLES", "Role", "RoleInfo", "UnknownRole", "parse_role", "role_info", "role_label"]


class UnknownRole(ValueError):
    """A role name that is not one of the five stakeholders."""


class Role(StrEnum):
    ONDERNEMER = "ondernemer"
    OVERHEID = "overheid"
    ONDERWIJS = "onderwijs"
    PROJECTLEIDER = "projectleider"
    OVERIG = "overig"


class RoleInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    role: Role
    label: str
    description: str
    colour: str
    text_colour: str
    icon: str


# text_colour: the colour of text on a note of this colour, chosen for contrast of at least 4.5:1.
ROLES: dict[Role, RoleInfo] = {
    Role.ONDERNEMER: RoleInfo(
        role=Role.ONDERNEMER,
        label="Ondernemer",
        description="Werkgever of techniekbedrijf, brancheorganisatie of opleidingsfonds.",
        colour="#E69F00",
        text_colour="#000000",
        icon="🏭",
    ),
    Role.OVERHEID: RoleInfo(
        role=Role.OVERHEID,
        label="Overheid",
        description="Gemeente, UWV, regionaal werkbedrijf of werkcorporatie.",
        colour="#0072B2",
        text_colour="#FFFFFF",
        icon="🏛️",
    ),
    Role.ONDERWIJS: RoleInfo(
        role=Role.ONDERWIJS,
        label="Onderwijs",
        description="ROC, hogeschool, opleidingsbedrijf of andere onderwijsinstelling.",
        colour="#009E73",
        text_colour="#000000",
        icon="🎓",
    ),
    Role.PROJECTLEIDER: RoleInfo(
        role=Role.PROJECTLEIDER,
        label="Projectleider",
        description="Trekker of coördinator van de samenwerking.",
        colour="#CC79A7",
        text_colour="#000000",
        icon="🧭",
    ),
    Role.OVERIG: RoleInfo(
        role=Role.OVERIG,
        label="Overig",
        description="Andere partner, zoals werkcoach, maatschappelijke organisatie of werkzoekende.",
        colour="#999999",
        text_colour="#000000",
        icon="🤝",
    ),
}

# The three rows of the Perspectieven table of seed 001: always shown, even before anyone of them wrote.
MAIN_ROLES: tuple[Role, ...] = (Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS)


def role_info(role: Role | str) -> RoleInfo:
    return ROLES[parse_role(role)]


def parse_role(value: Role | str) -> Role:
    """A role from its name, case and spaces forgiven; ``UnknownRole`` otherwise."""
    if isinstance(value, Role):
        return value
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        raise UnknownRole(f"Onbekende rol {value!r}; kies uit: {', '.join(r.value for r in Role)}.") from None


def role_label(role: Role | str, sub_role: str = "") -> str:
    """The role as people read it, with the sub-role they typed in brackets: ``Overheid (wethouder)``."""
    label = role_info(role).label
    return f"{label} ({sub_role})" if sub_role else label
