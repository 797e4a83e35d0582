"""The register's query plans and its two strategies, over a few thousand demo orders.

Every filter with every sort key, sorted after filtering (a filter that keeps few orders) or
walked along an index (one that keeps many): no query reads every order without an index,
a walk never sorts the whole filter, and both strategies page through exactly the same rows
as the orders sorted in Python. With the planner's statistics (``ANALYZE``, as after
``propdesk demo``) and without (a database that grew by hand), with unique category names
and with two categories of the same name. No timings: plans and results only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from propdesk.db import register_query
from propdesk.db.models import use_database
from propdesk.demo.builder import DemoBuilder
from propdesk.domain.enums import Kind, Status
from propdesk.domain.filters import SORT_KEYS, OrderFilter, PageRequest, Sort
from propdesk.domain.records import OrderRow
from propdesk.services import Services
from tests.factories import FakeClock, make_services

NOW = datetime(2026, 11, 20, 10, 0, 0)
ORDERS = 2500


CASES = ("analyzed", "no-statistics", "duplicate-category-names")


@pytest.fixture(scope="module", params=CASES)
def case(request: pytest.FixtureRequest) -> str:
    if request.config.getoption("--pg-url"):
        pytest.skip("SQLite query plans (PostgreSQL run)")
    return str(request.param)


@pytest.fixture(scope="module")
def demo(case: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    svc = make_services(tmp_path_factory.mktemp("plans") / "propdesk.db", FakeClock(NOW), False)
    DemoBuilder(svc, seed=7).build(orders=ORDERS, months=6, until=NOW)
    if case == "duplicate-category-names":  # 水/马桶 renamed 灯具, the name of 电/灯具 too
        system = svc.auth.system_user()
        toilet = svc.reference.category_by_text("水/马桶")
        svc.reference.save_category(
            system,
            name="灯具",
            kind=Kind.REPAIR,
            parent_id=toilet.parent_id,
            default_department_id=toilet.default_department_id,
            default_urgency_id=toilet.default_urgency_id,
            category_id=toilet.id,
        )
    if case == "no-statistics":
        svc.ctx.db.execute_sql("DELETE FROM sqlite_stat1")
        svc.ctx.db.close()
        svc.ctx.db.connect()
    yield svc
    svc.ctx.db.close()


@pytest.fixture
def svc(demo: Services) -> Services:
    use_database(demo.ctx.db)
    return demo


def filters(svc: Services) -> dict[str, OrderFilter]:
    ref = svc.reference
    unit = svc.ctx.db.execute_sql(
        "SELECT unit_id FROM work_order WHERE unit_id IS NOT NULL GROUP BY unit_id "
        "ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]
    caller = svc.ctx.db.execute_sql(
        "SELECT caller_name FROM work_order GROUP BY caller_name ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]
    tech = next(s for s in ref.staff() if s.name == "李建国")
    month = date(NOW.year, NOW.month, 1)
    return {
        "none": OrderFilter(),
        "this month": OrderFilter(date_from=month, date_to=NOW.date()),
        "one status": OrderFilter(statuses=(Status.TO_VISIT,)),
        "two statuses": OrderFilter(statuses=(Status.DISPATCHED, Status.IN_PROGRESS)),
        "closed": OrderFilter(statuses=(Status.CLOSED,)),
        "open": OrderFilter(open_only=True),
        "matters": OrderFilter(kind=Kind.MATTER),
        "category with children": OrderFilter(category_id=ref.category_by_text("水").id),
        "leaf category": OrderFilter(category_id=ref.category_by_text("电/灯具").id),
        "department": OrderFilter(department_id=next(d.id for d in ref.departments())),
        "urgency": OrderFilter(urgency_id=ref.urgencies()[0].id),
        "unit": OrderFilter(unit_id=unit),
        "paid": OrderFilter(paid_only=True),
        "overdue": OrderFilter(overdue=True),
        "technician": OrderFilter(staff_id=tech.id),
        "search 3+": OrderFilter(search="水龙头"),
        "search 2": OrderFilter(search=caller[:2]),
        "search 1": OrderFilter(search="漏"),
        "open + category": OrderFilter(open_only=True, category_id=ref.category_by_text("电").id),
        "month + technician": OrderFilter(date_from=month - timedelta(days=60), staff_id=tech.id),
        "search + closed": OrderFilter(search="水", statuses=(Status.CLOSED,)),
    }


SORTS = [Sort(k, d) for k in SORT_KEYS for d in (False, True)]


@contextmanager
def strategy(monkeypatch: pytest.MonkeyPatch, walk: bool) -> Iterator[None]:
    """Sorted after filtering (every filter counts as small) or walked (every one large)."""
    with monkeypatch.context() as m:
        m.setattr(register_query, "PROBE_LIMIT", -1 if walk else 10**9)
        yield


@contextmanager
def capturing(svc: Services) -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """Every statement the database runs, with its parameters."""
    db = svc.ctx.db
    seen: list[tuple[str, tuple[Any, ...]]] = []
    original = db.execute_sql

    def spy(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        seen.append((sql, tuple(params or ())))
        return original(sql, params, *args, **kwargs)

    db.execute_sql = spy  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        db.execute_sql = original  # type: ignore[method-assign]


_ALIAS = re.compile(r'"(\w+)" AS "(\w+)"')
_SMALL_TABLES = {"category", "unit", "department", "urgency_level", "category_subtree"}


def plan(svc: Services, sql: str, params: tuple[Any, ...]) -> list[str]:
    return [r[-1] for r in svc.ctx.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]


def full_scans(sql: str, lines: list[str]) -> list[str]:
    """Plan lines reading a table of orders (or their dispatches) row by row, no index."""
    tables = {alias: table for table, alias in _ALIAS.findall(sql)}
    bad = []
    for line in lines:
        m = re.match(r"SCAN (\w+)(.*)", line)
        if not m or "INDEX" in m.group(2) or "VIRTUAL TABLE" in m.group(2):
            continue
        name = tables.get(m.group(1), m.group(1))
        if name in _SMALL_TABLES or name.startswith("(subquery") or name == "CONSTANT":
            continue
        bad.append(line)
    return bad


def statements(svc: Services, f: OrderFilter, sort: Sort) -> list[tuple[str, tuple[Any, ...]]]:
    """What the first page, a second page and the count run."""
    with capturing(svc) as seen:
        rows, after = register_query.page(f, sort, PageRequest(limit=20), NOW)
        if after is not None:
            register_query.page(f, sort, PageRequest(limit=20, after=after), NOW)
        register_query.count(f, NOW)
    return [(sql, p) for sql, p in seen if "work_order" in sql]


@pytest.mark.parametrize("walk", [False, True], ids=["sorted-after-filter", "walked"])
@pytest.mark.parametrize(
    "sort", SORTS, ids=lambda s: f"{s.key}-{'desc' if s.descending else 'asc'}"
)
def test_no_query_reads_every_order_without_an_index(svc, monkeypatch, sort, walk):
    problems = []
    with strategy(monkeypatch, walk):
        for name, f in filters(svc).items():
            for sql, params in statements(svc, f, sort):
                bad = full_scans(sql, plan(svc, sql, params))
                if bad:
                    problems.append(f"{name}: {bad} in {sql[:160]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "sort",
    [s for s in SORTS if s.key != "received_at"],
    ids=lambda s: f"{s.key}-{'desc' if s.descending else 'asc'}",
)
def test_a_walk_reads_the_sort_index_in_order(svc, monkeypatch, sort):
    """Walked pages never sort the filter's rows: at most the orders of one unit (房号
    order: a unit's orders come in location order from their index) or of one category
    name (when two categories share it)."""
    duplicate_names = bool(
        svc.ctx.db.execute_sql("SELECT COUNT(*) > COUNT(DISTINCT name) FROM category").fetchone()[0]
    )
    problems = []
    with strategy(monkeypatch, walk=True):
        for name, f in filters(svc).items():
            for sql, params in statements(svc, f, sort):
                if "INDEXED BY" not in sql:
                    continue
                lines = plan(svc, sql, params)
                assert any("INDEX work_order_" in line for line in lines), (name, lines)
                sorts = [ln for ln in lines if "TEMP B-TREE FOR" in ln and "ORDER BY" in ln]
                one_unit = '"unit" AS "sk"' in sql
                one_name = sort.key == "category" and duplicate_names
                if sorts and not (one_unit or one_name):
                    problems.append(f"{name}: {lines} in {sql[:160]}")
    assert not problems, "\n".join(problems)


def test_the_default_order_walks_the_received_index(svc):
    for f in (OrderFilter(), OrderFilter(statuses=(Status.CLOSED,))):
        with capturing(svc) as seen:
            register_query.page(f, Sort(), PageRequest(limit=20), NOW)
        ((sql, params),) = seen
        lines = plan(svc, sql, params)
        assert any(
            "work_order_received_at_id" in ln or "work_order_status_received_at" in ln
            for ln in lines
        ), lines
        # the only sort is of the page itself (the outer query), never of every order
        assert sum(ln == "USE TEMP B-TREE FOR ORDER BY" for ln in lines) <= 1, lines


def test_a_technicians_count_reads_indexes_only(svc):
    """One technician's orders are counted from their dispatch links and each dispatch's
    order, both read from covering indexes (never the dispatch rows: thousands of them)."""
    f = filters(svc)["technician"]
    with capturing(svc) as seen:
        register_query.count(f, NOW)
    ((sql, params),) = seen
    lines = plan(svc, sql, params)
    reads = [ln for ln in lines if ln.startswith(("SEARCH", "SCAN"))]
    assert len(reads) == 2 and all("USING COVERING INDEX" in ln for ln in reads), lines


# --- both strategies give the same pages --------------------------------------------------


def sort_value(row: OrderRow, key: str, urgency_sort: dict[str, int]) -> Any:
    return {
        "received_at": row.received_at,
        "number": row.number,
        "status": row.status.value,
        "due_at": row.due_at or datetime(9999, 12, 31),
        "caller_name": row.caller_name,
        "place": row.place,
        "category": row.category_name,
        "urgency": urgency_sort[row.urgency_name],
        "department": row.department_name,
        "total_fen": row.total_fen,
    }[key]


def expected(svc: Services, f: OrderFilter, sort: Sort) -> list[int]:
    """The filter's orders sorted here, in Python, by (value, id)."""
    rows = register_query.page(f, Sort(), PageRequest(limit=ORDERS + 1), NOW)[0]
    urgency_sort = {u.name: u.sort for u in svc.reference.urgencies()}
    ordered = sorted(
        rows, key=lambda r: (sort_value(r, sort.key, urgency_sort), r.id), reverse=sort.descending
    )
    return [r.id for r in ordered]


