"""The follow-up log (跟进记录): inserting notes and reading them back as records, and the few
order reads the reminder rules need. Runs in the caller's transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from peewee import JOIN, Case

from propdesk.domain.enums import AreaType, Kind, MatterType, Status
from propdesk.domain.followup import FollowUpRecord, NoteKind, NoteResult
from propdesk.domain.reminders import OrderFacts

from .models import FollowUp, Order, Unit, User
from .second_visit_query import price_review_pending, second_visit_pending

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


def reminder_order_ids() -> list[int]:
    """The ids of the orders the reminder rules read, each set found through an index (a
    few hundred of 200,000): the open orders, the important closed ones due a second visit
    and those waiting for a price review."""

    def ids(condition: Any) -> Any:
        return Order.select(Order.id).where(condition)

    open_orders = Order.status.in_([s.value for s in Status if s.is_open])
    q = ids(open_orders) | ids(second_visit_pending()) | ids(price_review_pending())
    return [oid for (oid,) in q.tuples()]


def _flag(condition: Any, alias: str) -> Any:
    return Case(None, ((condition, 1),), 0).alias(alias)


def order_facts(order_ids: Sequence[int] | None = None) -> list[tuple[OrderFacts, str, int | None]]:
    """The reminder rules' view of the open orders, the closed ones due a second visit and
    those waiting for a price review (or of ``order_ids``), oldest first, each with its caller
    phone and unit id (for 升级), in one query."""
    ids = reminder_order_ids() if order_ids is None else list(order_ids)
    q = (
        Order.select(
            Order.id,
            Order.number,
            Order.area_type,
            Order.location,
            Unit.code.alias("unit_code"),
            Order.kind,
            Order.matter_type,
            Order.status,
            Order.received_at,
            Order.status_since,
            Order.dispatched_at,
            Order.arrive_due_at,
            Order.arrived_at,
            Order.completed_at,
            Order.closed_at,
            _flag(second_visit_pending(), "second_visit_flag"),
            _flag(price_review_pending(), "price_review_flag"),
            Order.phone,
            Order.unit,
        )
        .join(Unit, JOIN.LEFT_OUTER, on=(Order.unit == Unit.id))
        .where(Order.id.in_(ids))
        .order_by(Order.received_at, Order.id)
    )
    out = []
    for r in q.dicts():
        home = r["area_type"] == AreaType.HOME.value
        facts = OrderFacts(
            id=r["id"],
            number=r["number"],
            place=(r["unit_code"] or "") if home else r["location"],
            kind=Kind(r["kind"]),
            matter_type=MatterType(r["matter_type"]) if r["matter_type"] else None,
            status=Status(r["status"]),
            received_at=_dt(r["received_at"]),  # type: ignore[arg-type]
            status_since=_dt(r["status_since"]),  # type: ignore[arg-type]
            dispatched_at=_dt(r["dispatched_at"]),
            arrive_due_at=_dt(r["arrive_due_at"]),
            arrived_at=_dt(r["arrived_at"]),
            completed_at=_dt(r["completed_at"]),
            closed_at=_dt(r["closed_at"]),
            second_visit_pending=bool(r["second_visit_flag"]),
            # issue 11 sets 待审价 at the completion that priced a line outside the 收费标准
            price_review_since=_dt(r["completed_at"]) if r["price_review_flag"] else None,
        )
        out.append((facts, r["phone"], r["unit"]))
    return out


def complaints_between(
    since: datetime, until: datetime
) -> list[tuple[int, datetime, str, int | None]]:
    """(id, received_at, phone, unit id) of the complaints (not cancelled) received in
    [since, until]."""
    q = Order.select(Order.id, Order.received_at, Order.phone, Order.unit).where(
        (Order.received_at >= since)
        & (Order.received_at <= until)
        & (Order.kind == Kind.MATTER.value)
        & (Order.matter_type == MatterType.COMPLAINT.value)
        & (Order.status != Status.CANCELLED.value)
    )
    return [(oid, _dt(at), phone, unit) for oid, at, phone, unit in q.tuples()]  # type: ignore[misc]
