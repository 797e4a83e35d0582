"""``propdesk gui``: start the window (also what ``propdesk`` alone does), or render a
screenshot offscreen and exit."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from propdesk.domain.errors import UserError

from .common import add_parser

TAB_NAMES = "今日工作台、报事报修、派工、回访、有偿收费、统计报表、基础资料"


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(p) for p in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"尺寸“{text}”格式不对，应为 1366x768") from None
    if w < 320 or h < 240:
        raise argparse.ArgumentTypeError("尺寸过小")
    return w, h


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_parser(sub, "gui", "启动图形界面（不带子命令时默认）")
    # --db/--user are also accepted after "gui"; SUPPRESS keeps values given before it
    p.add_argument("--db", default=argparse.SUPPRESS, help="数据库文件路径或 postgresql:// 地址")
    p.add_argument(
        "--user", default=argparse.SUPPRESS, help="截图时以此用户身份显示（默认 system）"
    )
    p.add_argument(
        "--screenshot", type=Path, metavar="FILE.png", help="不显示窗口，渲染截图保存到此文件后退出"
    )
    p.add_argument("--tab", help=f"截图的标签页：{TAB_NAMES}")
    p.add_argument("--size", type=_size, default=(1366, 768), help="截图尺寸，默认 1366x768")
    p.add_argument("--intake", action="store_true", help="截图“新建工单”窗口")
    p.add_argument("--order", metavar="NUMBER", help="截图该编号工单的窗口")
    p.set_defaults(func=cmd_gui)


def cmd_gui(args: argparse.Namespace) -> int:
    if (args.tab or args.intake or args.order) and not args.screenshot:
        raise UserError("--tab、--intake、--order 只用于 --screenshot 截图")
    if args.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from propdesk.ui.app import GuiOptions, run_gui

    user = getattr(args, "user", None)
    return run_gui(
        GuiOptions(
            db=getattr(args, "db", None),
            username=user,
            screenshot=args.screenshot,
            tab=args.tab,
            size=args.size,
            intake=args.intake,
            order_number=args.order,
        )
    )
