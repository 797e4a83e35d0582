"""The shift handover sheet (交接班记录): the open orders the next shift inherits.

``handover_sections`` sorts the open orders into the sheet's tables (pure, testable);
``render_handover`` prints them, A4 landscape, with a summary line, a box for handover notes
and the signature line. Closed and cancelled orders passed in are ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from propdesk.domain.enums import Status
from propdesk.domain.records import OrderRecord, OrderRow
from propdesk.domain.reminders import Reminder
from propdesk.domain.report_rows import FollowUpLine
from propdesk.domain.settings import OfficeSettings

__all__ = [
    "FollowUpPart",
    "HandoverLine",
    "HandoverSection",
    "handover_sections",
    "render_handover",
]

SLIP_OUT = (Status.DISPATCHED, Status.IN_PROGRESS, Status.COMPLETED)


@dataclass(frozen=True)
class HandoverLine:
    """One order as the handover sheet shows it."""

    number: str
    status: Status
    received_at: datetime
    caller_name: str
    phone: str
    place: str
    category_name: str
    urgency_name: str
    staff: str
    description: str
    due: str  # "回访 03-05 17:00" or ""
    overdue: bool


@dataclass(frozen=True)
class FollowUpPart:
    """交接班回访跟进记录 at ``now``: what the next shift chases and today's notes."""

    now: datetime
    pending: tuple[Reminder, ...]
    notes: tuple[FollowUpLine, ...]


@dataclass(frozen=True)
class HandoverSection:
    title: str
    lines: tuple[HandoverLine, ...]


def _staff(order: OrderRow | OrderRecord) -> str:
    if isinstance(order, OrderRow):
        return order.staff_names or order.department_name
    last = order.last_dispatch
    names = "、".join(last.staff_names) if last else ""
    return names or order.department_name


def to_line(order: OrderRow | OrderRecord, now: datetime) -> HandoverLine:
    overdue = order.due_at is not None and order.due_at < now
    due = ""
    if order.due_at is not None:
        kind = order.due_kind.label if order.due_kind else "时限"
        due = f"{kind} {order.due_at:%m-%d %H:%M}" + (" 超时" if overdue else "")
    return HandoverLine(
        number=order.number,
        status=order.status,
        received_at=order.received_at,
        caller_name=order.caller_name,
        phone=order.phone,
        place=order.place,
        category_name=order.category_name,
        urgency_name=order.urgency_name,
        staff=_staff(order),
        description=order.description,
        due=due,
        overdue=overdue,
    )


def handover_sections(
    orders: Sequence[OrderRow | OrderRecord], now: datetime
) -> tuple[HandoverSection, ...]:
    """The open orders in the sheet's tables; each order appears once, overdue ones first.

    Tables: 超时工单 (a deadline passed at ``now``), 待派工, 派工单在外（未回单） (dispatched,
    in progress, or completed but slip not back), 待回访, 其他未完成 (e.g. 已转开发商).
    Within a table, orders keep the order given.
    """
    lines = [to_line(o, now) for o in orders if o.status.is_open]
    overdue = [line for line in lines if line.overdue]
    rest = [line for line in lines if not line.overdue]
    return (
        HandoverSection("超时工单", tuple(overdue)),
        HandoverSection("待派工", tuple(x for x in rest if x.status is Status.PENDING)),
        HandoverSection("派工单在外（未回单）", tuple(x for x in rest if x.status in SLIP_OUT)),
        HandoverSection("待回访", tuple(x for x in rest if x.status is Status.TO_VISIT)),
        HandoverSection(
            "其他未完成",
            tuple(x for x in rest if x.status not in (Status.PENDING, Status.TO_VISIT, *SLIP_OUT)),
        ),
    )


def summary(orders: Sequence[OrderRow | OrderRecord], now: datetime) -> str:
    """``"未完成 12 单　其中超时 3 单　待派工 1 单　派工单在外 5 张　待回访 4 单"``."""
    open_orders = [o for o in orders if o.status.is_open]
    overdue = sum(1 for o in open_orders if o.due_at is not None and o.due_at < now)
    pending = sum(1 for o in open_orders if o.status is Status.PENDING)
    out = sum(1 for o in open_orders if o.status in SLIP_OUT)
    visits = sum(1 for o in open_orders if o.status is Status.TO_VISIT)
    return (
        f"未完成 {len(open_orders)} 单　其中超时 {overdue} 单　待派工 {pending} 单　"
        f"派工单在外 {out} 张　待回访 {visits} 单"
    )


def render_handover(
    orders: Sequence[OrderRow | OrderRecord],
    settings: OfficeSettings,
    *,
    day: date,
    now: datetime,
    printed_by: str,
    shift: str = "",
    notes: str = "",
    follow_up: FollowUpPart | None = None,
) -> bytes:
    """The 交接班记录 of ``day`` as PDF bytes (A4 landscape, as many pages as needed).

    ``now`` decides what is overdue and is printed as the print time; ``shift`` (e.g. 白班)
    and ``notes`` (交接事项) are printed when given, otherwise the notes box is left blank for
    handwriting. ``follow_up``: the 交接班回访跟进记录 tables (待跟进 and today's notes).
    """
    from .handover_pdf import HandoverDoc, build_pdf

    doc = HandoverDoc(
        office=settings.office_name,
        project=settings.project_name,
        day=day,
        now=now,
        printed_by=printed_by,
        shift=shift,
        notes=notes,
        summary=summary(orders, now),
        sections=handover_sections(orders, now),
        follow_up=follow_up,
    )
    return build_pdf(doc)
