"""Entry point: ``propdesk [--db PATH_OR_URL] [--user NAME] COMMAND ...``.

Every module in this package named ``*_cmd`` contributes sub-commands through
``register(subparsers)``. Without a command the GUI starts; then (and for ``gui``) only
``gui_cmd`` is loaded, so the window's start pays for no other command's imports.
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

#: The options before a command that take a value (``--db PATH``).
_VALUE_OPTIONS = ("--db", "--user")


def build_parser(only: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or only the ``*_cmd`` modules named in ``only``."""
    parser = argparse.ArgumentParser(
        prog="propdesk",
        description="物业前台报事报修派工系统（propdesk）。不带子命令时启动图形界面。",
        formatter_class=HelpFormatter,
    )
    add_common_options(parser)
    sub = parser.add_subparsers(dest="command", title="子命令", metavar="COMMAND")
    package = importlib.import_module(__package__ or "propdesk.cli")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.endswith("_cmd") and (only is None or info.name in only):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            module.register(sub)
    return parser


def _has_command(parser: argparse.ArgumentParser, name: str) -> bool:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return name in action.choices
    return False


def command_word(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (``None``: none, the GUI starts)."""
    words = iter(argv)
    for word in words:
        if word in _VALUE_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    wants_help = "-h" in argv or "--help" in argv
    gui_only = command_word(argv) in (None, "gui") and not wants_help
    parser = build_parser(("gui_cmd",) if gui_only else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if args.command is None and _has_command(parser, "gui"):
            args = parser.parse_args([*argv, "gui"])
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
