"""The monthly statistics workbook, measured in fresh processes (time and peak RSS) beside
openpyxl's write-only mode writing as many rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
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


IMPORT_TARGET_S = 10.0
IMPORT_TARGET_MB = 300.0
#: The ledger: the orders received in these months of the 200k database (about 20,000).
LEDGER_MONTHS = 12


def import_ledger(db: Path, table: Table, runs: int) -> None:
    """``import-orders`` of a ledger the program exported (the last ``LEDGER_MONTHS`` months
    of the 200k database, open orders included) into a new database, in fresh processes."""
    ledger = db.with_name("ledger-20k.xlsx")
    first = (NOW - timedelta(days=30 * LEDGER_MONTHS)).date()
    exported = _spawn("ledger", str(db), str(ledger), first.isoformat(), NOW.date().isoformat())
    runs_out = [_spawn("import", str(ledger)) for _ in range(runs)]
    seconds = median([float(r["seconds"]) for r in runs_out])
    rss = median([float(r["rss_mb"]) for r in runs_out])
    orders = int(runs_out[0]["orders"])
    assert orders == int(exported["orders"]), (orders, exported)
    table.add(
        Result(
            f"import a ledger the program exported ({orders} orders) into a new database",
            seconds,
            None,
            "s",
            target=f"≤{IMPORT_TARGET_S:.0f} s",
            met=seconds <= IMPORT_TARGET_S,
            note=f"CPU {median([float(r['cpu_s']) for r in runs_out]):.2f} s of the process "
            "(the rest of the wall time is waiting for a core: see the load average)",
        )
    )
    table.add(
        Result(
            "  peak RSS of that import (process)",
            rss,
            None,
            "MB",
            target=f"≤{IMPORT_TARGET_MB:.0f} MB",
            met=rss <= IMPORT_TARGET_MB,
        )
    )
