"""Deadline and overdue rules of SPEC §4, as pure functions of times and ``now``.

Every rule is configurable: ``TimeRules`` holds the office-wide defaults, ``UrgencyRule`` one
row of the urgency table. Times are naive local datetimes with seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from .enums import Status


@dataclass(frozen=True)
class TimeRules:
    dispatch_minutes: int = 5
    appointment_late_minutes: int = 10
    first_call_minutes: int = 15
    escalate_minutes: int = 120
    slip_cutoff: time = time(14, 0)
    slip_return_by: time = time(17, 0)
    visit_hours: int = 24
    work_start: time = time(9, 0)
    work_end: time = time(17, 30)
    due_soon_minutes: int = 30
    rework_days: int = 30
    #: the arrival limit counts from 受理 (seed 000: 接报15分钟内到达) instead of from 派工
    arrival_from_received: bool = False
    #: 当日回访 (by the end of the desk's working day, seed 000) instead of ``visit_hours``
    visit_same_day: bool = False
    #: an important (重要) order gets a second visit within this many days (seed 004)
    second_visit_days: int = 30
    #: a price outside the 收费标准 is reviewed by the 工程主管 within this (seed 002)
    price_review_minutes: int = 15
    # the follow-up loop (propdesk/domain/reminders.py)
    complaint_contact_hours: int = 12
    complaint_repeat_days: int = 30
    reminder_red_minutes: int = 10


@dataclass(frozen=True)
class UrgencyRule:
    name: str
    arrive_minutes: int | None
    resolve_minutes: int
    is_emergency: bool = False


DEFAULT_URGENCIES: tuple[UrgencyRule, ...] = (
    UrgencyRule("紧急", 10, 120, True),
    UrgencyRule("一般", 15, 24 * 60, False),
    UrgencyRule("咨询建议", None, 48 * 60, False),
)


class DeadlineKind(StrEnum):
    DISPATCH = "dispatch"
    ARRIVE = "arrive"
    RESOLVE = "resolve"
    SLIP = "slip"
    VISIT = "visit"

    @property
    def label(self) -> str:
        return {
            "dispatch": "派工",
            "arrive": "到场",
            "resolve": "完工",
            "slip": "回单",
            "visit": "回访",
        }[self.value]


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    at: datetime

    def state(self, now: datetime, rules: TimeRules) -> str:
        """``"overdue"``, ``"soon"`` or ``"ok"`` at ``now``."""
        if now > self.at:
            return "overdue"
        if now >= self.at - timedelta(minutes=rules.due_soon_minutes):
            return "soon"
        return "ok"


def is_working_time(at: datetime, rules: TimeRules) -> bool:
    """Inside the front desk's hours (9:00–17:30 by default; 17:30 itself is after hours)."""
    return rules.work_start <= at.time() < rules.work_end


def desk_for(at: datetime, rules: TimeRules) -> str:
    """Which desk takes a call at ``at``: 服务中心 in working hours, else 监控中心."""
    return "服务中心" if is_working_time(at, rules) else "监控中心"


def dispatch_deadline(since: datetime, rules: TimeRules) -> datetime:
    """Registration (or reopening) to dispatch: within 5 minutes, day or night."""
    return since + timedelta(minutes=rules.dispatch_minutes)


def arrival_deadline(
    dispatched_at: datetime,
    urgency: UrgencyRule,
    rules: TimeRules,
    appointment_at: datetime | None = None,
    received_at: datetime | None = None,
) -> datetime | None:
    """Dispatch to arrival: at the appointment (at most 10 min late) or within the urgency's
    arrive time, counted from 派工 — or from 受理 (``received_at``) where the office's
    ``arrival_from_received`` says so; ``None`` where the urgency has no arrival (咨询建议)."""
    if appointment_at is not None and appointment_at > dispatched_at:
        return appointment_at + timedelta(minutes=rules.appointment_late_minutes)
    if urgency.arrive_minutes is None:
        return None
    start = received_at if rules.arrival_from_received and received_at else dispatched_at
    return start + timedelta(minutes=urgency.arrive_minutes)


def arrival_clock_text(rules: TimeRules) -> str:
    """Which clock the arrival limit runs on, for the workbook's 口径."""
    return "自受理时间起算" if rules.arrival_from_received else "自派工时间起算"


