"""The monitoring cycle in real Chromium (issue 21): three phones (390×844) name factors, the facilitator makes
a theme and a leervraag in Tabel 4.2 with a linked action, the next ronde opens with it, and the
monitoringsrapportage is downloaded from Exporteren and its text checked.

The participants join through the store (joining has tests of its own); everything they and the facilitator do
for the cycle is done in the browser.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from data.store import Store
from tests.browser import choose_option, made_and_downloaded, screenshot, wait_for_app, wait_for_text

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
FACTORS = [
    ("Erik", "ondernemer", "Bevorderend", "Bedrijven denken actief mee over de selectie van kandidaten"),
    ("Yvonne", "overheid", "Belemmerend", "Bedrijven haken af bij de selectie van kandidaten"),
    ("Saskia", "onderwijs", "Belemmerend", "Te weinig tijd bij de coördinator"),
]
LEERVRAAG = "Hoe houden we bedrijven betrokken bij de selectie?"
ACTION = "Bedrijfsbezoek met de selectiecommissie plannen"


def test_phones_name_factors_the_facilitator_makes_a_leervraag_and_the_report_carries_it(app_server, chromium):
    url = app_server.url
    store = Store.open(app_server.database_url)
    samenwerking, first, key1 = store.create_samenwerking(
        name="Samen Techniek Flevoland", title="Ontwerpsessie", partners=[("Zuidberg", "ondernemer")]
    )
    phones = chromium.new_context(viewport=PHONE)
    for name, role, kind, text in FACTORS:
        _, token = store.join(first.code, name=name, role=role, organisation="Org")
        phone = phones.new_page()
        phone.goto(f"{url}/factoren?p={token}")
        wait_for_app(phone)
        field = phone.get_by_role("textbox", name={"Bevorderend": "Wat helpt", "Belemmerend": "Wat houdt"}[kind])
        field.wait_for(timeout=60_000)
        field.fill(text)
        phone.get_by_role("button", name=f"{kind} toevoegen").click()
        wait_for_text(phone, text, name="monitoring-factor-phone")
        if name == "Erik":
            screenshot(phone, "monitoring-factoren-390x844")
        phone.close()
    factors = store.factors(key1)
    assert sorted(f.text for f in factors) == sorted(t for *_, t in FACTORS)

    # The facilitator ticks the two about selection, names the theme and asks a leervraag in Tabel 4.2.
    facilitator = chromium.new_context(viewport={"width": 1280, "height": 720}).new_page()
    facilitator.goto(f"{url}/monitoring?key={key1}")
    wait_for_app(facilitator)
    for f in factors[:2]:
        facilitator.locator(f".st-key-monitoring_factor_{f.id} label").click()
    facilitator.get_by_label("Naam van het thema").fill("Selectie")
    facilitator.get_by_role("button", name="Maak een thema van de gekozen factoren").click()
    (theme,) = _wait(lambda: store.themes(key1))
    card = facilitator.locator(f".st-key-monitoring_thema_{theme.id}")
    card.wait_for()
    card.get_by_label("Nieuwe leervraag bij dit thema").fill(LEERVRAAG)
    choose_option(facilitator, card.get_by_role("combobox", name="Plek in Tabel 4.2"), "Handelen × Netwerk")
    card.get_by_role("button", name="Leervraag toevoegen").click()
    (vraag,) = _wait(lambda: store.all_leervragen(key1))
    assert vraag.theme_id == theme.id and vraag.cell.label == "Handelen × Netwerk"

    # On Leervragen, the facilitator agrees an action that answers it.
    facilitator.goto(f"{url}/monitoring?key={key1}&weergave=leervragen")
    wait_for_app(facilitator)
    facilitator.get_by_text(LEERVRAAG).first.wait_for()
    box = facilitator.locator(f".st-key-monitoring_leervraag_{vraag.id}")
    box.get_by_text(LEERVRAAG).first.click()
    box.get_by_label("Wat is er afgesproken?").fill(ACTION)
    box.get_by_role("button", name="Actie vastleggen").click()
    (action,) = _wait(lambda: store.actions(key1))
    assert action.leervraag_id == vraag.id and action.text == ACTION

    # The next ronde opens with the leervraag still open, and its action.
    second, key2 = store.start_next_ronde(key1, title="Looptijd")
    facilitator.goto(f"{url}/monitoring?key={key2}&weergave=leervragen")
    wait_for_app(facilitator)
    wait_for_text(facilitator, "Open leervragen uit eerdere rondes (1)", name="monitoring-next-ronde")
    box = facilitator.locator(f".st-key-monitoring_leervraag_{vraag.id}")
    box.get_by_text(LEERVRAAG).first.click()
    box.get_by_text(ACTION).first.wait_for()
    screenshot(facilitator, "monitoring-leervragen-next-ronde-1280x720")

    # The stuurgroep's rapportage, downloaded as a PDF, carries the leervraag, its action and the factors.
    facilitator.goto(f"{url}/exporteren?key={key2}")
    wait_for_app(facilitator)
    download = made_and_downloaded(facilitator, "Maak de rapportage (PDF)", "Download rapportage (PDF)")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(download.path().read_bytes())).pages).split()
    )
    for phrase in (LEERVRAAG, ACTION, "Handelen × Netwerk", "Te weinig tijd bij de coördinator", "Open punten"):
        assert phrase in text, phrase
    store.engine.dispose()


def _wait(read, timeout: float = 30.0):
    """What ``read`` returns once it is not empty: a click's write lands a moment after the click."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = read()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("the write did not land in the store")
