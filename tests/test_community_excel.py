"""The coordinator's Excel file and the ``pps-canvas community`` / ``export-community`` commands.

The command line runs as a real process against a temporary SQLite file; the workbook is read back with
openpyxl.
"""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from canvas.community import Sharing
from data.store import Store
from demo import DEMO_COMMUNITY, demo_cases
from exports.community_excel import COMMUNITY_SHEETS, community_file_stem, community_workbook_bytes
from tests.demo_copy import load_demo_with_community
from tests.test_cli import run

PEOPLE = {p["name"] for c in demo_cases() for p in c["participants"]}


def _cells(ws) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_the_workbook_has_four_sheets_of_only_what_members_share(db_path, store: Store):
    keys, ckey = load_demo_with_community(store)
    wb = load_workbook(io.BytesIO(community_workbook_bytes(store.community_snapshot(ckey))))
    assert tuple(wb.sheetnames) == COMMUNITY_SHEETS
    members = wb["Samenwerkingen"]
    assert [members.cell(r, 1).value for r in range(5, 9)] == [c["pps_name"] for c in demo_cases()]
    assert members.cell(4, 4).value == "Partners ondernemer"
    persp = wb["Perspectieven"]
    assert [persp.cell(4, c).value for c in range(2, 6)][0] == "Wat is de waardepropositie?"
    text = "\n".join(_cells(persp))
    # NexTechnician shares its synthesis: its point leads a group with another case's note that says the same.
    assert "Kandidaten werven en voorselecteren met UWV — NexTechnician" in text
    assert "≈ Kandidaten voorselecteren samen met UWV — Toekomst in de Maakindustrie" in text
    blocks = wb["Blokken"]
    assert blocks.cell(5, 1).value.startswith("Sociaal probleem")
    assert blocks.max_row == 4 + 18 and blocks.max_column == 1 + 4
    lessons = wb["Lessen"]
    kinds = {lessons.cell(r, 1).value for r in range(5, lessons.max_row + 1)}
    assert kinds == {"Les", "Leervraag", "Actie"}
    everything = "\n".join(t for ws in wb.worksheets for t in _cells(ws))
    assert not [name for name in PEOPLE if name in everything]


def test_a_member_that_left_is_not_in_the_workbook_and_formula_text_stays_text(db_path, store: Store):
    _, _, fkey = store.create_samenwerking(name='=HYPERLINK("http://x")', title="Ronde 1")
    _, _, other = store.create_samenwerking(name="Blijft erin", title="Ronde 1")
    made, ckey = store.create_community(name="Test & co")
    store.join_community(fkey, made.invite_code, Sharing(notes=True))
    store.join_community(other, made.invite_code)
    wb = load_workbook(io.BytesIO(community_workbook_bytes(store.community_snapshot(ckey))))
    cell = wb["Samenwerkingen"].cell(5, 1)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    store.leave_community(fkey, made.id)
    wb = load_workbook(io.BytesIO(community_workbook_bytes(store.community_snapshot(ckey))))
    assert [wb["Samenwerkingen"].cell(r, 1).value for r in (5, 6)] == ["Blijft erin", None]
    assert "HYPERLINK" not in "\n".join(t for ws in wb.worksheets for t in _cells(ws))
    assert community_file_stem(made).startswith("community_Test-co_")


def test_cli_creates_a_community_and_prints_its_coordinator_link_once(db_path):
    result = run(db_path, "community", "nieuw", "Zij-instroom techniek Flevoland", "--regio", "Flevoland")
    assert result.returncode == 0, result.stderr
    (key,) = re.findall(r"/community\?ckey=(\S+)$", result.stdout, flags=re.MULTILINE)
    code = re.search(r"Uitnodigingscode voor begeleiders: (\w+)", result.stdout).group(1)
    store = Store.open(f"sqlite:///{db_path}")
    assert store.coordinated_community(key).invite_code == code
    listed = run(db_path, "community", "lijst")
    assert listed.returncode == 0 and "Zij-instroom techniek Flevoland\tFlevoland" in listed.stdout
    assert key not in listed.stdout  # the key is shown once, at creation only
    again = run(db_path, "community", "nieuw", "zij-instroom techniek flevoland")
    assert again.returncode == 1 and "bestaat al" in again.stderr
    new = run(db_path, "community", "sleutel", "Zij-instroom techniek Flevoland")
    (new_key,) = re.findall(r"/community\?ckey=(\S+)$", new.stdout, flags=re.MULTILINE)
    assert store.coordinated_community(new_key).invite_code == code and new_key != key


def test_cli_demo_prints_the_demo_coordinator_link_and_export_community_writes_the_workbook(db_path, tmp_path):
    demo = run(db_path, "demo")
    assert demo.returncode == 0, demo.stderr
    (key,) = re.findall(r"^community\t\S+/community\?ckey=(\S+)$", demo.stdout, flags=re.MULTILINE)
    store = Store.open(f"sqlite:///{db_path}")
    assert store.coordinated_community(key).name == DEMO_COMMUNITY
    target = tmp_path / "community.xlsx"
    result = run(db_path, "export-community", DEMO_COMMUNITY.upper(), "--xlsx", str(target))
    assert result.returncode == 0, result.stderr
    assert "(4 samenwerkingen)" in result.stdout
    assert tuple(load_workbook(target).sheetnames) == COMMUNITY_SHEETS
    missing = run(db_path, "export-community", "Bestaat niet", "--xlsx", str(tmp_path / "x.xlsx"))
    assert missing.returncode == 1 and "Er is geen community met de naam" in missing.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_a_full_stakeholder_row_goes_on_over_the_next_rows_and_nothing_is_cut(db_path, store: Store):
    _, ckey = load_demo_with_community(store)
    wb = load_workbook(io.BytesIO(community_workbook_bytes(store.community_snapshot(ckey))))
    persp = wb["Perspectieven"]
    labels = [persp.cell(r, 1).value for r in range(5, persp.max_row + 1)]
    assert labels[0] == "Ondernemer" and "Ondernemer (vervolg)" in labels and "Samen (gedeeld perspectief)" in labels
    for r in range(5, persp.max_row + 1):
        assert persp.row_dimensions[r].height < 409  # below Excel's limit: the row shows all its text
    text = "\n".join(_cells(persp))
    snapshot = store.community_snapshot(ckey)
    for m in snapshot.perspectives:
        for b in m.bullets:
            assert b.text in text  # every bullet is somewhere in the sheet
