"""The order's steps after intake, each through the services on a real SQLite file: what
each step stores, its audit rows and deadline, each refused input, explicit (补单) times and
the whole lifecycle with its detours."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from propdesk.domain.deadlines import DeadlineKind
from propdesk.domain.enums import Kind, Role, Satisfaction, Status, VisitMethod, WorkResult
from propdesk.domain.errors import NotFound, PermissionDenied, UserError
from propdesk.domain.followup import NoteInput, NoteKind
from propdesk.domain.records import CompletionInput, MaterialInput
from tests.factories import (
    assert_refused,
    audit_changes,
    audit_rows,
    closed_order,
    completion,
    db_dump,
    department_id,
    last_audit_id,
    make_staff_user,
    make_user,
    order_in_status,
    raw_order,
    register,
    staff_id,
)

T0 = datetime(2026, 11, 20, 10, 0, 0)  # the clock's start: a Friday morning


def ts(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture(autouse=True)
def _workstation(services):
    services.ctx.workstation = "前台一号机"


@pytest.fixture
def sysuser(services):
    return services.auth.system_user()


def visit(svc, order_id, user, satisfaction=Satisfaction.SATISFIED, **kw):
    return svc.workflow.visit(
        order_id, user, method=VisitMethod.PHONE, satisfaction=satisfaction, **kw
    )


# --- each step: what it stores, its event, audit rows and deadline -----------------------


def test_dispatch_to_a_technician(services, clock, sysuser):
    o = register(services)
    clock.advance(minutes=3)
    mark = last_audit_id(services)
    n = services.workflow.dispatch(o.id, sysuser, staff_ids=[staff_id(services)]).order
    at = T0 + timedelta(minutes=3)
    assert n.status is Status.DISPATCHED
    assert n.dispatched_at == at
    assert n.version == 2
    (d,) = n.dispatches
    assert (d.seq, d.dispatched_at, d.dispatcher_name) == (1, at, "系统")
    assert (d.staff_names, d.department_name) == (("李师傅",), "工程部")
    assert d.arrive_due_at == at + timedelta(minutes=15)
    assert (d.arrived_at, d.finished_at, d.result) == (None, None, None)
    assert n.due_at == at + timedelta(minutes=15) and n.due_kind is DeadlineKind.ARRIVE
    assert raw_order(services, o.id)["staff_names"] == "李师傅"
    e = n.events[-1]
    assert (e.action, e.at, e.from_status, e.to_status, e.note) == (
        "dispatch",
        at,
        Status.PENDING,
        Status.DISPATCHED,
        "李师傅",
    )
    assert audit_changes(services, "order", o.id, mark) == {
        "status": ("pending", "dispatched"),
        "dispatched_at": (None, ts(at)),
        "arrive_due_at": (None, ts(at + timedelta(minutes=15))),
    }
    rows = [r for r in audit_rows(services, "order", o.id) if r["id"] > mark]
    assert {(r["username"], r["workstation"], r["at"]) for r in rows} == {
        ("system", "前台一号机", at)
    }


def test_dispatch_to_several_staff_once_each(services, sysuser):
    o = register(services)
    li, wang = staff_id(services, "李师傅"), staff_id(services, "王师傅")
    n = services.workflow.dispatch(o.id, sysuser, staff_ids=[wang, li, wang]).order
    assert n.last_dispatch.staff_ids == tuple(sorted((li, wang)))
    assert set(n.last_dispatch.staff_names) == {"李师傅", "王师傅"}
    assert raw_order(services, o.id)["staff_names"] == "王师傅、李师傅"


def test_dispatch_to_a_department_only(services, sysuser):
    o = register(services, kind=Kind.MATTER, category="报失", description="钱包遗失")
    dept = department_id(services, "秩序部")
    n = services.workflow.dispatch(o.id, sysuser, department_id=dept).order
    assert n.last_dispatch.staff_ids == ()
    assert n.last_dispatch.department_name == "秩序部"
    assert n.department_name == "秩序部"


def test_explicit_department_wins_over_the_staffs(services, sysuser):
    o = register(services)
    n = services.workflow.dispatch(
        o.id,
        sysuser,
        staff_ids=[staff_id(services, "陈保安")],
        department_id=department_id(services, "工程部"),
    ).order
    assert n.last_dispatch.department_name == "工程部"
    other = register(services, unit_code="1-1-102")
    m = services.workflow.dispatch(
        other.id, sysuser, staff_ids=[staff_id(services, "陈保安")]
    ).order
    assert m.last_dispatch.department_name == "秩序部"  # the staff member's


def test_dispatch_with_an_appointment_is_due_at_it(services, clock, sysuser):
    o = register(services, appointment_at=datetime(2026, 11, 20, 15, 0))
    clock.advance(minutes=3)
    n = services.workflow.dispatch(o.id, sysuser, staff_ids=[staff_id(services)]).order
    assert n.last_dispatch.arrive_due_at == datetime(2026, 11, 20, 15, 10)
    assert n.due_at == datetime(2026, 11, 20, 15, 10) and n.due_kind is DeadlineKind.ARRIVE


def test_emergency_arrival_and_resolve_deadlines(services, clock, sysuser):
    o = register(services, category="水/爆管", description="主管爆裂")
    clock.advance(minutes=2)
    n = services.workflow.dispatch(o.id, sysuser, staff_ids=[staff_id(services)]).order
    assert n.due_at == T0 + timedelta(minutes=12) and n.due_kind is DeadlineKind.ARRIVE
    clock.advance(minutes=5)
    n = services.workflow.arrive(o.id, sysuser).order
    assert n.due_at == T0 + timedelta(hours=2) and n.due_kind is DeadlineKind.RESOLVE


def test_consultation_has_no_arrival_deadline(services, sysuser):
    o = register(services, kind=Kind.MATTER, category="咨询", description="停车位办理")
    n = services.workflow.dispatch(
        o.id, sysuser, department_id=department_id(services, "客服部")
    ).order
    assert n.last_dispatch.arrive_due_at is None
    assert n.due_at == T0 + timedelta(hours=48) and n.due_kind is DeadlineKind.RESOLVE


def test_arrive(services, clock, sysuser):
    o = order_in_status(services, clock, Status.DISPATCHED)
    clock.advance(minutes=9)
    mark = last_audit_id(services)
    n = services.workflow.arrive(o.id, sysuser).order
    assert n.status is Status.IN_PROGRESS
    assert n.arrived_at == clock.now
    assert n.last_dispatch.arrived_at == clock.now
    assert n.due_at == n.received_at + timedelta(hours=24)
    assert n.due_kind is DeadlineKind.RESOLVE
    assert n.events[-1].action == "arrive"
    assert audit_changes(services, "order", o.id, mark) == {
        "status": ("dispatched", "in_progress"),
        "arrived_at": (None, ts(clock.now)),
    }


def test_complete_computes_the_total_in_fen(services, clock, sysuser):
    o = order_in_status(services, clock, Status.IN_PROGRESS, paid=True)
    clock.advance(minutes=25)
    mark = last_audit_id(services)
    inp = CompletionInput(
        work_done=" 更换水龙头及软管 ",
        labour="30",
        materials=[
            MaterialInput("水龙头", "1", "个", "45.5"),
            MaterialInput("软管", "2.5", "米", "3.33"),  # 2.5 × 3.33 = 8.325 -> 8.33
        ],
    )
    n = services.workflow.complete(o.id, inp, sysuser).order
    assert n.status is Status.COMPLETED
    assert n.completed_at == clock.now
    assert n.work_done == "更换水龙头及软管"
    assert [
        (m.name, str(m.quantity), m.unit, m.unit_price_fen, m.amount_fen) for m in n.materials
    ] == [("水龙头", "1", "个", 4550, 4550), ("软管", "2.5", "米", 333, 833)]
    assert (n.labour_fen, n.material_fen, n.total_fen) == (3000, 5383, 8383)
    assert n.last_dispatch.finished_at == clock.now
    assert n.last_dispatch.result is WorkResult.DONE
    # dispatched 10:02, before 14:00: the slip is due back at 17:00 today
    assert n.due_at == datetime(2026, 11, 20, 17, 0) and n.due_kind is DeadlineKind.SLIP
    assert audit_changes(services, "order", o.id, mark) == {
        "status": ("in_progress", "completed"),
        "completed_at": (None, ts(clock.now)),
        "work_done": ("", "更换水龙头及软管"),
        "labour_fen": ("0", "3000"),
        "labour_listed_fen": (None, "0"),  # no 收费标准 item's labour was taken
        "price_review": (None, "pending"),  # both materials priced outside the 收费标准
        "material_fen": ("0", "5383"),
        "total_fen": ("0", "8383"),
    }


def test_complete_without_materials_or_labour(services, clock, sysuser):
    o = order_in_status(services, clock, Status.IN_PROGRESS)
    n = services.workflow.complete(o.id, CompletionInput(work_done="紧固螺丝"), sysuser).order
    assert (n.labour_fen, n.material_fen, n.total_fen) == (0, 0, 0)
    assert n.materials == ()


def test_slip_dispatched_after_14_is_due_next_day(services, clock, sysuser):
    clock.set(datetime(2026, 11, 20, 14, 30))
    o = order_in_status(services, clock, Status.COMPLETED)
    assert o.dispatched_at.hour == 14
    assert o.due_at == datetime(2026, 11, 21, 17, 0) and o.due_kind is DeadlineKind.SLIP


def test_slip_of_a_job_finished_after_its_deadline_counts_from_completion(services, clock, sysuser):
    o = order_in_status(services, clock, Status.IN_PROGRESS)
    clock.set(datetime(2026, 11, 20, 18, 0))
    n = services.workflow.complete(o.id, completion(), sysuser).order
    assert n.due_at == datetime(2026, 11, 21, 17, 0)


def test_return_slip(services, clock, sysuser):
    o = order_in_status(services, clock, Status.COMPLETED)
    clock.advance(hours=2)
    mark = last_audit_id(services)
    n = services.workflow.return_slip(o.id, sysuser).order
    assert n.status is Status.TO_VISIT
    assert n.slip_returned_at == clock.now
    assert n.due_at == o.completed_at + timedelta(hours=24)
    assert n.due_kind is DeadlineKind.VISIT
    assert audit_changes(services, "order", o.id, mark) == {
        "status": ("completed", "to_visit"),
        "slip_returned_at": (None, ts(clock.now)),
    }


def test_visit_closes_the_order(services, clock, sysuser):
    o = order_in_status(services, clock, Status.TO_VISIT)
    clock.advance(hours=3)
    mark = last_audit_id(services)
    n = services.workflow.visit(
        o.id,
        sysuser,
        method=VisitMethod.HOME,
        satisfaction=Satisfaction.FAIR,
        opinion=" 师傅很耐心 ",
    ).order
    assert n.status is Status.CLOSED
    assert n.visited_at == clock.now and n.closed_at == clock.now
    assert n.satisfaction is Satisfaction.FAIR
    (v,) = n.visits
    assert (v.visited_at, v.method, v.visitor_name, v.satisfaction, v.opinion) == (
        clock.now,
        VisitMethod.HOME,
        "系统",
        Satisfaction.FAIR,
        "师傅很耐心",
    )
    assert not v.reopened and not v.follow_up
    assert n.due_at is None and n.due_kind is None
    assert n.events[-1].note == "上门回访，基本满意：师傅很耐心"
    assert audit_changes(services, "order", o.id, mark) == {
        "status": ("to_visit", "closed"),
        "satisfaction": (None, "fair"),
        "visited_at": (None, ts(clock.now)),
        "closed_at": (None, ts(clock.now)),
    }


def test_unsatisfied_visit_without_reopen_still_closes(services, clock, sysuser):
    o = order_in_status(services, clock, Status.TO_VISIT)
    n = visit(services, o.id, sysuser, Satisfaction.UNSATISFIED, opinion="还在滴水").order
    assert n.status is Status.CLOSED and n.satisfaction is Satisfaction.UNSATISFIED


def test_cancel_keeps_the_number(services, clock, sysuser):
    o = order_in_status(services, clock, Status.DISPATCHED)
    clock.advance(minutes=1)
    mark = last_audit_id(services)
    n = services.workflow.cancel(o.id, sysuser, reason=" 业主已自行修好 ").order
    assert n.status is Status.CANCELLED
    assert n.number == o.number == "2026000001"
    assert n.cancel_reason == "业主已自行修好"
    assert raw_order(services, o.id)["cancelled_at"] == clock.now
    assert n.due_at is None
    assert len(n.dispatches) == 1  # the dispatch record stays
    rows = [r for r in audit_rows(services, "order", o.id) if r["id"] > mark]
    assert {r["field"] for r in rows} == {"status", "cancelled_at", "cancel_reason"}
    assert {r["reason"] for r in rows} == {"业主已自行修好"}
    assert services.registers.by_number("2026000001").status is Status.CANCELLED


def test_to_developer_then_result_then_visit(services, clock, sysuser):
    o = register(services)
    clock.advance(minutes=5)
    n = services.workflow.to_developer(o.id, sysuser, note=" 交房一年内 ").order
    assert n.status is Status.DEVELOPER and n.developer_warranty
    assert n.developer_note == "交房一年内"
    assert n.due_at is None
    assert n.dispatches == ()
    clock.advance(days=3)
    mark = last_audit_id(services)
    n = services.workflow.developer_result(o.id, sysuser, result="开发商已更换阀门").order
    assert n.status is Status.TO_VISIT
    assert n.completed_at == clock.now and n.work_done == "开发商已更换阀门"
    assert n.due_at == clock.now + timedelta(hours=24) and n.due_kind is DeadlineKind.VISIT
    assert audit_changes(services, "order", o.id, mark) == {
        "status": ("developer", "to_visit"),
        "completed_at": (None, ts(clock.now)),
        "work_done": ("", "开发商已更换阀门"),
    }
    clock.advance(hours=2)
    n = visit(services, o.id, sysuser).order
    assert n.status is Status.CLOSED
    assert [e.action for e in n.events] == [
        "register",
        "to_developer",
        "developer_result",
        "visit",
    ]


def test_matter_dispatched_to_a_department_completes_without_arrival(services, clock, sysuser):
    o = register(services, kind=Kind.MATTER, category="投诉/噪音扰民", description="夜间噪音")
    clock.advance(minutes=4)
    services.workflow.dispatch(o.id, sysuser, department_id=department_id(services, "客服部"))
    clock.advance(hours=1)
    services.printing.print_slip(o.id, sysuser)
    # a complaint completes once its 整改方案 is in the follow-up log (issue 12)
    services.followups.add_note(o.id, NoteInput(NoteKind.PLAN, "上门劝导，限定施工时间"), sysuser)
    n = services.workflow.complete(
        o.id, CompletionInput(work_done="已上门劝导，噪音停止"), sysuser
    ).order
    assert n.status is Status.COMPLETED  # a slip was printed: it waits for its 回单
    assert n.arrived_at is None and n.completed_at == clock.now
    assert n.last_dispatch.result is WorkResult.DONE
    clock.advance(hours=1)
    services.workflow.return_slip(o.id, sysuser)
    n = visit(services, o.id, sysuser).order
    assert n.status is Status.CLOSED
    assert [e.action for e in n.events] == [
        "register",
        "dispatch",
        "complete",
        "return_slip",
        "visit",
    ]


def test_matter_reported_back_by_phone_is_visited_without_a_slip(services, clock, sysuser):
    """Seed 000 §4.4: a department reports back by phone and the desk calls the resident at
    once — no paper slip was printed, so there is no 回单 to wait for."""
    o = register(services, kind=Kind.MATTER, category="投诉/噪音扰民", description="夜间噪音")
    clock.advance(minutes=4)
    services.workflow.dispatch(o.id, sysuser, department_id=department_id(services, "客服部"))
    clock.advance(hours=1)
    services.followups.add_note(o.id, NoteInput(NoteKind.PLAN, "约谈装修户"), sysuser)
    n = services.workflow.complete(o.id, CompletionInput(work_done="已劝导"), sysuser).order
    assert n.status is Status.TO_VISIT and n.due_kind is DeadlineKind.VISIT
    assert n.slip_returned_at is None
    assert_refused(services, lambda: services.workflow.return_slip(o.id, sysuser), None)
    clock.advance(minutes=10)
    assert visit(services, o.id, sysuser).order.status is Status.CLOSED


def test_repair_cannot_complete_before_arrival(services, clock, sysuser):
    o = order_in_status(services, clock, Status.DISPATCHED)
    err = assert_refused(
        services, lambda: services.workflow.complete(o.id, completion(), sysuser), None
    )
    assert "已派工" in str(err) and "完工" in str(err)


# --- lifecycle detours -------------------------------------------------------------------


def test_incomplete_redispatches_the_same_order(services, clock, sysuser):
    o = order_in_status(services, clock, Status.IN_PROGRESS)
    first_dispatch = o.last_dispatch
    clock.advance(minutes=20)
    at = clock.now
    appointment = datetime(2026, 11, 21, 9, 30)
    mark = last_audit_id(services)
    n = services.workflow.incomplete(
        o.id, sysuser, reason="缺少配件", new_appointment=appointment, redispatch=True
    ).order
    assert n.status is Status.DISPATCHED
    assert (n.id, n.number) == (o.id, o.number)
    assert [d.seq for d in n.dispatches] == [1, 2]
    old, new = n.dispatches
    assert old.id == first_dispatch.id
    assert (old.finished_at, old.result, old.incomplete_reason, old.new_appointment_at) == (
        at,
        WorkResult.NOT_DONE,
        "缺少配件",
        appointment,
    )
    assert new.dispatched_at == at and new.staff_names == ("李师傅",)
    assert new.arrived_at is None and new.result is None
    assert new.arrive_due_at == appointment + timedelta(minutes=10)
    assert n.appointment_at == appointment
    assert n.dispatched_at == at and n.arrived_at is None
    assert n.due_at == appointment + timedelta(minutes=10) and n.due_kind is DeadlineKind.ARRIVE
    assert n.events[-1].action == "incomplete_redispatch" and n.events[-1].note == "缺少配件"
    changes = audit_changes(services, "order", o.id, mark)
    assert changes["status"] == ("in_progress", "dispatched")
    assert changes["arrived_at"] == (ts(o.arrived_at), None)
    assert changes["appointment_at"] == (None, ts(appointment))
    assert {r["reason"] for r in audit_rows(services, "order", o.id) if r["id"] > mark} == {
        "缺少配件"
    }

    # the second visit finishes the job: one order, two dispatch records, closed
    clock.set(datetime(2026, 11, 21, 9, 35))
    services.workflow.arrive(o.id, sysuser)
    clock.advance(minutes=40)
    services.workflow.complete(o.id, completion(), sysuser)
    clock.advance(hours=1)
    services.workflow.return_slip(o.id, sysuser)
    n = visit(services, o.id, sysuser).order
    assert n.status is Status.CLOSED and n.number == o.number
    assert [(d.seq, d.result) for d in n.dispatches] == [
        (1, WorkResult.NOT_DONE),
        (2, WorkResult.DONE),
    ]
    assert n.dispatches[1].arrived_at == datetime(2026, 11, 21, 9, 35)


def test_incomplete_may_send_someone_else(services, clock, sysuser):
    o = order_in_status(services, clock, Status.IN_PROGRESS)
    wang = staff_id(services, "王师傅")
    n = services.workflow.incomplete(
        o.id, sysuser, reason="需要电工", staff_ids=[wang], redispatch=True
    ).order
    assert n.last_dispatch.staff_ids == (wang,)
    assert raw_order(services, o.id)["staff_names"] == "王师傅"
    # no new appointment: the urgency's arrival rule from the new dispatch
    assert n.last_dispatch.arrive_due_at == clock.now + timedelta(minutes=15)


def test_redispatch_while_dispatched(services, clock):
    supervisor = make_user(services, Role.SUPERVISOR)
    o = order_in_status(services, clock, Status.DISPATCHED)
    clock.advance(minutes=4)
    wang = staff_id(services, "王师傅")
    n = services.workflow.dispatch(o.id, supervisor, staff_ids=[wang]).order
    assert n.status is Status.DISPATCHED
    assert [d.seq for d in n.dispatches] == [1, 2]
    assert n.last_dispatch.staff_ids == (wang,) and n.dispatched_at == clock.now
    e = n.events[-1]
    assert (e.action, e.from_status, e.to_status) == (
        "redispatch",
        Status.DISPATCHED,
        Status.DISPATCHED,
    )


def test_redispatch_needs_the_supervisor(services, clock):
    clerk = make_user(services, Role.RECEPTIONIST)
    o = order_in_status(services, clock, Status.DISPATCHED)
    before = db_dump(services)
    with pytest.raises(PermissionDenied):
        services.workflow.dispatch(o.id, clerk, staff_ids=[staff_id(services, "王师傅")])
    assert db_dump(services) == before


def test_unhappy_visit_reopens_and_the_order_runs_again(services, clock, sysuser):
    o = order_in_status(services, clock, Status.TO_VISIT)
    clock.advance(hours=2)
    at = clock.now
    n = visit(
        services, o.id, sysuser, Satisfaction.UNSATISFIED, opinion="仍然漏水", reopen=True
    ).order
    assert n.status is Status.PENDING
    assert n.completed_at is None and n.slip_returned_at is None and n.arrived_at is None
    assert n.visited_at == at and n.closed_at is None
    assert raw_order(services, o.id)["reopen_count"] == 1
    assert raw_order(services, o.id)["status_since"] == at
    (v,) = n.visits
    assert v.reopened and not v.follow_up and v.satisfaction is Satisfaction.UNSATISFIED
    assert n.due_at == at + timedelta(minutes=5) and n.due_kind is DeadlineKind.DISPATCH
    assert n.events[-1].action == "visit_reopen"

    clock.advance(minutes=3)
    services.workflow.dispatch(o.id, sysuser, staff_ids=[staff_id(services, "王师傅")])
    clock.advance(minutes=10)
    services.workflow.arrive(o.id, sysuser)
    clock.advance(minutes=30)
    services.workflow.complete(o.id, completion(labour="0", with_material=False), sysuser)
    clock.advance(minutes=30)
    services.workflow.return_slip(o.id, sysuser)
    n = visit(services, o.id, sysuser).order
    assert n.status is Status.CLOSED and n.number == o.number
    assert len(n.dispatches) == 2 and len(n.visits) == 2
    assert n.total_fen == 0  # the second completion replaced the first's fees


def test_follow_up_visit_on_a_closed_order(services, clock, sysuser):
    o = closed_order(services, clock)
    first_visit = o.visited_at
    clock.advance(days=20)
    mark = last_audit_id(services)
    n = services.workflow.visit(
        o.id,
        sysuser,
        method=VisitMethod.SMS,
        satisfaction=Satisfaction.FAIR,
        opinion="偶尔还有声音",
    ).order
    assert n.status is Status.CLOSED
    assert n.visited_at == first_visit and n.closed_at == o.closed_at
    assert n.satisfaction is Satisfaction.FAIR
    assert [(v.follow_up, v.method) for v in n.visits] == [
        (False, VisitMethod.PHONE),
        (True, VisitMethod.SMS),
    ]
    e = n.events[-1]
    assert (e.action, e.from_status, e.to_status) == (
        "follow_up_visit",
        Status.CLOSED,
        Status.CLOSED,
    )
    assert audit_changes(services, "order", o.id, mark) == {
        "satisfaction": ("satisfied", "fair"),
    }
    assert n.due_at is None


def test_follow_up_visit_cannot_reopen_a_closed_order(services, clock, sysuser):
    """Reopening a closed order is the manager's 重开; a second visit that asks for it is
    refused rather than stored as "reopened" on an order that stays closed."""
    o = closed_order(services, clock)
    clock.advance(days=2)
    assert_refused(
        services,
        lambda: visit(services, o.id, sysuser, Satisfaction.UNSATISFIED, reopen=True),
        "重开工单",
    )


def test_manager_reopens_a_closed_order(services, clock):
    manager = make_user(services, Role.MANAGER)
    o = closed_order(services, clock)
    clock.advance(days=1)
    mark = last_audit_id(services)
    n = services.workflow.reopen(o.id, manager, reason="业主反映再次漏水").order
    assert n.status is Status.PENDING and n.number == o.number
    assert (n.closed_at, n.completed_at, n.slip_returned_at, n.arrived_at, n.visited_at) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert raw_order(services, o.id)["reopen_count"] == 1
    assert n.due_at == clock.now + timedelta(minutes=5) and n.due_kind is DeadlineKind.DISPATCH
    rows = [r for r in audit_rows(services, "order", o.id) if r["id"] > mark]
    assert {r["reason"] for r in rows} == {"业主反映再次漏水"}
    assert {r["username"] for r in rows} == {"u_manager"}
    assert ("status", "closed", "pending") in {
        (r["field"], r["old_value"], r["new_value"]) for r in rows
    }
    assert ("reopen_count", "0", "1") in {
        (r["field"], r["old_value"], r["new_value"]) for r in rows
    }
    # and it runs to the end again
    clock.advance(minutes=2)
    services.workflow.dispatch(o.id, manager, staff_ids=[staff_id(services)])
    clock.advance(minutes=5)
    services.workflow.arrive(o.id, manager)
    clock.advance(minutes=5)
    services.workflow.complete(o.id, completion(), manager)
    services.workflow.return_slip(o.id, manager)
    n = visit(services, o.id, manager).order
    assert n.status is Status.CLOSED and len(n.dispatches) == 2


@pytest.mark.parametrize(
    "role", [Role.RECEPTIONIST, Role.SUPERVISOR, Role.FINANCE, Role.TECHNICIAN, Role.ADMIN]
)
def test_only_managers_reopen(services, clock, role):
    o = closed_order(services, clock)
    user = make_user(services, role)
    before = db_dump(services)
    with pytest.raises(PermissionDenied):
        services.workflow.reopen(o.id, user, reason="再次漏水")
    assert db_dump(services) == before


def test_whole_lifecycle_timeline(services, clock):
    clerk = make_user(services, Role.RECEPTIONIST, "qiantai")
    tech = make_staff_user(services, Role.TECHNICIAN, staff_id(services), "shifu")
    o = closed_order(services, clock)
    assert o.status is Status.CLOSED
    assert [(e.action, e.from_status, e.to_status) for e in o.events] == [
        ("register", None, Status.PENDING),
        ("dispatch", Status.PENDING, Status.DISPATCHED),
        ("arrive", Status.DISPATCHED, Status.IN_PROGRESS),
        ("complete", Status.IN_PROGRESS, Status.COMPLETED),
        ("return_slip", Status.COMPLETED, Status.TO_VISIT),
        ("visit", Status.TO_VISIT, Status.CLOSED),
    ]
    times = [e.at for e in o.events]
    assert times == sorted(times)
    assert o.received_at <= o.dispatched_at <= o.arrived_at <= o.completed_at
    assert o.completed_at <= o.slip_returned_at <= o.visited_at == o.closed_at
    # the acting user is recorded per step
    p = register(services, clerk, unit_code="1-1-102")
    services.workflow.dispatch(p.id, clerk, staff_ids=[staff_id(services)])
    clock.advance(minutes=5)
    n = services.workflow.arrive(p.id, tech).order
    assert [e.user_name for e in n.events] == ["前台小王", "前台小王", "维修工小王"]


# --- each refused input: field named, nothing written ------------------------------------


def _inactive_staff(svc) -> int:
    sid = staff_id(svc, "王师傅")
    svc.reference.save_staff(
        svc.auth.system_user(), name="王师傅", department_id=1, active=False, staff_id=sid
    )
    return sid


def refused_step(services, clock, status, call, field, kind=Kind.REPAIR):
    o = order_in_status(services, clock, status, kind=kind)
    clock.advance(minutes=1)
    assert_refused(services, lambda: call(services, o), field)


def _sys(svc):
    return svc.auth.system_user()


STEP_REFUSALS: list[tuple[str, Status, Any, str]] = [
    (
        "dispatch-nobody",
        Status.PENDING,
        lambda s, o: s.workflow.dispatch(o.id, _sys(s)),
        "维修人员",
    ),
    (
        "dispatch-unknown-staff",
        Status.PENDING,
        lambda s, o: s.workflow.dispatch(o.id, _sys(s), staff_ids=[9999]),
        "维修人员",
    ),
    (
        "dispatch-unknown-department",
        Status.PENDING,
        lambda s, o: s.workflow.dispatch(o.id, _sys(s), department_id=9999),
        "处理部门",
    ),
    (
        "dispatch-future",
        Status.PENDING,
        lambda s, o: s.workflow.dispatch(
            o.id, _sys(s), staff_ids=[staff_id(s)], at=s.ctx.now() + timedelta(minutes=1)
        ),
        "派工时间",
    ),
    (
        "dispatch-before-received",
        Status.PENDING,
        lambda s, o: s.workflow.dispatch(
            o.id, _sys(s), staff_ids=[staff_id(s)], at=o.received_at - timedelta(seconds=1)
        ),
        "派工时间",
    ),
    (
        "redispatch-before-last",
        Status.DISPATCHED,
        lambda s, o: s.workflow.dispatch(
            o.id, _sys(s), staff_ids=[staff_id(s)], at=o.dispatched_at - timedelta(minutes=1)
        ),
        "派工时间",
    ),
    (
        "arrive-future",
        Status.DISPATCHED,
        lambda s, o: s.workflow.arrive(o.id, _sys(s), at=s.ctx.now() + timedelta(seconds=1)),
        "到达时间",
    ),
    (
        "arrive-before-dispatch",
        Status.DISPATCHED,
        lambda s, o: s.workflow.arrive(o.id, _sys(s), at=o.dispatched_at - timedelta(minutes=1)),
        "到达时间",
    ),
    (
        "complete-no-work",
        Status.IN_PROGRESS,
        lambda s, o: s.workflow.complete(o.id, CompletionInput(work_done=" "), _sys(s)),
        "维修内容",
    ),
    (
        "complete-work-too-long",
        Status.IN_PROGRESS,
        lambda s, o: s.workflow.complete(o.id, CompletionInput(work_done="修" * 2001), _sys(s)),
        "维修内容",
    ),
    (
        "complete-bad-labour",
        Status.IN_PROGRESS,
        lambda s, o: s.workflow.complete(o.id, completion(labour="三十"), _sys(s)),
        "人工费",
    ),
    (
        "complete-negative-labour",
        Status.IN_PROGRESS,
        lambda s, o: s.workflow.complete(o.id, completion(labour="-5"), _sys(s)),
        "人工费",
    ),
    (
        "complete-material-name",
        Status.IN_PROGRESS,
        lambda s, o: s.workflow.complete(
            o.id, CompletionInput("换管", "10", [MaterialInput("", "1", "个", "2")]), _sys(s)
        ),
        "第1行材料名称",
    ),
    (
        "complete-material-qty",
        Status.IN_PROGRESS,
        lambda s, o: s.workflow.complete(
            o.id,
            CompletionInput(
                "换管",
                "10",
                [MaterialInput("弯头", "1", "个", "2"), MaterialInput("水管", "0", "米", "5")],
            ),
            _sys(s),
        ),
        "第2行数量",
    ),
    (
        "complete-material-price",
        Status.IN_PROGRESS,
        lambda s, o: s.workflow.complete(
            o.id, CompletionInput("换管", "10", [MaterialInput("弯头", "1", "个", "两元")]), _sys(s)
        ),
        "第1行单价",
    ),
    (
        "complete-before-arrival",
        Status.IN_PROGRESS,
        lambda s, o: s.workflow.complete(
            o.id, CompletionInput("换管", completed_at=o.arrived_at - timedelta(seconds=1)), _sys(s)
        ),
        "完成时间",
    ),
    (
        "complete-future",
        Status.IN_PROGRESS,
        lambda s, o: s.workflow.complete(
            o.id, CompletionInput("换管", completed_at=s.ctx.now() + timedelta(hours=1)), _sys(s)
        ),
        "完成时间",
    ),
    (
        "incomplete-no-reason",
        Status.IN_PROGRESS,
        lambda s, o: s.workflow.incomplete(o.id, _sys(s), reason="  "),
        "未完成原因",
    ),
    (
        "incomplete-appointment-past",
        Status.IN_PROGRESS,
        lambda s, o: s.workflow.incomplete(
            o.id, _sys(s), reason="缺件", new_appointment=s.ctx.now() - timedelta(minutes=1)
        ),
        "新预约时间",
    ),
    (
        "incomplete-before-arrival",
        Status.IN_PROGRESS,
        lambda s, o: s.workflow.incomplete(
            o.id, _sys(s), reason="缺件", at=o.arrived_at - timedelta(minutes=1)
        ),
        "未完成登记时间",
    ),
    (
        "incomplete-future",
        Status.IN_PROGRESS,
        lambda s, o: s.workflow.incomplete(
            o.id, _sys(s), reason="缺件", at=s.ctx.now() + timedelta(minutes=1)
        ),
        "未完成登记时间",
    ),
    (
        "return-before-completion",
        Status.COMPLETED,
        lambda s, o: s.workflow.return_slip(
            o.id, _sys(s), at=o.completed_at - timedelta(seconds=1)
        ),
        "回单时间",
    ),
    (
        "return-future",
        Status.COMPLETED,
        lambda s, o: s.workflow.return_slip(o.id, _sys(s), at=s.ctx.now() + timedelta(days=1)),
        "回单时间",
    ),
    (
        "visit-reopen-when-satisfied",
        Status.TO_VISIT,
        lambda s, o: visit(s, o.id, _sys(s), Satisfaction.FAIR, reopen=True),
        "评价",
    ),
    (
        "visit-before-completion",
        Status.TO_VISIT,
        lambda s, o: visit(s, o.id, _sys(s), at=o.completed_at - timedelta(minutes=1)),
        "回访时间",
    ),
    (
        "visit-future",
        Status.TO_VISIT,
        lambda s, o: visit(s, o.id, _sys(s), at=s.ctx.now() + timedelta(minutes=1)),
        "回访时间",
    ),
    (
        "follow-up-before-first-visit",
        Status.CLOSED,
        lambda s, o: visit(s, o.id, _sys(s), at=o.visited_at - timedelta(minutes=1)),
        "回访时间",
    ),
    (
        "cancel-no-reason",
        Status.PENDING,
        lambda s, o: s.workflow.cancel(o.id, _sys(s), reason=""),
        "取消原因",
    ),
    (
        "cancel-reason-too-long",
        Status.PENDING,
        lambda s, o: s.workflow.cancel(o.id, _sys(s), reason="因" * 501),
        "取消原因",
    ),
    (
        "cancel-before-received",
        Status.PENDING,
        lambda s, o: s.workflow.cancel(
            o.id, _sys(s), reason="重复", at=o.received_at - timedelta(minutes=1)
        ),
        "取消时间",
    ),
    (
        "cancel-before-dispatch",
        Status.DISPATCHED,
        lambda s, o: s.workflow.cancel(
            o.id, _sys(s), reason="重复", at=o.dispatched_at - timedelta(seconds=1)
        ),
        "取消时间",
    ),
    (
        "cancel-future",
        Status.PENDING,
        lambda s, o: s.workflow.cancel(
            o.id, _sys(s), reason="重复", at=s.ctx.now() + timedelta(minutes=1)
        ),
        "取消时间",
    ),
    (
        "to-developer-before-received",
        Status.PENDING,
        lambda s, o: s.workflow.to_developer(
            o.id, _sys(s), at=o.received_at - timedelta(minutes=1)
        ),
        "转交时间",
    ),
    (
        "to-developer-future",
        Status.PENDING,
        lambda s, o: s.workflow.to_developer(o.id, _sys(s), at=s.ctx.now() + timedelta(minutes=1)),
        "转交时间",
    ),
    (
        "developer-result-empty",
        Status.DEVELOPER,
        lambda s, o: s.workflow.developer_result(o.id, _sys(s), result=""),
        "处理结果",
    ),
    (
        "developer-result-before-transfer",
        Status.DEVELOPER,
        lambda s, o: s.workflow.developer_result(
            o.id, _sys(s), result="已修", at=s.ctx.now() - timedelta(minutes=2)
        ),
        "完成时间",
    ),
    (
        "developer-result-future",
        Status.DEVELOPER,
        lambda s, o: s.workflow.developer_result(
            o.id, _sys(s), result="已修", at=s.ctx.now() + timedelta(minutes=2)
        ),
        "完成时间",
    ),
    (
        "reopen-no-reason",
        Status.CLOSED,
        lambda s, o: s.workflow.reopen(o.id, _sys(s), reason=""),
        "重开原因",
    ),
]


@pytest.mark.parametrize(
    ("status", "call", "field"), [p[1:] for p in STEP_REFUSALS], ids=[p[0] for p in STEP_REFUSALS]
)
def test_each_step_refuses_each_bad_input(services, clock, status, call, field):
    refused_step(services, clock, status, call, field)


def test_inactive_staff_cannot_be_dispatched(services, clock):
    pending = order_in_status(services, clock, Status.PENDING)
    working = order_in_status(services, clock, Status.IN_PROGRESS, unit_code="1-1-102")
    gone = _inactive_staff(services)
    assert_refused(
        services,
        lambda: services.workflow.dispatch(pending.id, _sys(services), staff_ids=[gone]),
        "维修人员",
    )
    assert_refused(
        services,
        lambda: services.workflow.incomplete(
            working.id, _sys(services), reason="缺件", staff_ids=[gone], redispatch=True
        ),
        "维修人员",
    )


def test_matter_complete_before_dispatch_is_refused(services, clock):
    o = order_in_status(services, clock, Status.DISPATCHED, kind=Kind.MATTER)
    assert_refused(
        services,
        lambda: services.workflow.complete(
            o.id,
            CompletionInput("已处理", completed_at=o.dispatched_at - timedelta(seconds=1)),
            _sys(services),
        ),
        "完成时间",
    )


def test_unknown_order_is_not_found(services, sysuser):
    with pytest.raises(NotFound):
        services.workflow.dispatch(4242, sysuser, staff_ids=[staff_id(services)])
    with pytest.raises(NotFound):
        services.workflow.arrive(4242, sysuser)


# --- explicit times (补单) ---------------------------------------------------------------


def test_paper_slip_entered_afterwards_keeps_every_time(services, clock, sysuser):
    clock.set(datetime(2026, 11, 20, 18, 0))
    rcv, dsp, arr = (
        datetime(2026, 11, 20, 8, 0),
        datetime(2026, 11, 20, 8, 5),
        datetime(2026, 11, 20, 8, 20),
    )
    cmp_, ret, vis = (
        datetime(2026, 11, 20, 9, 0),
        datetime(2026, 11, 20, 12, 0),
        datetime(2026, 11, 20, 14, 0),
    )
    o = register(services, received_at=rcv)
    wf = services.workflow
    wf.dispatch(o.id, sysuser, staff_ids=[staff_id(services)], at=dsp)
    wf.arrive(o.id, sysuser, at=arr)
    wf.complete(o.id, CompletionInput("更换阀芯", "20", completed_at=cmp_), sysuser)
    wf.return_slip(o.id, sysuser, at=ret)
    n = visit(services, o.id, sysuser, at=vis).order
    assert (
        n.received_at,
        n.dispatched_at,
        n.arrived_at,
        n.completed_at,
        n.slip_returned_at,
        n.visited_at,
        n.closed_at,
    ) == (rcv, dsp, arr, cmp_, ret, vis, vis)
    assert [e.at for e in n.events] == [rcv, dsp, arr, cmp_, ret, vis]
    d = n.last_dispatch
    assert (d.dispatched_at, d.arrived_at, d.finished_at) == (dsp, arr, cmp_)
    assert n.visits[0].visited_at == vis
    # the audit log says when it was keyed in; the order, when it happened
    assert {r["at"] for r in audit_rows(services, "order", o.id)} == {clock.now}


def test_equal_times_are_in_order(services, clock, sysuser):
    clock.set(datetime(2026, 11, 20, 18, 0))
    t = datetime(2026, 11, 20, 9, 0)
    o = register(services, received_at=t)
    wf = services.workflow
    wf.dispatch(o.id, sysuser, staff_ids=[staff_id(services)], at=t)
    wf.arrive(o.id, sysuser, at=t)
    wf.complete(o.id, CompletionInput("紧固", completed_at=t), sysuser)
    wf.return_slip(o.id, sysuser, at=t)
    assert visit(services, o.id, sysuser, at=t).order.status is Status.CLOSED


@pytest.mark.parametrize(
    ("step", "field"),
    [
        ("dispatch", "派工时间"),
        ("arrive", "到达时间"),
        ("complete", "完成时间"),
        ("return_slip", "回单时间"),
        ("visit", "回访时间"),
    ],
)
def test_each_explicit_time_must_not_precede_the_previous_step(
    services, clock, sysuser, step, field
):
    """received ≤ dispatched ≤ arrived ≤ completed ≤ visited, each one second too early."""
    clock.set(datetime(2026, 11, 20, 18, 0))
    times = {
        "register": datetime(2026, 11, 20, 8, 0),
        "dispatch": datetime(2026, 11, 20, 8, 5),
        "arrive": datetime(2026, 11, 20, 8, 20),
        "complete": datetime(2026, 11, 20, 9, 0),
        "return_slip": datetime(2026, 11, 20, 12, 0),
        "visit": datetime(2026, 11, 20, 14),
    }
    order = ["register", "dispatch", "arrive", "complete", "return_slip", "visit"]
    previous = {
        "dispatch": "register",
        "arrive": "dispatch",
        "complete": "arrive",
        "return_slip": "complete",
        "visit": "complete",
    }
    o = register(services, received_at=times["register"])
    wf = services.workflow
    calls = {
        "dispatch": lambda at: wf.dispatch(o.id, sysuser, staff_ids=[staff_id(services)], at=at),
        "arrive": lambda at: wf.arrive(o.id, sysuser, at=at),
        "complete": lambda at: wf.complete(o.id, CompletionInput("换", completed_at=at), sysuser),
        "return_slip": lambda at: wf.return_slip(o.id, sysuser, at=at),
        "visit": lambda at: visit(services, o.id, sysuser, at=at),
    }
    for name in order[1 : order.index(step)]:
        calls[name](times[name])
    too_early = times[previous[step]] - timedelta(seconds=1)
    err = assert_refused(services, lambda: calls[step](too_early), field)
    assert too_early.strftime("%H:%M") in str(err)
    calls[step](times[previous[step]])  # the boundary itself is accepted


def test_times_default_to_the_clock(services, clock, sysuser):
    o = register(services)
    for minutes, call in [
        (3, lambda: services.workflow.dispatch(o.id, sysuser, staff_ids=[staff_id(services)])),
        (7, lambda: services.workflow.arrive(o.id, sysuser)),
        (30, lambda: services.workflow.complete(o.id, completion(), sysuser)),
        (60, lambda: services.workflow.return_slip(o.id, sysuser)),
        (90, lambda: visit(services, o.id, sysuser)),
    ]:
        clock.advance(minutes=minutes)
        assert call().order.events[-1].at == clock.now


# --- version conflicts -------------------------------------------------------------------

CONFLICT_CASES: list[tuple[str, Status, Any]] = [
    (
        "dispatch",
        Status.PENDING,
        lambda s, o, v: s.workflow.dispatch(
            o.id, _sys(s), staff_ids=[staff_id(s)], expected_version=v
        ),
    ),
    (
        "redispatch",
        Status.DISPATCHED,
        lambda s, o, v: s.workflow.dispatch(
            o.id, _sys(s), staff_ids=[staff_id(s, "王师傅")], expected_version=v
        ),
    ),
    (
        "arrive",
        Status.DISPATCHED,
        lambda s, o, v: s.workflow.arrive(o.id, _sys(s), expected_version=v),
    ),
    (
        "complete",
        Status.IN_PROGRESS,
        lambda s, o, v: s.workflow.complete(o.id, completion(), _sys(s), expected_version=v),
    ),
    (
        "incomplete",
        Status.IN_PROGRESS,
        lambda s, o, v: s.workflow.incomplete(o.id, _sys(s), reason="缺件", expected_version=v),
    ),
    (
        "return_slip",
        Status.COMPLETED,
        lambda s, o, v: s.workflow.return_slip(o.id, _sys(s), expected_version=v),
    ),
    ("visit", Status.TO_VISIT, lambda s, o, v: visit(s, o.id, _sys(s), expected_version=v)),
    (
        "visit_reopen",
        Status.TO_VISIT,
        lambda s, o, v: visit(
            s, o.id, _sys(s), Satisfaction.UNSATISFIED, reopen=True, expected_version=v
        ),
    ),
    ("follow_up", Status.CLOSED, lambda s, o, v: visit(s, o.id, _sys(s), expected_version=v)),
    (
        "cancel",
        Status.PENDING,
        lambda s, o, v: s.workflow.cancel(o.id, _sys(s), reason="重复", expected_version=v),
    ),
    (
        "to_developer",
        Status.PENDING,
        lambda s, o, v: s.workflow.to_developer(o.id, _sys(s), expected_version=v),
    ),
    (
        "developer_result",
        Status.DEVELOPER,
        lambda s, o, v: s.workflow.developer_result(
            o.id, _sys(s), result="已修", expected_version=v
        ),
    ),
    (
        "reopen",
        Status.CLOSED,
        lambda s, o, v: s.workflow.reopen(o.id, _sys(s), reason="再修", expected_version=v),
    ),
    (
        "edit",
        Status.DISPATCHED,
        lambda s, o, v: s.intake.update_fields(
            o.id, {"description": "改"}, _sys(s), expected_version=v
        ),
    ),
]


@pytest.mark.parametrize(
    ("status", "call"), [c[1:] for c in CONFLICT_CASES], ids=[c[0] for c in CONFLICT_CASES]
)
def test_stale_version_is_a_conflict_and_writes_nothing(services, clock, status, call):
    o = order_in_status(services, clock, status)
    seen = o.version
    # someone else saves the order in between
    services.intake.update_fields(o.id, {"phone": "13911112222"}, _sys(services), reason="业主换号")
    clock.advance(minutes=1)
    before = db_dump(services)
    with pytest.raises(UserError) as info:
        call(services, o, seen)
    assert type(info.value).__name__ == "ConflictError"
    assert "他人修改" in str(info.value)
    assert db_dump(services) == before
    # with the fresh version the same call goes through
    fresh = services.registers.order(o.id).version
    assert call(services, o, fresh).order.version == fresh + 1


# --- permissions per step ----------------------------------------------------------------

STEP_CALLS: dict[str, tuple[Status, Any]] = {
    "dispatch": (
        Status.PENDING,
        lambda s, o, u: s.workflow.dispatch(o.id, u, staff_ids=[staff_id(s)]),
    ),
    "arrive": (Status.DISPATCHED, lambda s, o, u: s.workflow.arrive(o.id, u)),
    "complete": (Status.IN_PROGRESS, lambda s, o, u: s.workflow.complete(o.id, completion(), u)),
    "incomplete": (
        Status.IN_PROGRESS,
        lambda s, o, u: s.workflow.incomplete(o.id, u, reason="缺件"),
    ),
    "return_slip": (Status.COMPLETED, lambda s, o, u: s.workflow.return_slip(o.id, u)),
    "visit": (Status.TO_VISIT, lambda s, o, u: visit(s, o.id, u)),
    "cancel": (Status.PENDING, lambda s, o, u: s.workflow.cancel(o.id, u, reason="重复")),
    "to_developer": (Status.PENDING, lambda s, o, u: s.workflow.to_developer(o.id, u)),
    "developer_result": (
        Status.DEVELOPER,
        lambda s, o, u: s.workflow.developer_result(o.id, u, result="已修"),
    ),
}

#: Who may do each step (SPEC §1 roles, the permission matrix).
ALLOWED_ROLES: dict[str, set[Role]] = {
    "dispatch": {Role.RECEPTIONIST, Role.SUPERVISOR, Role.MANAGER},
    "arrive": {Role.RECEPTIONIST, Role.SUPERVISOR, Role.MANAGER, Role.TECHNICIAN},
    "complete": {Role.RECEPTIONIST, Role.SUPERVISOR, Role.MANAGER, Role.TECHNICIAN},
    "incomplete": {Role.RECEPTIONIST, Role.SUPERVISOR, Role.MANAGER, Role.TECHNICIAN},
    "return_slip": {Role.RECEPTIONIST, Role.SUPERVISOR, Role.MANAGER},
    "visit": {Role.RECEPTIONIST, Role.SUPERVISOR, Role.MANAGER},
    "cancel": {Role.RECEPTIONIST, Role.SUPERVISOR, Role.MANAGER},
    "to_developer": {Role.RECEPTIONIST, Role.SUPERVISOR, Role.MANAGER},
    "developer_result": {Role.RECEPTIONIST, Role.SUPERVISOR, Role.MANAGER},
}

PERM_CASES = [
    pytest.param(step, role, id=f"{step}-{role.value}") for step in STEP_CALLS for role in Role
]


@pytest.mark.parametrize(("step", "role"), PERM_CASES)
def test_each_step_checks_the_role(services, clock, step, role):
    status, call = STEP_CALLS[step]
    o = order_in_status(services, clock, status)
    # a 维修工 account is linked to the technician the order was dispatched to
    if role is Role.TECHNICIAN:
        user = make_staff_user(services, role, staff_id(services))
    else:
        user = make_user(services, role)
    clock.advance(minutes=1)
    if role in ALLOWED_ROLES[step]:
        n = call(services, o, user).order
        assert n.events[-1].user_name == user.display_name
    else:
        before = db_dump(services)
        with pytest.raises(PermissionDenied) as info:
            call(services, o, user)
        assert role.label in str(info.value)
        assert db_dump(services) == before
