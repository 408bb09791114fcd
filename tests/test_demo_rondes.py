"""The demo case that goes on over time: Toekomst in de Techniek in three rondes (ontwerp → looptijd → evaluatie),
so Verloop shows something true on a fresh start."""

from __future__ import annotations

from canvas.compare import Change, RondeContent, compare_notes, engagement, lesson_trend
from canvas.model import Phase
from canvas.rounds import ActionStatus
from data.store import Store
from tests.demo_copy import load_demo


def test_toekomst_in_de_techniek_has_three_rondes_with_what_changed_scores_and_actions(store: Store):
    keys = load_demo(store)
    first = store.workshop("DRNT24")
    rondes = store.rondes(first.samenwerking_id)
    assert [(r.code, r.number, r.phase) for r in rondes] == [
        ("DRNT24", 1, Phase.ONTWERP), ("DRNT25", 2, Phase.LOOPTIJD), ("DRNT26", 3, Phase.EVALUATIE),
    ]  # fmt: skip
    assert all(r.lessons_revealed for r in rondes)
    # Ronde 2 picks up last time's gedeeld perspectief and shows what changed.
    before, conclusions = store.previous_ronde(rondes[1].workshop_id)
    assert before.code == "DRNT24" and "competenties" in conclusions["oplossing"].text
    changes = compare_notes(store.notes(rondes[0].workshop_id), store.notes(rondes[1].workshop_id))
    kinds = {c.change for c in changes}
    assert kinds == {Change.NIEUW, Change.VERDWENEN, Change.GEBLEVEN}
    kept = {c.text for c in changes if c.change is Change.GEBLEVEN}
    assert "Werven op competenties in plaats van op een functieprofiel" in kept
    assert "Tekort aan technisch personeel in Flevoland blijft" in kept
    # The school's wish of ronde 1 came true in ronde 2: the same point in other words, so it counts as kept,
    # and Verloop shows last time's wording beside it.
    school = next(c for c in changes if c.after is not None and c.after.text.startswith("Sinds deze ronde"))
    assert school.change is Change.GEBLEVEN and school.before.text.startswith("We willen eerder aan tafel")
    assert "Speeddates waarbij we uit tien kandidaten kunnen kiezen" in {
        c.text for c in changes if c.change is Change.NIEUW
    }
    # Gemeente Lelystad spoke in ronde 1, came but said nothing in ronde 2.
    contents = [
        RondeContent(
            ronde=r, participants=tuple(store.participants(r.workshop_id)), notes=tuple(store.notes(r.workshop_id))
        )
        for r in rondes
    ]
    lelystad = next(r for r in engagement(contents, store.samenwerking(first.samenwerking_id).partners)
                    if r.label == "Gemeente Lelystad")  # fmt: skip
    assert lelystad.attendance == (1, 1, 0) and lelystad.silent == (False, True, True)
    # Lesson 7 (formeel en informeel) went up once the coördinator's role was written down.
    trend = lesson_trend([store.ronde_lesson_scores(r.workshop_id) for r in rondes])
    assert trend[6].overall[0] < trend[6].overall[1] <= trend[6].overall[2]
    # Ronde 3 opens with the action still open from ronde 2; the others were closed with an outcome.
    key3 = keys["DRNT26"]
    assert [a.text for a in store.open_actions_before(key3)] == [
        "Gemeente Lelystad weer actief betrekken bij de werving van kandidaten"
    ]
    closed = [a for a in store.actions(key3) if a.status is ActionStatus.AFGEROND]
    assert len(closed) == 4 and all(a.outcome for a in closed)
    assert {a.ronde_closed for a in closed} == {2, 3}
