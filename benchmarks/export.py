"""Excel export time and peak memory at 5,400 and 50,000 notes.

The baseline, run in the same process, is openpyxl writing the same notes as plain rows (nine text cells a
note, one sheet, no styling): what the Excel format itself costs. Peak memory is measured in a second run
under ``tracemalloc`` (Python allocations, so it is not inflated by the interpreter and libraries).
"""

from __future__ import annotations

import io
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

from openpyxl import Workbook

from canvas.blocks import BLOCKS
from canvas.model import Note, Participant, Phase, SharedConclusion, Workshop
from exports.excel import build_workbook, to_bytes
from stakeholders.roles import Role

T0 = datetime(2026, 11, 23, 9, tzinfo=UTC)


def synthetic(notes: int) -> tuple[Workshop, list[Participant], list[Note], dict[str, SharedConclusion]]:
    per_participant = len(BLOCKS) * 3
    count = max(1, notes // per_participant)
    roles = list(Role)
    workshop = Workshop(id=1, code="BENCH1", pps_name="Bench", title="Export", phase=Phase.EVALUATIE, created_at=T0)
    people = [
        Participant(id=i, workshop_id=1, name=f"Deelnemer {i}", organisation="Org", role=roles[i % 5], joined_at=T0)
        for i in range(count)
    ]
    out: list[Note] = []
    for i in range(notes):
        person = people[i % count]
        moment = T0 + timedelta(seconds=i)
        out.append(
            Note(
                id=i,
                workshop_id=1,
                participant_id=person.id,
                block_id=BLOCKS[i % len(BLOCKS)].id,
                text=f"Notitie {i}: maatwerk scholing en begeleiding op de werkvloer",
                created_at=moment,
                updated_at=moment,
                author_name=person.name,
                author_organisation=person.organisation,
                role=person.role,
            )
        )
    conclusions = {
        b.id: SharedConclusion(workshop_id=1, block_id=b.id, text="Afgesproken", version=1, updated_at=T0)
        for b in BLOCKS
    }
    return workshop, people, out, conclusions


def ours(data) -> bytes:
    return to_bytes(build_workbook(*data))


def plain_openpyxl(data) -> bytes:
    _, _, notes, _ = data
    wb = Workbook()
    ws = wb.active
    for n in notes:
        ws.append([n.block_id, "vraag", n.role.value, "", n.author_name, n.author_organisation, n.text, "a", "b"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _timed(fn, data) -> tuple[float, int]:
    started = time.perf_counter()
    size = len(fn(data))
    return time.perf_counter() - started, size


def _peak_mb(fn, data) -> float:
    tracemalloc.start()
    fn(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def run(sizes: tuple[int, ...] = (5_400, 50_000)) -> list[dict[str, float]]:
    results = []
    for size in sizes:
        data = synthetic(size)
        ours_s, file_bytes = _timed(ours, data)
        base_s, _ = _timed(plain_openpyxl, data)
        results.append(
            {
                "notes": size,
                "export_s": ours_s,
                "plain_openpyxl_s": base_s,
                "ratio_to_plain": ours_s / base_s,
                "peak_mb": _peak_mb(ours, data),
                "plain_peak_mb": _peak_mb(plain_openpyxl, data),
                "file_kb": file_bytes / 1024,
            }
        )
    return results
