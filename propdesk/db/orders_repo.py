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

from propdesk.domain.deadlines import DeadlineKind
from propdesk.domain.enums import (
    CLOSED_STATUSES,
    AreaType,
    Channel,
    FeeStatus,
    Kind,
    MaterialCheck,
    MaterialSource,
    MatterType,
    PriceReview,
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
from .prepared import Prepared, insert_row, insert_rows, update_row

_COUNTER_SEQ = Prepared(
    lambda year: NumberCounter.select(NumberCounter.last_seq).where(NumberCounter.year == year),
    "i",
)


_COUNTER_BUMP = Prepared(
    lambda year: NumberCounter.update(last_seq=NumberCounter.last_seq + 1).where(
        NumberCounter.year == year
    ),
    "i",
)


def next_number(year: int) -> str:
    """Take the next order number of ``year`` (caller holds the write transaction)."""
    updated = _COUNTER_BUMP.execute(Order._meta.database, year).rowcount
    if not updated:
        start = (
            Order.select(fn.COUNT(Order.id)).where(Order.number.startswith(str(year))).scalar() or 0
        )
        NumberCounter.insert(year=year, last_seq=start + 1).execute()
    seq = _COUNTER_SEQ.tuples(Order._meta.database, year)[0][0]
    return format_number(year, seq)


def insert_order(fields: dict[str, Any]) -> int:
    return insert_row(Order, fields)


def update_order(order_id: int, expected_version: int, fields: dict[str, Any]) -> int:
    """Write ``fields`` only if the stored version is ``expected_version``; returns the new
    version. ``ConflictError`` when someone else saved first."""
    new_version = expected_version + 1
    n = update_row(
        Order, {**fields, "version": new_version}, {"id": order_id, "version": expected_version}
    )
    if n != 1:
        raise ConflictError()
    return new_version


_ORDER_ROW = Prepared(lambda oid: Order.select().where(Order.id == oid), "i")


def order_row_values(order_id: int) -> dict[str, Any] | None:
    """The raw column values of one order (for diffs and audit)."""
    rows = _ORDER_ROW.dicts(Order._meta.database, order_id)
    return rows[0] if rows else None


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
    did = insert_row(
        Dispatch,
        {
            "order": order_id,
            "seq": seq,
            "dispatched_at": dispatched_at,
            "dispatcher": dispatcher_id,
            "department": department_id,
            "arrive_due_at": arrive_due_at,
            "note": note,
        },
    )
    insert_rows(DispatchStaff, [{"dispatch": did, "staff": s} for s in staff_ids])
    return did


_LAST_DISPATCH = Prepared(
    lambda oid: (
        Dispatch.select(Dispatch.id, Dispatch.seq)
        .where(Dispatch.order == oid)
        .order_by(Dispatch.seq.desc())
        .limit(1)
    ),
    "i",
)


def last_dispatch_id(order_id: int) -> tuple[int, int] | None:
    """(id, seq) of the order's latest dispatch."""
    rows = _LAST_DISPATCH.tuples(Order._meta.database, order_id)
    return (rows[0][0], rows[0][1]) if rows else None


def update_dispatch(dispatch_id: int, fields: dict[str, Any]) -> None:
    Dispatch.update(**fields).where(Dispatch.id == dispatch_id).execute()


def staff_names(staff_ids: Iterable[int]) -> dict[int, str]:
    ids = list(staff_ids)
    if not ids:
        return {}
    return {s.id: s.name for s in Staff.select(Staff.id, Staff.name).where(Staff.id.in_(ids))}


_ACTIVE_STAFF: dict[int, Prepared] = {}


def active_staff(staff_ids: Sequence[int]) -> dict[int, tuple[str, int | None]]:
    """The active ones of ``staff_ids``: id -> (name, department id), in one query."""
    ids = list(dict.fromkeys(staff_ids))
    if not ids:
        return {}
    prepared = _ACTIVE_STAFF.get(len(ids))
    if prepared is None:
        prepared = _ACTIVE_STAFF[len(ids)] = Prepared(
            lambda *sid: Staff.select(Staff.id, Staff.name, Staff.department).where(
                Staff.id.in_(list(sid)) & (Staff.active == True)  # noqa: E712
            ),
            "i" * len(ids),
        )
    return {sid: (name, dept) for sid, name, dept in prepared.tuples(Staff._meta.database, *ids)}


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
    insert_row(
        OrderEventRow,
        {
            "order": order_id,
            "at": at,
            "user": user_id,
            "action": action,
            "from_status": from_status.value if from_status else None,
            "to_status": to_status.value,
            "note": note,
        },
    )


def insert_audit(rows: Sequence[dict[str, Any]]) -> None:
    insert_rows(AuditLog, rows)


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


# One order (the hot path: every service call returns its fresh order): the same queries,
# compiled once.
_ONE_ORDER = Prepared(lambda oid: _order_query(Order.id == oid), "i")
_ONE_DISPATCHES = Prepared(lambda oid: _dispatch_query(Dispatch.order == oid), "i")
_ONE_STAFF_LINKS = Prepared(
    lambda oid: _staff_links_query(
        DispatchStaff.dispatch.in_(Dispatch.select(Dispatch.id).where(Dispatch.order == oid))
    ),
    "i",
)
_ONE_MATERIALS = Prepared(lambda oid: _material_query(MaterialLineRow.order == oid), "i")
_ONE_VISITS = Prepared(lambda oid: _visit_query(Visit.order == oid), "i")
_ONE_EVENTS = Prepared(lambda oid: _event_query(OrderEventRow.order == oid), "i")


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
    db = Order._meta.database
    found = _ONE_ORDER.dicts(db, order_id)
    if not found:
        return None
    if just_created:
        drows: list[dict[str, Any]] = []
        mrows: list[dict[str, Any]] = []
        vrows: list[dict[str, Any]] = []
    else:
        drows = _ONE_DISPATCHES.dicts(db, order_id)
        mrows = _ONE_MATERIALS.dicts(db, order_id)
        vrows = _ONE_VISITS.dicts(db, order_id)
    lrows = _ONE_STAFF_LINKS.tuples(db, order_id) if drows else []
    erows = _ONE_EVENTS.dicts(db, order_id)
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
            OrderRecord(
                id=r["id"],
                number=r["number"],
                kind=Kind(r["kind"]),
                matter_type=MatterType(r["matter_type"]) if r["matter_type"] else None,
                area_type=AreaType(r["area_type"]),
                channel=Channel(r["channel"]),
                status=Status(r["status"]),
                received_at=_dt(r["received_at"]),  # type: ignore[arg-type]
                receiver_name=r["receiver_name"],
                caller_name=r["caller_name"],
                phone=r["phone"],
                unit_id=r["unit"],
                unit_code=r["unit_code"] or "",
                location=r["location"],
                category_id=r["category"],
                category_name=r["category_name"],
                description=r["description"],
                urgency_id=r["urgency"],
                urgency_name=r["urgency_name"],
                is_emergency=bool(r["is_emergency"]),
                appointment_at=_dt(r["appointment_at"]),
                paid=bool(r["paid"]),
                material_source=MaterialSource(r["material_source"]),
                developer_warranty=bool(r["developer_warranty"]),
                department_id=r["department"],
                department_name=r["department_name"] or "",
                due_at=_dt(r["due_at"]),
                due_kind=DeadlineKind(r["due_kind"]) if r["due_kind"] else None,
                dispatched_at=_dt(r["dispatched_at"]),
                arrived_at=_dt(r["arrived_at"]),
                completed_at=_dt(r["completed_at"]),
                slip_returned_at=_dt(r["slip_returned_at"]),
                visited_at=_dt(r["visited_at"]),
                closed_at=_dt(r["closed_at"]),
                cancel_reason=r["cancel_reason"],
                developer_note=r["developer_note"],
                work_done=r["work_done"],
                labour_fen=r["labour_fen"],
                material_fen=r["material_fen"],
                total_fen=r["total_fen"],
                fee_status=FeeStatus(r["fee_status"]) if r["fee_status"] else None,
                fee_paid_at=_dt(r["fee_paid_at"]),
                receipt_no=r["receipt_no"],
                fee_note=r["fee_note"],
                satisfaction=Satisfaction(r["satisfaction"]) if r["satisfaction"] else None,
                is_rework=bool(r["is_rework"]),
                version=r["version"],
                important=bool(r["important"]),
                remark=r["remark"],
                price_review=PriceReview(r["price_review"]) if r["price_review"] else None,
                price_reviewed_at=_dt(r["price_reviewed_at"]),
                declined_at=_dt(r["declined_at"]),
                decline_reason=r["decline_reason"],
                developer_contact=r["developer_contact"],
                developer_notified_at=_dt(r["developer_notified_at"]),
                dispatches=tuple(dispatches.get(oid, ())),
                materials=tuple(materials.get(oid, ())),
                visits=tuple(visits.get(oid, ())),
                events=tuple(events.get(oid, ())),
            )
        )
    return out


