"""The monthly statistics workbook, measured in fresh processes (time and peak RSS) beside
openpyxl's write-only mode writing as many rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from .dataset import NOW, ROOT
from .measure import Result, Table, median

CHILD = Path(__file__).with_name("export_child.py")
EXPORT_TARGET_S = 3.0
EXPORT_TARGET_MB = 150.0


def _spawn(*args: str) -> dict[str, Any]:
    env = dict(os.environ, BENCH_NOW=NOW.isoformat(), PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, str(CHILD), *args],
        check=True,
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def month_workbook(db: Path, month: str, label: str, table: Table, runs: int) -> None:
    app = [_spawn("app", str(db), month) for _ in range(runs)]
    orders = int(app[0]["orders"])
    raw = [_spawn("raw", str(orders)) for _ in range(runs)]
    seconds = median([float(r["seconds"]) for r in app])
    rss = median([float(r["rss_mb"]) for r in app])
    table.add(
        Result(
            f"month workbook, {label} ({month}, {orders} orders)",
            seconds,
            median([float(r["seconds"]) for r in raw]),
            "s",
            baseline_name="openpyxl write-only: the same number of rows × 20 columns",
            target=f"≤{EXPORT_TARGET_S:.0f} s",
            met=seconds <= EXPORT_TARGET_S,
        )
    )
    table.add(
        Result(
            "  peak RSS of that export (process)",
            rss,
            median([float(r["rss_mb"]) for r in raw]),
            "MB",
            baseline_name="openpyxl write-only: the same number of rows × 20 columns",
            target=f"≤{EXPORT_TARGET_MB:.0f} MB",
            met=rss <= EXPORT_TARGET_MB,
        )
    )
