"""The order's free 备注 is a column of the register export (the 明细 columns), and a
register search for it finds the order (issue 11, item 9)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from propdesk.domain.filters import OrderFilter
from propdesk.services.statistics import StatisticsService
from tests.factories import register


def test_the_remark_is_exported_and_found_by_search(services):
    noted = register(services, remark="业主行动不便，上门前先电话")
    register(services, remark="")
    buf = io.BytesIO()
    stats = StatisticsService(services.ctx)
    result = stats.export_orders(OrderFilter(search="行动不便"), services.auth.system_user(), buf)
    assert result.orders == 1
    sheet = load_workbook(io.BytesIO(buf.getvalue()))["工单"]
    rows = list(sheet.iter_rows(values_only=True))
    header, (row,) = rows[0], rows[1:]
    values = dict(zip(header, row, strict=True))
    assert values["编号"] == noted.number
    assert values["备注"] == "业主行动不便，上门前先电话"
