"""The demo board in a real Chromium at projector size."""

from __future__ import annotations

import pytest

from data.store import Store
from tests.browser import screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_the_demo_board_shows_coloured_notes_in_chromium(app_server, chromium):
    page = chromium.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{app_server.url}/canvas")
    wait_for_app(page)
    page.get_by_text("Sociaal probleem / Sociale behoefte").first.wait_for()
    store = Store.open(app_server.database_url)
    first = store.workshops()[0]
    note = next(n for n in store.notes(first.id) if n.role.value == "overheid")
    card = page.locator('[class*="st-key-note-overheid-"]').filter(has_text=note.text).first
    card.wait_for()
    assert card.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 114, 178)"
    screenshot(page, "board-1280x720")
    page.close()


def test_a_deep_link_as_the_first_visit_of_a_fresh_server_runs_inside_the_app(app_server, chromium):
    # Regression: with a pages/ folder next to app.py, the first run of a fresh server ran a deep-linked
    # page file on its own (no navigation, a sidebar listing our file names such as "shared"). The pages now
    # live in views/, so Streamlit never enters its "pages directory" mode (tests/test_layering.py).
    page = chromium.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{app_server.url}/begeleiden")
    wait_for_app(page)
    page.get_by_text("Zo kom je binnen als begeleider").first.wait_for()
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.wait_for(state="attached")
    names = nav.inner_text()
    assert "Projectleider" in names and "Exporteren" in names
    assert "shared" not in names
    # And no "Page not found" dialog from a pages-directory run before the app's navigation.
    assert page.get_by_text("Page not found").count() == 0
    page.close()
