"""In-process benchmarks over the 200k database: register pages, search, loading an order,
saving an order, a dispatch and a completion. Each beside the equivalent raw ``sqlite3`` work on the same file."""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from propdesk.domain.enums import AreaType, Kind, Role, Status
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.domain.records import CompletionInput, MaterialInput, OrderInput
from propdesk.services import Services

from .dataset import NOW
from .measure import Result, Table, median_ms

#: The register model's page size (propdesk/ui/models/paged_orders.py PAGE_SIZE).
PAGE = 200
#: The budgets (issue 10): what a clerk waits on.
REGISTER_TARGET_MS = 50.0  # open the register, change a filter: to the first page
SEARCH_TARGET_MS = 50.0
WRITE_TARGET_MS = 50.0  # save an order, a dispatch, a completion
TICK_TARGET_MS = 50.0  # the window's minute tick (issue 12): a clerk typing must not feel it

_SELECT = """SELECT o.id, o.number, o.kind, o.status, o.received_at, o.caller_name, o.phone,
       u.code, o.location, o.area_type, c.name, ul.name, d.name, o.staff_names,
       o.description, o.due_at, o.due_kind, o.paid, o.total_fen, o.fee_status, o.version{extra}
FROM work_order o
JOIN category c ON c.id = o.category_id
JOIN urgency_level ul ON ul.id = o.urgency_id
LEFT JOIN department d ON d.id = o.department_id
LEFT JOIN unit u ON u.id = o.unit_id"""


@dataclass
class Scenario:
    """A register view: the service's filter and sort, and the same thing in raw SQL."""

    name: str
    order_filter: OrderFilter
    sort: Sort
    where: str  # raw SQL condition over alias o
    params: tuple[Any, ...]
    order_by: str  # raw SQL ORDER BY


def _ids_sql(ids: list[int]) -> str:
    return "(" + ",".join(str(i) for i in ids) + ")"


def scenarios(svc: Services) -> list[Scenario]:
    today = NOW.date()
    ref = svc.reference
    water = ref.category_by_text("水")
    water_ids = [c.id for c in ref.categories() if c.id == water.id or c.parent_id == water.id]
    tech = next(s for s in ref.staff() if s.name == "李建国")
    month_start = today.replace(day=1)
    since90 = today - timedelta(days=89)
    return [
        Scenario(
            "all orders, newest first",
            OrderFilter(),
            Sort(),
            "1",
            (),
            "o.received_at DESC, o.id DESC",
        ),
        Scenario(
            "open, last 90 days, one category",
            OrderFilter(open_only=True, date_from=since90, category_id=water.id),
            Sort(),
            "o.status NOT IN ('closed','cancelled') AND o.received_at >= ? "
            f"AND o.category_id IN {_ids_sql(water_ids)}",
            (f"{since90} 00:00:00",),
            "o.received_at DESC, o.id DESC",
        ),
        Scenario(
            "this month, by caller",
            OrderFilter(date_from=month_start, date_to=today),
            Sort("caller_name", descending=False),
            "o.received_at >= ? AND o.received_at < ?",
            (f"{month_start} 00:00:00", f"{today + timedelta(days=1)} 00:00:00"),
            "o.caller_name, o.id",
        ),
        Scenario(
            "closed, by category",
            OrderFilter(statuses=(Status.CLOSED,)),
            Sort("category", descending=False),
            "o.status IN ('closed')",
            (),
            "c.name, o.id",
        ),
        Scenario(
            "all orders, by place",
            OrderFilter(),
            Sort("place", descending=False),
            "1",
            (),
            "COALESCE(u.code, o.location), o.id",
        ),
        Scenario(
            "overdue, by deadline",
            OrderFilter(overdue=True),
            Sort("due_at", descending=False),
            "o.due_at < ?",
            (NOW.strftime("%Y-%m-%d %H:%M:%S"),),
            "COALESCE(o.due_at, '9999-12-31 00:00:00'), o.id",
        ),
        Scenario(
            "one technician's orders",
            OrderFilter(staff_id=tech.id),
            Sort(),
            "o.id IN (SELECT d.order_id FROM dispatch d JOIN dispatch_staff ds "
            f"ON ds.dispatch_id = d.id WHERE ds.staff_id = {tech.id})",
            (),
            "o.received_at DESC, o.id DESC",
        ),
        Scenario(
            "paid, unpaid fee, by total",
            OrderFilter(paid_only=True, date_from=today - timedelta(days=364)),
            Sort("total_fen", descending=True),
            "o.paid = 1 AND o.received_at >= ?",
            (f"{today - timedelta(days=364)} 00:00:00",),
            "o.total_fen DESC, o.id DESC",
        ),
    ]


def _raw_page_and_count(
    con: sqlite3.Connection, where: str, params: tuple[Any, ...], order_by: str
) -> Callable[[], object]:
    page_sql = f"{_SELECT.format(extra='')} WHERE {where} ORDER BY {order_by} LIMIT {PAGE + 1}"
    where_clause = "" if where == "1" else f" WHERE {where}"
    count_sql = f"SELECT COUNT(*) FROM work_order o{where_clause}"

    def run() -> object:
        rows = con.execute(page_sql, params).fetchall()
        total = con.execute(count_sql, params).fetchone()[0]
        return rows, total

    return run


