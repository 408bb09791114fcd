"""Issue 11, item 7: every chart has a text alternative, its numbers as a table beside it (WCAG 1.1.1)."""

from __future__ import annotations

from canvas.blocks import BLOCKS
from tests.apptest import run_app


def test_each_perspectieven_chart_has_its_numbers_as_a_table_under_it(store, workshop_key):
    workshop, key = workshop_key
    for name, role, blocks in (
        ("Bo", "ondernemer", ["kosten", "kosten", "oplossing"]),
        ("Ann", "overheid", ["kosten"]),
    ):
        _, token = store.join(workshop.code, name=name, role=role)
        for i, block_id in enumerate(blocks):
            store.add_note(token, block_id, f"{name} over {block_id} ({i})")  # two different notes, not a double tap
    store.set_revealed(key, True)
    at = run_app(page="perspectieven", key=key)
    assert not at.exception
    tables = [t.value for t in at.table]
    labels = [e.label for e in at.expander]
    assert "De cijfers van de warmtekaart als tabel" in labels
    # Halen en brengen has its table beside the chart, the heat map its table under it.
    assert len(tables) == 2, tables
    balance, heat = tables
    assert {"Ondernemer", "Overheid"} <= set(balance["Kant"])
    assert len(heat["Blok"]) == len(BLOCKS)
    kosten = next(i for i, b in enumerate(BLOCKS) if b.id == "kosten")
    assert heat["Ondernemer"].iloc[kosten] == 2 and heat["Overheid"].iloc[kosten] == 1
    oplossing = next(i for i, b in enumerate(BLOCKS) if b.id == "oplossing")
    assert heat["Blok"].iloc[oplossing].startswith("⚠ ")  # only one side wrote there
