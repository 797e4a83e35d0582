"""``propdesk order outsource|outsource-result|decline|to-developer|developer-result|
approve-price|notes``: the lifecycle's side paths (SPEC §3)."""

from __future__ import annotations

import argparse

from propdesk.domain.errors import UserError
from propdesk.domain.records import OrderRecord, UserRecord
from propdesk.services import Services

from .common import acting_user, add_parser, open_services, parse_time_arg


def register_paths(osub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_parser(osub, "outsource", "委外：交专业单位处理（已派工/处理中）")
    p.add_argument("number")
    p.add_argument("--firm", required=True, help="委外单位")
    p.add_argument("--contact", default="", help="联系人及电话")
    p.add_argument("--price", default="", help="约定价格（元）")
    p.add_argument("--at")
    p.set_defaults(func=cmd_outsource)

    p = add_parser(osub, "outsource-result", "登记委外单位的处理结果（完工）")
    p.add_argument("number")
    p.add_argument("--result", required=True, help="处理结果")
    p.add_argument("--at")
    p.set_defaults(func=cmd_outsource_result)

    p = add_parser(osub, "decline", "业主拒绝（不同意收费或维修）：关闭备案")
    p.add_argument("number")
    p.add_argument("--reason", required=True, help="拒绝原因")
    p.add_argument("--at")
    p.set_defaults(func=cmd_decline)

    p = add_parser(osub, "to-developer", "转开发商（待派工/已派工/处理中）")
    p.add_argument("number")
    p.add_argument("--note", default="", help="说明（如保修缺陷）")
    p.add_argument("--contact", default="", help="开发商联系人及电话")
    p.add_argument("--notified", help="通知开发商的时间（默认为转交时间）")
    p.add_argument("--at")
    p.set_defaults(func=cmd_to_developer)

    p = add_parser(osub, "developer-result", "登记开发商的处理结果")
    p.add_argument("number")
    p.add_argument("--result", required=True)
    p.add_argument("--at")
    p.set_defaults(func=cmd_developer_result)

    p = add_parser(osub, "approve-price", "工程主管审核收费标准外的价格")
    p.add_argument("number")
    p.set_defaults(func=cmd_approve_price)

    p = add_parser(osub, "notes", "修改重要标记或备注")
    p.add_argument("number")
    flag = p.add_mutually_exclusive_group()
    flag.add_argument("--important", action="store_true", default=None)
    flag.add_argument("--not-important", dest="important", action="store_false")
    p.add_argument("--remark", help="备注（替换原备注）")
    p.set_defaults(func=cmd_notes)


def _open(args: argparse.Namespace) -> tuple[Services, int, UserRecord]:
    svc = open_services(args)
    user = acting_user(svc, args)
    return svc, svc.registers.by_number(args.number).id, user


def _done(order: OrderRecord) -> int:
    print(f"{order.number} {order.status.label}")
    return 0


def cmd_outsource(args: argparse.Namespace) -> int:
    svc, oid, user = _open(args)
    r = svc.paths.outsource(
        oid,
        user,
        firm=args.firm,
        contact=args.contact,
        price=args.price,
        at=parse_time_arg(args.at, "委外时间"),
    )
    return _done(r.order)


def cmd_outsource_result(args: argparse.Namespace) -> int:
    svc, oid, user = _open(args)
    r = svc.paths.outsource_result(
        oid,
        user,
        result=args.result,
        at=parse_time_arg(args.at, "完成时间"),
    )
    return _done(r.order)


def cmd_decline(args: argparse.Namespace) -> int:
    svc, oid, user = _open(args)
    r = svc.paths.decline(
        oid,
        user,
        reason=args.reason,
        at=parse_time_arg(args.at, "备案时间"),
    )
    return _done(r.order)


def cmd_to_developer(args: argparse.Namespace) -> int:
    svc, oid, user = _open(args)
    r = svc.workflow.to_developer(
        oid,
        user,
        note=args.note,
        contact=args.contact,
        notified_at=parse_time_arg(args.notified, "通知开发商时间"),
        at=parse_time_arg(args.at, "转交时间"),
    )
    return _done(r.order)


def cmd_developer_result(args: argparse.Namespace) -> int:
    svc, oid, user = _open(args)
    r = svc.workflow.developer_result(
        oid,
        user,
        result=args.result,
        at=parse_time_arg(args.at, "完成时间"),
    )
    return _done(r.order)


def cmd_approve_price(args: argparse.Namespace) -> int:
    svc, oid, user = _open(args)
    return _done(svc.paths.approve_price(oid, user).order)


def cmd_notes(args: argparse.Namespace) -> int:
    if args.important is None and args.remark is None:
        raise UserError("请给出 --important/--not-important 或 --remark", "备注")
    svc, oid, user = _open(args)
    r = svc.paths.set_notes(oid, user, important=args.important, remark=args.remark)
    return _done(r.order)
