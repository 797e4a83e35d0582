"""Reading the audit log: filtered, newest first, keyset-paged; and names for the ids it
stores."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

from peewee import fn

from propdesk.domain.audit import AuditEntry, AuditFilter

from .models import (
    AuditLog,
    Category,
    Department,
    FeeItem,
    Order,
    Staff,
    Unit,
    UrgencyLevel,
    User,
)

#: entity -> (model, column naming a row for people)
_NAMED: dict[str, tuple[Any, Any]] = {
    "order": (Order, Order.number),
    "unit": (Unit, Unit.code),
    "user": (User, User.username),
    "staff": (Staff, Staff.name),
    "department": (Department, Department.name),
    "category": (Category, Category.name),
    "urgency": (UrgencyLevel, UrgencyLevel.name),
    "fee_item": (FeeItem, FeeItem.name),
}

#: audit fields holding an id of another table -> the entity it names
REFERENCE_FIELDS: dict[str, str] = {
    "unit": "unit",
    "category": "category",
    "urgency": "urgency",
    "department": "department",
    "receiver": "user",
    "staff": "staff",
    "parent": "category",
    "default_department": "department",
    "default_urgency": "urgency",
}


def last_id() -> int:
    """The newest audit row's id (0 for none): changes when anything was changed."""
    return int(AuditLog.select(fn.MAX(AuditLog.id)).scalar() or 0)


def _dt(v: Any) -> datetime:
    return v if isinstance(v, datetime) else datetime.fromisoformat(str(v))


def names(entity: str, ids: Iterable[int]) -> dict[int, str]:
    """People's names for ``ids`` of ``entity`` (order numbers, unit codes, ...)."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted or entity not in _NAMED:
        return {}
    model, column = _NAMED[entity]
    out: dict[int, str] = {}
    for chunk_start in range(0, len(wanted), 500):
        chunk = wanted[chunk_start : chunk_start + 500]
        for rid, name in model.select(model.id, column).where(model.id.in_(chunk)).tuples():
            out[rid] = str(name)
    return out


def page(
    f: AuditFilter, limit: int = 200, before_id: int | None = None
) -> tuple[list[AuditEntry], int | None]:
    """Up to ``limit`` entries matching ``f``, newest first, older than ``before_id``;
    returns them and the ``before_id`` of the next page (``None`` at the end)."""
    q = AuditLog.select(
        AuditLog.id,
        AuditLog.at,
        AuditLog.username,
        AuditLog.workstation,
        AuditLog.entity,
        AuditLog.entity_id,
        AuditLog.field,
        AuditLog.old_value,
        AuditLog.new_value,
        AuditLog.reason,
    )
    conds = []
    if f.order_number.strip():
        found = Order.select(Order.id).where(Order.number == f.order_number.strip()).first()
        conds.append(AuditLog.entity == "order")
        conds.append(AuditLog.entity_id == (found.id if found else -1))
    if f.entity:
        conds.append(AuditLog.entity == f.entity)
    if f.username.strip():
        conds.append(AuditLog.username == f.username.strip())
    if f.date_from:
        conds.append(AuditLog.at >= datetime.combine(f.date_from, time.min))
    if f.date_to:
        conds.append(AuditLog.at < datetime.combine(f.date_to + timedelta(days=1), time.min))
    if before_id is not None:
        conds.append(AuditLog.id < before_id)
    if conds:
        q = q.where(*conds)
    raw = list(q.order_by(AuditLog.id.desc()).limit(limit + 1).tuples())
    more = len(raw) > limit
    raw = raw[:limit]
    by_entity: dict[str, set[int]] = defaultdict(set)
    for r in raw:
        if r[5] is not None:
            by_entity[r[4]].add(r[5])
    subjects = {e: names(e, ids) for e, ids in by_entity.items()}
    display: dict[str, str] = {
        name: shown
        for name, shown in User.select(User.username, User.display_name)
        .where(User.username.in_(sorted({r[2] for r in raw})))
        .tuples()
    }
    entries = [
        AuditEntry(
            id=r[0],
            at=_dt(r[1]),
            username=r[2],
            user_name=display.get(r[2]) or r[2],
            workstation=r[3],
            entity=r[4],
            entity_id=r[5],
            subject=subjects.get(r[4], {}).get(r[5], "") if r[5] is not None else "",
            field=r[6],
            old_value=r[7],
            new_value=r[8],
            reason=r[9],
        )
        for r in raw
    ]
    return entries, (raw[-1][0] if more and raw else None)
