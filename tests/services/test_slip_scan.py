"""扫码回单 in the service: a completed order's slip is returned at once by the clerk; the
steps missing from the program are named; unknown numbers, slips already returned and orders
that cannot take a 回单 are refused in Chinese with nothing written."""

from __future__ import annotations

from propdesk.domain.enums import Kind, Status
from propdesk.services.slip_scan import ARRIVE, COMPLETE, scan_return, scanned_number
from tests.factories import assert_refused, db_dump, order_in_status


def scan(services, text, user=None):  # type: ignore[no-untyped-def]
    return scan_return(
        services.registers, services.workflow, text, user or services.auth.system_user()
    )


def test_a_completed_orders_slip_is_returned_now_by_the_clerk(services, clock):
    order = order_in_status(services, clock, Status.COMPLETED)
    clock.advance(minutes=20)
    outcome = scan(services, f"{order.number}\n")
    assert outcome.result is not None and outcome.needs == ()
    assert outcome.order.status is Status.TO_VISIT
    assert outcome.order.slip_returned_at == clock.now
    assert order.number in outcome.message and "已回单" in outcome.message


def test_unknown_and_already_returned_are_refused_and_change_nothing(services, clock):
    returned = order_in_status(services, clock, Status.TO_VISIT)
    err = assert_refused(services, lambda: scan(services, returned.number), "扫码回单")
    assert "已于" in err.message and "回单" in err.message
    err = assert_refused(services, lambda: scan(services, "2099999999"), "扫码回单")
    assert "没有编号为“2099999999”的工单" in err.message
    pending = order_in_status(services, clock, Status.PENDING)
    err = assert_refused(services, lambda: scan(services, pending.number), "扫码回单")
    assert "待派工" in err.message
    assert_refused(services, lambda: scan(services, "   "), "扫码回单", in_message=False)


def test_missing_arrival_or_completion_is_named_and_nothing_written(services, clock):
    dispatched = order_in_status(services, clock, Status.DISPATCHED)
    in_progress = order_in_status(services, clock, Status.IN_PROGRESS)
    matter = order_in_status(services, clock, Status.DISPATCHED, kind=Kind.MATTER)
    before = db_dump(services)
    assert scan(services, dispatched.number).needs == (ARRIVE, COMPLETE)
    assert scan(services, in_progress.number).needs == (COMPLETE,)
    assert scan(services, matter.number).needs == (COMPLETE,)
    assert "到达时间" in scan(services, dispatched.number).message
    assert db_dump(services) == before


def test_scanned_text_is_cleaned():
    assert scanned_number(" NO.2026000001\r\n") == "2026000001"
    assert scanned_number("2026 000001") == "2026000001"
