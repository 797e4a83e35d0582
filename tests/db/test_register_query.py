"""The registers' query: every filter, every sort key both ways, keyset pages that return
each row exactly once, and counts that agree — over orders made through the services."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest

from propdesk.db import register_query
from propdesk.db.models import use_database
from propdesk.domain.deadlines import DeadlineKind
from propdesk.domain.enums import AreaType, Kind, Satisfaction, Status, VisitMethod
from propdesk.domain.filters import SORT_KEYS, OrderFilter, PageRequest, Sort
from propdesk.domain.records import CompletionInput, OrderRecord
from tests.factories import FakeClock, department_id, make_services, register, staff_id

NOW = datetime(2026, 11, 25, 18, 0, 0)


@dataclass
class Data:
    svc: Any
    ids: dict[str, int]

    def names(self, rows_or_ids: Any) -> set[str]:
        by_id = {v: k for k, v in self.ids.items()}
        return {by_id[getattr(r, "id", r)] for r in rows_or_ids}

    def orders(self) -> list[OrderRecord]:
        return self.svc.registers.orders(list(self.ids.values()))


def build(svc, clock) -> Data:
    """Fourteen orders over November 2026 in every kind of state, entered at NOW (补单)."""
    clock.set(NOW)
    user = svc.auth.system_user()
    wf = svc.workflow
    li, wang, chen = (staff_id(svc, n) for n in ("李师傅", "王师傅", "陈保安"))
    ids: dict[str, int] = {}

    def reg(name: str, received: datetime, **kw: Any) -> int:
        ids[name] = register(svc, received_at=received, **kw).id
        return ids[name]

    a = reg("A", datetime(2026, 11, 1, 9, 0), caller_name="张三", description="厨房水龙头漏水")
    wf.dispatch(a, user, staff_ids=[li])
    wf.arrive(a, user)
    wf.complete(a, CompletionInput("换水龙头", "30"), user)
    wf.return_slip(a, user)
    wf.visit(a, user, method=VisitMethod.PHONE, satisfaction=Satisfaction.SATISFIED)

    b = reg(
        "B",
        datetime(2026, 11, 3, 10, 30),
        unit_code="1-1-102",
        caller_name="李四",
        phone="13900139000",
        category="水/爆管",
        description="卫生间爆管",
    )
    wf.dispatch(b, user, staff_ids=[li])
    wf.dispatch(b, user, staff_ids=[wang])  # 改派: both have worked on it
    wf.arrive(b, user)

    reg(
        "C",
        datetime(2026, 11, 5, 14, 0),
        area_type=AreaType.COMMON,
        unit_code="",
        location="3号楼大堂",
        caller_name="保安老陈",
        phone="0571-88886666",
        category="电/灯具",
        description="大堂灯不亮",
    )

    d = reg(
        "D",
        datetime(2026, 11, 10, 8, 15),
        kind=Kind.MATTER,
        unit_code="3-2-1502",
        caller_name="王五",
        phone="13700137000",
        category="投诉/噪音扰民",
        description="楼上装修噪音",
    )
    wf.dispatch(d, user, department_id=department_id(svc, "客服部"))

    e = reg(
        "E",
        datetime(2026, 11, 15, 16, 45),
        unit_code="5-1-2301",
        caller_name="赵六",
        phone="021-66668888",
        category="门窗/门锁",
        description="防盗门锁坏",
    )
    wf.cancel(e, user, reason="业主自行更换")

    f = reg(
        "F",
        datetime(2026, 11, 20, 11, 11),
        kind=Kind.MATTER,
        category="咨询",
        description="停车位怎么办理",
    )
    wf.dispatch(f, user, department_id=department_id(svc, "客服部"))
    wf.complete(f, CompletionInput("已电话答复", "0"), user)  # no slip: straight to 待回访

    g = reg(
        "G",
        datetime(2026, 11, 25, 9, 0),
        unit_code="3-2-1502",
        caller_name="王五",
        phone="13700137000",
        category="电/跳闸",
        description="总闸跳闸",
    )
    wf.dispatch(g, user, staff_ids=[chen])

    reg(
        "H",
        datetime(2026, 11, 25, 17, 59),
        unit_code="1-1-102",
        caller_name="李四",
        phone="13900139000",
        category="水/马桶",
        description="马桶堵塞 100%_堵",
    )
    reg(
        "I",
        datetime(2026, 10, 31, 23, 59, 59),
        area_type=AreaType.COMMON,
        unit_code="",
        location="东门",
        caller_name="巡检员",
        phone="13600136000",
        category="公共设施/路灯",
        description="路灯不亮",
    )
    reg(
        "J",
        datetime(2026, 11, 16, 0, 0, 0),
        caller_name="张三",
        category="墙地面/地砖",
        description="地砖空鼓",
    )
    # four calls in the same second: ties for the keyset
    for name, cat in (
        ("K1", "电/插座开关"),
        ("K2", "门窗/窗户"),
        ("K3", "水/停水"),
        ("K4", "电梯/电梯故障"),
    ):
        reg(
            name,
            datetime(2026, 11, 12, 12, 0),
            unit_code="5-1-2301",
            caller_name="赵六",
            phone="021-66668888",
            category=cat,
            description=f"{cat}问题",
        )
    return Data(svc, ids)


@pytest.fixture(scope="module")
def shared_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Data]:
    """Built once: these tests only read it."""
    clock = FakeClock(NOW)
    svc = make_services(tmp_path_factory.mktemp("registers") / "propdesk.db", clock)
    yield build(svc, clock)
    svc.ctx.db.close()


@pytest.fixture
def data(shared_data: Data) -> Data:
    # another test's database may have been bound to the models in between
    use_database(shared_data.svc.ctx.db)
    return shared_data


def query(f: OrderFilter, sort: Sort = Sort(), now: datetime = NOW) -> list[int]:
    rows, after = register_query.page(f, sort, PageRequest(limit=1000), now)
    assert after is None
    assert register_query.count(f, now) == len(rows)
    return [r.id for r in rows]


ALL = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K1", "K2", "K3", "K4"}


def test_no_filter_lists_every_order(data):
    assert data.names(query(OrderFilter())) == ALL


# --- each filter -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (
            OrderFilter(date_from=date(2026, 11, 5), date_to=date(2026, 11, 15)),
            {"C", "D", "E", "K1", "K2", "K3", "K4"},
        ),
        (OrderFilter(date_from=date(2026, 11, 1)), ALL - {"I"}),
        (OrderFilter(date_to=date(2026, 10, 31)), {"I"}),
        (OrderFilter(date_from=date(2026, 11, 16), date_to=date(2026, 11, 16)), {"J"}),
        (OrderFilter(date_from=date(2026, 11, 25), date_to=date(2026, 11, 25)), {"G", "H"}),
        (OrderFilter(date_from=date(2026, 12, 1)), set()),
    ],
    ids=["range", "from-excludes-day-before", "to-inclusive", "midnight", "whole-day", "none"],
)
def test_date_range(data, f, expected):
    assert data.names(query(f)) == expected


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((Status.PENDING,), {"C", "H", "I", "J", "K1", "K2", "K3", "K4"}),
        ((Status.DISPATCHED,), {"D", "G"}),
        ((Status.IN_PROGRESS,), {"B"}),
        ((Status.TO_VISIT,), {"F"}),
        ((Status.CLOSED,), {"A"}),
        ((Status.CANCELLED,), {"E"}),
        ((Status.COMPLETED, Status.DEVELOPER), set()),
        ((Status.DISPATCHED, Status.IN_PROGRESS), {"B", "D", "G"}),
    ],
)
def test_status(data, statuses, expected):
    assert data.names(query(OrderFilter(statuses=statuses))) == expected


def test_open_only(data):
    assert data.names(query(OrderFilter(open_only=True))) == ALL - {"A", "E"}


def test_kind(data):
    assert data.names(query(OrderFilter(kind=Kind.MATTER))) == {"D", "F"}
    assert data.names(query(OrderFilter(kind=Kind.REPAIR))) == ALL - {"D", "F"}


def test_area_type(data):
    assert data.names(query(OrderFilter(area_type=AreaType.COMMON))) == {"C", "I"}


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("水", {"A", "B", "H", "K3"}),  # the parent takes in its sub-categories
        ("水/爆管", {"B"}),
        ("电", {"C", "G", "K1"}),
        ("投诉", {"D"}),
        ("咨询", {"F"}),
        ("电梯", {"K4"}),
        ("报失", set()),
    ],
)
def test_category_with_sub_categories(data, category, expected):
    cid = data.svc.reference.category_by_text(category).id
    assert data.names(query(OrderFilter(category_id=cid))) == expected


def test_department(data):
    svc = data.svc
    assert data.names(query(OrderFilter(department_id=department_id(svc, "客服部")))) == {"D", "F"}
    assert data.names(query(OrderFilter(department_id=department_id(svc, "秩序部")))) == {"G"}
    assert data.names(query(OrderFilter(department_id=department_id(svc, "财务部")))) == set()


def test_technician_counts_every_dispatch(data):
    svc = data.svc
    assert data.names(query(OrderFilter(staff_id=staff_id(svc, "李师傅")))) == {"A", "B"}
    assert data.names(query(OrderFilter(staff_id=staff_id(svc, "王师傅")))) == {"B"}
    assert data.names(query(OrderFilter(staff_id=staff_id(svc, "陈保安")))) == {"G"}


def test_urgency(data):
    svc = data.svc
    urgent = svc.reference.urgency_by_name("紧急").id
    assert data.names(query(OrderFilter(urgency_id=urgent))) == {"B", "K3"}
    advice = svc.reference.urgency_by_name("咨询建议").id
    assert data.names(query(OrderFilter(urgency_id=advice))) == {"F"}


def test_unit(data):
    unit = data.svc.reference.unit_by_code("3-2-1502")
    assert data.names(query(OrderFilter(unit_id=unit.id))) == {"D", "G"}


def test_overdue_at_the_given_time(data):
    # at NOW: H (dispatch due 18:04), F (visit due tomorrow), G (arrival due 18:15) are not late
    late = ALL - {"A", "E", "H", "F", "G"}
    assert data.names(query(OrderFilter(overdue=True))) == late
    later = datetime(2026, 11, 25, 18, 10)
    assert data.names(query(OrderFilter(overdue=True), now=later)) == late | {"H"}
    assert data.names(query(OrderFilter(overdue=True), now=datetime(2026, 1, 1))) == set()
    assert register_query.overdue_count(NOW) == len(late)


def test_due_at_and_kind_are_on_the_rows(data):
    rows = {r.id: r for r in register_query.rows_by_ids(list(data.ids.values()))}
    g = rows[data.ids["G"]]
    assert (g.due_at, g.due_kind) == (datetime(2026, 11, 25, 18, 15), DeadlineKind.ARRIVE)
    assert rows[data.ids["A"]].due_at is None
    assert rows[data.ids["F"]].due_kind is DeadlineKind.VISIT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026000003", {"C"}),  # number
        ("000014", {"K4"}),  # part of a number
        ("1502", {"D", "G"}),  # unit
        ("5-1-2301", {"E", "K1", "K2", "K3", "K4"}),
        ("赵六", {"E", "K1", "K2", "K3", "K4"}),  # caller
        ("66668888", {"E", "K1", "K2", "K3", "K4"}),  # phone
        ("88886666", {"C"}),
        ("13900139000", {"B", "H"}),
        ("噪音", {"D"}),  # description
        ("大堂", {"C"}),  # common-area location
        (" 东门 ", {"I"}),  # trimmed
        ("100%", {"H"}),  # LIKE wildcards are literal
        ("%_", {"H"}),
        ("_", {"H"}),
        ("没有这个", set()),
    ],
)
def test_search(data, text, expected):
    assert data.names(query(OrderFilter(search=text))) == expected


def test_blank_search_filters_nothing(data):
    assert data.names(query(OrderFilter(search="   "))) == ALL


def test_filters_combine(data):
    f = OrderFilter(
        kind=Kind.REPAIR, statuses=(Status.PENDING,), date_from=date(2026, 11, 10), search="赵六"
    )
    assert data.names(query(f)) == {"K1", "K2", "K3", "K4"}
    cid = data.svc.reference.category_by_text("电").id
    assert data.names(query(OrderFilter(category_id=cid, overdue=True))) == {"C", "K1"}


# --- sorting and keyset paging -----------------------------------------------------------

_FAR = datetime(9999, 12, 31)


def sort_value(o: OrderRecord, key: str, urgency_sort: dict[int, int]) -> Any:
    return {
        "received_at": o.received_at,
        "number": o.number,
        "status": o.status.value,
        "due_at": o.due_at or _FAR,
        "caller_name": o.caller_name,
        "place": o.place,
        "category": o.category_name,
        "urgency": urgency_sort[o.urgency_id],
        "department": o.department_name,
        "total_fen": o.total_fen,
    }[key]


def expected_order(data: Data, key: str, descending: bool) -> list[int]:
    urgency_sort = {u.id: u.sort for u in data.svc.reference.urgencies()}
    orders = data.orders()
    return [
        o.id
        for o in sorted(
            orders, key=lambda o: (sort_value(o, key, urgency_sort), o.id), reverse=descending
        )
    ]


SORTS = [
    pytest.param(k, d, id=f"{k}-{'desc' if d else 'asc'}") for k in SORT_KEYS for d in (False, True)
]


@pytest.mark.parametrize(("key", "descending"), SORTS)
def test_sort_order(data, key, descending):
    assert query(OrderFilter(), Sort(key, descending)) == expected_order(data, key, descending)


@pytest.mark.parametrize(("key", "descending"), SORTS)
@pytest.mark.parametrize("limit", [1, 3, 5])
def test_keyset_pages_return_every_row_once(data, key, descending, limit):
    sort = Sort(key, descending)
    seen: list[int] = []
    after = None
    pages = 0
    while True:
        rows, after = register_query.page(OrderFilter(), sort, PageRequest(limit, after), NOW)
        assert len(rows) <= limit
        seen.extend(r.id for r in rows)
        pages += 1
        assert pages <= len(ALL) + 1, "paging does not end"
        if after is None:
            break
        assert len(rows) == limit
    assert len(seen) == len(set(seen)) == len(ALL) == register_query.count(OrderFilter(), NOW)
    assert seen == expected_order(data, key, descending)


def test_keyset_pages_of_a_filtered_view(data):
    f = OrderFilter(statuses=(Status.PENDING,))
    sort = Sort("received_at", descending=False)
    first, after = register_query.page(f, sort, PageRequest(limit=3), NOW)
    assert data.names(first) == {"I", "C", "K1"}  # 10-31, 11-05, then the first of 11-12
    second, after = register_query.page(f, sort, PageRequest(limit=3, after=after), NOW)
    assert [data.names([r]).pop() for r in second] == ["K2", "K3", "K4"]
    third, after = register_query.page(f, sort, PageRequest(limit=3, after=after), NOW)
    assert [data.names([r]).pop() for r in third] == ["J", "H"] and after is None
    assert register_query.count(f, NOW) == 8


def test_exact_page_size_ends_without_an_empty_page(data):
    n = len(ALL)
    rows, after = register_query.page(OrderFilter(), Sort(), PageRequest(limit=n), NOW)
    assert len(rows) == n and after is None


def test_new_rows_do_not_shift_later_pages(services, clock):
    """Keyset, not offset: an order registered between two page loads does not repeat or
    hide a row of the next page (newest first)."""
    data = build(services, clock)
    sort = Sort("received_at", descending=True)
    first, after = register_query.page(OrderFilter(), sort, PageRequest(limit=4), NOW)
    register(data.svc, received_at=NOW)
    rest: list[int] = []
    while after is not None:
        rows, after = register_query.page(OrderFilter(), sort, PageRequest(4, after), NOW)
        rest.extend(r.id for r in rows)
    assert len(first) + len(rest) == len(ALL)
    assert not {r.id for r in first} & set(rest)


# --- rows --------------------------------------------------------------------------------


def test_rows_carry_what_the_register_shows(data):
    rows = {r.id: r for r in register_query.rows_by_ids(list(data.ids.values()))}
    c = rows[data.ids["C"]]
    assert (c.place, c.area_type, c.category_name, c.urgency_name, c.department_name) == (
        "3号楼大堂",
        AreaType.COMMON,
        "灯具",
        "一般",
        "工程部",
    )
    b = rows[data.ids["B"]]
    assert (b.place, b.staff_names, b.status, b.urgency_name) == (
        "1-1-102",
        "王师傅",
        Status.IN_PROGRESS,
        "紧急",
    )
    a = rows[data.ids["A"]]
    assert a.total_fen == 3000 and a.status is Status.CLOSED


def test_rows_by_ids_keep_the_asked_order_and_skip_unknown(data):
    ids = [data.ids["K4"], 99_999, data.ids["A"], data.ids["K1"]]
    assert [r.id for r in register_query.rows_by_ids(ids)] == [ids[0], ids[2], ids[3]]
    assert register_query.rows_by_ids([]) == []


def test_recent_for_unit_newest_first(data):
    unit = data.svc.reference.unit_by_code("5-1-2301")
    rows = register_query.recent_for_unit(unit.id, limit=3)
    assert len(rows) == 3
    assert data.names(rows[:1]) == {"E"}  # 11-15 is the newest of that unit
    assert [r.received_at for r in rows] == sorted((r.received_at for r in rows), reverse=True)
