"""The follow-up log through the service (one audited transaction, refusals write nothing) and
the reminders worked out from the database at an injected time."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from propdesk.domain.enums import Kind, Role, Status
from propdesk.domain.errors import PermissionDenied
from propdesk.domain.followup import NoteInput, NoteKind, NoteResult
from propdesk.domain.lifecycle import Action, allowed_actions, next_status
from propdesk.domain.reminders import ReminderKind
from tests.factories import (
    MATTER_CATEGORY,
    assert_refused,
    audit_rows,
    completion,
    department_id,
    make_user,
    order_in_status,
    register,
    staff_id,
)

K = ReminderKind


def kinds(rs) -> list[ReminderKind]:
    return [r.kind for r in rs]


def test_a_note_is_stored_audited_and_read_back(services, clock):
    order = order_in_status(services, clock, Status.DISPATCHED)
    clerk = make_user(services, Role.RECEPTIONIST)
    clock.advance(minutes=10)
    back = clock.now + timedelta(hours=1)
    result = services.followups.add_note(
        order.id,
        NoteInput(NoteKind.CALL_OWNER, "师傅已在现场", NoteResult.ARRIVED, next_at=back),
        clerk,
    )
    assert result.changes.order_ids == {order.id}
    assert result.order.version == order.version  # a note does not touch the order
    [n] = services.followups.notes(order.id)
    assert (n.kind, n.result, n.text, n.next_at, n.at) == (
        NoteKind.CALL_OWNER,
        NoteResult.ARRIVED,
        "师傅已在现场",
        back,
        clock.now,
    )
    assert n.user_name == clerk.display_name
    rows = {r["field"]: r["new_value"] for r in audit_rows(services, "follow_up", n.id)}
    assert rows["kind"] == "call_owner" and rows["text"] == "师傅已在现场"
    assert rows["order"] == str(order.id)


@pytest.mark.parametrize(
    ("inp", "field"),
    [
        (NoteInput(NoteKind.CALL_OWNER, "  "), "跟进内容"),
        (NoteInput(NoteKind.CALL_OWNER, "x" * 501), "跟进内容"),
        (NoteInput(NoteKind.ESCALATE, "已报主管", NoteResult.ARRIVED), "结果"),
        (NoteInput(NoteKind.OTHER, "约好", next_at="past"), "约定回电时间"),  # type: ignore[arg-type]
        (NoteInput(NoteKind.OTHER, "补记", at="future"), "跟进时间"),  # type: ignore[arg-type]
        (NoteInput(NoteKind.OTHER, "补记", at="before"), "跟进时间"),  # type: ignore[arg-type]
    ],
)
def test_bad_notes_are_refused_naming_the_field_and_write_nothing(services, clock, inp, field):
    order = order_in_status(services, clock, Status.DISPATCHED)
    clock.advance(minutes=5)
    times = {
        "past": clock.now - timedelta(minutes=1),
        "future": clock.now + timedelta(minutes=1),
        "before": order.received_at - timedelta(minutes=1),
    }
    if inp.next_at in times:
        inp.next_at = times[inp.next_at]  # type: ignore[index]
    if inp.at in times:
        inp.at = times[inp.at]  # type: ignore[index]
    user = services.auth.system_user()
    assert_refused(services, lambda: services.followups.add_note(order.id, inp, user), field)


def test_finance_may_not_write_notes(services, clock):
    order = order_in_status(services, clock, Status.DISPATCHED)
    finance = make_user(services, Role.FINANCE)
    err = assert_refused(
        services,
        lambda: services.followups.add_note(order.id, NoteInput(NoteKind.OTHER, "x"), finance),
        None,
    )
    assert isinstance(err, PermissionDenied)


def test_dispatched_order_walks_through_its_reminders(services, clock):
    user = services.auth.system_user()
    order = register(services, user)
    clock.advance(minutes=3)
    d = services.workflow.dispatch(order.id, user, staff_ids=[staff_id(services)]).order
    t = d.dispatched_at
    fu = services.followups
    assert fu.reminders(t + timedelta(minutes=14, seconds=59)) == []
    assert kinds(fu.reminders(t + timedelta(minutes=15))) == [K.CONFIRM_CALL]
    clock.set(t + timedelta(minutes=16))
    fu.add_note(order.id, NoteInput(NoteKind.CALL_OWNER, "还没到", NoteResult.NOT_ARRIVED), user)
    assert kinds(fu.reminders(clock.now)) == [K.CHASE]
    assert kinds(fu.reminders(t + timedelta(minutes=31))) == [K.CHASE, K.RECALL]
    clock.set(t + timedelta(minutes=20))
    fu.add_note(order.id, NoteInput(NoteKind.CHASE, "工程部马上派人"), user)
    clock.set(t + timedelta(minutes=31))
    fu.add_note(order.id, NoteInput(NoteKind.CALL_OWNER, "已到", NoteResult.ARRIVED), user)
    assert fu.reminders(t + timedelta(hours=5)) == []


def test_no_news_escalates_to_supervisor_and_manager_boards(services, clock):
    order = order_in_status(services, clock, Status.DISPATCHED)
    t = order.dispatched_at
    assert t is not None
    later = t + timedelta(minutes=120)
    fu = services.followups
    by_role = {role: kinds(fu.reminders(later, role=role)) for role in Role}
    assert by_role[Role.RECEPTIONIST] == [K.CONFIRM_CALL, K.CHASE]
    assert by_role[Role.SUPERVISOR] == [K.ESCALATED]
    assert by_role[Role.MANAGER] == [K.ESCALATED]
    assert by_role[Role.FINANCE] == by_role[Role.TECHNICIAN] == by_role[Role.ADMIN] == []
    finance = make_user(services, Role.FINANCE)
    assert fu.reminders(later, user=finance) == []
    assert kinds(fu.reminders(later - timedelta(seconds=1), role=Role.SUPERVISOR)) == []


def test_a_setting_change_moves_the_reminder(services, clock):
    order = order_in_status(services, clock, Status.DISPATCHED)
    t = order.dispatched_at
    assert t is not None
    admin = services.auth.system_user()
    fu = services.followups
    assert kinds(fu.reminders(t + timedelta(minutes=15))) == [K.CONFIRM_CALL]
    rules = replace(services.reference.settings().rules, first_call_minutes=25)
    services.reference.update_settings(admin, rules=rules)
    assert fu.reminders(t + timedelta(minutes=24)) == []
    assert kinds(fu.reminders(t + timedelta(minutes=25))) == [K.CONFIRM_CALL]


def _complaint(services, clock, phone="13800138000", unit="1-1-101"):
    return register(
        services,
        kind=Kind.MATTER,
        category=MATTER_CATEGORY,
        description="楼上夜间装修噪音",
        phone=phone,
        unit_code=unit,
    )


def test_complaint_contact_is_due_at_12_hours(services, clock):
    c = _complaint(services, clock)
    h12 = c.received_at + timedelta(hours=12)
    fu = services.followups
    complaint_kinds = {K.COMPLAINT_CONTACT, K.COMPLAINT_PLAN}
    assert not complaint_kinds & set(kinds(fu.reminders(h12 - timedelta(seconds=1))))
    assert complaint_kinds <= set(kinds(fu.reminders(h12)))
    assert not fu.is_escalated(c.id)


def test_complaint_needs_a_plan_before_completion(services, clock):
    user = services.auth.system_user()
    c = _complaint(services, clock)
    clock.advance(minutes=2)
    services.workflow.dispatch(c.id, user, department_id=department_id(services, "客服部"))
    clock.advance(minutes=30)
    assert_refused(
        services,
        lambda: services.workflow.complete(c.id, completion(with_material=False), user),
        "整改方案",
    )
    services.followups.add_note(c.id, NoteInput(NoteKind.PLAN, "约谈装修户，限定施工时间"), user)
    done = services.workflow.complete(c.id, completion(with_material=False), user).order
    assert done.status is Status.TO_VISIT  # no slip was printed: visited at once (issue 11)


def test_complaint_closes_only_after_the_complainant_confirms(services, clock):
    c = order_in_status(services, clock, Status.TO_VISIT, Kind.MATTER)
    rs = [
        r for r in services.followups.reminders(clock.now + timedelta(days=2)) if r.order_id == c.id
    ]
    visit = [r for r in rs if r.kind is K.VISIT]
    assert len(visit) == 1 and "投诉人确认" in visit[0].todo
    # the only way into 已关闭 from an open status is the visit (the complainant confirms), or
    # — never for a complaint — a consultation answered at the desk (issue 11)
    for status in Status:
        if not status.is_open:
            continue
        for action in allowed_actions(status, Kind.MATTER):
            if next_status(status, action, Kind.MATTER) is Status.CLOSED:
                assert action in (Action.VISIT, Action.ANSWER_CLOSE), (status, action)
    closed = order_in_status(services, clock, Status.CLOSED, Kind.MATTER)
    assert closed.visits and closed.status is Status.CLOSED


def test_second_complaint_from_the_same_caller_within_30_days_is_escalated(services, clock):
    first = _complaint(services, clock)
    clock.advance(days=29, hours=23)
    same_phone = _complaint(services, clock, unit="3-2-1502")
    clock.advance(minutes=1)
    same_unit = _complaint(services, clock, phone="13911112222")
    clock.advance(minutes=1)
    other = _complaint(services, clock, phone="13911113333", unit="5-1-2301")
    fu = services.followups
    assert not fu.is_escalated(first.id)
    assert fu.is_escalated(same_phone.id) and fu.is_escalated(same_unit.id)
    assert not fu.is_escalated(other.id)
    h12 = same_phone.received_at + timedelta(hours=12, minutes=5)
    manager = kinds(r for r in fu.reminders(h12, role=Role.MANAGER) if r.order_id == same_phone.id)
    assert K.COMPLAINT_CONTACT in manager
    assert not [r for r in fu.reminders(h12, role=Role.MANAGER) if r.order_id == other.id]


def test_complaint_repeat_window_follows_the_setting(services, clock):
    _complaint(services, clock)
    clock.advance(days=31)
    second = _complaint(services, clock)
    assert not services.followups.is_escalated(second.id)
    services.reference.update_settings(
        services.auth.system_user(),
        rules=replace(services.reference.settings().rules, complaint_repeat_days=40),
    )
    assert services.followups.is_escalated(second.id)
