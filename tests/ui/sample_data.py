"""A small but lively office for UI tests and screenshots: a few dozen units, staff, and orders
in every state over the last days — all made through the services with a moving clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from propdesk.domain.enums import (
    AreaType,
    Channel,
    FeeStatus,
    Kind,
    MatterType,
    PriceReview,
    Role,
    Satisfaction,
    Status,
    VisitMethod,
)
from propdesk.domain.followup import NoteInput, NoteKind
from propdesk.domain.records import CompletionInput, MaterialInput, OrderInput, StaffRecord
from propdesk.services import Services
from tests.factories import FakeClock, make_user

SURNAMES = (
    "刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程苏魏吕丁任沈"
)
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
)
EXTRA_STAFF = (
    ("赵师傅", "工程部"),
    ("孙电工", "工程部"),
    ("周保洁", "环境部"),
    ("客服小林", "客服部"),
)

#: (category path, kind, common-area location or "" for in-home, description, paid)
JOBS = (
    ("水/水龙头", Kind.REPAIR, "", "厨房水龙头关不紧，一直滴水", True),
    ("水/下水道堵塞", Kind.REPAIR, "", "卫生间地漏堵塞，下水很慢", True),
    ("电/跳闸", Kind.REPAIR, "", "客厅空调一开就跳闸", False),
    ("电/灯具", Kind.REPAIR, "3号楼2单元楼道", "楼道声控灯不亮", False),
    ("门窗/门锁", Kind.REPAIR, "", "入户门锁芯卡住，钥匙拧不动", True),
    ("水/爆管", Kind.REPAIR, "", "阳台水管爆裂，水漫到客厅", False),
    ("电梯/电梯故障", Kind.REPAIR, "5号楼电梯", "电梯运行到8楼有异响", False),
    ("墙地面/墙面渗水", Kind.REPAIR, "", "主卧外墙雨后渗水，墙皮起泡", False),
    ("公共设施/门禁", Kind.REPAIR, "小区东门", "东门门禁刷卡无反应", False),
    ("投诉/噪音扰民", Kind.MATTER, "", "楼上晚上11点后装修噪音", False),
    ("咨询", Kind.MATTER, "", "咨询车位租赁价格和手续", False),
    ("环境卫生/垃圾清运", Kind.MATTER, "2号楼垃圾站", "垃圾桶满了没人清运", False),
    ("水/马桶", Kind.REPAIR, "", "马桶水箱一直流水", True),
    ("电/插座开关", Kind.REPAIR, "", "厨房插座松动，插头接触不良", True),
)

#: The part a paid job of each category used: (name, unit, price in yuan).
MATERIALS = {
    "水龙头": ("厨房水龙头", "个", "45"),
    "下水道堵塞": ("疏通剂", "瓶", "18"),
    "门锁": ("C级锁芯", "个", "80"),
    "马桶": ("马桶进水阀", "套", "35"),
    "插座开关": ("五孔插座", "个", "15"),
}


def _person(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]


def populate(svc: Services, clock: FakeClock, *, days: int = 3, per_day: int = 14) -> None:
    """Units, staff, accounts per role and ``days × per_day`` orders ending at ``clock.now``.

    The clock is walked from ``days`` days back to where it started, so the newest orders are
    still open (some of them overdue) and older ones went through their steps."""
    admin = svc.auth.system_user()
    depts = {d.name: d.id for d in svc.reference.departments()}
    for name, dept in EXTRA_STAFF:
        svc.reference.save_staff(admin, name=name, department_id=depts[dept], phone="13600000000")
    units = []
    for b in range(1, 7):
        for floor in (3, 8, 12, 15):
            code = f"{b}-{1 + floor % 2}-{floor}0{1 + b % 2}"
            i = len(units)
            if svc.reference.unit_by_code(code) is not None:
                continue
            svc.reference.save_unit(
                admin, code=code, owner_name=_person(i), phone=f"139{10000000 + i * 7919:08d}"
            )
            units.append(code)
    svc.reference.save_fee_item(admin, name="更换锁芯", unit="个", labour="40", material="80")
    svc.reference.save_fee_item(admin, name="更换马桶进水阀", unit="套", labour="30", material="35")
    for role in Role:
        make_user(svc, role, f"demo_{role.value}")

    end = clock.now
    staff = [s for s in svc.reference.staff() if s.is_technician]
    n = 0
    for day in range(days, -1, -1):
        start = (end - timedelta(days=day)).replace(hour=8, minute=40, second=0)
        count = per_day if day else per_day // 2
        for k in range(count):
            when = start + timedelta(minutes=37 * k + (n * 13) % 20)
            if when >= end:
                break
            clock.set(when)
            _one_order(svc, clock, n, units, staff, end, age_days=day)
            n += 1
    clock.set(end)


def _one_order(
    svc: Services,
    clock: FakeClock,
    n: int,
    units: list[str],
    staff: list[StaffRecord],
    end: datetime,
    age_days: int,
) -> None:
    user = svc.auth.user("demo_receptionist")
    path, kind, location, desc, paid = JOBS[n % len(JOBS)]
    area = AreaType.COMMON if location else AreaType.HOME
    unit = units[(n * 5) % len(units)]
    owner = next(u for u in svc.reference.search_units(unit, 1))
    inp = OrderInput(
        kind=kind,
        area_type=area,
        caller_name=owner.owner_name,
        phone=owner.phone,
        category_id=svc.reference.category_by_text(path).id,
        description=desc,
        unit_code=unit if area is AreaType.HOME else "",
        location=location,
        channel=(Channel.PHONE, Channel.VISIT, Channel.WECHAT)[n % 3],
        paid=paid,
    )
    order = svc.intake.register(inp, user).order
    # how far this order gets: earlier days are mostly closed, a few left hanging; today's
    # orders are spread over every step
    if age_days:
        stage = 5
        if n % 7 == 0:
            stage = 4
        elif n % 13 == 0:
            stage = 3
        elif n % 11 == 0:
            stage = 6
    else:
        stage = n % 6
    if stage == 0:
        return
    if stage == 6:
        svc.workflow.cancel(order.id, user, reason="业主来电告知已自行处理")
        return

    def step(minutes: int) -> bool:
        later = clock.now + timedelta(minutes=minutes)
        if later >= end:
            return False
        clock.set(later)
        return True

    if not step(3):
        return
    team = [s.id for s in staff if s.department_id == order.department_id] or [s.id for s in staff]
    who = [team[n % len(team)]] + ([team[(n + 1) % len(team)]] if n % 5 == 0 else [])
    who = list(dict.fromkeys(who))
    svc.workflow.dispatch(order.id, user, staff_ids=who)
    if stage == 1 or not step(12 + n % 9):
        return
    svc.workflow.arrive(order.id, user)
    if stage == 2 or not step(40):
        return
    part = MATERIALS.get(path.split("/")[-1], ("配件", "个", "20"))
    materials = [MaterialInput(part[0], "1", part[1], part[2])] if paid else []
    if order.matter_type is MatterType.COMPLAINT:  # a complaint needs its 整改方案 first
        svc.followups.add_note(order.id, NoteInput(NoteKind.PLAN, "与业主商定整改方案"), user)
    svc.workflow.complete(
        order.id, CompletionInput("已处理完毕", "30" if paid else "0", materials), user
    )
    if stage == 3 or not step(10):
        return
    if svc.registers.order(order.id).price_review is PriceReview.PENDING:
        svc.paths.approve_price(order.id, svc.auth.user("demo_supervisor"))  # 审价 within 15 min
    if not step(80):
        return
    if svc.registers.order(order.id).status is Status.COMPLETED:  # (a 报事 needs no slip back)
        svc.workflow.return_slip(order.id, user)
    if stage == 4 or not step(120):
        return
    satisfaction = Satisfaction.FAIR if n % 6 == 0 else Satisfaction.SATISFIED
    svc.workflow.visit(
        order.id,
        user,
        method=VisitMethod.PHONE,
        satisfaction=satisfaction,
        opinion="师傅很及时" if n % 3 == 0 else "",
    )
    if paid and n % 2 == 0:
        svc.fees.set_status(
            order.id, FeeStatus.PAID, svc.auth.user("demo_finance"), receipt_no=f"SJ{20260000 + n}"
        )
