"""A samenwerking over two rondes in real Chromium: the facilitator runs ronde 1 with three participants, starts
ronde 2 on Begeleiden, a participant on a phone (390×844) sees "Vorige keer" and scores the ten lessons, the
facilitator records an action, Verloop shows what changed, and the samenwerking's Excel is downloaded.

The three participants of ronde 1 write through the store (their pages have tests of their own); everything
from the next ronde on is done in the browser.
"""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook

from canvas.lessons import LESSONS
from data.store import Store
from tests.browser import made_and_downloaded, screenshot, wait_for_app

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
CONCLUSION = "Tekort aan technici én werklozen die niet aan de slag komen"


def test_two_rondes_of_a_samenwerking_from_vorige_keer_to_verloop_and_excel(app_server, chromium):
    url = app_server.url
    store = Store.open(app_server.database_url)
    samenwerking, first, key1 = store.create_samenwerking(
        name="Samen Techniek Flevoland",
        title="Ontwerpsessie",
        region="Flevoland",
        partners=[("Gemeente Dronten", "overheid"), ("MBO College Almere", "onderwijs"), ("Zuidberg", "ondernemer")],
    )
    for name, role, org, block_id, text in [
        ("Erik", "ondernemer", "Zuidberg", "sociaal_probleem", "Het netwerk van bedrijven: dat is de echte kracht"),
        ("Yvonne", "overheid", "Gemeente Dronten", "kosten", "Startsubsidie van de gemeente"),
        ("Saskia", "onderwijs", "MBO College Almere", "kosten", "Docenturen voor korte trajecten"),
    ]:
        _, token = store.join(first.code, name=name, role=role, organisation=org)
        store.add_note(token, block_id, text)
    store.set_conclusion(key1, "sociaal_probleem", CONCLUSION)
    store.set_revealed(key1, True)

    # The facilitator starts ronde 2 on Begeleiden › Rondes en acties.
    facilitator = chromium.new_context(viewport={"width": 1280, "height": 720})
    control = facilitator.new_page()
    control.goto(f"{url}/begeleiden?key={key1}")
    wait_for_app(control)
    control.get_by_role("tab", name="🔁 Rondes en acties").click()
    control.get_by_label("Titel van de nieuwe ronde").fill("Monitoring")
    control.get_by_role("button", name="Volgende ronde starten").click()
    control.get_by_text("Bewaar deze begeleiderslink").wait_for(timeout=30_000)
    control.wait_for_function(f"() => !location.search.includes('{key1}') && location.search.includes('key=')")
    key2 = control.evaluate("() => new URLSearchParams(location.search).get('key')")
    second = store.facilitated_workshop(key2)
    assert second.ronde == 2 and second.samenwerking_id == samenwerking.id

    # A participant joins ronde 2 on a phone and sees last time's gedeeld perspectief.
    phone = chromium.new_context(viewport=PHONE).new_page()
    phone.goto(f"{url}/?code={second.code}&rol=ondernemer")
    phone.get_by_label("Je naam").wait_for()
    wait_for_app(phone)
    phone.get_by_label("Je naam").fill("Erik")
    phone.get_by_label("Je organisatie (niet verplicht)").fill("Zuidberg")
    phone.get_by_role("button", name="Meedoen").click()
    phone.wait_for_url("**/invullen?**")
    phone.get_by_label("Nieuwe notitie").wait_for()
    wait_for_app(phone)
    token = parse_qs(urlsplit(phone.url).query)["p"][0]
    card = phone.locator('[class*="st-key-vorigekeer-"]')
    card.get_by_text("Vorige keer (ronde 1)").wait_for()
    assert CONCLUSION in card.inner_text()
    card.scroll_into_view_if_needed()
    screenshot(phone, "rondes-vorige-keer-390x844")
    phone.get_by_label("Nieuwe notitie").fill("Het netwerk van bedrijven blijft de echte kracht")
    phone.get_by_role("button", name="Notitie toevoegen").click()
    phone.get_by_text("is bewaard").first.wait_for()

    # The ten lessons, scored in one form.
    phone.get_by_role("link", name="De tien lessen: hoe doen wij het?").click()
    phone.wait_for_url("**/lessen**")
    phone.get_by_text(LESSONS[0].text).wait_for()
    wait_for_app(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "rondes-lessen-390x844")
    for lesson in LESSONS:
        group = phone.get_by_role("radiogroup", name=f"Les {lesson.id}: In hoeverre doen wij dit?")
        group.get_by_text(str(2 + lesson.id % 3), exact=True).click()
    phone.get_by_placeholder("Toelichting (mag leeg)").first.fill("We praten nog langs elkaar heen")
    phone.get_by_role("button", name="Scores opslaan").click()
    phone.get_by_text("Je scores voor 10 lessen zijn bewaard").wait_for(timeout=30_000)
    scores = store.own_lesson_scores(token)
    assert {i: s.score for i, s in scores.items()} == {x.id: 2 + x.id % 3 for x in LESSONS}
    assert scores[1].remark == "We praten nog langs elkaar heen"

    # The facilitator records an action with an owner organisation.
    control.get_by_role("tab", name="🔁 Rondes en acties").click()
    control.get_by_label("Wat is er afgesproken?").fill("Zuidberg biedt twee leerplekken")
    control.get_by_label("Persoon (mag leeg)").fill("Erik")
    control.get_by_role("button", name="Actie vastleggen").click()
    control.get_by_text("De actie is vastgelegd").wait_for(timeout=30_000)
    (action,) = store.actions(key2)
    assert (action.text, action.ronde_created, action.person) == ("Zuidberg biedt twee leerplekken", 2, "Erik")
    assert action.owner_organisation == "Gemeente Dronten"  # the first partner, the form's default

    # Verloop shows the note that stayed, and the notes that went.
    store.set_revealed(key2, True)
    verloop = facilitator.new_page()
    verloop.goto(f"{url}/verloop?key={key2}")
    wait_for_app(verloop)
    kept = verloop.locator('[class*="st-key-change-gebleven-"]')
    kept.first.wait_for(timeout=30_000)
    assert "toen: Het netwerk van bedrijven: dat is de echte kracht" in kept.first.inner_text()
    assert verloop.locator('[class*="st-key-change-verdwenen-"]').count() == 2
    assert "🆕 0 nieuw · 🔁 1 gebleven · ➖ 2 verdwenen" in verloop.locator("body").inner_text()
    screenshot(verloop, "rondes-verloop-1280x720")
    verloop.get_by_text("Acties", exact=True).click()
    verloop.get_by_text("1 actie, waarvan 1 nog open of bezig").wait_for(timeout=30_000)
    # The table is a canvas grid; its cells are in the page for screen readers.
    cell = verloop.locator('[role="gridcell"]', has_text="Zuidberg biedt twee leerplekken")
    cell.first.wait_for(state="attached", timeout=30_000)

    # The samenwerking's Excel, downloaded from Exporteren and read back.
    export = facilitator.new_page()
    export.goto(f"{url}/exporteren?key={key2}")
    wait_for_app(export)
    download = made_and_downloaded(
        export, "Maak het Excel-bestand van de samenwerking", "Download Excel van de samenwerking"
    )
    wb = load_workbook(io.BytesIO(download.path().read_bytes()))
    assert wb.sheetnames[-6:] == ["Verloop", "Kenmerken", "Resultaten", "Betrokkenheid", "Lessen", "Acties"]
    verloop_rows = [[c.value for c in row] for row in wb["Verloop"].iter_rows()]
    assert ["Sociaal probleem / Sociale behoefte", CONCLUSION, None] in [r[:3] for r in verloop_rows]
    assert any(r[0] == "Zuidberg biedt twee leerplekken" for r in wb["Acties"].iter_rows(values_only=True))
    lessen = list(wb["Lessen"].iter_rows(values_only=True))
    header = lessen[3]
    first_lesson = next(r for r in lessen if r[0] == f"1. {LESSONS[0].title}")
    assert first_lesson[header.index("Ronde 2: Ondernemer")] == "3,0 (1)"
