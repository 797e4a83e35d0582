"""Small factories that create test data through the services, so it passes the same
validation as real data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from propdesk.db.connection import open_database
from propdesk.domain.enums import AreaType, Kind, Role, Satisfaction, VisitMethod
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


def make_user(svc: Services, role: Role, username: str | None = None) -> UserRecord:
    name = username or f"u_{role.value}"
    svc.auth.save_user(
        svc.auth.system_user(), username=name, display_name=f"{role.label}小王", role=role,
        password="secret123",
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
    svc.workflow.complete(order.id, completion(), user)
    clock.advance(hours=2)
    svc.workflow.return_slip(order.id, user)
    clock.advance(hours=1)
    return svc.workflow.visit(
        order.id, user, method=VisitMethod.PHONE, satisfaction=Satisfaction.SATISFIED
    ).order
