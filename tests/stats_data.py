"""A month of orders for the statistics tests, taken through the services with explicit (补单)
times: every case the KPIs distinguish, plus user text that looks like a formula.

The clock stands at NOW (2026-12-05 10:00); November is complete, December is under way.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from propdesk.db.connection import open_database
from propdesk.domain.enums import (
    AreaType,
    FeeStatus,
    Kind,
    MatterType,
    Satisfaction,
    Status,
    VisitMethod,
)
from propdesk.domain.followup import NoteInput, NoteKind
from propdesk.domain.records import CompletionInput, MaterialInput, OrderRecord
from propdesk.services import Services, build_services
from tests.factories import FakeClock, department_id, make_services, order_input, staff_id

NOW = datetime(2026, 12, 5, 10, 0, 0)
NOV = date(2026, 11, 1)
DEC = date(2026, 12, 1)

#: User text that must stay text in every workbook.
FORMULA_TEXTS = ("=SUM(A1)", "+8613800138000", "@x", "-1")


def at(day: int, hh: int, mm: int, ss: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hh, mm, ss)


@dataclass
class Month:
    """Order numbers of the scenario, by role in it."""

    numbers: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.numbers[key]


class Builder:
    def __init__(self, svc: Services) -> None:
        self.svc = svc
        self.user = svc.auth.system_user()
        self.wf = svc.workflow
        self.numbers: dict[str, str] = {}

    def register(self, key: str, received: datetime, **kw: object) -> OrderRecord:
        order = self.svc.intake.register(
            order_input(self.svc, received_at=received, **kw), self.user
        ).order
        self.numbers[key] = order.number
        return order

    def dispatch(self, o: OrderRecord, when: datetime, staff: str = "李师傅") -> None:
        self.wf.dispatch(o.id, self.user, staff_ids=[staff_id(self.svc, staff)], at=when)

    def work(
        self,
        o: OrderRecord,
        dispatched: datetime,
        arrived: datetime | None,
        done: datetime | None,
        staff: str = "李师傅",
        labour: str = "0",
        materials: list[MaterialInput] | None = None,
        work: str = "已修复",
    ) -> None:
        self.dispatch(o, dispatched, staff)
        if arrived is not None:
            self.wf.arrive(o.id, self.user, at=arrived)
        if done is not None:
            self.complete(o, done, labour, materials, work)

    def complete(
        self,
        o: OrderRecord,
        done: datetime,
        labour: str = "0",
        materials: list[MaterialInput] | None = None,
        work: str = "已修复",
    ) -> None:
        inp = CompletionInput(
            work_done=work, labour=labour, materials=materials or [], completed_at=done
        )
        if o.matter_type is MatterType.COMPLAINT:  # a complaint needs its 整改方案 first
            plan = NoteInput(NoteKind.PLAN, "约谈相关住户，限定施工时间", at=done)
            self.svc.followups.add_note(o.id, plan, self.user)
        done_order = self.wf.complete(o.id, inp, self.user).order
        if done_order.awaiting_price_review:  # typed prices: the 工程主管 approves them
            self.svc.paths.approve_price(o.id, self.user)

    def close(
        self,
        o: OrderRecord,
        slip: datetime,
        visited: datetime,
        rating: Satisfaction = Satisfaction.SATISFIED,
        opinion: str = "",
    ) -> None:
        if self.svc.registers.order(o.id).status is Status.COMPLETED:  # a slip was printed
            self.wf.return_slip(o.id, self.user, at=slip)
        self.wf.visit(
            o.id,
            self.user,
            method=VisitMethod.PHONE,
            satisfaction=rating,
            opinion=opinion,
            at=visited,
        )


def build_month(svc: Services, clock: FakeClock) -> Month:
    """November 2026 (complete) and the start of December, through the services."""
    clock.set(NOW)
    b = Builder(svc)
    wf, user = svc.workflow, b.user
    tap = dict(category="水/水龙头")
    pipe = dict(category="水/爆管")

    # 1 ordinary, arrives exactly at the 15-minute limit; paid and collected
    o = b.register("on_time", at(2, 9, 0), paid=True, **tap)
    b.work(
        o,
        at(2, 9, 5),
        at(2, 9, 20),
        at(2, 10, 0),
        labour="30",
        materials=[MaterialInput("水龙头", "1", "个", "45.5")],
    )
    b.close(o, at(2, 11, 0), at(2, 15, 0))
    svc.fees.set_status(o.id, FeeStatus.PAID, user, receipt_no="SJ-001", paid_at=at(3, 9, 0))
    # 2 ordinary, one minute late; 基本满意; paid, billed with the management fee
    o = b.register(
        "late",
        at(3, 9, 0),
        unit_code="1-1-102",
        caller_name="李四",
        phone="13900139000",
        paid=True,
        **tap,
    )
    b.work(o, at(3, 9, 5), at(3, 9, 21), at(3, 9, 50), staff="王师傅", labour="20")
    b.close(o, at(3, 10, 30), at(3, 16, 0), Satisfaction.FAIR, "师傅来晚了")
    svc.fees.set_status(o.id, FeeStatus.WITH_MGMT_FEE, user, paid_at=at(4, 9, 0))
    # 3 emergency (爆管): at the 10-minute limit, completed exactly at the 2-hour limit; 不满意
    o = b.register(
        "urgent_on_time",
        at(4, 10, 0),
        unit_code="3-2-1502",
        caller_name="王五",
        phone="13700137000",
        **pipe,
    )
    b.work(o, at(4, 10, 2), at(4, 10, 12), at(4, 12, 0))
    b.close(o, at(4, 13, 0), at(4, 14, 0), Satisfaction.UNSATISFIED, "地面被弄脏")
    # 4 emergency, one minute late both ways; not visited; paid, outstanding
    o = b.register(
        "urgent_late",
        at(5, 10, 0),
        unit_code="5-1-2301",
        caller_name="赵六",
        phone="021-66668888",
        paid=True,
        **pipe,
    )
    b.work(o, at(5, 10, 2), at(5, 10, 13), at(5, 12, 1), labour="60")
    # 5 appointment at 14:00 (arrival due 14:10), arrived 14:05; paid, waived
    o = b.register("appointment", at(6, 8, 0), appointment_at=at(6, 14, 0), paid=True, **tap)
    b.work(o, at(6, 8, 10), at(6, 14, 5), at(6, 15, 0), labour="25")
    svc.fees.set_status(o.id, FeeStatus.WAIVED, user, reason="老人户减免")
    # 6 cancelled after dispatch
    o = b.register("cancelled", at(7, 9, 0), paid=True, **tap)
    b.dispatch(o, at(7, 9, 5))
    wf.cancel(o.id, user, reason="-2 业主已自行修好", at=at(7, 9, 30))
    # 7 a complaint dealt with by 客服部, without an arrival step; visited
    o = b.register(
        "complaint",
        at(8, 20, 0),
        kind=Kind.MATTER,
        category="投诉/噪音扰民",
        description="楼上夜间装修噪音",
        unit_code="1-1-102",
        caller_name="李四",
        phone="13900139000",
    )
    wf.dispatch(o.id, user, department_id=department_id(svc, "客服部"), at=at(8, 20, 3))
    b.complete(o, at(9, 10, 0), work="已与楼上住户沟通")
    b.close(o, at(9, 11, 0), at(9, 15, 0))
    # 8 a common-area repair with a formula-like location and caller
    o = b.register(
        "common",
        at(10, 9, 0),
        area_type=AreaType.COMMON,
        location="+86 3号楼大堂",
        unit_code="",
        caller_name="-1",
        category="公共设施/路灯",
        description="@x 大堂路灯不亮",
    )
    b.work(o, at(10, 9, 4), at(10, 9, 15), at(10, 10, 0), work='=HYPERLINK("x")更换灯泡')
    b.close(o, at(10, 11, 0), at(10, 16, 0))
    # 9 developer's warranty, result recorded, visited
    o = b.register(
        "developer",
        at(11, 9, 0),
        unit_code="3-2-1502",
        caller_name="王五",
        phone="13700137000",
        developer_warranty=True,
        category="墙地面/墙面渗水",
        description="外墙渗水",
    )
    wf.developer_result(o.id, user, result="开发商已修复", at=at(15, 17, 0))
    wf.visit(
        o.id, user, method=VisitMethod.HOME, satisfaction=Satisfaction.SATISFIED, at=at(16, 10, 0)
    )
    # 10 未完成 and re-dispatched with a new appointment, then done
    o = b.register(
        "incomplete",
        at(12, 9, 0),
        unit_code="5-1-2301",
        caller_name="赵六",
        phone="021-66668888",
        category="电/灯具",
        description="客厅灯不亮",
    )
    b.work(o, at(12, 9, 5), at(12, 9, 18), None)
    wf.incomplete(
        o.id,
        user,
        reason="需购买配件",
        new_appointment=at(13, 10, 0),
        at=at(12, 9, 40),
        redispatch=True,
    )
    wf.arrive(o.id, user, at=at(13, 10, 5))
    b.complete(o, at(13, 11, 0))
    b.close(o, at(13, 12, 0), at(13, 16, 0))
    # 11 改派 to another technician before arrival, arrives on time for the second dispatch
    o = b.register("redispatch", at(14, 9, 0), category="门窗/门锁", description="门锁坏了")
    b.dispatch(o, at(14, 9, 3))
    wf.dispatch(o.id, user, staff_ids=[staff_id(svc, "王师傅")], at=at(14, 9, 10))
    wf.arrive(o.id, user, at=at(14, 9, 22))
    b.complete(o, at(14, 10, 0))
    # 12 unhappy visit reopens it; dispatched again, done again, not visited since
    o = b.register(
        "reopened",
        at(16, 9, 0),
        unit_code="1-1-102",
        caller_name="李四",
        phone="13900139000",
        category="电/插座开关",
        description="插座没电",
    )
    b.work(o, at(16, 9, 2), at(16, 9, 12), at(16, 10, 0))
    wf.return_slip(o.id, user, at=at(16, 11, 0))
    wf.visit(
        o.id,
        user,
        method=VisitMethod.PHONE,
        satisfaction=Satisfaction.UNSATISFIED,
        opinion="还是没电",
        reopen=True,
        at=at(16, 15, 0),
    )
    b.work(o, at(16, 15, 5), at(16, 15, 15), at(16, 16, 0))
    # 13 + 14 a 返修 pair: the same unit and category again 5 days after completion
    o = b.register(
        "rework_first",
        at(18, 9, 0),
        unit_code="3-2-1502",
        caller_name="王五",
        phone="13700137000",
        category="水/马桶",
        description="马桶漏水",
    )
    b.work(o, at(18, 9, 5), at(18, 9, 15), at(18, 10, 0))
    b.close(o, at(18, 11, 0), at(18, 12, 0))
    o = b.register(
        "rework_second",
        at(23, 9, 0),
        unit_code="3-2-1502",
        caller_name="王五",
        phone="13700137000",
        category="水/马桶",
        description="马桶又漏水了",
    )
    b.work(o, at(23, 9, 5), at(23, 9, 14), at(23, 9, 50))
    # 15 formula-looking user text: description, caller name
    o = b.register(
        "formula",
        at(25, 9, 0),
        description="=SUM(A1) 厨房漏水",
        caller_name="@x",
        phone="+86 138 0013 8000",
        **tap,
    )
    b.work(o, at(25, 9, 5), at(25, 9, 30), None)  # late arrival, still in progress
    # 16 never dispatched, at the last second of the month
    b.register(
        "pending_last_second", at(30, 23, 59, 59), description="+8613800138000 阳台漏水", **tap
    )
    # outside November: the last second of October, the first of December
    b.register("october", datetime(2026, 10, 31, 23, 59, 59), **tap)
    b.register("december_first", datetime(2026, 12, 1, 0, 0, 0), **tap)
    # December, under way at NOW: one arrival not yet due, one already late
    o = b.register(
        "dec_not_due",
        at(5, 9, 50, month=12),
        unit_code="1-1-102",
        caller_name="李四",
        phone="13900139000",
        **tap,
    )
    b.dispatch(o, at(5, 9, 52, month=12))
    o = b.register("dec_late", at(4, 9, 0, month=12), **pipe)
    b.dispatch(o, at(4, 9, 5, month=12))
    clock.set(NOW)
    return Month(dict(b.numbers))


# --- fixtures: the month is built once per session and copied for each test -------------


@pytest.fixture(scope="session")
def month_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Month]:
    path = tmp_path_factory.mktemp("month") / "month.db"
    clock = FakeClock(NOW)
    svc = make_services(path, clock)
    month = build_month(svc, clock)
    svc.ctx.db.close()
    return path, month


@dataclass
class MonthDb:
    svc: Services
    clock: FakeClock
    month: Month
    path: Path


@pytest.fixture
def month_db(month_template: tuple[Path, Month], tmp_path: Path) -> Iterator[MonthDb]:
    """Services over a fresh copy of the scenario's database, the clock at NOW."""
    src, month = month_template
    path = tmp_path / "month.db"
    shutil.copyfile(src, path)
    clock = FakeClock(NOW)
    svc = build_services(open_database(path), clock)
    yield MonthDb(svc, clock, month, path)
    svc.ctx.db.close()
