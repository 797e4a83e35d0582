"""Corrections after intake that move derived values: arrival deadline, matter type, labels,
and 返修 judged at a 补单's own time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from propdesk.domain.enums import AreaType, Kind, MatterType
from propdesk.domain.errors import UserError
from tests.factories import closed_order, register, staff_id


def test_new_appointment_while_dispatched_moves_the_arrival_deadline(services, clock):
    user = services.auth.system_user()
    order = register(services)
    clock.advance(minutes=2)
    dispatched = services.workflow.dispatch(order.id, user, staff_ids=[staff_id(services)]).order
    assert dispatched.due_at == clock.now + timedelta(minutes=15)
    appointment = clock.now + timedelta(hours=3)
    moved = services.intake.update_fields(order.id, {"appointment_at": appointment}, user).order
    assert moved.due_at == appointment + timedelta(minutes=10)
    assert moved.last_dispatch.arrive_due_at == appointment + timedelta(minutes=10)


def test_matter_caller_is_named_报事人_and_category_sets_matter_type(services):
    user = services.auth.system_user()
    order = register(
        services, kind=Kind.MATTER, category="投诉", area_type=AreaType.COMMON, location="南门"
    )
    with pytest.raises(UserError) as err:
        services.intake.update_fields(order.id, {"caller_name": " "}, user)
    assert err.value.field == "报事人"
    advice = services.reference.category_by_text("建议")
    changed = services.intake.update_fields(order.id, {"category_id": advice.id}, user).order
    assert changed.matter_type is MatterType.SUGGESTION


def test_rework_of_a_back_dated_order_is_judged_at_its_received_time(services, clock):
    closed_order(services, clock)  # completed 2026-11-20 ~10:43
    clock.set(datetime(2026, 12, 25, 10, 0))  # 35 days later: now outside the window
    back_dated = register(services, received_at=datetime(2026, 12, 5, 9, 0))
    assert back_dated.is_rework
    today = register(services, description="again, today")
    assert not today.is_rework
