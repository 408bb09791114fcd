"""The four practice cases of seed 001 as demo workshops, built from ``data/demo/workshops.json``.

Loaded on the first start of an empty database (and by ``pps-canvas demo``); a workshop whose code already
exists is left alone, so loading twice changes nothing.
"""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from typing import Any

from data.store import Store, UnknownWorkshop

__all__ = ["demo_cases", "load_demo"]


def demo_cases() -> list[dict[str, Any]]:
    text = resources.files("data").joinpath("demo/workshops.json").read_text(encoding="utf-8")
    return json.loads(text)["workshops"]


def load_demo(store: Store) -> dict[str, str]:
    """Create the demo workshops that are missing; returns ``{code: facilitator key}`` of those created."""
    created: dict[str, str] = {}
    for case in demo_cases():
        try:
            store.workshop(case["code"])
            continue
        except UnknownWorkshop:
            pass
        workshop, key = store.create_workshop(
            code=case["code"],
            pps_name=case["pps_name"],
            title=case["title"],
            region=case["region"],
            phase=case["phase"],
            date=date.fromisoformat(case["date"]),
            partners=case["partners"],
        )
        for person in case["participants"]:
            _, token = store.join(
                workshop.code,
                name=person["name"],
                organisation=person["organisation"],
                role=person["role"],
                sub_role=person.get("sub_role", ""),
            )
            for block_id, texts in person["notes"].items():
                for text in texts:
                    store.add_note(token, block_id, text)
        for block_id, text in case.get("conclusions", {}).items():
            store.set_conclusion(key, block_id, text)
        # The synthesis (Synthese page): bullets per cell, each linked to the notes it sums up, by their text.
        note_ids = {(n.role.value, n.text): n.id for n in store.notes(workshop.id)}
        for point in case.get("synthesis", []):
            linked = [note_ids[(point["role"], text)] for text in point["notes"]]
            store.add_bullet(key, point["role"], point["question"], point["text"], linked)
        # A finished case: everything on the board, like the worked examples in seed 001.
        store.set_revealed(key, True)
        created[workshop.code] = key
    return created
