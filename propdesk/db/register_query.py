"""The registers' queries: filter, sort and keyset-page orders as ``OrderRow`` records.

Filtering and sorting happen in SQL; a page is one query (plus none per row).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from peewee import JOIN, Expression, Tuple, fn

from propdesk.domain.deadlines import DeadlineKind
from propdesk.domain.enums import AreaType, FeeStatus, Kind, Status
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.domain.records import OrderRow

from .models import Category, Department, Dispatch, DispatchStaff, Order, Unit, UrgencyLevel
from .reference_repo import category_subtree_ids

CLOSED_STATES = [Status.CLOSED.value, Status.CANCELLED.value]
_FAR_FUTURE = datetime(9999, 12, 31)


def _sort_expr(key: str) -> Any:
    return {
        "received_at": Order.received_at,
        "number": Order.number,
        "status": Order.status,
        "due_at": fn.COALESCE(Order.due_at, _FAR_FUTURE),
        "caller_name": Order.caller_name,
        "place": fn.COALESCE(Unit.code, Order.location),
        "category": Category.name,
        "urgency": UrgencyLevel.sort,
        "department": fn.COALESCE(Department.name, ""),
        "total_fen": Order.total_fen,
    }[key]


def search_condition(text: str) -> Expression | None:
    """Substring match over number, unit, location, caller, phone and description."""
    text = text.strip()
    if not text:
        return None
    cond = (
        Order.number.contains(text)
        | Order.caller_name.contains(text)
        | Order.phone.contains(text)
        | Order.location.contains(text)
        | Order.description.contains(text)
        | Order.unit.in_(Unit.select(Unit.id).where(Unit.code.contains(text)))
    )
    return cond


def conditions(f: OrderFilter, now: datetime) -> list[Expression]:
    conds: list[Expression] = []
    if f.date_from:
        conds.append(Order.received_at >= datetime.combine(f.date_from, time.min))
    if f.date_to:
        conds.append(Order.received_at < datetime.combine(f.date_to + timedelta(days=1), time.min))
    if f.statuses:
        conds.append(Order.status.in_([s.value for s in f.statuses]))
    if f.open_only:
        conds.append(Order.status.not_in(CLOSED_STATES))
    if f.kind:
        conds.append(Order.kind == f.kind.value)
    if f.area_type:
        conds.append(Order.area_type == f.area_type.value)
    if f.category_id:
        conds.append(Order.category.in_(category_subtree_ids(f.category_id)))
    if f.department_id:
        conds.append(Order.department == f.department_id)
    if f.urgency_id:
        conds.append(Order.urgency == f.urgency_id)
    if f.unit_id:
        conds.append(Order.unit == f.unit_id)
    if f.paid_only:
        conds.append(Order.paid == True)  # noqa: E712
    if f.overdue:
        conds.append(Order.due_at < now)
    if f.staff_id:
        sub = (
            Dispatch.select(Dispatch.order)
            .join(DispatchStaff)
            .where(DispatchStaff.staff == f.staff_id)
        )
        conds.append(Order.id.in_(sub))
    search = search_condition(f.search)
    if search is not None:
        conds.append(search)
    return conds


_ROW_FIELDS = (
    Order.id,
    Order.number,
    Order.kind,
    Order.status,
    Order.received_at,
    Order.caller_name,
    Order.phone,
    Unit.code,
    Order.location,
    Order.area_type,
    Category.name,
    UrgencyLevel.name,
    Department.name,
    Order.staff_names,
    Order.description,
    Order.due_at,
    Order.due_kind,
    Order.paid,
    Order.total_fen,
    Order.fee_status,
    Order.version,
)


def _base_query(f: OrderFilter, now: datetime, fields: tuple[Any, ...] = _ROW_FIELDS) -> Any:
    q = (
        Order.select(*fields)
        .join(Category, on=(Order.category == Category.id))
        .switch(Order)
        .join(UrgencyLevel, on=(Order.urgency == UrgencyLevel.id))
        .switch(Order)
        .join(Department, JOIN.LEFT_OUTER, on=(Order.department == Department.id))
        .switch(Order)
        .join(Unit, JOIN.LEFT_OUTER, on=(Order.unit == Unit.id))
    )
    conds = conditions(f, now)
    if conds:
        q = q.where(*conds)
    return q


def _dt(v: Any) -> datetime | None:
    if v is None or isinstance(v, datetime):
        return v
    return datetime.fromisoformat(str(v))


def _row(t: tuple[Any, ...]) -> OrderRow:
    (oid, number, kind, status, received_at, caller, phone, unit_code, location, area,
     cat, urg, dept, staff, desc, due_at, due_kind, paid, total, fee_status, version) = t
    area_type = AreaType(area)
    return OrderRow(
        id=oid,
        number=number,
        kind=Kind(kind),
        status=Status(status),
        received_at=_dt(received_at),  # type: ignore[arg-type]
        caller_name=caller,
        phone=phone,
        place=(unit_code or "") if area_type is AreaType.HOME else location,
        area_type=area_type,
        category_name=cat,
        urgency_name=urg,
        department_name=dept or "",
        staff_names=staff or "",
        description=desc,
        due_at=_dt(due_at),
        due_kind=DeadlineKind(due_kind) if due_kind else None,
        paid=bool(paid),
        total_fen=total,
        fee_status=FeeStatus(fee_status) if fee_status else None,
        version=version,
    )


def page(
    f: OrderFilter, sort: Sort, req: PageRequest, now: datetime
) -> tuple[list[OrderRow], tuple[object, int] | None]:
    """One page of rows in sort order after ``req.after``; returns the rows and the key to
    pass as ``after`` for the next page (``None`` at the end)."""
    key = _sort_expr(sort.key)
    q = _base_query(f, now, (*_ROW_FIELDS, key))
    if req.after is not None:
        value, last_id = req.after
        if sort.descending:
            q = q.where(Tuple(key, Order.id) < Tuple(value, last_id))
        else:
            q = q.where(Tuple(key, Order.id) > Tuple(value, last_id))
    if sort.descending:
        q = q.order_by(key.desc(), Order.id.desc())
    else:
        q = q.order_by(key.asc(), Order.id.asc())
    raw = list(q.limit(req.limit + 1).tuples())
    more = len(raw) > req.limit
    raw = raw[: req.limit]
    rows = [_row(t[:-1]) for t in raw]
    next_key = (raw[-1][-1], raw[-1][0]) if more and raw else None
    return rows, next_key


def count(f: OrderFilter, now: datetime) -> int:
    return int(_base_query(f, now, (fn.COUNT(Order.id),)).scalar() or 0)


def rows_by_ids(ids: list[int]) -> list[OrderRow]:
    if not ids:
        return []
    q = _base_query(OrderFilter(), datetime.now(), _ROW_FIELDS).where(Order.id.in_(ids))
    by_id = {t[0]: _row(t) for t in q.tuples()}
    return [by_id[i] for i in ids if i in by_id]


def overdue_count(now: datetime) -> int:
    return int(Order.select(fn.COUNT(Order.id)).where(Order.due_at < now).scalar() or 0)


def newly_overdue(since: datetime, now: datetime) -> list[OrderRow]:
    """Orders whose deadline fell in (since, now] — each announced once by the caller."""
    q = _base_query(OrderFilter(), now).where((Order.due_at > since) & (Order.due_at <= now))
    return [_row(t) for t in q.order_by(Order.due_at).tuples()]


def recent_for_unit(unit_id: int, limit: int = 10) -> list[OrderRow]:
    q = _base_query(OrderFilter(unit_id=unit_id), datetime.now())
    return [_row(t) for t in q.order_by(Order.received_at.desc(), Order.id.desc()).limit(limit).tuples()]
