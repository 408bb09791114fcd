"""Issue 6, proof under real use: hostile and unusual input through the pages (AppTest), and a static check.

What a participant types is shown exactly as typed, never as HTML, markup or a link, on every page that
shows it; what cannot be stored is refused with a Dutch message and nothing is kept; secrets that do not fit
open nothing. A note typed here goes through the Invullen page (its text box and buttons), not the store.

How "shown literally" is checked: Streamlit renders ``st.markdown`` (and captions and messages) as Markdown,
where a backslash before a punctuation character makes it a literal character. ``reading`` reads a markdown
source the way Markdown does for escapes, so the test knows, for every character of the user's text on the
page, whether it arrives escaped. A ``<`` that is not escaped can start an HTML tag, a ``[``/``]``/``(``/``)``
can make a link. The test does not use ``app_pages.ui.text.plain`` to decide what is safe.
"""

from __future__ import annotations

import ast
import io
import re
import string
import zipfile
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from canvas.blocks import WALK_ORDER
from canvas.model import MAX_NOTE_LENGTH
from data.store import Store
from exports.excel import workbook_bytes
from stakeholders.roles import Role
from tests.apptest import page_text, run_app

ROOT = Path(__file__).resolve().parents[1]
PAGE_FILES = sorted([ROOT / "app.py", *(ROOT / "app_pages").rglob("*.py")])

FIRST = WALK_ORDER[0]
HOSTILE_NOTES = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
)
HOSTILE_NAME = "<b>Bo</b> [x](javascript:alert(2))"
# Invisible marks plain() may add: a word joiner, first strong isolate, pop directional isolate.
INVISIBLE = frozenset("\u2060\u2068\u2069")
# Characters that make Markdown build a tag or a link when they reach it unescaped.
MARKUP = frozenset("<>[]()")
FACILITATOR_BUTTONS = frozenset(
    {
        "canvas_reveal",
        "begeleiden_close",
        "begeleiden_reopen",
        "begeleiden_conclusion_save",
        "begeleiden_link_saved",
        "exporteren_restore",
    }
)


# -- reading the page the way Markdown does ------------------------------------------------------------


def reading(source: str) -> tuple[str, list[bool]]:
    """What a markdown source shows (backslash escapes resolved), and for each shown character if it was escaped."""
    shown: list[str] = []
    escaped: list[bool] = []
    i = 0
    while i < len(source):
        if source[i] in INVISIBLE:  # what plain() adds to stop Streamlit's text plugins and to isolate bidi text
            i += 1
        elif source[i] == "\\" and i + 1 < len(source) and source[i + 1] in string.punctuation:
            shown.append(source[i + 1])
            escaped.append(True)
            i += 2
        else:
            shown.append(source[i])
            escaped.append(False)
            i += 1
    return "".join(shown), escaped


def sources(at: AppTest) -> list[str]:
    """Every text on the page that Streamlit renders as Markdown."""
    elements = [*at.markdown, *at.caption, *at.error, *at.warning, *at.info, *at.success]
    elements += [*at.title, *at.header, *at.subheader]
    texts = [str(e.value) for e in elements]
    texts += [str(e.label) for e in at.expander]
    return texts


def live_markup_in(source: str, text: str, markup: frozenset[str] = MARKUP) -> list[str] | None:
    """``None`` when ``text`` is not shown by ``source``; else the characters of it that reach Markdown live."""
    shown, escaped = reading(source)
    start = shown.find(text)
    if start == -1:
        return None
    live: list[str] = []
    while start != -1:
        live += [shown[i] for i in range(start, start + len(text)) if shown[i] in markup and not escaped[i]]
        start = shown.find(text, start + 1)
    return live


