"""JSON backup and restore of workshops: everything, so a restored workshop works as before.

A backup holds each workshop with its facilitator key hash, reveal state and settings; its participants with
their token hash (so private links keep working); every note with its full version history, deleted notes
included; and every version of every shared conclusion. Database ids stay out of the file: participants are
known by their token hash, notes live under their author, so a backup restored into another database and
backed up again gives the same file.

The synthesis (issue 13) rides along in version 2 as three optional lists per workshop: ``synthesis`` (the
bullets with their versions and the notes they sum up), ``group_decisions`` and ``vote_sessions`` (each with
its votes). A note is referred to by its author's token hash and its place in that author's list, a bullet by
its place in ``synthesis``. A version-2 file without them (made before the synthesis) restores as before.

Schema version 2 adds the samenwerking: each with its partners and actions (the owner by its place in the
partners list), and per workshop its ronde number, lesson scores (under their participant) and leervragen.
A version-1 file still restores: its workshops of one PPS name become the rondes of one new samenwerking.
Monitoring (issue 21) adds, per workshop and optional: ``kenmerken``, ``results``, ``factors_revealed``,
``themes``, ``factors`` (under their author's token hash, their theme by its place) and, per leervraag, its
theme, cell of Tabel 4.2, status and answer; per action the leervraag it answers (a ronde's code and place).

Restore is all or nothing, in one transaction: a malformed file, a newer schema version or a workshop code
that already exists is refused with a Dutch message and changes nothing.

This module knows the file format; the store reads and writes the rows (``Store.export_workshop_rows`` and
``Store.restore_workshops``), so only ``data/`` touches sessions and tables.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from canvas.blocks import BLOCKS_BY_ID, Question
from canvas.clock import as_utc, now
from canvas.kenmerken import MIN_START_YEAR, choice
from canvas.lessons import LESSONS_BY_ID, MAX_SCORE, MIN_SCORE
from canvas.model import MAX_NOTE_LENGTH, NoteSource, Phase, Workshop
from canvas.monitoring import MAX_FACTOR_LENGTH, Dimension, FactorKind, LeervraagStatus, Level
from canvas.resultaten import MAX_RESULT, result
from canvas.rounds import ActionStatus
from canvas.synthesis import MAX_BULLET_LENGTH, MAX_VOTES, ItemKind
from canvas.text import NO_CONTROL_CHARS_PATTERN as _NO_CONTROL
from data.limits import (
    MAX_ACTION_LENGTH,
    MAX_CONCLUSION_LENGTH,
    MAX_NAME_LENGTH,
    MAX_ORGANISATION_LENGTH,
    MAX_REMARK_LENGTH,
    MAX_SUB_ROLE_LENGTH,
    MAX_TITLE_LENGTH,
)
from data.store import (
    CODE_ALPHABET,
    InvalidInput,
    RestoreConflict,
    Store,
)
from stakeholders.roles import Role

__all__ = ["APP", "SCHEMA_VERSION", "InvalidBackup", "backup", "backup_json", "restore"]

APP = "pps-canvas"
SCHEMA_VERSION = 3


class InvalidBackup(InvalidInput):
    """A backup file that cannot be restored; nothing was changed."""


# -- the file format ----------------------------------------------------------------------------------

NoteText = Annotated[str, StringConstraints(max_length=MAX_NOTE_LENGTH, pattern=_NO_CONTROL)]
NameText = Annotated[str, StringConstraints(max_length=MAX_NAME_LENGTH, pattern=_NO_CONTROL)]
OrganisationText = Annotated[str, StringConstraints(max_length=MAX_ORGANISATION_LENGTH, pattern=_NO_CONTROL)]
SubRoleText = Annotated[str, StringConstraints(max_length=MAX_SUB_ROLE_LENGTH, pattern=_NO_CONTROL)]
TitleText = Annotated[str, StringConstraints(max_length=MAX_TITLE_LENGTH, pattern=_NO_CONTROL)]
LongText = Annotated[str, StringConstraints(max_length=MAX_CONCLUSION_LENGTH, pattern=_NO_CONTROL)]
Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
RemarkText = Annotated[
    str, StringConstraints(max_length=max(MAX_REMARK_LENGTH, MAX_ACTION_LENGTH), pattern=_NO_CONTROL)
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _known_block(value: str) -> str:
    if value not in BLOCKS_BY_ID:
        raise ValueError(f"onbekend blok {value!r}")
    return value


class VersionData(_Strict):
    version: int = Field(ge=1)
    text: NoteText
    saved_at: datetime


class NoteData(_Strict):
    block_id: str
    text: NoteText
    version: int = Field(ge=1)
    deleted: bool
    created_at: datetime
    updated_at: datetime
    # Schema 3 (issue 22): where the note came from and whether it is a quote; older backups hold workshop notes.
    source: NoteSource = NoteSource.WORKSHOP
    quote: bool = False
    versions: list[VersionData]

    _block = field_validator("block_id")(_known_block)


class LessonScoreData(_Strict):
    lesson_id: int = Field(ge=min(LESSONS_BY_ID), le=max(LESSONS_BY_ID))
    score: int = Field(ge=MIN_SCORE, le=MAX_SCORE)
    remark: RemarkText = ""
    updated_at: datetime


class ParticipantData(_Strict):
    token_hash: Hash
    name: NameText
    organisation: OrganisationText
    role: Role
    sub_role: SubRoleText
    joined_at: datetime
    interviewer: NameText = ""
    notes: list[NoteData]
    lesson_scores: list[LessonScoreData] = []


class LeervraagData(_Strict):
    text: RemarkText
    created_at: datetime
    # Monitoring (issue 21): its theme (place in the workshop's themes), cell of Tabel 4.2, status, answer.
    theme: int | None = Field(default=None, ge=0)
    dimension: Dimension | Literal[""] = ""
    level: Level | Literal[""] = ""
    status: LeervraagStatus = LeervraagStatus.OPEN
    answer: RemarkText = ""
    ronde_answered: int | None = Field(default=None, ge=1)


class ThemeData(_Strict):
    title: TitleText
    created_at: datetime


class FactorData(_Strict):
    participant: Hash
    kind: FactorKind
    text: Annotated[str, StringConstraints(max_length=MAX_FACTOR_LENGTH, pattern=_NO_CONTROL)]
    theme: int | None = Field(default=None, ge=0)
    deleted: bool = False
    created_at: datetime


class LeervraagRef(_Strict):
    workshop: Annotated[str, StringConstraints(pattern=f"^[{CODE_ALPHABET}]{{4,16}}$")]
    place: int = Field(ge=0)


class PartnerData(_Strict):
    organisation: TitleText
    role: Role


class ActionData(_Strict):
    text: RemarkText
    owner: int = Field(ge=0)  # the owner's place in the samenwerking's partners list
    ronde_created: int = Field(ge=1)
    person: NameText = ""
    due: date | None = None
    status: ActionStatus
    outcome: RemarkText = ""
    ronde_closed: int | None = None
    created_at: datetime
    updated_at: datetime
    leervraag: LeervraagRef | None = None


class SamenwerkingData(_Strict):
    ref: int = Field(ge=1)  # how the workshops of this file point at it; not a database id
    name: Annotated[str, StringConstraints(max_length=200, pattern=_NO_CONTROL)]
    region: Annotated[str, StringConstraints(max_length=200, pattern=_NO_CONTROL)]
    theme: RemarkText
    created_at: datetime
    partners: list[PartnerData]
    actions: list[ActionData]


class ConclusionData(_Strict):
    block_id: str
    version: int = Field(ge=1)
    text: LongText
    saved_at: datetime

    _block = field_validator("block_id")(_known_block)


class NoteRef(_Strict):
    """A note by its author's token hash and its place in that author's list (database ids stay out)."""

    participant: Hash
    note: int = Field(ge=0)


BulletText = Annotated[str, StringConstraints(max_length=MAX_BULLET_LENGTH, pattern=_NO_CONTROL)]


class BulletVersionData(_Strict):
    version: int = Field(ge=1)
    text: BulletText
    saved_at: datetime


class BulletData(_Strict):
    role: Role
    question: Question
    position: int
    text: BulletText
    version: int = Field(ge=1)
    removed: bool
    created_at: datetime
    updated_at: datetime
    versions: list[BulletVersionData]
    notes: list[NoteRef]


class GroupDecisionData(_Strict):
    scope: Annotated[str, StringConstraints(max_length=80, pattern=_NO_CONTROL)]
    notes: list[NoteRef] = Field(min_length=2)
    accepted: bool
    decided_at: datetime


class VoteData(_Strict):
    participant: Hash
    # A note (NoteRef) or a bullet, by its place in the workshop's synthesis list: exactly one of the two.
    note: NoteRef | None = None
    bullet: int | None = Field(default=None, ge=0)
    cast_at: datetime


class VoteSessionData(_Strict):
    kind: ItemKind
    blocks: list[str]
    votes_per_participant: int = Field(ge=1, le=MAX_VOTES)
    opened_at: datetime
    closed_at: datetime | None
    votes: list[VoteData]

    @field_validator("blocks")
    @classmethod
    def _known_blocks(cls, value: list[str]) -> list[str]:
        for block_id in value:
            _known_block(block_id)
        return value


class KenmerkenData(_Strict):
    """A ronde's kenmerken (``canvas.kenmerken``); each value from its list, checked again by ``_check_monitoring``."""

    type: str = ""
    initiator: str = ""
    transitions: Annotated[str, StringConstraints(max_length=400)] = ""
    target_groups: Annotated[str, StringConstraints(max_length=400)] = ""
    scope: str = ""
    region: TitleText = ""
    start_year: int | None = Field(default=None, ge=MIN_START_YEAR, le=2100)
    development_phase: str = ""
    updated_at: datetime

    @field_validator("type", "initiator", "scope", "development_phase", "transitions", "target_groups")
    @classmethod
    def _known_choices(cls, value: str, info: ValidationInfo) -> str:
        for part in value.split():
            choice(info.field_name, part)  # an UnknownChoice is a ValueError: a validation error
        return value


