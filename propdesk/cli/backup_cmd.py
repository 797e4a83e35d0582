"""``propdesk backup [-o FILE] [--list]`` and ``propdesk restore FILE``."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from propdesk.db.connection import default_data_dir, is_url, open_database
from propdesk.domain.errors import DatabaseDamaged, UserError
from propdesk.domain.permissions import SYSTEM_USERNAME, Perm
from propdesk.services import build_services
from propdesk.services.backup import POSTGRES_NOTE, restore_closed
from propdesk.services.instance_lock import InstanceLock
from propdesk.services.order_ops import authorize

from .common import acting_user, add_parser, db_target, open_services


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_parser(
        sub,
        "backup",
        "备份数据库（一致的快照，经完整性检查；默认存入数据库旁的 backups 文件夹）",
    )
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="备份到此文件")
    p.add_argument("--list", action="store_true", help="列出 backups 文件夹中的备份")
    p.set_defaults(func=cmd_backup)

    p = add_parser(
        sub,
        "restore",
        "从备份恢复：先备份当前数据库（已损坏的改名保留），再换成备份文件；需先关闭图形界面",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="备份文件")
    p.set_defaults(func=cmd_restore)


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} KB"


def cmd_backup(args: argparse.Namespace) -> int:
    if is_url(db_target(args)):
        raise UserError(POSTGRES_NOTE)
    svc = open_services(args)
    try:
        if args.list:
            rows = svc.backups.backups()
            if not rows:
                print(f"{svc.backups.folder()} 中还没有备份")
            for b in rows:
                print(
                    f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {b.kind.label:<8} {_size(b.size):>9}  {b.path}"
                )
            return 0
        user = acting_user(svc, args)
        info = svc.backups.backup_now(user, args.output)
        print(f"已备份：{info.path}（{_size(info.size)}，完整性检查通过）")
        return 0
    finally:
        svc.ctx.db.close()


def cmd_restore(args: argparse.Namespace) -> int:
    target = db_target(args)
    if is_url(target):
        raise UserError(POSTGRES_NOTE)
    database = Path(target).expanduser()
    backup: Path = args.file
    if not backup.is_file():
        raise UserError(f"备份文件不存在：{backup}", "备份文件")
    with InstanceLock(default_data_dir()):  # the window must not have the file open
        if args.user != SYSTEM_USERNAME and database.exists():
            try:
                svc = build_services(open_database(database))
            except DatabaseDamaged:
                raise UserError(
                    "数据库已损坏，无法核对用户权限：请以默认的 system 身份（不带 --user）恢复"
                ) from None
            try:
                authorize(acting_user(svc, args), Perm.BACKUP)
            finally:
                svc.ctx.db.close()
        info, safety = restore_closed(database, backup, datetime.now().replace(microsecond=0))
        svc = build_services(open_database(database))
        try:
            try:
                user = acting_user(svc, args)
            except UserError:
                user = svc.auth.system_user()
            svc.audit_log.record(user, "database", "restore", info.name, f"恢复前的数据：{safety}")
        finally:
            svc.ctx.db.close()
    print(f"已从备份恢复：{info.path}（备份时间 {info.taken_at:%Y-%m-%d %H:%M:%S}）")
    if safety:
        print(f"恢复前的数据已保存为：{safety}")
    return 0
