"""No raw driver message reaches a person: every error that leaves the store is a Dutch ``StoreError``, and the
pages show ``str(error)`` only of those (issue 20, item 3)."""

from __future__ import annotations

import ast
import inspect
import socket
from pathlib import Path

import pytest

import data.errors
from data.db import make_engine
from data.store import Store, StoreError, StoreUnavailable

ROOT = Path(__file__).resolve().parents[1]
STORE_ERRORS = {name for name, value in vars(data.errors).items() if isinstance(value, type)} | {"VoteRefused"}


def _public_methods() -> list[str]:
    return [
        name
        for name in dir(Store)
        if not name.startswith("_") and callable(inspect.getattr_static(Store, name)) and name != "engine"
    ]


def test_every_public_store_method_turns_driver_errors_into_dutch():
    unwrapped = [name for name in _public_methods() if not hasattr(getattr(Store, name), "__wrapped__")]
    assert unwrapped == []


def test_a_store_whose_postgres_is_not_there_answers_every_read_in_dutch():
    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = Store(make_engine(f"postgresql+psycopg://pps@127.0.0.1:{port}/weg"), unavailable_seconds=0.2)
    calls = {
        "workshops": (),
        "workshop": ("ABCDEF",),
        "participant": ("x" * 32,),
        "notes": (1,),
        "change_stamp": (1,),
        "own_notes": ("x" * 32,),
        "open_vote_session": (1,),
        "timer": (1,),
        "bullets": (1,),
        "communities": (),
        "add_note": ("x" * 32, "kosten", "Tekst"),
        "create_workshop": (),
    }
    for name, args in calls.items():
        kwargs = {"pps_name": "P", "title": "T"} if name == "create_workshop" else {}
        with pytest.raises(StoreUnavailable) as raised:
            getattr(store, name)(*args, **kwargs)
        assert "psycopg" not in str(raised.value) and "127.0.0.1" not in str(raised.value), name
        assert str(raised.value).startswith("De verbinding met de database is even weg"), name
    with pytest.raises(StoreUnavailable):
        Store.open(f"postgresql+psycopg://pps@127.0.0.1:{port}/weg")
    store.engine.dispose()


def _shown_errors(tree: ast.AST) -> list[tuple[int, str]]:
    """Every ``except X as name`` whose ``name`` the handler turns into text: (line, X)."""
    found = []
    for handler in ast.walk(tree):
        if not isinstance(handler, ast.ExceptHandler) or handler.name is None:
            continue
        used = any(
            isinstance(node, ast.Name) and node.id == handler.name for stmt in handler.body for node in ast.walk(stmt)
        )
        if not used:
            continue
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for t in types:
            found.append((handler.lineno, t.id if isinstance(t, ast.Name) else ast.unparse(t)))
    return found


def test_pages_show_the_text_only_of_store_errors():
    files = [ROOT / "app.py", *sorted((ROOT / "app_pages").rglob("*.py"))]
    shown = {
        f"{path.relative_to(ROOT)}:{line}": name
        for path in files
        for line, name in _shown_errors(ast.parse(path.read_text()))
    }
    assert shown, "the scan found no handler: it proves nothing"
    assert {place: name for place, name in shown.items() if name not in STORE_ERRORS} == {}
    assert issubclass(StoreUnavailable, StoreError)
