"""The community's pure functions: grouping what members said alike, the merged table, blok naast blok, filters.

The grouping threshold is checked on Dutch bullets of the four demo cases of seed 001 (demo/workshops.json).
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest

from canvas.blocks import BLOCKS_BY_ID, Question
from canvas.community import (
    GEDEELD_ROW,
    GROUP_THRESHOLD,
    Bullet,
    ItemKind,
    LibraryItem,
    MemberPerspective,
    OverviewRow,
    Sharing,
    SourceKind,
    block_side_by_side,
    filter_library,
    filter_overview,
    group_similar,
    merged_table,
    row_label,
    same_thing,
)
from canvas.model import Phase
from canvas.rounds import Ronde
from demo import demo_cases
from stakeholders.roles import Role

NAMES = {1: "NexTechnician", 2: "Startplein Techniek Rivierenland", 3: "Toekomst in de Maakindustrie"}


def _bullet(member: int, text: str, *, role: Role | None = Role.OVERHEID, block_id: str = "sociale_impact"):
    return Bullet(
        samenwerking_id=member,
        samenwerking=NAMES.get(member, f"PPS {member}"),
        role=role,
        question=BLOCKS_BY_ID[block_id].feeds,
        block_id=block_id,
        text=text,
        kind=SourceKind.GEDEELD if role is None else SourceKind.NOTITIE,
    )


def _member(member: int, *bullets: Bullet, notes: bool = True) -> MemberPerspective:
    return MemberPerspective(
        samenwerking_id=member, samenwerking=NAMES.get(member, f"PPS {member}"), sharing=Sharing(notes=notes),
        bullets=bullets,
    )  # fmt: skip


# Pairs from two different demo cases, one stakeholder, one question: said alike, and not.
ALIKE = [
    ("Inclusieve arbeidsmarkt in de regio", "Inclusieve arbeidsmarkt in de polder"),
    ("Reguliere OCW-bekostiging per BBL-student", "Reguliere bekostiging voor BBL-studenten"),
    (
        "Zij-instromers die een BBL-diploma halen",
        "Zij-instromers die een erkend certificaat of BBL-diploma willen halen",
    ),
    ("Klantmanagers die de kandidaten goed kennen", "Klantmanagers die de werkzoekende kennen"),
    ("Aantal mensen dat uitstroomt uit de uitkering naar werk", "Uitstroom uit de uitkering"),
]
APART = [
    ("Docenten, lokalen en werkplaatsen", "Praktijklokalen en docenten techniek"),
    ("Docenten, lokalen en werkplaatsen", "Vaktaal oefenen op de werkplek"),
    (
        "Nauwer contact met de trajectcoach over de voortgang van de student",
        "Nauwer contact met bedrijven over wat ze echt vragen",
    ),
    ("Klantmanagers en werkpleinen bereiken de kandidaten", "Werkgeversdienstverlening en klantmanagers"),
]


@pytest.mark.parametrize(("a", "b"), ALIKE)
def test_bullets_that_say_the_same_thing_score_at_least_the_threshold(a, b):
    assert same_thing(a, b) >= GROUP_THRESHOLD
    assert len(group_similar([_bullet(1, a), _bullet(2, b)])) == 1


@pytest.mark.parametrize(("a", "b"), APART)
def test_bullets_that_only_share_a_word_stay_apart(a, b):
    assert same_thing(a, b) < GROUP_THRESHOLD
    assert len(group_similar([_bullet(1, a), _bullet(2, b)])) == 2


def _demo_bullets() -> list[tuple[str, Role, Question, str]]:
    found = []
    for case in demo_cases():
        for person in case["participants"]:
            for block_id, texts in person["notes"].items():
                found += [(case["code"], person["role"], BLOCKS_BY_ID[block_id].feeds, t) for t in texts]
    return found


def test_the_threshold_as_measured_on_the_four_demo_cases():
    """The figures in canvas/community.py's docstring: 2,520 cross-case pairs, 19 of them at 70 or more."""
    pairs = [
        same_thing(a[3], b[3])
        for a, b in itertools.combinations(_demo_bullets(), 2)
        if a[0] != b[0] and a[1] == b[1] and a[2] == b[2]
    ]
    assert len(pairs) >= 2_000
    alike = sum(score >= GROUP_THRESHOLD for score in pairs)
    # Few enough that a group means something, enough that the demo table shows groups in most rows.
    assert 10 <= alike <= 40, alike


def test_groups_shared_by_more_samenwerkingen_come_first_and_keep_every_bullet():
    bullets = [
        _bullet(1, "Trajectbudgetten en jobcoaches"),
        _bullet(1, "Inclusieve arbeidsmarkt in de regio"),
        _bullet(2, "Subsidie voor de opleiding"),
        _bullet(3, "Inclusieve arbeidsmarkt in de polder"),
    ]
    groups = group_similar(bullets)
    assert [len(g.bullets) for g in groups] == [2, 1, 1]
    assert groups[0].shared and groups[0].samenwerkingen == ("NexTechnician", "Toekomst in de Maakindustrie")
    assert [b.text for g in groups for b in g.bullets] == [
        "Inclusieve arbeidsmarkt in de regio",
        "Inclusieve arbeidsmarkt in de polder",
        "Trajectbudgetten en jobcoaches",
        "Subsidie voor de opleiding",
    ]


