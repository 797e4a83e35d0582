"""Every (status, action) pair through the services, for 报修 and 报事: an order is built in
each status on a real SQLite file, each service action is tried on it; legal ones move it
as SPEC §3 says, illegal ones raise ``UserError`` and change nothing at all."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from propdesk.domain.enums import Kind, MatterType, Satisfaction, Status, VisitMethod
from propdesk.domain.errors import PermissionDenied, UserError
from propdesk.domain.followup import NoteInput, NoteKind
from propdesk.domain.records import CompletionInput
from tests.factories import db_dump, department_id, order_in_status, staff_id

S = Status

Call = Callable[[Any, Any, Any], Any]


def _dispatch(s, o, u):
    if o.kind is Kind.MATTER:
        return s.workflow.dispatch(o.id, u, department_id=department_id(s, "秩序部"))
    return s.workflow.dispatch(o.id, u, staff_ids=[staff_id(s, "王师傅")])


def _complete(s, o, u):
    legal = o.status in (S.DISPATCHED, S.IN_PROGRESS)
    if o.matter_type is MatterType.COMPLAINT and legal:  # a complaint's 整改方案 comes first
        s.followups.add_note(o.id, NoteInput(NoteKind.PLAN, "约谈装修户"), u)
    return s.workflow.complete(o.id, CompletionInput("已处理", "10"), u)


ACTIONS: dict[str, Call] = {
    "dispatch": _dispatch,
    "arrive": lambda s, o, u: s.workflow.arrive(o.id, u),
    "complete": lambda s, o, u: _complete(s, o, u),
    "incomplete": lambda s, o, u: s.workflow.incomplete(o.id, u, reason="缺少配件"),
    "return_slip": lambda s, o, u: s.workflow.return_slip(o.id, u),
    "visit": lambda s, o, u: s.workflow.visit(
        o.id, u, method=VisitMethod.PHONE, satisfaction=Satisfaction.SATISFIED
    ),
    "visit_reopen": lambda s, o, u: s.workflow.visit(
        o.id, u, method=VisitMethod.PHONE, satisfaction=Satisfaction.UNSATISFIED, reopen=True
    ),
    "cancel": lambda s, o, u: s.workflow.cancel(o.id, u, reason="业主取消"),
    "to_developer": lambda s, o, u: s.workflow.to_developer(o.id, u, note="开发商保修"),
    "developer_result": lambda s, o, u: s.workflow.developer_result(o.id, u, result="已修复"),
    "reopen": lambda s, o, u: s.workflow.reopen(o.id, u, reason="再次报修"),
    "incomplete_redispatch": lambda s, o, u: s.workflow.incomplete(
        o.id, u, reason="缺少配件", redispatch=True
    ),
    "answer": lambda s, o, u: s.paths.answer(o.id, u, answer="物业费可在服务中心缴纳"),
    "outsource": lambda s, o, u: s.paths.outsource(o.id, u, firm="迅达电梯", contact="张工"),
    "outsource_result": lambda s, o, u: s.paths.outsource_result(o.id, u, result="已更换"),
    "decline": lambda s, o, u: s.paths.decline(o.id, u, reason="业主不同意收费"),
}

#: SPEC §3 written out by hand per service action: status -> (new status, event recorded).
LEGAL_REPAIR: dict[str, dict[Status, tuple[Status, str]]] = {
    "dispatch": {S.PENDING: (S.DISPATCHED, "dispatch"), S.DISPATCHED: (S.DISPATCHED, "redispatch")},
    "arrive": {S.DISPATCHED: (S.IN_PROGRESS, "arrive")},
    "complete": {S.IN_PROGRESS: (S.COMPLETED, "complete")},
    "incomplete": {S.IN_PROGRESS: (S.PENDING, "incomplete")},
    "incomplete_redispatch": {S.IN_PROGRESS: (S.DISPATCHED, "incomplete_redispatch")},
    "return_slip": {S.COMPLETED: (S.TO_VISIT, "return_slip")},
    "visit": {S.TO_VISIT: (S.CLOSED, "visit"), S.CLOSED: (S.CLOSED, "follow_up_visit")},
    "visit_reopen": {S.TO_VISIT: (S.PENDING, "visit_reopen")},
    "cancel": {S.PENDING: (S.CANCELLED, "cancel"), S.DISPATCHED: (S.CANCELLED, "cancel")},
    "to_developer": {
        S.PENDING: (S.DEVELOPER, "to_developer"),
        S.DISPATCHED: (S.DEVELOPER, "to_developer"),
        S.IN_PROGRESS: (S.DEVELOPER, "to_developer"),
    },
    "developer_result": {S.DEVELOPER: (S.TO_VISIT, "developer_result")},
    "reopen": {S.CLOSED: (S.PENDING, "reopen")},
    "answer": {},
    "outsource": {
        S.DISPATCHED: (S.OUTSOURCED, "outsource"),
        S.IN_PROGRESS: (S.OUTSOURCED, "outsource"),
    },
    "outsource_result": {S.OUTSOURCED: (S.COMPLETED, "outsource_result")},
    "decline": {
        S.PENDING: (S.DECLINED, "decline"),
        S.DISPATCHED: (S.DECLINED, "decline"),
        S.IN_PROGRESS: (S.DECLINED, "decline"),
    },
}
#: 报事 handled by a department may be completed straight from 已派工; with no slip printed
#: (a department reporting back by phone) it goes straight to 待回访. A 报事 may be answered
#: at the desk.
LEGAL_MATTER = {
    **LEGAL_REPAIR,
    "complete": {S.DISPATCHED: (S.TO_VISIT, "complete"), S.IN_PROGRESS: (S.TO_VISIT, "complete")},
    "outsource_result": {S.OUTSOURCED: (S.TO_VISIT, "outsource_result")},
    "answer": {S.PENDING: (S.TO_VISIT, "answer")},
}
LEGAL = {Kind.REPAIR: LEGAL_REPAIR, Kind.MATTER: LEGAL_MATTER}

CASES = [
    pytest.param(kind, status, action, id=f"{kind.value}-{status.value}-{action}")
    for kind, status, action in itertools.product(Kind, Status, ACTIONS)
]


def test_the_table_covers_every_service_action():
    assert set(LEGAL_REPAIR) == set(ACTIONS)
    # two steps (报事 已派工 -> 已完工, 当场答复) are not open to 报修
    assert (
        sum(len(v) for v in LEGAL_MATTER.values()) == sum(len(v) for v in LEGAL_REPAIR.values()) + 2
    )


@pytest.mark.parametrize(("kind", "status", "action"), CASES)
def test_every_status_action_pair(services, clock, kind, status, action):
    user = services.auth.system_user()
    order = order_in_status(services, clock, status, kind=kind)
    assert order.status is status
    clock.advance(minutes=5)
    expected = LEGAL[kind][action].get(status)
    if expected is None:
        before = db_dump(services)
        with pytest.raises(UserError) as info:
            ACTIONS[action](services, order, user)
        assert not isinstance(info.value, PermissionDenied)
        assert status.label in str(info.value)
        assert db_dump(services) == before
        return
    new_status, event = expected
    result = ACTIONS[action](services, order, user)
    fresh = services.registers.order(order.id)
    assert result.order.status is new_status
    assert fresh.status is new_status
    assert fresh.number == order.number
    assert fresh.version == order.version + 1
    assert len(fresh.events) == len(order.events) + 1
    last = fresh.events[-1]
    assert (last.action, last.from_status, last.to_status, last.at) == (
        event,
        status,
        new_status,
        clock.now,
    )
    assert result.changes.order_ids == frozenset({order.id})
