"""Backups and restore of the SQLite database, automatic and by hand.

Automatic: ``startup()`` once the window is up (a quick check first; a damaged file gets no
backup — it would push good ones out — and its write path is closed), ``periodic()`` every
few hours while data changed, ``at_exit()`` when anything changed since the last one. Each
backup goes to the ``backups`` folder beside the database and is followed by retention
thinning (``propdesk.domain.retention``). The GUI runs ``startup``/``periodic`` in a worker
thread; none of these touch the caller's peewee connection except to read the change marker.

A PostgreSQL database is backed up on its server (``pg_dump``), not by the program.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from peewee import Database, SqliteDatabase

from propdesk.db import audit_query
from propdesk.db import backup as files
from propdesk.db.connection import (
    clear_damage,
    damage_of,
    db_path,
    mark_damaged,
    open_database,
    storage_warning,
)
from propdesk.db.migrations import SCHEMA_VERSION, migrate
from propdesk.domain.errors import DatabaseDamaged, UserError
from propdesk.domain.permissions import Perm
from propdesk.domain.records import Changes, UserRecord
from propdesk.domain.retention import (
    BackupInfo,
    BackupKind,
    RetentionPolicy,
    backup_name,
    parse_backup_name,
    to_delete,
)

from .context import ServiceContext
from .order_ops import authorize

#: "Every few hours while data changed".
PERIODIC_INTERVAL = timedelta(hours=3)
BACKUP_FOLDER = "backups"

POSTGRES_NOTE = (
    "PostgreSQL 数据库在服务器上备份（由服务器管理员用 pg_dump 定时备份），不在本程序中备份或恢复。"
)


@dataclass(frozen=True)
class StartupReport:
    """What the start-up check and backup found (for the status bar / a message box)."""

    backup: BackupInfo | None = None
    damaged: str | None = None  # the check failed: writes are refused, offer restore
    error: str | None = None  # the backup failed (disk full ...), the data is untouched
    skipped: str | None = None  # nothing to do (PostgreSQL)


@dataclass(frozen=True)
class RestoreReport:
    restored: BackupInfo
    safety_copy: str  # where the data before the restore went (a backup, or the damaged file)
    changes: Changes


def checked_backup(backup: Path, stem: str) -> BackupInfo:
    """``backup`` described, or ``UserError`` unless it is a sound propdesk database this
    program can open (not newer than its schema)."""
    found = files.check_file(backup)
    if not found.ok:
        raise UserError(f"“{backup}”不能用于恢复：" + "；".join(found.problems), "备份文件")
    if found.schema_version > SCHEMA_VERSION:
        raise UserError(
            f"备份文件的数据库版本（{found.schema_version}）比本程序新，请升级程序后再恢复",
            "备份文件",
        )
    parsed = parse_backup_name(backup.name, stem)
    when = parsed[0] if parsed else datetime.fromtimestamp(int(backup.stat().st_mtime))
    kind = parsed[1] if parsed else BackupKind.MANUAL
    return BackupInfo(str(backup), when, kind, backup.stat().st_size)


def folder_for(database: Path) -> Path:
    return database.parent / BACKUP_FOLDER


def list_backups(database: Path) -> list[BackupInfo]:
    """The backups of ``database`` in its backups folder, newest first."""
    folder = folder_for(database)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.iterdir():
        parsed = parse_backup_name(p.name, database.stem)
        if parsed is not None and p.is_file():
            out.append(BackupInfo(str(p), parsed[0], parsed[1], p.stat().st_size))
    return sorted(out, key=lambda b: (b.taken_at, b.name), reverse=True)


def take_backup(
    database: Path, kind: BackupKind, now: datetime, target: Path | None = None
) -> BackupInfo:
    """One backup of ``database`` (to ``target``, or a new name in its backups folder)."""
    if target is None:
        folder = folder_for(database)
        serial = 1
        target = folder / backup_name(database.stem, now, kind, serial)
        while target.exists():
            serial += 1
            target = folder / backup_name(database.stem, now, kind, serial)
    size = files.snapshot(database, target)
    return BackupInfo(str(target), now, kind, size)


def prune(
    database: Path, now: datetime, policy: RetentionPolicy = RetentionPolicy()
) -> list[BackupInfo]:
    """Delete the backups retention lets go; returns them."""
    doomed = to_delete(list_backups(database), now, policy)
    for b in doomed:
        Path(b.path).unlink(missing_ok=True)
    return doomed


class BackupService:
    def __init__(self, ctx: ServiceContext, policy: RetentionPolicy = RetentionPolicy()) -> None:
        self.ctx = ctx
        self.policy = policy
        self.last_at: datetime | None = None
        self.last_marker: int | None = None

    # --- where ----------------------------------------------------------------------
    @property
    def available(self) -> bool:
        """False on PostgreSQL (backed up on the server)."""
        return db_path(self.ctx.db) is not None

    def database(self) -> Path:
        path = db_path(self.ctx.db)
        if path is None:
            raise UserError(POSTGRES_NOTE)
        return path

    def folder(self) -> Path:
        return folder_for(self.database())

    def location_warning(self) -> str | None:
        """A warning when the database file lies on a network share (use PostgreSQL)."""
        path = db_path(self.ctx.db)
        return storage_warning(path) if path is not None else None

    def backups(self) -> list[BackupInfo]:
        return list_backups(self.database()) if self.available else []

    # --- taking ---------------------------------------------------------------------
    def _marker(self) -> int:
        return audit_query.last_id()

    def _take(self, kind: BackupKind, target: Path | None = None, thin: bool = True) -> BackupInfo:
        marker = self._marker()
        now = self.ctx.now()
        info = take_backup(self.database(), kind, now, target)
        self.last_at, self.last_marker = now, marker
        if target is None and thin:
            prune(self.database(), now, self.policy)
        return info

    def backup_now(self, user: UserRecord, target: Path | None = None) -> BackupInfo:
        """手动备份 (经理/管理员), to ``target`` or the backups folder."""
        authorize(user, Perm.BACKUP)
        self._refuse_if_damaged()
        if target is not None and target.resolve() == self.database().resolve():
            raise UserError("备份文件不能是数据库文件本身", "备份文件")
        return self._take(BackupKind.MANUAL, target)

    def damage(self) -> str | None:
        """Why writes are refused (a check found the database damaged), or ``None``."""
        return damage_of(self.ctx.db)

    def _refuse_if_damaged(self) -> None:
        damage = damage_of(self.ctx.db)
        if damage is not None:
            raise DatabaseDamaged(damage, str(self.database()))

    def changed_since_backup(self) -> bool:
        return self.last_marker is None or self._marker() != self.last_marker

    def startup(self) -> StartupReport:
        """After the window appears: a quick check, then a backup. Never raises for a
        database fault: the report says what happened."""
        if not self.available:
            return StartupReport(skipped=POSTGRES_NOTE)
        found = files.check_file(self.database(), quick=True)
        if not found.ok:
            message = (
                "启动检查发现数据库文件已损坏（" + "；".join(found.problems[:3]) + "）。"
                "为防止损坏扩大已禁止保存，请从备份恢复。"
            )
            mark_damaged(self.ctx.db, message)
            return StartupReport(damaged=message)
        try:
            return StartupReport(backup=self._take(BackupKind.START))
        except UserError as exc:
            return StartupReport(error=exc.message)

    def periodic_due(self) -> bool:
        if not self.available or damage_of(self.ctx.db) is not None:
            return False
        if self.last_at is None:
            return True
        return self.ctx.now() - self.last_at >= PERIODIC_INTERVAL and self.changed_since_backup()

    def periodic(self) -> BackupInfo | None:
        """A backup when one is due (``UserError`` if it fails: disk full ...)."""
        return self._take(BackupKind.PERIODIC) if self.periodic_due() else None

    def at_exit(self) -> BackupInfo | None:
        """On exit: a backup when anything changed since the last one."""
        if not self.available or damage_of(self.ctx.db) is not None:
            return None
        return self._take(BackupKind.EXIT) if self.changed_since_backup() else None

    # --- restoring ------------------------------------------------------------------
    def check_backup(self, backup: Path) -> BackupInfo:
        """``UserError`` unless ``backup`` is a sound propdesk database this program can
        open."""
        return checked_backup(backup, self.database().stem)

    def restore(self, user: UserRecord, backup: Path) -> RestoreReport:
        """Replace the data with ``backup`` (经理/管理员). The current data is backed up
        first (a damaged file is moved aside instead); the restored database is migrated to
        this program's schema and the restore is audited in it."""
        authorize(user, Perm.BACKUP)
        database = self.database()
        if backup.resolve() == database.resolve():
            raise UserError("不能用数据库文件本身恢复", "备份文件")
        info = self.check_backup(backup)
        db = self.ctx.db
        if damage_of(db) is None:
            # not thinned now: the backup being restored must stay where it is
            safety = self._take(BackupKind.BEFORE_RESTORE, thin=False).path
            assert isinstance(db, SqliteDatabase)
            files.restore_live(db, backup)
        else:
            db.close()
            aside = files.move_aside(database, self.ctx.now())
            files.restore_file(database, backup)
            safety = str(aside or "")
            _reconnect(db)
        migrate(db)
        from . import audit_log

        audit_log.AuditLogService(self.ctx).record(
            user, "database", "restore", info.name, reason=f"恢复前的数据：{safety}"
        )
        self.last_at, self.last_marker = None, None
        every = Changes(
            units=True, staff=True, categories=True, settings=True, fees=True, users=True
        )
        return RestoreReport(info, safety, every)


def _reconnect(db: Database) -> None:
    clear_damage(db)
    db.connect(reuse_if_open=True)


def restore_closed(database: Path, backup: Path, now: datetime) -> tuple[BackupInfo, str]:
    """Restore from a process that has not opened the database (the command line, or a file
    too damaged to open). A sound current file is backed up first and overwritten through
    SQLite's backup API (safe even if another program has it open); an unreadable one is
    moved aside with its ``-wal``/``-shm`` (stale ones, without a main file, are removed) and
    replaced by a checked copy. The result is opened once (migrating a backup from an older
    program). Returns the restored backup and where the previous data went."""
    info = checked_backup(backup, database.stem)
    if database.exists() and backup.resolve() == database.resolve():
        raise UserError("不能用数据库文件本身恢复", "备份文件")
    if database.exists() and files.check_file(database, quick=True).ok:
        safety = take_backup(database, BackupKind.BEFORE_RESTORE, now).path
        files.restore_into(database, backup)
    else:
        safety = str(files.move_aside(database, now) or "")
        files.restore_file(database, backup)
    open_database(database).close()
    return info, safety
