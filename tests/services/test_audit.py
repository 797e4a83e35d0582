"""Audit rows: one per changed field, as text, with user, workstation, time and reason,
written in the caller's transaction."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from propdesk.db.connection import write_transaction
from propdesk.domain.enums import FeeStatus, Role, Satisfaction, Status, VisitMethod
from propdesk.services import audit
from tests.factories import (
    audit_rows,
    completion,
    make_staff_user,
    make_user,
    register,
    staff_id,
)

AT = datetime(2026, 11, 20, 10, 0, 0)


@pytest.fixture(autouse=True)
def _workstation(services):
    services.ctx.workstation = "财务室"


def test_one_row_per_changed_field(services):
    user = services.auth.system_user()
    old = {
        "caller_name": "张三",
        "phone": "13800138000",
        "paid": False,
        "total_fen": 0,
        "completed_at": None,
        "status": "pending",
    }
    new = {
        "caller_name": "张三",
        "phone": "13900139000",
        "paid": True,
        "total_fen": 7550,
        "completed_at": datetime(2026, 11, 20, 9, 30, 5),
        "status": Status.DISPATCHED,
    }
    rows = audit.diff_rows(services.ctx, user, "order", 7, old, new, AT, reason="更正")
    assert [(r["field"], r["old_value"], r["new_value"]) for r in rows] == [
        ("phone", "13800138000", "13900139000"),
        ("paid", "0", "1"),
        ("total_fen", "0", "7550"),
        ("completed_at", None, "2026-11-20 09:30:05"),
        ("status", "pending", "dispatched"),
    ]
    assert {
        (
            r["entity"],
            r["entity_id"],
            r["user_id"],
            r["username"],
            r["workstation"],
            r["at"],
            r["reason"],
        )
        for r in rows
    } == {("order", 7, user.id, "system", "财务室", AT, "更正")}


def test_bookkeeping_columns_are_not_audited(services):
    user = services.auth.system_user()
    new = {
        "version": 3,
        "updated_at": AT,
        "due_at": AT,
        "due_kind": "arrive",
        "status_since": AT,
        "staff_names": "李师傅",
    }
    assert audit.diff_rows(services.ctx, user, "order", 1, {}, new, AT) == []


def test_values_as_text(services):
    user = services.auth.system_user()
    rows = audit.diff_rows(
        services.ctx,
        user,
        "x",
        None,
        {},
        {"d": date(2026, 1, 2), "e": FeeStatus.WAIVED, "n": None, "b": False},
        AT,
    )
    assert {r["field"]: r["new_value"] for r in rows} == {
        "d": "2026-01-02",
        "e": "waived",
        "b": "0",
    }


def test_audit_rows_roll_back_with_the_change(services):
    user = services.auth.system_user()
    before = len(audit_rows(services))
    with pytest.raises(RuntimeError), write_transaction(services.ctx.db):
        audit.write(services.ctx, user, "order", 1, {}, {"number": "2026000001"}, AT)
        raise RuntimeError("the change failed")
    assert len(audit_rows(services)) == before
    with write_transaction(services.ctx.db):
        audit.write(services.ctx, user, "order", 1, {}, {"number": "2026000001"}, AT)
    assert len(audit_rows(services)) == before + 1


def test_every_order_change_is_audited_with_its_user_and_workstation(services, clock):
    """Four people take one paid order through its life; each audit row names the person
    and the workstation, and each change of state has its row."""
    clerk = make_user(services, Role.RECEPTIONIST, "qiantai")
    tech = make_staff_user(services, Role.TECHNICIAN, staff_id(services), "shifu")
    finance = make_user(services, Role.FINANCE, "caiwu")
    supervisor = make_user(services, Role.SUPERVISOR, "zhuguan")
    o = register(services, clerk, paid=True)
    steps = [
        (
            "qiantai",
            lambda: services.workflow.dispatch(o.id, clerk, staff_ids=[staff_id(services)]),
        ),
        ("shifu", lambda: services.workflow.arrive(o.id, tech)),
        ("shifu", lambda: services.workflow.complete(o.id, completion(), tech)),
        ("qiantai", lambda: services.workflow.return_slip(o.id, clerk)),
        (
            "qiantai",
            lambda: services.workflow.visit(
                o.id, clerk, method=VisitMethod.PHONE, satisfaction=Satisfaction.SATISFIED
            ),
        ),
        ("zhuguan", lambda: services.paths.approve_price(o.id, supervisor)),
        (
            "caiwu",
            lambda: services.fees.set_status(o.id, FeeStatus.PAID, finance, receipt_no="R-1"),
        ),
    ]
    for username, step in steps:
        clock.advance(minutes=10)
        mark = audit_rows(services)[-1]["id"]
        step()
        rows = [r for r in audit_rows(services, "order", o.id) if r["id"] > mark]
        assert rows, f"no audit row for a step by {username}"
        assert {(r["username"], r["workstation"], r["at"]) for r in rows} == {
            (username, "财务室", clock.now)
        }
    statuses = [
        (r["old_value"], r["new_value"])
        for r in audit_rows(services, "order", o.id)
        if r["field"] == "status"
    ]
    assert statuses == [
        ("pending", "dispatched"),
        ("dispatched", "in_progress"),
        ("in_progress", "completed"),
        ("completed", "to_visit"),
        ("to_visit", "closed"),
    ]
