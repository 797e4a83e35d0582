"""Run in a fresh process by the benchmark: write one month's workbook and print the wall
seconds and the process's peak RSS as one JSON line.

``app DB YYYY-MM`` — propdesk's monthly statistics workbook (StatisticsService.export_month).
``raw N``          — the baseline: openpyxl in write-only mode, N rows × 20 columns of text,
                     dates and numbers like an order list.
``ledger DB OUT FROM TO`` — export-orders of the orders received FROM..TO (dates) to OUT.
``import FILE``    — import-orders of FILE into a new database (unknown staff and units
                     created), as the import dialog runs it.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from benchmarks.rss import peak_rss_mb


def run_app(db: str, month: str) -> dict[str, object]:
    from propdesk.db.connection import open_database
    from propdesk.services import build_services
    from propdesk.services.statistics import StatisticsService

    now = datetime.fromisoformat(os.environ["BENCH_NOW"])
    svc = build_services(open_database(db), clock=lambda: now)
    stats = StatisticsService(svc.ctx)
    year, mon = (int(p) for p in month.split("-"))
    target = Path(tempfile.mkdtemp()) / "month.xlsx"
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    result = stats.export_month(date(year, mon, 1), svc.auth.system_user(), target)
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "rss_mb": peak_rss_mb(),
        "rss_before_mb": rss_before,
        "orders": result.orders,
        "bytes": target.stat().st_size,
    }


def run_raw(n: int) -> dict[str, object]:
    from openpyxl import Workbook

    target = Path(tempfile.mkdtemp()) / "raw.xlsx"
    start = datetime(2026, 10, 1, 8, 0)
    t0 = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("工单明细")
    ws.append([f"列{i}" for i in range(20)])
    for i in range(n):
        at = start + timedelta(minutes=7 * i)
        ws.append(
            [
                f"2026{i:06d}",
                "报修",
                "入户",
                "已完结",
                at,
                "张三丰",
                "138****8000",
                "3-2-1502",
                "水/水龙头",
                "厨房水龙头关不紧一直滴水",
                "一般",
                "工程部",
                "李建国",
                at + timedelta(minutes=5),
                at + timedelta(minutes=40),
                at + timedelta(hours=2),
                "满意",
                30.0,
                45.5,
                75.5,
            ]
        )
    wb.save(target)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "rss_mb": peak_rss_mb(), "orders": n}


def run_ledger(db: str, out: str, first: str, last: str) -> dict[str, object]:
    from propdesk.db.connection import open_database
    from propdesk.domain.filters import OrderFilter
    from propdesk.services import build_services
    from propdesk.services.statistics import StatisticsService

    now = datetime.fromisoformat(os.environ["BENCH_NOW"])
    svc = build_services(open_database(db), clock=lambda: now)
    f = OrderFilter(date_from=date.fromisoformat(first), date_to=date.fromisoformat(last))
    result = StatisticsService(svc.ctx).export_orders(f, svc.auth.system_user(), Path(out))
    return {"orders": result.orders}


def run_import(ledger: str) -> dict[str, object]:
    from propdesk.db.connection import open_database
    from propdesk.services import build_services
    from propdesk.services.importer import ImportService

    now = datetime.fromisoformat(os.environ["BENCH_NOW"])
    svc = build_services(
        open_database(Path(tempfile.mkdtemp()) / "new.db", create=True), lambda: now
    )
    t0, cpu0 = time.perf_counter(), time.process_time()
    result = ImportService(svc.ctx).import_orders(
        Path(ledger), svc.auth.system_user(), create_missing=True
    )
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return {"seconds": seconds, "cpu_s": cpu, "rss_mb": peak_rss_mb(), "orders": result.inserted}


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    runners = {"app": run_app, "raw": lambda n: run_raw(int(n)), "ledger": run_ledger}
    out = run_import(*args) if mode == "import" else runners[mode](*args)
    print(json.dumps(out), flush=True)
