"""``propdesk order outsource|outsource-result|decline|to-developer|developer-result|
approve-price|notes``: the lifecycle's side paths (SPEC §3)."""

from __future__ import annotations

import argparse

from propdesk.domain.errors import UserError

from .common import add_step_parser, open_order, parse_time_arg, step_done, step_parser


def register_paths(osub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    with step_parser(
        osub, "outsource", "委外：交专业单位处理（已派工/处理中）", cmd_outsource
    ) as p:
        p.add_argument("--firm", required=True, help="委外单位")
        p.add_argument("--contact", default="", help="联系人及电话")
        p.add_argument("--price", default="", help="约定价格（元）")

    with step_parser(
        osub, "outsource-result", "登记委外单位的处理结果（完工）", cmd_outsource_result
    ) as p:
        p.add_argument("--result", required=True, help="处理结果")

    with step_parser(osub, "decline", "业主拒绝（不同意收费或维修）：关闭备案", cmd_decline) as p:
        p.add_argument("--reason", required=True, help="拒绝原因")

    with step_parser(
        osub, "to-developer", "转开发商（待派工/已派工/处理中）", cmd_to_developer
    ) as p:
        p.add_argument("--note", default="", help="说明（如保修缺陷）")
        p.add_argument("--contact", default="", help="开发商联系人及电话")
        p.add_argument("--notified", help="通知开发商的时间（默认为转交时间）")

    with step_parser(osub, "developer-result", "登记开发商的处理结果", cmd_developer_result) as p:
        p.add_argument("--result", required=True)

    add_step_parser(
        osub, "approve-price", "工程主管审核收费标准外的价格", cmd_approve_price, at=False
    )

    with step_parser(osub, "notes", "修改重要标记或备注", cmd_notes, at=False) as p:
        flag = p.add_mutually_exclusive_group()
        flag.add_argument("--important", action="store_true", default=None)
        flag.add_argument("--not-important", dest="important", action="store_false")
        p.add_argument("--remark", help="备注（替换原备注）")


def cmd_outsource(args: argparse.Namespace) -> int:
    svc, oid, user = open_order(args)
    r = svc.paths.outsource(
        oid,
        user,
        firm=args.firm,
        contact=args.contact,
        price=args.price,
        at=parse_time_arg(args.at, "委外时间"),
    )
    return step_done(r.order)


def cmd_outsource_result(args: argparse.Namespace) -> int:
    svc, oid, user = open_order(args)
    at = parse_time_arg(args.at, "完成时间")
    return step_done(svc.paths.outsource_result(oid, user, result=args.result, at=at).order)


def cmd_decline(args: argparse.Namespace) -> int:
    svc, oid, user = open_order(args)
    at = parse_time_arg(args.at, "备案时间")
    return step_done(svc.paths.decline(oid, user, reason=args.reason, at=at).order)


def cmd_to_developer(args: argparse.Namespace) -> int:
    svc, oid, user = open_order(args)
    r = svc.workflow.to_developer(
        oid,
        user,
        note=args.note,
        contact=args.contact,
        notified_at=parse_time_arg(args.notified, "通知开发商时间"),
        at=parse_time_arg(args.at, "转交时间"),
    )
    return step_done(r.order)


def cmd_developer_result(args: argparse.Namespace) -> int:
    svc, oid, user = open_order(args)
    at = parse_time_arg(args.at, "完成时间")
    return step_done(svc.workflow.developer_result(oid, user, result=args.result, at=at).order)


def cmd_approve_price(args: argparse.Namespace) -> int:
    svc, oid, user = open_order(args)
    return step_done(svc.paths.approve_price(oid, user).order)


def cmd_notes(args: argparse.Namespace) -> int:
    if args.important is None and args.remark is None:
        raise UserError("请给出 --important/--not-important 或 --remark", "备注")
    svc, oid, user = open_order(args)
    r = svc.paths.set_notes(oid, user, important=args.important, remark=args.remark)
    return step_done(r.order)
