"""Shared pieces of the command line: common options, opening the database as a user,
time parsing and the crash log."""

from __future__ import annotations

import argparse
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from propdesk.db.connection import (
    configured_target,
    default_data_dir,
    default_db_path,
    open_database,
)
from propdesk.domain.errors import UserError
from propdesk.domain.permissions import SYSTEM_USERNAME
from propdesk.domain.records import OrderRecord, UserRecord
from propdesk.services import Services, build_services


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse help with Chinese section titles."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=None,
        help=f"数据库文件路径或 postgresql:// 地址（默认：本机设置 propdesk.ini 的 [database] target，"
        f"否则 {default_db_path()}）",
    )
    parser.add_argument(
        "--user", default=SYSTEM_USERNAME, help="以此用户身份操作，写入审计日志（默认 system）"
    )


def add_parser(
    sub: argparse._SubParsersAction, name: str, help_text: str, **kw
) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    p = sub.add_parser(
        name, help=help_text, description=help_text, formatter_class=HelpFormatter, **kw
    )
    return p


@contextmanager
def step_parser(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    help_text: str,
    func: Callable[[argparse.Namespace], int],
    *,
    at: bool = True,
) -> Iterator[argparse.ArgumentParser]:
    """The sub-command of a step on one order: the order's number, the step's own options
    (added in the ``with`` block), then ``--at`` (the step's time, for 补单) unless ``at`` is
    false, and ``func`` to run it."""
    p = add_parser(sub, name, help_text)
    p.add_argument("number")
    yield p
    if at:
        p.add_argument("--at")
    p.set_defaults(func=func)


def add_step_parser(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    help_text: str,
    func: Callable[[argparse.Namespace], int],
    *,
    at: bool = True,
) -> None:
    """A ``step_parser`` with no options of its own."""
    with step_parser(sub, name, help_text, func, at=at):
        pass


def enum_arg(enum_cls, label: str):  # type: ignore[no-untyped-def]
    """An argparse ``type`` for an enum given by its Chinese label (``enum_cls.from_text``);
    a wrong value is refused with a message naming ``label``."""

    def parse(text: str):  # type: ignore[no-untyped-def]
        try:
            return enum_cls.from_text(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"{label}：{exc}") from None

    return parse


def db_target(args: argparse.Namespace) -> str:
    return str(args.db) if args.db else (configured_target() or str(default_db_path()))


def open_services(args: argparse.Namespace, *, create: bool = False) -> Services:
    return build_services(open_database(db_target(args), create=create))


def acting_user(services: Services, args: argparse.Namespace) -> UserRecord:
    if args.user == SYSTEM_USERNAME:
        return services.auth.system_user()
    return services.auth.user(args.user)


def open_order(args: argparse.Namespace) -> tuple[Services, int, UserRecord]:
    """The services, the id of the order numbered ``args.number`` and the acting user."""
    svc = open_services(args)
    user = acting_user(svc, args)
    return svc, svc.registers.by_number(args.number).id, user


def step_done(order: OrderRecord) -> int:
    """What a step prints: the order's number and its status now."""
    print(f"{order.number} {order.status.label}")
    return 0


def parse_time_arg(text: str | None, label: str) -> datetime | None:
    """``--at "2026-11-22 15:00"`` → datetime (seconds optional); ``UserError`` naming ``label``."""
    if text is None:
        return None
    value = text.strip().replace("T", " ").replace("/", "-")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise UserError(f"{label}“{text}”格式不对，应为 2026-11-22 15:00", label)


def crash_report(args: argparse.Namespace | None = None) -> Path:
    """Write the current exception's traceback to the log folder; return the file."""
    folder = default_data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "propdesk-error.log"
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"\n=== {datetime.now():%Y-%m-%d %H:%M:%S} {getattr(args, 'command', '')}\n")
        fh.write(traceback.format_exc())
    return path
