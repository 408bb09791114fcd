"""Issue 6, proof under real use: one whole workshop in Debian's Chromium, every step through the pages.

The facilitator creates the workshop on Begeleiden, three participants (ondernemer and onderwijs on a laptop,
overheid on a phone), each in a browser context of their own, join by the link with code and role and write
in three blocks on Invullen; the facilitator reveals, the notes reach the projector board and the
perspectives table in their own stakeholder row, a gedeeld perspectief written on Begeleiden reaches the
board, and the Excel downloaded from Exporteren holds all of it. Nobody touches the store directly: the
store is only read at the end, to check that what the pages showed is also what was kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from playwright.sync_api import expect

from canvas.blocks import BLOCKS_BY_ID, WALK_ORDER
from data.store import Store
from tests.browser import screenshot, wait_for_app

pytestmark = pytest.mark.browser

REFRESH_SECONDS = 3  # st.fragment(run_every=3) on Begeleiden, the board and the perspectives page
LIVE_TIMEOUT = (REFRESH_SECONDS + 7) * 1000  # a refresh, plus a script run on a busy test machine
STEP_TIMEOUT = 20_000
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}

WORKSHOP = {"pps": "Techniek Werkt Zuid", "title": "Startsessie E2E", "region": "Zuid-Limburg"}
WORKSHOP_DATE = dt.date(2026, 3, 12)
BLOCKS_WRITTEN = WALK_ORDER[:3]  # sociaal probleem, oplossing, begunstigden: the first three of the walk
CONCLUSION_BLOCK = WALK_ORDER[1]  # oplossing
CONCLUSION = "Samen een leerwerkroute van twaalf maanden met vaste werkplekbegeleiders"


@dataclass(frozen=True)
class Person:
    role: str
    label: str
    name: str
    organisation: str
    viewport: dict[str, int]
    notes: tuple[str, str, str]  # one per block in BLOCKS_WRITTEN, distinctive enough to find anywhere


PEOPLE = (
    Person(
        "ondernemer",
        "Ondernemer",
        "Bo Jansen",
        "Installatiebedrijf Jansen",
        LAPTOP,
        (
            "Monteurstekort remt onze groei al drie jaar",
            "Zijinstromers leren het vak in onze eigen werkplaats",
            "Werkzoekenden met technisch gevoel uit de buurt",
        ),
    ),
    Person(
        "overheid",
        "Overheid",
        "Ann de Vries",
        "Gemeente Heerlen",
        PHONE,
        (
            "Te veel inwoners langdurig in de bijstand",
            "Loonkostensubsidie koppelen aan een leerbaan",
            "Statushouders en herintreders in de regio",
        ),
    ),
    Person(
        "onderwijs",
        "Onderwijs",
        "Cees Bakker",
        "Vista college",
        LAPTOP,
        (
            "Te weinig instroom in de technische opleidingen",
            "Praktijkroute bbl met modulaire certificaten",
            "Volwassenen die willen omscholen naar techniek",
        ),
    ),
)


def _create_workshop_through_the_page(page, url: str) -> tuple[str, str]:
    """Fill and submit the form on Begeleiden; the join code and the facilitator key as the page shows them."""
    page.goto(f"{url}/begeleiden")
    wait_for_app(page)
    page.get_by_label("Naam van de PPS").fill(WORKSHOP["pps"])
    page.get_by_label("Titel van de workshop").fill(WORKSHOP["title"])
    page.get_by_label("Regio").fill(WORKSHOP["region"])
    page.get_by_role("combobox", name="Gebruik van het canvas").click()
    page.get_by_role("option", name="Evaluatie").click()
    page.get_by_role("spinbutton", name="day, Datum").click()
    page.keyboard.type(WORKSHOP_DATE.strftime("%d%m%Y"))
    screenshot(page, "e2e-01-create-form")
    page.keyboard.press("Escape")  # the calendar opened by the click would cover the form
    page.locator('#stFloatingOverlayPortal [aria-label="month"]').wait_for(state="hidden")
    page.get_by_role("button", name="Workshop aanmaken").click()

    page.get_by_text("Bewaar deze begeleiderslink").wait_for(timeout=STEP_TIMEOUT)
    wait_for_app(page)
    joincode = page.locator(".st-key-begeleiden_joincode")
    joincode.wait_for(timeout=STEP_TIMEOUT)
    code = joincode.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4,}", code), f"no join code on the page: {code!r}"
    link = page.locator('[data-testid="stCode"]').filter(has_text="begeleiden?key=").first.inner_text().strip()
    assert link.startswith(f"{url}/begeleiden?key="), f"the facilitator link is not absolute: {link!r}"
    key = parse_qs(urlsplit(link).query)["key"][0]
    assert parse_qs(urlsplit(page.url).query).get("key") == [key], "the address bar does not hold the key"
    heading = page.get_by_text(f"Code {code} · fase evaluatie · {WORKSHOP['region']}")
    heading.wait_for()
    screenshot(page, "e2e-02-created")
    return code, key


def _open_view(page, label: str) -> None:
    """Open a view of the Invullen page (a tab, or a button of the view switch) by its label."""
    choice = page.locator('[data-testid="stTab"], [data-variant="segmented_control"]').filter(has_text=label)
    choice = choice.filter(visible=True)
    # Right after a rerun Streamlit may still show the previous run's elements, fading out: wait for one.
    expect(choice).to_have_count(1, timeout=STEP_TIMEOUT)
    choice.click()
    wait_for_app(page)


def _join_and_write(context, url: str, code: str, person: Person) -> str:
    """A participant joins by the deep link (the join page is the app's root) and writes in three blocks."""
    page = context.new_page()
    page.goto(f"{url}/?code={code}&rol={person.role}")
    page.get_by_label("Je naam").wait_for(timeout=STEP_TIMEOUT)
    wait_for_app(page)
    page.get_by_text(f"Workshop: {WORKSHOP['pps']}: {WORKSHOP['title']}").wait_for()
    assert page.get_by_role("radio", name=person.label).is_checked(), "the link did not preselect the role"
    page.get_by_label("Je naam").fill(person.name)
    page.get_by_label("Je organisatie (niet verplicht)").fill(person.organisation)
    screenshot(page, f"e2e-03-join-{person.role}")
    page.get_by_role("button", name="Meedoen").click()
    page.wait_for_url("**/invullen?**", timeout=STEP_TIMEOUT)
    box = page.get_by_label("Nieuwe notitie")
    box.wait_for(timeout=STEP_TIMEOUT)
    wait_for_app(page)
    page.get_by_text(f"{person.name} · {person.label}").wait_for()

    for i, (block_id, text) in enumerate(zip(BLOCKS_WRITTEN, person.notes, strict=True)):
        page.get_by_text(BLOCKS_BY_ID[block_id].question, exact=True).wait_for(timeout=STEP_TIMEOUT)
        wait_for_app(page)
        box.fill(text)
        page.get_by_role("button", name="Notitie toevoegen").click()
        page.get_by_text(f"Je notitie bij {BLOCKS_BY_ID[block_id].title} is bewaard").wait_for(timeout=STEP_TIMEOUT)
        page.locator('[class*="st-key-invullen_eigen_blok_"]').filter(has_text=text).wait_for()
        page.get_by_text(f"{i + 1} van {len(WALK_ORDER)} blokken ingevuld").wait_for()
        assert box.input_value() == "", "the note box was not emptied after saving"
        page.get_by_role("button", name="Volgende").click()
    page.get_by_text(BLOCKS_BY_ID[WALK_ORDER[len(BLOCKS_WRITTEN)]].question, exact=True).wait_for(timeout=STEP_TIMEOUT)
    wait_for_app(page)
    _open_view(page, "Overzicht")
    for text in person.notes:
        page.get_by_text(text).filter(visible=True).first.wait_for(timeout=STEP_TIMEOUT)
    screenshot(page, f"e2e-04-written-{person.role}")
    # Before the reveal nobody sees the others' notes.
    _open_view(page, "Van anderen")
    page.get_by_text("De notities van anderen blijven verborgen").filter(visible=True).wait_for(timeout=STEP_TIMEOUT)
    return parse_qs(urlsplit(page.url).query)["p"][0]


def test_a_whole_workshop_from_creating_it_to_the_excel_goes_through_the_pages_in_a_real_browser(
    app_server, chromium, tmp_path: Path
):
    url = app_server.url
    facilitator = chromium.new_context(viewport=PROJECTOR, accept_downloads=True)
    contexts = [facilitator]
    try:
        control = facilitator.new_page()
        code, key = _create_workshop_through_the_page(control, url)

        # -- three participants join by link and write ---------------------------------------------------
        tokens = {}
        for person in PEOPLE:
            context = chromium.new_context(viewport=person.viewport)
            contexts.append(context)
            tokens[person.role] = _join_and_write(context, url, code, person)
        assert len(set(tokens.values())) == 3, "two participants got the same private link"

        counts = control.locator(".st-key-begeleiden_counts")
        counts.get_by_text("3 deelnemers binnen").wait_for(timeout=LIVE_TIMEOUT)
        for person in PEOPLE:
            counts.get_by_text(f"{person.label}: 1").wait_for()
        screenshot(control, "e2e-05-everyone-in")

        # -- the board before the reveal: only a count for the facilitator, no text ---------------------
        board = facilitator.new_page()
        board.goto(f"{url}/canvas?key={key}")
        wait_for_app(board)
        board.get_by_text("9 notities in 3 blokken nog verborgen").wait_for(timeout=LIVE_TIMEOUT)
        for person in PEOPLE:
            for text in person.notes:
                assert board.get_by_text(text).count() == 0, f"{text!r} is on the board before the reveal"

        # -- reveal through Begeleiden ----------------------------------------------------------------
        control.bring_to_front()
        control.get_by_role("tab", name="Onthullen").click()
        reveal_all = control.get_by_role("switch", name="Alle notities zichtbaar")
        reveal_all.wait_for()
        assert not reveal_all.is_checked()
        control.get_by_text("Alle notities zichtbaar").click()
        wait_for_app(control)
        assert reveal_all.is_checked()
        screenshot(control, "e2e-06-revealed")

        # -- the projector board shows every note in its stakeholder's colour, within the refresh ------
        board.bring_to_front()
        for person in PEOPLE:
            for text in person.notes:
                card = board.locator(f'[class*="st-key-note-{person.role}-"]').filter(has_text=text)
                card.wait_for(timeout=LIVE_TIMEOUT)
                assert person.label in card.inner_text() and person.name in card.inner_text()
        # Each note in the block it was written in.
        for person in PEOPLE:
            for block_id, text in zip(BLOCKS_WRITTEN, person.notes, strict=True):
                assert board.locator(f".st-key-block-{block_id}").get_by_text(text).count() == 1
        board.get_by_text("nog verborgen").wait_for(state="detached", timeout=LIVE_TIMEOUT)
        screenshot(board, "e2e-07-board")

        # -- the perspectives table: every note in its own stakeholder row ---------------------------
        table = facilitator.new_page()
        table.goto(f"{url}/perspectieven?key={key}")
        wait_for_app(table)
        for person in PEOPLE:
            for block_id, text in zip(BLOCKS_WRITTEN, person.notes, strict=True):
                question = BLOCKS_BY_ID[block_id].feeds.value
                cell = table.locator(f".st-key-persp_cell_{person.role}_{question}")
                cell.get_by_text(text).wait_for(timeout=LIVE_TIMEOUT)
                for other in PEOPLE:
                    if other is not person:
                        row = table.locator(f'[class*="st-key-persp_cell_{other.role}_"]')
                        assert row.get_by_text(text).count() == 0, f"{text!r} is in the {other.role} row"
        screenshot(table, "e2e-08-perspectives")

        # -- a gedeeld perspectief written on Begeleiden reaches the board ---------------------------
        control.bring_to_front()
        control.get_by_role("tab", name="Gedeeld perspectief").click()
        control.get_by_role("combobox", name="Blok").click()
        control.get_by_role("option", name=BLOCKS_BY_ID[CONCLUSION_BLOCK].title, exact=True).click()
        wait_for_app(control)
        control.get_by_text(BLOCKS_BY_ID[CONCLUSION_BLOCK].question).wait_for()
        control.get_by_role("textbox", name="Gedeeld perspectief").fill(CONCLUSION)
        control.get_by_role("button", name="Opslaan").click()
        control.get_by_text(f"Gedeeld perspectief van {BLOCKS_BY_ID[CONCLUSION_BLOCK].title} opgeslagen").wait_for(
            timeout=STEP_TIMEOUT
        )
        screenshot(control, "e2e-09-conclusion-written")

        board.bring_to_front()
        conclusion = board.locator(f".st-key-conclusion-{CONCLUSION_BLOCK}")
        conclusion.get_by_text(CONCLUSION).wait_for(timeout=LIVE_TIMEOUT)
        assert "Gedeeld perspectief" in conclusion.inner_text()
        screenshot(board, "e2e-10-board-with-conclusion")

        # -- the Excel, made and downloaded through the buttons on Exporteren -------------------------
        # The board and the table stay open, their live watchers rerunning every second, and the phones too:
        # the project leader exports while the room is live, and the download must not fail for it.
        export = facilitator.new_page()
        export.goto(f"{url}/exporteren?key={key}")
        wait_for_app(export)
        export.get_by_text("3 deelnemers · 9 notities").wait_for(timeout=STEP_TIMEOUT)
        screenshot(export, "e2e-11-export")
        export.get_by_role("button", name="Maak het Excel-overzicht").click()
        export.get_by_role("button", name="Download Excel-overzicht").wait_for(timeout=STEP_TIMEOUT)
        export.get_by_text("Gemaakt om").wait_for()
        # Three seconds of the open board's watcher (a run every second) and the phones: Streamlit clears files
        # no session holds after each run of any session; this one the page holds, so it is still there.
        export.wait_for_timeout(3_000)
        with export.expect_download(timeout=STEP_TIMEOUT) as download_info:
            export.get_by_role("button", name="Download Excel-overzicht").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".xlsx")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        book = openpyxl.load_workbook(saved)
        assert book.sheetnames == ["Overzicht", "Canvas", "Perspectieven", "Synthese", "Antwoorden"]

        answers = book["Antwoorden"]
        header = [c.value for c in answers[1]]
        rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in answers.iter_rows(min_row=2)]
        by_text = {row["Notitie"]: row for row in rows}
        assert len(rows) == 9, f"the Antwoorden sheet has {len(rows)} notes, not 9"
        for person in PEOPLE:
            for block_id, text in zip(BLOCKS_WRITTEN, person.notes, strict=True):
                row = by_text[text]
                assert (row["Stakeholder"], row["Naam"], row["Organisatie"], row["Blok"]) == (
                    person.label,
                    person.name,
                    person.organisation,
                    BLOCKS_BY_ID[block_id].title,
                )

        canvas_texts = [str(c.value) for row in book["Canvas"].iter_rows() for c in row if c.value is not None]
        [oplossing] = [t for t in canvas_texts if t.startswith("Gedeeld perspectief: ")]
        assert CONCLUSION in oplossing
        for person in PEOPLE:
            assert f"{person.label}: {person.notes[1]}" in oplossing, "a note is missing from its block"
        overview = [c.value for row in book["Overzicht"].iter_rows() for c in row]
        assert WORKSHOP["pps"] in overview and WORKSHOP["title"] in overview

        # What the pages showed is what was kept.
        store = Store.open(app_server.database_url)
        try:
            workshop = store.facilitated_workshop(key)
            assert (workshop.code, workshop.pps_name, workshop.region, workshop.phase.value, workshop.date) == (
                code,
                WORKSHOP["pps"],
                WORKSHOP["region"],
                "evaluatie",
                WORKSHOP_DATE,
            )
            for person in PEOPLE:
                kept = {n.block_id: n.text for n in store.own_notes(tokens[person.role])}
                assert kept == dict(zip(BLOCKS_WRITTEN, person.notes, strict=True))
        finally:
            store.engine.dispose()
    finally:
        for context in contexts:
            context.close()
