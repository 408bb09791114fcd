"""Groeperen: time to suggest groups for 5,400 notes (target: under 1 s), per cell and per block.

5,400 notes are 100 participants × 18 blocks × 3 notes, stakeholders in turn, with texts made from the demo
notes (demo/workshops.json) with small changes (a word dropped, a word added, one in another order), so
that there are near-duplicates to find, as in a real room. The figure is the median of a few runs in this
process, scikit-learn already imported (the app imports it once at start).
"""

from __future__ import annotations

import json
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from canvas.blocks import BLOCKS
from canvas.grouping import Scope, suggest_groups
from canvas.model import Note
from stakeholders.roles import Role

T0 = datetime(2026, 11, 23, 9, tzinfo=UTC)
DEMO = Path(__file__).resolve().parents[1] / "demo" / "workshops.json"
EXTRA = ("ook", "vooral", "in de regio", "samen", "echt", "voor ons", "zeker")


def synthetic(notes: int = 5_400, seed: int = 13) -> list[Note]:
    rng = random.Random(seed)
    cases = json.loads(DEMO.read_text(encoding="utf-8"))["workshops"]
    texts: dict[str, list[str]] = {b.id: [] for b in BLOCKS}
    for case in cases:
        for person in case["participants"]:
            for block_id, written in person["notes"].items():
                texts[block_id].extend(written)
    roles = list(Role)
    out: list[Note] = []
    for i in range(notes):
        block_id = BLOCKS[(i // 3) % len(BLOCKS)].id
        participant = i // (3 * len(BLOCKS))
        words = rng.choice(texts[block_id]).split()
        change = rng.random()
        if change < 0.3 and len(words) > 3:
            words.pop(rng.randrange(len(words)))
        elif change < 0.6:
            words.insert(rng.randrange(len(words) + 1), rng.choice(EXTRA))
        elif change < 0.8 and len(words) > 2:
            a, b = rng.sample(range(len(words)), 2)
            words[a], words[b] = words[b], words[a]
        moment = T0 + timedelta(seconds=i)
        out.append(
            Note(
                id=i + 1,
                workshop_id=1,
                participant_id=participant,
                block_id=block_id,
                text=" ".join(words),
                created_at=moment,
                updated_at=moment,
                author_name=f"Deelnemer {participant}",
                role=roles[participant % len(roles)],
            )
        )
    return out


def run(notes: int = 5_400, repeat: int = 3) -> dict[str, float | int]:
    data = synthetic(notes)
    suggest_groups(data[:50])  # warm up: scikit-learn's first call builds its caches
    result: dict[str, float | int] = {"notes": notes}
    for scope in (Scope.CELL, Scope.BLOCK):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            groups = suggest_groups(data, scope=scope)
            times.append(time.perf_counter() - start)
        result[f"{scope.name.lower()}_s"] = statistics.median(times)
        result[f"{scope.name.lower()}_groups"] = len(groups)
    return result


if __name__ == "__main__":
    r = run()
    print(
        f"grouping, {r['notes']} notes: per cell {r['cell_s']:.2f} s ({r['cell_groups']} groups), "
        f"per block {r['block_s']:.2f} s ({r['block_groups']} groups); target < 1 s"
    )
