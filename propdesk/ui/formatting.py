"""How values read on screen: times, money, deadlines, yes/no."""

from __future__ import annotations

from datetime import datetime

from propdesk.domain.deadlines import Deadline, DeadlineKind, TimeRules
from propdesk.domain.money import format_yuan

DATE_TIME = "%Y-%m-%d %H:%M"


def fmt_dt(value: datetime | None) -> str:
    return value.strftime(DATE_TIME) if value else ""


def fmt_short(value: datetime | None, now: datetime | None = None) -> str:
    """``10:05`` today, ``11-19 10:05`` this year, the full date otherwise."""
    if value is None:
        return ""
    if now is not None and value.date() == now.date():
        return value.strftime("%H:%M")
    if now is not None and value.year == now.year:
        return value.strftime("%m-%d %H:%M")
    return value.strftime(DATE_TIME)


def fmt_money(fen: int | None) -> str:
    return format_yuan(fen) if fen else ""


def yes_no(value: bool) -> str:
    return "是" if value else "否"


def deadline_state(
    kind: DeadlineKind | None, at: datetime | None, now: datetime, rules: TimeRules
) -> str:
    """``"overdue"``, ``"soon"``, ``"ok"`` or ``""`` when no step is due."""
    if kind is None or at is None:
        return ""
    return Deadline(kind, at).state(now, rules)


def fmt_deadline(kind: DeadlineKind | None, at: datetime | None, now: datetime) -> str:
    """``到场 10:15`` or ``回访 已超时 35分钟``."""
    if kind is None or at is None:
        return ""
    if now > at:
        minutes = int((now - at).total_seconds() // 60)
        late = f"{minutes}分钟" if minutes < 120 else f"{minutes // 60}小时"
        if minutes >= 48 * 60:
            late = f"{minutes // 1440}天"
        return f"{kind.label} 已超时{late}"
    return f"{kind.label} {fmt_short(at, now)}"
