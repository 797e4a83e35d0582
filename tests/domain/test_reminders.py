"""The follow-up rules as a pure function: every rule at the minute before and the minute it
falls due, what clears it, and the office settings moving it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from propdesk.domain.deadlines import TimeRules
from propdesk.domain.enums import Kind, MatterType, Role, Status
from propdesk.domain.followup import FollowUpRecord, NoteKind, NoteResult
from propdesk.domain.reminders import (
    OrderFacts,
    Reminder,
    ReminderKind,
    is_repeat_complaint,
    reminders,
)

T0 = datetime(2026, 11, 20, 9, 0, 0)  # received
D = T0 + timedelta(minutes=3)  # dispatched
RULES = TimeRules()
K = ReminderKind


def order(**overrides: Any) -> OrderFacts:
    """A 报修 received at T0, waiting for dispatch since then."""
    values: dict[str, Any] = dict(
        id=7,
        number="2026000007",
        place="1-1-101",
        kind=Kind.REPAIR,
        matter_type=None,
        status=Status.PENDING,
        received_at=T0,
        status_since=T0,
    )
    values.update(overrides)
    return OrderFacts(**values)


def dispatched(at: datetime = D, arrived: datetime | None = None, **kw: Any) -> OrderFacts:
    """Dispatched at ``at`` with an arrival due 15 minutes later (arrived when given)."""
    status = Status.IN_PROGRESS if arrived else Status.DISPATCHED
    base: dict[str, Any] = dict(
        status=status,
        status_since=arrived or at,
        dispatched_at=at,
        arrive_due_at=at + timedelta(minutes=15),
        arrived_at=arrived,
    )
    base.update(kw)
    return order(**base)


_ids = iter(range(1, 10_000))


def note(
    at: datetime,
    kind: NoteKind,
    result: NoteResult | None = None,
    next_at: datetime | None = None,
    text: str = "已联系",
) -> FollowUpRecord:
    return FollowUpRecord(next(_ids), 7, at, "前台小王", kind, text, result, next_at)


def due(
    o: OrderFacts,
    now: datetime,
    notes: list[FollowUpRecord] | None = None,
    rules: TimeRules = RULES,
    repeat: bool = False,
) -> list[Reminder]:
    return reminders(replace(o, repeat_complaint=repeat), notes or [], rules, now)


def kinds(rs: list[Reminder]) -> list[ReminderKind]:
    return [r.kind for r in rs]


def m(minutes: float) -> timedelta:
    return timedelta(minutes=minutes)


# --- 到场确认电话 ------------------------------------------------------------------------


def test_confirmation_call_is_due_at_dispatch_plus_15_minutes_and_not_before() -> None:
    o = dispatched()
    assert due(o, D + m(15) - timedelta(seconds=1)) == []
    [r] = due(o, D + m(15))
    assert r.kind is K.CONFIRM_CALL and r.due_at == D + m(15)
    assert r.roles == {Role.RECEPTIONIST}
    assert "到场" in r.todo


def test_a_call_to_the_owner_after_dispatch_clears_it() -> None:
    o = dispatched()
    assert due(o, D + m(60), [note(D + m(10), NoteKind.CALL_OWNER, NoteResult.ARRIVED)]) == []
    # a call before this dispatch (e.g. about the previous one) does not count
    before = note(D - m(1), NoteKind.CALL_OWNER, NoteResult.ARRIVED)
    assert kinds(due(o, D + m(60), [before])) == [K.CONFIRM_CALL]


def test_not_arrived_makes_a_second_call_due_15_minutes_later_and_a_chase_now() -> None:
    o = dispatched()
    call = note(D + m(16), NoteKind.CALL_OWNER, NoteResult.NOT_ARRIVED)
    at_call = due(o, D + m(16), [call])
    assert kinds(at_call) == [K.CHASE]
    assert at_call[0].due_at == D + m(16)
    assert kinds(due(o, D + m(31) - timedelta(seconds=1), [call])) == [K.CHASE]
    later = due(o, D + m(31), [call])
    assert kinds(later) == [K.CHASE, K.RECALL]
    assert later[1].due_at == D + m(31)
    chase = note(D + m(18), NoteKind.CHASE, text="工程部说马上到")
    assert kinds(due(o, D + m(31), [call, chase])) == [K.RECALL]
    again = note(D + m(30), NoteKind.CALL_OWNER, NoteResult.ARRIVED)
    assert due(o, D + m(60), [call, chase, again]) == []


def test_unanswered_call_does_not_clear_the_confirmation() -> None:
    o = dispatched()
    call = note(D + m(15), NoteKind.CALL_OWNER, NoteResult.NO_ANSWER)
    assert due(o, D + m(29), [call]) == []
    assert kinds(due(o, D + m(30), [call])) == [K.RECALL]


def test_recorded_arrival_ends_the_chase_after_not_arrived() -> None:
    o = dispatched(arrived=D + m(25))
    call = note(D + m(16), NoteKind.CALL_OWNER, NoteResult.NOT_ARRIVED)
    assert due(o, D + m(40), [call]) == []


def test_no_call_is_due_when_the_dispatch_has_no_arrival_rule() -> None:
    o = dispatched(arrive_due_at=None)  # 咨询建议: nobody is to arrive
    assert kinds(due(o, D + m(30))) == []


# --- 催办 / 上报 after 2 hours without news ----------------------------------------------


def test_no_news_by_two_hours_shows_the_chase_and_the_escalation() -> None:
    o = dispatched()
    assert kinds(due(o, D + m(119))) == [K.CONFIRM_CALL]
    rs = due(o, D + m(120))
    assert kinds(rs) == [K.CONFIRM_CALL, K.CHASE, K.ESCALATED]
    chase, escalated = rs[1], rs[2]
    assert chase.roles == {Role.RECEPTIONIST} and chase.due_at == D + m(120)
    assert escalated.roles == {Role.SUPERVISOR, Role.MANAGER}


@pytest.mark.parametrize(
    "news",
    [
        "arrival",
        "note",
    ],
)
def test_any_news_prevents_the_escalation(news: str) -> None:
    if news == "arrival":
        o, notes = dispatched(arrived=D + m(100)), []
    else:
        o, notes = dispatched(), [note(D + m(100), NoteKind.OWNER_CALLED, text="业主来电问")]
    assert K.ESCALATED not in kinds(due(o, D + m(200), notes))


# --- 待派工 ------------------------------------------------------------------------------


def test_undispatched_beyond_the_limit_goes_to_the_supervisor() -> None:
    o = order()
    assert due(o, T0 + m(5) - timedelta(seconds=1)) == []
    rs = due(o, T0 + m(5))
    assert kinds(rs) == [K.DISPATCH_OVERDUE, K.ESCALATE_DISPATCH]
    by_kind = {r.kind: r for r in rs}
    assert by_kind[K.ESCALATE_DISPATCH].roles == {Role.RECEPTIONIST}
    assert by_kind[K.DISPATCH_OVERDUE].roles == {Role.SUPERVISOR}
    reported = note(T0 + m(6), NoteKind.ESCALATE, text="已报工程主管")
    assert kinds(due(o, T0 + m(10), [reported])) == [K.DISPATCH_OVERDUE]


def test_a_reopened_order_counts_the_dispatch_limit_from_the_reopening() -> None:
    reopened = T0 + timedelta(days=2)
    o = order(status_since=reopened)
    assert due(o, reopened + m(4)) == []
    assert len(due(o, reopened + m(5))) == 2


# --- 约定回电 ----------------------------------------------------------------------------


def test_an_agreed_call_back_falls_due_at_that_time() -> None:
    o = dispatched(arrived=D + m(10))
    back = D + timedelta(hours=3)
    n = note(D + m(14), NoteKind.CALL_OWNER, NoteResult.ARRIVED, next_at=back, text="下午再确认")
    assert due(o, back - timedelta(seconds=1), [n]) == []
    [r] = due(o, back, [n])
    assert r.kind is K.CALL_BACK and r.due_at == back and "下午再确认" in r.todo
    done = note(back + m(2), NoteKind.CALL_OWNER, NoteResult.SOLVED)
    assert due(o, back + m(5), [n, done]) == []


def test_no_call_back_on_a_closed_order() -> None:
    n = note(D + m(14), NoteKind.OTHER, next_at=D + m(60))
    assert due(dispatched(status=Status.CLOSED), D + m(90), [n]) == []


# --- 投诉 --------------------------------------------------------------------------------


def complaint(**kw: Any) -> OrderFacts:
    return order(kind=Kind.MATTER, matter_type=MatterType.COMPLAINT, **kw)


def test_complaint_contact_and_plan_are_due_at_12_hours() -> None:
    # with the department since T0 + 3 min and in hand (arrived): only the complaint's own
    o = complaint(
        status=Status.IN_PROGRESS,
        dispatched_at=T0 + m(3),
        arrived_at=T0 + m(20),
        arrive_due_at=None,
    )
    h12 = T0 + timedelta(hours=12)
    assert due(o, h12 - timedelta(seconds=1)) == []
    rs = due(o, h12)
    assert kinds(rs) == [K.COMPLAINT_CONTACT, K.COMPLAINT_PLAN]
    assert all(r.due_at == h12 for r in rs)
    assert rs[0].roles == {Role.RECEPTIONIST} and not rs[0].escalated
    contact = note(T0 + m(30), NoteKind.CALL_OWNER, NoteResult.SOLVED)
    plan = note(T0 + m(40), NoteKind.PLAN, text="加强巡查")
    assert kinds(due(o, h12, [contact])) == [K.COMPLAINT_PLAN]
    assert due(o, h12, [contact, plan]) == []


def test_a_repeated_complaint_is_escalated_to_the_manager() -> None:
    o = complaint()
    rs = due(o, T0 + timedelta(hours=12), repeat=True)
    assert rs and all(r.escalated and Role.MANAGER in r.roles for r in rs)
    own = [r for r in rs if r.kind in (K.COMPLAINT_CONTACT, K.COMPLAINT_PLAN)]
    assert len(own) == 2 and all(r.what.startswith("【升级】") for r in rs)


def test_repeat_complaint_window_boundary() -> None:
    received = datetime(2026, 11, 30, 10, 0, 0)
    earlier = received - timedelta(days=30)
    assert is_repeat_complaint(received, [earlier], RULES)
    assert not is_repeat_complaint(received, [earlier - timedelta(seconds=1)], RULES)
    assert not is_repeat_complaint(received, [received + m(1)], RULES)  # a later one does not
    assert is_repeat_complaint(
        received, [earlier - timedelta(days=5)], replace(RULES, complaint_repeat_days=40)
    )


# --- 回访 --------------------------------------------------------------------------------


def test_visit_falls_due_at_the_end_of_the_visit_rule() -> None:
    done = D + m(90)
    o = dispatched(status=Status.TO_VISIT, completed_at=done)
    assert due(o, done + timedelta(hours=24) - timedelta(seconds=1)) == []
    [r] = due(o, done + timedelta(hours=24))
    assert r.kind is K.VISIT


# --- the office's settings move the reminders ------------------------------------------


@pytest.mark.parametrize(
    ("setting", "value", "make", "kind", "due_at"),
    [
        ("first_call_minutes", 20, lambda: dispatched(), K.CONFIRM_CALL, D + m(20)),
        ("escalate_minutes", 60, lambda: dispatched(), K.ESCALATED, D + m(60)),
        (
            "dispatch_minutes",
            8,
            lambda: order(),
            K.ESCALATE_DISPATCH,
            T0 + m(8),
        ),
        (
            "complaint_contact_hours",
            6,
            lambda: complaint(status=Status.PENDING),
            K.COMPLAINT_CONTACT,
            T0 + timedelta(hours=6),
        ),
        (
            "visit_hours",
            4,
            lambda: dispatched(status=Status.TO_VISIT, completed_at=D + m(30)),
            K.VISIT,
            D + m(30) + timedelta(hours=4),
        ),
    ],
)
def test_a_setting_moves_its_reminder(
    setting: str, value: int, make: Any, kind: ReminderKind, due_at: datetime
) -> None:
    rules = replace(RULES, **{setting: value})
    o = make()
    mine = [r for r in due(o, due_at, rules=rules) if r.kind is kind]
    assert [r.due_at for r in mine] == [due_at]
    assert [r for r in due(o, due_at - timedelta(seconds=1), rules=rules) if r.kind is kind] == []
    default = [r for r in due(o, due_at + timedelta(days=3)) if r.kind is kind]
    assert default and default[0].due_at != due_at


def test_red_after_the_setting_minutes_past_due() -> None:
    [r] = due(dispatched(), D + m(15))
    assert not r.is_overdue(D + m(24), RULES)
    assert r.is_overdue(D + m(25), RULES)
    assert r.is_overdue(D + m(16), replace(RULES, reminder_red_minutes=1))
    assert r.late_minutes(D + m(25)) == 10
    assert [r.late_text(D + x) for x in (m(14), m(15), m(25), m(140), timedelta(days=3))] == [
        "未到期",
        "到期",
        "迟 10分钟",
        "迟 2小时5分",
        "迟 2天23小时",
    ]
