"""Issue 11, item 7: a participant joins and fills three blocks with the keyboard alone, in Chromium.

No mouse: only Tab (and Shift+Tab), typing, the arrow keys in the role choice, Enter and Space. The test
reads the DOM to know where the focus is, the way a screen reader says it; it never clicks. The walk's
blocks must all be reachable, and each note must be stored.
"""

from __future__ import annotations

import pytest

from canvas.blocks import WALK_ORDER
from data.store import Store
from tests.browser import screenshot, wait_for_app

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e) return '';
  const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText) || '';
  return (e.tagName + ' ' + label + ' ' + (e.innerText || '')).replace(/\\s+/g, ' ').trim();
}"""


def tab_to(page, wanted: str, *, limit: int = 80) -> str:
    """Press Tab until the focused element is ``wanted`` ("TAG words": its tag, then words of its label or text)."""
    tag, _, words = wanted.partition(" ")
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused.startswith(tag) and words in focused:
            return focused
        seen.append(focused[:40])
    raise AssertionError(f"{wanted!r} cannot be reached with Tab; the focus went through {seen}")


def test_a_participant_joins_and_fills_three_blocks_with_the_keyboard_alone(app_server, chromium):
    store = Store.open(app_server.database_url)
    workshop, _key = store.create_workshop(pps_name="Toekomst in de Techniek", title="Ontwerpsessie", code="KBD234")
    page = chromium.new_page(viewport={"width": 1280, "height": 720})
    page.goto(app_server.url)
    page.get_by_role("textbox", name="Workshopcode").wait_for()
    wait_for_app(page)

    tab_to(page, "INPUT Workshopcode")
    page.keyboard.type("KBD234")
    tab_to(page, "INPUT Je naam")  # leaving the box sends the code
    page.get_by_text("Workshop: Toekomst in de Techniek").wait_for()
    page.keyboard.type("Sam")
    tab_to(page, "INPUT Je organisatie")
    page.keyboard.type("ROC Flevoland")
    focused = tab_to(page, "INPUT")  # the first role in the radio group
    assert "Ondernemer" in focused or "radio" in page.evaluate("() => document.activeElement.type"), focused
    page.keyboard.press("ArrowDown")  # Overheid
    page.keyboard.press("ArrowDown")  # Onderwijs
    wait_for_app(page)
    assert page.evaluate("() => document.activeElement.closest('label').innerText").find("Onderwijs") >= 0
    tab_to(page, "BUTTON Meedoen")
    page.keyboard.press("Enter")
    page.wait_for_url("**/invullen?**", timeout=30_000)
    page.get_by_role("textbox", name="Nieuwe notitie").wait_for()
    wait_for_app(page)
    (participant,) = store.participants(workshop.id)
    assert participant.name == "Sam" and participant.role.value == "onderwijs"

    for n, _block in enumerate(WALK_ORDER[:3], start=1):
        tab_to(page, "TEXTAREA Nieuwe notitie")
        page.keyboard.type(f"Notitie {n} met het toetsenbord")
        tab_to(page, "BUTTON Notitie toevoegen")
        wait_for_app(page)  # leaving the box sent its text; a person presses Enter after that, not during it
        page.keyboard.press("Enter")
        page.get_by_text(f"Notitie {n} met het toetsenbord").first.wait_for()
        wait_for_app(page)
        tab_to(page, "BUTTON Volgende")
        page.keyboard.press("Enter")
        wait_for_app(page)
        page.wait_for_function(f"() => location.search.includes('blok={WALK_ORDER[n]}')", timeout=15_000)
    screenshot(page, "keyboard-invullen-1280x720")
    notes = store.notes(workshop.id)
    assert sorted((x.block_id, x.text) for x in notes) == sorted(
        (b, f"Notitie {n} met het toetsenbord") for n, b in enumerate(WALK_ORDER[:3], start=1)
    )
