"""Kenmerken: what makes samenwerkingen comparable, each a fixed list taken from the seed documents.

One registry per kenmerk, like ``canvas.blocks.BLOCKS``: pages, exports and the store loop over these and
never spell a choice out themselves.

- ``TYPES``: the three kinds of *Banenmakers* of seed 000 (De Banenmakers, §1 and §4.1: "drie categorieën"):
  sociale ondernemingen, werkgeversnetwerken, platformen.
- ``INITIATORS``: who took the initiative. Seed 000 selects cases by "het aantal initiatiefnemer(s)" and a
  private start; seed 001 sets cases where "ondernemers met een vacaturevraag het voortouw namen" beside
  Toekomst in de Techniek, where the initiative came from the Regionaal Werkbedrijf (overheid).
- ``TRANSITIONS``: the transitions of the transitional labour market model (Schmid 1998) that seed 000 uses:
  werk-naar-werk, werkloosheid-naar-werk, inactiviteit-naar-werk, and scholing-naar-werk ("tussen scholing en
  werk", which seed 000 counts where schooling is the means of the move).
- ``TARGET_GROUPS``: the groups seed 001 names for Toekomst in de Techniek ("WW, Wajong, WIA en de
  Participatiewet"), seed 000's "niet-uitkeringsgerechtigd" inactieven, seed 001's zij-instromers (working
  people from other sectors) and seed 004's "mensen met een kwetsbare arbeidsmarktpositie".
- ``SCOPES``: where it works; seed 000 selects for "landelijke spreiding" between initiatives "die zich op een
  bepaalde regio of plaats richten" and landelijke ones. The region's own name stays free text.
- ``DEVELOPMENT_PHASES``: seed 000's phase model (Figuur 6, "fase van ontwikkeling"): the initiative designs
  its activities and is not yet fully operational; is operational and tests them; is validated and scales up;
  has found a workable scale and continues.

Kenmerken are kept per ronde (``RondeKenmerken``), so a change, of phase above all, shows in Verloop.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = [
    "DEVELOPMENT_PHASES",
    "FIELD_LABELS",
    "INITIATORS",
    "KENMERK_LISTS",
    "MIN_START_YEAR",
    "SCOPES",
    "TARGET_GROUPS",
    "TRANSITIONS",
    "TYPES",
    "Choice",
    "KenmerkChange",
    "RondeKenmerken",
    "UnknownChoice",
    "changes",
    "choice",
]

# The oldest start year accepted: the seeds' cases began in the 2010s; 1990 leaves room for older networks.
MIN_START_YEAR = 1990


class UnknownChoice(ValueError):
    """A value that the list of a kenmerk does not know."""


class Choice(BaseModel):
    """One option of a kenmerk: a stable id for the database, a Dutch label, a line that explains it."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    help: str = ""


TYPES: tuple[Choice, ...] = (
    Choice(id="sociale_onderneming", label="Sociale onderneming", help="Ondernemers met een maatschappelijke missie."),
    Choice(
        id="werkgeversnetwerk",
        label="Werkgeversnetwerk",
        help="Werkgevers die samen banen behouden, creëren en delen.",
    ),
    Choice(
        id="platform",
        label="Platform",
        help="Staat tussen werkgevers en werkzoekenden of werkenden en versoepelt de overstap tussen beide.",
    ),
)

INITIATORS: tuple[Choice, ...] = (
    Choice(id="ondernemers", label="Ondernemers", help="Eén of meer werkgevers met een personeelsvraag."),
    Choice(id="overheid", label="Overheid", help="Gemeente, werkbedrijf, UWV of provincie."),
    Choice(id="onderwijs", label="Onderwijs", help="Een mbo, hogeschool of opleidingsbedrijf."),
    Choice(id="samen", label="Samen", help="Meerdere partijen tegelijk, zonder één trekker."),
)

TRANSITIONS: tuple[Choice, ...] = (
    Choice(id="werk_naar_werk", label="Werk-naar-werk", help="Van betaald werk naar ander betaald werk."),
    Choice(id="werkloosheid_naar_werk", label="Werkloosheid-naar-werk", help="Van een uitkering naar betaald werk."),
    Choice(
        id="inactiviteit_naar_werk",
        label="Inactiviteit-naar-werk",
        help="Van zorg, huishouden of geen uitkering (niet-uitkeringsgerechtigd) naar betaald werk.",
    ),
    Choice(id="scholing_naar_werk", label="Scholing-naar-werk", help="Scholing als middel om aan het werk te komen."),
)

