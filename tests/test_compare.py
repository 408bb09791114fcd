"""Comparing two rondes: nieuw / verdwenen / gebleven per block and stakeholder, silences, lesson spread.

Pure functions on Dutch notes; the threshold is checked against the demo cases of seed 001.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from canvas.compare import (
    SIMILARITY_THRESHOLD,
    Change,
    RondeContent,
    by_block_and_role,
    compare_notes,
    engagement,
    lesson_spread,
    lesson_trend,
    similarity,
)
from canvas.lessons import LESSON_QUESTION, LESSONS, UnknownLesson, lesson
from canvas.model import Note, Participant, Phase
from canvas.rounds import LessonScore, Partner, Ronde, guess_role, parse_partners
from demo import demo_cases
from stakeholders.roles import Role
from tests.conftest import SEED_EXCERPT

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
_ids = itertools.count(1)


def note(block: str, role: Role, text: str, *, organisation: str = "", participant: int = 1) -> Note:
    i = next(_ids)
    return Note(
        id=i,
        workshop_id=1,
        participant_id=participant,
        block_id=block,
        text=text,
        created_at=T0 + timedelta(seconds=i),
        updated_at=T0 + timedelta(seconds=i),
        author_name="X",
        author_organisation=organisation,
        role=role,
    )


def person(role: Role, organisation: str) -> Participant:
    return Participant(id=next(_ids), workshop_id=1, name="Y", organisation=organisation, role=role, joined_at=T0)


def ronde(number: int) -> Ronde:
    return Ronde(workshop_id=number, code=f"R{number}", number=number, title="t", phase=Phase.LOOPTIJD)


# Notes rewritten for a next ronde (same thought, other words) and notes whose meaning changed.
REWRITTEN = [
    ("Enorme krapte aan schadehersteltechnici en tweewielermonteurs",
     "Nog steeds enorme krapte aan schadehersteltechnici en tweewielermonteurs"),
    ("Scholieren kiezen zelden voor onze branche: we zijn onzichtbaar",
     "Scholieren kiezen nog zelden voor onze branche"),
    ("Uren van leermeesters en onze werkplaats als leeromgeving",
     "Uren van onze leermeesters, de werkplaats blijft de leeromgeving"),
    ("Het netwerk van bedrijven: dat is de echte kracht", "Het netwerk van bedrijven blijft de echte kracht"),
    ("Gastlessen door onze leermeesters", "Gastlessen door leermeesters, nu ook op het vmbo"),
    ("Korte lijn met de school over wat wij nodig hebben", "Korte lijnen met school over wat we nodig hebben"),
    ("Loopbaanoriëntatie en open dagen op scholen", "Open dagen en loopbaanoriëntatie op scholen"),
]  # fmt: skip
CHANGED = [
    ("Enorme krapte aan schadehersteltechnici en tweewielermonteurs",
     "Krapte is minder sinds de eerste lichting zij-instromers"),
    ("Gastlessen door onze leermeesters", "Leermeesters hebben geen tijd meer voor gastlessen"),
]  # fmt: skip


@pytest.mark.parametrize(("then", "now"), REWRITTEN)
def test_a_rewritten_note_counts_as_kept(then, now):
    assert similarity(then, now) >= SIMILARITY_THRESHOLD


@pytest.mark.parametrize(("then", "now"), CHANGED)
def test_a_note_whose_meaning_changed_does_not_count_as_kept(then, now):
    assert similarity(then, now) < SIMILARITY_THRESHOLD


def test_no_two_different_demo_notes_of_one_side_in_one_block_count_as_the_same():
    """The threshold's other side: in the four demo cases, distinct notes never reach it."""
    pairs = 0
    for case in demo_cases():
        per_group: dict[tuple[str, str], list[str]] = {}
        for p in case["participants"]:
            for block_id, texts in p["notes"].items():
                per_group.setdefault((block_id, p["role"]), []).extend(texts)
        for texts in per_group.values():
            for a, b in itertools.combinations(texts, 2):
                pairs += 1
                assert similarity(a, b) < SIMILARITY_THRESHOLD, (a, b)
    assert pairs > 100


