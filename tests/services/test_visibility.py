"""What each viewer sees through the register service: 维修工 only the orders dispatched to
their staff record (and may key in work only on those), phones masked for roles without
``Perm.VIEW_PHONES``; the command line (no viewer) sees everything."""

from __future__ import annotations

import pytest

from propdesk.domain.enums import Role, Status
from propdesk.domain.errors import PermissionDenied
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.domain.permissions import MATRIX, Perm
from propdesk.domain.records import UserRecord
from propdesk.services import Services
from propdesk.services.visibility import Scope, phone_for
from tests.factories import (
    FakeClock,
    assert_refused,
    completion,
    order_in_status,
    register,
    staff_id,
)


def user_of(svc: Services, role: Role, name: str, staff: str | None = None) -> UserRecord:
    svc.auth.save_user(
        svc.auth.system_user(),
        username=name,
        display_name=name,
        role=role,
        password="secret123",
        staff_id=staff_id(svc, staff) if staff else None,
    )
    return svc.auth.user(name)


@pytest.fixture
def world(services: Services, clock: FakeClock) -> dict[str, int]:
    """Orders: one pending, one dispatched to 李师傅, one to 王师傅, one closed by 李师傅,
    one first sent to 李师傅 then re-assigned to 王师傅."""
    system = services.auth.system_user()
    wf = services.workflow
    ids = {"pending": register(services, unit_code="1-1-102").id}
    ids["li"] = order_in_status(services, clock, Status.DISPATCHED, unit_code="3-2-1502").id
    wang = register(services, unit_code="5-1-2301", phone="13912345678")
    clock.advance(minutes=1)
    wf.dispatch(wang.id, system, staff_ids=[staff_id(services, "王师傅")])
    ids["wang"] = wang.id
    ids["li_closed"] = order_in_status(services, clock, Status.CLOSED).id
    moved = register(services, unit_code="1-1-102", description="门锁坏")
    clock.advance(minutes=1)
    wf.dispatch(moved.id, system, staff_ids=[staff_id(services)])
    clock.advance(minutes=1)
    wf.dispatch(moved.id, system, staff_ids=[staff_id(services, "王师傅")])
    ids["moved"] = moved.id
    return ids


def ids_of(rows) -> set[int]:
    return {r.id for r in rows}


def test_technician_sees_only_orders_dispatched_to_them(services, clock, world):
    tech = user_of(services, Role.TECHNICIAN, "tech_li", "李师傅")
    regs = services.for_viewer(tech).registers
    mine = {world["li"], world["li_closed"], world["moved"]}
    rows, after = regs.page(OrderFilter(), Sort(), PageRequest(limit=50))
    assert ids_of(rows) == mine and after is None
    assert regs.count(OrderFilter()) == 3
    # a filter naming someone else's staff cannot widen the view
    wang = staff_id(services, "王师傅")
    assert ids_of(regs.page(OrderFilter(staff_id=wang))[0]) == mine
    assert ids_of(regs.rows(list(world.values()))) == mine
    assert ids_of(regs.orders(list(world.values()))) == mine
    assert regs.order(world["li"]).id == world["li"]
    for other in ("pending", "wang"):
        with pytest.raises(PermissionDenied, match="只能查看派给自己的工单"):
            regs.order(world[other])
    with pytest.raises(PermissionDenied):
        regs.by_number(services.registers.order(world["wang"]).number)
    unit_1_1_102 = services.reference.unit_by_code("1-1-102").id
    assert ids_of(regs.unit_history(unit_1_1_102)) == {world["moved"]}
    boards = {b.key: b for b in regs.today_board()}
    assert boards["to_dispatch"].count == 0
    assert ids_of(boards["not_arrived"].rows) == {world["li"], world["moved"]}