def assert_shown_literally(at: AppTest, text: str, where: str, markup: frozenset[str] = MARKUP) -> None:
    assert not at.exception, f"{where} crashed: {at.exception}"
    seen = 0
    for source in sources(at):
        live = live_markup_in(source, text, markup)
        if live is None:
            continue
        seen += 1
        assert not live, f"on {where}, {text!r} reaches Markdown with live markup {live}: {source!r}"
    assert seen, f"{text!r} is not shown on {where}"
    for source in sources(at):
        assert not re.search(r"(?<!\\)<(script|img)\b", source, re.IGNORECASE), f"a live tag on {where}: {source!r}"
        assert not re.search(r"(?<!\\)\]\((?!\\)", source), f"a live markdown link on {where}: {source!r}"


def test_the_markdown_reader_of_these_tests_tells_escaped_from_live_markup():
    # The checks below rely on this reader: it must see a raw tag or link as live, an escaped one as text.
    assert live_markup_in("<script>alert(1)</script>", "<script>alert(1)</script>") == list("<>()<>")
    assert live_markup_in(r"\<script\>alert\(1\)\</script\>", "<script>alert(1)</script>") == []
    assert live_markup_in(r"\[klik\]\(javascript\:alert\(1\)\)", "[klik](javascript:alert(1))") == []
    assert live_markup_in("niets", "iets anders") is None


# -- fixtures -------------------------------------------------------------------------------------------


@pytest.fixture
def workshop(workshop_key):
    return workshop_key[0]


@pytest.fixture
def key(workshop_key) -> str:
    return workshop_key[1]


def walk(store: Store, workshop, *, name: str = "Fatima", role: Role = Role.ONDERWIJS) -> tuple[AppTest, str]:
    """A participant who joined, on the Invullen page with their private link."""
    _participant, token = store.join(workshop.code, name=name, role=role, organisation="ROC")
    return run_app(page="invullen", p=token), token


def type_note(at: AppTest, text: str, *, bypass_max_chars: bool = False) -> AppTest:
    """Type ``text`` in the note box and press "Notitie toevoegen".

    ``bypass_max_chars``: the browser's text box stops at 500 characters, a hand-made websocket message does
    not; ``set_value`` sends the value as such a message would (``input`` would drop it, as the browser does).
    """
    box = at.text_area(key="invullen_new")
    box.set_value(text) if bypass_max_chars else box.input(text)
    return at.button(key="invullen_toevoegen").click().run()


def show_view(at: AppTest, view: str) -> AppTest:
    """Open a view of the Invullen page ("Invullen", "Overzicht", "Van anderen") the way a participant does."""
    switch = [c for c in at.segmented_control if c.key == "invullen_weergave"]
    if switch:  # one view drawn at a time; tabs (the older layout) are all drawn at once
        switch[0].set_value(view).run()
    return at


def texts(store: Store, token: str) -> list[str]:
    return [n.text for n in store.own_notes(token)]


# -- HTML, scripts and links typed as notes -------------------------------------------------------------


def test_html_and_a_javascript_link_typed_as_notes_show_as_literal_text_on_invullen_the_board_and_the_table(
    store, workshop, key
):
    at, token = walk(store, workshop, name=HOSTILE_NAME, role=Role.OVERHEID)
    for text in HOSTILE_NOTES:
        at = type_note(at, text)
        assert not at.error, [e.value for e in at.error]
    assert texts(store, token) == list(HOSTILE_NOTES)
    for text in (*HOSTILE_NOTES, HOSTILE_NAME):
        assert_shown_literally(at, text, "Invullen (own notes)")

    store.set_revealed(key, True)
    _other, other_token = store.join(workshop.code, name="Piet", role=Role.ONDERNEMER)
    others_view = show_view(run_app(page="invullen", p=other_token), "Van anderen")
    board = run_app(page="canvas", key=key)
    public_board = run_app(page="canvas", code=workshop.code)
    focus = run_app(page="canvas", key=key, blok=FIRST)
    table = run_app(page="perspectieven", key=key)
    for text in (*HOSTILE_NOTES, HOSTILE_NAME):
        assert_shown_literally(others_view, text, "Invullen (another participant's view)")
        assert_shown_literally(board, text, "the board")
        assert_shown_literally(public_board, text, "the public board")
        assert_shown_literally(focus, text, "the board in focus mode")
        assert_shown_literally(table, text, "the perspectives table")


