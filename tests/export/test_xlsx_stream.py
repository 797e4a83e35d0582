"""Rows streamed into an openpyxl-written package read back as the values written: text
(escaped, control characters dropped, spaces kept, never a formula), numbers, Decimals,
dates and times with their column's style."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from propdesk.export.sheets import STYLES, header_row
from propdesk.export.xlsx_stream import Body, inject


def roundtrip(rows, kinds, footer=None):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("表")
    header_row(ws, [f"列{i}" for i in range(len(kinds))])
    styles = [STYLES.body(k).style_id(ws) for k in kinds]
    package = io.BytesIO()
    wb.save(package)
    out = io.BytesIO()
    ticks = []
    body = Body("表", 2, styles, rows, footer=footer, on_rows=ticks.append)
    inject(package.getvalue(), out, [body])
    return load_workbook(io.BytesIO(out.getvalue()))["表"], body, ticks


def test_values_come_back_as_written():
    when = datetime(2026, 11, 20, 9, 30, 15)
    rows = [
        ["a&b<c>", 42, Decimal("45.50"), when, date(2026, 11, 1), None, True],
        ["=SUM(A1)", -1, Decimal("0.875"), None, None, "", False],
        ["  两端空格  ", 0, None, datetime(2027, 1, 1), None, "ctl\x01\x1fx", "@x"],
    ]
    kinds = ["text", "int", "yuan", "datetime", "date", "text", "text"]
    ws, body, ticks = roundtrip(rows, kinds)
    got = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert got[0] == ["a&b<c>", 42, 45.5, when, datetime(2026, 11, 1), None, "是"]
    assert got[1] == ["=SUM(A1)", -1, 0.875, None, None, None, "否"]
    assert got[2] == ["  两端空格  ", 0, None, datetime(2027, 1, 1), None, "ctlx", "@x"]
    assert ws["A3"].data_type == "s" and ws["G4"].data_type == "s"
    assert ws["D2"].number_format == "yyyy-mm-dd hh:mm" and ws["C2"].number_format == "#,##0.00"
    assert body.written == 3 and ticks == [3]


def test_footer_follows_the_rows_and_sees_their_totals():
    seen = []

    def rows():
        for i in range(1, 1201):
            seen.append(i)
            yield [f"第{i}行", i]

    ws, body, ticks = roundtrip(rows(), ["text", "int"], footer=lambda: [["合计", sum(seen)]])
    assert ws.max_row == 1 + 1200 + 1
    assert [c.value for c in ws[1202]] == ["合计", sum(range(1, 1201))]
    assert ticks == [500, 1000, 1200]


def test_unknown_sheet_is_refused():
    wb = Workbook(write_only=True)
    wb.create_sheet("表")
    package = io.BytesIO()
    wb.save(package)
    with pytest.raises(KeyError):
        inject(package.getvalue(), io.BytesIO(), [Body("无此表", 1, [0], [])])
