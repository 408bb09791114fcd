"""Migrations 0008 and later (issue 21): today's database with the demo in it upgrades with nothing lost.

"Today's database" is schema 0006 with the four demo cases: loaded by the current code, then taken down to
0006 (which drops only what 0008 and later add), with one ronde stored as ``lerende_community`` the way the
old app offered it. Every row of every table of 0006 is read before and after the upgrade and compared.
"""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import MetaData, select, text

from data.db import _alembic_config, make_engine
from data.store import Store
from demo import load_demo_with_community

OLD_REVISION = "0006"


def _all_rows(engine, columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Every row of every table as text; with ``columns``, only those tables and columns (the old schema's)."""
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {
            name: sorted(
                tuple(str(v) for v in row)
                for row in conn.execute(select(*(table.c[c] for c in (columns[name] if columns else table.c.keys()))))
            )
            for name, table in meta.tables.items()
            if name != "alembic_version" and (columns is None or name in columns)
        }


def _columns(engine) -> dict[str, list[str]]:
    meta = MetaData()
    meta.reflect(engine)
    return {name: list(table.c.keys()) for name, table in meta.tables.items() if name != "alembic_version"}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def todays_database(request, tmp_path):
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else f"sqlite:///{tmp_path}/o.db"
    store = Store.open(url)
    keys, _ = load_demo_with_community(store)
    store.engine.dispose()
    engine = make_engine(url)
    command.downgrade(_alembic_config(engine), OLD_REVISION)
    with engine.begin() as conn:
        conn.execute(text("UPDATE workshop SET phase = 'lerende_community' WHERE code = 'NPMK24'"))
    before = _all_rows(engine)
    columns = _columns(engine)
    engine.dispose()
    return url, keys, before, columns


def test_todays_database_with_the_demo_upgrades_with_every_row_kept(todays_database):
    url, keys, before, columns = todays_database
    store = Store.open(url)
    after = _all_rows(store.engine, columns)  # new columns of old tables are left out: they are new
    for table, rows in before.items():
        if table == "workshop":
            continue
        assert after[table] == rows, f"{table} changed in the upgrade"
    # The workshops are the same rows but for the one use that is no longer a ronde's: lerende community.
    assert len(after["workshop"]) == len(before["workshop"])
    changed = set(after["workshop"]) ^ set(before["workshop"])
    assert len(changed) == 2 and all("NPMK24" in row for row in changed)
    assert store.workshop("NPMK24").phase.value == "looptijd"
    assert {w.phase.value for w in store.workshops()} <= {"ontwerp", "looptijd", "evaluatie"}
    # Each samenwerking starts with its region as a kenmerk, and every ronde has it.
    for workshop in store.workshops():
        kenmerken = store.kenmerken_per_ronde(keys[workshop.code])
        assert [k.region for k in kenmerken] == [store.samenwerking(workshop.samenwerking_id).region] * len(kenmerken)
    # Leervragen of before the monitoring cycle are open and not yet placed in Tabel 4.2; actions answer none.
    vragen = store.all_leervragen(keys["DRNT26"])
    assert vragen and {(v.status.value, v.cell) for v in vragen} == {("open", None)}
    assert {a.leervraag_id for a in store.actions(keys["DRNT26"])} == {None}
    assert store.factors(keys["DRNT26"]) == [] and not store.workshop("DRNT26").factors_revealed
    # Migration 0012 (issue 22): every note of before came from the workshop, none is a quote, nobody was
    # interviewed; the notes and their authors are the same (compared above).
    notes = [n for w in store.workshops() for n in store.notes(w.id, include_deleted=True)]
    assert notes and {(n.source.value, n.quote, n.interviewer) for n in notes} == {("workshop", False, "")}
    assert store.interviewees(keys["DRNT26"]) == []
    # Old links keep working and the upgraded database takes new kenmerken.
    assert store.facilitated_workshop(keys["DRNT26"]).code == "DRNT26"
    store.set_kenmerken(keys["DRNT26"], development_phase="continueren")
    assert [k.development_phase for k in store.kenmerken_per_ronde(keys["DRNT24"])] == ["", "", "continueren"]
    store.engine.dispose()
