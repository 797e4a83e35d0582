"""The demo database: the same for the same seed, with whole indexes and search index, a
believable backlog, and deadlines and 返修 marks as the domain's rules give them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from propdesk.demo.builder import DemoBuilder
from tests.factories import FakeClock, make_services

NOW = datetime(2026, 11, 20, 10, 0, 0)
TABLES = (
    "work_order",
    "dispatch",
    "dispatch_staff",
    "material_line",
    "visit",
    "order_event",
    "order_search_text",
    "number_counter",
)


def build(path: Path, seed: int = 5, orders: int = 1500) -> Any:
    svc = make_services(path, FakeClock(NOW), with_data=False)
    DemoBuilder(svc, seed=seed).build(orders=orders, months=3, until=NOW)
    return svc


def dump(svc: Any) -> dict[str, list[tuple[Any, ...]]]:
    db = svc.ctx.db
    return {t: db.execute_sql(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in TABLES}


def test_the_same_seed_gives_the_same_database(tmp_path, sqlite_only):
    first = dump(build(tmp_path / "a.db"))
    again = dump(build(tmp_path / "b.db"))
    other = dump(build(tmp_path / "c.db", seed=6))
    assert first == again
    assert first["work_order"] != other["work_order"]
    assert len(first["work_order"]) == 1500


def test_indexes_and_search_are_whole(tmp_path, sqlite_only):
    svc = build(tmp_path / "x.db")
    db = svc.ctx.db
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not db.execute_sql("PRAGMA foreign_key_check").fetchall()
    # the load's shortcuts are undone: foreign keys enforced, WAL, full syncs
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
    db.execute_sql("INSERT INTO order_search (order_search, rank) VALUES ('integrity-check', 1)")
    # the texts written by the load are the ones the triggers would write
    differ = db.execute_sql(
        "SELECT COUNT(*) FROM order_search_text t JOIN work_order o ON o.id = t.id "
        "LEFT JOIN unit u ON u.id = o.unit_id WHERE t.text <> lower(o.number || char(31) || "
        "o.caller_name || char(31) || o.phone || char(31) || o.location || char(31) || "
        "o.description || char(31) || COALESCE(u.code, '') || char(31) || o.remark || char(31) "
        "|| char(31))"
    ).fetchone()[0]
    assert differ == 0
    names = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"order_search_ai", "order_search_au", "order_search_ad"} <= names
    caller = db.execute_sql("SELECT caller_name FROM work_order WHERE id = 1400").fetchone()[0]
    from propdesk.domain.filters import OrderFilter

    assert svc.registers.count(OrderFilter(search=caller)) >= 1


def test_only_recent_orders_are_open_or_overdue(tmp_path, sqlite_only):
    """An office clears its backlog: orders older than the stall window are all closed or
    cancelled; a few recent ones are still open and some of those are late."""
    from datetime import timedelta

    from propdesk.demo.orders import STALL_DAYS

    db = build(tmp_path / "r.db").ctx.db
    # the slowest path (the developer's repair, then the visit) ends within two more days
    old = (NOW - timedelta(days=STALL_DAYS + 2)).isoformat(sep=" ")
    stuck = db.execute_sql(
        "SELECT COUNT(*) FROM work_order WHERE received_at < ? "
        "AND status NOT IN ('closed', 'cancelled')",
        (old,),
    ).fetchone()[0]
    assert stuck == 0
    assert (
        db.execute_sql(
            "SELECT COUNT(*) FROM work_order WHERE received_at < ? AND due_at IS NOT NULL", (old,)
        ).fetchone()[0]
        == 0
    )
    now = NOW.isoformat(sep=" ")
    is_open = db.execute_sql(
        "SELECT COUNT(*) FROM work_order WHERE status NOT IN ('closed', 'cancelled')"
    ).fetchone()[0]
    overdue = db.execute_sql("SELECT COUNT(*) FROM work_order WHERE due_at < ?", (now,))
    late = overdue.fetchone()[0]
    assert 0 < late <= is_open < 100
    closed = db.execute_sql("SELECT COUNT(*) FROM work_order WHERE status = 'closed'")
    assert closed.fetchone()[0] > 1300


def test_deadlines_follow_the_domain_rules(tmp_path, sqlite_only):
    """What the demo stores is what the domain's rules give."""
    from propdesk.db import reference_repo
    from propdesk.domain.deadlines import OrderTimes, TimeRules, arrival_deadline, next_deadline
    from propdesk.domain.enums import Status

    svc = build(tmp_path / "d.db")
    db = svc.ctx.db
    rules = svc.ctx.settings().rules
    assert isinstance(rules, TimeRules)
    by_id = {u.id: u.rule for u in reference_repo.list_urgencies()}

    def dt(text: str | None) -> datetime | None:
        return None if text is None else datetime.fromisoformat(text)

    # the appointment in force at each dispatch: the order's, or the one a 未完成 set
    rows = db.execute_sql(
        "SELECT d.dispatched_at, d.arrive_due_at, o.urgency_id, o.appointment_at, d.seq, "
        "d2.new_appointment_at FROM dispatch d JOIN work_order o ON o.id = d.order_id "
        "LEFT JOIN dispatch d2 ON d2.order_id = d.order_id AND d2.seq = d.seq - 1 "
        "WHERE d.seq > 1 OR NOT EXISTS "
        "(SELECT 1 FROM dispatch x WHERE x.order_id = d.order_id AND x.seq > 1)"
    ).fetchall()
    assert len(rows) > 1000
    for at, due, urgency, appointment, seq, again in rows:
        expected = arrival_deadline(
            dt(at), by_id[urgency], rules, dt(appointment if seq == 1 else again)
        )
        assert dt(due) == expected
    open_rows = db.execute_sql(
        "SELECT status, received_at, status_since, dispatched_at, arrive_due_at, completed_at, "
        "urgency_id, due_at, due_kind FROM work_order WHERE status NOT IN ('closed', 'cancelled')"
    ).fetchall()
    assert open_rows
    for st, rec, since, disp, arrive_due, done, urgency, due_at, kind in open_rows:
        times = OrderTimes(Status(st), dt(rec), dt(since), dt(disp), dt(arrive_due), dt(done))
        deadline = next_deadline(times, by_id[urgency], rules)
        assert (dt(due_at), kind) == (
            (deadline.at, deadline.kind.value) if deadline else (None, None)
        )


