"""For the room: the whole canvas on one screen, the shared countdown with "Klaar", and the first minute of
a newcomer, in a real Chromium against a real ``streamlit run``."""

from __future__ import annotations

import pytest

from data.store import Store
from tests.browser import screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_the_countdown_reaches_two_phones_and_the_facilitator_sees_who_is_ready_after_a_reload(app_server, chromium):
    store = Store.open(app_server.database_url)
    workshop, key = store.create_workshop(pps_name="Toekomst in de Techniek", title="Timer")
    _, kees = store.join(workshop.code, name="Kees", role="ondernemer")
    _, ann = store.join(workshop.code, name="Ann", role="overheid")

    lead = chromium.new_page(viewport={"width": 1280, "height": 720})
    lead.goto(f"{app_server.url}/begeleiden?key={key}")
    wait_for_app(lead)
    lead.get_by_text("Timer en wie is klaar").click()
    lead.get_by_role("button", name="Start").click()
    lead.get_by_text("voor de hele ronde").first.wait_for()

    phones = {}
    for name, token in (("kees", kees), ("ann", ann)):
        phone = chromium.new_page(viewport={"width": 390, "height": 844})
        phone.goto(f"{app_server.url}/invullen?p={token}")
        wait_for_app(phone)
        phone.get_by_text("voor de hele ronde").first.wait_for()
        phones[name] = phone
    clock = phones["ann"].locator('[class*="st-key-timer_clock"]').first.inner_text()
    assert clock.startswith("⏱️ 04:") or clock.startswith("⏱️ 05:00"), clock
    phones["kees"].get_by_role("button", name="Klaar").click()
    phones["kees"].get_by_text("Je hebt aangegeven dat je klaar bent").wait_for()
    screenshot(phones["kees"], "timer-phone-390x844")

    lead.get_by_text("Ondernemer 1/1 klaar").first.wait_for(timeout=10_000)
    board = chromium.new_page(viewport={"width": 1280, "height": 720})
    board.goto(f"{app_server.url}/canvas?key={key}")
    wait_for_app(board)
    board.get_by_text("1 van 2 klaar").first.wait_for(timeout=10_000)
    screenshot(board, "timer-board-1280x720")

    # A reload keeps both: the clock and who is ready come from the database.
    lead.reload()
    wait_for_app(lead)
    lead.get_by_text("Ondernemer 1/1 klaar").first.wait_for()
    assert lead.get_by_text("Overheid 0/1 klaar").count() >= 1
    phones["kees"].reload()
    wait_for_app(phones["kees"])
    phones["kees"].get_by_text("Je hebt aangegeven dat je klaar bent").wait_for()
    assert phones["kees"].get_by_text("voor de hele ronde").count() >= 1
    for page in (lead, board, *phones.values()):
        page.close()


def test_a_newcomer_reaches_a_filled_demo_board_from_the_first_page_in_one_click(app_server, chromium):
    for width, height in ((1280, 720), (1920, 1080), (390, 844)):
        page = chromium.new_page(viewport={"width": width, "height": height})
        page.goto(app_server.url)
        wait_for_app(page)
        offer = page.locator(".st-key-deelnemen_voorbeeld")
        offer.get_by_text("Bekijk een ingevuld voorbeeld").wait_for()
        offer.get_by_role("link", name="Toekomst in de Techniek").wait_for()
        page.wait_for_timeout(500)
        if height >= 720 and width > 600:
            box = offer.bounding_box()
            assert box is not None and box["y"] < height, "the demo offer is visible without scrolling"
        screenshot(page, f"join-demo-{width}x{height}")
        page.close()

    page = chromium.new_page(viewport={"width": 1280, "height": 720})
    page.goto(app_server.url)
    wait_for_app(page)
    page.locator(".st-key-deelnemen_voorbeeld").get_by_role("link", name="NexTechnician").click()  # click 1
    wait_for_app(page)
    store = Store.open(app_server.database_url)
    demo = store.workshop("NEXT24")
    note = store.visible_notes(demo)[0]
    page.locator('[class*="st-key-note-"]').filter(has_text=note.text).first.wait_for(timeout=30_000)
    assert page.locator('[class*="st-key-note-"]').count() > 20  # a filled canvas, every note on it visible
    assert "code=NEXT24" in page.url
    page.close()
