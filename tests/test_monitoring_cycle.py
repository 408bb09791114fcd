"""The monitoring cycle of seed 003 in the store: factoren → thema's → leervragen in Tabel 4.2 → actions, and
who may read or change what (a key of one samenwerking never reaches another's). SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from canvas.monitoring import FRAME, Dimension, FactorKind, LeervraagStatus, Level, suggest_themes
from data.store import AccessDenied, InvalidInput, NotFound, WorkshopClosed


def test_tabel_4_2_has_six_cells_with_the_seeds_kernvragen():
    assert len(FRAME) == 6
    assert FRAME[(Dimension.LEREN, Level.NETWERK)].questions == ("Wat vind je van de samenwerking?",)
    assert "Onderling vertrouwen" in FRAME[(Dimension.LEREN, Level.NETWERK)].indicators
    assert FRAME[(Dimension.INSTITUTIONEEL, Level.NETWERK)].label == "Institutionele verandering × Netwerk"


@pytest.fixture
def cycle(store):
    samenwerking, workshop, key = store.create_samenwerking(
        name="Toekomst in de Techniek", title="Ontwerp", partners=[("Regionaal Werkbedrijf", "overheid")]
    )
    _, ann = store.join(workshop.code, name="Ann", role="ondernemer", organisation="Zuidberg")
    _, bob = store.join(workshop.code, name="Bob", role="overheid", organisation="Werkbedrijf")
    _, other, other_key = store.create_samenwerking(
        name="NexTechnician", title="Evaluatie", partners=[("ROC van Amsterdam", "onderwijs")]
    )
    _, cas = store.join(other.code, name="Cas", role="onderwijs")
    return store, samenwerking, workshop, key, ann, bob, other, other_key, cas


def test_factors_are_hidden_from_the_room_until_revealed_and_each_sees_their_own(cycle):
    store, _, workshop, key, ann, bob, *_ = cycle
    mine = store.add_factor(ann, "bevorderend", "Bedrijven denken mee over de selectie")
    store.add_factor(bob, FactorKind.BELEMMEREND, "Onduidelijke rolverdeling")
    assert [f.text for f in store.own_factors(ann)] == ["Bedrijven denken mee over de selectie"]
    assert store.visible_factors(workshop) == [] and store.factor_count(workshop.id) == 2
    assert len(store.factors(key)) == 2  # the facilitator sees them before the reveal
    store.set_factors_revealed(key, True)
    assert [f.role.value for f in store.visible_factors(workshop)] == ["ondernemer", "overheid"]
    store.delete_factor(ann, mine.id)
    assert [f.text for f in store.factors(key)] == ["Onduidelijke rolverdeling"]
    with pytest.raises(AccessDenied):
        store.delete_factor(bob, mine.id)  # not his own
    with pytest.raises(InvalidInput):
        store.add_factor(ann, "neutraal", "Iets")
    with pytest.raises(InvalidInput):
        store.add_factor(ann, "bevorderend", "   ")
    store.set_closed(key, True)
    with pytest.raises(WorkshopClosed):
        store.add_factor(ann, "bevorderend", "Te laat")


def test_themes_group_factors_of_the_own_ronde_and_suggestions_find_the_alike(cycle):
    store, _, workshop, key, ann, bob, *_ = cycle
    a = store.add_factor(ann, "bevorderend", "Bedrijven denken actief mee over de selectie van kandidaten")
    b = store.add_factor(bob, "belemmerend", "Bedrijven haken af bij de selectie van kandidaten")
    c = store.add_factor(bob, "belemmerend", "Te weinig capaciteit bij de coördinator")
    assert suggest_themes(store.factors(key)) == [(a.id, b.id)]
    theme = store.create_theme(key, "Selectie", [a.id, b.id])
    assert theme.factor_ids == (a.id, b.id) and suggest_themes(store.factors(key)) == []
    moved = store.create_theme(key, "Capaciteit", [c.id, b.id])  # b moves to the new theme
    assert store.themes(key)[0].factor_ids == (a.id,) and moved.factor_ids == (b.id, c.id)
    store.set_theme_factors(key, theme.id, [a.id, b.id], title="Werving en selectie")
    assert [(t.title, t.factor_ids) for t in store.themes(key)] == [
        ("Werving en selectie", (a.id, b.id)),
        ("Capaciteit", (c.id,)),
    ]
    with pytest.raises(InvalidInput, match="Kies eerst"):
        store.create_theme(key, "Leeg", [])
    store.delete_theme(key, moved.id)
    assert [f.theme_id for f in store.factors(key)] == [theme.id, theme.id, None]


def test_a_leervraag_sits_in_a_cell_of_tabel_4_2_has_a_status_and_answer_and_actions_that_answer_it(cycle):
    store, samenwerking, workshop, key, ann, *_ = cycle
    f = store.add_factor(ann, "belemmerend", "Onduidelijke rolverdeling")
    theme = store.create_theme(key, "Rolverdeling", [f.id])
    vraag = store.add_leervraag(
        key, "Hoe zorgen we voor een duidelijke rolverdeling?", theme_id=theme.id, dimension="handelen", level="netwerk"
    )
    assert vraag.cell.label == "Handelen × Netwerk" and vraag.theme_title == "Rolverdeling"
    assert vraag.status is LeervraagStatus.OPEN
    with pytest.raises(InvalidInput, match="Tabel 4.2"):
        store.add_leervraag(key, "Half geplaatst", dimension="leren")
    action = store.add_action(
        key, text="Rolverdeling vastleggen", owner_partner_id=samenwerking.partners[0].id, leervraag_id=vraag.id
    )
    loose = store.add_action(key, text="Nieuwsbrief", owner_partner_id=samenwerking.partners[0].id)
    assert action.leervraag_id == vraag.id and loose.leervraag_id is None
    assert store.link_action(key, loose.id, vraag.id).leervraag_id == vraag.id

    # The next ronde opens with the open leervraag; answering it there records that ronde.
    second, key2 = store.start_next_ronde(key, title="Looptijd")
    assert [v.text for v in store.open_leervragen_before(key2)] == ["Hoe zorgen we voor een duidelijke rolverdeling?"]
    store.update_leervraag(key2, vraag.id, status="in_behandeling")
    assert store.open_leervragen_before(key2)[0].status is LeervraagStatus.IN_BEHANDELING
    answered = store.update_leervraag(key2, vraag.id, status="beantwoord", answer="Staat op papier")
    assert (answered.ronde_answered, answered.answer) == (2, "Staat op papier")
    assert store.open_leervragen_before(key2) == []
    reopened = store.update_leervraag(key2, vraag.id, status="open", dimension="", level="")
    assert reopened.ronde_answered is None and reopened.cell is None
    # Deleting the leervraag keeps its actions, answering nothing now.
    store.delete_leervraag(key, vraag.id)
    assert {a.leervraag_id for a in store.actions(key)} == {None}


def test_a_key_of_one_samenwerking_cannot_read_or_change_anothers_factors_themes_or_leervragen(cycle):
    store, samenwerking, workshop, key, ann, bob, other, other_key, cas = cycle
    theirs = store.add_factor(cas, "bevorderend", "Het netwerk van ROC's")
    their_theme = store.create_theme(other_key, "Netwerk", [theirs.id])
    their_vraag = store.add_leervraag(other_key, "Hoe borgen we de kennis?")
    their_action = store.actions(other_key) or [
        store.add_action(
            other_key, text="Vastleggen", owner_partner_id=store.samenwerking(other.samenwerking_id).partners[0].id
        )
    ]
    for read in (store.factors, store.themes, store.leervragen):
        with pytest.raises(AccessDenied):
            read(key, other.id)
    assert store.all_leervragen(key) == [] and store.open_leervragen_before(key) == []
    with pytest.raises(AccessDenied):
        store.create_theme(key, "Gekaapt", [theirs.id])
    with pytest.raises(AccessDenied):
        store.set_theme_factors(key, their_theme.id, [theirs.id])
    with pytest.raises(AccessDenied):
        store.delete_theme(key, their_theme.id)
    with pytest.raises(InvalidInput, match="thema van deze ronde"):
        store.add_leervraag(key, "Via hun thema", theme_id=their_theme.id)
    with pytest.raises(AccessDenied):
        store.update_leervraag(key, their_vraag.id, status="beantwoord")
    with pytest.raises(AccessDenied):
        store.add_action(
            key, text="Koppelen", owner_partner_id=samenwerking.partners[0].id, leervraag_id=their_vraag.id
        )
    with pytest.raises(AccessDenied):
        store.link_action(key, their_action[0].id, None)
    with pytest.raises(AccessDenied):
        store.delete_factor(ann, theirs.id)
    with pytest.raises(NotFound):
        store.update_leervraag(key, 10_000, status="open")
    assert store.update_leervraag(other_key, their_vraag.id).status is LeervraagStatus.OPEN
    assert store.themes(other_key)[0].factor_ids == (theirs.id,)
