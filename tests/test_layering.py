"""Imports point inward: the domain knows no UI and no ORM; only app.py and pages/ import streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The app's own code. Tests and benchmarks are tooling: they drive Streamlit (AppTest, its websocket protocol)
# from outside and are not part of the layers.
SOURCES = [
    p
    for p in ROOT.rglob("*.py")
    if not any(
        part in {".venv", "build", "tests", "benchmarks"} or part.endswith(".egg-info")
        for part in p.relative_to(ROOT).parts
    )
]


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_there_is_code_to_check():
    assert any(p.parts[-2] == "canvas" for p in SOURCES)


@pytest.mark.parametrize("package", ["canvas", "stakeholders"])
def test_domain_imports_neither_streamlit_nor_sqlmodel_nor_sqlalchemy(package):
    for path in (ROOT / package).rglob("*.py"):
        bad = imported(path) & {"streamlit", "sqlmodel", "sqlalchemy", "data", "pages"}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_only_app_and_pages_import_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in SOURCES
        if "streamlit" in imported(p)
        and not (p.name == "app.py" and p.parent == ROOT)
        and p.relative_to(ROOT).parts[0] != "pages"
    ]
    assert offenders == []


def test_pages_never_touch_a_session_or_tables():
    for path in (ROOT / "pages").glob("*.py"):
        bad = imported(path) & {"sqlmodel", "sqlalchemy"}
        text = path.read_text(encoding="utf-8")
        assert not bad and "data.tables" not in text, path.name
