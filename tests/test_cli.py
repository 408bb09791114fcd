"""The ``pps-canvas`` command line against a temporary database: through ``cli.main`` in this process (its
arguments, its output and its exit status), and as a real process where the process is what is tested (the
installed script, one Dutch line on stderr and nothing else, the exit status)."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from data.store import Store
from tests.demo_copy import load_demo_with_community

ROOT = Path(__file__).resolve().parents[1]


def run(
    db: Path, *args: str, command: list[str] | None = None, cwd: Path = ROOT, process: bool = False
) -> subprocess.CompletedProcess:
    """``pps-canvas ARGS`` on the database file ``db``: in this process unless ``process`` or ``command`` is
    given (a new Python process costs a second, and the CLI tests are many)."""
    if command is None and not process:
        return _in_this_process(db, args)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PPS_CANVAS_DB"] = str(db)
    return subprocess.run(
        [*(command or [sys.executable, "-m", "cli"]), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _in_this_process(db: Path, args: tuple[str, ...]) -> subprocess.CompletedProcess:
    import cli

    out, err = io.StringIO(), io.StringIO()
    saved = {name: os.environ.get(name) for name in ("DATABASE_URL", "PPS_CANVAS_DB")}
    store_log = logging.getLogger("pps_canvas.store")
    level = store_log.level  # main() quietens the store's log for its process; the other tests read it
    os.environ.pop("DATABASE_URL", None)
    os.environ["PPS_CANVAS_DB"] = str(db)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(list(args))
            except SystemExit as exit_:  # argparse on a wrong command, as the real process would exit
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        store_log.setLevel(level)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return subprocess.CompletedProcess(["pps-canvas", *args], code, out.getvalue(), err.getvalue())


def keys_from(output: str) -> dict[str, str]:
    return dict(re.findall(r"^(\w+)\t\S+/begeleiden\?key=(\S+)$", output, flags=re.MULTILINE))


def demo_in(store: Store) -> dict[str, str]:
    """The demo that ``pps-canvas demo`` loads (tests/demo_copy.py), put in here rather than by another process:
    for the tests that start from it. ``pps-canvas demo`` itself is tested below, also as the installed script."""
    keys, _ = load_demo_with_community(store)
    return keys


def test_demo_loads_the_demo_workshops_and_prints_their_facilitator_links(db_path):
    result = run(db_path, "demo")
    assert result.returncode == 0, result.stderr
    keys = keys_from(result.stdout)
    assert set(keys) == {"NEXT24", "RVRN24", "NPMK24", "DRNT24", "DRNT25", "DRNT26"}
    store = Store.open(f"sqlite:///{db_path}")
    assert store.facilitated_workshop(keys["NEXT24"]).pps_name == "NexTechnician"
    again = run(db_path, "demo")
    assert again.returncode == 0 and keys_from(again.stdout) == {}


def test_workshops_lists_code_pps_title_phase_and_counts(db_path, store):
    demo_in(store)
    result = run(db_path, "workshops")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 6
    for line, w in zip(lines, store.workshops(), strict=True):
        fields = line.split("\t")
        assert fields[:4] == [w.code, w.pps_name, w.title, w.phase.label]
        assert fields[4] == f"{len(store.participants(w.id))} deelnemers"
        assert fields[5] == f"{len(store.notes(w.id))} notities"


def test_export_writes_the_excel_workbook_of_a_workshop(db_path, store, tmp_path):
    demo_in(store)
    target = tmp_path / "next.xlsx"
    result = run(db_path, "export", "next24", "--xlsx", str(target))
    assert result.returncode == 0, result.stderr
    wb = load_workbook(io.BytesIO(target.read_bytes()))
    assert wb.sheetnames == ["Overzicht", "Canvas", "Perspectieven", "Synthese", "Antwoorden"]


def test_backup_and_restore_move_workshops_to_another_database(db_path, store, tmp_path):
    keys = demo_in(store)
    one = tmp_path / "one.json"
    assert run(db_path, "backup", "NEXT24", "--json", str(one)).returncode == 0
    assert [w["code"] for w in json.loads(one.read_text(encoding="utf-8"))["workshops"]] == ["NEXT24"]
    everything = run(db_path, "backup", "--json", "-")
    assert everything.returncode == 0
    assert len(json.loads(everything.stdout)["workshops"]) == 6

    other = tmp_path / "other.db"
    restored = run(other, "restore", str(one))
    assert restored.returncode == 0, restored.stderr
    assert "NEXT24" in restored.stdout
    store = Store.open(f"sqlite:///{other}")
    assert store.facilitated_workshop(keys["NEXT24"]).code == "NEXT24"

    twice = run(other, "restore", str(one))
    assert twice.returncode == 1
    assert twice.stderr.count("\n") == 1 and "al een workshop met code NEXT24" in twice.stderr


def test_sleutel_prints_a_new_facilitator_link_and_the_old_one_stops_working(db_path, store):
    old = demo_in(store)["NEXT24"]
    result = run(db_path, "sleutel", "NEXT24", "--url", "https://canvas.example.nl/")
    assert result.returncode == 0, result.stderr
    (new,) = re.findall(r"^https://canvas\.example\.nl/begeleiden\?key=(\S+)$", result.stdout, flags=re.MULTILINE)
    assert store.facilitated_workshop(new).code == "NEXT24"
    with pytest.raises(Exception, match="klopt niet"):
        store.facilitated_workshop(old)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "NOPE22", "--xlsx", "{tmp}/x.xlsx"], "geen workshop met code NOPE22"),
        (["sleutel", "NOPE22"], "geen workshop met code NOPE22"),
        (["backup", "NOPE22", "--json", "{tmp}/x.json"], "geen workshop met code NOPE22"),
        (["restore", "{tmp}/bestaat-niet.json"], "bestand niet gevonden"),
        (["onzin"], "fout in de opdracht"),
    ],
)
def test_an_error_gives_a_non_zero_exit_and_one_dutch_line_on_stderr(db_path, tmp_path, args, message):
    result = run(db_path, *(a.format(tmp=tmp_path) for a in args), process=True)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "x.json").exists()


def test_a_broken_backup_file_is_refused_by_restore(db_path, tmp_path):
    broken = tmp_path / "kapot.json"
    broken.write_text('{"app": "pps-canvas", "schema_version": 9, "workshops": []}', encoding="utf-8")
    result = run(db_path, "restore", str(broken), process=True)
    assert result.returncode == 1
    assert "nieuwere versie" in result.stderr and result.stderr.count("\n") == 1


def test_the_installed_pps_canvas_script_works_from_any_directory(db_path, tmp_path):
    script = shutil.which("pps-canvas", path=str(Path(sys.executable).parent)) or shutil.which("pps-canvas")
    if script is None:
        pytest.skip("pps-canvas is not installed in this environment (pip install -e .)")
    result = run(db_path, "demo", command=[script], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = run(db_path, "workshops", command=[script], cwd=tmp_path)
    assert listed.returncode == 0 and "NEXT24\tNexTechnician" in listed.stdout
