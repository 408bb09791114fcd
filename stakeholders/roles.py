"""The sides a participant can speak for, with their colours and the hint questions per block.

Colours are Okabe–Ito (colour-blind safe, DESIGN.md) and are never the only cue: every place that shows a
colour also shows the label.
"""

from __future__ import annotations

import json
from enum import StrEnum
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict

from canvas.blocks import BLOCKS_BY_ID, block

__all__ = ["ROLES", "Role", "RoleInfo", "UnknownRole", "hints", "parse_role", "role_info"]


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

# The three rows of the Perspectieven table of seed 001, followed by the optional roles.
TABLE_ROLES: tuple[Role, ...] = tuple(Role)


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


@cache
def _all_hints() -> dict[str, dict[str, tuple[str, ...]]]:
    raw = json.loads(resources.files("stakeholders").joinpath("hints.json").read_text(encoding="utf-8"))
    return {
        block_id: {role: tuple(questions) for role, questions in per_role.items()}
        for block_id, per_role in raw.items()
        if block_id in BLOCKS_BY_ID
    }


def hints(block_id: str, role: Role | str) -> tuple[str, ...]:
    """One or two questions that help this stakeholder answer this block from their own side."""
    block(block_id)
    return _all_hints().get(block_id, {}).get(parse_role(role).value, ())
