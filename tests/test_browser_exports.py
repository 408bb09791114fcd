"""Poster and PowerPoint downloaded through the buttons on Exporteren, in real Chromium, at 1280×720 and 390×844."""

from __future__ import annotations

import pytest
from pptx import Presentation
from pypdf import PdfReader

from data.store import Store
from demo import load_demo
from tests.browser import made_and_downloaded, screenshot, wait_for_app
from tests.exports_corpus import pdftotext

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [(1280, 720), (390, 844)])
def test_the_poster_and_the_presentation_download_from_exporteren(app_server, chromium, tmp_path, viewport):
    store = Store.open(app_server.database_url)
    try:
        # The demo loads on the server's first start without printing its keys here: a fresh key for NEXT24.
        load_demo(store)
        key = store.reset_facilitator_key("NEXT24")
    finally:
        store.engine.dispose()
    width, height = viewport
    context = chromium.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{app_server.url}/exporteren?key={key}")
        wait_for_app(page)
        poster = page.get_by_role("button", name="Maak de poster (PDF, A3)")
        poster.wait_for(timeout=20_000)
        page.get_by_role("button", name="Maak de presentatie (PowerPoint)").scroll_into_view_if_needed()
        screenshot(page, f"exports-{width}x{height}")

        page.get_by_text("A1", exact=True).click()
        wait_for_app(page)
        download = made_and_downloaded(page, "Maak de poster (PDF, A1)", "Download poster (PDF, A1)")
        pdf = tmp_path / download.suggested_filename
        download.save_as(pdf)
        assert pdf.name.endswith("_poster_A1.pdf")
        width_mm = float(PdfReader(pdf).pages[0].mediabox.width) * 25.4 / 72
        assert abs(width_mm - 841) < 1.5
        assert "NexTechnician" in pdftotext(pdf, 1, 1)

        download = made_and_downloaded(page, "Maak de presentatie (PowerPoint)", "Download presentatie (PowerPoint)")
        pptx = tmp_path / download.suggested_filename
        download.save_as(pptx)
        assert pptx.suffix == ".pptx"
        assert Presentation(str(pptx)).slides[0].shapes.title.text_frame.text == "NexTechnician"
    finally:
        context.close()
