"""Resultaten: the few numbers a samenwerking follows per ronde, chosen from one registry (``RESULTS``).

Grounded in the results areas of seed 004 ("Ervaringen met vijf jaar inclusieve werkgeversnetwerken", "De
resultaten vanuit de afgelopen vijf jaar"): werkgevers *inspireren en helpen elkaar* (how many take part),
*realiseren plaatsingen*, *staan samen sterker en krijgen knelpunten opgelost*, and *groeien naar een grotere
beweging*. Seed 001's cases add what a placement in the technical sector goes through: candidates start, some
with a BBL-opleiding ("zeven kandidaten na het volgen van een BBL-opleiding aan de slag"), and the aim is a
*duurzame plaatsing*, so the count of those still at work after 6 and 12 months.

Each number is the count since the start of the samenwerking, as known on the date of the ronde, with a short
note on where it comes from (``source``: "registratie werkbedrijf", "eigen telling projectleider"); a number
without a source cannot be weighed by a stuurgroep. About the partnership, never about a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict

__all__ = [
    "MAX_RESULT",
    "RESULTS",
    "RESULTS_AREAS",
    "RESULTS_BY_ID",
    "Result",
    "ResultValue",
    "UnknownResult",
    "result",
    "trend",
]

# A count of candidates or companies; a bigger number is a typing error.
MAX_RESULT = 1_000_000

# The results areas of seed 004, in its words.
RESULTS_AREAS: dict[str, str] = {
    "inspireren": "Elkaar inspireren en helpen",
    "plaatsingen": "Plaatsingen realiseren",
    "knelpunten": "Samen sterker staan: knelpunten opgelost krijgen",
    "groeien": "Groeien naar een grotere beweging",
}


class UnknownResult(ValueError):
    """A result id that the registry does not know."""


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    unit: str
    area: str  # a key of RESULTS_AREAS
    help: str


RESULTS: tuple[Result, ...] = (
    Result(
        id="kandidaten_gestart",
        label="Kandidaten gestart",
        unit="kandidaten",
        area="plaatsingen",
        help="Begonnen aan het traject (selectie, kennismaking, scholing of werk).",
    ),
    Result(
        id="bbl_gestart",
        label="Gestart met een BBL-opleiding",
        unit="kandidaten",
        area="plaatsingen",
        help="Leren en werken tegelijk bij een leerwerkbedrijf.",
    ),
    Result(
        id="geplaatst",
        label="Geplaatst",
        unit="kandidaten",
        area="plaatsingen",
        help="Aan het werk bij een bedrijf van de samenwerking, met een arbeidsovereenkomst.",
    ),
    Result(
        id="werk_6_maanden",
        label="Na 6 maanden nog aan het werk",
        unit="kandidaten",
        area="plaatsingen",
        help="Van wie al zes maanden geleden geplaatst is.",
    ),
    Result(
        id="werk_12_maanden",
        label="Na 12 maanden nog aan het werk",
        unit="kandidaten",
        area="plaatsingen",
        help="Van wie al een jaar geleden geplaatst is.",
    ),
    Result(
        id="bedrijven",
        label="Deelnemende bedrijven",
        unit="bedrijven",
        area="inspireren",
        help="Werkgevers die actief meedoen (kandidaten ontvangen, meedenken, bijeenkomsten).",
    ),
    Result(
        id="knelpunten_opgelost",
        label="Knelpunten opgelost",
        unit="knelpunten",
        area="knelpunten",
        help="In regels of dienstverlening, samen aangekaart bij gemeente, UWV of werkbedrijf en opgelost.",
    ),
    Result(
        id="nieuwe_werkgevers",
        label="Nieuwe inclusieve werkgevers",
        unit="bedrijven",
        area="groeien",
        help="Werkgevers die voor het eerst iemand met een afstand tot de arbeidsmarkt aannamen.",
    ),
)

RESULTS_BY_ID: dict[str, Result] = {r.id: r for r in RESULTS}


def result(result_id: str) -> Result:
    """The result with this id; ``UnknownResult`` (a Dutch message) otherwise."""
    try:
        return RESULTS_BY_ID[result_id]
    except KeyError:
        known = ", ".join(r.label for r in RESULTS)
        raise UnknownResult(f"Er is geen resultaat {result_id!r}; kies uit: {known}.") from None


class ResultValue(BaseModel):
    """One number of one ronde, with where it comes from."""

    model_config = ConfigDict(frozen=True)

    workshop_id: int
    ronde: int
    result_id: str
    value: int
    source: str
    updated_at: datetime

    @property
    def result(self) -> Result:
        return RESULTS_BY_ID[self.result_id]


def trend(values: Sequence[ResultValue], rondes: Sequence[int]) -> dict[str, list[int | None]]:
    """Per result that has a number in some ronde: its value in each of ``rondes`` (``None``: not counted).

    In registry order, so every chart, table and export lists the results the same way.
    """
    by_key = {(v.result_id, v.ronde): v.value for v in values}
    used = {v.result_id for v in values}
    return {r.id: [by_key.get((r.id, n)) for n in rondes] for r in RESULTS if r.id in used}