def test_an_ampersand_entity_typed_in_a_note_shows_as_typed_not_as_the_character_it_names(store, workshop, key):
    # Markdown turns "&lt;" into "<" and "&amp;" into "&": a participant who writes about HTML, or types
    # "R&amp;D", sees something else than they typed unless the "&" is escaped too.
    text = "R&amp;D en &lt;b&gt;"
    at, token = walk(store, workshop)
    at = type_note(at, text)
    assert texts(store, token) == [text]
    assert_shown_literally(at, text, "Invullen", markup=MARKUP | {"&"})
    store.set_revealed(key, True)
    assert_shown_literally(run_app(page="canvas", key=key), text, "the board", markup=MARKUP | {"&"})


# -- the static guarantee: no user text reaches unsafe HTML ---------------------------------------------

# The module constant of app_pages/ui/style.py that holds the static stylesheet (style.css and role colours from
# the registry only).
STATIC_HTML = frozenset({"STYLESHEET"})


def _is_static(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name | ast.Attribute):
        return (node.id if isinstance(node, ast.Name) else node.attr) in STATIC_HTML
    return False


def unsafe_html_calls(source: str, filename: str) -> tuple[list[str], int]:
    """Calls that render raw HTML (``st.html``, ``components.html``, ``unsafe_allow_html=`` anything but
    ``False``) with an argument that is not a constant; and how many raw-HTML calls there were in all."""
    problems: list[str] = []
    seen = 0
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        unsafe = [k for k in node.keywords if k.arg == "unsafe_allow_html"]
        raw_html = name in {"html", "iframe"} or any(
            not (isinstance(k.value, ast.Constant) and k.value.value is False) for k in unsafe
        )
        if not raw_html:
            continue
        seen += 1
        arguments = [*node.args, *(k.value for k in node.keywords if k.arg != "unsafe_allow_html")]
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            problems.append(f"{filename}:{node.lineno}: {ast.unparse(node)} (arguments unknown)")
        elif not all(_is_static(a) for a in arguments):
            problems.append(f"{filename}:{node.lineno}: {ast.unparse(node)}")
    return problems, seen


def test_no_page_hands_anything_but_constant_text_or_the_static_stylesheets_to_unsafe_html():
    # The scanner itself catches user text in raw HTML, in each way Streamlit offers it.
    leaks = """
st.markdown(plain(note.text), unsafe_allow_html=True)
st.html(f"<p>{note.text}</p>")
components.html(text)
st.write("<b>" + name + "</b>", unsafe_allow_html=True)
st.caption(note.text, unsafe_allow_html=flag)
"""
    found, _ = unsafe_html_calls(leaks, "voorbeeld.py")
    assert len(found) == 5, found
    fine, seen = unsafe_html_calls('st.html(STYLESHEET)\nst.markdown("<br>", unsafe_allow_html=True)\n', "ok.py")
    assert (fine, seen) == ([], 2)

    problems: list[str] = []
    total = 0
    for path in PAGE_FILES:
        found, seen = unsafe_html_calls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
        problems += found
        total += seen
    assert not problems, "user text could reach unsafe HTML:\n" + "\n".join(problems)
    # Exactly one raw-HTML call in the app: the stylesheet (app_pages/ui/style.py); none found means a wrong scan.
    assert total == 1, f"expected only the stylesheet call, found {total} raw-HTML calls"

    # The stylesheet constants are set once, at module level, and never changed afterwards.
    assignments = []
    for path in PAGE_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = {id(n) for n in tree.body}
        for node in ast.walk(tree):
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AugAssign | ast.AnnAssign)
                else []
            )
            for target in targets:
                if isinstance(target, ast.Name) and target.id in STATIC_HTML:
                    assignments.append((path.name, target.id, id(node) in top_level, isinstance(node, ast.Assign)))
    assert sorted(assignments) == [("style.py", "STYLESHEET", True, True)]


