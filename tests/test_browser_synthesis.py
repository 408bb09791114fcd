"""Issue 13 in Debian's Chromium: from notes to a voted synthesis point, through the pages.

Three participants write on Invullen (two entrepreneurs write nearly the same thing), the facilitator accepts
the suggested group on Synthese, makes one point of it and edits it, opens a vote on the synthesis points,
the three vote on their phones (390×844), the facilitator closes the vote; the Synthese page, the
Perspectieven synthesis view and the Excel downloaded from Exporteren show the point with its votes and its
source notes. The store is only used to set the workshop up (create, join, reveal) and to check at the end.
"""

from __future__ import annotations

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from canvas.blocks import BLOCKS_BY_ID
from data.store import Store
from tests.browser import choose_option, made_and_downloaded, screenshot, wait_for_app

pytestmark = pytest.mark.browser

STEP = 30_000
LIVE = 20_000  # the vote box polls every 5 s; a busy machine adds a script run
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 720}

WRITERS = (
    ("ondernemer", "Ann", "kosten", "Wij betalen mee aan de RIF-aanvraag"),
    ("ondernemer", "Bob", "financiering", "Bedrijven betalen mee in de RIF-aanvraag"),
    ("onderwijs", "Cas", "kosten", "Docenturen voor korte trajecten"),
)
POINT = "Bedrijven betalen mee in de RIF-aanvraag (eigen woorden)"


def _write(context, url: str, token: str, block_id: str, text: str):
    page = context.new_page()
    page.goto(f"{url}/invullen?p={token}&blok={block_id}")
    page.get_by_text(BLOCKS_BY_ID[block_id].question, exact=True).wait_for(timeout=STEP)
    wait_for_app(page)
    page.get_by_label("Nieuwe notitie").fill(text)
    page.get_by_role("button", name="Notitie toevoegen").click()
    page.get_by_text(f"Je notitie bij {BLOCKS_BY_ID[block_id].title} is bewaard").wait_for(timeout=STEP)
    return page


def _choose(page, label: str, option: re.Pattern[str]) -> None:
    choose_option(page, page.get_by_role("combobox", name=label), option)
    wait_for_app(page)


