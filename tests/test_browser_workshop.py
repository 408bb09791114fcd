"""A whole workshop in real Chromium: a facilitator with the key and three participants, each in a browser
context of their own, on a projector of 1920×1080 and of 1280×720.

The participants' pages (Deelnemen, Invullen) are built in parallel with this test, so here the participants
join and write through the store directly (``Store.join`` / ``Store.add_note``), as their pages will; their
browser contexts look at the public board, the way a participant's phone would.
"""

from __future__ import annotations

import time

import pytest

from data.store import Store
from tests.browser import screenshot, wait_for_app

pytestmark = pytest.mark.browser

REFRESH_SECONDS = 3  # st.fragment(run_every=3) on the board and the perspectives page
NOTES = {
    "ondernemer": ("Bo Jansen", "sociaal_probleem", "We vinden geen monteurs voor de werkplaats"),
    "overheid": ("Ann de Vries", "kosten", "Loonkostensubsidie voor de eerste zes maanden"),
    "onderwijs": ("Cees Bakker", "oplossing", "Praktijkroute bbl met een vaste leermeester"),
}


def _create_workshop(page, url: str) -> str:
    page.goto(f"{url}/begeleiden")
    wait_for_app(page)
    page.get_by_label("Naam van de PPS").fill("Toekomst in de Techniek")
    page.get_by_label("Titel van de workshop").fill("Ontwerpsessie")
    page.get_by_label("Regio").fill("Flevoland")
    page.get_by_role("button", name="Workshop aanmaken").click()
    page.get_by_text("Bewaar deze begeleiderslink").wait_for(timeout=20_000)
    page.wait_for_function("() => location.search.includes('key=')")
    return page.evaluate("() => new URLSearchParams(location.search).get('key')")


def test_a_note_reaches_the_projector_only_after_reveal_and_lands_in_its_perspectives_cell(app_server, chromium):
    url = app_server.url
    store = Store.open(app_server.database_url)

    facilitator = chromium.new_context(viewport={"width": 1920, "height": 1080})
    control = facilitator.new_page()
    key = _create_workshop(control, url)
    workshop = store.facilitated_workshop(key)
    joincode = control.locator(".st-key-begeleiden_joincode")
    assert joincode.inner_text().strip() == workshop.code
    qr = control.locator('[data-testid^="stImage"] img').first
    qr.wait_for()
    assert qr.evaluate("e => e.naturalWidth") > 200

    participants = {}
    for role, (name, _block_id, _text) in NOTES.items():
        context = chromium.new_context(viewport={"width": 390, "height": 844})
        _, token = store.join(workshop.code, name=name, role=role)
        participants[role] = (context, token)
    counts = control.locator(".st-key-begeleiden_counts")
    counts.get_by_text("3 deelnemers binnen").wait_for(timeout=(REFRESH_SECONDS + 5) * 1000)
    for label in ("Ondernemer: 1", "Overheid: 1", "Onderwijs: 1"):
        counts.get_by_text(label).wait_for()
    screenshot(control, "workshop-join-1920x1080")

    projector = facilitator.new_page()
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.goto(f"{url}/canvas?key={key}")
    wait_for_app(projector)
    projector.get_by_text("Sociaal probleem / Sociale behoefte").first.wait_for()

    for role, (_name, block_id, text) in NOTES.items():
        store.add_note(participants[role][1], block_id, text)
    phones = []
    for context, _token in participants.values():
        phone = context.new_page()
        phone.goto(f"{url}/canvas?code={workshop.code}")
        wait_for_app(phone)
        phones.append(phone)

    # Not before the reveal: give the board two refreshes to (wrongly) show the notes.
    projector.get_by_text("3 notities in 3 blokken nog verborgen").wait_for(timeout=(REFRESH_SECONDS + 5) * 1000)
    projector.wait_for_timeout(2 * REFRESH_SECONDS * 1000)
    for _name, _block, text in NOTES.values():
        assert projector.get_by_text(text).count() == 0
        for phone in phones:
            assert phone.get_by_text(text).count() == 0

    control.get_by_role("tab", name="Onthullen").click()
    control.get_by_text("Alle notities zichtbaar").click()
    revealed_at = time.monotonic()
    overheid_text = NOTES["overheid"][2]
    card = projector.locator('[class*="st-key-note-overheid-"]').filter(has_text=overheid_text)
    card.wait_for(timeout=(REFRESH_SECONDS + 5) * 1000)
    assert time.monotonic() - revealed_at < REFRESH_SECONDS + 5
    assert card.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 114, 178)"
    assert "Overheid" in card.inner_text() and "Ann de Vries" in card.inner_text()
    for _name, _block, text in NOTES.values():
        projector.get_by_text(text).first.wait_for(timeout=(REFRESH_SECONDS + 5) * 1000)
        phones[0].get_by_text(text).first.wait_for(timeout=(REFRESH_SECONDS + 5) * 1000)
    screenshot(projector, "workshop-board-1280x720")
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.wait_for_timeout(500)
    screenshot(projector, "workshop-board-1920x1080")

    projector.goto(f"{url}/canvas?key={key}&blok=kosten")
    wait_for_app(projector)
    projector.locator(".st-key-canvas_focus_col_overheid").get_by_text(overheid_text).wait_for()
    screenshot(projector, "workshop-focus-1920x1080")

    projector.goto(f"{url}/perspectieven?key={key}")
    wait_for_app(projector)
    cell = projector.locator(".st-key-persp_cell_overheid_financiering")
    cell.get_by_text(overheid_text).wait_for(timeout=(REFRESH_SECONDS + 5) * 1000)
    assert "uit Kosten (euro)" in cell.inner_text()
    assert projector.locator(".st-key-persp_cell_ondernemer_waardepropositie").get_by_text(NOTES["ondernemer"][2])
    assert projector.locator(".st-key-persp_empty_ondernemer_financiering").count() == 1
    screenshot(projector, "workshop-perspectives-1920x1080")
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.wait_for_timeout(500)
    screenshot(projector, "workshop-perspectives-1280x720")

    for context, _token in participants.values():
        context.close()
    facilitator.close()