def test_compare_marks_new_gone_and_kept_per_block_and_stakeholder():
    before = [
        note("sociaal_probleem", Role.ONDERNEMER, "Het netwerk van bedrijven: dat is de echte kracht"),
        note("sociaal_probleem", Role.ONDERNEMER, "Uitzendbureaus leveren snel, maar zelden mensen die blijven"),
        note("kosten", Role.OVERHEID, "Startsubsidie van de gemeente voor de PPS"),
    ]
    after = [
        note("sociaal_probleem", Role.ONDERNEMER, "Het netwerk van bedrijven blijft de echte kracht"),
        note("sociaal_probleem", Role.ONDERNEMER, "Eigen wervingscampagne via sociale media"),
        # Same words, but another stakeholder: not the overheid's note that stayed.
        note("kosten", Role.ONDERWIJS, "Startsubsidie van de gemeente voor de PPS"),
    ]
    changes = compare_notes(before, after)
    marks = [(c.block_id, c.role, c.change, c.text) for c in changes]
    assert marks == [
        ("sociaal_probleem", Role.ONDERNEMER, Change.GEBLEVEN, "Het netwerk van bedrijven blijft de echte kracht"),
        ("sociaal_probleem", Role.ONDERNEMER, Change.NIEUW, "Eigen wervingscampagne via sociale media"),
        (
            "sociaal_probleem",
            Role.ONDERNEMER,
            Change.VERDWENEN,
            "Uitzendbureaus leveren snel, maar zelden mensen die blijven",
        ),
        ("kosten", Role.OVERHEID, Change.VERDWENEN, "Startsubsidie van de gemeente voor de PPS"),
        ("kosten", Role.ONDERWIJS, Change.NIEUW, "Startsubsidie van de gemeente voor de PPS"),
    ]
    kept = changes[0]
    assert kept.before is not None and kept.before.text.endswith("echte kracht") and kept.similarity >= 70
    grouped = by_block_and_role(changes)
    assert len(grouped) == 18 and grouped["oplossing"] == {}
    assert [c.change for c in grouped["kosten"][Role.OVERHEID]] == [Change.VERDWENEN]


def test_each_old_note_is_kept_by_at_most_one_new_note_the_closest():
    before = [note("kanalen", Role.ONDERWIJS, "Open dagen op scholen")]
    after = [
        note("kanalen", Role.ONDERWIJS, "Open dagen op scholen en in het buurthuis"),
        note("kanalen", Role.ONDERWIJS, "Open dagen op de scholen"),
    ]
    changes = compare_notes(before, after)
    assert [(c.change, c.text) for c in changes] == [
        (Change.GEBLEVEN, "Open dagen op de scholen"),
        (Change.NIEUW, "Open dagen op scholen en in het buurthuis"),
    ]


def test_deleted_notes_take_no_part_in_the_comparison():
    gone = note("kosten", Role.OVERHEID, "weg").model_copy(update={"deleted": True})
    assert compare_notes([gone], []) == []