def test_everyone_else_sees_every_order(services, clock, world):
    for role in Role:
        if role is Role.TECHNICIAN:
            continue
        user = user_of(services, role, f"all_{role.value}")
        regs = services.for_viewer(user).registers
        assert regs.count(OrderFilter()) == len(world), role
        assert ids_of(regs.rows(list(world.values()))) == set(world.values())


def test_technician_without_a_staff_record_sees_nothing(services, clock, world):
    tech = user_of(services, Role.TECHNICIAN, "tech_none")
    regs = services.for_viewer(tech).registers
    assert regs.page(OrderFilter()) == ([], None)
    assert regs.count(OrderFilter()) == 0
    assert regs.rows(list(world.values())) == []
    assert regs.overdue_count() == 0
    with pytest.raises(PermissionDenied):
        regs.order(world["li"])


def test_overdue_for_a_technician_counts_only_their_orders(services, clock, world):
    tech = user_of(services, Role.TECHNICIAN, "tech_li", "李师傅")
    regs = services.for_viewer(tech).registers
    since = clock.now
    clock.advance(days=3)
    everyone = services.registers
    assert everyone.overdue_count() == 4  # pending, li, wang, moved (closed has no deadline)
    assert regs.overdue_count() == 2  # li, moved (re-assigned, but once his)
    all_new = ids_of(everyone.newly_overdue(since))
    assert world["moved"] in all_new
    assert ids_of(regs.newly_overdue(since)) == all_new & {world["li"], world["moved"]}


def test_technician_keys_in_work_only_on_their_latest_dispatch(services, clock, world):
    tech = user_of(services, Role.TECHNICIAN, "tech_li", "李师傅")
    clock.advance(minutes=5)
    for key in ("wang", "moved"):  # never his / re-assigned away from him
        err = assert_refused(services, lambda k=key: services.workflow.arrive(world[k], tech), None)
        assert isinstance(err, PermissionDenied)
        assert "只能处理派给自己的工单" in str(err)
    services.workflow.arrive(world["li"], tech)
    clock.advance(minutes=20)
    done = services.workflow.complete(world["li"], completion(), tech).order
    assert done.status is Status.COMPLETED
    tech_wang = user_of(services, Role.TECHNICIAN, "tech_wang", "王师傅")
    services.workflow.arrive(world["moved"], tech_wang)
    clock.advance(minutes=5)
    err = assert_refused(
        services,
        lambda: services.workflow.incomplete(world["moved"], tech, reason="缺配件"),
        None,
    )
    assert isinstance(err, PermissionDenied)
    services.workflow.incomplete(world["moved"], tech_wang, reason="缺配件")


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_phones_are_masked_for_roles_that_do_not_need_them(services, clock, world, role):
    user = user_of(services, role, f"p_{role.value}", "李师傅")
    regs = services.for_viewer(user).registers
    masked = Perm.VIEW_PHONES not in MATRIX[role]
    rows, _ = regs.page(OrderFilter())
    assert rows, role
    full = {r.id: r.phone for r in services.registers.rows([r.id for r in rows])}
    for row in rows:
        assert row.phone == ("138****8000" if masked else "13800138000") or row.id in (
            world["wang"],
        )
        assert (row.phone != full[row.id]) is masked
    record = regs.order(world["li"])
    assert record.phone == ("138****8000" if masked else "13800138000")
    assert (phone_for(user, "021-66668888") == "021-****8888") is masked


def test_no_viewer_sees_everything_unmasked(services, clock, world):
    assert Scope.of(None) == Scope()
    assert services.registers.count(OrderFilter()) == len(world)
    assert services.registers.order(world["wang"]).phone == "13912345678"
    assert phone_for(None, "13912345678") == "13912345678"


def test_for_viewer_shares_the_other_services(services):
    tech = user_of(services, Role.TECHNICIAN, "tech_li", "李师傅")
    scoped = services.for_viewer(tech)
    assert scoped.registers.viewer == tech and services.registers.viewer is None
    assert scoped.workflow is services.workflow and scoped.ctx is services.ctx
    assert scoped.printing.registers is scoped.registers
