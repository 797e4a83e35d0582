"""The statistics queries on a month built through the services: the facts they fetch, and
every figure of the domain equal to the plain SQL of ``tests/db/kpi_sql.py``."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from propdesk.db import stats_query
from propdesk.domain.enums import Satisfaction, Status, WorkResult
from propdesk.domain.kpi import (
    REWORK_DAYS,
    Ratio,
    compute,
    group_figures,
    month_bounds,
    rework_ids,
    rework_window,
)
from tests.db import kpi_sql
from tests.stats_data import DEC, NOV, NOW, at


@pytest.fixture
def services(month_db):
    return month_db.svc


@pytest.fixture
def month(month_db):
    return month_db.month


def facts_of(svc, month: date):
    db = svc.ctx.db
    start, end = month_bounds(month)
    facts = stats_query.month_facts(db, start, end)
    until = rework_window(facts)
    later = stats_query.later_orders(db, start, until) if until else []
    return facts, rework_ids(facts, later)


def by_number(svc, facts, number: str):
    oid = svc.registers.by_number(number).id
    return next(f for f in facts if f.id == oid)


def check(svc, name: str, month: date, **extra):
    start, end = month_bounds(month)
    rows = kpi_sql.run_check(
        svc.ctx.db, name, start=start, end=end, as_of=NOW, days=REWORK_DAYS, **extra
    )
    return rows[0] if len(rows) == 1 and name not in ("by_technician", "by_category") else rows


def test_month_takes_its_first_and_last_second_only(services, month):
    facts, _ = facts_of(services, NOV)
    numbers = {services.registers.order(f.id).number for f in facts}
    assert month["pending_last_second"] in numbers
    assert month["october"] not in numbers and month["december_first"] not in numbers
    assert len(facts) == 16


def test_facts_follow_the_latest_dispatch(services, month):
    facts, _ = facts_of(services, NOV)
    wang = next(s.id for s in services.reference.staff() if s.name == "王师傅")
    # 改派: the second dispatch (王师傅, 09:10, due 09:25) is the one judged
    f = by_number(services, facts, month["redispatch"])
    assert f.staff_ids == (wang,)
    assert (f.dispatched_at, f.arrive_due_at, f.arrived_at) == (
        at(14, 9, 10),
        at(14, 9, 25),
        at(14, 9, 22),
    )
    # 未完成: the re-dispatch for the new appointment (13th 10:00, due 10:10)
    f = by_number(services, facts, month["incomplete"])
    assert (f.arrive_due_at, f.arrived_at, f.result) == (
        at(13, 10, 10),
        at(13, 10, 5),
        WorkResult.DONE,
    )
    # reopened by an unhappy visit, done again: the old visit is before the new completion
    f = by_number(services, facts, month["reopened"])
    assert f.visited_at == at(16, 15, 0) and f.completed_at == at(16, 16, 0)
    assert f.satisfaction is Satisfaction.UNSATISFIED and not f.visited
    # 转开发商: no dispatch, completed by the developer's result
    f = by_number(services, facts, month["developer"])
    assert f.developer and f.dispatched_at is None and f.completed_at == at(15, 17, 0)


def test_hand_checked_figures_of_november(services, month):
    facts, reworked = facts_of(services, NOV)
    f = compute(facts, NOW, reworked)
    # on time: on_time, urgent_on_time, appointment, common, incomplete (2nd dispatch),
    # redispatch (2nd), reopened (latest), rework_first, rework_second = 9; late: late,
    # urgent_late, formula = 3; the complaint (no arrival step) and the undispatched are out
    assert f.timely == Ratio(9, 12)
    assert (f.received, f.cancelled, f.valid) == (16, 1, 15)
    # 返修: rework_first (马桶, 3-2-1502) is followed 5 days later by rework_second; on 1-1-101
    # (水龙头) on_time (done the 2nd) is followed by appointment (6th), appointment (done the
    # 6th) by formula (25th) — the cancelled one of the 7th does not count
    assert reworked == {
        by_number(services, facts, month[k]).id for k in ("rework_first", "on_time", "appointment")
    }
    # fees: on_time 30 + 45.50 collected; late 20 with the management fee; urgent_late 60
    # outstanding; appointment 25 waived; the cancelled one does not count
    assert (f.collected_fen, f.with_fee_fen, f.outstanding_fen, f.waived_fen) == (
        7550,
        2000,
        6000,
        2500,
    )


@pytest.mark.parametrize("month_first", [NOV, DEC])
def test_every_figure_equals_its_sql(services, month, month_first):
    facts, reworked = facts_of(services, month_first)
    f = compute(facts, NOW, reworked)
    totals = check(services, "totals", month_first)
    assert totals == {
        "received": f.received,
        "repair": f.repair,
        "repair_home": f.repair_home,
        "repair_common": f.repair_common,
        "matter": f.matter,
        "cancelled": f.cancelled,
    }
    timely = check(services, "timely", month_first)
    assert Ratio(timely["on_time"], timely["on_time"] + timely["late"]) == f.timely
    zero = check(services, "zero_repair", month_first)
    assert Ratio(zero["on_time"], zero["on_time"] + zero["late"]) == f.zero_repair
    c = check(services, "completion", month_first)
    assert Ratio(c["completed"], c["valid"] - c["declined"]) == f.completion
    assert (c["declined"], c["outsourced"]) == (f.declined, f.outsourced)
    vt = check(services, "visit_timely", month_first, hours=24)
    assert Ratio(vt["on_time"], vt["on_time"] + vt["late"]) == f.visit_timely
    assert Ratio(c["visited"], c["completed"]) == f.visit
    assert Ratio(c["satisfied"], c["visited"]) == f.satisfaction
    rw = check(services, "rework", month_first)
    assert Ratio(rw["reworked"], rw["completed_home"]) == f.rework
    assert Ratio(rw["completed_home"] - rw["reworked"], rw["completed_home"]) == f.pass_rate
    resp = check(services, "response", month_first)
    assert (resp["seconds"], resp["orders"]) == (f.response.seconds, f.response.count)
    rep = check(services, "repair_time", month_first)
    assert (rep["seconds"], rep["orders"]) == (f.repair_time.seconds, f.repair_time.count)
    rev = check(services, "revenue", month_first)
    assert rev == {
        "paid_orders": f.paid_orders,
        "total_fen": f.paid_total_fen,
        "collected_fen": f.collected_fen,
        "with_fee_fen": f.with_fee_fen,
        "outstanding_fen": f.outstanding_fen,
        "waived_fen": f.waived_fen,
    }
    # groups
    by_staff = group_figures([x for x in facts if x.valid], lambda x: x.staff_ids, NOW, reworked)
    sql_staff = {r["staff_id"]: r for r in check(services, "by_technician", month_first)}
    assert set(sql_staff) == set(by_staff)
    for sid, g in by_staff.items():
        assert (sql_staff[sid]["orders"], sql_staff[sid]["completed"]) == (g.valid, g.completed)
        assert sql_staff[sid]["on_time"] == g.timely.num
    by_cat = group_figures(facts, lambda x: (x.category_id,), NOW, reworked)
    sql_cat = {r["category_id"]: r for r in check(services, "by_category", month_first)}
    assert {k: (v.received, v.completed) for k, v in by_cat.items()} == {
        k: (r["received"], r["completed"]) for k, r in sql_cat.items()
    }


def test_december_under_way_leaves_not_yet_due_out(services, month):
    facts, reworked = facts_of(services, DEC)
    f = compute(facts, NOW, reworked)
    # dec_not_due: due 10:07 > NOW 10:00, left out; dec_late: due 09:15 on the 4th, late
    assert f.timely == Ratio(0, 1) and f.timely_pending == 1
    timely = check(services, "timely", DEC)
    assert (timely["on_time"], timely["late"]) == (0, 1)


def test_long_lists_match_their_counts(services, month):
    db = services.ctx.db
    start, end = month_bounds(NOV)
    paths = {c.id: c.path for c in services.reference.categories(active_only=False)}
    detail = list(stats_query.month_detail_rows(db, start, end, paths))
    assert len(detail) == stats_query.month_count(db, start, end) == 16
    reopened = next(r for r in detail if r.number == month["reopened"])
    assert reopened.visited_at is None and reopened.satisfaction is None  # the old visit
    incomplete = next(r for r in detail if r.number == month["incomplete"])
    assert incomplete.incomplete_reason == "需购买配件" and incomplete.result is WorkResult.DONE
    closed = next(r for r in detail if r.number == month["late"])
    assert (closed.visited_at, closed.satisfaction, closed.opinion) == (
        at(3, 16, 0),
        Satisfaction.FAIR,
        "师傅来晚了",
    )
    assert closed.category_path == "水/水龙头" and closed.staff_names == "王师傅"

    paid = list(stats_query.paid_rows(db, start, end))
    assert len(paid) == stats_query.paid_count(db, start, end) == 4  # the cancelled one is out
    first = next(p for p in paid if p.number == month["on_time"])
    assert (first.labour_fen, first.material_fen, first.total_fen) == (3000, 4550, 7550)
    assert first.items == "已修复；材料：水龙头" and first.receipt_no == "SJ-001"

    cutoff = min(NOW, end)
    open_ = list(stats_query.open_rows(db, cutoff, paths))
    assert len(open_) == stats_query.open_count(db, cutoff)
    assert check(services, "open_at_cutoff", NOV, cutoff=cutoff)["open_orders"] == len(open_)
    # open on Dec 1 00:00: formula (in progress), pending_last_second, october (all never
    # completed); the cancelled one and the developer's are not open
    assert {r.number for r in open_} == {
        month["formula"],
        month["pending_last_second"],
        month["october"],
    }
    october = next(r for r in open_ if r.number == month["october"])
    assert october.age_days == 30 and october.status is Status.PENDING  # 30 days + 1 s


def test_detail_rows_by_ids_keep_the_given_order(services, month):
    ids = [services.registers.by_number(month[k]).id for k in ("late", "october", "on_time")]
    rows = list(stats_query.detail_rows_by_ids(services.ctx.db, ids, {}))
    assert [r.number for r in rows] == [month["late"], month["october"], month["on_time"]]


def test_facts_take_a_fixed_number_of_queries(services, month):
    db = services.ctx.db
    calls = []
    original = db.execute_sql

    def counting(sql, params=None, *a, **kw):
        calls.append(sql)
        return original(sql, params, *a, **kw)

    db.execute_sql = counting
    try:
        start, end = month_bounds(NOV)
        stats_query.month_facts(db, start, end)
        small = len(calls)
        calls.clear()
        stats_query.month_facts(db, datetime(2026, 1, 1), datetime(2027, 1, 1))
    finally:
        del db.execute_sql
    assert small == len(calls) == 2
