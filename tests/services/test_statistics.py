"""统计报表 through the service: the month report and its groupings, who may see and export
it, the workbook file written whole or not at all, and register views exported."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from propdesk.domain.enums import Kind, Role, Status
from propdesk.domain.errors import PermissionDenied, UserError
from propdesk.domain.filters import OrderFilter, Sort
from propdesk.domain.kpi import Ratio, ResolveCounts
from propdesk.services.statistics import ExportCancelled, StatisticsService
from tests.factories import make_user
from tests.stats_data import DEC, NOV, NOW


@pytest.fixture
def svc(month_db):
    return month_db.svc


@pytest.fixture
def stats(svc):
    return StatisticsService(svc.ctx)


@pytest.fixture
def system(svc):
    return svc.auth.system_user()


def test_month_report_groups(svc, stats, system):
    r = stats.month(NOV, system).report
    assert r.title == "2026年11月" and r.as_of == NOW
    assert (r.start, r.end, r.open_cutoff) == (
        datetime(2026, 11, 1),
        datetime(2026, 12, 1),
        datetime(2026, 12, 1),
    )
    assert r.previous.received == 1  # the order of Oct 31 23:59:59
    roots = {g.name: g.figures for g in r.by_root}
    # 水: on_time late urgent×2 appointment cancelled rework×2 formula pending = 10
    assert roots["水"].received == 10 and roots["水"].cancelled == 1
    assert list(roots)[:2] == ["水", "电"]  # in the category tree's order
    assert sum(g.figures.received for g in r.by_root) == r.figures.received
    assert sum(g.figures.received for g in r.by_category) == r.figures.received
    assert sum(g.figures.received for g in r.by_department) == r.figures.received
    techs = {g.name: g for g in r.technicians}
    assert set(techs) == {"李师傅", "王师傅"}
    assert techs["王师傅"].department == "工程部"
    # 王师傅: late (1 min late) and the redispatched lock (on time) on their latest dispatch
    assert techs["王师傅"].figures.valid == 2 and techs["王师傅"].figures.timely == Ratio(1, 2)
    total = ResolveCounts()
    for line in r.zero_repair:
        total = total + line.counts
    assert total.ratio == r.figures.zero_repair
    assert len(r.daily) == 30 and sum(d[1] + d[2] for d in r.daily) == 16


def test_current_month_is_cut_at_now(stats, system):
    r = stats.month(DEC, system).report
    assert r.open_cutoff == NOW and r.figures.received == 3
    assert r.previous.received == 16


def test_who_may_see_and_export(svc, stats):
    for role in (Role.SUPERVISOR, Role.FINANCE, Role.MANAGER, Role.ADMIN):
        stats.month(NOV, make_user(svc, role))
    for role in (Role.RECEPTIONIST, Role.TECHNICIAN):
        user = make_user(svc, role)
        with pytest.raises(PermissionDenied):
            stats.month(NOV, user)
        with pytest.raises(PermissionDenied):
            stats.month_workbook(NOV, user)
    with pytest.raises(PermissionDenied):
        stats.export_orders(OrderFilter(), make_user(svc, Role.TECHNICIAN, "tech2"), io.BytesIO())


def test_export_to_a_file_is_whole_or_absent(stats, system, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "2026年11月统计.xlsx"
    seen = []
    result = stats.export_month(NOV, system, target, progress=lambda d, t: seen.append((d, t)))
    assert result.path == target and result.orders == 16
    assert target.exists() and not (folder / "2026年11月统计.xlsx.part").exists()
    total = 4 + 3 + 16  # paid + open + detail
    assert seen[-1] == (total, total) and all(t == total for _d, t in seen)
    load_workbook(target)

    def cancel(done, total):
        raise ExportCancelled()

    with pytest.raises(ExportCancelled):
        stats.export_month(NOV, system, folder / "cancelled.xlsx", progress=cancel)
    assert list(folder.iterdir()) == [target]
    with pytest.raises(UserError) as info:
        stats.export_month(NOV, system, folder / "no such folder" / "x.xlsx")
    assert info.value.field == "保存位置"


def test_register_view_export_follows_filter_and_sort(svc, stats, system, month_db):
    f = OrderFilter(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30), kind=Kind.REPAIR)
    buf = io.BytesIO()
    result = stats.export_orders(f, system, buf, sort=Sort("received_at", descending=False))
    book = load_workbook(io.BytesIO(buf.getvalue()))
    assert book.sheetnames == ["工单", "说明"]
    rows = list(book["工单"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == result.orders == svc.registers.count(f) == 15  # all but the complaint
    received = [r[4] for r in rows]
    assert received == sorted(received)
    assert {r[2] for r in rows} == {"报修"}
    notes = {r[0]: r[1] for r in book["说明"].iter_rows(min_row=2, values_only=True)}
    assert notes["筛选条件"] == "受理日期 2026-11-01 至 2026-11-30；类型 报修"
    assert notes["工单数"] == 15  # a number, not text
    with pytest.raises(UserError):
        stats.export_orders(
            OrderFilter(statuses=(Status.CANCELLED,), search="无此工单"), system, io.BytesIO()
        )
