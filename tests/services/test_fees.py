"""有偿收费: only paid orders, a receipt number for 已收, a reason for 减免, only finance marks
money collected and only a manager waives; every change audited."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from propdesk.domain.enums import FeeStatus, Role, Status
from propdesk.domain.errors import ConflictError, PermissionDenied
from propdesk.domain.filters import OrderFilter
from tests.factories import (
    assert_refused,
    audit_changes,
    audit_rows,
    closed_order,
    completion,
    db_dump,
    last_audit_id,
    make_user,
    order_in_status,
    register,
)


def ts(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture
def finance(services):
    return make_user(services, Role.FINANCE, "caiwu")


@pytest.fixture
def manager(services):
    return make_user(services, Role.MANAGER, "jingli")


@pytest.fixture
def paid_order(services, clock):
    return closed_order(services, clock, paid=True)


def test_paid_order_starts_unpaid(services, clock):
    o = register(services, paid=True)
    assert o.fee_status is FeeStatus.UNPAID
    assert register(services, unit_code="1-1-102").fee_status is None


def test_finance_marks_collected_with_a_receipt(services, clock, finance, paid_order):
    clock.advance(days=1)
    mark = last_audit_id(services)
    n = services.fees.set_status(
        paid_order.id, FeeStatus.PAID, finance, receipt_no=" R-0001 "
    ).order
    assert n.fee_status is FeeStatus.PAID
    assert n.receipt_no == "R-0001"
    assert n.fee_paid_at == clock.now
    assert n.status is Status.CLOSED  # money does not move the lifecycle
    assert n.version == paid_order.version + 1
    e = n.events[-1]
    assert (e.action, e.action_label, e.user_name, e.note) == (
        "fee",
        "收费",
        "财务小王",
        "已收，收据号 R-0001",
    )
    assert audit_changes(services, "order", paid_order.id, mark) == {
        "fee_status": ("unpaid", "paid"),
        "receipt_no": ("", "R-0001"),
        "fee_paid_at": (None, ts(clock.now)),
    }
    rows = [r for r in audit_rows(services, "order", paid_order.id) if r["id"] > mark]
    assert {(r["username"], r["at"]) for r in rows} == {("caiwu", clock.now)}


def test_collected_on_an_earlier_day(services, clock, finance, paid_order):
    day = datetime(2026, 11, 20, 16, 0)
    clock.advance(days=3)
    n = services.fees.set_status(
        paid_order.id, FeeStatus.PAID, finance, receipt_no="R-0002", paid_at=day
    ).order
    assert n.fee_paid_at == day


def test_collected_in_the_future_is_refused(services, clock, finance, paid_order):
    assert_refused(
        services,
        lambda: services.fees.set_status(
            paid_order.id,
            FeeStatus.PAID,
            finance,
            receipt_no="R-0003",
            paid_at=clock.now + timedelta(days=1),
        ),
        "收款日期",
    )


def test_billed_with_the_management_fee(services, clock, finance, paid_order):
    n = services.fees.set_status(paid_order.id, FeeStatus.WITH_MGMT_FEE, finance).order
    assert n.fee_status is FeeStatus.WITH_MGMT_FEE
    assert n.fee_paid_at == clock.now
    assert n.receipt_no == ""


def test_manager_waives_with_a_reason(services, clock, manager, paid_order):
    mark = last_audit_id(services)
    n = services.fees.set_status(
        paid_order.id, FeeStatus.WAIVED, manager, reason=" 返修，免收 "
    ).order
    assert n.fee_status is FeeStatus.WAIVED
    assert n.fee_note == "返修，免收"
    assert n.fee_paid_at is None
    assert n.events[-1].note == "减免：返修，免收"
    rows = [r for r in audit_rows(services, "order", paid_order.id) if r["id"] > mark]
    assert {(r["field"], r["old_value"], r["new_value"]) for r in rows} == {
        ("fee_status", "unpaid", "waived"),
        ("fee_note", "", "返修，免收"),
    }
    assert {r["reason"] for r in rows} == {"返修，免收"}


def test_back_to_unpaid_clears_date_and_receipt(services, finance, paid_order):
    services.fees.set_status(paid_order.id, FeeStatus.PAID, finance, receipt_no="R-9")
    n = services.fees.set_status(paid_order.id, FeeStatus.UNPAID, finance).order
    assert n.fee_status is FeeStatus.UNPAID
    assert n.fee_paid_at is None and n.receipt_no == ""


@pytest.mark.parametrize("status", list(FeeStatus))
def test_free_orders_take_no_fee_status(services, clock, finance, manager, status):
    o = closed_order(services, clock)
    assert not o.paid
    user = manager if status is FeeStatus.WAIVED else finance
    assert_refused(
        services,
        lambda: services.fees.set_status(o.id, status, user, receipt_no="R-1", reason="免"),
        "收费状态",
        in_message=False,
    )


def test_receipt_number_is_required_for_collected(services, finance, paid_order):
    for receipt in ("", "   "):
        assert_refused(
            services,
            lambda r=receipt: services.fees.set_status(
                paid_order.id, FeeStatus.PAID, finance, receipt_no=r
            ),
            "收据号",
        )
    assert_refused(
        services,
        lambda: services.fees.set_status(
            paid_order.id, FeeStatus.PAID, finance, receipt_no="R" * 65
        ),
        "收据号",
    )


def test_reason_is_required_for_a_waiver(services, manager, paid_order):
    assert_refused(
        services,
        lambda: services.fees.set_status(paid_order.id, FeeStatus.WAIVED, manager, reason=" "),
        "减免原因",
    )


COLLECT_ROLES = {Role.FINANCE}
WAIVE_ROLES = {Role.MANAGER}


@pytest.mark.parametrize(
    ("status", "role"),
    [(s, r) for s in FeeStatus for r in Role],
    ids=[f"{s.value}-{r.value}" for s in FeeStatus for r in Role],
)
def test_who_may_set_each_fee_status(services, clock, paid_order, status, role):
    user = make_user(services, role)
    allowed = WAIVE_ROLES if status is FeeStatus.WAIVED else COLLECT_ROLES
    call = lambda: services.fees.set_status(  # noqa: E731
        paid_order.id, status, user, receipt_no="R-7", reason="特殊情况"
    )
    if role in allowed:
        assert call().order.fee_status is status
    else:
        before = db_dump(services)
        with pytest.raises(PermissionDenied):
            call()
        assert db_dump(services) == before


def test_stale_version_is_a_conflict(services, finance, paid_order):
    seen = services.registers.order(paid_order.id).version
    services.fees.set_status(paid_order.id, FeeStatus.WITH_MGMT_FEE, finance)
    before = db_dump(services)
    with pytest.raises(ConflictError):
        services.fees.set_status(
            paid_order.id, FeeStatus.PAID, finance, receipt_no="R-1", expected_version=seen
        )
    assert db_dump(services) == before


def test_completion_of_a_paid_order_leaves_it_unpaid_for_finance(services, clock):
    o = order_in_status(services, clock, Status.IN_PROGRESS, paid=True)
    done = services.workflow.complete(o.id, completion(), services.auth.system_user()).order
    assert done.fee_status is FeeStatus.UNPAID and done.total_fen == 3000 + 4550


def test_paid_filter_lists_only_paid_orders(services, clock):
    paid = register(services, paid=True)
    register(services, unit_code="1-1-102")
    rows, _ = services.registers.page(OrderFilter(paid_only=True))
    assert [r.id for r in rows] == [paid.id]
    assert rows[0].fee_status is FeeStatus.UNPAID