def test_notes_become_a_voted_synthesis_point_in_the_pages_and_the_excel(app_server, chromium, tmp_path):
    url = app_server.url
    store = Store.open(app_server.database_url)
    contexts = []
    try:
        workshop, key = store.create_workshop(pps_name="Synthese E2E", title="Stemronde")
        tokens = [store.join(workshop.code, name=name, role=role)[1] for role, name, _, _ in WRITERS]

        # -- three participants write on their phones ----------------------------------------------------
        phones = []
        for token, (_role, _name, block_id, text) in zip(tokens, WRITERS, strict=True):
            context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            contexts.append(context)
            phones.append(_write(context, url, token, block_id, text))
        store.set_revealed(key, True)

        # -- the facilitator accepts the suggested group and makes one point of it ----------------------
        desk = chromium.new_context(viewport=LAPTOP, accept_downloads=True)
        contexts.append(desk)
        page = desk.new_page()
        page.goto(f"{url}/synthese?key={key}")
        page.get_by_role("combobox", name="Kant").wait_for(timeout=STEP)
        wait_for_app(page)
        _choose(page, "Kant", re.compile("Ondernemer"))
        _choose(page, "Vraag", re.compile("gefinancierd"))
        page.get_by_text(re.compile(r"gefinancierd\? 0/2")).wait_for(timeout=STEP)
        page.get_by_text("0 van 2 notities verwerkt").wait_for(timeout=STEP)
        suggestion = page.locator('[class*="st-key-synthese_groep_"]').filter(has_text=WRITERS[0][3])
        expect(suggestion).to_contain_text(WRITERS[1][3], timeout=STEP)
        suggestion.get_by_role("button", name="Accepteren").click()
        accepted = page.locator('[class*="st-key-synthese_groep_ok_"]')
        accepted.get_by_role("button", name="Maak er één punt van").click(timeout=STEP)
        editor = page.get_by_label("Punt wijzigen")
        expect(editor).to_have_value(WRITERS[0][3], timeout=STEP)  # starts as the first note's text
        editor.fill(POINT)
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_text("2 van 2 notities verwerkt").wait_for(timeout=STEP)
        screenshot(page, "synthese-01-point-made")

        # -- a vote on the synthesis points, three votes each ----------------------------------------
        page.get_by_text("Punten van de synthese").click()
        page.get_by_role("button", name="Open de stemming").click()
        page.get_by_text("De stemming loopt").wait_for(timeout=STEP)

        for phone in phones:
            phone.bring_to_front()
            box = phone.locator(".st-key-stemmen_box")
            box.get_by_text("Je hebt nog 3 stemmen").wait_for(timeout=LIVE)
            item = phone.locator('[class*="st-key-stemmen_item_bullet_"]').filter(has_text=POINT)
            item.get_by_role("button", name="Stem hierop").click()
            box.get_by_text("Je hebt nog 2 stemmen").wait_for(timeout=STEP)
            expect(item.get_by_role("button", name=re.compile("Gestemd"))).to_be_visible(timeout=STEP)
        screenshot(phones[0], "synthese-02-voted-on-phone")

        page.bring_to_front()
        page.get_by_text("3 deelnemers hebben gestemd (3 stemmen)").wait_for(timeout=LIVE)
        page.get_by_role("button", name="Sluit de stemming").click()
        page.get_by_text(f"3 × {POINT}").wait_for(timeout=STEP)
        screenshot(page, "synthese-03a-closing")
        card = page.locator('[class*="st-key-synthese_punt_"]').filter(has_text=POINT)
        expect(card).to_contain_text("🗳️ 3", timeout=STEP)
        for _role, _name, _block, text in WRITERS[:2]:
            expect(card).to_contain_text(text)
        screenshot(page, "synthese-03-closed")

        # The phones' vote box goes away once the vote is closed.
        phones[0].bring_to_front()
        phones[0].locator(".st-key-stemmen_box").wait_for(state="detached", timeout=LIVE)

        # -- the projector: the synthesis view ----------------------------------------------------------
        table = desk.new_page()
        table.goto(f"{url}/perspectieven?key={key}")
        table.locator(".st-key-persp_weergave").wait_for(timeout=STEP)
        wait_for_app(table)
        table.locator(".st-key-persp_weergave").get_by_text("Synthese", exact=True).click()
        cell = table.locator(".st-key-synth_cell_ondernemer_financiering")
        expect(cell).to_contain_text(POINT, timeout=LIVE)
        expect(cell).to_contain_text("3 stemmen")
        screenshot(table, "synthese-04-perspectieven")

        # -- the Excel from Exporteren --------------------------------------------------------------
        export = desk.new_page()
        export.goto(f"{url}/exporteren?key={key}")
        wait_for_app(export)
        download = made_and_downloaded(export, "Maak het Excel-overzicht", "Download Excel-overzicht", STEP * 2)
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        book = openpyxl.load_workbook(saved)
        sheet = book["Synthese"]
        header = [c.value for c in sheet[1]]
        rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
        (row,) = [r for r in rows if r["Punt"] == POINT]
        assert row["Stemmen"] == 3 and row["Stakeholder"] == "Ondernemer"
        for _role, name, _block, text in WRITERS[:2]:
            assert text in row["Notities erachter"] and name in row["Notities erachter"]
        perspectives = {r[0].value: r for r in book["Perspectieven"].iter_rows(min_row=4)}
        assert f"• {POINT} (3 stemmen)" in perspectives["Ondernemer"][4].value

        # What the pages did is what was kept.
        (bullet,) = store.bullets(workshop.id)
        assert bullet.text == POINT and len(bullet.note_ids) == 2
        assert store.vote_counts(workshop.id, "bullet") == {bullet.id: 3}
        assert store.group_decisions(workshop.id)[0].accepted
    finally:
        for context in contexts:
            context.close()
        store.engine.dispose()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=lambda v: f"{v['width']}x{v['height']}")
def test_synthese_the_synthesis_view_and_the_vote_box_have_no_serious_accessibility_violation(
    app_server, chromium, viewport
):
    from tests.test_browser_accessibility import serious_violations

    store = Store.open(app_server.database_url)
    try:
        workshop, key = store.create_workshop(pps_name="Synthese A11y", title="Stemronde")
        tokens = [store.join(workshop.code, name=name, role=role)[1] for role, name, _, _ in WRITERS]
        notes = [store.add_note(t, b, text) for t, (_r, _n, b, text) in zip(tokens, WRITERS, strict=True)]
        store.set_revealed(key, True)
        store.add_bullet(key, "ondernemer", "financiering", POINT, [notes[0].id, notes[1].id])
        store.add_bullet(key, "onderwijs", "financiering", "Docenturen als eigen inzet")
        store.open_vote(key, "bullet")
        found = {}
        for name, path, switch in (
            ("synthese", f"/synthese?key={key}", False),
            ("perspectieven-synthese", f"/perspectieven?code={workshop.code}", True),
            ("invullen-stemmen", f"/invullen?p={tokens[2]}", False),
        ):
            page = chromium.new_page(viewport=viewport)
            page.goto(app_server.url + path)
            page.locator('[data-testid="stMain"]').wait_for()
            wait_for_app(page)
            if switch:
                page.locator(".st-key-persp_weergave").get_by_text("Synthese", exact=True).click()
                page.locator(".st-key-synth_cell_ondernemer_financiering").wait_for(timeout=STEP)
                wait_for_app(page)
            page.wait_for_timeout(1000)
            if problems := serious_violations(page, name):
                found[name] = problems
                screenshot(page, f"axe-{name}-{viewport['width']}x{viewport['height']}")
            page.close()
        assert found == {}
    finally:
        store.engine.dispose()