def paged(f: OrderFilter, sort: Sort, limit: int, switch: Callable[[int], None]) -> list[int]:
    seen: list[int] = []
    after = None
    for n in range(ORDERS):
        switch(n)
        rows, after = register_query.page(f, sort, PageRequest(limit, after), NOW)
        seen += [r.id for r in rows]
        if after is None:
            return seen
    raise AssertionError("paging never ended")


EQUIVALENCE_FILTERS = (
    "none",
    "closed",
    "open",
    "unit",
    "overdue",
    "technician",
    "search 1",
    "paid",
    "leaf category",
)


@pytest.mark.parametrize(
    "sort", SORTS, ids=lambda s: f"{s.key}-{'desc' if s.descending else 'asc'}"
)
def test_both_strategies_page_through_the_same_rows(svc, case, monkeypatch, sort):
    if case == "no-statistics":
        pytest.skip("every query orders explicitly: statistics change plans, never results")
    all_filters = filters(svc)
    for name in EQUIVALENCE_FILTERS:
        f = all_filters[name]
        want = expected(svc, f, sort)
        assert len(want) == register_query.count(f, NOW), name
        limit = max(7, len(want) // 4)  # a few pages, each ending mid-value somewhere
        for label, walk_on in (
            ("sorted", lambda n: False),
            ("walked", lambda n: True),
            ("alternating", lambda n: n % 2 == 1),  # the strategy changes between pages
        ):

            def switch(n: int, walk_on: Callable[[int], bool] = walk_on) -> None:
                monkeypatch.setattr(register_query, "PROBE_LIMIT", -1 if walk_on(n) else 10**9)

            got = paged(f, sort, limit, switch)
            assert got == want, f"{name}, {label}"
