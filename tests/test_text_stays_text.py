"""Issue 11, item 5 without a browser: long query parameters, bidi isolation in the Excel, what plain() makes.

The browser half (every page, the corpus of Streamlit's markup, bidi on screen) is in
tests/test_browser_markup_corpus.py.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText

from canvas.blocks import BLOCKS_BY_ID
from exports.excel import workbook_bytes
from exports.samenwerking_excel import find_samenwerking, samenwerking_workbook_bytes
from stakeholders.roles import Role
from tests.apptest import run_app

LONG = "Q" * 10_000
FSI, PDI = "\u2068", "\u2069"
RLO, LRE, PDF = "\u202e", "\u202a", "\u202c"


def everything_shown(at) -> str:
    """All text a page shows: Markdown, captions, messages, labels, titles and what the text boxes hold."""
    parts = [str(e.value) for e in (*at.markdown, *at.caption, *at.error, *at.warning, *at.info, *at.success)]
    parts += [str(e.value) for e in (*at.title, *at.header, *at.subheader)]
    parts += [str(e.label) for e in at.expander]
    parts += [str(t.value or "") for t in (*at.text_input, *at.text_area)]
    parts += [str(t.label) for t in (*at.text_input, *at.text_area, *at.button)]
    return "\n".join(parts)


def longest_run(text: str, ch: str) -> int:
    best = run = 0
    for c in text:
        run = run + 1 if c == ch else 0
        best = max(best, run)
    return best


@pytest.mark.parametrize(
    ("page", "param"),
    [
        ("deelnemen", "code"),
        ("canvas", "code"),
        ("canvas", "blok"),
        ("perspectieven", "code"),
        ("invullen", "p"),
        ("invullen", "blok"),
        ("begeleiden", "key"),
        ("exporteren", "key"),
        ("verloop", "key"),
        ("verloop", "weergave"),
        ("lessen", "p"),
    ],
)
def test_a_query_parameter_of_ten_thousand_characters_is_shown_at_most_shortened(store, workshop_key, page, param):
    workshop, key = workshop_key
    query = {param: LONG}
    if param in ("blok", "weergave"):  # these need a working workshop around them to be read at all
        query["code" if page == "canvas" else "key"] = workshop.code if page == "canvas" else key
    at = run_app(page=page, **query)
    assert not at.exception, at.exception
    shown = everything_shown(at)
    assert longest_run(shown, "Q") <= 40, f"{page}?{param}= shows {longest_run(shown, 'Q')} characters of it"


def test_a_too_long_code_in_a_join_link_is_not_put_in_the_box_and_the_page_says_why(store, workshop_key):
    at = run_app(page="deelnemen", code=LONG)
    assert at.text_input(key="deelnemen_code").value == ""
    assert any("De code in de link is te lang (10000 tekens)" in w.value for w in at.warning)


def test_a_wrong_code_in_a_projector_link_is_repeated_shortened_with_an_ellipsis(store):
    at = run_app(page="canvas", code="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" * 3)
    (error,) = [e.value for e in at.error]
    assert "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234…" in error and "56789" not in error


# -- bidi isolation in the Excel ---------------------------------------------------------------------------


def _text(value) -> str:
    return "".join(b if isinstance(b, str) else b.text for b in value) if isinstance(value, CellRichText) else value


def isolated_spans(text: str) -> list[str]:
    """Every piece of ``text`` between an FSI and its PDI (the outer ones), checked to be balanced."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "\u2066\u2067\u2068":
            if depth == 0:
                start = i
            depth += 1
        elif ch == PDI and depth:
            depth -= 1
            if depth == 0:
                spans.append(text[start : i + 1])
    assert depth == 0, f"an isolate is left open: {text!r}"
    return spans


def outside_isolates(text: str) -> str:
    """``text`` with every isolated piece taken out: what the user's text cannot reach."""
    for span in isolated_spans(text):
        text = text.replace(span, "", 1)
    return text


HOSTILE_BIDI = (
    f"Kosten {RLO}omlaag",  # a right-to-left override, never closed
    f"{LRE}een{PDF}{PDF}{PDF} te veel",  # embeddings and stray pops
    f"{PDI}{RLO}ontsnapt",  # tries to close the wrapper first
    "تكلفة أقل ١٢٣",  # Arabic letters and Arabic-Indic digits
)


def test_a_note_and_a_name_with_direction_controls_cannot_reorder_the_labels_beside_them_in_the_excel(
    store, workshop_key
):
    workshop, key = workshop_key
    _, token = store.join(workshop.code, name=f"Bo{RLO}ss", role=Role.ONDERNEMER, sub_role=f"coach{RLO}")
    for text in HOSTILE_BIDI:
        store.add_note(token, "oplossing", text)
    store.set_conclusion(key, "oplossing", f"Samen {RLO}verder")
    wb = load_workbook(io.BytesIO(workbook_bytes(store, workshop)), rich_text=True)

    cells = [_text(c.value) for row in wb["Canvas"].iter_rows() for c in row if c.value]
    cells += [_text(c.value) for row in wb["Perspectieven"].iter_rows() for c in row if c.value]
    composite = [c for c in cells if any(t in c for t in HOSTILE_BIDI)]
    assert composite
    for cell in composite:
        # Everything of the user's text sits inside balanced isolates; what is outside holds no control at all.
        rest = outside_isolates(cell)
        assert not any(unicodedata.bidirectional(ch) in {"RLO", "LRO", "RLE", "LRE", "PDF", "PDI"} for ch in rest), (
            f"a direction control escapes its isolate: {cell!r}"
        )
    perspectives = "\n".join(c for c in cells if c.startswith("•"))
    for text in HOSTILE_BIDI:
        assert any(text in span for span in isolated_spans(perspectives)), repr(text)
    assert perspectives.count("(Oplossing)") == len(HOSTILE_BIDI)
    # The cell that holds only the note keeps it exactly, without marks: nothing beside it to protect.
    answers = [row[6].value for row in wb["Antwoorden"].iter_rows(min_row=2)]
    assert set(HOSTILE_BIDI) <= set(answers)


