"""Small factories that create test data through the services, so it passes the same
validation as real data."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from propdesk.db.connection import open_database
from propdesk.domain.enums import (
    AreaType,
    Kind,
    MatterType,
    Role,
    Satisfaction,
    Status,
    VisitMethod,
)
from propdesk.domain.followup import NoteInput, NoteKind
from propdesk.domain.records import (
    CompletionInput,
    MaterialInput,
    OrderInput,
    OrderRecord,
    UserRecord,
)
from propdesk.services import Services, build_services

UNITS = (
    ("1-1-101", "张三", "13800138000"),
    ("1-1-102", "李四", "13900139000"),
    ("3-2-1502", "王五", "13700137000"),
    ("5-1-2301", "赵六", "021-66668888"),
)
STAFF = (("李师傅", "工程部"), ("王师傅", "工程部"), ("陈保安", "秩序部"))


@dataclass
class FakeClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now = self.now + timedelta(**kwargs)
        return self.now

    def set(self, when: datetime) -> datetime:
        self.now = when
        return when


def make_services(path: Path, clock: FakeClock, with_data: bool = True) -> Services:
    db = open_database(path, create=True)
    svc = build_services(db, clock=clock)
    if with_data:
        seed_test_data(svc)
    return svc


def seed_test_data(svc: Services) -> None:
    admin = svc.auth.system_user()
    for code, owner, phone in UNITS:
        svc.reference.save_unit(admin, code=code, owner_name=owner, phone=phone)
    depts = {d.name: d.id for d in svc.reference.departments()}
    for name, dept in STAFF:
        svc.reference.save_staff(admin, name=name, department_id=depts[dept])
    svc.reference.save_fee_item(admin, name="更换水龙头", unit="个", labour="30", material="45")
    svc.reference.save_fee_item(admin, name="疏通下水道", unit="次", labour="50")


def make_user(
    svc: Services, role: Role, username: str | None = None, staff: int | None = None
) -> UserRecord:
    """An account (password ``secret123``), linked to the staff record ``staff`` if given."""
    name = username or f"u_{role.value}"
    svc.auth.save_user(
        svc.auth.system_user(),
        username=name,
        display_name=f"{role.label}小王",
        role=role,
        password="secret123",
        staff_id=staff,
    )
    return svc.auth.user(name)


def staff_id(svc: Services, name: str = "李师傅") -> int:
    return next(s.id for s in svc.reference.staff() if s.name == name)


def order_input(svc: Services, **overrides: Any) -> OrderInput:
    category = overrides.pop("category", "水/水龙头")
    kind = overrides.get("kind", Kind.REPAIR)
    values: dict[str, Any] = dict(
        kind=kind,
        area_type=AreaType.HOME,
        caller_name="张三",
        phone="13800138000",
        category_id=svc.reference.category_by_text(category).id,
        description="厨房水龙头漏水",
        unit_code="1-1-101",
    )
    values.update(overrides)
    return OrderInput(**values)


def register(svc: Services, user: UserRecord | None = None, **overrides: Any) -> OrderRecord:
    user = user or svc.auth.system_user()
    return svc.intake.register(order_input(svc, **overrides), user).order


def at_work(svc: Services, **overrides: Any) -> OrderRecord:
    """An order registered, dispatched to 李师傅 and arrived (处理中), all at the clock's time."""
    user = svc.auth.system_user()
    order = register(svc, user, **overrides)
    svc.workflow.dispatch(order.id, user, staff_ids=[staff_id(svc)])
    return svc.workflow.arrive(order.id, user).order


def completion(labour: str = "30", with_material: bool = True) -> CompletionInput:
    materials = [MaterialInput("水龙头", "1", "个", "45.5")] if with_material else []
    return CompletionInput(work_done="更换水龙头", labour=labour, materials=materials)


def closed_order(svc: Services, clock: FakeClock, **overrides: Any) -> OrderRecord:
    """An order taken through the whole lifecycle, a few minutes per step."""
    user = svc.auth.system_user()
    order = register(svc, user, **overrides)
    clock.advance(minutes=3)
    svc.workflow.dispatch(order.id, user, staff_ids=[staff_id(svc)])
    clock.advance(minutes=10)
    svc.workflow.arrive(order.id, user)
    clock.advance(minutes=30)
    done = svc.workflow.complete(order.id, completion(), user).order
    if done.awaiting_price_review:  # the 水龙头 is priced outside the 收费标准
        clock.advance(minutes=5)
        svc.paths.approve_price(order.id, user)
    clock.advance(hours=2)
    svc.workflow.return_slip(order.id, user)
    clock.advance(hours=1)
    return svc.workflow.visit(
        order.id, user, method=VisitMethod.PHONE, satisfaction=Satisfaction.SATISFIED
    ).order


# --- inspecting the database (tests that check what was, or was not, written) ----------

#: Matter (报事) category used by ``order_in_status(kind=Kind.MATTER)``: routed to 客服部.
MATTER_CATEGORY = "投诉/噪音扰民"


