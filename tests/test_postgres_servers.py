"""Two app servers on one PostgreSQL database: what one room saves, the other server's projector shows.

This is how PPS Canvas runs for more than one server (README, "Meerdere servers"): every server holds no
state of its own beyond a participant's browser session, so any server can show any note.
"""

from __future__ import annotations

import pytest

from data.store import Store
from tests.browser import start_server, stop_server, wait_for_app

pytestmark = pytest.mark.browser


def test_a_note_saved_through_one_server_appears_on_the_other_servers_board(postgres_url, tmp_path, chromium):
    store = Store.open(postgres_url)
    workshop, key = store.create_workshop(pps_name="Lerende community", title="Twee servers", region="Flevoland")
    _, token = store.join(workshop.code, name="Sanne", role="overheid", organisation="Gemeente Dronten")
    store.set_revealed(key, True)

    env = {"DATABASE_URL": postgres_url}
    first = start_server(tmp_path / "unused-a.db", env=env)
    second = start_server(tmp_path / "unused-b.db", env=env)
    try:
        board = chromium.new_page(viewport={"width": 1280, "height": 720})
        board.goto(f"{second.url}/canvas?key={key}")
        wait_for_app(board)
        board.get_by_text("Sociaal probleem / Sociale behoefte").first.wait_for()

        participant = chromium.new_page(viewport={"width": 390, "height": 844})
        participant.goto(f"{first.url}/invullen?p={token}")
        participant.get_by_label("Nieuwe notitie").wait_for()
        text = "Via server A opgeslagen: uitkering wordt doorbetaald tijdens scholing"
        participant.get_by_label("Nieuwe notitie").fill(text)
        participant.get_by_role("button", name="Notitie toevoegen").click()
        participant.get_by_text(text).first.wait_for()

        # Server B reads the same database: within its 3-second refresh the note is on its projector.
        board.locator('[class*="st-key-note-overheid-"]').filter(has_text=text).first.wait_for(timeout=10_000)
        assert [n.text for n in store.notes(workshop.id)] == [text]
        assert not (tmp_path / "unused-a.db").exists() and not (tmp_path / "unused-b.db").exists()
    finally:
        stop_server(first)
        stop_server(second)
        store.engine.dispose()
