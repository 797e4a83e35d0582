"""The shared order machinery: step times, version checks, required text, and the deadline
stored on the order after every step."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from propdesk.domain.deadlines import DeadlineKind
from propdesk.domain.enums import Satisfaction, Status, VisitMethod
from propdesk.domain.errors import ConflictError, UserError
from propdesk.services.order_ops import check_version, require_text, step_time
from tests.factories import completion, raw_order, register, staff_id

T0 = datetime(2026, 11, 20, 10, 0, 0)


def test_step_time_defaults_to_now_without_microseconds(services, clock):
    clock.set(T0.replace(microsecond=654_321))
    assert services.ctx.now() == T0
    assert step_time(services.ctx, None, None, "到达时间", "派工时间") == T0


def test_step_time_bounds(services, clock):
    ctx = services.ctx
    prev = T0 - timedelta(hours=1)
    assert step_time(ctx, prev, prev, "到达时间", "派工时间") == prev
    assert step_time(ctx, T0, prev, "到达时间", "派工时间") == T0
    with pytest.raises(UserError) as info:
        step_time(ctx, T0 + timedelta(seconds=1), prev, "到达时间", "派工时间")
    assert info.value.field == "到达时间" and "不能晚于当前时间" in str(info.value)
    with pytest.raises(UserError) as info:
        step_time(ctx, prev - timedelta(minutes=1), prev, "到达时间", "派工时间")
    assert info.value.field == "到达时间"
    assert "不能早于派工时间" in str(info.value) and "09:00" in str(info.value)


def test_check_version():
    assert check_version({"version": 4}, None) == 4
    assert check_version({"version": 4}, 4) == 4
    with pytest.raises(ConflictError):
        check_version({"version": 4}, 3)


def test_require_text():
    assert require_text("  报修 ", "问题描述") == "报修"
    with pytest.raises(UserError) as info:
        require_text(None, "问题描述")
    assert info.value.field == "问题描述" and str(info.value) == "请填写问题描述"
    assert require_text("一二三", "姓名", 3) == "一二三"
    with pytest.raises(UserError) as info:
        require_text("一二三四", "姓名", 3)
    assert "不能超过3个字" in str(info.value)


def test_deadline_stored_after_every_step(services, clock):
    """due_at/due_kind on the order row after each step of a normal 一般 repair."""
    user = services.auth.system_user()
    wf = services.workflow
    o = register(services)

    def due():
        row = raw_order(services, o.id)
        return row["due_at"], row["due_kind"]

    assert due() == (T0 + timedelta(minutes=5), DeadlineKind.DISPATCH.value)
    clock.set(T0 + timedelta(minutes=4))
    wf.dispatch(o.id, user, staff_ids=[staff_id(services)])
    assert due() == (T0 + timedelta(minutes=19), DeadlineKind.ARRIVE.value)
    clock.set(T0 + timedelta(minutes=15))
    wf.arrive(o.id, user)
    assert due() == (T0 + timedelta(hours=24), DeadlineKind.RESOLVE.value)
    clock.set(T0 + timedelta(minutes=50))
    wf.incomplete(
        o.id, user, reason="缺件", new_appointment=datetime(2026, 11, 20, 16, 0), redispatch=True
    )
    assert due() == (datetime(2026, 11, 20, 16, 10), DeadlineKind.ARRIVE.value)
    clock.set(datetime(2026, 11, 20, 16, 5))
    wf.arrive(o.id, user)
    assert due() == (T0 + timedelta(hours=24), DeadlineKind.RESOLVE.value)
    clock.set(datetime(2026, 11, 20, 16, 45))
    wf.complete(o.id, completion(), user)
    # re-dispatched at 10:50, before 14:00: slip back by 17:00 today
    assert due() == (datetime(2026, 11, 20, 17, 0), DeadlineKind.SLIP.value)
    clock.set(datetime(2026, 11, 20, 16, 55))
    wf.return_slip(o.id, user)
    assert due() == (datetime(2026, 11, 21, 16, 45), DeadlineKind.VISIT.value)
    clock.set(datetime(2026, 11, 21, 9, 0))
    wf.visit(o.id, user, method=VisitMethod.PHONE, satisfaction=Satisfaction.SATISFIED)
    assert due() == (None, None)
    clock.set(datetime(2026, 11, 22, 9, 0))
    wf.reopen(o.id, user, reason="又漏了")
    assert due() == (datetime(2026, 11, 22, 9, 5), DeadlineKind.DISPATCH.value)
    wf.cancel(o.id, user, reason="业主不修了")
    assert due() == (None, None)
    assert services.registers.order(o.id).status is Status.CANCELLED