def db_dump(svc: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order: equal dumps before and after a call
    prove that the call wrote nothing at all."""
    from propdesk.db.models import ALL_MODELS

    out: dict[str, list[tuple[Any, ...]]] = {}
    for model in ALL_MODELS:
        table = model._meta.table_name
        cursor = svc.ctx.db.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1, 2')
        out[table] = [tuple(r) for r in cursor.fetchall()]
    return out


def table_counts(svc: Services) -> dict[str, int]:
    return {table: len(rows) for table, rows in db_dump(svc).items()}


def orders_in(path: Path) -> int:
    """How many orders the SQLite file holds, read without the program."""
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM work_order").fetchone()[0]
    finally:
        con.close()


def raw_order(svc: Services, order_id: int) -> dict[str, Any]:
    """The stored column values of one order (due_at, status_since ... that records hide)."""
    from propdesk.db import orders_repo

    row = orders_repo.order_row_values(order_id)
    assert row is not None
    return row


def audit_rows(
    svc: Services, entity: str | None = None, entity_id: int | None = None
) -> list[dict[str, Any]]:
    """Audit log rows (oldest first), optionally of one entity."""
    from propdesk.db.models import AuditLog

    q = AuditLog.select().order_by(AuditLog.id)
    if entity is not None:
        q = q.where(AuditLog.entity == entity)
    if entity_id is not None:
        q = q.where(AuditLog.entity_id == entity_id)
    return list(q.dicts())


def audit_changes(
    svc: Services, entity: str, entity_id: int | None, after_id: int = 0
) -> dict[str, tuple[str | None, str | None]]:
    """``{field: (old, new)}`` of the audit rows written after row ``after_id``."""
    return {
        r["field"]: (r["old_value"], r["new_value"])
        for r in audit_rows(svc, entity, entity_id)
        if r["id"] > after_id
    }


def last_audit_id(svc: Services) -> int:
    rows = audit_rows(svc)
    return rows[-1]["id"] if rows else 0


def assert_refused(
    svc: Services, call: Any, field: str | None, *, in_message: bool = True
) -> Exception:
    """``call()`` raises ``UserError`` naming ``field`` (in ``.field`` and, unless
    ``in_message`` is false, in the Chinese message) and leaves every table exactly as it
    was."""
    import pytest

    from propdesk.domain.errors import UserError

    before = db_dump(svc)
    with pytest.raises(UserError) as info:
        call()
    err = info.value
    if field is not None:
        assert err.field == field, f"field {err.field!r} != {field!r}: {err}"
        if in_message:
            assert field in str(err), f"message does not name {field}: {err}"
    assert db_dump(svc) == before, "a refused call wrote to the database"
    return err


def department_id(svc: Services, name: str) -> int:
    return next(d.id for d in svc.reference.departments() if d.name == name)


def order_in_status(
    svc: Services,
    clock: FakeClock,
    status: Status,
    kind: Kind = Kind.REPAIR,
    user: UserRecord | None = None,
    **overrides: Any,
) -> OrderRecord:
    """An order brought to ``status`` through the services, a few minutes per step. 报事
    orders are dispatched to a department and (unless ``status`` is 处理中) completed without an
    arrival."""
    user = user or svc.auth.system_user()
    if kind is Kind.MATTER:
        overrides.setdefault("category", MATTER_CATEGORY)
        overrides.setdefault("description", "楼上夜间装修噪音")
    order = register(svc, user, kind=kind, **overrides)
    wf = svc.workflow
    if status is Status.PENDING:
        return order
    clock.advance(minutes=2)
    if status is Status.CANCELLED:
        return wf.cancel(order.id, user, reason="业主已自行解决").order
    if status is Status.DEVELOPER:
        return wf.to_developer(order.id, user, note="交房一年内，开发商保修").order
    if status is Status.DECLINED:
        return svc.paths.decline(order.id, user, reason="业主不同意收费").order
    if kind is Kind.MATTER:
        result = wf.dispatch(order.id, user, department_id=department_id(svc, "客服部"))
    else:
        result = wf.dispatch(order.id, user, staff_ids=[staff_id(svc)])
    if status is Status.DISPATCHED:
        return result.order
    clock.advance(minutes=10)
    if kind is Kind.REPAIR or status in (Status.IN_PROGRESS, Status.OUTSOURCED):
        result = wf.arrive(order.id, user)
    if status is Status.IN_PROGRESS:
        return result.order
    if status is Status.OUTSOURCED:
        clock.advance(minutes=10)
        return svc.paths.outsource(order.id, user, firm="蓝天玻璃公司", price="300").order
    clock.advance(minutes=30)
    if kind is Kind.MATTER and status is Status.COMPLETED:
        svc.printing.print_slip(order.id, user)  # only a printed slip waits for its 回单
    if order.matter_type is MatterType.COMPLAINT:
        svc.followups.add_note(order.id, NoteInput(NoteKind.PLAN, "加强夜间巡查，告知装修户"), user)
    result = wf.complete(order.id, completion(), user)
    if status is Status.COMPLETED:
        return result.order
    clock.advance(hours=1)
    if result.order.status is Status.COMPLETED:
        result = wf.return_slip(order.id, user)
    if status is Status.TO_VISIT:
        return result.order
    clock.advance(hours=1)
    result = wf.visit(order.id, user, method=VisitMethod.PHONE, satisfaction=Satisfaction.SATISFIED)
    assert status is Status.CLOSED, status
    return result.order


def make_staff_user(
    svc: Services, role: Role, staff: int, username: str | None = None
) -> UserRecord:
    """An account linked to a staff record (a 维修工 keys in work on their own dispatches)."""
    return make_user(svc, role, username or f"u_{role.value}_{staff}", staff)