def test_rework_marks_are_the_intake_rule(tmp_path, sqlite_only):
    """返修: an earlier order of the same unit and category completed within the window
    before this one was received (as intake and the import judge it)."""
    svc = build(tmp_path / "w.db")
    db = svc.ctx.db
    days = svc.ctx.settings().rules.rework_days
    rows = db.execute_sql(
        "SELECT o.id, o.is_rework, EXISTS (SELECT 1 FROM work_order e WHERE e.unit_id = o.unit_id "
        "AND e.category_id = o.category_id AND e.id <> o.id AND e.completed_at IS NOT NULL "
        "AND e.completed_at <= o.received_at "
        "AND e.completed_at >= datetime(o.received_at, ?)) FROM work_order o "
        "WHERE o.unit_id IS NOT NULL",
        (f"-{days} days",),
    ).fetchall()
    assert all(bool(marked) == bool(expected) for _id, marked, expected in rows)
    assert any(marked for _id, marked, _e in rows)


def test_every_step_is_a_legal_transition(tmp_path, sqlite_only):
    """The derived timelines of the demo's orders walk the lifecycle table."""
    from propdesk.domain.enums import Kind, Status
    from propdesk.domain.lifecycle import Action, next_status

    db = build(tmp_path / "t.db").ctx.db
    events = db.execute_sql(
        "SELECT e.action, e.from_status, e.to_status, o.kind FROM order_event e "
        "JOIN work_order o ON o.id = e.order_id WHERE e.from_status IS NOT NULL"
    ).fetchall()
    assert len(events) > 3000
    for action, frm, to, kind in events:
        assert next_status(Status(frm), Action(action), Kind(kind)) is Status(to)


def test_the_desk_followed_up_so_the_board_shows_a_handful(tmp_path, sqlite_only):
    """The demo's finished work carries the confirmation calls, chases and complaint
    contacts a desk writes (the bulk path): its 待跟进 board holds a few current cases."""
    svc = build(tmp_path / "x.db", orders=1500)
    db = svc.ctx.db
    (open_orders,) = db.execute_sql(
        "SELECT COUNT(*) FROM work_order WHERE status NOT IN ('closed', 'cancelled')"
    ).fetchone()
    due = svc.followups.reminders(NOW)
    late = {r.order_id for r in due}
    assert open_orders >= 20
    assert 0 < len(late) <= open_orders // 4, (len(late), open_orders)
    # a confirmation call after nearly every dispatch with an arrival limit, most within it
    (dispatches, called, in_time) = db.execute_sql(
        "SELECT COUNT(*), COUNT(c.at), SUM(c.at <= datetime(d.dispatched_at, '+15 minutes')) "
        "FROM dispatch d LEFT JOIN (SELECT order_id, MIN(at) AS at FROM follow_up "
        "WHERE kind = 'call_owner' GROUP BY order_id) c ON c.order_id = d.order_id "
        "WHERE d.arrive_due_at IS NOT NULL AND d.seq = 1"
    ).fetchone()
    assert called >= 0.95 * dispatches and 0.9 * called <= in_time < called