# -- what cannot be stored is refused with a message ----------------------------------------------------


def test_a_note_of_a_hundred_thousand_characters_is_refused_with_a_dutch_message_and_nothing_is_stored(store, workshop):
    at, token = walk(store, workshop)
    huge = "lang " * 20_000
    assert len(huge) == 100_000
    at = type_note(at, huge, bypass_max_chars=True)
    assert not at.exception
    stored = [len(t) for t in texts(store, token)]
    assert stored == [], (
        f"the page stored a note of {stored} characters, cut from the 100.000 sent, and said it was saved: "
        f"{[s.value for s in at.success]}"
    )
    # The box has no max_chars (app_pages/ui/fields.py): the whole text arrives and the message counts it.
    over = f"{100_000 - MAX_NOTE_LENGTH:,}".replace(",", ".")
    assert [e.value for e in at.error] == [f"Je tekst is {over} tekens te lang (maximaal {MAX_NOTE_LENGTH})."]
    assert at.text_area(key="invullen_new").value == huge, "the text left the box"
    assert store.notes(workshop.id) == []
    # "Volgende" with the same text in the box refuses too, and keeps the participant on the block.
    at.button(key="invullen_volgende").click().run()
    assert any("te lang" in e.value for e in at.error)
    assert at.session_state["invullen_blok"] == FIRST
    assert store.notes(workshop.id) == []


@pytest.mark.parametrize(
    "text",
    ["Voor\x00na", "Kleur \x1b[31mrood", "Bel\x07 en backspace\x08", "Delete\x7f"],
    ids=["nul", "escape", "bell", "delete"],
)
def test_a_note_with_invisible_control_characters_is_refused_with_a_dutch_message(store, workshop, text):
    at, token = walk(store, workshop)
    at = type_note(at, text)
    assert not at.exception
    assert any("onzichtbare stuurtekens" in e.value for e in at.error), [e.value for e in at.error]
    assert store.own_notes(token) == []


def test_an_edit_that_adds_a_control_character_is_refused_and_the_note_keeps_its_text(store, workshop):
    at, token = walk(store, workshop)
    at = type_note(at, "Eerste versie")
    (note,) = store.own_notes(token)
    at.button(key=f"invullen_wijzig_blok_{note.id}").click().run()
    at.text_area(key="invullen_edit_text").input("Tweede\x00versie")
    at.button(key=f"invullen_opslaan_blok_{note.id}").click().run()
    assert not at.exception
    assert any("onzichtbare stuurtekens" in e.value for e in at.error)
    assert texts(store, token) == ["Eerste versie"]
    assert [v.text for v in store.note_history(note.id)] == ["Eerste versie"]


@pytest.mark.parametrize(
    "text",
    [
        "😀👩🏽‍🔧 vakmensen 🇳🇱",
        "مرحبا بالعالم: werk in de techniek",
        "שלום עולם en Nederlands door elkaar",
        "e\u0301e\u0301n combinerend accent, niet e\u0301e\u0301n teken",
        "\u202eomgekeerde richting\u202c en zero\u200bwidth",
    ],
    ids=["emoji", "arabic", "hebrew", "combining", "bidi-override"],
)
def test_emoji_right_to_left_and_combining_characters_round_trip_exactly_through_the_page(store, workshop, text):
    at, token = walk(store, workshop)
    at = type_note(at, text)
    assert not at.error, [e.value for e in at.error]
    (stored,) = texts(store, token)
    assert stored == text and len(stored) == len(text), (
        f"stored {stored!r} ({len(stored)} code points) for {text!r} ({len(text)})"
    )
    assert any(reading(s)[0] == text for s in sources(at)), "the page does not show the note exactly as typed"


