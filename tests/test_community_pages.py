"""The community pages in AppTest, each with and without the coordinator key, and the facilitator's opt-in.

Data goes in through the store (the demo community: the four cases of seed 001, sharing notes, not names);
the tests check what a coordinator or facilitator would see.
"""

from __future__ import annotations

import pytest

from canvas.community import Sharing
from data.store import Store
from demo import DEMO_COMMUNITY, demo_cases
from tests.apptest import page_text, run_app
from tests.demo_copy import load_demo_with_community

PAGES = ["community", "community_perspectieven", "blok_naast_blok", "lessenbibliotheek"]
CASES = [c["pps_name"] for c in demo_cases()]
PEOPLE = {p["name"] for c in demo_cases() for p in c["participants"]}


@pytest.fixture
def demo(db_path, store: Store):
    keys, ckey = load_demo_with_community(store)
    return store, keys, ckey


def _all_text(at) -> str:
    text = page_text(at)
    for df in at.dataframe:
        text += "\n" + df.value.to_string()
    return text


@pytest.mark.parametrize("page", PAGES)
def test_without_the_key_a_community_page_explains_how_to_get_in_and_shows_nothing_shared(demo, page):
    at = run_app(page=page)
    assert not at.exception
    text = _all_text(at)
    assert "Zo kom je binnen als coördinator" in text
    assert not any(case in text for case in CASES)


@pytest.mark.parametrize("page", PAGES)
def test_a_wrong_or_facilitator_key_is_refused_in_dutch(demo, page):
    _, keys, _ = demo
    for wrong in ("verkeerd", keys["NEXT24"]):
        at = run_app(page=page, ckey=wrong)
        assert not at.exception
        assert "coördinatorlink klopt niet" in page_text(at)
        assert not any(case in _all_text(at) for case in CASES)


def test_the_overview_lists_the_four_demo_cases_with_partners_and_filters_by_region(demo):
    _, _, ckey = demo
    at = run_app(page="community", ckey=ckey)
    assert not at.exception
    assert DEMO_COMMUNITY in page_text(at)
    table = at.dataframe[0].value
    assert list(table["Samenwerking"]) == CASES
    assert "Gemeente Amsterdam" in table.loc[table["Samenwerking"] == "NexTechnician", "Overheid"].iloc[0]
    assert set(table["Deelt"]) == {"gedeeld perspectief, lessen en acties, notities"}
    at.multiselect(key="community_regio").set_value(["Rivierenland"]).run()
    assert list(at.dataframe[0].value["Samenwerking"]) == ["Startplein Techniek Rivierenland"]
    assert "1 van 4 samenwerkingen" in page_text(at)
    at.multiselect(key="community_regio").set_value([]).run()
    at.selectbox(key="community_sorteer").set_value("Aantal rondes").run()
    at.toggle(key="community_aflopend").set_value(True).run()
    assert at.dataframe[0].value["Samenwerking"].iloc[0] == "Toekomst in de Techniek"
    assert not [name for name in PEOPLE if name in _all_text(at)]


def test_the_coordinator_takes_a_samenwerking_out_only_after_choosing_it_and_ticking_the_box(demo):
    _, _, ckey = demo
    at = run_app(page="community", ckey=ckey)
    submit = next(b for b in at.button if b.label == "Uit de community halen")
    submit.click().run()
    assert "Kies eerst welke samenwerking eruit moet." in page_text(at)
    [chooser] = [s for s in at.selectbox if s.label == "Samenwerking"]
    assert chooser.options == CASES  # by name, in the order they joined
    chooser.select_index(CASES.index("Startplein Techniek Rivierenland"))
    next(b for b in at.button if b.label == "Uit de community halen").click().run()
    assert "Zet eerst het vinkje" in page_text(at)
    assert list(at.dataframe[0].value["Samenwerking"]) == CASES
    next(c for c in at.checkbox if c.label.startswith("Ja, haal")).check()
    next(b for b in at.button if b.label == "Uit de community halen").click().run()
    assert not at.exception
    assert "Startplein Techniek Rivierenland is uit de community gehaald" in page_text(at)
    assert list(at.dataframe[0].value["Samenwerking"]) == [c for c in CASES if c != "Startplein Techniek Rivierenland"]


def test_the_merged_perspectives_label_every_bullet_and_group_what_cases_said_alike(demo):
    _, _, ckey = demo
    at = run_app(page="community_perspectieven", ckey=ckey)
    assert not at.exception
    text = page_text(at)
    # NexTechnician's synthesis point stands beside another case's note that says the same, as one group.
    assert "Kandidaten werven en voorselecteren met UWV" in text and "Kandidaten voorselecteren samen met UWV" in text
    assert "NexTechnician · synthese" in text
    assert "🔗 2 samenwerkingen" in text and "🔗 3 samenwerkingen" in text
    for case in CASES:
        assert f"{case} · " in text  # every bullet's caption names its samenwerking
    assert "Samen (gedeeld perspectief)" in text
    assert not [name for name in PEOPLE if name in text]
    at.multiselect(key="cpersp_leden").set_value([1]).run()
    assert "Startplein Techniek Rivierenland · " not in page_text(at)