def _app_page_and_count(svc: Services, f: OrderFilter, sort: Sort) -> Callable[[], object]:
    def run() -> object:
        rows, _next = svc.registers.page(f, sort, PageRequest(limit=PAGE))
        return rows, svc.registers.count(f)

    return run


def register_pages(svc: Services, con: sqlite3.Connection, table: Table, runs: int) -> None:
    for sc in scenarios(svc):
        app = median_ms(_app_page_and_count(svc, sc.order_filter, sc.sort), runs)
        raw = median_ms(_raw_page_and_count(con, sc.where, sc.params, sc.order_by), runs)
        table.add(
            Result(
                f"register: {sc.name}",
                app,
                raw,
                "ms",
                baseline_name="sqlite3: the same page (LIMIT) + COUNT(*) in hand-written SQL",
                target=f"≤{REGISTER_TARGET_MS:.0f} ms",
                met=app <= REGISTER_TARGET_MS,
            )
        )


#: Search texts: what clerks type (names, unit codes, phone and number fragments, words).
SEARCHES = (
    ("3+ chars, common words", "水龙头"),
    ("3+ chars, a description", "卫生间墙内水管"),
    ("3+ chars, phone fragment", "13812"),
    ("3+ chars, number fragment", "2024001"),
    ("3+ chars, unit code", "3-2-15"),
    ("2 chars, a name", "张伟"),
    ("2 chars, rare (no match)", "鑫淼"),
    ("1 char", "漏"),
)


def _raw_like(con: sqlite3.Connection, text: str) -> Callable[[], object]:
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    cond = (
        " OR ".join(
            f"o.{c} LIKE :p ESCAPE '\\'"
            for c in ("number", "caller_name", "phone", "location", "description")
        )
        + " OR o.unit_id IN (SELECT id FROM unit WHERE code LIKE :p ESCAPE '\\')"
    )
    page_sql = (
        f"{_SELECT.format(extra='')} WHERE {cond} "
        f"ORDER BY o.received_at DESC, o.id DESC LIMIT {PAGE + 1}"
    )
    count_sql = f"SELECT COUNT(*) FROM work_order o WHERE {cond}"

    def run() -> object:
        rows = con.execute(page_sql, {"p": pattern}).fetchall()
        return rows, con.execute(count_sql, {"p": pattern}).fetchone()[0]

    return run


