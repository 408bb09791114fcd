"""Rows to domain objects: the one place that turns a ``data.tables`` row into its ``canvas`` type.

Every part of the store (``data.store`` and its mixins) reads through these, so a new field of a domain type is
filled in one function, not once per module.
"""

from __future__ import annotations

from collections.abc import Sequence

from canvas.clock import as_utc
from canvas.kenmerken import RondeKenmerken
from canvas.model import Note, NoteSource, Participant, Phase, SharedConclusion, Workshop
from canvas.monitoring import Dimension, Factor, FactorKind, LeervraagStatus, Level, Theme
from canvas.resultaten import ResultValue
from canvas.rounds import Action, ActionStatus, Leervraag, LessonScore, Partner, Ronde, Samenwerking
from data.errors import InvalidInput
from data.tables import (
    ActionRow,
    ConclusionRow,
    FactorRow,
    LeervraagRow,
    LessonScoreRow,
    NoteRow,
    ParticipantRow,
    PartnerRow,
    RondeKenmerkenRow,
    RondeResultRow,
    SamenwerkingRow,
    ThemeRow,
    WorkshopRow,
    split_revealed_blocks,
)
from stakeholders.roles import Role

__all__ = [
    "parse_phase",
    "to_action",
    "to_conclusion",
    "to_factor",
    "to_kenmerken",
    "to_result",
    "to_leervraag",
    "to_lesson_score",
    "to_note",
    "to_participant",
    "to_partner",
    "to_ronde",
    "to_samenwerking",
    "to_theme",
    "to_workshop",
]


def parse_phase(value: Phase | str) -> Phase:
    try:
        return Phase(value)
    except ValueError:
        raise InvalidInput(f"Onbekende fase {value!r}.") from None


def to_workshop(row: WorkshopRow) -> Workshop:
    assert row.id is not None
    return Workshop(
        id=row.id,
        code=row.code,
        pps_name=row.pps_name,
        title=row.title,
        region=row.region,
        phase=Phase(row.phase),
        date=row.date,
        partners=row.partners,
        closed=row.closed,
        revealed_all=row.revealed_all,
        revealed_blocks=frozenset(split_revealed_blocks(row.revealed_blocks)),
        anonymous=row.anonymous,
        created_at=as_utc(row.created_at),
        samenwerking_id=row.samenwerking_id,
        ronde=row.ronde,
        lessons_revealed=row.lessons_revealed,
        factors_revealed=row.factors_revealed,
    )


def to_participant(row: ParticipantRow) -> Participant:
    assert row.id is not None
    return Participant(
        id=row.id,
        workshop_id=row.workshop_id,
        name=row.name,
        organisation=row.organisation,
        role=Role(row.role),
        sub_role=row.sub_role,
        joined_at=as_utc(row.joined_at),
        interviewer=row.interviewer,
    )


def to_note(row: NoteRow, author: ParticipantRow) -> Note:
    assert row.id is not None and author.id is not None
    return Note(
        id=row.id,
        workshop_id=row.workshop_id,
        participant_id=author.id,
        block_id=row.block_id,
        text=row.text,
        version=row.version,
        deleted=row.deleted,
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        author_name=author.name,
        author_organisation=author.organisation,
        role=Role(author.role),
        sub_role=author.sub_role,
        source=NoteSource(row.source),
        quote=row.quote,
        interviewer=author.interviewer,
    )


def to_conclusion(row: ConclusionRow) -> SharedConclusion:
    return SharedConclusion(
        workshop_id=row.workshop_id,
        block_id=row.block_id,
        text=row.text,
        version=row.version,
        updated_at=as_utc(row.saved_at),
    )


def to_partner(row: PartnerRow) -> Partner:
    assert row.id is not None
    return Partner(id=row.id, samenwerking_id=row.samenwerking_id, organisation=row.organisation, role=Role(row.role))


def to_samenwerking(row: SamenwerkingRow, partners: Sequence[PartnerRow]) -> Samenwerking:
    assert row.id is not None
    return Samenwerking(
        id=row.id,
        name=row.name,
        region=row.region,
        theme=row.theme,
        created_at=as_utc(row.created_at),
        partners=tuple(to_partner(p) for p in partners),
    )


def to_ronde(row: WorkshopRow) -> Ronde:
    assert row.id is not None
    return Ronde(
        workshop_id=row.id,
        code=row.code,
        number=row.ronde,
        title=row.title,
        phase=Phase(row.phase),
        date=row.date,
        closed=row.closed,
        lessons_revealed=row.lessons_revealed,
    )


def to_lesson_score(row: LessonScoreRow, author: ParticipantRow) -> LessonScore:
    assert author.id is not None
    return LessonScore(
        workshop_id=row.workshop_id,
        participant_id=author.id,
        lesson_id=row.lesson_id,
        score=row.score,
        remark=row.remark,
        updated_at=as_utc(row.updated_at),
        role=Role(author.role),
        organisation=author.organisation,
        author_name=author.name,
    )


def to_leervraag(row: LeervraagRow, ronde: int, theme_title: str = "") -> Leervraag:
    assert row.id is not None
    return Leervraag(
        id=row.id,
        workshop_id=row.workshop_id,
        text=row.text,
        created_at=as_utc(row.created_at),
        ronde=ronde,
        theme_id=row.theme_id,
        theme_title=theme_title,
        dimension=Dimension(row.dimension) if row.dimension else None,
        level=Level(row.level) if row.level else None,
        status=LeervraagStatus(row.status),
        answer=row.answer,
        ronde_answered=row.ronde_answered,
    )


def to_factor(row: FactorRow, author: ParticipantRow) -> Factor:
    assert row.id is not None and author.id is not None
    return Factor(
        id=row.id,
        workshop_id=row.workshop_id,
        participant_id=author.id,
        kind=FactorKind(row.kind),
        text=row.text,
        role=Role(author.role),
        organisation=author.organisation,
        author_name=author.name,
        theme_id=row.theme_id,
        deleted=row.deleted,
        created_at=as_utc(row.created_at),
    )


def to_theme(row: ThemeRow, factor_ids: Sequence[int]) -> Theme:
    assert row.id is not None
    return Theme(
        id=row.id,
        workshop_id=row.workshop_id,
        title=row.title,
        factor_ids=tuple(factor_ids),
        created_at=as_utc(row.created_at),
    )


def to_action(row: ActionRow, owner: PartnerRow) -> Action:
    assert row.id is not None and owner.id is not None
    return Action(
        id=row.id,
        samenwerking_id=row.samenwerking_id,
        ronde_created=row.ronde_created,
        text=row.text,
        owner_partner_id=owner.id,
        owner_organisation=owner.organisation,
        owner_role=Role(owner.role),
        person=row.person,
        due=row.due,
        status=ActionStatus(row.status),
        outcome=row.outcome,
        ronde_closed=row.ronde_closed,
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        leervraag_id=row.leervraag_id,
    )


def to_kenmerken(row: RondeKenmerkenRow, ronde: int) -> RondeKenmerken:
    return RondeKenmerken(
        workshop_id=row.workshop_id,
        ronde=ronde,
        type=row.type,
        initiator=row.initiator,
        transitions=tuple(row.transitions.split()),
        target_groups=tuple(row.target_groups.split()),
        scope=row.scope,
        region=row.region,
        start_year=row.start_year,
        development_phase=row.development_phase,
    )


def to_result(row: RondeResultRow, ronde: int) -> ResultValue:
    return ResultValue(
        workshop_id=row.workshop_id,
        ronde=ronde,
        result_id=row.result_id,
        value=row.value,
        source=row.source,
        updated_at=as_utc(row.updated_at),
    )
