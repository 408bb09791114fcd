"""Shared fixtures: a real SQLite file per test, and a workshop with participants in it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from data.store import Store

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "canvas.db"
    monkeypatch.setenv("PPS_CANVAS_DB", str(path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return path


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{db_path}")
    yield s
    s.engine.dispose()


@pytest.fixture
def workshop_key(store: Store):
    """A fresh workshop and its facilitator key."""
    return store.create_workshop(pps_name="Toekomst in de Techniek", title="Ontwerpsessie", region="Flevoland")


pytest_plugins = ["tests.browser"]
