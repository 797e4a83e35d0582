"""Order persistence: inserts and version-checked updates, and reading whole orders.

Every function runs inside the caller's transaction (services open it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from peewee import JOIN, fn

from propdesk.domain.enums import (
    CLOSED_STATUSES,
    MaterialCheck,
    Satisfaction,
    Status,
    VisitMethod,
    WorkResult,
)
from propdesk.domain.errors import ConflictError
from propdesk.domain.lifecycle import ACTION_LABELS, Action
from propdesk.domain.numbering import format_number
from propdesk.domain.records import (
    DispatchRecord,
    MaterialLine,
    OrderEvent,
    OrderRecord,
    VisitRecord,
)

from .models import (
    AuditLog,
    Category,
    Department,
    Dispatch,
    DispatchStaff,
    MaterialLineRow,
    NumberCounter,
    Order,
    OrderEventRow,
    Staff,
    Unit,
    UrgencyLevel,
    User,
    Visit,
)
from .rows import record


def next_number(year: int) -> str:
    """Take the next order number of ``year`` (caller holds the write transaction)."""
    updated = (
        NumberCounter.update(last_seq=NumberCounter.last_seq + 1)
        .where(NumberCounter.year == year)
        .execute()
    )
    if not updated:
        start = (
            Order.select(fn.COUNT(Order.id)).where(Order.number.startswith(str(year))).scalar() or 0
        )
        NumberCounter.insert(year=year, last_seq=start + 1).execute()
    seq = NumberCounter.select(NumberCounter.last_seq).where(NumberCounter.year == year).scalar()
    return format_number(year, seq)


def insert_order(fields: dict[str, Any]) -> int:
    return int(Order.insert(**fields).execute())


def update_order(order_id: int, expected_version: int, fields: dict[str, Any]) -> int:
    """Write ``fields`` only if the stored version is ``expected_version``; returns the new
    version. ``ConflictError`` when someone else saved first."""
    new_version = expected_version + 1
    n = (
        Order.update(**fields, version=new_version)
        .where((Order.id == order_id) & (Order.version == expected_version))
        .execute()
    )
    if n != 1:
        raise ConflictError()
    return new_version


def order_row_values(order_id: int) -> dict[str, Any] | None:
    """The raw column values of one order (for diffs and audit)."""
    return Order.select().where(Order.id == order_id).dicts().first()


def order_id_by_number(number: str) -> int | None:
    row = Order.select(Order.id).where(Order.number == number.strip()).first()
    return row.id if row else None


def insert_dispatch(
    order_id: int,
    seq: int,
    dispatched_at: datetime,
    dispatcher_id: int,
    department_id: int | None,
    staff_ids: Sequence[int],
    arrive_due_at: datetime | None,
    note: str = "",
) -> int:
    did = int(
        Dispatch.insert(
            order=order_id,
            seq=seq,
            dispatched_at=dispatched_at,
            dispatcher=dispatcher_id,
            department=department_id,
            arrive_due_at=arrive_due_at,
            note=note,
        ).execute()
    )
    if staff_ids:
        DispatchStaff.insert_many([{"dispatch": did, "staff": s} for s in staff_ids]).execute()
    return did


def last_dispatch_id(order_id: int) -> tuple[int, int] | None:
    """(id, seq) of the order's latest dispatch."""
    row = (
        Dispatch.select(Dispatch.id, Dispatch.seq)
        .where(Dispatch.order == order_id)
        .order_by(Dispatch.seq.desc())
        .tuples()
        .first()
    )
    return (row[0], row[1]) if row else None


def update_dispatch(dispatch_id: int, fields: dict[str, Any]) -> None:
    Dispatch.update(**fields).where(Dispatch.id == dispatch_id).execute()


def staff_names(staff_ids: Iterable[int]) -> dict[int, str]:
    ids = list(staff_ids)
    if not ids:
        return {}
    return {s.id: s.name for s in Staff.select(Staff.id, Staff.name).where(Staff.id.in_(ids))}


def active_staff(staff_ids: Sequence[int]) -> dict[int, tuple[str, int | None]]:
    """The active ones of ``staff_ids``: id -> (name, department id), in one query."""
    ids = list(dict.fromkeys(staff_ids))
    if not ids:
        return {}
    q = Staff.select(Staff.id, Staff.name, Staff.department).where(
        Staff.id.in_(ids) & (Staff.active == True)  # noqa: E712
    )
    return {sid: (name, dept) for sid, name, dept in q.tuples()}


def active_staff_ids(staff_ids: Iterable[int]) -> set[int]:
    ids = list(staff_ids)
    if not ids:
        return set()
    q = Staff.select(Staff.id).where(Staff.id.in_(ids) & (Staff.active == True))  # noqa: E712
    return {s.id for s in q}


