"""The demo board in a real Chromium at projector size."""

from __future__ import annotations

import pytest

from canvas.blocks import WALK_ORDER
from data.store import Store
from stakeholders.roles import ROLES, Role
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
    # live in app_pages/, so Streamlit never enters its "pages directory" mode (tests/test_layering.py).
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


def _rgb(css: str) -> tuple[int, int, int]:
    r, g, b = (int(float(v)) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return r, g, b


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        lin = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_role_reads_on_the_projector_board_in_its_colour_large_enough_and_with_contrast(app_server, chromium):
    # What the room relies on from the stylesheet (app_pages/ui/style.css), measured in Chromium at 1280×720:
    # each stakeholder's notes and legend badge in the registry colour, text at least 17 px on the board,
    # and text on every colour at a contrast of at least 4.5:1 (WCAG 2.1 AA).
    page = chromium.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{app_server.url}/canvas")
    wait_for_app(page)
    page.get_by_text("Sociaal probleem / Sociale behoefte").first.wait_for()  # the demo workshops are in
    store = Store.open(app_server.database_url)
    first = store.workshops()[0]
    key = store.reset_facilitator_key(first.code)
    texts = {}
    for role in Role:
        _, token = store.join(
            first.code, name=f"Test {role.value}", role=role, sub_role="werkcoach" * (role == "overig")
        )
        texts[role] = store.add_note(token, WALK_ORDER[0], f"Meetnotitie van {role.value}").text
    store.set_revealed(key, True)
    page.goto(f"{app_server.url}/canvas?key={key}")
    wait_for_app(page)
    for role, info in ROLES.items():
        card = page.locator(f'[class*="st-key-note-{role.value}-"]').filter(has_text=texts[role]).first
        card.wait_for(state="attached")
        background = _rgb(card.evaluate("e => getComputedStyle(e).backgroundColor"))
        assert background == _hex(info.colour), role
        for part in (card.get_by_text(texts[role]), card.get_by_text(info.label).first):
            style = part.evaluate("e => { const s = getComputedStyle(e); return [s.color, s.fontSize]; }")
            assert _contrast(_rgb(style[0]), background) >= 4.5, (role, style)
        body_px = float(card.get_by_text(texts[role]).evaluate("e => getComputedStyle(e).fontSize")[:-2])
        assert body_px >= 17, (role, body_px)

        badge = page.locator(f'[class*="st-key-badge-{role.value}"]').filter(has_text=info.label).first
        badge.wait_for(state="attached")
        badge_background = _rgb(badge.evaluate("e => getComputedStyle(e).backgroundColor"))
        assert badge_background == _hex(info.colour), role
        label_colour = _rgb(badge.get_by_text(info.label).evaluate("e => getComputedStyle(e).color"))
        assert _contrast(label_colour, badge_background) >= 4.5, role
    screenshot(page, "board-every-role-1280x720")
    page.close()
