"""Slip PDF, month workbook and the demo command, each beside the raw library."""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from propdesk.services import Services

from .dataset import DATA_DIR, DENSE_MONTHS, DENSE_ORDERS, ORDERS, ensure, run_demo
from .measure import Result, Table, median, median_ms

SLIP_COPIES = 4


def _texts(value: Any) -> Iterator[str]:
    """Every string in a slip's content (cells, hints, checkbox labels, titles)."""
    if isinstance(value, str):
        if value:
            yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item)


def slip(svc: Services, order_id: int, table: Table, runs: int) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from propdesk.print import slip as slip_mod
    from propdesk.print.paper import sheet_for
    from propdesk.resources_path import CJK_FONT_FILE, resource

    order = svc.registers.order(order_id)
    settings = svc.reference.settings()
    app = median_ms(lambda: slip_mod.render_slip(order, settings, copies=SLIP_COPIES), runs)

    sheet = sheet_for(settings.paper_mode)
    pages = slip_mod.page_count(settings.paper_mode, SLIP_COPIES)
    texts = list(_texts(slip_mod.slip_content(order, settings)))
    if "BenchCJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BenchCJK", str(resource(*CJK_FONT_FILE)), subfontIndex=0))
    width, height = sheet.size

    def raw() -> bytes:
        buf = io.BytesIO()
        c = Canvas(
            buf,
            pagesize=sheet.size,
            invariant=1,
            pageCompression=1,
            initialFontName="BenchCJK",
            initialFontSize=9,
        )
        per_page = SLIP_COPIES // pages
        for _page in range(pages):
            for slot in range(per_page):
                top = height - 20 - slot * (height / per_page)
                y = top
                for i, text in enumerate(texts):
                    c.drawString(30 + (i % 3) * (width - 60) / 3, y, text[:40])
                    if i % 3 == 2:
                        c.line(28, y - 3, width - 28, y - 3)
                        y -= 13
            c.showPage()
        c.save()
        return buf.getvalue()

    base = median_ms(raw, runs)
    table.add(
        Result(
            f"slip PDF, {SLIP_COPIES} copies ({settings.paper_mode.label}, {pages} pages)",
            app,
            base,
            "ms",
            baseline_name="raw ReportLab canvas, same embedded font, the slip's texts and "
            "ruled lines on the same pages",
            target="≤2×",
            met=app <= 2 * base,
        )
    )


def largest_month(con: sqlite3.Connection) -> tuple[str, int]:
    month, n = con.execute(
        "SELECT substr(received_at, 1, 7), COUNT(*) FROM work_order GROUP BY 1 "
        "ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    return str(month), int(n)


def month_export(db: Path, con: sqlite3.Connection, table: Table, runs: int) -> None:
    month, n = largest_month(con)
    if importlib.util.find_spec("propdesk.services.statistics") is None:
        table.add(
            Result(
                f"month workbook, largest month ({month}, {n} orders)",
                None,
                None,
                "s",
                target="≤3 s, ≤150 MB",
                note="not measured: the statistics export (propdesk/services/statistics.py) "
                "does not exist yet",
            )
        )
        return
    from .cases_export import month_workbook

    month_workbook(db, month, "largest month of the 200k", table, runs)
    dense = ensure(orders=DENSE_ORDERS, months=DENSE_MONTHS)
    dcon = sqlite3.connect(dense)
    try:
        dense_month, _n = largest_month(dcon)
    finally:
        dcon.close()
    month_workbook(dense, dense_month, "a month of the denser demo", table, runs)


def demo(table: Table, runs: int) -> None:
    target = DATA_DIR / "demo-run.db"
    seconds = [run_demo(target) for _ in range(runs)]
    app = median(seconds)
    base = _raw_load_seconds(target)
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    table.add(
        Result(
            f"propdesk demo --orders {ORDERS}",
            app,
            base,
            "s",
            baseline_name="sqlite3: executemany of the same 200k work_order rows (no indexes, "
            "journal off) — the floor of writing them",
            note="the demo's time is the whole command (process start to exit); its speed is "
            "no goal, it must build",
        )
    )


def _raw_load_seconds(source: Path) -> float:
    src = sqlite3.connect(source)
    cur = src.execute("SELECT * FROM work_order ORDER BY id")
    cols = [d[0] for d in cur.description]
    rows = cur.fetchall()
    schema = src.execute(
        "SELECT sql FROM sqlite_master WHERE type='table' AND name='work_order'"
    ).fetchone()[0]
    src.close()
    target = source.with_name("raw-load.db")
    target.unlink(missing_ok=True)
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute(schema)
    marks = ",".join("?" * len(cols))
    t0 = time.perf_counter()
    con.execute("BEGIN")
    con.executemany(f"INSERT INTO work_order VALUES ({marks})", rows)
    con.execute("COMMIT")
    seconds = time.perf_counter() - t0
    con.close()
    target.unlink(missing_ok=True)
    return seconds
