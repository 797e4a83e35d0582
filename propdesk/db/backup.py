"""SQLite file backups, checks and restores — never a plain copy of a live database file.

A backup is ``VACUUM INTO`` a temporary file beside the target (a consistent snapshot even
while others write), flushed to disk, checked (``integrity_check`` and our
``application_id``), then renamed into place: a backup that exists is complete. A restore
into the open program goes through SQLite's backup API (other connections see the change as
one transaction); a restore over a damaged or closed file replaces the file and moves the
stale ``-wal``/``-shm`` out of the way.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from peewee import SqliteDatabase

from propdesk.domain.errors import DatabaseUnavailable, UserError

from . import faults
from .connection import APPLICATION_ID, BUSY_TIMEOUT_MS

PART_SUFFIX = ".part"
#: Head-room a backup needs beyond the database's own size.
SPACE_MARGIN = 1.1


def backup_disk_full(folder: Path, needed: int | None = None, free: int | None = None) -> str:
    detail = ""
    if needed is not None and free is not None:
        detail = f"（约需 {needed / 1e6:.1f} MB，可用 {free / 1e6:.1f} MB）"
    return f"备份失败：“{folder}”所在磁盘空间不足{detail}。请清理磁盘空间，数据库本身未受影响。"


@dataclass(frozen=True)
class FileCheck:
    """What ``check_file`` found in a database file."""

    problems: tuple[str, ...]  # Chinese, empty when sound
    schema_version: int = 0
    orders: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _ro_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_file(path: Path, *, quick: bool = False) -> FileCheck:
    """Is ``path`` a sound propdesk database? Reads only."""
    if not path.is_file():
        return FileCheck((f"文件不存在：{path}",))
    try:
        con = sqlite3.connect(_ro_uri(path), uri=True)
        try:
            con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return FileCheck(("不是本程序的数据库文件",))
            pragma = "quick_check" if quick else "integrity_check"
            result = tuple(r[0] for r in con.execute(f"PRAGMA {pragma}").fetchall())
            if result != ("ok",):
                return FileCheck(tuple(f"完整性检查未通过：{r}" for r in result[:5]))
            version_row = con.execute(
                "SELECT value FROM schema_info WHERE key = 'version'"
            ).fetchone()
            orders = con.execute("SELECT count(*) FROM work_order").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return FileCheck((f"文件已损坏或不是数据库：{exc}",))
    return FileCheck((), int(version_row[0]) if version_row else 0, int(orders))


def _database_size(source: Path) -> int:
    return sum(p.stat().st_size for p in (source, Path(f"{source}-wal")) if p.exists())


def snapshot(source: Path, target: Path) -> int:
    """Back up the SQLite database ``source`` (open or not, others may be writing) to
    ``target``; returns the backup's size. ``UserError`` (disk full, unreadable source, a
    check that fails) leaves no file at ``target`` and no temporary file."""
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    needed = int(_database_size(source) * SPACE_MARGIN)
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise DatabaseUnavailable(backup_disk_full(folder, needed, free))
    part = target.with_name(target.name + PART_SUFFIX)
    part.unlink(missing_ok=True)
    try:
        con = sqlite3.connect(_ro_uri(source), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            con.execute("VACUUM INTO ?", (str(part),))
        finally:
            con.close()
        _fsync_file(part)
        found = check_file(part)
        if not found.ok:
            raise UserError("备份失败：备份文件检查未通过（" + "；".join(found.problems) + "）")
        os.replace(part, target)
        _fsync_dir(folder)
    except UserError:
        part.unlink(missing_ok=True)
        raise
    except (sqlite3.Error, OSError) as exc:
        part.unlink(missing_ok=True)
        text = str(exc).lower()
        if "full" in text or getattr(exc, "errno", None) == 28:  # ENOSPC
            raise DatabaseUnavailable(backup_disk_full(folder)) from exc
        translated = faults.translate(exc, str(source))
        if translated is not None:
            raise UserError(f"备份失败：{translated.message}") from exc
        raise UserError(f"备份失败：{exc}") from exc
    return target.stat().st_size


def _copy_into(dst: sqlite3.Connection, backup: Path, where: str) -> None:
    src = sqlite3.connect(_ro_uri(backup), uri=True)
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        translated = faults.translate(exc, where)
        raise (translated or UserError(f"恢复失败：{exc}")) from exc
    finally:
        src.close()


def restore_live(db: SqliteDatabase, backup: Path) -> None:
    """Copy ``backup`` over the open database ``db`` with SQLite's backup API: one locked
    step that every other connection — in this process or another — sees as an ordinary
    change. The caller has checked ``backup`` and backed up the current data."""
    if db.in_transaction():
        raise RuntimeError("restore_live inside a transaction")
    _copy_into(db.connection(), backup, str(db.database))


def restore_into(path: Path, backup: Path) -> None:
    """``restore_live`` for a database this process has not opened (the command line)."""
    dst = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        _copy_into(dst, backup, str(path))
    finally:
        dst.close()


def move_aside(path: Path, stamp: datetime) -> Path | None:
    """Rename the database file and its ``-wal``/``-shm`` to ``*.damaged-<stamp>*`` (kept
    for inspection, out of the way of a restore); returns the new main file name."""
    if not path.exists():
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return None
    aside = path.with_name(f"{path.stem}.damaged-{stamp:%Y%m%d-%H%M%S}{path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{path}{suffix}")
        if src.exists():
            os.replace(src, Path(f"{aside}{suffix}"))
    return aside


def restore_file(path: Path, backup: Path) -> None:
    """Put a copy of ``backup`` at ``path`` with nobody connected to it: copy to a temporary
    file beside it, flush, check, remove stale ``-wal``/``-shm``, rename into place."""
    part = path.with_name(path.name + PART_SUFFIX)
    part.unlink(missing_ok=True)
    try:
        shutil.copyfile(backup, part)
        _fsync_file(part)
        found = check_file(part)
        if not found.ok:
            raise UserError("恢复失败：备份文件检查未通过（" + "；".join(found.problems) + "）")
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(part, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        part.unlink(missing_ok=True)
        if getattr(exc, "errno", None) == 28:
            raise DatabaseUnavailable(f"恢复失败：“{path.parent}”所在磁盘空间不足") from exc
        raise UserError(f"恢复失败：{exc}") from exc
    except UserError:
        part.unlink(missing_ok=True)
        raise
