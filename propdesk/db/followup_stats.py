"""The month's follow-up facts for the KPIs (跟进及时率, 投诉处理及时率), the follow-up sheet of
the month workbook and the handover sheet's notes. (The plain SQL that cross-checks the two
KPIs lives with the tests: ``tests/db/followup_kpi_sql.py``.)"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from peewee import JOIN, fn

from propdesk.domain.enums import Kind, MatterType, Status
from propdesk.domain.followup import NoteKind
from propdesk.domain.followup_kpi import CallFact, ComplaintFact
from propdesk.domain.report_rows import FollowUpLine

from . import followup_repo
from .models import Dispatch, FollowUp, Order, Unit

_OWNER_CONTACTS = [NoteKind.CALL_OWNER.value, NoteKind.ANSWER.value]


def _dt(v: Any) -> datetime | None:
    if v is None or isinstance(v, datetime):
        return v
    return datetime.fromisoformat(str(v))


def _month_orders(start: datetime, end: datetime) -> Any:
    return (
        (Order.received_at >= start)
        & (Order.received_at < end)
        & (Order.status != Status.CANCELLED.value)
    )


def call_facts(start: datetime, end: datetime) -> list[CallFact]:
    """Every dispatch with an arrival deadline of the valid orders received in [start, end),
    with the first 致电业主 note written at or after it."""
    first_call = FollowUp.select(fn.MIN(FollowUp.at)).where(
        (FollowUp.order == Dispatch.order)
        & (FollowUp.kind == NoteKind.CALL_OWNER.value)
        & (FollowUp.at >= Dispatch.dispatched_at)
    )
    q = (
        Dispatch.select(Dispatch.order, Dispatch.dispatched_at, first_call.alias("first_call"))
        .join(Order, on=(Dispatch.order == Order.id))
        .where(_month_orders(start, end) & Dispatch.arrive_due_at.is_null(False))
        .order_by(Dispatch.order, Dispatch.seq)
    )
    return [
        CallFact(oid, _dt(at), _dt(first))  # type: ignore[arg-type]
        for oid, at, first in q.tuples()
    ]


def complaint_facts(start: datetime, end: datetime) -> list[ComplaintFact]:
    """The valid complaints received in [start, end) with their first contact (致电业主 or
    答复) after receiving them."""
    first = FollowUp.select(fn.MIN(FollowUp.at)).where(
        (FollowUp.order == Order.id)
        & FollowUp.kind.in_(_OWNER_CONTACTS)
        & (FollowUp.at >= Order.received_at)
    )
    q = (
        Order.select(Order.id, Order.received_at, first.alias("first_contact"))
        .where(
            _month_orders(start, end)
            & (Order.kind == Kind.MATTER.value)
            & (Order.matter_type == MatterType.COMPLAINT.value)
        )
        .order_by(Order.id)
    )
    return [
        ComplaintFact(oid, _dt(at), _dt(contact))  # type: ignore[arg-type]
        for oid, at, contact in q.tuples()
    ]


def _heads(where: Any) -> dict[int, tuple[str, str]]:
    """Order id -> (number, unit code or common-area location) of the orders ``where``."""
    orders = (
        Order.select(Order.id, Order.number, Order.location, Unit.code)
        .join(Unit, JOIN.LEFT_OUTER, on=(Order.unit == Unit.id))
        .where(where)
        .order_by(Order.received_at, Order.id)
    )
    return {oid: (number, code or location) for oid, number, location, code in orders.tuples()}


def month_lines(start: datetime, end: datetime) -> list[FollowUpLine]:
    """The follow-up notes of the orders received in [start, end), by order and time."""
    heads = _heads((Order.received_at >= start) & (Order.received_at < end))
    notes = followup_repo.notes_for_orders(list(heads))
    return [FollowUpLine(*heads[oid], n) for oid in heads for n in notes.get(oid, [])]


def lines_between(start: datetime, end: datetime) -> list[FollowUpLine]:
    """The notes written in [start, end) on any order, in time order (the handover sheet)."""
    notes = followup_repo.notes_between(start, end)
    heads = _heads(Order.id.in_(sorted({n.order_id for n in notes}))) if notes else {}
    return [FollowUpLine(*heads[n.order_id], n) for n in notes]
