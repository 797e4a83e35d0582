"""The workbooks in a real spreadsheet program: LibreOffice Calc (headless) opens the month
workbook and a register export, saves them again, and every cell comes back with the same
value; its PDF of the month workbook has the page footer on every page. Wrapped text gets
rows tall enough, and 说明's 工单数 is a number. Skipped without LibreOffice unless real parts
are required."""

from __future__ import annotations

import io
import subprocess
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from propdesk.domain.filters import OrderFilter
from propdesk.services.statistics import StatisticsService
from tests.real_parts import need_program
from tests.stats_data import NOV


@pytest.fixture
def svc(month_db):  # type: ignore[no-untyped-def]
    return month_db.svc


@pytest.fixture
def stats(svc):  # type: ignore[no-untyped-def]
    return StatisticsService(svc.ctx)


def soffice(source: Path, fmt: str) -> Path:
    """``source`` converted by LibreOffice to ``fmt`` (xlsx: opened and saved again)."""
    out = source.parent / f"lo-{fmt}"
    profile = source.parent / "lo-profile"  # its own profile: no clash with another soffice
    subprocess.run(
        [
            need_program("soffice"),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return out / f"{source.stem}.{fmt}"


def normal(value: Any) -> Any:
    """A cell value as both programs must agree on it."""
    if value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return round(float(value), 6)
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    return value


def values(path: Path) -> dict[str, list[list[Any]]]:
    book = load_workbook(path, data_only=True)
    sheets = {}
    for ws in book:
        rows = [[normal(c) for c in row] for row in ws.iter_rows(values_only=True)]
        while rows and all(c is None for c in rows[-1]):
            rows.pop()
        sheets[ws.title] = [
            r[: max((i + 1 for i, c in enumerate(r) if c is not None), default=0)] for r in rows
        ]
    return sheets


def test_month_workbook_comes_back_from_libreoffice_with_the_same_values(svc, stats, tmp_path):
    need_program("soffice")
    source = tmp_path / "month.xlsx"
    source.write_bytes(stats.month_workbook(NOV, svc.auth.system_user()))
    again = soffice(source, "xlsx")
    ours, theirs = values(source), values(again)
    assert list(theirs) == list(ours)
    for name in ours:
        assert theirs[name] == ours[name], name


def test_register_export_comes_back_with_the_same_values(svc, stats, tmp_path):
    need_program("soffice")
    source = tmp_path / "orders.xlsx"
    stats.export_orders(OrderFilter(), svc.auth.system_user(), source)
    book = load_workbook(source)
    count = book["说明"]["B4"].value
    assert isinstance(count, int) and count == book["工单"].max_row - 1  # a number
    again = soffice(source, "xlsx")
    assert values(again) == values(source)


def test_libreoffice_prints_the_footer_on_every_page(svc, stats, tmp_path):
    need_program("soffice")
    need_program("pdftotext")
    source = tmp_path / "month.xlsx"
    source.write_bytes(stats.month_workbook(NOV, svc.auth.system_user()))
    pdf = soffice(source, "pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) > 8  # 明细 and 有偿服务登记表 spread over pages side by side
    for n, page in enumerate(pages, start=1):
        assert f"第 {n} 页，共 {len(pages)} 页" in page.replace("\u3000", " "), n


def test_wrapped_text_rows_are_tall_enough(svc, stats):
    book = load_workbook(io.BytesIO(stats.month_workbook(NOV, svc.auth.system_user())))
    summary = book["汇总"]
    notes = {row[0].value: row[4] for row in summary.iter_rows(min_row=5, max_row=40)}
    timely = next(cell for label, cell in notes.items() if label == "及时率")
    assert timely.alignment.wrap_text
    assert summary.row_dimensions[timely.row].height >= 27  # two lines or more
    detail = book["明细"]
    header = {c.value: c.column_letter for c in detail[1]}
    for row in range(2, detail.max_row + 1):
        text = detail[f"{header['问题描述']}{row}"].value or ""
        if len(text) > 20:  # wider than its column: wrapped over two lines or more
            assert detail[f"{header['问题描述']}{row}"].alignment.wrap_text
            assert detail.row_dimensions[row].height >= 27, (row, text)
