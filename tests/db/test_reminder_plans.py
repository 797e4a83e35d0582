"""Working out the reminders (the window does it every minute) reads the orders they concern
through indexes — the open ones, the important closed ones waiting for a second visit, the
prices waiting for review, the complaints of the month before an open one — never every
order. SQLite query plans, with the planner's statistics (``ANALYZE``) and without."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from propdesk.demo.builder import DemoBuilder
from propdesk.domain.enums import Kind, Status
from propdesk.domain.records import CompletionInput, MaterialInput
from propdesk.domain.reminders import ReminderKind
from tests.db.test_register_plans import capturing, plan
from tests.factories import (
    MATTER_CATEGORY,
    FakeClock,
    closed_order,
    make_services,
    order_in_status,
    register,
)

NOW = datetime(2026, 11, 20, 10, 0, 0)


def scans(lines: list[str]) -> list[str]:
    """Plan lines reading a table, or an index of every order, from end to end (a search
    through an index reads the few rows it finds)."""
    return [ln for ln in lines if ln.startswith("SCAN")]


@pytest.fixture(params=["analyzed", "no-statistics"])
def office(request, tmp_path):  # type: ignore[no-untyped-def]
    """A demo office of 2,500 orders (mostly closed, as in life) with the planner's
    statistics as ``propdesk demo`` leaves them, or without (a database grown by hand)."""
    if request.config.getoption("--pg-url"):
        pytest.skip("SQLite query plans (PostgreSQL run)")
    clock = FakeClock(NOW)
    svc = make_services(tmp_path / "propdesk.db", clock, False)
    DemoBuilder(svc, seed=7).build(orders=2500, months=6, until=NOW)
    engineering = next(d.id for d in svc.reference.departments() if d.name == "工程部")
    svc.reference.save_staff(svc.auth.system_user(), name="李师傅", department_id=engineering)
    if request.param == "no-statistics":
        svc.ctx.db.execute_sql("DELETE FROM sqlite_stat1")
        svc.ctx.db.close()
        svc.ctx.db.connect()
    yield svc, clock
    svc.ctx.db.close()


def test_the_reminders_read_no_order_without_an_index(office):  # type: ignore[no-untyped-def]
    services, clock = office
    user = services.auth.system_user()
    important = closed_order(services, clock, unit_code="1-1-101", important=True)
    priced = order_in_status(services, clock, Status.IN_PROGRESS, paid=True)
    line = MaterialInput("进口水龙头", "1", "个", "180")
    services.workflow.complete(priced.id, CompletionInput("更换水龙头", "30", [line]), user)
    first = register(services, kind=Kind.MATTER, category=MATTER_CATEGORY, description="噪音")
    clock.advance(days=20)
    second = register(services, kind=Kind.MATTER, category=MATTER_CATEGORY, description="又噪音")
    clock.advance(days=31)

    with capturing(services) as seen:
        due = services.followups.reminders(clock.now)
    kinds = {(r.order_id, r.kind) for r in due}
    assert (important.id, ReminderKind.SECOND_VISIT) in kinds
    assert (priced.id, ReminderKind.PRICE_REVIEW) in kinds
    assert (first.id, ReminderKind.COMPLAINT_CONTACT) in kinds
    assert all(r.escalated for r in due if r.order_id == second.id)
    assert (second.id, ReminderKind.COMPLAINT_CONTACT) in kinds
    statements = [(sql, p) for sql, p in seen if "work_order" in sql or "follow_up" in sql]
    assert len(statements) == 4  # which orders, their rows, the complaints before them, notes
    problems = [
        f"{bad} in {sql[:120]}" for sql, p in statements if (bad := scans(plan(services, sql, p)))
    ]
    assert not problems, "\n".join(problems)


def test_complaints_are_read_for_the_month_before_each_open_one(services, clock):
    """A complaint left open for a year and a new one: the complaints read for 升级 are those
    of the month before each, not of the whole year between them."""
    old = register(services, kind=Kind.MATTER, category=MATTER_CATEGORY, description="噪音")
    clock.advance(days=365)
    new = register(services, kind=Kind.MATTER, category=MATTER_CATEGORY, description="又噪音")
    with capturing(services) as seen:
        due = services.followups.reminders(clock.now + timedelta(days=1))
    assert {r.order_id for r in due} == {old.id, new.id}
    assert not any(r.escalated for r in due)  # a year apart: no 升级
    month = timedelta(days=30)
    windows = [p[:2] for sql, p in seen if "matter_type" in sql and "number" not in sql]
    assert windows == [
        (old.received_at - month, old.received_at),
        (new.received_at - month, new.received_at),
    ]