def test_blok_naast_blok_shows_each_case_side_by_side(demo):
    _, _, ckey = demo
    at = run_app(page="blok_naast_blok", ckey=ckey)
    assert not at.exception
    text = page_text(at)
    for case in CASES:
        assert case in text
    at.selectbox(key="bnb_blok").set_value("financiering").run()
    assert not at.exception
    assert "Gedeeld perspectief" in page_text(at)
    # Toekomst in de Techniek went on over time; its first ronde is there to compare with the others' start.
    rondes = at.selectbox(key="bnb_ronde")
    assert rondes.format_func(rondes.value) == "Huidige ronde" and len(rondes.options) >= 3
    at.selectbox(key="bnb_ronde").set_value(1).run()
    captions = [c.value for c in at.caption]
    assert sum(c.startswith("Ronde 1 · ") for c in captions) == len(CASES)
    last = len(rondes.options) - 1
    at.selectbox(key="bnb_ronde").set_value(last).run()
    captions = [c.value for c in at.caption]
    assert sum(c.startswith(f"Ronde {last} · ") for c in captions) == 1
    assert captions.count(f"Geen ronde {last}") == len(CASES) - 1


def test_the_library_searches_and_filters_by_lesson(demo):
    _, _, ckey = demo
    at = run_app(page="lessenbibliotheek", ckey=ckey)
    assert not at.exception
    at.text_input(key="bib_zoek").input("kandidaten").run()
    text = page_text(at)
    assert "Toekomst in de Techniek" in text and "beste overeenkomst eerst" in text
    assert "Waarom vinden kandidaten elders sneller werk" in text
    at.text_input(key="bib_zoek").input("").run()
    at.selectbox(key="bib_les").set_value(7).run()
    text = page_text(at)
    assert "Formaliseer de samenwerking met duidelijke rollen" in text
    assert "Les 7: Formeel en informeel" in text
    assert "uit 4 scores · per stakeholder: ondernemer" in text
    at.text_input(key="bib_zoek").input('"; DROP TABLE community; -- NEAR(').run()
    assert not at.exception and "Niets gevonden" in page_text(at)


def test_a_new_community_shows_its_coordinator_link_once_and_names_stay_literal(db_path, store):
    at = run_app(page="community")
    at.text_input[0].input("**Vet** <b>x</b> [link](javascript:alert(1))")
    at.button[0].click().run()
    assert not at.exception
    text = page_text(at)
    assert "**Vet** <b>x</b> [link](javascript:alert(1))" in text  # shown as typed, never as markup
    (made,) = [c for c in store.communities() if c.name != DEMO_COMMUNITY]
    link = next(c.value for c in at.code if "ckey=" in c.value)
    assert store.coordinated_community(link.split("ckey=")[1]).id == made.id
    assert "Bewaar deze coördinatorlink nu" in text


def test_the_facilitator_opts_in_chooses_and_leaves_on_begeleiden(db_path, store):
    _, workshop, key = store.create_samenwerking(name="Toekomst in de Techniek", title="Ontwerpsessie")
    made, ckey = store.create_community(name="Zij-instroom techniek Flevoland")
    at = run_app(page="begeleiden", key=key)
    assert not at.exception and "Leer van andere samenwerkingen" in page_text(at)
    at.text_input(key="community_code").input(made.invite_code)
    at.checkbox(key="community_nieuw_notes").check()
    at.button(key="community_aanmelden_knop").click().run()
    assert not at.exception
    assert "Aangemeld bij Zij-instroom techniek Flevoland" in page_text(at)
    assert store.memberships(key)[0].sharing == Sharing(notes=True)
    prefix = f"community_lid_{made.id}"
    at.checkbox(key=f"{prefix}_names").check()
    at.button(key=f"{prefix}_opslaan").click().run()
    assert store.memberships(key)[0].sharing == Sharing(notes=True, names=True)
    assert at.button(key=f"{prefix}_verlaten").disabled  # leaving needs the confirmation first
    at.checkbox(key=f"{prefix}_zeker").check().run()
    at.button(key=f"{prefix}_verlaten").click().run()
    assert not at.exception
    assert store.memberships(key) == [] and store.community_overview(ckey) == []


def test_a_wrong_invitation_code_is_refused_in_dutch_and_nothing_joins(db_path, store):
    _, _, key = store.create_samenwerking(name="NexTechnician", title="Evaluatie")
    at = run_app(page="begeleiden", key=key)
    at.text_input(key="community_code").input("<script>")
    at.button(key="community_aanmelden_knop").click().run()
    assert not at.exception
    assert "Er is geen community met uitnodigingscode" in page_text(at)
    assert store.memberships(key) == []


def test_a_too_long_search_gets_a_dutch_message_and_stays_in_the_box(demo):
    _, _, ckey = demo
    at = run_app(page="lessenbibliotheek", ckey=ckey)
    at.text_input(key="bib_zoek").input("kandidaten " * 30).run()
    assert not at.exception
    assert "De zoekvraag is te lang" in page_text(at)
    assert at.text_input(key="bib_zoek").value == "kandidaten " * 30
