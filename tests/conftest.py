"""Shared fixtures: a real database per test (SQLite file, and PostgreSQL too), and a workshop in it.

A test that asks for ``store`` runs twice: on a SQLite file and on a fresh PostgreSQL database (the
environment then points ``DATABASE_URL`` at it, so pages and the command line use the same database). A test
that also asks for ``db_path`` is about the SQLite file itself and runs on SQLite only.

The SQLite file of ``store`` is a copy of one file the migrations built at the start of the session (per
xdist worker): running the six migrations took about half a second per test. Tests marked
``real_migrations`` (tests/test_change_stamp.py; tests/test_migration_samenwerking.py migrates by itself)
get an empty file that ``Store.open`` migrates, as the app does on its first start.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from data.store import Store

_scan_component_manifests = None

# The source documents sit outside the repository (``../shared/seeds``, there in CI); tests compare against the
# excerpt kept in the repository, and only tests/test_seed_excerpt.py reads the source itself.
SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_EXCERPT = Path(__file__).resolve().parent / "fixtures" / "seed001_excerpt.txt"


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[bytes, str | None]]:
    """Every file a page hands to a download button, by the URL the button carries: url -> (bytes, file name)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    files: dict[str, tuple[bytes, str | None]] = {}
    add = MediaFileManager.add

    def recording(self, path_or_data, mimetype, coordinates, file_name=None, **kwargs):
        url = add(self, path_or_data, mimetype, coordinates, file_name=file_name, **kwargs)
        if isinstance(path_or_data, bytes):
            files[url] = (path_or_data, file_name)
        return url

    monkeypatch.setattr(MediaFileManager, "add", recording)
    return files


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "canvas.db"
    monkeypatch.setenv("PPS_CANVAS_DB", str(path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return path


def pytest_configure(config: pytest.Config) -> None:
    """Streamlit's AppTest scans every installed package for v2 component manifests, for each new AppTest:
    reading the metadata of ~80 distributions, 0.13 s per page test. The packages do not change during a test
    run, so the scan runs once per process and every AppTest gets its result."""
    global _scan_component_manifests
    from streamlit.components.v2 import manifest_scanner

    _scan_component_manifests = manifest_scanner.scan_component_manifests
    found = None

    def scan_once(*args, **kwargs):
        nonlocal found
        if found is None:
            found = _scan_component_manifests(*args, **kwargs)
        return list(found)

    manifest_scanner.scan_component_manifests = scan_once


def pytest_unconfigure(config: pytest.Config) -> None:
    if _scan_component_manifests is not None:
        from streamlit.components.v2 import manifest_scanner

        manifest_scanner.scan_component_manifests = _scan_component_manifests


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store" in metafunc.fixturenames:
        sqlite_only = "db_path" in metafunc.fixturenames
        backends = ["sqlite"] if sqlite_only else ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
        metafunc.parametrize("backend", backends)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark by what a test uses, so ``make test-fast`` can leave out what needs Chromium or PostgreSQL."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & {"postgres_url", "postgres_server"}:
            item.add_marker(pytest.mark.postgres)
        if used & {"chromium", "app_server"}:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file the migrations brought to the newest schema, made once per session (per xdist worker).

    Left in rollback-journal mode, as one self-contained file: a copy of it is what a fresh file is after
    ``Store.open`` (which switches every connection to WAL).
    """
    path = tmp_path_factory.mktemp("migrated") / "template.db"
    Store.open(f"sqlite:///{path}").engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture
def store(request: pytest.FixtureRequest, backend: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    if backend == "postgresql":
        url = request.getfixturevalue("postgres_url")
        monkeypatch.setenv("DATABASE_URL", url)
    else:
        path = request.getfixturevalue("db_path")
        if request.node.get_closest_marker("real_migrations") is None:
            shutil.copyfile(request.getfixturevalue("migrated_sqlite"), path)
        url = f"sqlite:///{path}"
    s = Store.open(url)
    yield s
    s.engine.dispose()


@pytest.fixture
def workshop_key(store: Store):
    """A fresh workshop and its facilitator key."""
    return store.create_workshop(pps_name="Toekomst in de Techniek", title="Ontwerpsessie", region="Flevoland")


pytest_plugins = ["tests.browser", "tests.postgres"]
