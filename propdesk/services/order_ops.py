"""Shared machinery of the order services: loading, time checks, applying a transition with
its event, audit rows, version check and recomputed deadline — all in the caller's
transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from propdesk.db import access_query, orders_repo, reference_repo
from propdesk.db.connection import write_transaction
from propdesk.domain.deadlines import OrderTimes, TimeRules, UrgencyRule, next_deadline
from propdesk.domain.enums import Kind, Status
from propdesk.domain.errors import NotFound, PermissionDenied, UserError
from propdesk.domain.lifecycle import Action, next_status
from propdesk.domain.permissions import Perm, require_user, sees_all_orders
from propdesk.domain.records import Changes, OrderResult, UserRecord

from . import audit
from .context import ServiceContext

TIME_FORMAT = "%Y-%m-%d %H:%M"


def authorize(user: UserRecord, perm: Perm) -> None:
    require_user(user.username, user.role, perm)


def authorize_own_work(user: UserRecord, order_id: int) -> None:
    """A user who sees only their own orders (维修工) may key in work only on an order whose
    latest dispatch names their staff record."""
    if sees_all_orders(user.username, user.role):
        return
    if user.staff_id is None or not access_query.on_latest_dispatch(order_id, user.staff_id):
        raise PermissionDenied(f"“{user.role.label}”只能处理派给自己的工单")


def as_dt(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def load_row(order_id: int) -> dict[str, Any]:
    row = orders_repo.order_row_values(order_id)
    if row is None:
        raise NotFound(f"工单不存在（id={order_id}）")
    return row


def step_time(
    ctx: ServiceContext,
    at: datetime | None,
    not_before: datetime | None,
    label: str,
    before_label: str,
) -> datetime:
    """The time of a step: ``now`` by default; an explicit time (补单) must not be in the
    future nor before the previous step."""
    now = ctx.now()
    t = (at or now).replace(microsecond=0)
    if t > now:
        raise UserError(f"{label}不能晚于当前时间（{now:%Y-%m-%d %H:%M}）", label)
    if not_before is not None and t < not_before:
        raise UserError(
            f"{label}（{t:{TIME_FORMAT}}）不能早于{before_label}（{not_before:{TIME_FORMAT}}）",
            label,
        )
    return t


def urgency_rule(urgency_id: int) -> UrgencyRule:
    rec = reference_repo.get_urgency(urgency_id)
    if rec is None:
        raise UserError("紧急程度不存在", "紧急程度")
    return rec.rule


def deadline_fields(
    ctx: ServiceContext,
    merged: dict[str, Any],
    rule: UrgencyRule | None = None,
    rules: TimeRules | None = None,
) -> dict[str, Any]:
    """``due_at``/``due_kind`` of an order given its (merged, post-change) column values.
    ``rule`` (of the merged urgency) and ``rules`` when the caller has already read them."""
    status = Status(merged["status"])
    times = OrderTimes(
        status=status,
        received_at=as_dt(merged["received_at"]),  # type: ignore[arg-type]
        status_since=as_dt(merged["status_since"]),  # type: ignore[arg-type]
        dispatched_at=as_dt(merged.get("dispatched_at")),
        arrive_due_at=as_dt(merged.get("arrive_due_at")),
        completed_at=as_dt(merged.get("completed_at")),
        appointment_at=as_dt(merged.get("appointment_at")),
    )
    deadline = next_deadline(
        times,
        rule if rule is not None else urgency_rule(merged["urgency"]),
        rules if rules is not None else ctx.settings().rules,
    )
    return {
        "due_at": deadline.at if deadline else None,
        "due_kind": deadline.kind.value if deadline else None,
    }


def check_version(row: dict[str, Any], expected_version: int | None) -> int:
    if expected_version is not None and expected_version != row["version"]:
        from propdesk.domain.errors import ConflictError

        raise ConflictError()
    return int(expected_version if expected_version is not None else row["version"])


def transition(
    ctx: ServiceContext,
    row: dict[str, Any],
    action: Action,
    user: UserRecord,
    at: datetime,
    fields: dict[str, Any],
    *,
    expected_version: int | None = None,
    note: str = "",
    reason: str = "",
    rule: UrgencyRule | None = None,
    rules: TimeRules | None = None,
    slip_printed: bool = True,
) -> Status:
    """Apply ``action`` to the order ``row``: new status, ``fields``, deadline, event, audit.
    ``rule``/``rules`` as for ``deadline_fields`` (the order's urgency after the change);
    ``slip_printed`` as for ``next_status``."""
    old_status = Status(row["status"])
    new_status = next_status(old_status, action, Kind(row["kind"]), slip_printed=slip_printed)
    version = check_version(row, expected_version)
    changes = dict(fields)
    changes["status"] = new_status.value
    if new_status is not old_status:
        changes["status_since"] = at
    changes["updated_at"] = ctx.now()
    merged = {**row, **changes}
    changes.update(deadline_fields(ctx, merged, rule, rules))
    orders_repo.update_order(row["id"], version, changes)
    orders_repo.insert_event(row["id"], at, user.id, action.value, old_status, new_status, note)
    # the audit log records when the change was made, not the (补单) time of the step
    audit.write(ctx, user, "order", row["id"], row, changes, ctx.now(), reason or note)
    return new_status


def edit(
    ctx: ServiceContext,
    row: dict[str, Any],
    user: UserRecord,
    fields: dict[str, Any],
    *,
    action: str,
    expected_version: int | None = None,
    note: str = "",
    reason: str = "",
) -> None:
    """Change fields without a status change (corrections, fees), with event and audit."""
    version = check_version(row, expected_version)
    at = ctx.now()
    changes = {**fields, "updated_at": at}
    merged = {**row, **changes}
    changes.update(deadline_fields(ctx, merged))
    orders_repo.update_order(row["id"], version, changes)
    status = Status(row["status"])
    orders_repo.insert_event(row["id"], at, user.id, action, status, status, note)
    audit.write(ctx, user, "order", row["id"], row, changes, at, reason or note)


def require_text(value: str | None, label: str, max_len: int | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise UserError(f"请填写{label}", label)
    if max_len is not None and len(text) > max_len:
        raise UserError(f"{label}不能超过{max_len}个字", label)
    return text


def order_result(order_id: int) -> OrderResult:
    """The order as it is now, with what changed: what a step returns."""
    order = orders_repo.load_order(order_id)
    assert order is not None
    return OrderResult(order, Changes.orders(order_id))


@dataclass
class Step:
    """One step of an order under way in its transaction (see ``order_step``): the order's
    row, then the action the lifecycle allows, the step's time, and what it writes."""

    ctx: ServiceContext
    user: UserRecord
    row: dict[str, Any]
    expected_version: int | None
    action: Action | None = None
    at: datetime | None = None

    @property
    def status(self) -> Status:
        return Status(self.row["status"])

    def allow(self, action: Action) -> None:
        """Refuse ``action`` (Chinese message) where the order's status has no such step."""
        next_status(self.status, action, Kind(self.row["kind"]))
        self.action = action

    def begin(
        self,
        action: Action,
        at: datetime | None,
        label: str,
        after: str | None = "status_since",
        after_label: str = "上一步时间",
    ) -> datetime:
        """``allow`` the action and fix its time (``step_time``, labelled ``label``): not
        before the row's column ``after`` (called ``after_label`` in the message)."""
        self.allow(action)
        not_before = as_dt(self.row[after]) if after else None
        self.at = step_time(self.ctx, at, not_before, label, after_label)
        return self.at

    def write(
        self,
        fields: dict[str, Any],
        *,
        note: str = "",
        reason: str = "",
        rule: UrgencyRule | None = None,
        rules: TimeRules | None = None,
        slip_printed: bool = True,
    ) -> Status:
        """The begun action's ``transition`` with ``fields``."""
        assert self.action is not None and self.at is not None, "begin() the step first"
        return transition(
            self.ctx,
            self.row,
            self.action,
            self.user,
            self.at,
            fields,
            expected_version=self.expected_version,
            note=note,
            reason=reason,
            rule=rule,
            rules=rules,
            slip_printed=slip_printed,
        )

    def edit(self, fields: dict[str, Any], *, action: str, note: str = "") -> None:
        """Change ``fields`` with no status change (``edit``)."""
        edit(
            self.ctx,
            self.row,
            self.user,
            fields,
            action=action,
            expected_version=self.expected_version,
            note=note,
        )


@contextmanager
def order_step(
    ctx: ServiceContext,
    order_id: int,
    user: UserRecord,
    expected_version: int | None = None,
    *,
    own_work: bool = False,
) -> Iterator[Step]:
    """One write transaction around a step of the order: loads its row and, with
    ``own_work``, checks that a 维修工 keys in work only on an order dispatched to them."""
    with write_transaction(ctx.db):
        row = load_row(order_id)
        if own_work:
            authorize_own_work(user, order_id)
        yield Step(ctx, user, row, expected_version)