def replace_materials(order_id: int, lines: Sequence[MaterialLine]) -> None:
    MaterialLineRow.delete().where(MaterialLineRow.order == order_id).execute()
    for i, line in enumerate(lines, start=1):
        MaterialLineRow.insert(
            order=order_id,
            line_no=i,
            name=line.name,
            quantity=str(line.quantity),
            unit=line.unit,
            unit_price_fen=line.unit_price_fen,
            amount_fen=line.amount_fen,
            fee_item=line.fee_item_id,
            owner_supplied=line.owner_supplied,
            check_result=line.check.value if line.check else None,
            check_note=line.check_note,
        ).execute()


def insert_visit(fields: dict[str, Any]) -> int:
    return int(Visit.insert(**fields).execute())


def insert_event(
    order_id: int,
    at: datetime,
    user_id: int,
    action: str,
    from_status: Status | None,
    to_status: Status,
    note: str = "",
) -> None:
    OrderEventRow.insert(
        order=order_id,
        at=at,
        user=user_id,
        action=action,
        from_status=from_status.value if from_status else None,
        to_status=to_status.value,
        note=note,
    ).execute()


def insert_audit(rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        AuditLog.insert_many(rows).execute()


# --- reading ---------------------------------------------------------------------------


def _dt(v: Any) -> datetime | None:
    if v is None or isinstance(v, datetime):
        return v
    return datetime.fromisoformat(str(v))


def _order_query(where: Any) -> Any:
    return (
        Order.select(
            Order,
            Category.name.alias("category_name"),
            UrgencyLevel.name.alias("urgency_name"),
            UrgencyLevel.is_emergency.alias("is_emergency"),
            Department.name.alias("department_name"),
            Unit.code.alias("unit_code"),
            User.display_name.alias("receiver_name"),
        )
        .join(Category, on=(Order.category == Category.id))
        .switch(Order)
        .join(UrgencyLevel, on=(Order.urgency == UrgencyLevel.id))
        .switch(Order)
        .join(Department, JOIN.LEFT_OUTER, on=(Order.department == Department.id))
        .switch(Order)
        .join(Unit, JOIN.LEFT_OUTER, on=(Order.unit == Unit.id))
        .switch(Order)
        .join(User, on=(Order.receiver == User.id))
        .where(where)
    )


def _dispatch_query(where: Any) -> Any:
    return (
        Dispatch.select(
            Dispatch, User.display_name.alias("dispatcher_name"), Department.name.alias("dept")
        )
        .join(User, on=(Dispatch.dispatcher == User.id))
        .switch(Dispatch)
        .join(Department, JOIN.LEFT_OUTER, on=(Dispatch.department == Department.id))
        .where(where)
        .order_by(Dispatch.order, Dispatch.seq)
    )


def _staff_links_query(where: Any) -> Any:
    return (
        DispatchStaff.select(DispatchStaff.dispatch, Staff.id, Staff.name)
        .join(Staff)
        .where(where)
        .order_by(DispatchStaff.dispatch, Staff.id)
    )


def _material_query(where: Any) -> Any:
    return (
        MaterialLineRow.select()
        .where(where)
        .order_by(MaterialLineRow.order, MaterialLineRow.line_no)
    )


def _visit_query(where: Any) -> Any:
    return (
        Visit.select(Visit, User.display_name.alias("visitor_name"))
        .join(User)
        .where(where)
        .order_by(Visit.order, Visit.visited_at, Visit.id)
    )


def _event_query(where: Any) -> Any:
    return (
        OrderEventRow.select(OrderEventRow, User.display_name.alias("user_name"))
        .join(User)
        .where(where)
        .order_by(OrderEventRow.order, OrderEventRow.at, OrderEventRow.id)
    )


def load_orders(order_ids: Sequence[int]) -> list[OrderRecord]:
    """Whole orders, in the order of ``order_ids``, with a fixed number of queries."""
    if not order_ids:
        return []
    ids = list(order_ids)
    rows = {r["id"]: r for r in _order_query(Order.id.in_(ids)).dicts()}
    drows = list(_dispatch_query(Dispatch.order.in_(ids)).dicts())
    lrows: list[tuple[int, int, str]] = []
    if drows:
        lrows = list(
            _staff_links_query(DispatchStaff.dispatch.in_([d["id"] for d in drows])).tuples()
        )
    mrows = list(_material_query(MaterialLineRow.order.in_(ids)).dicts())
    vrows = list(_visit_query(Visit.order.in_(ids)).dicts())
    erows = list(_event_query(OrderEventRow.order.in_(ids)).dicts())
    return _records(ids, rows, drows, lrows, mrows, vrows, erows)


def load_order(order_id: int, *, just_created: bool = False) -> OrderRecord | None:
    """One whole order. ``just_created``: the order was inserted in the caller's (still
    open) transaction, so it has no dispatches, materials nor visits to look for."""
    found = list(_order_query(Order.id == order_id).dicts())
    if not found:
        return None
    if just_created:
        drows: list[dict[str, Any]] = []
        mrows: list[dict[str, Any]] = []
        vrows: list[dict[str, Any]] = []
    else:
        drows = list(_dispatch_query(Dispatch.order == order_id).dicts())
        mrows = list(_material_query(MaterialLineRow.order == order_id).dicts())
        vrows = list(_visit_query(Visit.order == order_id).dicts())
    lrows: list[tuple[int, int, str]] = []
    if drows:
        lrows = list(
            _staff_links_query(DispatchStaff.dispatch.in_([d["id"] for d in drows])).tuples()
        )
    erows = list(_event_query(OrderEventRow.order == order_id).dicts())
    return _records([order_id], {order_id: found[0]}, drows, lrows, mrows, vrows, erows)[0]


def _records(
    ids: list[int],
    rows: dict[int, dict[str, Any]],
    drows: list[dict[str, Any]],
    lrows: list[tuple[int, int, str]],
    mrows: list[dict[str, Any]],
    vrows: list[dict[str, Any]],
    erows: list[dict[str, Any]],
) -> list[OrderRecord]:
    dispatches: dict[int, list[DispatchRecord]] = defaultdict(list)
    links: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for did, sid, sname in lrows:
        links[did].append((sid, sname))
    for d in drows:
        staff = links.get(d["id"], [])
        dispatches[d["order"]].append(
            DispatchRecord(
                id=d["id"],
                seq=d["seq"],
                dispatched_at=_dt(d["dispatched_at"]),  # type: ignore[arg-type]
                dispatcher_name=d["dispatcher_name"],
                department_id=d["department"],
                department_name=d["dept"] or "",
                staff_ids=tuple(s[0] for s in staff),
                staff_names=tuple(s[1] for s in staff),
                arrive_due_at=_dt(d["arrive_due_at"]),
                arrived_at=_dt(d["arrived_at"]),
                finished_at=_dt(d["finished_at"]),
                result=WorkResult(d["result"]) if d["result"] else None,
                incomplete_reason=d["incomplete_reason"],
                new_appointment_at=_dt(d["new_appointment_at"]),
                note=d["note"],
            )
        )

    materials: dict[int, list[MaterialLine]] = defaultdict(list)
    for m in mrows:
        materials[m["order"]].append(
            MaterialLine(
                name=m["name"],
                quantity=Decimal(m["quantity"]),
                unit=m["unit"],
                unit_price_fen=m["unit_price_fen"],
                amount_fen=m["amount_fen"],
                fee_item_id=m["fee_item"],
                owner_supplied=bool(m["owner_supplied"]),
                check=MaterialCheck(m["check_result"]) if m["check_result"] else None,
                check_note=m["check_note"],
            )
        )

    visits: dict[int, list[VisitRecord]] = defaultdict(list)
    for v in vrows:
        visits[v["order"]].append(
            VisitRecord(
                id=v["id"],
                visited_at=_dt(v["visited_at"]),  # type: ignore[arg-type]
                method=VisitMethod(v["method"]),
                visitor_name=v["visitor_name"],
                satisfaction=Satisfaction(v["satisfaction"]),
                opinion=v["opinion"],
                reopened=v["reopened"],
                follow_up=v["follow_up"],
            )
        )

    events: dict[int, list[OrderEvent]] = defaultdict(list)
    for e in erows:
        action = e["action"]
        try:
            label = ACTION_LABELS[Action(action)]
        except ValueError:
            label = {
                "register": "登记",
                "edit": "修改",
                "fee": "收费",
                "approve_price": "审价",
                "notes": "修改重要/备注",
            }.get(action, action)
        events[e["order"]].append(
            OrderEvent(
                at=_dt(e["at"]),  # type: ignore[arg-type]
                user_name=e["user_name"],
                action=action,
                action_label=label,
                from_status=Status(e["from_status"]) if e["from_status"] else None,
                to_status=Status(e["to_status"]),
                note=e["note"],
            )
        )

    out = []
    for oid in ids:
        r = rows.get(oid)
        if r is None:
            continue
        out.append(
            record(
                OrderRecord,
                r,
                unit_id=r["unit"],
                category_id=r["category"],
                urgency_id=r["urgency"],
                department_id=r["department"],
                dispatches=tuple(dispatches.get(oid, ())),
                materials=tuple(materials.get(oid, ())),
                visits=tuple(visits.get(oid, ())),
                events=tuple(events.get(oid, ())),
            )
        )
    return out


def open_same_category(unit_id: int, category_id: int) -> list[str]:
    """Numbers of the unit's open orders in this category (重复报修)."""
    q = (
        Order.select(Order.number)
        .where(
            (Order.unit == unit_id)
            & (Order.category == category_id)
            & Order.status.not_in([s.value for s in CLOSED_STATUSES])
        )
        .order_by(Order.received_at.desc())
    )
    return [r[0] for r in q.tuples()]


def completed_same_category_since(
    unit_id: int, category_id: int, since: datetime, until: datetime | None = None
) -> list[str]:
    """Numbers of the unit's orders in this category completed in [since, until] (返修)."""
    q = Order.select(Order.number).where(
        (Order.unit == unit_id) & (Order.category == category_id) & (Order.completed_at >= since)
    )
    if until is not None:
        q = q.where(Order.completed_at <= until)
    return [r[0] for r in q.order_by(Order.completed_at.desc()).tuples()]
