"""Backup files: their names (when and why each was taken) and which ones to keep.

Retention keeps every backup of the last 48 hours, then the newest backup of each of the 30
most recent days that have one, of each of the 12 most recent ISO weeks and of each of the 36
most recent months (the same rule as ``borg prune --keep-within 48H --keep-daily 30
--keep-weekly 12 --keep-monthly 36``: periods without a backup — the PC was off — do not use
up the count). The newest backup is always kept, and so is anything dated after ``now`` (a
clock set wrong must not delete backups).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

STAMP_FORMAT = "%Y%m%d-%H%M%S"


class BackupKind(StrEnum):
    START = "start"
    PERIODIC = "periodic"
    EXIT = "exit"
    MANUAL = "manual"
    BEFORE_RESTORE = "before-restore"

    @property
    def label(self) -> str:
        return {
            BackupKind.START: "启动时自动备份",
            BackupKind.PERIODIC: "定时自动备份",
            BackupKind.EXIT: "退出时自动备份",
            BackupKind.MANUAL: "手动备份",
            BackupKind.BEFORE_RESTORE: "恢复前备份",
        }[self]


@dataclass(frozen=True)
class BackupInfo:
    """One backup file (``path`` as text, so the record stays plain data)."""

    path: str
    taken_at: datetime
    kind: BackupKind
    size: int = 0

    @property
    def name(self) -> str:
        return re.split(r"[\\/]", self.path)[-1]


def backup_name(stem: str, taken_at: datetime, kind: BackupKind, serial: int = 1) -> str:
    """``propdesk-20261120-100000-start.db``; ``serial`` > 1 tells apart two of one second."""
    extra = f"-{serial}" if serial > 1 else ""
    return f"{stem}-{taken_at.strftime(STAMP_FORMAT)}-{kind.value}{extra}.db"


_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<kind>[a-z-]+?)(?:-(?P<serial>\d+))?\.db$"
)


def parse_backup_name(name: str, stem: str) -> tuple[datetime, BackupKind] | None:
    """When and why a backup of the database ``stem`` was taken, from its file name; ``None``
    for any other file."""
    m = _NAME.match(name)
    if not m or m["stem"] != stem:
        return None
    try:
        return datetime.strptime(m["stamp"], STAMP_FORMAT), BackupKind(m["kind"])
    except ValueError:
        return None


@dataclass(frozen=True)
class RetentionPolicy:
    within: timedelta = timedelta(hours=48)
    daily: int = 30
    weekly: int = 12
    monthly: int = 36


def _newest_per_period(
    times: list[datetime], count: int, period: Callable[[datetime], object]
) -> set[datetime]:
    """The newest time in each of the ``count`` most recent periods that hold one."""
    kept: set[datetime] = set()
    seen: set[object] = set()
    for t in sorted(times, reverse=True):
        key = period(t)
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.add(key)
        kept.add(t)
    return kept


def to_keep(
    times: Iterable[datetime], now: datetime, policy: RetentionPolicy = RetentionPolicy()
) -> set[datetime]:
    """The backup times to keep at ``now``."""
    all_times = sorted(set(times))
    if not all_times:
        return set()
    keep = {all_times[-1]}
    keep |= {t for t in all_times if t > now or now - t <= policy.within}
    past = [t for t in all_times if t <= now]
    keep |= _newest_per_period(past, policy.daily, lambda t: t.date())
    keep |= _newest_per_period(past, policy.weekly, lambda t: t.isocalendar()[:2])
    keep |= _newest_per_period(past, policy.monthly, lambda t: (t.year, t.month))
    return keep


def to_delete(
    backups: Iterable[BackupInfo], now: datetime, policy: RetentionPolicy = RetentionPolicy()
) -> list[BackupInfo]:
    """The backups retention lets go, oldest first. Backups sharing a time stand or fall
    together."""
    items = list(backups)
    keep = to_keep((b.taken_at for b in items), now, policy)
    return sorted((b for b in items if b.taken_at not in keep), key=lambda b: b.taken_at)
