"""The excerpt of seed 001 kept in the repository still stands, letter for letter, in the source document.

The source lives outside the repository (``../shared/seeds``): CI has it beside the clone, a clone on its own does
not, and then there is nothing to compare with.
"""

from __future__ import annotations

import pytest

from tests.conftest import SEED_DIR, SEED_EXCERPT

SOURCE = SEED_DIR / "001_ca4a3550b6bfe147.txt"

pytestmark = pytest.mark.skipif(not SOURCE.exists(), reason="../shared/seeds is not beside this clone")


def _sections() -> dict[str, str]:
    text = SEED_EXCERPT.read_text(encoding="utf-8")
    parts = text.split("## ")[1:]
    return {p.split("\n", 1)[0]: p.split("\n", 1)[1] for p in parts}


def test_the_canvas_page_of_the_excerpt_is_the_source_verbatim():
    canvas = _sections()["Canvas"]
    assert canvas.startswith("Sociale Innovatie Business Model Canvas: PPS Zij-instroom Techniek")
    assert canvas in SOURCE.read_text(encoding="utf-8")


def test_the_perspectives_header_of_the_excerpt_is_in_the_source():
    header = _sections()["Perspectieven"].strip()
    assert "Hoe wordt dit gefinancierd?" in header
    assert header in SOURCE.read_text(encoding="utf-8")


def test_the_ten_lessons_of_the_excerpt_are_in_the_source():
    lessons = _sections()["Lessen"]
    assert lessons.startswith("Wat leren we uit de praktijkvoorbeelden?")
    assert "10. Blijf wendbaar" in lessons
    assert lessons in SOURCE.read_text(encoding="utf-8")
