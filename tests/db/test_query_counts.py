"""How many queries the registers and whole orders cost: a fixed number however many rows
are asked for (never one per row), counted with playhouse's ``count_queries``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playhouse.test_utils import count_queries

from propdesk.db import orders_repo, register_query, search_index
from propdesk.domain.enums import Status
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.services import Services
from tests.factories import closed_order, order_in_status, register, staff_id


@contextmanager
def queries() -> Iterator[count_queries]:
    with count_queries() as counter:
        yield counter


@pytest.fixture
def many(services: Services, clock) -> list[int]:
    """Thirty orders in several states, a minute apart."""
    ids = []
    for i in range(10):
        ids.append(register(services, caller_name=f"张{i}").id)
        clock.advance(minutes=1)
        ids.append(closed_order(services, clock, caller_name=f"李{i}").id)
        ids.append(order_in_status(services, clock, Status.DISPATCHED).id)
    return ids


def filters(services: Services) -> list[OrderFilter]:
    return [
        OrderFilter(),
        OrderFilter(open_only=True),
        OrderFilter(statuses=(Status.CLOSED, Status.DISPATCHED)),
        OrderFilter(category_id=services.reference.category_by_text("水").id),
        OrderFilter(staff_id=staff_id(services)),
        OrderFilter(overdue=True),
        OrderFilter(search="厨房水"),
        OrderFilter(search="1-1-101"),
    ]


@pytest.mark.parametrize("limit", [1, 5, 200])
def test_a_register_page_in_the_default_order_is_one_query_after_the_search_probe(
    services, many, limit
):
    for f in filters(services):
        for after in (None, "second"):
            req = PageRequest(limit)
            if after:
                _rows, key = register_query.page(f, Sort(), req, services.ctx.now())
                if key is None:
                    continue
                req = PageRequest(limit, key)
            with queries() as q:
                register_query.page(f, Sort(), req, services.ctx.now())
            # a search on SQLite first asks the index how broad it is (``is_broad``)
            probe = bool(f.search) and search_index.available(services.ctx.db)
            assert q.count == 1 + probe, (f, q.get_queries())


def test_a_short_search_asks_the_index_how_broad_it_is_first(services, many):
    with queries() as q:
        rows, _ = register_query.page(
            OrderFilter(search="李"), Sort(), PageRequest(50), services.ctx.now()
        )
    assert len(rows) == 10
    # SQLite: the vocabulary's estimate, then the page; PostgreSQL: the page
    assert q.count == (2 if search_index.available(services.ctx.db) else 1)


def test_a_count_is_one_query(services, many):
    for f in filters(services):
        with queries() as q:
            register_query.count(f, services.ctx.now())
        assert q.count == 1, f


@pytest.mark.parametrize("key", ["caller_name", "category", "place", "due_at"])
def test_another_order_over_few_orders_is_two_queries(services, many, key):
    """How many the filter keeps (counted up to ``PROBE_LIMIT``), then the page."""
    with queries() as q:
        rows, _ = register_query.page(
            OrderFilter(), Sort(key), PageRequest(200), services.ctx.now()
        )
    assert len(rows) == len(many)
    assert q.count == (2 if services.ctx.db.param == "?" else 1)


# keys: (first page, at most on a later page). The walk: the probe, one query per stream of
# the sort key (two for a later page: the rest of the last value, then the next values), a
# uniqueness check for category names and urgency ranks, and the page's rows by id.
WALKS = {
    "number": (3, 4),
    "status": (3, 4),
    "caller_name": (3, 4),
    "total_fen": (3, 4),
    "due_at": (4, 6),
    "place": (4, 6),
    "department": (4, 6),
    "category": (4, 5),
    "urgency": (4, 5),
}


@pytest.mark.parametrize("key", sorted(WALKS))
def test_another_order_over_many_orders_is_a_fixed_number_of_queries(
    services, many, monkeypatch, key, sqlite_only
):
    monkeypatch.setattr(register_query, "PROBE_LIMIT", -1)  # every filter counts as large
    first, later = WALKS[key]
    now = services.ctx.now()
    for limit in (1, 7, 200):
        with queries() as q:
            rows, after = register_query.page(OrderFilter(), Sort(key), PageRequest(limit), now)
        assert len(rows) == min(limit, len(many))
        assert q.count == first, (key, limit, [r.msg[0][:80] for r in q.get_queries()])
        while after is not None:
            with queries() as q:
                rows, after = register_query.page(
                    OrderFilter(), Sort(key), PageRequest(limit, after), now
                )
            assert q.count <= later, (key, limit)


def test_whole_orders_cost_the_same_queries_for_one_or_thirty(services, many):
    with queries() as one:
        orders_repo.load_orders(many[1:2])  # a closed order: dispatched, visited
    with queries() as thirty:
        loaded = orders_repo.load_orders(many)
    assert [o.id for o in loaded] == many
    # orders, dispatches, their staff, materials, visits, events
    assert one.count == thirty.count == 6


def test_rows_by_id_are_one_query(services, many):
    with queries() as q:
        rows = register_query.rows_by_ids(many)
    assert [r.id for r in rows] == many
    assert q.count == 1


def test_the_today_board_costs_the_same_however_many_orders(services, many, clock):
    with queries() as before:
        services.registers.today_board(limit=50)
    for _ in range(5):
        register(services)
        order_in_status(services, clock, Status.DISPATCHED)
    with queries() as after:
        board = services.registers.today_board(limit=50)
    assert before.count == after.count
    # six lists, each a page (with its probe when sorted by deadline) and a count
    assert after.count <= 6 * 3
    assert sum(b.count for b in board) >= 1