def test_the_merged_table_has_a_gedeeld_row_and_the_stakeholders_when_notes_are_shared():
    gedeeld = _bullet(1, "Tekort aan technici", role=None, block_id="sociaal_probleem")
    note = _bullet(2, "Tekort aan technisch personeel", role=Role.ONDERNEMER, block_id="sociaal_probleem")
    table = merged_table([_member(1, gedeeld, notes=False), _member(2, note)])
    assert table.rows == ("ondernemer", "overheid", "onderwijs", GEDEELD_ROW)
    question = BLOCKS_BY_ID["sociaal_probleem"].feeds
    assert [b.samenwerking for g in table.cell(GEDEELD_ROW, question) for b in g.bullets] == ["NexTechnician"]
    assert [b.text for g in table.cell("ondernemer", question) for b in g.bullets] == ["Tekort aan technisch personeel"]
    assert table.cell("overheid", question) == ()
    assert row_label(GEDEELD_ROW).startswith("Samen") and row_label("onderwijs") == "Onderwijs"
    only_gedeeld = merged_table([_member(1, gedeeld, notes=False)])
    assert only_gedeeld.rows == (GEDEELD_ROW,)


def test_the_demo_cases_merged_read_like_seed_001s_table():
    """Every stakeholder row holds bullets of all four cases, and several cells show what cases said alike."""
    members = []
    for i, case in enumerate(demo_cases(), start=1):
        bullets = [
            _bullet(i, t, role=Role(person["role"]), block_id=b)
            for person in case["participants"]
            for b, texts in person["notes"].items()
            for t in texts
        ]
        members.append(_member(i, *bullets))
    table = merged_table(members)
    for role in ("ondernemer", "overheid", "onderwijs"):
        sources = {b.samenwerking_id for q in Question for g in table.cell(role, q) for b in g.bullets}
        assert sources == {1, 2, 3, 4}
    shared = [g for r in table.rows for q in Question for g in table.cell(r, q) if g.shared]
    assert len(shared) >= 8
    assert any(
        {"Inclusieve arbeidsmarkt in de regio", "Inclusieve arbeidsmarkt in de polder"} <= {b.text for b in g.bullets}
        for g in shared
    )


def test_blok_naast_blok_gives_every_member_a_column_even_when_empty():
    gedeeld = _bullet(1, "Subsidie van de provincie", role=None, block_id="financiering")
    note = _bullet(2, "Werkgevers betalen de opleiding", role=Role.ONDERNEMER, block_id="financiering")
    other_block = _bullet(3, "Iets over kosten", role=None, block_id="kosten")
    columns = block_side_by_side(
        [_member(1, gedeeld, notes=False), _member(2, note), _member(3, other_block)], "financiering"
    )
    assert [c.samenwerking for c in columns] == list(NAMES.values())
    assert columns[0].gedeeld == "Subsidie van de provincie" and not columns[0].shares_notes
    assert [n.text for n in columns[1].notes] == ["Werkgevers betalen de opleiding"]
    assert columns[2].empty
    with pytest.raises(KeyError):
        block_side_by_side([], "geen_blok")


def _ronde(number: int, phase: Phase) -> Ronde:
    return Ronde(
        workshop_id=number, code=f"C{number}", number=number, title="t", phase=phase, date=date(2024, 1, number)
    )


def _row(i: int, region: str, phases: list[Phase], partner: str) -> OverviewRow:
    return OverviewRow(
        samenwerking_id=i, name=NAMES[i], region=region, partners={Role.OVERHEID: (partner,)},
        rondes=tuple(_ronde(n, p) for n, p in enumerate(phases, start=1)), sharing=Sharing(),
        joined_at=datetime(2024, 1, 1, tzinfo=UTC),
    )  # fmt: skip


def test_the_overview_filters_by_region_phase_and_text():
    rows = [
        _row(1, "Amsterdam", [Phase.EVALUATIE], "Gemeente Amsterdam"),
        _row(2, "Rivierenland", [Phase.ONTWERP, Phase.LOOPTIJD], "Regionaal Werkbedrijf"),
        _row(3, "Noordoostpolder", [Phase.LOOPTIJD], "UWV"),
    ]
    assert [r.samenwerking_id for r in filter_overview(rows, regions=["Amsterdam", "Noordoostpolder"])] == [1, 3]
    assert [r.samenwerking_id for r in filter_overview(rows, phase=Phase.LOOPTIJD)] == [2, 3]
    assert [r.samenwerking_id for r in filter_overview(rows, text="werkBEDRIJF")] == [2]
    assert rows[1].phases == (Phase.ONTWERP, Phase.LOOPTIJD) and rows[1].current_phase is Phase.LOOPTIJD


def test_the_library_filters_by_lesson_region_phase_and_kind():
    base = {"samenwerking_id": 1, "samenwerking": "A", "ronde": 1}
    items = [
        LibraryItem(kind=ItemKind.LES, lesson_id=7, score=2.5, region="Flevoland", phase=Phase.ONTWERP, **base),
        LibraryItem(kind=ItemKind.LEERVRAAG, text="Waarom?", region="Flevoland", phase=Phase.LOOPTIJD, **base),
        LibraryItem(kind=ItemKind.ACTIE, text="Bellen", region="Amsterdam", phase=Phase.ONTWERP, **base),
    ]
    assert filter_library(items, lesson_id=7) == items[:1]
    assert filter_library(items, region="Amsterdam") == items[2:]
    assert filter_library(items, phase=Phase.ONTWERP) == [items[0], items[2]]
    assert filter_library(items, kinds=[ItemKind.LEERVRAAG, ItemKind.ACTIE]) == items[1:]
    assert items[0].title == "Les 7: Formeel en informeel" and "Formeel en informeel" in items[0].search_text