class ResultData(_Strict):
    result_id: str
    value: int = Field(ge=0, le=MAX_RESULT)
    source: RemarkText
    updated_at: datetime

    @field_validator("result_id")
    @classmethod
    def _known_result(cls, value: str) -> str:
        return result(value).id  # an UnknownResult is a ValueError: a validation error


class WorkshopData(_Strict):
    code: Annotated[str, StringConstraints(pattern=f"^[{CODE_ALPHABET}]{{4,16}}$")]
    pps_name: TitleText
    title: TitleText
    region: TitleText
    phase: Phase
    date: date | None
    partners: LongText
    closed: bool
    revealed_all: bool
    revealed_blocks: list[str]
    anonymous: bool
    facilitator_key_hash: Hash
    created_at: datetime
    participants: list[ParticipantData]
    conclusions: list[ConclusionData]
    samenwerking: int | None = None
    ronde: int = Field(default=1, ge=1)
    lessons_revealed: bool = False
    leervragen: list[LeervraagData] = []
    # The synthesis (issue 13); absent in backups made before it, so those still restore.
    synthesis: list[BulletData] = []
    group_decisions: list[GroupDecisionData] = []
    vote_sessions: list[VoteSessionData] = []
    # Monitoring (issue 21); absent in backups made before it.
    kenmerken: KenmerkenData | None = None
    results: list[ResultData] = []
    factors_revealed: bool = False
    themes: list[ThemeData] = []
    factors: list[FactorData] = []

    @field_validator("revealed_blocks")
    @classmethod
    def _known_blocks(cls, value: list[str]) -> list[str]:
        for block_id in value:
            _known_block(block_id)
        return value