def resolve_deadline(received_at: datetime, urgency: UrgencyRule | int) -> datetime:
    """Registration to completion within the urgency's resolve time (咨询建议: 48 h feedback);
    ``urgency`` is the rule or its resolve minutes."""
    minutes = urgency if isinstance(urgency, int) else urgency.resolve_minutes
    return received_at + timedelta(minutes=minutes)


def escalation_time(dispatched_at: datetime, rules: TimeRules) -> datetime:
    """No feedback this long after dispatch: escalate to the supervisor."""
    return dispatched_at + timedelta(minutes=rules.escalate_minutes)


def _slip_deadline_from(anchor: datetime, rules: TimeRules) -> datetime:
    day: date = anchor.date()
    if anchor.time() >= rules.slip_cutoff:
        day = day + timedelta(days=1)
    return datetime.combine(day, rules.slip_return_by)


def slip_return_deadline(
    dispatched_at: datetime, completed_at: datetime | None, rules: TimeRules
) -> datetime:
    """Slips dispatched before 14:00 come back by 17:00 that day, later ones by 17:00 the next
    day. A job finished after that time is judged from its completion instead."""
    deadline = _slip_deadline_from(dispatched_at, rules)
    if completed_at is not None and completed_at > deadline:
        deadline = _slip_deadline_from(completed_at, rules)
    return deadline


def visit_deadline(completed_at: datetime, rules: TimeRules) -> datetime:
    """The return visit is due within ``visit_hours`` of completion, or — 当日回访 — by the
    end of the desk's working day (a job finished after 下班 by the end of the next one)."""
    if not rules.visit_same_day:
        return completed_at + timedelta(hours=rules.visit_hours)
    day = completed_at.date()
    if completed_at.time() >= rules.work_end:
        day += timedelta(days=1)
    return datetime.combine(day, rules.work_end)


def visit_rule_text(rules: TimeRules) -> str:
    """The visit rule in force, for the 回访及时率's 口径."""
    if rules.visit_same_day:
        return f"当日回访（前台下班 {rules.work_end:%H:%M} 前；下班后完工的次日下班前）"
    return f"完工后 {rules.visit_hours} 小时内回访"


def second_visit_deadline(closed_at: datetime, rules: TimeRules) -> datetime:
    """An important order's second visit: within ``second_visit_days`` of its first."""
    return closed_at + timedelta(days=rules.second_visit_days)


@dataclass(frozen=True)
class OrderTimes:
    """What the deadline rules need of an order."""

    status: Status
    received_at: datetime
    status_since: datetime
    dispatched_at: datetime | None = None
    arrive_due_at: datetime | None = None
    completed_at: datetime | None = None
    appointment_at: datetime | None = None


def next_deadline(order: OrderTimes, urgency: UrgencyRule, rules: TimeRules) -> Deadline | None:
    """The earliest deadline the order must meet next, given its status; ``None`` when no step
    is due (closed, 已备案, cancelled, with the developer or an outside firm)."""
    st = order.status
    if st is Status.PENDING:
        at = dispatch_deadline(order.status_since, rules)
        again = order.dispatched_at is not None  # back after a 未完成 (or a reopening)
        if again and order.appointment_at is not None and order.appointment_at > at:
            at = order.appointment_at  # the time agreed with the owner: dispatch by then
        return Deadline(DeadlineKind.DISPATCH, at)
    if st in (Status.DISPATCHED, Status.IN_PROGRESS):
        resolve = Deadline(DeadlineKind.RESOLVE, resolve_deadline(order.received_at, urgency))
        arrive = order.arrive_due_at
        if st is Status.DISPATCHED and arrive is not None and arrive <= resolve.at:
            return Deadline(DeadlineKind.ARRIVE, arrive)
        return resolve
    if st is Status.COMPLETED:
        anchor = order.dispatched_at or order.received_at
        return Deadline(DeadlineKind.SLIP, slip_return_deadline(anchor, order.completed_at, rules))
    if st is Status.TO_VISIT:
        base = order.completed_at or order.status_since
        return Deadline(DeadlineKind.VISIT, visit_deadline(base, rules))
    return None


def is_overdue(due_at: datetime | None, now: datetime) -> bool:
    return due_at is not None and now > due_at


def arrived_on_time(arrived_at: datetime | None, arrive_due_at: datetime | None) -> bool | None:
    """``True``/``False`` once judged; ``None`` when there is no arrival rule."""
    if arrive_due_at is None:
        return None
    if arrived_at is None:
        return False
    return arrived_at <= arrive_due_at
