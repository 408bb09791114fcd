"""The Excel workbook: every sheet of a demo workshop read back with openpyxl, and participants' text kept safe."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from canvas.blocks import BLOCKS, BLOCKS_BY_ID, Question
from canvas.merge import merge
from canvas.model import Note, Phase, Workshop
from data.store import Store
from exports.excel import SHEETS, UnsafeText, build_workbook, file_stem, label_colour, workbook_bytes
from stakeholders.roles import ROLES, Role
from tests.demo_copy import load_demo


def argb(hex_colour: str) -> str:
    return "FF" + hex_colour.lstrip("#").upper()


def read(xlsx: bytes) -> Workbook:
    return load_workbook(io.BytesIO(xlsx), rich_text=True)


def text_of(value: object) -> str:
    return str(value) if value is not None else ""


@pytest.fixture
def demo(store: Store):
    keys = load_demo(store)
    workshop = store.workshop("NEXT24")
    xlsx = workbook_bytes(store, workshop)
    return store, workshop, keys["NEXT24"], xlsx


def test_the_workbook_has_the_four_sheets_and_its_properties(demo):
    store, workshop, _, xlsx = demo
    wb = read(xlsx)
    assert wb.sheetnames == list(SHEETS)
    assert wb.properties.title == "NexTechnician: Evaluatie coöperatie mobiliteitstechniek"
    assert wb.properties.created is not None
    assert abs(wb.properties.created - datetime.now(UTC).replace(tzinfo=None)).total_seconds() < 120


def test_overzicht_names_the_workshop_and_counts_participants_and_notes_per_role_and_block(demo):
    store, workshop, _, xlsx = demo
    ws = read(xlsx)["Overzicht"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    facts = {r[0]: r[1] for r in rows if r[0] and r[1] is not None}
    assert facts["PPS"] == "NexTechnician"
    assert facts["Workshop"] == "Evaluatie coöperatie mobiliteitstechniek"
    assert facts["Regio"] == "Amsterdam en Noord-Holland"
    assert facts["Fase"] == Phase.EVALUATIE.label
    assert facts["Datum"].date() == date(2020, 9, 15)
    assert facts["Code"] == "NEXT24"

    participants = store.participants(workshop.id)
    notes = store.notes(workshop.id)
    by_label = {r[0]: r for r in rows}
    for role in Role:
        row = by_label[ROLES[role].label]
        assert row[1] == sum(p.role == role for p in participants)
        assert row[2] == sum(n.role == role for n in notes)
    assert by_label["Totaal"][1:3] == [len(participants), len(notes)]

    header = next(r for r in rows if r[0] == "Blok")
    assert header[2:7] == [ROLES[r].label for r in Role]
    for blk in BLOCKS:
        row = by_label[blk.title]
        assert row[1] == blk.feeds.label
        for i, role in enumerate(Role, start=2):
            assert row[i] == sum(n.block_id == blk.id and n.role == role for n in notes)
        assert row[7] == sum(n.block_id == blk.id for n in notes)


def test_the_canvas_sheet_lays_out_every_block_in_its_grid_place_with_its_notes_and_shared_view(demo):
    store, workshop, _, xlsx = demo
    ws = read(xlsx)["Canvas"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    notes = store.notes(workshop.id)
    conclusions = store.conclusions(workshop.id)
    assert conclusions, "the demo has shared conclusions"
    for blk in BLOCKS:
        top = 3 + 2 * (blk.row - 1)
        title = ws.cell(top, blk.col)
        assert title.value == blk.title
        left, right = get_column_letter(blk.col), get_column_letter(blk.col + blk.col_span - 1)
        assert f"{left}{top}:{right}{top}" in merged
        bottom = 3 + 2 * (blk.row + blk.row_span - 2) + 1
        assert f"{left}{top + 1}:{right}{bottom}" in merged
        body = text_of(ws.cell(top + 1, blk.col).value)
        for note in (n for n in notes if n.block_id == blk.id):
            assert note.text in body
        if blk.id in conclusions:
            assert body.startswith("Gedeeld perspectief: " + conclusions[blk.id].text)


def test_every_stakeholder_has_its_colour_on_its_notes_in_canvas_perspectives_and_answers(demo):
    store, workshop, _, xlsx = demo
    wb = read(xlsx)
    notes = store.notes(workshop.id)
    roles_written = {n.role for n in notes}
    assert {Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS} <= roles_written

    canvas = wb["Canvas"]
    for role in roles_written:
        note = next(n for n in notes if n.role == role)
        blk = note.block
        body = canvas.cell(3 + 2 * (blk.row - 1) + 1, blk.col).value
        assert isinstance(body, CellRichText)
        parts = [p for p in body if isinstance(p, TextBlock)]
        label = ROLES[role].label + (f" ({note.sub_role})" if note.sub_role else "")
        i = next(i for i, p in enumerate(parts) if p.text == label and note.text in parts[i + 1].text)
        assert parts[i - 1].text == "■ " and parts[i - 1].font.color.rgb == argb(ROLES[role].colour)
        assert parts[i].font.color.rgb == argb(label_colour(role))

    answers = wb["Antwoorden"]
    for row in answers.iter_rows(min_row=2):
        role = next(r for r in Role if ROLES[r].label == row[2].value)
        assert row[2].fill.fgColor.rgb == argb(ROLES[role].colour)

    perspectives = wb["Perspectieven"]
    for row in perspectives.iter_rows(min_row=4):
        role = next(r for r in Role if ROLES[r].label == row[0].value)
        assert row[0].fill.fgColor.rgb == argb(ROLES[role].colour)


def test_label_colours_read_on_white_paper():
    def luminance(hex_colour: str) -> float:
        def ch(c: int) -> float:
            s = c / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

        h = hex_colour.lstrip("#")
        r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
        return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)

    for role in Role:
        assert 1.05 / (luminance(label_colour(role)) + 0.05) >= 4.5, role


def test_the_perspectives_sheet_is_the_table_of_seed_001_with_notes_as_bullet_lines(demo):
    store, workshop, key, _ = demo
    # The notes where a cell has no synthesis: here, no cell has one.
    for bullet in store.bullets(workshop.id):
        store.remove_bullet(key, bullet.id)
    xlsx = workbook_bytes(store, workshop)
    ws = read(xlsx)["Perspectieven"]
    assert [c.value for c in ws[3]] == ["Stakeholder", *(q.label for q in Question)]
    table = merge(store.notes(workshop.id))
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == [ROLES[r].label for r in table.rows]
    for row, role in zip(rows, table.rows, strict=True):
        for value, question in zip(row[1:], Question, strict=True):
            expected = [f"• {e.text} ({e.block_title})" for e in table.cell(role, question)]
            assert value == ("\n".join(expected) or "—")


def test_the_perspectives_sheet_shows_the_synthesis_in_the_publications_layout(demo):
    store, workshop, key, _ = demo
    bullets = store.bullets(workshop.id)
    money = [b for b in bullets if b.role is Role.ONDERNEMER and b.question is Question.FINANCIERING]
    vote = store.open_vote(key, "bullet")
    _, token = store.join(workshop.code, name="Stemmer", role="overig")
    store.cast_vote(token, vote.id, "bullet", money[-1].id)
    store.close_vote(key, vote.id)
    # A cell without synthesis shows its notes.
    for b in bullets:
        if b.role is Role.ONDERWIJS and b.question is Question.VOOR_WIE:
            store.remove_bullet(key, b.id)
    ws = read(workbook_bytes(store, workshop))["Perspectieven"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(min_row=4, values_only=True)}
    cell = rows["Ondernemer"][3].split("\n")
    assert cell[0] == f"• {money[-1].text} (1 stem)"  # most votes first
    assert cell[1:] == [f"• {b.text}" for b in money[:-1]]
    assert "(Begunstigden / doelgroep)" in rows["Onderwijs"][1]  # the notes, with their block


def test_the_synthesis_sheet_lists_every_point_with_its_source_notes_and_votes(demo):
    store, workshop, key, _ = demo
    bullet = store.bullets(workshop.id)[0]
    source = next(n for n in store.notes(workshop.id) if n.id == bullet.note_ids[0])
    free = store.add_bullet(key, bullet.role, bullet.question, "=Zelf bedacht door de groep")
    _, token = store.join(workshop.code, name="Stemmer", role="overig")
    vote = store.open_vote(key, "note")
    store.cast_vote(token, vote.id, "note", source.id)
    store.close_vote(key, vote.id)
    ws = read(workbook_bytes(store, workshop))["Synthese"]
    header = [c.value for c in ws[1]]
    assert header == [
        "Stakeholder",
        "Perspectiefvraag",
        "Volgorde",
        "Punt",
        "Stemmen",
        "Zonder notitie",
        "Notities erachter",
    ]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == len(store.bullets(workshop.id))
    first = next(r for r in rows if r["Punt"] == bullet.text)
    assert f"{source.text} ({source.block.title}, {source.author_name}) (1 stem)" in first["Notities erachter"]
    assert first["Zonder notitie"] == "nee"
    mine = next(r for r in rows if r["Punt"] == free.text)
    assert mine["Zonder notitie"] == "ja" and ws.cell(rows.index(mine) + 2, 4).data_type == "s"
    assert list(ws.tables) == ["Synthese"]
    answers = read(workbook_bytes(store, workshop))["Antwoorden"]
    votes = {r[6]: r[9] for r in answers.iter_rows(min_row=2, values_only=True)}
    assert votes[source.text] == 1 and answers.cell(1, 10).value == "Stemmen"


def test_a_deleted_source_note_is_marked_in_the_synthesis_sheet(store, workshop_key):
    workshop, key = workshop_key
    _, token = store.join(workshop.code, name="Ann", role="ondernemer")
    note = store.add_note(token, "kosten", "Uren van leermeesters")
    store.add_bullet(key, "ondernemer", Question.FINANCIERING, "Inzet in uren", [note.id])
    store.delete_note(token, note.id)
    ws = read(workbook_bytes(store, workshop))["Synthese"]
    assert "[verwijderd] Uren van leermeesters" in ws.cell(2, 7).value


def test_the_answers_sheet_is_a_filterable_table_with_one_row_per_note(demo):
    store, workshop, _, xlsx = demo
    ws = read(xlsx)["Antwoorden"]
    header = [c.value for c in ws[1]]
    assert header == [
        "Blok",
        "Perspectiefvraag",
        "Stakeholder",
        "Subrol",
        "Naam",
        "Organisatie",
        "Notitie",
        "Aangemaakt",
        "Laatst bewerkt",
        "Stemmen",
        "Bron",
        "Citaat",
    ]
    notes = store.notes(workshop.id)
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(notes)
    seen = {(r[0], r[2], r[4], r[5], r[6]) for r in rows}
    for n in notes:
        assert (
            BLOCKS_BY_ID[n.block_id].title,
            ROLES[n.role].label,
            n.author_name,
            n.author_organisation,
            n.text,
        ) in seen
    assert all(isinstance(r[7], datetime) for r in rows)
    assert list(ws.tables) == ["Antwoorden"]
    assert ws.tables["Antwoorden"].ref == f"A1:L{len(notes) + 1}"
    assert ws.tables["Antwoorden"].autoFilter is not None
    assert ws.freeze_panes == "A2"


def test_every_sheet_prints_landscape_fitted_to_the_width_with_its_header_repeated(demo):
    *_, xlsx = demo
    wb = read(xlsx)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert wb["Antwoorden"].print_title_rows == "$1:$1"
    assert wb["Perspectieven"].print_title_rows == "$3:$3"
    assert wb["Canvas"].print_title_rows == "$1:$2"


def test_deleted_notes_stay_out_and_an_anonymous_workshop_leaves_names_out(store, workshop_key):
    workshop, key = workshop_key
    _, token = store.join(workshop.code, name="Anna de Vries", organisation="Gemeente Almere", role="overheid")
    kept = store.add_note(token, "oplossing", "Blijft staan")
    gone = store.add_note(token, "oplossing", "Weggehaald")
    store.delete_note(token, gone.id)
    workshop = store.set_anonymous(key, True)
    ws = read(workbook_bytes(store, workshop))["Antwoorden"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[6] for r in rows] == [kept.text]
    assert rows[0][4] is None and rows[0][5] is None
    everything = "\n".join(
        text_of(c.value) for sheet in read(workbook_bytes(store, workshop)).worksheets for r in sheet for c in r
    )
    assert "Anna de Vries" not in everything and "Weggehaald" not in everything


TRICKY = [
    "=1+1",
    '=HYPERLINK("http://example.org","klik")',
    "+31 6 12345678",
    "-5",
    "@SUM(A1:A2)",
    "\tx",
    "\rx",
    "regel een\r\nregel twee",
    "<script>alert('x')</script>",
    "<b>vet</b> &amp; &lt;",
    "😀 monteur 👩🏽‍🔧",
    "مرحبا بالعالم",
    "שלום עולם",
    "e\u0301 combin\u0327ing",
    "  spaties voor en na  ",
]


def test_formula_like_html_and_non_latin_texts_come_back_from_excel_exactly_as_typed_and_as_text(store, workshop_key):
    workshop, _ = workshop_key
    _, token = store.join(workshop.code, name="=cmd|' /C calc'!A0", organisation="@Bedrijf", role="ondernemer")
    for text in TRICKY:
        store.add_note(token, "oplossing", text)
    xlsx = workbook_bytes(store, workshop)

    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(\w+:)?f[ >]", z.read(name)), f"{name} holds a formula"

    ws = read(xlsx)["Antwoorden"]
    by_text = {}
    for row in ws.iter_rows(min_row=2):
        by_text[row[6].value] = row
        assert row[4].value == "=cmd|' /C calc'!A0" and row[4].data_type == "s"
        assert row[5].value == "@Bedrijf" and row[5].data_type == "s"
    for text in TRICKY:
        assert text in by_text, repr(text)
        assert by_text[text][6].data_type == "s"

    body = str(read(xlsx)["Canvas"].cell(4, BLOCKS_BY_ID["oplossing"].col).value)
    perspectives = "\n".join(text_of(c.value) for r in read(xlsx)["Perspectieven"] for c in r)
    # Right-to-left text beside other words is wrapped in Unicode isolates (test_bidi_isolation checks them).
    perspectives = perspectives.replace("\u2068", "").replace("\u2069", "")
    for text in TRICKY:
        assert text in body, repr(text)
        assert f"• {text} (Oplossing)" in perspectives, repr(text)


def test_text_excel_cannot_hold_is_refused_with_a_clear_message_not_changed():
    now = datetime.now(UTC)
    workshop = Workshop(id=1, code="ABCD", pps_name="PPS", title="Sessie", created_at=now)
    note = Note(
        id=1,
        workshop_id=1,
        participant_id=1,
        block_id="oplossing",
        text="verstopt\x01teken",
        created_at=now,
        updated_at=now,
        author_name="Piet",
        role=Role.ONDERWIJS,
    )
    with pytest.raises(UnsafeText, match="stuurteken") as error:
        build_workbook(workshop, [], [note], {})
    assert "Piet" in str(error.value) and "Oplossing" in str(error.value)


def test_an_empty_workshop_still_gives_a_workbook_with_every_block(store, workshop_key):
    workshop, _ = workshop_key
    wb = read(workbook_bytes(store, workshop))
    titles = {c.value for r in wb["Canvas"] for c in r}
    assert {b.title for b in BLOCKS} <= titles
    assert wb["Antwoorden"].tables["Antwoorden"].ref == "A1:L2"


@pytest.mark.parametrize(
    ("pps", "title", "expected"),
    [
        ("NexTechnician", "Evaluatie coöperatie", "NexTechnician_Evaluatie-cooperatie_2026-11-23"),
        (
            "Toekomst in de Techniek",
            "Sessie 2: <ontwerp>/../x",
            "Toekomst-in-de-Techniek_Sessie-2-ontwerp-x_2026-11-23",
        ),
        ("😀", "Ελληνικά", "2026-11-23"),
    ],
)
def test_file_names_keep_only_plain_letters_digits_dashes_and_underscores(pps, title, expected):
    workshop = Workshop(id=1, code="ABCD", pps_name=pps, title=title, created_at=datetime.now(UTC))
    stem = file_stem(workshop, date(2026, 11, 23))
    assert stem == expected
    assert re.fullmatch(r"[A-Za-z0-9_-]+", stem)


def test_row_heights_count_wrapped_lines_exactly_as_textwrap_does():
    import random
    import textwrap

    from exports.excel.sizing import count_lines as _lines

    pieces = ["a", "bb", "woord", " ", "  ", "     ", "x" * 25, "é", "ab-cd", "😀", "\t", "\xa0", "\n", "\r\n"]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        width = rng.randint(1, 30)
        expected = sum(
            max(1, len(textwrap.wrap(line, width, break_on_hyphens=False))) for line in text.splitlines() or [""]
        )
        assert _lines([text], width) == expected, (text, width)


def test_the_answers_sheet_says_where_each_note_came_from_and_which_are_quotes(store, workshop_key):
    workshop, key = workshop_key
    _, token = store.join(workshop.code, name="Ann", role="ondernemer")
    store.add_note(token, "kosten", "In de zaal")
    person = store.start_interview(key, name="Docent", role="onderwijs", interviewer="Mirjam")
    store.add_interview_note(key, person.id, "kosten", "Wij betalen de begeleiding", quote=True)
    ws = read(workbook_bytes(store, workshop))["Antwoorden"]
    rows = {r[6]: (r[10], r[11]) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows == {"In de zaal": ("workshop", None), "Wij betalen de begeleiding": ("interview (door Mirjam)", "ja")}
