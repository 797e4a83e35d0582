"""``propdesk order …``: register an order and take it through its steps."""

from __future__ import annotations

import argparse
import sys

from propdesk.domain.enums import (
    AreaType,
    Kind,
    MaterialCheck,
    MaterialSource,
    Satisfaction,
    Status,
    VisitMethod,
    channel_label,
)
from propdesk.domain.errors import UserError
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.domain.money import format_yuan
from propdesk.domain.records import (
    CompletionInput,
    MaterialInput,
    OrderInput,
    OrderRecord,
    UserRecord,
)
from propdesk.services import Services

from .common import (
    acting_user,
    add_parser,
    add_step_parser,
    enum_arg,
    open_order,
    open_services,
    parse_time_arg,
    step_done,
    step_parser,
)
from .followup_cmd import add_note_parser, format_note
from .order_paths import register_paths

TIME = "%Y-%m-%d %H:%M:%S"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    order = add_parser(sub, "order", "工单：登记、派工、到场、完工、回单、回访、跟进、取消、查看")
    osub = order.add_subparsers(dest="order_command", title="工单子命令", metavar="ACTION")

    p = add_parser(osub, "add", "登记新工单（成功后只输出工单编号）")
    p.add_argument("--kind", type=enum_arg(Kind, "类型"), default=Kind.REPAIR, help="报修/报事")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--unit", help="房号，如 3-2-1502（入户）")
    where.add_argument("--area", help="公区位置（公共部位）")
    p.add_argument("--name", required=True, help="报修人/报事人")
    p.add_argument("--phone", required=True, help="联系电话")
    p.add_argument("--category", required=True, help="类别，如 水 或 水/爆管")
    p.add_argument("--desc", required=True, help="问题描述")
    p.add_argument("--urgency", help="紧急程度（默认取类别的默认值）")
    p.add_argument(
        "--channel",
        help="来源渠道：可选渠道或服务中心自设的渠道（默认：上班时间为电话，下班后为监控中心）",
    )
    p.add_argument("--appointment", help='预约上门时间，如 "2026-11-22 15:00"')
    p.add_argument("--paid", action="store_true", help="有偿服务")
    p.add_argument("--owner-materials", action="store_true", help="材料由业主自备")
    p.add_argument("--developer", action="store_true", help="开发商保修（转开发商，不派工）")
    p.add_argument("--at", help="受理时间（补单时填写）")
    p.add_argument("--answered", metavar="答复内容", default="", help="报事当场答复（不派工）")
    important = p.add_mutually_exclusive_group()
    important.add_argument(
        "--important", action="store_true", default=None, help="重要（默认：投诉、VIP业主）"
    )
    important.add_argument("--not-important", dest="important", action="store_false")
    p.add_argument("--remark", default="", help="备注")
    p.set_defaults(func=cmd_add)

    with step_parser(osub, "dispatch", "派工（或改派）", cmd_dispatch) as p:
        p.add_argument("--staff", action="append", default=[], help="维修人员姓名，可多次给出")
        p.add_argument("--department", help="处理部门（报事可只派部门）")
        p.add_argument("--note", default="")

    add_step_parser(osub, "arrive", "登记到场", cmd_arrive)

    with step_parser(osub, "complete", "登记完工", cmd_complete) as p:
        p.add_argument("--work", required=True, help="维修内容")
        p.add_argument(
            "--labour",
            help="人工费（元）：不按收费标准时须工程主管审价；缺省为 --labour-item 之和",
        )
        p.add_argument(
            "--labour-item",
            action="append",
            default=[],
            help="按收费标准收取人工费的项目名称，可多次给出，如 疏通下水道",
        )
        p.add_argument(
            "--material",
            action="append",
            default=[],
            help="材料：名称,数量,单位,单价（元），可多次给出，如 水龙头,1,个,45",
        )
        p.add_argument(
            "--owner-material",
            action="append",
            default=[],
            help="业主自备材料：名称,数量,单位,检查结果(合格/不合格/质量不佳)[,检查备注]，可多次给出",
        )

    with step_parser(
        osub, "incomplete", "登记未完成：回到待派工，或 --redispatch 立即重新派工", cmd_incomplete
    ) as p:
        p.add_argument("--reason", required=True, help="未完成原因")
        p.add_argument("--appointment", help="与业主约定的新时间")
        p.add_argument("--redispatch", action="store_true", help="立即重新派给同一维修人员")

    add_step_parser(osub, "return-slip", "登记回单（派工单交回前台）", cmd_return_slip)

    with step_parser(osub, "visit", "登记回访", cmd_visit) as p:
        p.add_argument(
            "--method", type=enum_arg(VisitMethod, "回访方式"), default=VisitMethod.PHONE
        )
        p.add_argument(
            "--rating",
            type=enum_arg(Satisfaction, "评价"),
            default=Satisfaction.SATISFIED,
            help="满意/基本满意/不满意",
        )
        p.add_argument("--opinion", default="", help="业主意见")
        p.add_argument("--reopen", action="store_true", help="不满意时重开工单")

    with step_parser(osub, "cancel", "取消工单（保留编号）", cmd_cancel) as p:
        p.add_argument("--reason", required=True)

    register_paths(osub)
    add_note_parser(osub)

    p = add_parser(osub, "show", "查看工单全部信息与处理过程")
    p.add_argument("number")
    p.set_defaults(func=cmd_show)

    p = add_parser(osub, "list", "列出工单")
    p.add_argument("--status", type=enum_arg(Status, "状态"))
    p.add_argument("--month", help="受理月份 YYYY-MM")
    p.add_argument("--overdue", action="store_true", help="只列超时工单")
    p.add_argument("--search", default="", help="按编号/房号/姓名/电话/描述搜索")
    p.add_argument("--limit", type=int, default=100)
    p.set_defaults(func=cmd_list)

    def usage(_args: argparse.Namespace) -> int:
        order.print_help()
        return 2

    order.set_defaults(func=usage)