class BackupData(_Strict):
    app: Literal["pps-canvas"]
    schema_version: Literal[1, 2, 3]
    created_at: datetime
    workshops: list[WorkshopData]
    samenwerkingen: list[SamenwerkingData] = []


# -- backup -------------------------------------------------------------------------------------------


def backup(store: Store, code: str | None = None) -> dict[str, Any]:
    """The backup of one workshop (by code) or of all workshops, as plain JSON data."""
    rows = store.export_workshop_rows(code)
    return {
        "app": APP,
        "schema_version": SCHEMA_VERSION,
        "created_at": _iso(now()),
        "workshops": _jsonable(rows["workshops"]),
        "samenwerkingen": _jsonable(rows["samenwerkingen"]),
    }


def backup_json(store: Store, code: str | None = None) -> str:
    return json.dumps(backup(store, code), ensure_ascii=False, indent=2) + "\n"


def _iso(moment: datetime) -> str:
    return as_utc(moment).isoformat()


def _jsonable(value: Any) -> Any:
    """The store's plain data as JSON data: moments as ISO 8601 in UTC, dates as ``YYYY-MM-DD``."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# -- restore ------------------------------------------------------------------------------------------


def parse(raw: str | bytes | dict[str, Any]) -> BackupData:
    """Read and check a backup; ``InvalidBackup`` with a Dutch sentence when it is not one we can restore."""
    if isinstance(raw, dict):
        data: Any = raw
    else:
        try:
            data = json.loads(raw)
        except UnicodeDecodeError:
            raise InvalidBackup("Dit bestand is geen tekst in UTF-8 en dus geen PPS Canvas-back-up.") from None
        except json.JSONDecodeError as error:
            raise InvalidBackup(
                f"Dit bestand is geen geldige JSON (regel {error.lineno}, kolom {error.colno}); "
                "het is geen PPS Canvas-back-up of het is beschadigd."
            ) from None
    if not isinstance(data, dict) or data.get("app") != APP:
        raise InvalidBackup("Dit bestand is geen back-up van PPS Canvas.")
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise InvalidBackup(
            f"Deze back-up komt uit een nieuwere versie van PPS Canvas (schemaversie {version}; deze app kent "
            f"versie {SCHEMA_VERSION}). Werk de app eerst bij."
        )
    try:
        return BackupData.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = _where(first["loc"])
        problem = "ontbreekt" if first["type"] == "missing" else "heeft een ongeldige waarde"
        raise InvalidBackup(
            f"Deze back-up is beschadigd of onvolledig: {where} {problem}. Er is niets teruggezet."
        ) from None


_ITEM_NAMES = {
    "workshops": "workshop",
    "participants": "deelnemer",
    "notes": "notitie",
    "versions": "versie",
    "conclusions": "gedeeld perspectief",
    "synthesis": "punt van de synthese",
    "group_decisions": "groep",
    "vote_sessions": "stemming",
    "votes": "stem",
}


def _where(location: tuple[int | str, ...]) -> str:
    """A validation error's place in words: ``workshop 1, deelnemer 2, veld name``."""
    parts: list[str] = []
    for i, part in enumerate(location):
        if isinstance(part, int):
            parts[-1] = f"{_ITEM_NAMES.get(str(location[i - 1]), 'onderdeel')} {part + 1}"
        else:
            parts.append(f"veld {part}")
    return ", ".join(parts) or "het bestand"