def test_synthesis_points_and_their_notes_cannot_reorder_the_vote_counts_and_blocks_beside_them_in_the_excel(
    store, workshop_key
):
    workshop, key = workshop_key
    _, token = store.join(workshop.code, name=f"Bo{RLO}ss", role=Role.ONDERNEMER)
    notes = [store.add_note(token, "oplossing", text) for text in HOSTILE_BIDI]
    for note, text in zip(notes, HOSTILE_BIDI, strict=True):
        store.add_bullet(key, Role.ONDERNEMER, BLOCKS_BY_ID["oplossing"].feeds, f"Punt {text}", [note.id])
    wb = load_workbook(io.BytesIO(workbook_bytes(store, workshop)), rich_text=True)
    cells = [_text(c.value) for ws in (wb["Perspectieven"], wb["Synthese"]) for row in ws.iter_rows() for c in row]
    composite = [c for c in map(str, cells) if any(t in c for t in HOSTILE_BIDI) and ("•" in c or "–" in c)]
    assert len(composite) >= 2  # the Perspectieven cell and the Synthese sheet's source notes
    for cell in composite:
        rest = outside_isolates(cell)
        assert not any(unicodedata.bidirectional(ch) in {"RLO", "LRO", "RLE", "LRE", "PDF", "PDI"} for ch in rest), (
            f"a direction control escapes its isolate: {cell!r}"
        )
    spans = [span for cell in composite for span in isolated_spans(cell)]
    for text in HOSTILE_BIDI:
        assert any(f"Punt {text}" in span for span in spans), repr(text)  # the point, in the Perspectieven cell
        assert any(text in span and "Punt" not in span for span in spans), repr(text)  # its note, in Synthese
    assert any(f"Bo{RLO}ss" in span for span in spans)  # the author's name beside the block


def test_a_samenwerking_name_with_an_override_is_isolated_in_the_headings_of_its_excel(store):
    workshop, key = store.create_workshop(pps_name=f"Haven{RLO}stad", title="Ronde een")
    wb = load_workbook(io.BytesIO(samenwerking_workbook_bytes(store, find_samenwerking(store, workshop.code))))
    headings = [str(ws.cell(1, 1).value) for ws in wb.worksheets if " · " in str(ws.cell(1, 1).value)]
    assert headings
    for heading in headings:
        label, _, name = heading.partition(" · ")
        # The name's own isolate closes before the title: the override cannot reverse ": Ronde een".
        assert f"{FSI}Haven{RLO}stad{PDI}" in name, heading
        assert ": Ronde een" not in name or f"{PDI}: Ronde een" in name, heading
        assert RLO not in outside_isolates(heading)


# -- what plain() and isolate() add, and where they add nothing ---------------------------------------------


def test_plain_adds_invisible_marks_only_where_streamlit_would_otherwise_make_something_of_the_text():
    from app_pages.ui.text import plain

    for ordinary in ("om 10:30 uur", "@Bedrijf", "a - b", "ja-nee", "Café, coöperatie"):
        assert "\u2060" not in plain(ordinary) and FSI not in plain(ordinary), ordinary
    for special in (
        ":smile:",
        ":+1:",
        ":material/home:",
        ":streamlit:",
        "a -> b",
        "x -- y",
        "https://x.nl",
        "www.x.nl",
    ):
        assert "\u2060" in plain(special), special
    assert "\u2060" in plain("mail@example.org")


def test_an_isolate_cannot_be_closed_early_by_a_stray_pdi_in_the_text():
    from canvas.text import isolate

    wrapped = isolate(f"{PDI}{PDI}{RLO}x")
    assert wrapped == f"{FSI * 3}{PDI}{PDI}{RLO}x{PDI}"
    assert outside_isolates(f"voor {wrapped} na") == "voor  na"
    assert isolate("gewoon Nederlands 123") == "gewoon Nederlands 123"


def test_no_character_below_hebrew_is_right_to_left_or_a_direction_control_so_isolate_may_skip_such_text():
    from canvas.text import BIDI_CONTROLS, FSI, isolate

    below = [chr(c) for c in range(0x590)]
    assert not [ch for ch in below if unicodedata.bidirectional(ch) in ("R", "AL", "AN") or ch in BIDI_CONTROLS]
    assert isolate("Zij-instroom: één ‘café’ — 1+1=3") == "Zij-instroom: één ‘café’ — 1+1=3"
    assert isolate("צוות ROC").startswith(FSI) and isolate("ab\u202ecd").startswith(FSI)
