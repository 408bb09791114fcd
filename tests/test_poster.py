"""The poster PDF, read back as a person's tools read it: pdftotext, pdffonts, pypdf, LibreOffice."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from canvas.blocks import BLOCKS, BLOCKS_BY_ID
from data.store import Store
from exports import poster as poster_module
from exports.poster import BLOCK_FILL, MARKER, MUTED, UnknownFormat, note_fill, poster_pdf
from exports.text import wrap
from stakeholders.roles import Role
from tests.demo_copy import load_demo
from tests.exports_corpus import (
    ARABIC,
    EMOJI,
    EMOJI_IN_PDF,
    HEBREW,
    HOSTILE,
    MIXED,
    hostile_workshop,
    pdftotext,
    soffice_convert,
    squeeze,
)

A_SIZES_MM = {"A3": (420, 297), "A1": (841, 594), "A0": (1189, 841)}


def _write(tmp_path: Path, data: bytes, name: str = "poster.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text))


def test_every_note_and_perspective_of_the_nextechnician_demo_is_on_the_poster(store: Store, tmp_path):
    load_demo(store)
    workshop = store.workshop("NEXT24")
    pdf = _write(tmp_path, poster_pdf(store, workshop))
    board = squeeze(pdftotext(pdf, 1, 1))
    notes = store.notes(workshop.id)
    assert len(notes) > 100
    missing = [n.text for n in notes if squeeze(n.text) not in board]
    assert not missing, f"not on page 1: {missing[:3]}"
    for conclusion in store.conclusions(workshop.id).values():
        assert squeeze(conclusion.text) in board
    for b in BLOCKS:
        assert squeeze(b.title) in board
    header = pdftotext(pdf, 1, 1)
    assert "NexTechnician" in header and "Evaluatie coöperatie mobiliteitstechniek" in header
    assert "15 september 2020" in header
    # The legend names every stakeholder that wrote; each note carries its stakeholder's name.
    for label in ("Ondernemer", "Overheid", "Onderwijs", "Projectleider"):
        assert label in header
    # The demo fits its blocks: no Vervolg page, no marker.
    assert "vervolg op pagina" not in header
    text = pdftotext(pdf)
    assert "Perspectieven" in pdftotext(pdf, 2, 2)
    assert "Wat is de waardepropositie?" in text and "Hoe wordt dit gefinancierd?" in text
    # Page 2 on: the Perspectieven table shows the facilitator's synthesis where a cell has one (the demo has
    # one), and every note, with its block, of the cells that have none (the projectleider's here).
    table = squeeze(pdftotext(pdf, 2))
    assert "de synthese per stakeholder en vraag" in pdftotext(pdf, 2, 2)
    points = [b for b in store.bullets(workshop.id) if not b.removed]
    assert points and [b.text for b in points if squeeze(b.text) not in table] == []
    covered = {(b.role, b.question) for b in points}
    rest = [n for n in notes if (n.role, BLOCKS_BY_ID[n.block_id].feeds) not in covered]
    assert rest and [n.text for n in rest if squeeze(f"{n.text} ({BLOCKS_BY_ID[n.block_id].title})") not in table] == []
    # Without a synthesis the table is every note again.
    other = store.workshop("RVRN24")
    assert not store.bullets(other.id)
    plain_pdf = _write(tmp_path, poster_pdf(store, other))
    assert "wat elke stakeholder zei" in pdftotext(plain_pdf, 2, 2)
    table = squeeze(pdftotext(plain_pdf, 2))
    assert [n.text for n in store.notes(other.id) if squeeze(n.text) not in table] == []


def test_hostile_notes_are_all_on_the_poster_readable_and_never_as_empty_boxes(store: Store, db_path, tmp_path):
    workshop, _ = hostile_workshop(store)
    pdf = _write(tmp_path, poster_pdf(store, workshop))
    text = pdftotext(pdf, 1, 1)
    board = squeeze(text)
    for notes in HOSTILE.values():
        for _, note in notes:
            if note in (ARABIC, HEBREW, MIXED):
                # pdftotext puts right-to-left runs back in reading order by guesswork around punctuation;
                # every word must be there, joined Arabic letters read back as the letters typed.
                page_words = set(_words(text))
                assert set(_words(note)) <= page_words, note
            elif note == EMOJI:
                for part in EMOJI_IN_PDF:
                    assert squeeze(part) in board, part
            else:
                assert squeeze(note) in board, note
    # The title and PPS (user text too) are printed as typed, not as markup.
    assert "Stad & Ommeland <b>" in text and "Test =1+1 [rocket]" in text


def test_hebrew_and_arabic_are_drawn_right_to_left_and_joined():
    lines = wrap(HEBREW, 10_000, len, lambda cp: True)
    assert len(lines) == 1 and lines[0].rtl
    # Visual order: the first word typed is drawn last (leftmost is the end of the sentence).
    assert lines[0].text.startswith("הניידות"[::-1]) and lines[0].text.endswith("אנחנו"[::-1])
    arabic = wrap("لا سيما", 10_000, len, lambda cp: True)[0].text
    # Joined forms (lam-alef ligature U+FEFB), not the isolated letters of the keyboard.
    assert "\ufefb" in arabic and "ل" not in arabic
    mixed = wrap(MIXED, 10_000, len, lambda cp: True)[0]
    assert not mixed.rtl and mixed.text.startswith("De gemeente zegt:")


def test_characters_the_font_lacks_become_their_names_never_boxes(store: Store, db_path, tmp_path):
    workshop, _ = hostile_workshop(store)
    reader = PdfReader(_write(tmp_path, poster_pdf(store, workshop)))
    extracted = "".join(page.extract_text() for page in reader.pages)
    assert "[flexed biceps]" in extracted and "[factory]" in extracted and "[NL]" in extracted
    # No character reached the page that the embedded font cannot draw (it would print as an empty box).
    glyphs = poster_module._glyphs(poster_module.REGULAR)
    assert all(ord(ch) in glyphs for ch in extracted if not ch.isspace())


@pytest.mark.parametrize("formaat", ["A3", "A1", "A0"])
def test_the_poster_comes_in_a3_a1_and_a0_landscape(store: Store, db_path, tmp_path, formaat):
    load_demo(store)
    workshop = store.workshop("NEXT24")
    reader = PdfReader(_write(tmp_path, poster_pdf(store, workshop, formaat)))
    width_mm, height_mm = (float(v) * 25.4 / 72 for v in reader.pages[0].mediabox[2:])
    expected = A_SIZES_MM[formaat]
    assert abs(width_mm - expected[0]) < 1.5 and abs(height_mm - expected[1]) < 1.5
    assert all(abs(float(p.mediabox.width) - float(reader.pages[0].mediabox.width)) < 0.1 for p in reader.pages)


def test_an_unknown_paper_size_is_refused_in_dutch(store: Store, db_path):
    workshop, _ = store.create_workshop(pps_name="PPS", title="Sessie")
    with pytest.raises(UnknownFormat, match="kies A3, A1 of A0"):
        poster_pdf(store, workshop, "A5")


def test_a_block_with_too_much_text_continues_on_a_marked_vervolg_page(store: Store, db_path, tmp_path):
    workshop, key = store.create_workshop(pps_name="Vol", title="Te veel tekst")
    _, token = store.join(workshop.code, name="Ann", organisation="Bedrijf", role="ondernemer")
    texts = [f"Notitie nummer {i} zegt " + " ".join(f"woord{i}x{j}" for j in range(40)) for i in range(30)]
    for t in texts:
        store.add_note(token, "governance", t)
    store.add_note(token, "kosten", "Een korte notitie over kosten")
    # Written last, by another side: the stakeholders take turns in a full block, so it is on the board itself.
    _, other = store.join(workshop.code, name="Bo", organisation="Gemeente", role="overheid")
    store.add_note(other, "governance", "De gemeente wil een stem in de governance")
    pdf = _write(tmp_path, poster_pdf(store, workshop))
    reader = PdfReader(pdf)
    board = pdftotext(pdf, 1, 1)
    match = re.search(r"vervolg op pagina (\d+) \(nog (\d+) notities\)", board)
    assert match, board[:2000]
    page = int(match.group(1))
    assert 3 <= page <= len(reader.pages)
    follow = pdftotext(pdf, page, page)
    assert squeeze("Governance, risk & compliance (vervolg van pagina 1)") in squeeze(follow)
    # Nothing is cut off: every word of every note is on the poster or its Vervolg pages.
    everything = set(_words(pdftotext(pdf, 1, 1) + pdftotext(pdf, 3)))
    for t in texts:
        assert set(_words(t)) <= everything, t[:40]
    assert "Een korte notitie over kosten" in board
    assert "De gemeente wil een stem in de governance" in board


def test_a_full_block_shrinks_its_text_before_anything_goes_to_a_vervolg_page(store: Store, db_path, tmp_path):
    workshop, _ = store.create_workshop(pps_name="Half vol", title="Veel maar niet te veel")
    _, token = store.join(workshop.code, name="Bo", organisation="Gemeente", role="overheid")
    texts = [f"Punt {i}: de gemeente wil de wachttijd voor werkzoekenden verkorten en beter meten" for i in range(14)]
    for t in texts:
        store.add_note(token, "sociale_impact", t)
    pdf = _write(tmp_path, poster_pdf(store, workshop))
    board = pdftotext(pdf, 1, 1)
    assert "vervolg op pagina" not in board
    assert all(squeeze(t) in squeeze(board) for t in texts)
    assert len(PdfReader(pdf).pages) == 2  # the board and the Perspectieven table; no Vervolg page


def test_the_font_is_embedded_and_no_other_font_is_used(store: Store, db_path, tmp_path):
    workshop, _ = hostile_workshop(store)
    pdf = _write(tmp_path, poster_pdf(store, workshop))
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True, timeout=60).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        name, kind, *_, emb, sub, uni, _obj, _gen = row.split()
        assert "DejaVuSans" in name and kind == "TrueType" and emb == "yes" and uni == "yes", row


def _contrast(a: str, b: str) -> float:
    def lum(hex_colour: str) -> float:
        h = hex_colour.lstrip("#")
        cs = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        cs = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in cs]
        return 0.2126 * cs[0] + 0.7152 * cs[1] + 0.0722 * cs[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_text_on_the_poster_has_contrast_of_at_least_4_5_to_1():
    for role in Role:
        assert _contrast(poster_module.INK, note_fill(role)) >= 10, role  # the README says "boven 10:1"
    assert _contrast(MARKER, BLOCK_FILL) >= 4.5
    assert _contrast(MUTED, BLOCK_FILL) >= 4.5 and _contrast(MUTED, "#FFFFFF") >= 4.5


def test_libreoffice_opens_the_poster(store: Store, db_path, tmp_path):
    workshop, _ = hostile_workshop(store)
    pdf = _write(tmp_path, poster_pdf(store, workshop))
    converted = soffice_convert(pdf, tmp_path, import_filter="draw_pdf_import", target="pdf:draw_pdf_Export")
    assert len(PdfReader(converted).pages) == len(PdfReader(pdf).pages)
    assert "Sociaal probleem" in pdftotext(converted, 1, 1)
