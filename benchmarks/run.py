"""Benchmarks at a large office's scale: ``python benchmarks/run.py``.

Builds (or reuses) a 200,000-order demo database under ``benchmarks/data/`` and prints a
table: each figure the median of several runs beside a raw-library baseline measured in the
same run, their ratio, the target and whether it is met. See README § Benchmarks.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"  # noqa: A001 (run as a script: relative imports below)

from benchmarks import cases_db, cases_export, cases_gui, cases_output, dataset  # noqa: E402
from benchmarks.measure import Table  # noqa: E402

PARTS = (
    "register",
    "search",
    "order",
    "tick",
    "write",
    "slip",
    "export",
    "import",
    "gui",
    "demo",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    parser.add_argument("--runs", type=int, default=15, help="runs per in-process figure")
    parser.add_argument("--gui-runs", type=int, default=5, help="processes per GUI figure")
    parser.add_argument("--demo-runs", type=int, default=3, help="runs of propdesk demo")
    parser.add_argument("--only", nargs="*", choices=PARTS, help="measure only these parts")
    args = parser.parse_args(argv)
    parts = set(args.only or PARTS)

    from propdesk.db.connection import open_database
    from propdesk.services import build_services

    cached = dataset.ensure(rebuild=args.rebuild)
    work = dataset.work_copy(cached)
    db = open_database(work)
    svc = build_services(db, clock=lambda: dataset.NOW)
    con = sqlite3.connect(work)
    orders = con.execute("SELECT COUNT(*) FROM work_order").fetchone()[0]
    print(f"database: {cached.name} ({orders:,} orders), clock {dataset.NOW}", flush=True)
    print(
        "load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f} on {} cores".format(
            *os.getloadavg(), os.cpu_count()
        ),
        flush=True,
    )
    order_ids = cases_db.sample_order_ids(con)

    table = Table()
    if "register" in parts:
        cases_db.register_pages(svc, con, table, args.runs)
    if "search" in parts:
        cases_db.searches(svc, con, table, args.runs)
    if "order" in parts:
        cases_db.load_order(svc, con, table, args.runs)
    if "tick" in parts:
        cases_db.minute_tick(svc, con, table, args.runs)
    if "slip" in parts:
        cases_output.slip(svc, order_ids[0], table, args.runs)
    if "export" in parts:
        cases_output.month_export(cached, con, table, max(1, args.gui_runs // 2))
    if "import" in parts:
        cases_export.import_ledger(cached, table, max(1, args.gui_runs // 2))
    if "write" in parts:
        scratch = dataset.DATA_DIR / "raw-commit.db"
        cases_db.saves(svc, scratch, table, max(args.runs, 30))
    con.close()
    db.close()
    if "gui" in parts:
        cases_gui.gui(cached, order_ids, table, args.gui_runs)
    if "demo" in parts:
        cases_output.demo(table, args.demo_runs)

    print()
    print(table.render())
    print("\nload average at the end (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0 if all(r.met is not False for r in table.results) else 1


if __name__ == "__main__":
    sys.exit(main())
