"""Audit rows: one per changed field, written in the caller's transaction."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from propdesk.db import orders_repo
from propdesk.domain.records import UserRecord

from .context import ServiceContext

#: Order columns not worth an audit row (derived or bookkeeping).
_SKIP = {"version", "updated_at", "due_at", "due_kind", "status_since", "staff_names"}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def diff_rows(
    ctx: ServiceContext,
    user: UserRecord,
    entity: str,
    entity_id: int | None,
    old: dict[str, Any],
    new: dict[str, Any],
    at: datetime,
    reason: str = "",
) -> list[dict[str, Any]]:
    rows = []
    for key, value in new.items():
        if key in _SKIP:
            continue
        before, after = _text(old.get(key)), _text(value)
        if before == after:
            continue
        rows.append(
            {
                "at": at,
                "user_id": user.id,
                "username": user.username,
                "workstation": ctx.workstation,
                "entity": entity,
                "entity_id": entity_id,
                "field": key,
                "old_value": before,
                "new_value": after,
                "reason": reason,
            }
        )
    return rows


def write(
    ctx: ServiceContext,
    user: UserRecord,
    entity: str,
    entity_id: int | None,
    old: dict[str, Any],
    new: dict[str, Any],
    at: datetime,
    reason: str = "",
) -> None:
    orders_repo.insert_audit(diff_rows(ctx, user, entity, entity_id, old, new, at, reason))
