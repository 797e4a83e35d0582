"""The monthly workbook read back with openpyxl: sheets, headers, KPI cells equal to the
domain's figures, row counts equal to SQL counts, charts, layout, and no formula anywhere —
least of all from user text that starts with = + - @."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from propdesk.db import stats_query
from propdesk.domain.enums import Role
from propdesk.domain.kpi import KPI_LINES, month_bounds
from propdesk.export.cells import display_width
from propdesk.export.columns import detail_columns, open_columns, paid_columns
from propdesk.export.month_workbook import SHEETS, kpi_cell
from propdesk.services.statistics import StatisticsService
from tests.factories import make_user
from tests.stats_data import FORMULA_TEXTS, NOV, NOW


@pytest.fixture
def svc(month_db):
    return month_db.svc


@pytest.fixture
def stats(svc):
    return StatisticsService(svc.ctx)


@pytest.fixture
def book(svc, stats):
    data = stats.month_workbook(NOV, svc.auth.system_user())
    return load_workbook(io.BytesIO(data))


def cells_equal(cell, expected) -> bool:
    if isinstance(expected, Decimal):
        return cell is not None and abs(Decimal(str(cell)) - expected) < Decimal("1e-9")
    return cell == expected


def test_sheets_and_header_rows(book):
    assert book.sheetnames == list(SHEETS)
    assert [c.value for c in book["明细"][1]] == [c.header for c in detail_columns()]
    assert [c.value for c in book["有偿服务登记表"][3]] == [c.header for c in paid_columns()]
    assert [c.value for c in book["未完成工单"][3]] == [c.header for c in open_columns()]
    assert [c.value for c in book["汇总"][4]] == ["指标", "本月", "上月", "本月计数", "口径"]
    assert book["维修人员工作量"]["A3"].value == "维修人员"
    assert book["零修及时率统计表"]["A3"].value == "类别"
    assert book["汇总"]["A1"].value.endswith("2026年11月报事报修统计汇总")


def test_kpi_cells_equal_the_domain_figures(svc, stats, book):
    data = stats.month(NOV, svc.auth.system_user())
    ws = book["汇总"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=5, max_row=4 + len(KPI_LINES))}
    assert len(rows) == len(KPI_LINES)
    for line in KPI_LINES:
        row = rows[line.label]
        this, last = kpi_cell(line, data.report.figures), kpi_cell(line, data.report.previous)
        assert cells_equal(row[1].value, this), (line.label, row[1].value, this)
        assert cells_equal(row[2].value, last), (line.label, row[2].value, last)
        assert row[3].value == (line.counts(data.report.figures) or None)
    # a few by hand: 16 received, 及时率 9/12, October had 1 order
    assert rows["受理总数"][1].value == 16 and rows["受理总数"][2].value == 1
    assert rows["及时率"][1].value == pytest.approx(0.75)
    assert rows["及时率"][1].number_format == "0.0%"
    assert rows["已收（元）"][1].value == pytest.approx(75.5)
    assert rows["已收（元）"][1].number_format == "#,##0.00"
    assert rows["平均响应时长（分钟）"][1].number_format == "0.0"


def test_row_counts_equal_sql_counts(svc, book):
    db = svc.ctx.db
    start, end = month_bounds(NOV)
    detail = book["明细"]
    assert detail.max_row - 1 == stats_query.month_count(db, start, end) == 16
    paid = book["有偿服务登记表"]
    data_rows = [r for r in paid.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    assert len(data_rows) == stats_query.paid_count(db, start, end) == 4
    total = [r for r in paid.iter_rows(min_row=4, values_only=True) if r[1] == "合计"]
    assert total and total[0][12] == pytest.approx(75.5 + 20 + 60 + 25)
    open_ = book["未完成工单"]
    assert open_.max_row - 3 == stats_query.open_count(db, min(NOW, end)) == 3


def test_daily_table_and_charts(book):
    ws = book["汇总"]
    first = 4 + len(KPI_LINES) + 4
    assert ws.cell(first - 1, 1).value == "日期"
    days = [ws.cell(first + i, 1).value for i in range(30)]
    assert days[0] == "11月1日" and days[-1] == "11月30日"
    assert sum(ws.cell(first + i, 4).value for i in range(30)) == 16
    assert len(ws._charts) == 1
    assert len(book["分类统计"]._charts) == 1
    assert len(book["维修人员工作量"]._charts) == 1


def test_no_formula_anywhere_and_user_text_kept_as_text(book):
    formulas = [
        (ws.title, c.coordinate)
        for ws in book
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    assert formulas == []
    texts = {c.value for row in book["明细"].iter_rows() for c in row if isinstance(c.value, str)}
    assert "=SUM(A1) 厨房漏水" in texts  # description
    assert "@x" in texts  # caller
    assert "-1" in texts  # caller of the common-area order
    assert "+86 3号楼大堂" in texts  # location
    assert '=HYPERLINK("x")更换灯泡' in texts  # work done
    assert "+8613800138000 阳台漏水" in texts
    assert "-2 业主已自行修好" in texts  # cancel reason
    assert all(any(t.startswith(f) for t in texts) for f in FORMULA_TEXTS)


def test_layout_frozen_widths_formats_and_print_setup(book):
    for ws in book:
        assert ws.freeze_panes is not None
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows
        # the page footer (第 N 页) sits inside the bottom margin, with room to spare
        assert ws.page_margins.footer + 0.3 <= ws.page_margins.bottom
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    for name in ("汇总", "分类统计", "维修人员工作量", "零修及时率统计表", "未完成工单"):
        assert book[name].page_setup.fitToWidth == 1, name
    # 41 columns of 明细 print three A4 pages across at a legible size, 编号 on every page
    detail = book["明细"]
    assert detail.page_setup.fitToWidth == 3 and detail.print_title_cols == "$A:$A"
    paid = book["有偿服务登记表"]
    assert paid.page_setup.fitToWidth == 2 and paid.print_title_cols == "$A:$B"
    detail = book["明细"]
    assert detail.freeze_panes == "B2" and detail.print_title_rows == "$1:$1"
    for i, col in enumerate(detail_columns(), start=1):
        letter = detail.cell(1, i).column_letter
        assert detail.column_dimensions[letter].width >= display_width(col.header) + 2
    row2 = {c.value: i for i, c in enumerate(detail[1])}
    cells = detail[2]
    assert cells[row2["受理时间"]].number_format == "yyyy-mm-dd hh:mm"
    assert cells[row2["人工费"]].number_format == "#,##0.00"
    assert book["分类统计"]["F5"].number_format == "0.0%"


def test_phones_masked_without_export_right(svc, stats):
    supervisor = make_user(svc, Role.SUPERVISOR)
    book = load_workbook(io.BytesIO(stats.month_workbook(NOV, supervisor)))
    phones = [r[8] for r in book["明细"].iter_rows(min_row=2, values_only=True)]
    assert "13800138000" not in phones and "138****8000" in phones
    manager = make_user(svc, Role.MANAGER)
    book = load_workbook(io.BytesIO(stats.month_workbook(NOV, manager)))
    phones = [r[8] for r in book["明细"].iter_rows(min_row=2, values_only=True)]
    assert "13800138000" in phones


def test_every_sheet_states_its_used_range(svc, stats):
    """Each sheet carries a ``<dimension>`` equal to the range its cells use, so a reader
    that trusts it (openpyxl in read-only mode) sees every row."""
    data = stats.month_workbook(NOV, svc.auth.system_user())
    full = load_workbook(io.BytesIO(data))
    fast = load_workbook(io.BytesIO(data), read_only=True)
    for name in full.sheetnames:
        ws = full[name]
        used = f"A1:{ws.cell(ws.max_row, ws.max_column).coordinate}"
        assert fast[name].calculate_dimension() == used, name
        assert fast[name].max_row == ws.max_row > 1, name
    detail = fast["明细"]
    assert detail.max_row == 1 + stats_query.month_count(svc.ctx.db, *month_bounds(NOV))
    assert detail.max_column == len(detail_columns())
