"""Entry point: ``propdesk [--db PATH_OR_URL] [--user NAME] COMMAND ...``.

Every module in this package named ``*_cmd`` contributes sub-commands through
``register(subparsers)``. Without a command the GUI starts.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from propdesk.db.faults import translate as translate_fault
from propdesk.domain.errors import UserError

from .common import HelpFormatter, add_common_options, crash_report


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="propdesk",
        description="物业前台报事报修派工系统（propdesk）。不带子命令时启动图形界面。",
        formatter_class=HelpFormatter,
    )
    add_common_options(parser)
    sub = parser.add_subparsers(dest="command", title="子命令", metavar="COMMAND")
    package = importlib.import_module(__package__ or "propdesk.cli")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.endswith("_cmd"):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            module.register(sub)
    return parser


def _has_command(parser: argparse.ArgumentParser, name: str) -> bool:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return name in action.choices
    return False


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if args.command is None and _has_command(parser, "gui"):
            args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "gui"])
        else:
            parser.print_help()
            return 2
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        fault = translate_fault(exc)  # disk full, database busy or gone: not a bug
        if fault is not None:
            print(f"错误：{fault.message}", file=sys.stderr)
            return 1
        path = crash_report(args)
        logging.getLogger(__name__).exception("unexpected error")
        print(f"抱歉，程序出现意外错误，详细信息已写入日志：{path}", file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