_OPEN_SAME_CATEGORY = Prepared(
    lambda unit_id, category_id: (
        Order.select(Order.number)
        .where(
            (Order.unit == unit_id)
            & (Order.category == category_id)
            & Order.status.not_in([s.value for s in CLOSED_STATUSES])
        )
        .order_by(Order.received_at.desc())
    ),
    "ii",
)


def open_same_category(unit_id: int, category_id: int) -> list[str]:
    """Numbers of the unit's open orders in this category (重复报修)."""
    return [r[0] for r in _OPEN_SAME_CATEGORY.tuples(Order._meta.database, unit_id, category_id)]


def _completed_query(unit_id: Any, category_id: Any, since: Any, until: Any = None) -> Any:
    return (
        Order.select(Order.number)
        .where(
            (Order.unit == unit_id)
            & (Order.category == category_id)
            & (Order.completed_at >= since)
            & ((Order.completed_at <= until) if until is not None else True)
        )
        .order_by(Order.completed_at.desc())
    )


#: the times go in as marker text (peewee leaves text for a datetime column as it is) and
#: are replaced by the datetimes themselves, which the driver stores as peewee would
_COMPLETED_BETWEEN = Prepared(_completed_query, "iiss")


def completed_same_category_since(
    unit_id: int, category_id: int, since: datetime, until: datetime | None = None
) -> list[str]:
    """Numbers of the unit's orders in this category completed in [since, until] (返修)."""
    if until is None:
        return [o.number for o in _completed_query(unit_id, category_id, since)]
    rows = _COMPLETED_BETWEEN.tuples(Order._meta.database, unit_id, category_id, since, until)
    return [r[0] for r in rows]
