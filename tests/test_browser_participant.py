"""A participant on a phone in a real Chromium: join by link, write in three blocks, reload, nothing lost."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from canvas.blocks import BLOCKS_BY_ID, WALK_ORDER
from data.store import Store
from stakeholders.roles import Role
from tests.browser import screenshot, wait_for_app

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NOTES = {
    WALK_ORDER[0]: "Te weinig instroom in de techniek",
    WALK_ORDER[1]: "Leerwerkplekken met een vaste begeleider",
    WALK_ORDER[2]: "Zij-instromers uit de regio",
}


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_participant_on_a_phone_joins_by_link_writes_in_three_blocks_and_keeps_it_all_after_a_reload(
    app_server, chromium
):
    store = Store.open(app_server.database_url)
    workshop, _key = store.create_workshop(pps_name="Toekomst in de Techniek", title="Ontwerpsessie", code="TTK234")
    page = chromium.new_page(viewport=PHONE)

    page.goto(f"{app_server.url}/?code=ttk-234&rol=onderwijs")
    page.get_by_label("Je naam").wait_for()
    wait_for_app(page)
    page.get_by_text("Toekomst in de Techniek: Ontwerpsessie").wait_for()
    assert page.get_by_role("radio", name="🎓 Onderwijs").is_checked()
    assert no_horizontal_scroll(page)
    screenshot(page, "participant-join-390x844")
    page.get_by_label("Je naam").fill("Fatima El Amrani")
    page.get_by_label("Je organisatie (niet verplicht)").fill("ROC Flevoland")
    page.get_by_role("button", name="Meedoen").click()
    page.wait_for_url("**/invullen?**")
    page.get_by_label("Nieuwe notitie").wait_for()
    wait_for_app(page)
    token = parse_qs(urlsplit(page.url).query)["p"][0]

    # Block 1: the add button. Block 2: text left in the box is saved by "Volgende". Block 3: add button.
    page.get_by_label("Nieuwe notitie").fill(NOTES[WALK_ORDER[0]])
    page.get_by_role("button", name="Notitie toevoegen").click()
    page.get_by_text(NOTES[WALK_ORDER[0]]).first.wait_for()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_text(BLOCKS_BY_ID[WALK_ORDER[1]].question).wait_for()
    wait_for_app(page)
    page.get_by_label("Nieuwe notitie").fill(NOTES[WALK_ORDER[1]])
    page.get_by_role("button", name="Volgende").click()
    page.get_by_text(BLOCKS_BY_ID[WALK_ORDER[2]].question).wait_for()
    wait_for_app(page)
    page.get_by_label("Nieuwe notitie").fill(NOTES[WALK_ORDER[2]])
    page.get_by_role("button", name="Notitie toevoegen").click()
    page.get_by_text(NOTES[WALK_ORDER[2]]).first.wait_for()
    wait_for_app(page)
    # The block list marks the block answered at once, not only after a reload.
    assert page.get_by_label("Ga naar blok").input_value() == f"✓ 3. {BLOCKS_BY_ID[WALK_ORDER[2]].title}"
    assert no_horizontal_scroll(page)
    screenshot(page, "participant-walk-390x844")

    page.reload()
    page.get_by_text("3 van 18 blokken ingevuld").wait_for()
    wait_for_app(page)
    assert parse_qs(urlsplit(page.url).query)["blok"] == [WALK_ORDER[2]]
    page.get_by_text(BLOCKS_BY_ID[WALK_ORDER[2]].question).wait_for()
    assert page.get_by_label("Ga naar blok").input_value() == f"✓ 3. {BLOCKS_BY_ID[WALK_ORDER[2]].title}"
    # The three views fit on one row of the phone.
    views = [page.get_by_role("radio", name=name).bounding_box() for name in ("Invullen", "Overzicht", "Van anderen")]
    assert len({round(box["y"]) for box in views}) == 1
    page.get_by_role("radio", name="Overzicht").click()
    for text in NOTES.values():
        page.get_by_text(text).filter(visible=True).first.wait_for()
    assert no_horizontal_scroll(page)
    screenshot(page, "participant-overview-390x844")

    participant = store.participant(token)
    assert (participant.name, participant.organisation, participant.role) == (
        "Fatima El Amrani",
        "ROC Flevoland",
        Role.ONDERWIJS,
    )
    assert {n.block_id: n.text for n in store.own_notes(token)} == NOTES
    page.close()