def _svc(args: argparse.Namespace) -> tuple[Services, UserRecord]:
    svc = open_services(args)
    return svc, acting_user(svc, args)


def _order_id(svc: Services, number: str) -> int:
    return svc.registers.by_number(number).id


def cmd_add(args: argparse.Namespace) -> int:
    svc, user = _svc(args)
    kind: Kind = args.kind
    category = svc.reference.category_by_text(args.category, kind)
    urgency_id = svc.reference.urgency_by_name(args.urgency).id if args.urgency else None
    inp = OrderInput(
        kind=kind,
        area_type=AreaType.HOME if args.unit else AreaType.COMMON,
        caller_name=args.name,
        phone=args.phone,
        category_id=category.id,
        description=args.desc,
        urgency_id=urgency_id,
        channel=args.channel,
        unit_code=args.unit or "",
        location=args.area or "",
        received_at=parse_time_arg(args.at, "受理时间"),
        appointment_at=parse_time_arg(args.appointment, "预约时间"),
        paid=args.paid,
        material_source=MaterialSource.OWNER if args.owner_materials else MaterialSource.CENTRE,
        developer_warranty=args.developer,
        important=args.important,
        remark=args.remark,
        answer=args.answered,
    )
    result = svc.intake.register(inp, user)
    for w in result.warnings:
        print(f"提醒：{w.message}", file=sys.stderr)
    print(result.order.number)
    return 0


def _staff_ids(svc: Services, names: list[str]) -> list[int]:
    staff = svc.reference.staff()
    ids = []
    for name in names:
        match = [s.id for s in staff if s.name == name.strip()]
        if not match:
            raise UserError(f"维修人员“{name}”不存在", "维修人员")
        ids.append(match[0])
    return ids


def cmd_dispatch(args: argparse.Namespace) -> int:
    svc, user = _svc(args)
    dept_id = None
    if args.department:
        dept = [d.id for d in svc.reference.departments() if d.name == args.department.strip()]
        if not dept:
            raise UserError(f"部门“{args.department}”不存在", "处理部门")
        dept_id = dept[0]
    r = svc.workflow.dispatch(
        _order_id(svc, args.number),
        user,
        staff_ids=_staff_ids(svc, args.staff),
        department_id=dept_id,
        note=args.note,
        at=parse_time_arg(args.at, "派工时间"),
    )
    return step_done(r.order)