def test_a_stakeholder_that_spoke_before_and_is_silent_now_is_flagged():
    r1 = RondeContent(
        ronde=ronde(1),
        participants=(person(Role.ONDERNEMER, "Zuidberg Techniek"), person(Role.ONDERWIJS, "ROC Friese Poort")),
        notes=(
            note("kosten", Role.ONDERNEMER, "Uren leermeester", organisation="Zuidberg Techniek"),
            note("kosten", Role.ONDERWIJS, "Docenturen", organisation="ROC Friese Poort"),
        ),
    )
    r2 = RondeContent(
        ronde=ronde(2),
        # The school came but wrote nothing; the company did not come at all.
        participants=(person(Role.ONDERWIJS, "roc friese  poort"), person(Role.OVERHEID, "Gemeente Noordoostpolder")),
        notes=(note("kosten", Role.OVERHEID, "Trajectsubsidie", organisation="Gemeente Noordoostpolder"),),
    )
    partners = [Partner(id=1, samenwerking_id=1, organisation="UWV", role=Role.OVERHEID)]
    rows = {(r.kind, r.label): r for r in engagement([r1, r2], partners)}
    assert rows[("rol", "Ondernemer")].notes == (1, 0) and rows[("rol", "Ondernemer")].silent_now
    assert rows[("rol", "Onderwijs")].attendance == (1, 1) and rows[("rol", "Onderwijs")].silent_now
    assert not rows[("rol", "Overheid")].silent_now  # spoke for the first time now
    school = rows[("organisatie", "ROC Friese Poort")]
    assert school.attendance == (1, 1) and school.notes == (1, 0) and school.silent == (False, True)
    assert rows[("organisatie", "Zuidberg Techniek")].silent_now
    uwv = rows[("organisatie", "UWV")]  # a partner that never came: no notes, so never "fell" silent
    assert uwv.attendance == (0, 0) and not uwv.silent_now and uwv.role is Role.OVERHEID
    assert ("rol", "Projectleider") not in rows  # nobody of that side ever came


def score(lesson_id: int, role: Role, value: int, participant: int = 1) -> LessonScore:
    return LessonScore(
        workshop_id=1, participant_id=participant, lesson_id=lesson_id, score=value, updated_at=T0, role=role
    )


def test_lesson_spread_shows_where_the_sides_see_it_most_differently():
    scores = [
        score(3, Role.ONDERNEMER, 2, 1),
        score(3, Role.ONDERNEMER, 4, 2),
        score(3, Role.OVERHEID, 5, 3),
        score(3, Role.ONDERWIJS, 4, 4),
        score(7, Role.ONDERWIJS, 1, 4),
    ]
    spreads = {s.lesson_id: s for s in lesson_spread(scores)}
    assert len(spreads) == 10
    third = spreads[3]
    assert third.per_role[Role.ONDERNEMER].mean == 3 and third.per_role[Role.ONDERNEMER].low == 2
    assert third.spread == 2 and third.lowest_role is Role.ONDERNEMER and third.highest_role is Role.OVERHEID
    assert third.overall == pytest.approx(15 / 4)
    assert spreads[7].spread is None  # one side only: nothing to compare
    assert spreads[1].overall is None and spreads[1].per_role == {}


def test_lesson_trend_gives_the_change_since_the_previous_ronde_with_scores():
    rondes = [
        [score(1, Role.ONDERNEMER, 2), score(1, Role.OVERHEID, 2)],
        [],
        [score(1, Role.ONDERNEMER, 4), score(1, Role.OVERHEID, 5)],
    ]
    first = lesson_trend(rondes)[0]
    assert first.overall == (2, None, 4.5) and first.change == 2.5
    assert first.per_role[Role.OVERHEID] == (2, None, 5)
    assert lesson_trend(rondes)[1].change is None


def test_the_ten_lessons_are_seed_001_verbatim():
    section = SEED_EXCERPT.read_text(encoding="utf-8").split("## Lessen\n", 1)[1]
    assert [x.id for x in LESSONS] == list(range(1, 11))
    for x in LESSONS:
        assert f"{x.id}. {x.text}\n" in section, x.id
    assert lesson(10).title == "Wendbaar blijven" and LESSON_QUESTION == "In hoeverre doen wij dit?"
    with pytest.raises(UnknownLesson, match="1 tot en met 10"):
        lesson(11)


def test_partners_text_becomes_organisations_with_their_side():
    found = parse_partners("Regionaal Werkbedrijf Flevoland, gemeente Dronten; MBO College Almere,\nUWV, , uwv")
    assert found == [
        ("Regionaal Werkbedrijf Flevoland", Role.OVERHEID),
        ("Gemeente Dronten", Role.OVERHEID),
        ("MBO College Almere", Role.ONDERWIJS),
        ("UWV", Role.OVERHEID),
    ]
    assert guess_role("Techniekbedrijven in Lelystad") is Role.ONDERNEMER
    assert guess_role("Stichting Vrienden") is Role.OVERIG
