"""For the room: the whole canvas on one screen, the shared countdown with "Klaar", and the first minute of
a newcomer, in a real Chromium against a real ``streamlit run``."""

from __future__ import annotations

import pytest

from canvas.blocks import BLOCKS
from data.store import Store
from tests.browser import screenshot, wait_for_app, wait_for_text

pytestmark = pytest.mark.browser


NO_SCROLL = """() => {
  const doc = document.scrollingElement;
  const main = document.querySelector('[data-testid="stMain"]');
  return {
    page: [doc.scrollHeight, innerHeight, doc.scrollWidth, innerWidth],
    main: [main.scrollHeight, main.clientHeight, main.scrollWidth, main.clientWidth],
  };
}"""


FITS = """() => {
  const doc = document.scrollingElement;
  const main = document.querySelector('[data-testid="stMain"]');
  return doc.scrollHeight <= innerHeight && doc.scrollWidth <= innerWidth
    && main.scrollHeight <= main.clientHeight && main.scrollWidth <= main.clientWidth;
}"""


def _assert_whole_canvas_fits(page, width: int, height: int) -> None:
    # A screen that settles: while Streamlit swaps the old board for the new one (a rerun on a loaded
    # machine) both can be on the page for a moment; what the room sees once the run is done must fit.
    wait_for_app(page)
    try:
        page.wait_for_function(FITS, timeout=15_000)
    except Exception:  # the measurement below says what does not fit
        pass
    sizes = page.evaluate(NO_SCROLL)
    doc_height, inner_height, doc_width, inner_width = sizes["page"]
    assert doc_height <= inner_height and doc_width <= inner_width, sizes
    main_height, main_client_height, main_width, main_client_width = sizes["main"]
    assert main_height <= main_client_height and main_width <= main_client_width, sizes
    for blk in BLOCKS:
        title = page.locator(f".st-key-ov_open_{blk.id} button").first
        box = title.bounding_box()
        assert box is not None, blk.id
        assert 0 <= box["x"] and box["x"] + box["width"] <= width, blk.id
        assert 0 <= box["y"] and box["y"] + box["height"] <= height, blk.id
        assert title.inner_text().strip().startswith(blk.title[:12]), blk.id


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_overview_shows_all_eighteen_blocks_without_scrolling_and_a_click_opens_focus(app_server, chromium, size):
    width, height = size
    page = chromium.new_page(viewport={"width": width, "height": height})
    page.goto(f"{app_server.url}/canvas?code=NEXT24")
    wait_for_app(page)
    page.get_by_role("button", name="🗺️ Overzicht").first.click()  # the switch next to the heading
    page.locator('[class*="st-key-ov-kosten-"]').wait_for()
    assert "bord=overzicht" in page.url
    # A new note redraws the board (the live watcher reruns the page): the choice must survive it.
    store = Store.open(app_server.database_url)
    key = store.reset_facilitator_key("NEXT24")
    _, token = store.join("NEXT24", name="Ilse", role="onderwijs")
    store.add_note(token, "kosten", "Nieuwste notitie: reiskosten van de kandidaten")
    page.locator('[class*="st-key-ovnote_onderwijs_kosten"]').get_by_text("reiskosten").wait_for(timeout=15_000)
    _assert_whole_canvas_fits(page, width, height)
    # With a countdown running above the board, it still fits.
    store.start_timer(key, 5, "kernactiviteiten")
    page.locator(".st-key-timer_board").wait_for()
    page.wait_for_timeout(1500)
    _assert_whole_canvas_fits(page, width, height)
    # Counts per stakeholder carry a number next to the colour; the legend names every colour.
    chips = page.locator('[class*="st-key-ov_counts_kernactiviteiten"] [class*="st-key-badge-"]')
    assert chips.count() >= 3 and all(any(ch.isdigit() for ch in t) for t in chips.all_inner_texts())
    assert "Ondernemer" in page.locator(".st-key-overview_legend").inner_text()
    screenshot(page, f"overview-{width}x{height}")
    # A reload keeps the overview (?bord=overzicht).
    page.reload()
    page.locator('[class*="st-key-ov-kosten-"]').wait_for()
    wait_for_app(page)
    page.locator(".st-key-ov_open_kernactiviteiten button").first.click()
    page.get_by_role("button", name="Hele canvas").wait_for(timeout=45_000)
    assert "blok=kernactiviteiten" in page.url
    page.close()


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
        wait_for_text(phone, "voor de hele ronde", name=f"timer-phone-{name}-missing")
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