def cmd_arrive(args: argparse.Namespace) -> int:
    svc, oid, user = open_order(args)
    return step_done(svc.workflow.arrive(oid, user, at=parse_time_arg(args.at, "到达时间")).order)


def _material(text: str, index: int) -> MaterialInput:
    parts = [p.strip() for p in text.replace("，", ",").split(",")]
    if len(parts) != 4:
        raise UserError(f"第{index}项材料格式应为 名称,数量,单位,单价：{text}", "材料")
    return MaterialInput(parts[0], parts[1], parts[2], parts[3])


def _owner_material(text: str, index: int) -> MaterialInput:
    """An owner-supplied line: no price (the owner bought it), the check made on site."""
    parts = [p.strip() for p in text.replace("，", ",").split(",", 4)]
    if len(parts) not in (4, 5):
        raise UserError(
            f"第{index}项材料格式应为 名称,数量,单位,检查结果[,检查备注]：{text}", "材料"
        )
    try:
        check = MaterialCheck.from_text(parts[3])
    except ValueError as e:
        raise UserError(f"第{index}行检查结果：{e}", f"第{index}行检查结果") from None
    return MaterialInput(
        parts[0],
        parts[1],
        parts[2],
        "0",
        owner_supplied=True,
        check=check,
        check_note=parts[4] if len(parts) == 5 else "",
    )


def cmd_complete(args: argparse.Namespace) -> int:
    svc, user = _svc(args)
    fee_items = {f.name: f for f in svc.reference.fee_items()}
    unknown = [n for n in args.labour_item if n not in fee_items]
    if unknown:
        raise UserError(f"收费标准中没有“{unknown[0]}”", "人工费项目")
    items = [fee_items[n] for n in args.labour_item]
    inp = CompletionInput(
        work_done=args.work,
        labour=args.labour
        if args.labour is not None
        else format_yuan(sum(f.labour_fen for f in items)),
        labour_items=[f.id for f in items],
        materials=[_material(m, i) for i, m in enumerate(args.material, start=1)]
        + [
            _owner_material(m, i)
            for i, m in enumerate(args.owner_material, start=len(args.material) + 1)
        ],
        completed_at=parse_time_arg(args.at, "完成时间"),
    )
    r = svc.workflow.complete(_order_id(svc, args.number), inp, user)
    print(f"{r.order.number} {r.order.status.label} 合计 {format_yuan(r.order.total_fen)} 元")
    return 0


def cmd_incomplete(args: argparse.Namespace) -> int:
    svc, oid, user = open_order(args)
    r = svc.workflow.incomplete(
        oid,
        user,
        reason=args.reason,
        new_appointment=parse_time_arg(args.appointment, "新预约时间"),
        redispatch=args.redispatch,
        at=parse_time_arg(args.at, "登记时间"),
    )
    return step_done(r.order)


def cmd_return_slip(args: argparse.Namespace) -> int:
    svc, oid, user = open_order(args)
    at = parse_time_arg(args.at, "回单时间")
    return step_done(svc.workflow.return_slip(oid, user, at=at).order)


def cmd_visit(args: argparse.Namespace) -> int:
    svc, oid, user = open_order(args)
    r = svc.workflow.visit(
        oid,
        user,
        method=args.method,
        satisfaction=args.rating,
        opinion=args.opinion,
        reopen=args.reopen,
        at=parse_time_arg(args.at, "回访时间"),
    )
    return step_done(r.order)


def cmd_cancel(args: argparse.Namespace) -> int:
    svc, oid, user = open_order(args)
    at = parse_time_arg(args.at, "取消时间")
    return step_done(svc.workflow.cancel(oid, user, reason=args.reason, at=at).order)


def _fmt(dt: object) -> str:
    return dt.strftime(TIME) if dt else ""  # type: ignore[attr-defined]


