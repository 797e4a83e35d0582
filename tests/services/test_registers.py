"""The registers' service: lookups, the overdue filter and count with the injected clock,
newly overdue orders, a unit's history and the today board."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from propdesk.domain.enums import Status
from propdesk.domain.errors import NotFound
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from tests.factories import closed_order, order_in_status, register, staff_id

T0 = datetime(2026, 11, 20, 10, 0, 0)


def ids(rows) -> list[int]:
    return [r.id for r in rows]


def test_order_and_by_number(services):
    o = register(services)
    assert services.registers.order(o.id).number == o.number
    assert services.registers.by_number(f" {o.number} ").id == o.id
    with pytest.raises(NotFound) as info:
        services.registers.by_number("2026999999")
    assert "2026999999" in str(info.value)
    with pytest.raises(NotFound):
        services.registers.order(99_999)


def test_orders_and_rows_keep_the_asked_order(services):
    a = register(services)
    b = register(services, unit_code="1-1-102")
    assert ids(services.registers.orders([b.id, a.id])) == [b.id, a.id]
    assert ids(services.registers.rows([b.id, 12345, a.id])) == [b.id, a.id]


def test_overdue_filter_follows_the_clock(services, clock):
    o = register(services)  # due for dispatch at 10:05
    f = OrderFilter(overdue=True)
    assert services.registers.count(f) == 0
    clock.set(T0 + timedelta(minutes=5))  # at the deadline: not yet late
    assert services.registers.count(f) == 0
    assert services.registers.overdue_count() == 0
    clock.advance(seconds=1)
    assert services.registers.count(f) == 1
    assert ids(services.registers.page(f)[0]) == [o.id]
    assert services.registers.overdue_count() == 1
    # dispatching moves the deadline to the arrival: late no more
    services.workflow.dispatch(o.id, services.auth.system_user(), staff_ids=[staff_id(services)])
    assert services.registers.overdue_count() == 0
    clock.advance(minutes=15)  # exactly the arrival deadline
    assert services.registers.overdue_count() == 0
    clock.advance(seconds=1)
    assert services.registers.overdue_count() == 1


def test_closed_and_cancelled_are_never_overdue(services, clock):
    closed_order(services, clock)
    order_in_status(services, clock, Status.CANCELLED, unit_code="1-1-102")
    order_in_status(services, clock, Status.DEVELOPER, unit_code="3-2-1502")
    clock.advance(days=365)
    assert services.registers.overdue_count() == 0
    assert services.registers.count(OrderFilter(overdue=True)) == 0


def test_newly_overdue_announces_each_order_once(services, clock):
    a = register(services)  # due 10:05
    clock.advance(minutes=2)
    b = register(services, unit_code="1-1-102")  # due 10:07
    last_check = clock.now  # 10:02
    clock.set(T0 + timedelta(minutes=6))
    assert ids(services.registers.newly_overdue(last_check)) == [a.id]
    last_check = clock.now
    clock.set(T0 + timedelta(minutes=30))
    assert ids(services.registers.newly_overdue(last_check)) == [b.id]
    last_check = clock.now
    clock.advance(minutes=30)
    assert services.registers.newly_overdue(last_check) == []


def test_unit_history_newest_first_with_a_limit(services, clock):
    made = []
    for _ in range(4):
        made.append(register(services).id)
        clock.advance(hours=1)
    register(services, unit_code="1-1-102")
    unit = services.reference.unit_by_code("1-1-101")
    assert ids(services.registers.unit_history(unit.id)) == made[::-1]
    assert ids(services.registers.unit_history(unit.id, limit=2)) == made[::-1][:2]


def test_page_and_count_agree(services, clock):
    for i in range(7):
        register(services, unit_code="1-1-101" if i % 2 else "1-1-102")
        clock.advance(minutes=1)
    f = OrderFilter(search="1-1-102")
    seen = []
    after = None
    while True:
        rows, after = services.registers.page(f, Sort("number", False), PageRequest(2, after))
        seen.extend(ids(rows))
        if after is None:
            break
    assert len(seen) == len(set(seen)) == services.registers.count(f) == 4


def test_today_board(services, clock):
    yesterday = register(services, received_at=T0 - timedelta(days=1))  # pending, late
    pending = register(services, unit_code="1-1-102")
    dispatched = order_in_status(services, clock, Status.DISPATCHED, unit_code="3-2-1502")
    completed = order_in_status(services, clock, Status.COMPLETED, unit_code="5-1-2301")
    to_visit = order_in_status(services, clock, Status.TO_VISIT, category="电/灯具")
    closed_order(services, clock, category="门窗/门锁")
    board = {b.key: b for b in services.registers.today_board()}
    assert list(board) == [
        "to_dispatch",
        "overdue",
        "not_arrived",
        "slips_out",
        "to_visit",
        "unfinished_today",
    ]
    assert board["to_dispatch"].title == "待派工"
    assert ids(board["to_dispatch"].rows) == [yesterday.id, pending.id]  # oldest first
    assert ids(board["not_arrived"].rows) == [dispatched.id]
    assert ids(board["slips_out"].rows) == [completed.id]
    assert ids(board["to_visit"].rows) == [to_visit.id]
    assert set(ids(board["unfinished_today"].rows)) == {pending.id, dispatched.id}
    assert yesterday.id in ids(board["overdue"].rows)
    assert all(b.count == len(b.rows) for b in board.values())


def test_today_board_counts_beyond_its_row_limit(services, clock):
    for _ in range(5):
        register(services)
        clock.advance(minutes=1)
    board = {b.key: b for b in services.registers.today_board(limit=2)}
    assert board["to_dispatch"].count == 5
    assert len(board["to_dispatch"].rows) == 2


def test_board_filter_uses_the_clock_date(services, clock):
    clock.set(datetime(2026, 12, 31, 23, 59, 59))
    f, sort = services.registers.board_filter("unfinished_today")
    assert (f.date_from, f.date_to) == (date(2026, 12, 31), date(2026, 12, 31))
    assert sort == Sort("received_at", descending=False)
    assert services.registers.day_start() == datetime(2026, 12, 31)
