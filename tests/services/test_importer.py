"""Excel import of past orders and of the 房屋台账: the round trip through the monthly
workbook, files with bad rows importing nothing, unknown references, the status the times
imply, numbering, and units in the forms ledgers come in."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from propdesk.db.models import use_database
from propdesk.domain.enums import Role, Status
from propdesk.domain.errors import PermissionDenied, UserError
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.domain.kpi import KPI_BY_KEY
from propdesk.services.importer import ImportRejected, ImportService, unit_code
from propdesk.services.statistics import StatisticsService
from tests.factories import (
    FakeClock,
    audit_rows,
    db_dump,
    make_services,
    make_user,
    order_input,
    register,
    table_counts,
)
from tests.stats_data import NOV, NOW

HEADER = [
    "编号",
    "类型",
    "受理时间",
    "来源",
    "报修人",
    "联系电话",
    "房号",
    "公区位置",
    "类别",
    "问题描述",
    "紧急程度",
    "派工时间",
    "维修人员",
    "到达时间",
    "完成时间",
    "回单时间",
    "回访时间",
    "回访方式",
    "评价",
    "人工费",
    "收费状态",
]


def xlsx(header: list[str], rows: list[list[Any]], title_rows: int = 0) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    for i in range(title_rows):
        ws.append([f"标题行{i + 1}"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "工单台账.xlsx"  # type: ignore[attr-defined]
    return buf


def row(**values: Any) -> list[Any]:
    base: dict[str, Any] = {
        "受理时间": "2026-11-02 09:00",
        "报修人": "张三",
        "联系电话": "13800138000",
        "房号": "1-1-101",
        "类别": "水/水龙头",
        "问题描述": "水龙头漏水",
    }
    base.update(values)
    return [base.get(h) for h in HEADER]


@pytest.fixture
def fresh(tmp_path):
    svc = make_services(tmp_path / "fresh.db", FakeClock(NOW))
    yield svc
    svc.ctx.db.close()


@pytest.fixture
def importer(fresh):
    return ImportService(fresh.ctx)


@pytest.fixture
def system(fresh):
    return fresh.auth.system_user()


# --- the round trip ------------------------------------------------------------------------


#: 汇总 lines computed from the follow-up log (not part of an imported 明细).
FOLLOW_UP_KPIS = {KPI_BY_KEY["follow_up"].label, KPI_BY_KEY["complaint_contact"].label}


def values(book, sheet: str, first_row: int, cols: slice = slice(None)) -> list[tuple]:
    return [tuple(r[cols]) for r in book[sheet].iter_rows(min_row=first_row, values_only=True)]


def test_month_detail_round_trip_gives_the_same_figures(month_db, fresh, importer, system):
    first = StatisticsService(month_db.svc.ctx).month_workbook(NOV, month_db.svc.auth.system_user())
    result = importer.import_orders(io.BytesIO(first), system)
    assert result.inserted == 16
    second = StatisticsService(fresh.ctx).month_workbook(NOV, system)
    a, b = load_workbook(io.BytesIO(first)), load_workbook(io.BytesIO(second))

    # 汇总: this month's figures and their counts (last month was not imported); the
    # follow-up KPIs come from the follow-up log, which 明细 does not carry
    def summary(book):  # type: ignore[no-untyped-def]
        return [r for r in values(book, "汇总", 5) if r[0] not in FOLLOW_UP_KPIS]

    assert [r[0:2] for r in summary(a)] == [r[0:2] for r in summary(b)]
    assert [r[3:4] for r in summary(a)] == [r[3:4] for r in summary(b)]
    for sheet in ("分类统计", "维修人员工作量", "零修及时率统计表"):
        assert values(a, sheet, 3) == values(b, sheet, 3), sheet
    assert values(a, "有偿服务登记表", 4, slice(10, 15)) == values(
        b, "有偿服务登记表", 4, slice(10, 15)
    )
    # 明细: every column but 未完成原因 (an earlier visit's reason, kept in the dispatch note)
    reason = [c.value for c in a["明细"][1]].index("未完成原因")
    strip = lambda rows: [r[:reason] + r[reason + 1 :] for r in rows]  # noqa: E731
    assert strip(values(a, "明细", 1)) == strip(values(b, "明细", 1))


def test_imported_orders_have_timelines_dispatches_and_audit(month_db, fresh, importer, system):
    first = StatisticsService(month_db.svc.ctx).month_workbook(NOV, month_db.svc.auth.system_user())
    before = len(audit_rows(fresh))
    importer.import_orders(io.BytesIO(first), system)
    closed = fresh.registers.by_number(month_db.month["late"])
    assert closed.status is Status.CLOSED
    assert [e.action for e in closed.events] == [
        "register",
        "dispatch",
        "arrive",
        "complete",
        "return_slip",
        "visit",
    ]
    assert closed.dispatches[0].staff_names == ("王师傅",)
    assert closed.visits[0].opinion == "师傅来晚了"
    rows = audit_rows(fresh)[before:]
    assert sum(r["entity"] == "order" and r["field"] == "number" for r in rows) == 16
    assert rows[-1]["entity"] == "import" and "工单" in rows[-1]["new_value"]


def test_export_orders_round_trip_brings_every_order_back(month_db, fresh, importer, system):
    """``export-orders`` (no filter: open orders too) then ``import-orders`` into a new
    database: every order comes back with its status, times and place — an appointment
    still ahead included (only times of things that happened may not lie in the future)."""
    src, user = month_db.svc, month_db.svc.auth.system_user()
    use_database(src.ctx.db)  # the models follow the database a test works on
    ahead = register(src, appointment_at=NOW + timedelta(days=1, hours=2))
    buf = io.BytesIO()
    StatisticsService(src.ctx).export_orders(OrderFilter(), user, buf)
    numbers = [r.number for r in src.registers.page(OrderFilter(), Sort(), PageRequest(500))[0]]
    originals = {n: src.registers.by_number(n) for n in numbers}
    buf.seek(0)
    buf.name = "工单导出.xlsx"  # type: ignore[attr-defined]
    use_database(fresh.ctx.db)
    assert importer.import_orders(buf, system).inserted == len(numbers) > 16

    def shape(o: Any) -> tuple[Any, ...]:
        # a visit before the latest completion (it reopened the order) is not exported
        done, visit = o.completed_at, o.visited_at
        current_visit = visit if visit and done and visit >= done else None
        return (o.status, o.received_at, o.appointment_at, done, current_visit, o.place)

    for number, a in originals.items():
        assert shape(fresh.registers.by_number(number)) == shape(a), number
    assert fresh.registers.by_number(ahead.number).appointment_at == ahead.appointment_at


# --- bad files -----------------------------------------------------------------------------


def test_a_file_with_bad_rows_imports_nothing_and_names_each(fresh, importer, system):
    rows = [
        row(编号="2026000101"),
        row(受理时间="昨天上午"),
        row(类别="水/不存在的类别"),
        row(
            派工时间="2026-11-02 09:05",
            维修人员="李师傅",
            到达时间="2026-11-02 09:20",
            完成时间="2026-11-02 09:10",
        ),
        row(派工时间="2026-11-02 09:05", 维修人员="无名氏"),
        row(房号="9-9-999"),
        row(
            派工时间="2026-11-02 09:05",
            维修人员="李师傅",
            到达时间="2026-11-02 09:20",
            完成时间="2026-11-02 10:00",
            回访时间="2026-11-02 12:00",
            评价="很好",
        ),
        row(编号="2026000101"),
        row(报修人=None, 联系电话=None),
        row(受理时间="2026-12-06 09:00"),  # after NOW
        row(人工费="三十元"),
    ]
    before = db_dump(fresh)
    with pytest.raises(ImportRejected) as info:
        importer.import_orders(xlsx(HEADER, rows), system)
    got = {(p.row, p.column) for p in info.value.problems}
    assert got == {
        (3, "受理时间"),
        (4, "类别"),
        (5, "完成时间"),
        (6, "维修人员"),
        (7, "房号"),
        (8, "评价"),
        (9, "编号"),
        (10, "报修人"),
        (10, "联系电话"),
        (11, "受理时间"),
        (12, "人工费"),
    }
    by_cell = {(p.row, p.column): p.message for p in info.value.problems}
    assert "不存在" in by_cell[(4, "类别")] and "与第2行重复" in by_cell[(9, "编号")]
    assert "不能早于到达时间" in by_cell[(5, "完成时间")]
    assert "第3行【受理时间】" in info.value.message and "未导入任何数据" in info.value.message
    assert db_dump(fresh) == before


def test_missing_columns_are_named(importer, system):
    header = [h for h in HEADER if h not in ("类别", "联系电话")]
    with pytest.raises(ImportRejected) as info:
        importer.import_orders(xlsx(header, [[None] * len(header)]), system)
    assert {(p.row, p.column) for p in info.value.problems} == {(1, "联系电话"), (1, "类别")}


def test_not_a_table_or_not_excel(importer, system):
    with pytest.raises(UserError, match="没有找到表头"):
        importer.import_orders(xlsx(["甲", "乙"], [["1", "2"]]), system)
    with pytest.raises(UserError, match="无法读取"):
        importer.import_orders(io.BytesIO(b"not a workbook"), system)


def test_only_who_manages_base_data_imports(fresh, importer):
    with pytest.raises(PermissionDenied):
        importer.import_orders(xlsx(HEADER, [row()]), make_user(fresh, Role.RECEPTIONIST))


# --- unknown references ---------------------------------------------------------------------


def test_unknown_staff_categories_and_units_created_when_asked(fresh, importer, system):
    rows = [
        row(
            类型="报修",
            类别="水/热水器",
            房号="8-1-801",
            派工时间="2026-11-02 09:05",
            维修人员="新师傅、李师傅",
            到达时间="2026-11-02 09:15",
        ),
        row(类型="投诉", 类别="物业费", 房号=None, 公区位置="北门", 问题描述="收费窗口排队太久"),
    ]
    plan = importer.plan_orders(xlsx(HEADER, rows), system, create_missing=True)
    assert plan.problems == ()
    assert (plan.missing_staff, plan.missing_units) == (("新师傅",), ("8-1-801",))
    assert set(plan.missing_categories) == {"水/热水器", "物业费"}
    counts = table_counts(fresh)
    result = importer.import_orders(xlsx(HEADER, rows), system, create_missing=True)
    assert result.inserted == 2 and result.changes.staff and result.changes.units
    assert "已新建维修人员 1 个：新师傅" in result.summary
    heater = fresh.reference.category_by_text("水/热水器")
    assert heater.default_department_id is not None  # from 水
    fee = fresh.reference.category_by_text("物业费")
    assert fee.parent_id is None and fee.kind.label == "报事"
    unit = fresh.reference.unit_by_code("8-1-801")
    assert unit is not None and (unit.building, unit.entrance, unit.room) == ("8", "1", "801")
    order = fresh.registers.by_number(
        fresh.registers.rows(sorted(result.changes.order_ids))[0].number
    )
    assert order.status is Status.IN_PROGRESS
    assert order.dispatches[0].staff_names == ("李师傅", "新师傅") or order.dispatches[
        0
    ].staff_names == ("新师傅", "李师傅")
    assert table_counts(fresh)["staff"] == counts["staff"] + 1
    created = {(r["entity"], r["new_value"]) for r in audit_rows(fresh, "staff")}
    assert ("staff", "新师傅") in created


# --- what the times imply --------------------------------------------------------------------

D, A, C = "2026-11-02 09:05", "2026-11-02 09:15", "2026-11-02 10:00"


@pytest.mark.parametrize(
    ("cells", "status"),
    [
        ({}, Status.PENDING),
        ({"派工时间": D, "维修人员": "李师傅"}, Status.DISPATCHED),
        ({"派工时间": D, "维修人员": "李师傅", "到达时间": A}, Status.IN_PROGRESS),
        ({"派工时间": D, "维修人员": "李师傅", "到达时间": A, "完成时间": C}, Status.COMPLETED),
        (
            {
                "派工时间": D,
                "维修人员": "李师傅",
                "到达时间": A,
                "完成时间": C,
                "回单时间": "2026-11-02 12:00",
            },
            Status.TO_VISIT,
        ),
        (
            {
                "派工时间": D,
                "维修人员": "李师傅",
                "到达时间": A,
                "完成时间": C,
                "回访时间": "2026-11-03 09:00",
                "评价": "满意",
                "回访方式": "上门",
            },
            Status.CLOSED,
        ),
        (
            {
                "派工时间": D,
                "维修人员": "李师傅",
                "到达时间": A,
                "维修结果": "未完成",
                "未完成原因": "缺配件",
            },
            Status.DISPATCHED,
        ),
        ({"取消时间": "2026-11-02 09:30", "取消原因": "业主取消"}, Status.CANCELLED),
        ({"开发商保修": "是"}, Status.DEVELOPER),
        ({"开发商保修": "是", "完成时间": C}, Status.TO_VISIT),
    ],
)
def test_status_follows_the_times(fresh, importer, system, cells, status):
    header = [*HEADER, "维修结果", "未完成原因", "取消时间", "取消原因", "开发商保修"]
    base = dict(zip(HEADER, row(), strict=True))
    base.update(cells)
    importer.import_orders(xlsx(header, [[base.get(h) for h in header]]), system)
    order = fresh.registers.by_number("2026000001")
    assert order.status is status
    assert order.events[-1].to_status is status


def test_numbers_given_kept_others_follow_and_intake_continues(fresh, importer, system):
    first = fresh.intake.register(
        order_input(fresh, received_at=datetime(2026, 11, 1, 8)), system
    ).order
    assert first.number == "2026000001"
    rows = [row(编号="2026000050"), row(), row(受理时间="2025-12-31 23:00"), row()]
    importer.import_orders(xlsx(HEADER, rows), system)
    numbers = {o.number for o in fresh.registers.rows(list(range(1, 10)))}
    assert numbers == {"2026000001", "2026000050", "2026000051", "2026000052", "2025000001"}
    nxt = fresh.intake.register(order_input(fresh), system).order
    assert nxt.number == "2026000053"
    with pytest.raises(ImportRejected) as info:
        importer.import_orders(xlsx(HEADER, [row(编号="2026000050")]), system)
    assert "已存在" in info.value.problems[0].message


def test_headers_in_any_order_aliases_titles_and_excel_times(fresh, importer, system):
    header = [
        "照片",  # a column the import does not know (备注 it reads since issue 11)
        "问题描述",
        "报事人",
        "受理日期",
        "手机",
        "房间号",
        "分类",
        "派单时间",
        "维修工",
        "到场时间",
    ]
    rows = [
        [
            "x",
            "灯不亮",
            "李四",
            datetime(2026, 11, 3, 8, 30),
            13900139000,
            "1-1-102",
            "电/灯具",
            "2026/11/03 08:35",
            "王师傅",
            "2026年11月3日 08:50",
        ]
    ]
    plan = importer.plan_orders(xlsx(header, rows, title_rows=2), system)
    assert plan.problems == () and plan.header_row == 3 and plan.ignored == ("照片",)
    importer.import_orders(xlsx(header, rows, title_rows=2), system)
    o = fresh.registers.by_number("2026000001")
    assert (o.received_at, o.arrived_at) == (
        datetime(2026, 11, 3, 8, 30),
        datetime(2026, 11, 3, 8, 50),
    )
    assert o.phone == "13900139000" and o.category_name == "灯具"
    # arrival deadline from the rules: dispatched 08:35 + 15 min
    assert o.dispatches[0].arrive_due_at == datetime(2026, 11, 3, 8, 50)


# --- units -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("building", "entrance", "room", "code"),
    [
        ("3栋", "2单元", "1502", "3-2-1502"),
        ("3", "2", "1502室", "3-2-1502"),
        ("", "", "3-2-1502", "3-2-1502"),
        ("１２号楼", "", "０３０１", "12-0301"),
        ("", "", "商铺A1", "商铺A1"),
        ("5", "1", "5—1—2301", "5-1-2301"),
    ],
)
def test_unit_codes_from_ledger_forms(building, entrance, room, code):
    assert unit_code(building, entrance, room) == code


def test_units_import_adds_updates_and_audits(fresh, system):
    importer = ImportService(fresh.ctx)
    header = ["序号", "楼栋", "单元", "房号", "业主姓名", "联系电话", "备用电话", "备注", "面积"]
    rows = [
        [1, "3栋", "2单元", 1502, "王五（新业主）", "13700137001", None, None, 89.5],
        [2, "9", "1", "101", "钱七", "0571-88886666", "13600136000", "出租", 90],
        [3, None, None, "1-1-101", None, None, None, None, 70],
    ]
    plan = importer.plan_units(xlsx(header, rows, title_rows=1), system)
    assert plan.problems == () and plan.ignored == ("序号", "面积")
    assert (plan.new, plan.updated, plan.unchanged) == (1, 1, 1)
    result = importer.import_units(xlsx(header, rows, title_rows=1), system)
    assert (result.inserted, result.updated) == (1, 1) and result.changes.units
    changed = fresh.reference.unit_by_code("3-2-1502")
    assert (changed.owner_name, changed.phone) == ("王五（新业主）", "13700137001")
    kept = fresh.reference.unit_by_code("1-1-101")
    assert (kept.owner_name, kept.phone) == ("张三", "13800138000")  # blank cells keep
    new = fresh.reference.unit_by_code("9-1-101")
    assert (new.phone, new.phone2, new.note) == ("0571-88886666", "13600136000", "出租")
    audit = {
        (r["entity_id"], r["field"]): (r["old_value"], r["new_value"])
        for r in audit_rows(fresh, "unit")
        if "导入" in r["reason"]
    }
    assert audit[(changed.id, "owner_name")] == ("王五", "王五（新业主）")
    assert audit[(new.id, "code")] == (None, "9-1-101")


def test_units_file_with_bad_rows_imports_nothing(fresh, system):
    importer = ImportService(fresh.ctx)
    header = ["楼栋", "单元", "房号", "业主姓名"]
    rows = [
        ["3", "2", "1502", "甲"],
        ["3栋", "2单元", "1502室", "乙"],
        ["3", "2", None, "丙"],
        ["3", "2", "1" * 40, "丁"],
    ]
    before = db_dump(fresh)
    with pytest.raises(ImportRejected) as info:
        importer.import_units(xlsx(header, rows), system)
    assert [(p.row, p.column) for p in info.value.problems] == [
        (3, "房号"),
        (4, "房号"),
        (5, "房号"),
    ]
    assert "与第2行重复" in info.value.problems[0].message
    assert db_dump(fresh) == before


def test_a_consultation_answered_at_the_desk_imports_as_completed(fresh, importer, system):
    """A ledger row of a 报事 with a completion time and no dispatch time is a consultation
    answered at the desk (issue 11): it imports, waits for its visit, and counts as completed
    in the month's figures."""
    answered = row(
        类型="报事",
        类别="咨询",
        问题描述="物业费缴费方式",
        完成时间="2026-11-02 09:10",
        房号="1-1-102",
    )
    importer.import_orders(xlsx(HEADER, [answered]), system)
    order = fresh.registers.by_number("2026000001")
    assert order.status is Status.TO_VISIT and order.answered_at_desk
    assert order.completed_at == datetime(2026, 11, 2, 9, 10) and order.dispatches == ()
    assert [e.action for e in order.events] == ["register", "answer"]
    month = StatisticsService(fresh.ctx).month(NOV, system).report.figures
    assert (month.received, month.completed) == (1, 1)
    # a 报修 row completed without a dispatch is still refused
    with pytest.raises(ImportRejected) as info:
        importer.import_orders(xlsx(HEADER, [row(完成时间="2026-11-02 09:10")]), system)
    assert "须先填写派工时间" in info.value.problems[0].message


def test_a_channel_the_office_added_is_accepted(fresh, importer, system):
    rows = [row(编号="2026000201", 来源="传真"), row(编号="2026000202", 来源="电话")]
    with pytest.raises(ImportRejected) as info:  # not a channel of this office yet
        importer.import_orders(xlsx(HEADER, rows), system)
    assert info.value.problems[0].column == "来源"
    fresh.reference.update_settings(system, channels=("phone", "传真"))
    importer.import_orders(xlsx(HEADER, rows), system)
    assert fresh.registers.by_number("2026000201").channel == "传真"
    assert fresh.registers.by_number("2026000202").channel == "phone"
