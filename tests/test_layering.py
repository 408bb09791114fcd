"""The house's import graph: imports point inward, no cycles, and each outside library has one room.

The rooms (README, "Mappen"): the domain (``canvas/``, ``stakeholders/``), storage (``data/``), file outputs
(``exports/``), the user interface (``app.py``, ``app_pages/``) and the tooling around them (``cli.py``, ``demo/``,
``deploy/``). Tests and benchmarks drive the app from outside and are not part of the graph.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOT_APP = {".venv", "build", "tests", "benchmarks", "artifacts", "migrations"}

# Which room may import which rooms. A room not listed for another may not import it.
ROOMS = {
    "stakeholders": {"stakeholders"},
    "canvas": {"stakeholders", "canvas"},
    "data": {"stakeholders", "canvas", "data"},
    "exports": {"stakeholders", "canvas", "data", "exports"},
    "demo": {"stakeholders", "canvas", "data", "demo"},
    "app_pages": {"stakeholders", "canvas", "data", "exports", "demo", "app_pages"},
    "app": {"app_pages"},
    "cli": {"stakeholders", "canvas", "data", "exports", "demo"},
    "deploy": {"stakeholders", "canvas", "data", "demo", "deploy"},
}
DOMAIN = {"canvas", "stakeholders"}
# Outside libraries the domain may use: pydantic for its types, rapidfuzz for comparing short texts,
# scikit-learn (with numpy and scipy's sparse matrices) for the TF-IDF of canvas/grouping.py (all pure functions
# of their input).
DOMAIN_LIBRARIES = {"pydantic", "pydantic_core", "rapidfuzz", "sklearn", "numpy", "scipy"}
# Each outside library that does one job, with the rooms that may import it.
LIBRARY_HOMES = {
    # deploy.worker starts Streamlit's server (with TCP_NODELAY); it draws nothing.
    "streamlit": {"app", "app_pages", "deploy"},
    "plotly": {"app_pages"},
    "segno": {"app_pages"},
    "sqlmodel": {"data"},
    "sqlalchemy": {"data"},
    "alembic": {"data"},
    "psycopg": {"data"},
    "openpyxl": {"exports"},
    "reportlab": {"exports"},
    "pptx": {"exports"},
    "docx": {"exports"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


SOURCES = {
    _module_name(p): p
    for p in ROOT.rglob("*.py")
    if not any(part in NOT_APP or part.endswith(".egg-info") for part in p.relative_to(ROOT).parts)
}


def _imports(name: str, path: Path) -> set[str]:
    """Every module name ``path`` imports, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1] if package else []
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # ``from pkg import module`` imports a module too.
            found |= {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in SOURCES}
    return {f for f in found if f}


GRAPH = {
    name: {i for i in _imports(name, path) if i in SOURCES or i.split(".")[0] in SOURCES}
    for name, path in SOURCES.items()
}
ALL_IMPORTS = {name: _imports(name, path) for name, path in SOURCES.items()}


def _room(module: str) -> str:
    return module.split(".")[0]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan), each a cycle of imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = iter(range(10**9))

    def visit(v: str) -> None:
        index[v] = low[v] = next(counter)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _resolve(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Module edges only (``pkg`` for ``pkg/__init__.py``), self-imports dropped."""
    return {m: {t for t in targets if t in SOURCES and t != m} for m, targets in graph.items()}


def test_there_is_code_in_every_room():
    rooms = {_room(m) for m in SOURCES}
    assert {"canvas", "stakeholders", "data", "exports", "app_pages", "app", "cli", "demo"} <= rooms


def test_no_module_imports_itself_round_a_cycle():
    assert _cycles(_resolve(GRAPH)) == []


def test_no_room_imports_another_round_a_cycle():
    rooms: dict[str, set[str]] = {}
    for module, targets in _resolve(GRAPH).items():
        rooms.setdefault(_room(module), set()).update(_room(t) for t in targets if _room(t) != _room(module))
    assert _cycles(rooms) == []


@pytest.mark.parametrize("module", sorted(SOURCES))
def test_imports_point_inward(module):
    allowed = ROOMS.get(_room(module))
    assert allowed is not None, f"{module} sits in no room of the README's folder table"
    outward = sorted(t for t in _resolve(GRAPH)[module] if _room(t) not in allowed)
    assert outward == [], f"{module} imports {outward}"


def _third_party(names: Iterable[str]) -> set[str]:
    tops = {n.split(".")[0] for n in names}
    return {t for t in tops if t not in sys.stdlib_module_names and t not in SOURCES and t != "__future__"}


@pytest.mark.parametrize("module", sorted(m for m in SOURCES if _room(m) in DOMAIN))
def test_the_domain_imports_only_the_domain_and_its_few_libraries(module):
    assert _third_party(ALL_IMPORTS[module]) <= DOMAIN_LIBRARIES, module


@pytest.mark.parametrize("library", sorted(LIBRARY_HOMES))
def test_each_library_is_imported_only_in_its_room(library):
    users = sorted(m for m, names in ALL_IMPORTS.items() if library in _third_party(names))
    strays = [m for m in users if _room(m) not in LIBRARY_HOMES[library]]
    assert strays == [], f"{library} imported outside {sorted(LIBRARY_HOMES[library])}: {strays}"


def test_pages_never_touch_a_session_or_tables():
    for module, names in ALL_IMPORTS.items():
        if _room(module) in {"app_pages", "app"}:
            assert not any(n.startswith("data.tables") for n in names), module


def test_no_pages_folder_next_to_app_py():
    # A folder named pages/ next to the entry script puts a fresh Streamlit server in "pages directory" mode
    # until st.navigation has run once (streamlit/runtime/pages_manager.py): the first deep link then ran a
    # page on its own, outside the app's navigation. Streamlit's own guidance names the folder app_pages/.
    assert not (ROOT / "pages").exists()


def test_stakeholders_is_the_lower_layer():
    assert not any(_room(t) == "canvas" for m, ts in _resolve(GRAPH).items() if _room(m) == "stakeholders" for t in ts)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
