"""``propdesk import-units FILE.xlsx`` and ``propdesk import-orders FILE.xlsx
[--create-missing]``: the 房屋台账 and a ledger of past orders from Excel. Every row is checked
first; with any bad row nothing is imported and each one is listed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from propdesk.domain.errors import UserError

from .common import acting_user, add_parser, open_services

if TYPE_CHECKING:  # the importer (openpyxl) is loaded only by an import command
    from propdesk.services.importer import ImportRejected, OrderPlan, UnitPlan


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_parser(
        sub,
        "import-units",
        "从Excel导入房屋台账（列：楼栋、单元、房号或 3-2-1502 形式的房号、业主姓名、联系电话、"
        "备用电话、备注；按列名识别，顺序不限）",
    )
    p.add_argument("file", help=".xlsx 文件")
    p.add_argument("--dry-run", action="store_true", help="只检查并显示将导入的内容，不写入")
    p.set_defaults(func=cmd_import_units)

    p = add_parser(
        sub,
        "import-orders",
        "从Excel导入历史工单（列：编号、类型、受理时间、来源、报修人、联系电话、房号、公区位置、"
        "类别、问题描述、紧急程度、预约时间、派工时间、维修人员、到达时间、完成时间、维修结果、"
        "未完成原因、人工费、材料费、收费状态、回单时间、回访时间、回访方式、评价、业主意见；"
        "状态按各时间推定）",
    )
    p.add_argument("file", help=".xlsx 文件")
    p.add_argument(
        "--create-missing",
        action="store_true",
        help="自动新建文件中出现而系统中没有的维修人员、类别和房号（默认报错）",
    )
    p.add_argument("--dry-run", action="store_true", help="只检查并显示将导入的内容，不写入")
    p.set_defaults(func=cmd_import_orders)


def _file(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.is_file():
        raise UserError(f"文件不存在：{path}", "文件")
    return path


def _rejected(exc: ImportRejected) -> int:
    print(f"错误：{exc.message.splitlines()[0]}", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem.text()}", file=sys.stderr)
    return 1


def _report(plan: UnitPlan | OrderPlan) -> None:
    print(f"工作表“{plan.sheet}”，第{plan.header_row}行为表头")
    if plan.ignored:
        print(f"未使用的列：{'、'.join(plan.ignored)}")
    for w in plan.warnings[:20]:
        print(f"提醒：{w.text()}", file=sys.stderr)
    if len(plan.warnings) > 20:
        print(f"提醒：……另有 {len(plan.warnings) - 20} 条", file=sys.stderr)


def cmd_import_units(args: argparse.Namespace) -> int:
    from propdesk.services.importer import ImportRejected, ImportService

    path = _file(args.file)
    svc = open_services(args)
    user = acting_user(svc, args)
    importer = ImportService(svc.ctx)
    try:
        if args.dry_run:
            plan = importer.plan_units(path, user)
            _report(plan)
            if plan.problems:
                raise ImportRejected(f"“{path.name}”", plan.problems)
            print(f"检查通过（未写入）：{plan.summary()}")
            return 0
        _report(importer.plan_units(path, user))
        result = importer.import_units(path, user)
    except ImportRejected as exc:
        return _rejected(exc)
    print(f"已导入房屋台账：{result.summary}")
    return 0


def cmd_import_orders(args: argparse.Namespace) -> int:
    from propdesk.services.importer import ImportRejected, ImportService

    path = _file(args.file)
    svc = open_services(args)
    user = acting_user(svc, args)
    importer = ImportService(svc.ctx)
    try:
        plan = importer.plan_orders(path, user, args.create_missing)
        _report(plan)
        if args.dry_run:
            if plan.problems:
                raise ImportRejected(f"“{path.name}”", plan.problems)
            print(f"检查通过（未写入）：{plan.summary()}")
            return 0
        result = importer.import_orders(path, user, args.create_missing)
    except ImportRejected as exc:
        return _rejected(exc)
    print(f"已导入工单：{result.summary}")
    return 0
