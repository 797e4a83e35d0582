"""``propdesk init | demo | check``: create, fill and check a database."""

from __future__ import annotations

import argparse
import time

from propdesk.db import maintenance
from propdesk.db.connection import prepare_new
from propdesk.demo.builder import DemoBuilder
from propdesk.domain.errors import UserError

from .common import add_parser, db_target, open_services, parse_time_arg


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_parser(
        sub, "init", "新建空数据库（含默认部门、类别、紧急程度和设置）；不会覆盖已有数据库"
    )
    p.set_defaults(func=cmd_init)

    p = add_parser(sub, "demo", "新建演示数据库：房屋、人员、收费标准、各角色账号和工单")
    p.add_argument("--orders", type=int, default=2000, help="工单数量（默认 2000）")
    p.add_argument("--months", type=int, default=12, help="覆盖最近几个月（默认 12）")
    p.add_argument("--seed", type=int, default=1, help="随机种子，相同种子生成相同数据")
    p.add_argument("--until", help="数据截止时间（默认当前时间），固定它可使结果完全可重复")
    p.add_argument("--force", action="store_true", help="数据库已存在时删除后重建")
    p.set_defaults(func=cmd_demo)

    p = add_parser(sub, "check", "检查数据库：结构版本与完整性")
    p.set_defaults(func=cmd_check)


def _fresh_file(args: argparse.Namespace, force: bool = False) -> str:
    target = db_target(args)
    prepare_new(target, replace=force)
    return target


def cmd_init(args: argparse.Namespace) -> int:
    args.db = _fresh_file(args)
    svc = open_services(args, create=True)
    print(f"已新建数据库：{args.db}")
    print("首次启动图形界面时请为管理员账号 admin 设置密码。")
    svc.ctx.db.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    if args.orders < 0 or args.months < 1:
        raise UserError("工单数量不能为负，月份至少为1")
    args.db = _fresh_file(args, force=args.force)
    started = time.perf_counter()
    svc = open_services(args, create=True)
    until = parse_time_arg(args.until, "截止时间")
    summary = DemoBuilder(svc, seed=args.seed).build(
        orders=args.orders, months=args.months, until=until
    )
    elapsed = time.perf_counter() - started
    print(f"演示数据库：{args.db}")
    print(
        f"工单 {summary.orders} 条，房屋 {summary.units} 户，维修人员 {summary.staff} 人，用时 {elapsed:.1f} 秒"
    )
    print("登录账号（用户名 / 角色 / 密码）：")
    for username, role, password in summary.accounts:
        print(f"  {username:<8} {role:<6} {password}")
    svc.ctx.db.close()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    svc = open_services(args)
    report = maintenance.check(svc.ctx.db)
    print(f"数据库：{db_target(args)}")
    print(f"结构版本：{report.schema_version}（程序支持 {report.program_version}）")
    integrity = "正常" if report.integrity == ("ok",) else "；".join(report.integrity[:5])
    print(f"完整性检查：{integrity}")
    print(
        f"外键检查：{'正常' if not report.foreign_key_errors else f'{report.foreign_key_errors} 处错误'}"
    )
    print(f"工单数：{report.orders}")
    return 0 if report.ok else 1
