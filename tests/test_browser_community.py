"""A lerende community in real Chromium: a coordinator makes a community, two facilitators opt their
samenwerkingen in with different sharing choices, the coordinator sees both in the merged table and searches a
lesson, one facilitator withdraws, the coordinator's views no longer show it, and the community Excel is
downloaded and read back.

The two samenwerkingen and their notes are written through the store (those pages have tests of their own);
everything about the community is done in the browser.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from data.store import Store
from tests.browser import made_and_downloaded, screenshot, wait_for_app, wait_for_text

pytestmark = pytest.mark.browser

A_NOTE = "Nazorg na plaatsing houdt zij-instromers binnen"
A_CONCLUSION = "Tekort aan technici in de Achterhoek"
B_CONCLUSION = "Tekort aan technici in Twente"
A_LEERVRAAG = "Hoe regelen we de nazorg bij kleine bedrijven?"


def _samenwerking(store: Store, name: str, region: str, conclusion: str, note: str, leervraag: str) -> str:
    _, workshop, key = store.create_samenwerking(name=name, title="Ontwerpsessie", region=region)
    _, token = store.join(workshop.code, name=f"Deelnemer {name}", role="ondernemer")
    store.add_note(token, "sociaal_probleem", note)
    store.set_conclusion(key, "sociaal_probleem", conclusion)
    store.add_leervraag(key, leervraag)
    store.set_revealed(key, True)
    return key


def _opt_in(context, store: Store, url: str, key: str, code: str, *, notes: bool):
    page = context.new_page()
    page.goto(f"{url}/begeleiden?key={key}")
    wait_for_app(page)
    page.get_by_role("tab", name="🔁 Rondes en acties").click()
    page.get_by_text("🌐 Lerende community").click()
    page.get_by_label("Uitnodigingscode van de coördinator").fill(code)
    if notes:
        choice = page.locator(".st-key-community_nieuw_notes")
        choice.get_by_text("Notities van deelnemers").click()
        expect(choice.get_by_role("checkbox")).to_be_checked()
    # One click, no retry: a click lost under load was a Streamlit clean-up race, fixed in deploy.worker
    # (tests/test_browser_no_lost_click.py).
    page.get_by_role("button", name="Aanmelden").click()
    wait_for_text(page, "Aangemeld bij Leren over zij-instroom", name=f"community-opt-in-{code}-missing")
    return page


def test_two_samenwerkingen_share_the_coordinator_sees_and_searches_one_withdraws(app_server, chromium):
    url = app_server.url
    store = Store.open(app_server.database_url)
    key_a = _samenwerking(store, "PPS Achterhoek", "Achterhoek", A_CONCLUSION, A_NOTE, A_LEERVRAAG)
    key_b = _samenwerking(
        store, "PPS Twente", "Twente", B_CONCLUSION, "Onze eigen notitie blijft binnen", "Wie betaalt de coach?"
    )

    # The coordinator makes the community in the app and keeps the link shown once.
    coordinator = chromium.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    home = coordinator.new_page()
    home.goto(f"{url}/community")
    wait_for_app(home)
    home.get_by_label("Naam").fill("Leren over zij-instroom")
    home.get_by_role("button", name="Community aanmaken").click()
    home.get_by_text("Bewaar deze coördinatorlink nu").wait_for(timeout=30_000)
    link = home.locator('[data-testid="stCode"]').filter(has_text="ckey=").inner_text().strip()
    ckey = link.split("ckey=")[1]
    community = store.coordinated_community(ckey)

    # Two facilitators opt in, with different choices: A shares notes too, B only the defaults.
    facilitators = chromium.new_context(viewport={"width": 1280, "height": 720})
    page_a = _opt_in(facilitators, store, url, key_a, community.invite_code, notes=True)
    _opt_in(facilitators, store, url, key_b, community.invite_code.lower(), notes=False)
    assert [m.sharing.notes for m in store.memberships(key_a)] == [True], "A's choice to share notes was lost"
    assert [m.sharing.notes for m in store.memberships(key_b)] == [False]

    persp = coordinator.new_page()
    persp.goto(f"{url}/community_perspectieven?ckey={ckey}")
    wait_for_app(persp)
    body = persp.locator('[data-testid="stMain"]')
    body.get_by_text(A_NOTE).wait_for(timeout=30_000)
    text = body.inner_text()
    assert A_CONCLUSION in text and B_CONCLUSION in text
    assert "PPS Achterhoek · Sociaal probleem" in text and "PPS Twente · Sociaal probleem" in text
    assert "Onze eigen notitie blijft binnen" not in text  # B does not share its notes
    assert "Deelnemer PPS Achterhoek" not in text  # nor does anyone share names
    screenshot(persp, "community-browser-perspectieven-1280x720")

    library = coordinator.new_page()
    library.goto(f"{url}/lessenbibliotheek?ckey={ckey}")
    wait_for_app(library)
    library.get_by_label("Zoeken in lessen, leervragen en acties").fill("nazorg")
    library.get_by_label("Zoeken in lessen, leervragen en acties").press("Enter")
    # The unfiltered list shows both leervragen until the search has run: wait for the other one to go.
    library.get_by_text("Wie betaalt de coach?").wait_for(state="detached", timeout=30_000)
    wait_for_app(library)
    main = library.locator('[data-testid="stMain"]').inner_text()
    assert A_LEERVRAAG in main and "Wie betaalt de coach?" not in main

    # Facilitator A withdraws: confirm, then leave.
    page_a.locator(f".st-key-community_lid_{community.id}_zeker").get_by_text("Ja, haal alles weg").click()
    page_a.get_by_role("button", name="Community verlaten").click()
    page_a.get_by_text("er wordt niets meer gedeeld").wait_for(timeout=30_000)

    persp.reload()
    wait_for_app(persp)
    persp.get_by_text(B_CONCLUSION).wait_for(timeout=30_000)
    text = persp.locator('[data-testid="stMain"]').inner_text()
    assert A_CONCLUSION not in text and A_NOTE not in text and "PPS Achterhoek" not in text
    library.reload()
    wait_for_app(library)
    library.get_by_label("Zoeken in lessen, leervragen en acties").fill("nazorg")
    library.get_by_label("Zoeken in lessen, leervragen en acties").press("Enter")
    library.get_by_text("Niets gevonden").wait_for(timeout=30_000)

    # The community Excel, downloaded from the overview: only PPS Twente is in it.
    overview = coordinator.new_page()
    overview.goto(f"{url}/community?ckey={ckey}")
    wait_for_app(overview)
    download = made_and_downloaded(
        overview, "Maak het Excel-bestand van de community", "Download het Excel-bestand van de community"
    )
    wb = load_workbook(io.BytesIO(download.path().read_bytes()))
    assert wb.sheetnames == ["Samenwerkingen", "Perspectieven", "Blokken", "Lessen"]
    assert [r[0] for r in wb["Samenwerkingen"].iter_rows(min_row=5, values_only=True)] == ["PPS Twente"]
    everything = "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    assert B_CONCLUSION in everything and "Achterhoek" not in everything