def searches(svc: Services, con: sqlite3.Connection, table: Table, runs: int) -> None:
    for label, text in SEARCHES:
        f = OrderFilter(search=text)
        app = median_ms(_app_page_and_count(svc, f, Sort()), runs)
        raw = median_ms(_raw_like(con, text), max(3, runs // 3))
        rows, _ = svc.registers.page(f, Sort(), PageRequest(limit=PAGE))
        table.add(
            Result(
                f"search “{text}” ({label}; {svc.registers.count(f)} hits)",
                app,
                raw,
                "ms",
                baseline_name="sqlite3: LIKE '%text%' over the same columns, page + COUNT(*)",
                target=f"≤{SEARCH_TARGET_MS:.0f} ms",
                met=app <= SEARCH_TARGET_MS,
            )
        )


def _raw_order(con: sqlite3.Connection, oid: int) -> object:
    order = con.execute(f"{_SELECT.format(extra=', o.*')} WHERE o.id = ?", (oid,)).fetchall()
    dispatches = con.execute(
        "SELECT d.*, us.display_name, dp.name FROM dispatch d JOIN user us ON us.id = "
        "d.dispatcher_id LEFT JOIN department dp ON dp.id = d.department_id "
        "WHERE d.order_id = ? ORDER BY d.seq",
        (oid,),
    ).fetchall()
    staff = con.execute(
        "SELECT ds.dispatch_id, s.id, s.name FROM dispatch_staff ds JOIN staff s ON "
        "s.id = ds.staff_id JOIN dispatch d ON d.id = ds.dispatch_id WHERE d.order_id = ?",
        (oid,),
    ).fetchall()
    materials = con.execute(
        "SELECT * FROM material_line WHERE order_id = ? ORDER BY line_no", (oid,)
    ).fetchall()
    visits = con.execute(
        "SELECT v.*, us.display_name FROM visit v JOIN user us ON us.id = v.visitor_id "
        "WHERE v.order_id = ? ORDER BY v.visited_at, v.id",
        (oid,),
    ).fetchall()
    events = con.execute(
        "SELECT e.*, us.display_name FROM order_event e JOIN user us ON us.id = e.user_id "
        "WHERE e.order_id = ? ORDER BY e.at, e.id",
        (oid,),
    ).fetchall()
    return order, dispatches, staff, materials, visits, events


def sample_order_ids(con: sqlite3.Connection, n: int = 20) -> list[int]:
    """Closed orders with a full timeline, spread over the years."""
    total = con.execute("SELECT MAX(id) FROM work_order").fetchone()[0]
    step = max(1, total // n)
    return [
        int(r[0])
        for r in con.execute(
            "SELECT id FROM work_order WHERE status = 'closed' AND id % ? = 7 LIMIT ?", (step, n)
        )
    ]


def load_order(svc: Services, con: sqlite3.Connection, table: Table, runs: int) -> None:
    ids = sample_order_ids(con)
    it = iter(ids * (runs + 2))
    app = median_ms(lambda: svc.registers.order(next(it)), runs)
    it2 = iter(ids * (runs + 2))
    raw = median_ms(lambda: _raw_order(con, next(it2)), runs)
    table.add(
        Result(
            "load a whole order (OrderRecord)",
            app,
            raw,
            "ms",
            baseline_name="sqlite3: the order, dispatches, staff, materials, "
            "visits, events (6 queries)",
        )
    )


def saves(svc: Services, scratch: Path, table: Table, runs: int) -> None:
    """Saving an order (接报), a dispatch (派工) and a completion (完工), each committed."""
    user = svc.auth.system_user()
    cat = svc.reference.category_by_text("水/水龙头")
    tech = next(s for s in svc.reference.staff() if s.name == "李建国")
    inp = OrderInput(
        kind=Kind.REPAIR,
        area_type=AreaType.HOME,
        caller_name="张三",
        phone="13800138000",
        category_id=cat.id,
        description="厨房水龙头漏水",
        unit_code="3-2-1502",
    )
    done = CompletionInput(
        work_done="更换水龙头", labour="30", materials=[MaterialInput("水龙头", "1", "个", "45")]
    )
    times: dict[str, list[float]] = {"register": [], "dispatch": [], "complete": []}

    def timed(step: str, fn: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        out = fn()
        times[step].append((time.perf_counter() - t0) * 1000)
        return out

    for _ in range(runs + 2):
        order = timed("register", lambda: svc.intake.register(inp, user).order)
        timed("dispatch", lambda o=order: svc.workflow.dispatch(o.id, user, staff_ids=[tech.id]))
        svc.workflow.arrive(order.id, user)
        timed("complete", lambda o=order: svc.workflow.complete(o.id, done, user))

    for suffix in ("", "-wal", "-shm"):
        Path(str(scratch) + suffix).unlink(missing_ok=True)
    con = sqlite3.connect(scratch, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c INTEGER)")

    def raw() -> None:
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO t (a, b, c) VALUES (?, ?, ?)", ("张三", "厨房水龙头漏水", 1))
        con.execute("COMMIT")

    raw_ms = median_ms(raw, runs, warmup=2)
    con.close()
    for step, label in (("register", "接报"), ("dispatch", "派工"), ("complete", "完工")):
        app_ms = statistics.median(times[step][2:])
        table.add(
            Result(
                f"save {label} ({step}), committed",
                app_ms,
                raw_ms,
                "ms",
                baseline_name="sqlite3 WAL/FULL: insert one row + commit",
                target=f"≤{WRITE_TARGET_MS:.0f} ms",
                met=app_ms <= WRITE_TARGET_MS,
            )
        )


def _raw_open_orders(con: sqlite3.Connection) -> Callable[[], object]:
    def run() -> object:
        # the condition of the open orders' partial index (work_order_open), which it reads
        orders = con.execute(
            "SELECT * FROM work_order WHERE status NOT IN ('cancelled', 'closed', 'declined')"
        ).fetchall()
        ids = ",".join(str(r[0]) for r in orders)
        notes = con.execute(f"SELECT * FROM follow_up WHERE order_id IN ({ids})").fetchall()
        return orders, notes

    return run


def minute_tick(svc: Services, con: sqlite3.Connection, table: Table, runs: int) -> None:
    """What the window works out in the GUI thread every minute: the 待跟进 reminders of the
    user's role (propdesk/ui/reminder_watch.py) and the orders turned overdue since the last
    tick with their count (propdesk/ui/overdue_watch.py)."""
    raw = median_ms(_raw_open_orders(con), runs)
    since = NOW - timedelta(minutes=1)

    def tick(role: Role | None) -> Callable[[], object]:
        def run() -> object:
            due = svc.followups.reminders(NOW, role=role)
            return due, svc.registers.newly_overdue(since), svc.registers.overdue_count()

        return run

    count = len(svc.followups.reminders(NOW))
    for role, who in ((Role.RECEPTIONIST, "前台"), (Role.SUPERVISOR, "工程主管"), (None, "all")):
        app = median_ms(tick(role), runs)
        table.add(
            Result(
                f"minute tick: 待跟进 reminders ({who}; {count} due in all) + overdue checks",
                app,
                raw,
                "ms",
                baseline_name="sqlite3: the open orders' rows and their follow-up notes",
                target=f"≤{TICK_TARGET_MS:.0f} ms",
                met=app <= TICK_TARGET_MS,
            )
        )
