"""Interview and preparation in real Chromium (issue 22): an interview with an overheid stakeholder recorded on a
laptop (1280×720), a participant preparing on a phone (390×844) the day before the session, and both on the
board with their source once the facilitator reveals the notes.
"""

from __future__ import annotations

import datetime as dt

import pytest

from canvas.clock import local, now
from canvas.model import NoteSource
from data.store import Store
from tests.browser import choose_option, screenshot, wait_for_app, wait_for_text

pytestmark = pytest.mark.browser

SAID = "Wij willen mensen uit de bijstand duurzaam aan het werk helpen"
PREPARED = "Wij zoeken vooral monteurs voor de werkplaats"


def test_an_interview_on_a_laptop_and_a_preparation_on_a_phone_show_their_source_on_the_board(app_server, chromium):
    url = app_server.url
    store = Store.open(app_server.database_url)
    _, workshop, key = store.create_samenwerking(
        name="Samen Techniek Flevoland", title="Ontwerpsessie", partners=[("Gemeente Lelystad", "overheid")]
    )
    store.set_date(key, local(now()).date() + dt.timedelta(days=1))

    # The day before: a participant prepares at home on a phone.
    _, token = store.join(workshop.code, name="Erik", role="ondernemer", organisation="Zuidberg")
    phone = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{url}/invullen?p={token}")
    wait_for_app(phone)
    wait_for_text(phone, "Voorbereiding", name="interview-phone-preparation")
    phone.get_by_label("Nieuwe notitie").fill(PREPARED)
    phone.get_by_role("button", name="Notitie toevoegen").click()
    wait_for_text(phone, "is bewaard", name="interview-phone-saved")
    screenshot(phone, "voorbereiding-invullen-390x844")

    # The researcher interviews a beleidsadviseur of the gemeente on a laptop.
    laptop = chromium.new_context(viewport={"width": 1280, "height": 720}).new_page()
    laptop.goto(f"{url}/interview?key={key}")
    wait_for_app(laptop)
    laptop.get_by_role("textbox", name="Naam of omschrijving").fill("Beleidsadviseur werk en inkomen")
    choose_option(laptop, laptop.get_by_role("combobox", name="Stakeholder"), "🏛️ Overheid")
    laptop.get_by_role("textbox", name="Organisatie").fill("Gemeente Lelystad")
    laptop.get_by_role("textbox", name="Interviewer (jouw naam)").fill("Mirjam")
    laptop.get_by_role("button", name="Interview beginnen").click()
    wait_for_text(laptop, "Interviewer: Mirjam", name="interview-started")
    laptop.get_by_label("Wat zegt de geïnterviewde?").fill(SAID)
    laptop.get_by_text("Citaat: dit zijn letterlijk").click()
    laptop.get_by_role("button", name="Bewaren").click()
    wait_for_text(laptop, "Bewaard bij", name="interview-saved")
    screenshot(laptop, "interview-1280x720")
    sources = {n.text: (n.source, n.quote) for n in store.notes(workshop.id)}
    assert sources == {PREPARED: (NoteSource.VOORBEREIDING, False), SAID: (NoteSource.INTERVIEW, True)}

    # In the session the facilitator reveals the notes: the board shows where each came from.
    store.set_revealed(key, True)
    laptop.goto(f"{url}/canvas?key={key}")
    wait_for_app(laptop)
    wait_for_text(laptop, "🎙️ interview (door Mirjam) · ❝ citaat", name="interview-board")
    wait_for_text(laptop, "🏠 voorbereiding", name="interview-board-preparation")
    screenshot(laptop, "bord-met-bronnen-1280x720")
    store.engine.dispose()