def restore(store: Store, raw: str | bytes | dict[str, Any]) -> list[Workshop]:
    """Put the workshops of a backup into the store, all or nothing; returns the restored workshops."""
    parsed = parse(raw)
    codes = [w.code for w in parsed.workshops]
    if not codes:
        raise InvalidBackup("Deze back-up bevat geen workshops.")
    if len(set(codes)) != len(codes):
        raise InvalidBackup("Deze back-up bevat dezelfde workshopcode twee keer.")
    for w in parsed.workshops:
        _check_synthesis(w)
        _check_monitoring(w)
    samenwerkingen = None
    if parsed.schema_version >= 2:
        _check_samenwerkingen(parsed)
        samenwerkingen = [s.model_dump() for s in parsed.samenwerkingen]
    try:
        return store.restore_workshops([w.model_dump() for w in parsed.workshops], samenwerkingen)
    except RestoreConflict as error:
        # An existing code or a clash with rows already there: the store's sentence, as a backup error.
        raise InvalidBackup(str(error)) from None


def _check_samenwerkingen(parsed: BackupData) -> None:
    """Version 2: every ref once, every workshop's samenwerking in the file, every action owner a partner."""
    refs = {s.ref for s in parsed.samenwerkingen}
    if len(refs) != len(parsed.samenwerkingen):
        raise InvalidBackup("Deze back-up bevat dezelfde samenwerking twee keer; er is niets teruggezet.")
    for w in parsed.workshops:
        if w.samenwerking not in refs:
            raise InvalidBackup(
                f"Workshop {w.code} in deze back-up hoort bij een samenwerking die er niet in staat; "
                "er is niets teruggezet."
            )
    leervragen = {w.code: (w.samenwerking, len(w.leervragen)) for w in parsed.workshops}
    for s in parsed.samenwerkingen:
        for a in s.actions:
            link = a.leervraag
            if link and (
                leervragen.get(link.workshop, (None, 0))[0] != s.ref or link.place >= leervragen[link.workshop][1]
            ):
                raise InvalidBackup(
                    f"Een actie van {s.name} in deze back-up verwijst naar een leervraag die er niet in staat; "
                    "er is niets teruggezet."
                )
        if any(a.owner >= len(s.partners) for a in s.actions):
            raise InvalidBackup(
                f"Een actie van {s.name} in deze back-up heeft een eigenaar die geen partner is; "
                "er is niets teruggezet."
            )


