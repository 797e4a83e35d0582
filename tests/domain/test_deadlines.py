"""Deadline and overdue rules of SPEC §4, across 9:00, 14:00, 17:00, 17:30, midnight, month end
and year end."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from propdesk.domain.deadlines import (
    DEFAULT_URGENCIES,
    Deadline,
    DeadlineKind,
    OrderTimes,
    TimeRules,
    UrgencyRule,
    arrival_deadline,
    arrived_on_time,
    desk_for,
    dispatch_deadline,
    escalation_time,
    is_overdue,
    is_working_time,
    next_deadline,
    resolve_deadline,
    slip_return_deadline,
    visit_deadline,
)
from propdesk.domain.enums import Status

RULES = TimeRules()
URG = {u.name: u for u in DEFAULT_URGENCIES}
URGENT = URG["紧急"]
NORMAL = URG["一般"]
ADVICE = URG["咨询建议"]
ONE_SECOND = timedelta(seconds=1)


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- defaults are the SPEC §4 table ------------------------------------------------------


def test_default_time_rules_are_the_spec_table() -> None:
    assert RULES.dispatch_minutes == 5
    assert RULES.appointment_late_minutes == 10
    assert RULES.first_call_minutes == 15
    assert RULES.escalate_minutes == 120
    assert RULES.slip_cutoff == time(14, 0)
    assert RULES.slip_return_by == time(17, 0)
    assert RULES.visit_hours == 24
    assert (RULES.work_start, RULES.work_end) == (time(9, 0), time(17, 30))


def test_default_urgencies_are_the_spec_table() -> None:
    assert [u.name for u in DEFAULT_URGENCIES] == ["紧急", "一般", "咨询建议"]
    assert (URGENT.arrive_minutes, URGENT.resolve_minutes, URGENT.is_emergency) == (10, 120, True)
    assert (NORMAL.arrive_minutes, NORMAL.resolve_minutes, NORMAL.is_emergency) == (
        15,
        24 * 60,
        False,
    )
    assert (ADVICE.arrive_minutes, ADVICE.resolve_minutes) == (None, 48 * 60)


# --- working hours -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "desk"),
    [
        ("2026-11-20 00:00:00", "监控中心"),
        ("2026-11-20 08:59:59", "监控中心"),
        ("2026-11-20 09:00:00", "服务中心"),
        ("2026-11-20 14:00:00", "服务中心"),
        ("2026-11-20 17:00:00", "服务中心"),
        ("2026-11-20 17:29:59", "服务中心"),
        ("2026-11-20 17:30:00", "监控中心"),
        ("2026-11-20 23:59:59", "监控中心"),
        ("2026-12-31 17:30:00", "监控中心"),
        ("2027-01-01 09:00:00", "服务中心"),
    ],
)
def test_desk_for(at: str, desk: str) -> None:
    assert desk_for(dt(at), RULES) == desk
    assert is_working_time(dt(at), RULES) is (desk == "服务中心")


def test_working_hours_follow_settings() -> None:
    rules = TimeRules(work_start=time(8, 30), work_end=time(18, 0))
    assert desk_for(dt("2026-11-20 08:30:00"), rules) == "服务中心"
    assert desk_for(dt("2026-11-20 17:45:00"), rules) == "服务中心"
    assert desk_for(dt("2026-11-20 18:00:00"), rules) == "监控中心"
    assert desk_for(dt("2026-11-20 08:29:59"), rules) == "监控中心"


# --- register -> dispatch ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "due"),
    [
        ("2026-11-20 09:00:00", "2026-11-20 09:05:00"),
        ("2026-11-20 17:28:00", "2026-11-20 17:33:00"),
        ("2026-11-20 23:58:30", "2026-11-21 00:03:30"),
        ("2026-11-30 23:57:00", "2026-12-01 00:02:00"),
        ("2026-12-31 23:59:00", "2027-01-01 00:04:00"),
    ],
)
def test_dispatch_deadline(since: str, due: str) -> None:
    assert dispatch_deadline(dt(since), RULES) == dt(due)


def test_dispatch_deadline_follows_settings() -> None:
    rules = TimeRules(dispatch_minutes=3)
    assert dispatch_deadline(dt("2026-11-20 09:00:00"), rules) == dt("2026-11-20 09:03:00")


# --- dispatch -> arrival -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("urgency", "dispatched", "due"),
    [
        (URGENT, "2026-11-20 09:00:00", "2026-11-20 09:10:00"),
        (NORMAL, "2026-11-20 09:00:00", "2026-11-20 09:15:00"),
        (URGENT, "2026-11-20 17:25:00", "2026-11-20 17:35:00"),
        (NORMAL, "2026-11-20 23:50:00", "2026-11-21 00:05:00"),
        (NORMAL, "2026-11-30 23:55:00", "2026-12-01 00:10:00"),
        (URGENT, "2026-12-31 23:55:00", "2027-01-01 00:05:00"),
    ],
    ids=["urgent-9", "normal-9", "urgent-1730", "normal-midnight", "month-end", "year-end"],
)
def test_arrival_deadline_by_urgency(urgency: UrgencyRule, dispatched: str, due: str) -> None:
    assert arrival_deadline(dt(dispatched), urgency, RULES) == dt(due)


@pytest.mark.parametrize(("urgency", "minutes"), [(URGENT, 10), (NORMAL, 15)])
def test_arrived_on_time_at_the_limit_and_one_second_past(
    urgency: UrgencyRule, minutes: int
) -> None:
    dispatched = dt("2026-11-20 14:00:00")
    due = arrival_deadline(dispatched, urgency, RULES)
    assert due == dispatched + timedelta(minutes=minutes)
    assert arrived_on_time(dispatched + timedelta(minutes=minutes), due) is True
    assert arrived_on_time(dispatched + timedelta(minutes=minutes) + ONE_SECOND, due) is False
    assert arrived_on_time(dispatched + timedelta(minutes=1), due) is True


def test_not_arrived_counts_as_not_on_time() -> None:
    assert arrived_on_time(None, dt("2026-11-20 09:15:00")) is False


def test_consultation_has_no_arrival_deadline() -> None:
    assert arrival_deadline(dt("2026-11-20 09:00:00"), ADVICE, RULES) is None
    assert arrived_on_time(dt("2026-11-20 09:00:00"), None) is None
    assert arrived_on_time(None, None) is None


@pytest.mark.parametrize("urgency", [URGENT, NORMAL], ids=["紧急", "一般"])
def test_appointment_rule(urgency: UrgencyRule) -> None:
    dispatched = dt("2026-11-20 09:00:00")
    appointment = dt("2026-11-20 15:00:00")
    due = arrival_deadline(dispatched, urgency, RULES, appointment)
    assert due == dt("2026-11-20 15:10:00")
    assert arrived_on_time(dt("2026-11-20 15:10:00"), due) is True
    assert arrived_on_time(dt("2026-11-20 15:10:01"), due) is False


def test_appointment_across_midnight_and_year_end() -> None:
    due = arrival_deadline(
        dt("2026-12-31 20:00:00"), NORMAL, RULES, appointment_at=dt("2026-12-31 23:55:00")
    )
    assert due == dt("2027-01-01 00:05:00")


def test_appointment_already_past_at_dispatch_falls_back_to_urgency() -> None:
    dispatched = dt("2026-11-20 16:00:00")
    due = arrival_deadline(dispatched, NORMAL, RULES, appointment_at=dt("2026-11-20 15:00:00"))
    assert due == dt("2026-11-20 16:15:00")


def test_appointment_lateness_follows_settings() -> None:
    rules = TimeRules(appointment_late_minutes=5)
    due = arrival_deadline(dt("2026-11-20 09:00:00"), NORMAL, rules, dt("2026-11-20 10:00:00"))
    assert due == dt("2026-11-20 10:05:00")


# --- resolve, escalation, visit ----------------------------------------------------------


@pytest.mark.parametrize(
    ("urgency", "received", "due"),
    [
        (URGENT, "2026-11-20 17:00:00", "2026-11-20 19:00:00"),
        (URGENT, "2026-12-31 23:00:00", "2027-01-01 01:00:00"),
        (NORMAL, "2026-11-30 09:00:00", "2026-12-01 09:00:00"),
        (ADVICE, "2026-12-30 17:30:00", "2027-01-01 17:30:00"),
    ],
)
def test_resolve_deadline(urgency: UrgencyRule, received: str, due: str) -> None:
    assert resolve_deadline(dt(received), urgency) == dt(due)


def test_escalation_after_two_hours() -> None:
    assert escalation_time(dt("2026-11-20 23:00:00"), RULES) == dt("2026-11-21 01:00:00")
    assert escalation_time(dt("2026-11-20 09:00:00"), TimeRules(escalate_minutes=60)) == dt(
        "2026-11-20 10:00:00"
    )


@pytest.mark.parametrize(
    ("completed", "due"),
    [
        ("2026-11-20 17:30:00", "2026-11-21 17:30:00"),
        ("2026-11-30 09:00:00", "2026-12-01 09:00:00"),
        ("2026-12-31 00:00:00", "2027-01-01 00:00:00"),
    ],
)
def test_visit_within_24_hours(completed: str, due: str) -> None:
    assert visit_deadline(dt(completed), RULES) == dt(due)
    assert visit_deadline(dt(completed), TimeRules(visit_hours=48)) == dt(due) + timedelta(hours=24)


# --- 14:00 -> 17:00 slip return ------------------------------------------------------------


@pytest.mark.parametrize(
    ("dispatched", "due"),
    [
        ("2026-11-20 00:00:00", "2026-11-20 17:00:00"),
        ("2026-11-20 09:00:00", "2026-11-20 17:00:00"),
        ("2026-11-20 13:59:59", "2026-11-20 17:00:00"),
        ("2026-11-20 14:00:00", "2026-11-21 17:00:00"),
        ("2026-11-20 17:00:00", "2026-11-21 17:00:00"),
        ("2026-11-20 17:30:00", "2026-11-21 17:00:00"),
        ("2026-11-20 23:59:59", "2026-11-21 17:00:00"),
        ("2026-11-30 13:00:00", "2026-11-30 17:00:00"),
        ("2026-11-30 15:00:00", "2026-12-01 17:00:00"),
        ("2026-12-31 14:00:00", "2027-01-01 17:00:00"),
        ("2027-02-28 15:00:00", "2027-03-01 17:00:00"),
        ("2028-02-28 15:00:00", "2028-02-29 17:00:00"),
    ],
)
def test_slip_return_deadline(dispatched: str, due: str) -> None:
    assert slip_return_deadline(dt(dispatched), None, RULES) == dt(due)


def test_slip_completion_within_deadline_changes_nothing() -> None:
    dispatched = dt("2026-11-20 10:00:00")
    for completed in ("2026-11-20 11:00:00", "2026-11-20 16:59:59", "2026-11-20 17:00:00"):
        assert slip_return_deadline(dispatched, dt(completed), RULES) == dt("2026-11-20 17:00:00")


def test_slip_judged_from_a_late_completion() -> None:
    dispatched = dt("2026-11-20 10:00:00")
    late = slip_return_deadline(dispatched, dt("2026-11-20 17:00:01"), RULES)
    assert late == dt("2026-11-21 17:00:00")
    # finished the next morning, before the cutoff: due that same afternoon
    assert slip_return_deadline(dispatched, dt("2026-11-21 11:00:00"), RULES) == dt(
        "2026-11-21 17:00:00"
    )
    # month end and year end
    assert slip_return_deadline(dt("2026-11-30 09:00:00"), dt("2026-11-30 18:00:00"), RULES) == dt(
        "2026-12-01 17:00:00"
    )
    assert slip_return_deadline(dt("2026-12-31 15:00:00"), dt("2027-01-01 20:00:00"), RULES) == dt(
        "2027-01-02 17:00:00"
    )


def test_slip_rule_follows_settings() -> None:
    rules = TimeRules(slip_cutoff=time(12, 0), slip_return_by=time(18, 0))
    assert slip_return_deadline(dt("2026-11-20 11:59:59"), None, rules) == dt("2026-11-20 18:00:00")
    assert slip_return_deadline(dt("2026-11-20 12:00:00"), None, rules) == dt("2026-11-21 18:00:00")


# --- next_deadline for every status -------------------------------------------------------

RECEIVED = dt("2026-11-30 13:50:00")
DISPATCHED = dt("2026-11-30 13:55:00")
ARRIVE_DUE = dt("2026-11-30 14:10:00")
COMPLETED = dt("2026-11-30 16:00:00")

NEXT_CASES: list[tuple[str, OrderTimes, UrgencyRule, Deadline | None]] = [
    (
        "pending",
        OrderTimes(Status.PENDING, RECEIVED, RECEIVED),
        NORMAL,
        Deadline(DeadlineKind.DISPATCH, dt("2026-11-30 13:55:00")),
    ),
    (
        "pending-reopened",
        OrderTimes(Status.PENDING, RECEIVED, dt("2026-12-31 23:58:00")),
        NORMAL,
        Deadline(DeadlineKind.DISPATCH, dt("2027-01-01 00:03:00")),
    ),
    (
        "dispatched-arrive",
        OrderTimes(Status.DISPATCHED, RECEIVED, DISPATCHED, DISPATCHED, ARRIVE_DUE),
        NORMAL,
        Deadline(DeadlineKind.ARRIVE, ARRIVE_DUE),
    ),
    (
        "dispatched-appointment-after-resolve",
        OrderTimes(Status.DISPATCHED, RECEIVED, DISPATCHED, DISPATCHED, dt("2026-12-03 10:10:00")),
        NORMAL,
        Deadline(DeadlineKind.RESOLVE, dt("2026-12-01 13:50:00")),
    ),
    (
        "dispatched-arrive-equals-resolve",
        OrderTimes(Status.DISPATCHED, RECEIVED, DISPATCHED, DISPATCHED, dt("2026-11-30 15:50:00")),
        URGENT,
        Deadline(DeadlineKind.ARRIVE, dt("2026-11-30 15:50:00")),
    ),
    (
        "dispatched-consultation",
        OrderTimes(Status.DISPATCHED, RECEIVED, DISPATCHED, DISPATCHED, None),
        ADVICE,
        Deadline(DeadlineKind.RESOLVE, dt("2026-12-02 13:50:00")),
    ),
    (
        "in-progress",
        OrderTimes(Status.IN_PROGRESS, RECEIVED, ARRIVE_DUE, DISPATCHED, ARRIVE_DUE),
        URGENT,
        Deadline(DeadlineKind.RESOLVE, dt("2026-11-30 15:50:00")),
    ),
    (
        "completed",
        OrderTimes(Status.COMPLETED, RECEIVED, COMPLETED, DISPATCHED, ARRIVE_DUE, COMPLETED),
        NORMAL,
        Deadline(DeadlineKind.SLIP, dt("2026-11-30 17:00:00")),
    ),
    (
        "completed-dispatched-after-cutoff",
        OrderTimes(
            Status.COMPLETED,
            RECEIVED,
            COMPLETED,
            dt("2026-11-30 14:00:00"),
            None,
            COMPLETED,
        ),
        NORMAL,
        Deadline(DeadlineKind.SLIP, dt("2026-12-01 17:00:00")),
    ),
    (
        "completed-without-dispatch-time",
        OrderTimes(Status.COMPLETED, dt("2026-12-31 15:00:00"), dt("2026-12-31 16:00:00")),
        NORMAL,
        Deadline(DeadlineKind.SLIP, dt("2027-01-01 17:00:00")),
    ),
    (
        "to-visit",
        OrderTimes(
            Status.TO_VISIT, RECEIVED, dt("2026-12-01 09:00:00"), DISPATCHED, None, COMPLETED
        ),
        NORMAL,
        Deadline(DeadlineKind.VISIT, dt("2026-12-01 16:00:00")),
    ),
    (
        "to-visit-from-developer",
        OrderTimes(Status.TO_VISIT, RECEIVED, dt("2026-12-31 10:00:00")),
        NORMAL,
        Deadline(DeadlineKind.VISIT, dt("2027-01-01 10:00:00")),
    ),
    ("closed", OrderTimes(Status.CLOSED, RECEIVED, COMPLETED, DISPATCHED), NORMAL, None),
    ("cancelled", OrderTimes(Status.CANCELLED, RECEIVED, RECEIVED), URGENT, None),
    ("developer", OrderTimes(Status.DEVELOPER, RECEIVED, RECEIVED), NORMAL, None),
    ("outsourced", OrderTimes(Status.OUTSOURCED, RECEIVED, RECEIVED), NORMAL, None),
    ("declined", OrderTimes(Status.DECLINED, RECEIVED, RECEIVED), URGENT, None),
]


@pytest.mark.parametrize(
    ("order", "urgency", "expected"),
    [pytest.param(o, u, e, id=name) for name, o, u, e in NEXT_CASES],
)
def test_next_deadline(order: OrderTimes, urgency: UrgencyRule, expected: Deadline | None) -> None:
    assert next_deadline(order, urgency, RULES) == expected


def test_next_deadline_cases_cover_every_status() -> None:
    assert {case[1].status for case in NEXT_CASES} == set(Status)


# --- overdue and due-soon ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "state"),
    [
        ("2026-12-31 23:29:59", "ok"),
        ("2026-12-31 23:30:00", "soon"),
        ("2026-12-31 23:59:59", "soon"),
        ("2027-01-01 00:00:00", "soon"),
        ("2027-01-01 00:00:01", "overdue"),
        ("2027-01-02 00:00:00", "overdue"),
    ],
)
def test_deadline_state(now: str, state: str) -> None:
    deadline = Deadline(DeadlineKind.VISIT, dt("2027-01-01 00:00:00"))
    assert deadline.state(dt(now), RULES) == state


def test_deadline_state_soon_window_follows_settings() -> None:
    deadline = Deadline(DeadlineKind.ARRIVE, dt("2026-11-20 17:30:00"))
    rules = TimeRules(due_soon_minutes=5)
    assert deadline.state(dt("2026-11-20 17:24:59"), rules) == "ok"
    assert deadline.state(dt("2026-11-20 17:25:00"), rules) == "soon"


def test_is_overdue() -> None:
    due = dt("2026-11-20 17:30:00")
    assert is_overdue(due, due) is False
    assert is_overdue(due, due + ONE_SECOND) is True
    assert is_overdue(due, due - ONE_SECOND) is False
    assert is_overdue(None, due) is False


def test_deadline_kinds_have_chinese_labels() -> None:
    assert {k: k.label for k in DeadlineKind} == {
        DeadlineKind.DISPATCH: "派工",
        DeadlineKind.ARRIVE: "到场",
        DeadlineKind.RESOLVE: "完工",
        DeadlineKind.SLIP: "回单",
        DeadlineKind.VISIT: "回访",
    }
