"""Nothing typed is lost, in a real Chromium: a paste that is too long stays in its box with a message, and a save
the closed workshop refuses keeps the text on screen with one message.

A paste is typed with ``keyboard.insert_text`` (what the browser does for a paste or an IME: one input event
with the whole text), so a ``maxlength`` on the box would cut it exactly as it cuts a real paste.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from canvas.blocks import BLOCKS_BY_ID, WALK_ORDER
from canvas.model import MAX_NOTE_LENGTH
from data.limits import (
    MAX_CONCLUSION_LENGTH,
    MAX_NAME_LENGTH,
    MAX_ORGANISATION_LENGTH,
    MAX_SUB_ROLE_LENGTH,
    MAX_TITLE_LENGTH,
)
from data.store import Store
from stakeholders.roles import Role
from tests.browser import screenshot, wait_for_app

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 720}


def too_long_message(over: int, limit: int) -> str:
    def dutch(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    return f"Je tekst is {dutch(over)} {'teken' if over == 1 else 'tekens'} te lang (maximaal {dutch(limit)})."


def paste(page, field, text: str) -> None:
    """Paste ``text`` into ``field`` (one input event with all of it), then leave the field."""
    field.click()
    field.press("Control+a")
    page.keyboard.insert_text(text)
    assert field.input_value() == text, "the box cut the paste off"


def leave(page, field) -> None:
    field.press("Tab")
    wait_for_app(page)


def test_a_too_long_paste_into_each_join_field_stays_in_its_box_with_a_message_and_nobody_joins(app_server, chromium):
    store = Store.open(app_server.database_url)
    workshop, _key = store.create_workshop(pps_name="Toekomst in de Techniek", title="Ontwerpsessie", code="TTK234")
    page = chromium.new_page(viewport=PHONE)
    page.goto(f"{app_server.url}/?code=TTK234")
    page.get_by_label("Je naam").wait_for()
    wait_for_app(page)
    page.locator('[data-testid="stRadio"] label').filter(has_text="Overig").click()
    page.get_by_label("Welke rol precies?").wait_for()
    wait_for_app(page)
    fields = {
        "Je naam": ("Fatima " + "a" * MAX_NAME_LENGTH, MAX_NAME_LENGTH),
        "Je organisatie (niet verplicht)": ("ROC " + "b" * MAX_ORGANISATION_LENGTH, MAX_ORGANISATION_LENGTH),
        "Welke rol precies?": ("werkcoach " + "c" * MAX_SUB_ROLE_LENGTH, MAX_SUB_ROLE_LENGTH),
    }
    for label, (text, limit) in fields.items():
        field = page.get_by_label(label)
        paste(page, field, text)
        leave(page, field)
        page.get_by_text(too_long_message(len(text) - limit, limit)).wait_for()
        assert field.input_value() == text, f"{label}: the text left the box"
    screenshot(page, "typed-join-too-long-390x844")
    page.get_by_role("button", name="Meedoen").click()
    wait_for_app(page)
    page.get_by_text("Meedoen kan nog niet: maak de tekst korter").wait_for()
    for label, (text, _limit) in fields.items():
        assert page.get_by_label(label).input_value() == text
    assert store.participants(workshop.id) == []

    # A code of 10.000 characters stays in its box, and is not echoed back whole.
    code = page.get_by_role("textbox", name="Workshopcode")
    paste(page, code, "X" * 10_000)
    leave(page, code)
    page.get_by_text(too_long_message(10_000 - 20, 20)).wait_for()
    assert code.input_value() == "X" * 10_000
    assert "X" * 40 not in page.locator('[data-testid="stMain"]').inner_text()


def test_a_too_long_paste_into_the_note_and_the_edit_box_stays_there_and_is_not_saved(app_server, chromium):
    store = Store.open(app_server.database_url)
    workshop, _key = store.create_workshop(pps_name="Toekomst in de Techniek", title="Ontwerpsessie")
    _participant, token = store.join(workshop.code, name="Fatima", role=Role.ONDERWIJS)
    page = chromium.new_page(viewport=PHONE)
    page.goto(f"{app_server.url}/invullen?p={token}")
    box = page.get_by_label("Nieuwe notitie")
    box.wait_for()
    wait_for_app(page)
    long_note = "Een gedachte die maar doorgaat. " * 20
    paste(page, box, long_note)
    page.get_by_role("button", name="Notitie toevoegen").click()
    wait_for_app(page)
    message = page.get_by_text(too_long_message(len(long_note) - MAX_NOTE_LENGTH, MAX_NOTE_LENGTH))
    message.wait_for()
    assert message.count() == 1
    assert box.input_value() == long_note
    # "Volgende" does not move on and does not cut it either.
    page.get_by_role("button", name="Volgende").click()
    wait_for_app(page)
    assert box.input_value() == long_note
    assert page.get_by_text("Blok 1 van 18").is_visible()
    assert store.own_notes(token) == []
    screenshot(page, "typed-note-too-long-390x844")

    # The edit box: a stored note made too long by a paste keeps its stored text and the box keeps the paste.
    store.add_note(token, "sociaal_probleem", "Te weinig instroom")
    page.reload()
    page.get_by_role("button", name="Wijzigen").wait_for()
    wait_for_app(page)
    page.get_by_role("button", name="Wijzigen").click()
    edit = page.get_by_label("Notitie wijzigen")
    edit.wait_for()
    paste(page, edit, long_note)
    page.get_by_role("button", name="Opslaan").click()
    wait_for_app(page)
    # Two messages: the edit box's, and the new-note box's, whose unsent text came back as a draft after the
    # reload (app_pages/ui/drafts.py): nothing typed is lost, not even a text that was too long.
    expect(page.get_by_text(too_long_message(len(long_note) - MAX_NOTE_LENGTH, MAX_NOTE_LENGTH))).to_have_count(
        2, timeout=20_000
    )
    assert box.input_value() == long_note
    assert edit.input_value() == long_note
    assert [n.text for n in store.own_notes(token)] == ["Te weinig instroom"]


def test_a_too_long_paste_into_the_facilitator_fields_stays_there_and_nothing_is_saved(app_server, chromium):
    store = Store.open(app_server.database_url)
    page = chromium.new_page(viewport=LAPTOP)
    page.goto(f"{app_server.url}/begeleiden")
    page.get_by_label("Naam van de PPS").wait_for()
    wait_for_app(page)
    before = store.workshops()  # the demo workshops, loaded on the first page
    fields = {
        "Naam van de PPS": "Toekomst " + "p" * MAX_TITLE_LENGTH,
        "Titel van de workshop": "Ontwerpsessie " + "t" * MAX_TITLE_LENGTH,
        "Regio": "Flevoland " + "r" * MAX_TITLE_LENGTH,
    }
    for label, text in fields.items():
        paste(page, page.get_by_label(label), text)
    page.get_by_role("button", name="Workshop aanmaken").click()
    wait_for_app(page)
    for label, text in fields.items():
        page.get_by_text(too_long_message(len(text) - MAX_TITLE_LENGTH, MAX_TITLE_LENGTH)).first.wait_for()
        assert page.get_by_label(label).input_value() == text, f"{label}: the text left the box"
    assert page.get_by_text("te lang (maximaal 120)").count() == 3
    assert store.workshops() == before

    workshop, key = store.create_workshop(pps_name="Toekomst in de Techniek", title="Ontwerpsessie")
    page.goto(f"{app_server.url}/begeleiden?key={key}")
    page.get_by_role("tab", name="🤝 Gedeeld perspectief").wait_for()
    wait_for_app(page)
    page.get_by_role("tab", name="🤝 Gedeeld perspectief").click()
    shared = page.get_by_role("textbox", name="Gedeeld perspectief")
    long_text = "Samen zien we dat het werkt. " * 80
    paste(page, shared, long_text)
    page.get_by_role("button", name="Opslaan").click()
    wait_for_app(page)
    page.get_by_text(too_long_message(len(long_text) - MAX_CONCLUSION_LENGTH, MAX_CONCLUSION_LENGTH)).wait_for()
    assert shared.input_value() == long_text
    assert store.conclusions(workshop.id) == {}
    screenshot(page, "typed-conclusion-too-long-1280x720")


def test_a_note_saved_after_the_workshop_closed_stays_in_the_box_with_one_message(app_server, chromium):
    store = Store.open(app_server.database_url)
    workshop, key = store.create_workshop(pps_name="Toekomst in de Techniek", title="Ontwerpsessie", code="TTK234")
    _participant, token = store.join(workshop.code, name="Fatima", role=Role.ONDERWIJS)
    page = chromium.new_page(viewport=PHONE)
    page.goto(f"{app_server.url}/invullen?p={token}")
    box = page.get_by_label("Nieuwe notitie")
    box.wait_for()
    wait_for_app(page)
    text = "Een gedachte die ik net af had"
    box.fill(text)
    store.set_closed(key, True)  # the facilitator closes while she types
    page.get_by_role("button", name="Notitie toevoegen").click()
    wait_for_app(page)
    page.get_by_text("je tekst is niet bewaard").wait_for()
    alerts = page.locator('[data-testid="stAlert"]')
    assert alerts.count() == 1, alerts.all_inner_texts()
    assert "gesloten" in alerts.inner_text()
    assert box.input_value() == text
    assert store.own_notes(token) == []
    assert page.get_by_role("button", name="Notitie toevoegen").count() == 0
    screenshot(page, "typed-closed-kept-390x844")

    # The join page of the closed workshop: the button is off, with the reason right under it.
    joiner = chromium.new_page(viewport=PHONE)
    joiner.goto(f"{app_server.url}/?code=TTK234")
    joiner.get_by_label("Je naam").wait_for()
    wait_for_app(joiner)
    assert joiner.get_by_role("button", name="Meedoen").is_disabled()
    reason = joiner.get_by_text("Meedoen kan niet meer: de workshop TTK234 is gesloten")
    assert reason.is_visible()
    button_box = joiner.get_by_role("button", name="Meedoen").bounding_box()
    reason_box = reason.bounding_box()
    assert 0 <= reason_box["y"] - (button_box["y"] + button_box["height"]) < 80, "the reason is not beside the button"
    screenshot(joiner, "typed-join-closed-390x844")


def test_unsent_text_in_the_note_box_comes_back_after_a_reload_and_is_gone_once_saved(app_server, chromium):
    store = Store.open(app_server.database_url)
    workshop, _key = store.create_workshop(pps_name="Toekomst in de Techniek", title="Ontwerpsessie")
    _participant, token = store.join(workshop.code, name="Fatima", role=Role.ONDERWIJS)
    page = chromium.new_page(viewport=PHONE)
    page.goto(f"{app_server.url}/invullen?p={token}")
    page.get_by_label("Nieuwe notitie").wait_for()
    wait_for_app(page)
    page.get_by_role("button", name="Volgende").click()
    page.get_by_text("Blok 2 van 18").wait_for()
    wait_for_app(page)
    text = "Half af: leerwerkplekken met\neen vaste begeleider"
    page.get_by_label("Nieuwe notitie").click()
    page.keyboard.type(text)
    page.wait_for_timeout(700)  # no blur, no button: the server has not seen this text
    assert store.own_notes(token) == []

    page.reload()
    page.get_by_text("Blok 2 van 18").wait_for()
    wait_for_app(page)
    box = page.get_by_label("Nieuwe notitie")
    page.wait_for_function(
        "t => document.querySelector('textarea[aria-label=\"Nieuwe notitie\"]').value === t", arg=text
    )
    screenshot(page, "typed-draft-restored-390x844")
    # What came back is the real box value: saving it stores it in the block it was written in.
    page.get_by_role("button", name="Notitie toevoegen").click()
    page.get_by_text("Je notitie bij").wait_for()
    wait_for_app(page)
    assert [(n.block_id, n.text) for n in store.own_notes(token)] == [(WALK_ORDER[1], text)]
    assert box.input_value() == ""

    page.wait_for_timeout(700)
    page.reload()
    page.get_by_text("Blok 2 van 18").wait_for()
    wait_for_app(page)
    page.wait_for_timeout(1000)
    assert page.get_by_label("Nieuwe notitie").input_value() == "", "a saved note came back as a draft"
    assert len(store.own_notes(token)) == 1


def block_on_screen(page) -> str:
    return page.evaluate("() => new URLSearchParams(location.search).get('blok')")


def test_back_and_forward_move_between_the_blocks_of_the_walk_and_keep_typed_text(app_server, chromium):
    store = Store.open(app_server.database_url)
    workshop, _key = store.create_workshop(pps_name="Toekomst in de Techniek", title="Ontwerpsessie")
    _participant, token = store.join(workshop.code, name="Fatima", role=Role.ONDERWIJS)
    page = chromium.new_page(viewport=PHONE)
    page.goto(f"{app_server.url}/invullen?p={token}")
    page.get_by_label("Nieuwe notitie").wait_for()
    wait_for_app(page)
    for n in (2, 3):
        page.get_by_role("button", name="Volgende").click()
        page.get_by_text(f"Blok {n} van 18").wait_for()
        wait_for_app(page)
    page.get_by_label("Nieuwe notitie").fill("Geschreven in blok 3")

    page.go_back()
    page.get_by_text("Blok 2 van 18").wait_for()
    wait_for_app(page)
    assert block_on_screen(page) == WALK_ORDER[1]
    # Typed text is not lost by Back: stored in its block when the box had handed it over (as with Vorige),
    # else still in the box (Streamlit takes a box's text in only on blur or a button).
    stored = [(n.block_id, n.text) for n in store.own_notes(token)]
    in_box = page.get_by_label("Nieuwe notitie").input_value()
    assert stored == [(WALK_ORDER[2], "Geschreven in blok 3")] or (stored == [] and in_box == "Geschreven in blok 3")
    page.go_back()
    page.get_by_text("Blok 1 van 18").wait_for()
    wait_for_app(page)
    assert block_on_screen(page) == WALK_ORDER[0]
    page.go_forward()
    page.get_by_text("Blok 2 van 18").wait_for()
    wait_for_app(page)
    assert block_on_screen(page) == WALK_ORDER[1]
    assert page.get_by_label("Ga naar blok").input_value().endswith(f"2. {BLOCKS_BY_ID[WALK_ORDER[1]].title}")
    # Back past the first block does not leave the walk: the page stays Invullen.
    page.go_back()
    page.get_by_text("Blok 1 van 18").wait_for()
    page.go_back()
    wait_for_app(page)
    assert "/invullen" in page.url
    page.get_by_text("Blok 1 van 18").wait_for()


def test_back_in_focus_mode_follows_the_block_in_the_address(app_server, chromium):
    store = Store.open(app_server.database_url)
    workshop, key = store.create_workshop(pps_name="Toekomst in de Techniek", title="Ontwerpsessie")
    page = chromium.new_page(viewport=LAPTOP)
    page.goto(f"{app_server.url}/canvas?key={key}&blok={WALK_ORDER[0]}")
    heading = page.locator("h2").filter(has_text=BLOCKS_BY_ID[WALK_ORDER[0]].title)
    heading.wait_for()
    wait_for_app(page)
    page.get_by_role("button", name="Volgende ▶").click()
    page.locator("h2").filter(has_text=BLOCKS_BY_ID[WALK_ORDER[1]].title).wait_for()
    wait_for_app(page)
    assert block_on_screen(page) == WALK_ORDER[1]
    page.go_back()
    heading.wait_for()
    wait_for_app(page)
    assert block_on_screen(page) == WALK_ORDER[0]
    page.get_by_role("button", name="Hele canvas").click()
    wait_for_app(page)
    page.wait_for_function("() => !new URLSearchParams(location.search).has('blok')")
    page.go_back()
    heading.wait_for()
    wait_for_app(page)
    assert block_on_screen(page) == WALK_ORDER[0]