TARGET_GROUPS: tuple[Choice, ...] = (
    Choice(id="ww", label="WW"),
    Choice(id="participatiewet", label="Participatiewet"),
    Choice(id="wajong", label="Wajong"),
    Choice(id="wia", label="WIA"),
    Choice(id="niet_uitkeringsgerechtigd", label="Niet-uitkeringsgerechtigden"),
    Choice(id="zij_instromers", label="Zij-instromers met werk", help="Werkenden die uit een andere sector komen."),
    Choice(
        id="kwetsbare_positie",
        label="Kwetsbare arbeidsmarktpositie",
        help="Mensen met een (situationele) afstand tot de arbeidsmarkt.",
    ),
)

SCOPES: tuple[Choice, ...] = (
    Choice(id="lokaal", label="Lokaal", help="Eén gemeente of plaats."),
    Choice(id="regionaal", label="Regionaal", help="Een arbeidsmarktregio of een paar gemeenten."),
    Choice(id="landelijk", label="Landelijk"),
)

DEVELOPMENT_PHASES: tuple[Choice, ...] = (
    Choice(id="ontwerpen", label="Ontwerpen", help="Ontwerpt activiteiten en organisatievorm; nog niet operationeel."),
    Choice(id="testen", label="Testen", help="Operationeel; test activiteiten en organisatievorm in de praktijk."),
    Choice(id="opschalen", label="Opschalen", help="Gevalideerd en bezig met het opschalen van activiteiten."),
    Choice(id="continueren", label="Continueren", help="Heeft een werkbare schaal gevonden en zet die voort."),
)

# Each list by the name of its field in ``RondeKenmerken`` (the store checks values against these).
KENMERK_LISTS: dict[str, tuple[Choice, ...]] = {
    "type": TYPES,
    "initiator": INITIATORS,
    "transitions": TRANSITIONS,
    "target_groups": TARGET_GROUPS,
    "scope": SCOPES,
    "development_phase": DEVELOPMENT_PHASES,
}

# Dutch names of the fields, for pages, the report and Verloop.
FIELD_LABELS: dict[str, str] = {
    "type": "Type",
    "initiator": "Initiatiefnemer",
    "transitions": "Transities",
    "target_groups": "Doelgroepen",
    "scope": "Reikwijdte",
    "region": "Regio",
    "start_year": "Startjaar",
    "development_phase": "Ontwikkelfase",
}


def choice(field: str, value: str) -> Choice:
    """The option ``value`` of kenmerk ``field``; ``UnknownChoice`` (a Dutch message) otherwise."""
    options = KENMERK_LISTS[field]
    for option in options:
        if option.id == value:
            return option
    known = ", ".join(o.label for o in options)
    raise UnknownChoice(f"{FIELD_LABELS[field]} {value!r} bestaat niet; kies uit: {known}.")


class RondeKenmerken(BaseModel):
    """The kenmerken of a samenwerking as they were in one ronde; an empty field is "nog niet ingevuld"."""

    model_config = ConfigDict(frozen=True)

    workshop_id: int
    ronde: int
    type: str = ""
    initiator: str = ""
    transitions: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    scope: str = ""
    region: str = ""
    start_year: int | None = None
    development_phase: str = ""

    def shown(self, field: str) -> str:
        """The field as a person reads it: labels joined with commas, "" when not filled in."""
        value = getattr(self, field)
        if field in KENMERK_LISTS:
            ids = value if isinstance(value, tuple) else ((value,) if value else ())
            return ", ".join(choice(field, v).label for v in ids)
        return "" if value in (None, "") else str(value)

    @property
    def is_empty(self) -> bool:
        return not any(self.shown(f) for f in FIELD_LABELS)


class KenmerkChange(BaseModel):
    """A kenmerk that differs between one ronde and the one before it."""

    model_config = ConfigDict(frozen=True)

    ronde: int
    field: str
    before: str
    after: str

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


def changes(per_ronde: list[RondeKenmerken]) -> list[KenmerkChange]:
    """Every kenmerk that changed from one ronde to the next, in ronde order (a first filling-in is a change)."""
    found: list[KenmerkChange] = []
    for before, after in zip(per_ronde, per_ronde[1:], strict=False):
        for field in FIELD_LABELS:
            old, new = before.shown(field), after.shown(field)
            if old != new:
                found.append(KenmerkChange(ronde=after.ronde, field=field, before=old, after=new))
    return found