def format_order(o: OrderRecord) -> str:
    lines = [
        f"工单编号：{o.number}",
        f"类型：{o.kind.label}{'（' + o.matter_type.label + '）' if o.matter_type else ''}",
        f"状态：{o.status.label}",
        f"受理时间：{_fmt(o.received_at)}    受理人：{o.receiver_name}    来源：{channel_label(o.channel)}",
        f"{'报修人' if o.kind is Kind.REPAIR else '报事人'}：{o.caller_name}    联系电话：{o.phone}",
        f"{'房号' if o.area_type is AreaType.HOME else '公区位置'}：{o.place}",
        f"类别：{o.category_name}    紧急程度：{o.urgency_name}    处理部门：{o.department_name}",
        f"问题描述：{o.description}",
    ]
    if o.appointment_at:
        lines.append(f"预约时间：{_fmt(o.appointment_at)}")
    if o.due_at:
        lines.append(f"下一时限：{o.due_kind.label if o.due_kind else ''} {_fmt(o.due_at)}")
    if o.important:
        lines.append("重要：是")
    if o.remark:
        lines.append(f"备注：{o.remark}")
    if o.work_done:
        lines.append(f"{'答复内容' if o.answered_at_desk else '维修内容'}：{o.work_done}")
    if o.price_review:
        lines.append(f"审价：{o.price_review.label}")
    if o.decline_reason:
        lines.append(f"业主拒绝原因：{o.decline_reason}（已备案 {_fmt(o.declined_at)}）")
    if o.developer_contact or o.developer_notified_at:
        lines.append(
            f"开发商联系人：{o.developer_contact}  通知时间：{_fmt(o.developer_notified_at)}"
        )
    if o.paid or o.total_fen:
        lines.append(
            f"人工费：{format_yuan(o.labour_fen)}  材料费：{format_yuan(o.material_fen)}  "
            f"合计：{format_yuan(o.total_fen)} 元  {'收费状态：' + o.fee_status.label if o.fee_status else ''}"
        )
    for m in o.materials:
        lines.append(
            f"  材料：{m.name} {m.quantity}{m.unit} × {format_yuan(m.unit_price_fen)} = {format_yuan(m.amount_fen)}"
            + (f"  业主自备，{m.check_text}" if m.owner_supplied else "")
        )
    for d in o.dispatches:
        who = "、".join(d.staff_names) or d.department_name
        extra = f" 未完成：{d.incomplete_reason}" if d.incomplete_reason else ""
        lines.append(
            f"  第{d.seq}次派工：{_fmt(d.dispatched_at)} → {who}（派工人 {d.dispatcher_name}）{extra}"
        )
    for v in o.visits:
        lines.append(
            f"  回访：{_fmt(v.visited_at)} {v.method.label} {v.satisfaction.label} {v.visitor_name} {v.opinion}"
        )
    if o.cancel_reason:
        lines.append(f"取消原因：{o.cancel_reason}")
    lines.append("处理过程：")
    for e in o.events:
        lines.append(
            f"  {_fmt(e.at)}  {e.action_label:<6} {e.to_status.label:<6} {e.user_name}  {e.note}"
        )
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    svc, _user = _svc(args)
    order = svc.registers.by_number(args.number)
    print(format_order(order))
    if svc.followups.is_escalated(order.id):
        print("升级：是（同一来电或房号近期再次投诉，提醒同时发给经理）")
    notes = svc.followups.notes(order.id)
    if notes:
        print(f"跟进记录（{len(notes)} 条）：")
    for n in notes:
        print(format_note(n))
    return 0


def month_range(text: str):  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    try:
        year, month = (int(x) for x in text.split("-"))
        first = date(year, month, 1)
    except ValueError:
        raise UserError(f"月份“{text}”格式不对，应为 YYYY-MM", "月份") from None
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def cmd_list(args: argparse.Namespace) -> int:
    svc, _user = _svc(args)
    date_from = date_to = None
    if args.month:
        date_from, date_to = month_range(args.month)
    f = OrderFilter(
        date_from=date_from,
        date_to=date_to,
        statuses=(args.status,) if args.status else (),
        overdue=args.overdue,
        search=args.search,
    )
    rows, _ = svc.registers.page(f, Sort(), PageRequest(limit=args.limit))
    for r in rows:
        print(
            f"{r.number}  {r.received_at:%Y-%m-%d %H:%M}  {r.status.label:<5} {r.place:<12} "
            f"{r.caller_name:<6} {r.category_name:<6} {r.description[:30]}"
        )
    print(f"共 {svc.registers.count(f)} 条", file=sys.stderr)
    return 0
