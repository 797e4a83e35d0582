"""Order numbers in the database: sequential per year, a new year starts at 000001,
cancelled orders keep theirs, nothing is ever reused."""

from __future__ import annotations

from datetime import datetime

import peewee
import pytest

from propdesk.db import orders_repo
from propdesk.db.models import NumberCounter, Order
from propdesk.domain.errors import UserError
from tests.factories import FakeClock, assert_refused, make_services, order_input, register


def numbers(svc) -> list[str]:
    return [o.number for o in Order.select(Order.number).order_by(Order.id)]


def test_numbers_are_sequential_within_a_year(services, clock):
    got = []
    for _ in range(5):
        got.append(register(services).number)
        clock.advance(minutes=7)
    assert got == [f"2026{n:06d}" for n in range(1, 6)]


def test_year_change_starts_again_at_one(services, clock):
    clock.set(datetime(2026, 12, 31, 23, 58, 0))
    assert register(services).number == "2026000001"
    assert register(services).number == "2026000002"
    clock.set(datetime(2027, 1, 1, 0, 0, 0))
    assert register(services).number == "2027000001"
    assert register(services).number == "2027000002"


def test_late_entry_takes_the_number_of_its_own_year(services, clock):
    """补单 on 2 January of a call received on 31 December continues the old year's series."""
    clock.set(datetime(2026, 12, 31, 22, 0, 0))
    assert register(services).number == "2026000001"
    clock.set(datetime(2027, 1, 2, 9, 0, 0))
    assert register(services).number == "2027000001"
    late = register(services, received_at=datetime(2026, 12, 31, 23, 30, 0))
    assert late.number == "2026000002"
    assert late.received_at == datetime(2026, 12, 31, 23, 30, 0)
    assert register(services).number == "2027000002"


def test_cancelled_orders_keep_their_number_and_it_is_not_reused(services, clock):
    user = services.auth.system_user()
    first = register(services)
    second = register(services)
    cancelled = services.workflow.cancel(second.id, user, reason="重复登记").order
    assert cancelled.number == "2026000002"
    assert services.registers.by_number("2026000002").id == second.id
    third = register(services)
    assert third.number == "2026000003"
    assert numbers(services) == [first.number, "2026000002", "2026000003"]


def test_refused_registration_takes_no_number(services):
    register(services)
    assert_refused(
        services,
        lambda: services.intake.register(
            order_input(services, description=""), services.auth.system_user()
        ),
        "问题描述",
    )
    assert register(services).number == "2026000002"


def test_counter_survives_reopening_the_file(db_path, clock):
    svc = make_services(db_path, clock)
    register(svc)
    register(svc)
    svc.ctx.db.close()
    svc = make_services(db_path, FakeClock(clock.now), with_data=False)
    try:
        assert register(svc).number == "2026000003"
    finally:
        svc.ctx.db.close()


def test_numbers_are_unique_in_the_table(services):
    first = register(services)
    second = register(services)
    with pytest.raises(peewee.IntegrityError, match="(?i)unique"):  # SQLite or PostgreSQL wording
        Order.update(number=first.number).where(Order.id == second.id).execute()
    assert services.registers.order(second.id).number == "2026000002"


def test_next_number_continues_after_existing_orders_without_a_counter(services):
    """A database whose counter row is missing (imported orders) does not hand out a
    number that is already taken."""
    for _ in range(3):
        register(services)
    NumberCounter.delete().execute()
    with services.ctx.db.atomic():
        assert orders_repo.next_number(2026) == "2026000004"
    assert register(services).number == "2026000005"


def test_number_out_of_range_is_refused_not_wrapped(services):
    NumberCounter.insert(year=2026, last_seq=999_999).execute()
    try:
        register(services)
    except (UserError, ValueError):
        pass
    else:
        raise AssertionError("a seven-digit sequence was accepted")
    assert Order.select().count() == 0