def _check_monitoring(w: WorkshopData) -> None:
    """Every factor's author is a participant of the workshop; every theme place is one of its themes."""
    people = {p.token_hash for p in w.participants}
    places = [f.theme for f in w.factors] + [q.theme for q in w.leervragen]
    if any(f.participant not in people for f in w.factors) or any(p is not None and p >= len(w.themes) for p in places):
        raise InvalidBackup(
            f"De factoren of thema's van workshop {w.code} in deze back-up verwijzen naar iets dat er niet in staat; "
            "er is niets teruggezet."
        )
    if any(bool(q.dimension) != bool(q.level) for q in w.leervragen):
        raise InvalidBackup(f"Een leervraag van workshop {w.code} heeft maar half een plek in Tabel 4.2.")


def _check_synthesis(w: WorkshopData) -> None:
    """Every note, participant and bullet a synthesis refers to is in the workshop; each vote names one item."""
    people = {p.token_hash: len(p.notes) for p in w.participants}

    def known(ref: NoteRef) -> bool:
        return ref.note < people.get(ref.participant, 0)

    refs = [r for b in w.synthesis for r in b.notes] + [r for d in w.group_decisions for r in d.notes]
    refs += [v.note for s in w.vote_sessions for v in s.votes if v.note is not None]
    if not all(known(r) for r in refs):
        raise InvalidBackup(
            f"De synthese van workshop {w.code} in deze back-up verwijst naar een notitie die er niet in staat; "
            "er is niets teruggezet."
        )
    for s in w.vote_sessions:
        for v in s.votes:
            if v.participant not in people:
                raise InvalidBackup(
                    f"Een stem in workshop {w.code} hoort bij een deelnemer die niet in deze back-up staat; "
                    "er is niets teruggezet."
                )
            if (v.note is None) == (v.bullet is None) or (v.bullet is not None and v.bullet >= len(w.synthesis)):
                raise InvalidBackup(
                    f"Een stem in workshop {w.code} hoort bij geen notitie of punt; er is niets teruggezet."
                )