@pytest.mark.parametrize(
    "text",
    ["'); DROP TABLE note; --", "Robert'); DELETE FROM participant; --", "1' OR '1'='1", 'x" OR ""="'],
)
def test_sql_looking_text_is_stored_and_shown_literally_and_touches_nothing_else(store, workshop, text):
    _bystander, bystander_token = store.join(workshop.code, name="Omstander", role=Role.ONDERNEMER)
    store.add_note(bystander_token, FIRST, "Blijft staan")
    at, token = walk(store, workshop)
    at = type_note(at, text)
    assert not at.error, [e.value for e in at.error]
    assert texts(store, token) == [text]
    assert texts(store, bystander_token) == ["Blijft staan"]
    assert len(store.participants(workshop.id)) == 2 and len(store.workshops()) == 1
    assert any(reading(s)[0] == text for s in sources(at))


def test_formula_looking_notes_and_names_stay_text_in_the_excel_export(store, workshop):
    formulas = ["=1+1", '=HYPERLINK("http://x.nl","klik")', "+31 6 12345678", "-2+3", "@SOM(A1:A2)"]
    at, token = walk(store, workshop, name="=1+1")
    for text in formulas:
        at = type_note(at, text)
        assert not at.error, [e.value for e in at.error]
    assert texts(store, token) == formulas

    xlsx = workbook_bytes(store, workshop)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(\w+:)?f[ >]", z.read(name)), f"{name} holds a formula"
    answers = openpyxl.load_workbook(io.BytesIO(xlsx))["Antwoorden"]
    header = [c.value for c in answers[1]]
    note_col, name_col = header.index("Notitie"), header.index("Naam")
    rows = list(answers.iter_rows(min_row=2))
    assert sorted(row[note_col].value for row in rows) == sorted(formulas)
    for row in rows:
        assert row[note_col].data_type == "s", f"{row[note_col].value!r} is not text in Excel"
        assert (row[name_col].value, row[name_col].data_type) == ("=1+1", "s")


# -- codes, keys and links that do not fit --------------------------------------------------------------


def join(at: AppTest, *, name: str, role: Role = Role.ONDERNEMER) -> AppTest:
    at.text_input(key="deelnemen_naam").input(name)
    at.radio(key="deelnemen_rol").set_value(role)
    return at.button(key="deelnemen_meedoen").click().run()


def all_participants(store: Store) -> list:
    return [p for w in store.workshops() for p in store.participants(w.id)]


def test_a_wrong_code_on_the_join_page_says_so_in_dutch_and_nobody_joins(store, workshop):
    at = run_app(page="deelnemen")
    at.text_input(key="deelnemen_code").input("ZZZZ99").run()
    assert any("Er is geen workshop met code ZZZZ99" in w.value for w in at.warning)
    at = join(at, name="Jan")
    assert not at.exception
    assert any("Er is geen workshop met code ZZZZ99" in e.value for e in at.error)
    assert all_participants(store) == []
    assert "participant_token" not in at.session_state


def test_a_wrong_code_that_looks_like_a_link_is_echoed_as_literal_text_on_the_join_page(store, workshop):
    code = "[hier](javascript:x)"  # 20 characters: it fits in the code box
    at = run_app(page="deelnemen")
    at.text_input(key="deelnemen_code").input(code).run()
    assert_shown_literally(at, "[HIER](JAVASCRIPT:X)", "the join page's warning")
    at = join(at, name="Jan")
    assert_shown_literally(at, "[HIER](JAVASCRIPT:X)", "the join page's error")
    assert all_participants(store) == []


@pytest.mark.parametrize("page", ["canvas", "perspectieven"])
def test_a_wrong_code_that_looks_like_a_link_is_echoed_as_literal_text_on_the_projector_pages(store, workshop, page):
    at = run_app(page=page, code="[hier](javascript:alert(1))")
    assert any("Er is geen workshop met code" in e.value for e in at.error)
    assert_shown_literally(at, "[HIER](JAVASCRIPT:ALERT(1))", f"the {page} page's error")


