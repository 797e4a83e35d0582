"""The two commonest writes, 接报 (register) and 派工 (dispatch), cost a fixed number of
queries, counted with playhouse's ``count_queries``; and what their faster paths return is
what the general ones return."""

from __future__ import annotations

import dataclasses
import json

import pytest
from playhouse.test_utils import count_queries

from propdesk.db import orders_repo, reference_repo
from propdesk.db.models import Order, Unit, UrgencyLevel
from propdesk.domain.enums import Status
from tests.factories import order_input, register, staff_id

#: unit, category, urgency, settings, 重复报修 and 返修 checks, number (bump + read), the
#: order, its event, its audit row, and the order read back (row + events)
REGISTER_QUERIES = 13
#: the order, urgency, settings, staff, department, last dispatch seq, dispatch + its
#: staff, order update, event, audit rows, and the whole order read back (6 queries)
DISPATCH_QUERIES = 17


@pytest.fixture
def lock_queries(on_postgres: bool) -> int:
    """PostgreSQL's write transaction takes an advisory lock with one more statement."""
    return 1 if on_postgres else 0


def test_register_costs_a_fixed_number_of_queries(services, lock_queries):
    user = services.auth.system_user()
    inp = order_input(services)
    services.intake.register(inp, user)  # statements compiled on first use
    for _ in range(3):  # the later ones warn of 重复报修: the same queries
        with count_queries() as q:
            result = services.intake.register(inp, user)
        assert q.count == REGISTER_QUERIES + lock_queries, [x.msg for x in q.get_queries()]
    assert [w.code for w in result.warnings] == ["duplicate"]


def test_dispatch_costs_a_fixed_number_of_queries(services, clock, lock_queries):
    user = services.auth.system_user()
    tech = staff_id(services)
    for _ in range(3):
        order = register(services)
        clock.advance(minutes=1)
        with count_queries() as q:
            result = services.workflow.dispatch(order.id, user, staff_ids=[tech])
        assert q.count == DISPATCH_QUERIES + lock_queries, [x.msg for x in q.get_queries()]
        assert result.order.status is Status.DISPATCHED


def test_a_registered_order_is_returned_as_a_later_load_gives_it(services):
    user = services.auth.system_user()
    for overrides in ({}, {"developer_warranty": True}, {"paid": True}):
        result = services.intake.register(order_input(services, **overrides), user)
        assert result.order == orders_repo.load_order(result.order.id)
        assert result.order == orders_repo.load_orders([result.order.id])[0]


def test_one_whole_order_is_loaded_as_in_a_batch(services, clock):
    user = services.auth.system_user()
    order = register(services)
    clock.advance(minutes=2)
    services.workflow.dispatch(order.id, user, staff_ids=[staff_id(services)])
    clock.advance(minutes=2)
    services.workflow.dispatch(order.id, user, staff_ids=[staff_id(services, "王师傅")])
    one = orders_repo.load_order(order.id)
    assert one is not None and len(one.dispatches) == 2
    assert one == orders_repo.load_orders([order.id])[0]
    assert orders_repo.load_order(10**9) is None


def test_the_compiled_lookups_return_what_peewee_returns(services):
    order = register(services)
    with services.ctx.db.atomic():
        raw = orders_repo.order_row_values(order.id)
        expected = Order.select().where(Order.id == order.id).dicts().get()
    assert raw == expected
    for unit in Unit.select():
        assert reference_repo.get_unit_by_code(unit.code) == reference_repo.unit_record(unit)
    assert reference_repo.get_unit_by_code("没有这个房号") is None
    for urgency in UrgencyLevel.select():
        found = reference_repo.get_urgency(urgency.id)
        assert found == reference_repo.urgency_record(urgency)
    for active_only in (True, False):
        listed = {c.id: c for c in reference_repo.list_categories(active_only)}
        for c in reference_repo.list_categories(active_only=False):
            assert reference_repo.get_category(c.id, active_only) == listed.get(c.id)


def test_a_stopped_category_or_department_is_refused_as_before(services):
    categories = reference_repo.list_categories()
    child = next(c for c in categories if c.parent_id is not None)
    from propdesk.db.models import Category, Department

    Category.update(active=False).where(Category.id == child.id).execute()
    assert reference_repo.get_category(child.id) is None
    assert reference_repo.get_category(child.id, active_only=False) == dataclasses.replace(
        child, active=False
    )
    dept = Department.select().first()
    assert reference_repo.department_is_active(dept.id)
    Department.update(active=False).where(Department.id == dept.id).execute()
    assert not reference_repo.department_is_active(dept.id)


def test_settings_saved_elsewhere_are_read_on_the_next_call(services):
    """Settings are read from the database every time: another PC may have saved."""
    from propdesk.db.models import Setting

    before = reference_repo.load_settings()
    changed = dataclasses.replace(before, office_name=before.office_name + "（二）")
    # another PC's save: straight into the table, nothing in this process told
    text = json.dumps(changed.to_dict(), ensure_ascii=False)
    assert Setting.update(value=text).where(Setting.key == "office").execute() == 1
    assert reference_repo.load_settings() == changed
