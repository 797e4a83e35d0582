"""The follow-up log (跟进记录): inserting notes and reading them back as records, and the few
order reads the reminder rules need. Runs in the caller's transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from propdesk.domain.enums import Kind, MatterType, Status
from propdesk.domain.followup import FollowUpRecord, NoteKind, NoteResult

from .models import FollowUp, Order, User

#: The columns of a note as a record reads them (declared once).
_COLUMNS = (
    FollowUp.id,
    FollowUp.order,
    FollowUp.at,
    User.display_name.alias("user_name"),
    FollowUp.kind,
    FollowUp.text,
    FollowUp.result,
    FollowUp.next_at,
)


def _dt(v: Any) -> datetime | None:
    if v is None or isinstance(v, datetime):
        return v
    return datetime.fromisoformat(str(v))


def _record(row: dict[str, Any]) -> FollowUpRecord:
    return FollowUpRecord(
        id=row["id"],
        order_id=row["order"],
        at=_dt(row["at"]),  # type: ignore[arg-type]
        user_name=row["user_name"],
        kind=NoteKind(row["kind"]),
        text=row["text"],
        result=NoteResult(row["result"]) if row["result"] else None,
        next_at=_dt(row["next_at"]),
    )


def _query(where: Any) -> Any:
    return (
        FollowUp.select(*_COLUMNS)
        .join(User, on=(FollowUp.user == User.id))
        .where(where)
        .order_by(FollowUp.at, FollowUp.id)
    )


def insert_note(fields: dict[str, Any]) -> int:
    return int(FollowUp.insert(**fields).execute())


def notes_for(order_id: int) -> list[FollowUpRecord]:
    return [_record(r) for r in _query(FollowUp.order == order_id).dicts()]


def notes_for_orders(order_ids: Sequence[int]) -> dict[int, list[FollowUpRecord]]:
    out: dict[int, list[FollowUpRecord]] = defaultdict(list)
    if order_ids:
        for r in _query(FollowUp.order.in_(list(order_ids))).dicts():
            out[r["order"]].append(_record(r))
    return out


def notes_between(start: datetime, end: datetime) -> list[FollowUpRecord]:
    """Notes written in [start, end), oldest first."""
    return [_record(r) for r in _query((FollowUp.at >= start) & (FollowUp.at < end)).dicts()]


def has_plan(order_id: int) -> bool:
    """Whether the order's log holds a 整改方案."""
    q = FollowUp.select(FollowUp.id).where(
        (FollowUp.order == order_id) & (FollowUp.kind == NoteKind.PLAN.value)
    )
    return q.exists()


def open_order_ids() -> list[int]:
    """Every open order (the reminders' working set), oldest first."""
    q = (
        Order.select(Order.id)
        .where(Order.status.not_in([Status.CLOSED.value, Status.CANCELLED.value]))
        .order_by(Order.received_at, Order.id)
    )
    return [r[0] for r in q.tuples()]


def earlier_complaints(
    order_id: int, phone: str, unit_id: int | None, since: datetime, before: datetime
) -> list[datetime]:
    """Received times of the other (not cancelled) complaints from the same caller phone or
    the same unit received in [since, before]."""
    same = Order.phone == phone
    if unit_id is not None:
        same = same | (Order.unit == unit_id)
    q = Order.select(Order.received_at).where(
        (Order.kind == Kind.MATTER.value)
        & (Order.matter_type == MatterType.COMPLAINT.value)
        & (Order.status != Status.CANCELLED.value)
        & (Order.id != order_id)
        & (Order.received_at >= since)
        & (Order.received_at <= before)
        & same
    )
    return [_dt(r[0]) for r in q.tuples()]  # type: ignore[misc]
