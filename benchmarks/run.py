"""``make bench``: every figure of docs/benchmarks.md, printed as a table and written to bench-results/.

Ratios compare against a baseline run in the same process at the same moment (these machines are shared and
noisy); absolute times are context only.
"""

from __future__ import annotations

import argparse
import json
import platform
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import export, grouping, projector, server_load, store_writes

OUT = Path(__file__).resolve().parents[1] / "bench-results"

TARGETS = {
    "save_p95_ms_at_100": 100.0,
    "freshness_s": 3.0 + 1.0,
    "projector_ratio": 2.0,
    "export_5400_s": 2.0,
    "export_5400_mb": 300.0,
    "grouping_5400_s": 1.0,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="PPS Canvas benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke test")
    args = parser.parse_args(argv)

    levels = (1, 10) if args.quick else (1, 10, 50, 100)
    results: dict[str, object] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    print("1+2. server: save latency and freshness ...", flush=True)
    results["server"] = server_load.run(levels)
    print("3. projector render ...", flush=True)
    results["projector"] = projector.run(repeat=1 if args.quick else 3)
    print("4. Excel export ...", flush=True)
    results["export"] = export.run((5_400,) if args.quick else (5_400, 50_000))
    print("5. store writes ...", flush=True)
    results["store_writes"] = store_writes.run(500 if args.quick else 2_000)
    print("6. grouping suggestions ...", flush=True)
    results["grouping"] = grouping.run(5_400, repeat=1 if args.quick else 3)

    OUT.mkdir(exist_ok=True)
    path = OUT / "bench.json"
    path.write_text(json.dumps(results, indent=2))
    print()
    print(table(results))
    print(f"\nJSON: {path}")
    return 0


def table(r: dict) -> str:
    rows = [("figure", "value", "target")]
    for lat in r["server"]["save_latency"]:
        burst = lat.get("burst", False)
        target = f"≤ {TARGETS['save_p95_ms_at_100']:.0f} ms" if lat["participants"] == 100 and not burst else ""
        rows.append(
            (
                f"save latency, {lat['participants']} participants{' all at once' if burst else ''} (p50 / p95)",
                f"{lat['p50_ms']:.0f} / {lat['p95_ms']:.0f} ms",
                target,
            )
        )
    fresh = r["server"]["freshness"]
    rows.append(
        ("freshness: save → projector (median / max)", f"{fresh['median_s']:.2f} / {fresh['max_s']:.2f} s", "≤ 4 s")
    )
    p = r["projector"]
    rows.append(
        (
            f"projector render, {p['notes']} notes, ratio to bare page",
            f"{p['ratio_board_to_bare']:.2f}× ({p['board_s']:.2f} s vs {p['bare_s']:.2f} s)",
            "≤ 2×",
        )
    )
    for e in r["export"]:
        rows.append(
            (
                f"Excel export, {e['notes']} notes (time, peak memory)",
                f"{e['export_s']:.2f} s, {e['peak_mb']:.0f} MB; {e['ratio_to_plain']:.1f}× plain openpyxl",
                "≤ 2 s, ≤ 300 MB" if e["notes"] == 5_400 else "",
            )
        )
    w = r["store_writes"]
    rows.append(
        (
            "store writes, ratio to raw sqlite3",
            f"{w['ratio_store_to_raw']:.3f} ({w['store_per_s']:.0f}/s vs {w['raw_sqlite_per_s']:.0f}/s)",
            "",
        )
    )
    g = r["grouping"]
    rows.append(
        (
            f"grouping suggestions, {g['notes']} notes, per cell / per block",
            f"{g['cell_s']:.2f} s / {g['block_s']:.2f} s ({g['cell_groups']} / {g['block_groups']} groups)",
            f"< {TARGETS['grouping_5400_s']:.0f} s",
        )
    )
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