def test_a_closed_workshop_on_the_join_page_says_so_and_nobody_joins(store, workshop, key):
    store.set_closed(key, True)
    at = run_app(page="deelnemen", code=workshop.code, rol="onderwijs")
    assert any("gesloten" in e.value for e in at.error), "the page does not say the workshop is closed"
    assert at.button(key="deelnemen_meedoen").disabled, "the join button of a closed workshop can be pressed"
    assert all_participants(store) == []
    assert "participant_token" not in at.session_state


@pytest.mark.parametrize("page", ["begeleiden", "canvas", "perspectieven", "exporteren"])
@pytest.mark.parametrize(
    "wrong_key", ["' OR '1'='1", "<script>alert(1)</script>", "a" * 4000], ids=["sql", "script", "long"]
)
def test_a_wrong_facilitator_key_shows_the_dutch_error_and_no_facilitator_controls(
    store, workshop, key, page, wrong_key
):
    _, token = store.join(workshop.code, name="Ann de Vries", role=Role.OVERHEID)
    note = store.add_note(token, "kosten", "Geheime notitie van Ann")
    store.add_note(token, FIRST, "Nog verborgen notitie van Ann")
    store.set_revealed(key, True, "kosten")
    at = run_app(page=page, key=wrong_key)
    assert not at.exception
    assert any("begeleiderslink klopt niet" in e.value for e in at.error), [e.value for e in at.error]
    text = page_text(at)
    assert workshop.pps_name not in text and workshop.code not in text
    assert note.text not in text and "Nog verborgen notitie van Ann" not in text and "verborgen" not in text
    assert not at.toggle and not at.tabs and not at.text_area
    assert not at.get("download_button") and not at.get("file_uploader")
    assert not [b.key for b in at.button if b.key in FACILITATOR_BUTTONS]
    assert store.workshop_by_id(workshop.id).revealed_blocks == frozenset({"kosten"})
    assert not store.workshop_by_id(workshop.id).closed


def test_a_participant_link_of_another_workshop_shows_only_the_link_holders_own_notes(store, workshop, key):
    _ann, ann_token = store.join(workshop.code, name="Ann", role=Role.ONDERNEMER)
    store.add_note(ann_token, FIRST, "Ann schreef dit hier")
    store.add_note(ann_token, "kosten", "Ann schreef ook over kosten")
    store.set_revealed(key, True)
    other, other_key = store.create_workshop(pps_name="Andere PPS", title="Andere sessie")
    store.set_revealed(other_key, True)
    _bob, bob_token = store.join(other.code, name="Bob", role=Role.OVERHEID)
    bob_note = store.add_note(bob_token, FIRST, "Bob schreef dit")

    def only_bob(at: AppTest) -> None:
        assert not at.exception
        text = page_text(at)
        assert "Andere PPS" in text and workshop.pps_name not in text
        assert "Bob schreef dit" in text and "Ann schreef" not in text
        for view in ("Invullen", "Overzicht", "Van anderen"):
            show_view(at, view)
            assert "Ann schreef" not in page_text(at), f"Ann's note shows in Bob's view {view}"
            edit_buttons = [
                b.key for b in at.button if b.key and b.key.startswith(("invullen_wijzig", "invullen_verw"))
            ]
            assert all(k.endswith(f"_{bob_note.id}") for k in edit_buttons), edit_buttons
            if view != "Van anderen":
                assert edit_buttons, f"Bob cannot edit his own note in view {view}"
        show_view(at, "Invullen")

    only_bob(run_app(page="invullen", p=bob_token))

    # A shared device: the browser first held Ann's link, then opens Bob's.
    at = run_app(page="invullen", p=ann_token)
    assert "Ann schreef dit hier" in page_text(at)
    at.query_params["p"] = bob_token
    at.session_state["invullen_blok"] = FIRST
    only_bob(at.run())

    # A made-up link opens nothing at all.
    made_up = run_app(page="invullen", p="' OR '1'='1")
    assert any("deelnamelink kennen we niet" in e.value for e in made_up.error)
    assert "schreef dit" not in page_text(made_up) and not made_up.text_area
