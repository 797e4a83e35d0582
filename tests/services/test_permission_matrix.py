"""The permission matrix enforced by the services: every role × every guarded service call
(with the order status that decides which permission applies). A refused call raises
``PermissionDenied`` and writes nothing; an allowed one goes through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from propdesk.domain.enums import FeeStatus, Kind, Role, Satisfaction, Status, VisitMethod
from propdesk.domain.errors import PermissionDenied
from propdesk.domain.followup import NoteInput, NoteKind, NoteResult
from propdesk.domain.permissions import MATRIX, Perm
from propdesk.domain.records import UserRecord
from propdesk.services import Services
from tests.factories import (
    FakeClock,
    assert_refused,
    closed_order,
    completion,
    order_in_status,
    staff_id,
)

P = Perm
Setup = Callable[[Services, FakeClock], Any]
Call = Callable[[Services, UserRecord, Any], object]


@dataclass(frozen=True)
class Case:
    name: str
    perm: Perm
    setup: Setup
    call: Call


def in_status(status: Status, kind: Kind = Kind.REPAIR, **kw: Any) -> Setup:
    return lambda svc, clock: order_in_status(svc, clock, status, kind, **kw).id


def paid_closed(fee: FeeStatus | None = None) -> Setup:
    def setup(svc: Services, clock: FakeClock) -> int:
        order = closed_order(svc, clock, paid=True)
        if fee is not None:
            svc.fees.set_status(
                order.id, fee, svc.auth.system_user(), reason="业主困难", receipt_no="R-0"
            )
        return order.id

    return setup


def nothing(svc: Services, clock: FakeClock) -> None:
    return None


def _register(svc: Services, user: UserRecord, _: Any) -> object:
    from tests.factories import order_input

    return svc.intake.register(order_input(svc), user)


CASES: list[Case] = [
    Case("register", P.REGISTER, nothing, _register),
    Case(
        "edit_open",
        P.REGISTER,
        in_status(Status.DISPATCHED),
        lambda s, u, oid: s.intake.update_fields(oid, {"description": "热水器漏水"}, u),
    ),
    Case(
        "edit_closed",
        P.EDIT_CLOSED,
        in_status(Status.CLOSED),
        lambda s, u, oid: s.intake.update_fields(
            oid, {"caller_name": "张先生"}, u, reason="业主更正姓名"
        ),
    ),
    Case(
        "edit_cancelled",
        P.EDIT_CLOSED,
        in_status(Status.CANCELLED),
        lambda s, u, oid: s.intake.update_fields(
            oid, {"caller_name": "张先生"}, u, reason="业主更正姓名"
        ),
    ),
    Case(
        "dispatch",
        P.DISPATCH,
        in_status(Status.PENDING),
        lambda s, u, oid: s.workflow.dispatch(oid, u, staff_ids=[staff_id(s)]),
    ),
    Case(
        "redispatch",
        P.REDISPATCH,
        in_status(Status.DISPATCHED),
        lambda s, u, oid: s.workflow.dispatch(oid, u, staff_ids=[staff_id(s, "王师傅")]),
    ),
    Case(
        "arrive",
        P.RECORD_WORK,
        in_status(Status.DISPATCHED),
        lambda s, u, oid: s.workflow.arrive(oid, u),
    ),
    Case(
        "complete",
        P.RECORD_WORK,
        in_status(Status.IN_PROGRESS),
        lambda s, u, oid: s.workflow.complete(oid, completion(), u),
    ),
    Case(
        "incomplete",
        P.RECORD_WORK,
        in_status(Status.IN_PROGRESS),
        lambda s, u, oid: s.workflow.incomplete(oid, u, reason="缺配件"),
    ),
    Case(
        "return_slip",
        P.RETURN_SLIP,
        in_status(Status.COMPLETED),
        lambda s, u, oid: s.workflow.return_slip(oid, u),
    ),
    Case(
        "visit",
        P.VISIT,
        in_status(Status.TO_VISIT),
        lambda s, u, oid: s.workflow.visit(
            oid, u, method=VisitMethod.PHONE, satisfaction=Satisfaction.SATISFIED
        ),
    ),
    Case(
        "visit_reopen",
        P.VISIT,
        in_status(Status.TO_VISIT),
        lambda s, u, oid: s.workflow.visit(
            oid, u, method=VisitMethod.PHONE, satisfaction=Satisfaction.UNSATISFIED, reopen=True
        ),
    ),
    Case(
        "follow_up_visit",
        P.VISIT,
        in_status(Status.CLOSED),
        lambda s, u, oid: s.workflow.visit(
            oid, u, method=VisitMethod.HOME, satisfaction=Satisfaction.SATISFIED
        ),
    ),
    Case(
        "cancel_pending",
        P.CANCEL,
        in_status(Status.PENDING),
        lambda s, u, oid: s.workflow.cancel(oid, u, reason="业主已自行解决"),
    ),
    Case(
        "cancel_dispatched",
        P.CANCEL,
        in_status(Status.DISPATCHED),
        lambda s, u, oid: s.workflow.cancel(oid, u, reason="业主已自行解决"),
    ),
    Case(
        "to_developer",
        P.TO_DEVELOPER,
        in_status(Status.PENDING),
        lambda s, u, oid: s.workflow.to_developer(oid, u, note="开发商保修"),
    ),
    Case(
        "developer_result",
        P.TO_DEVELOPER,
        in_status(Status.DEVELOPER),
        lambda s, u, oid: s.workflow.developer_result(oid, u, result="开发商已更换"),
    ),
    Case(
        "reopen",
        P.REOPEN,
        in_status(Status.CLOSED),
        lambda s, u, oid: s.workflow.reopen(oid, u, reason="业主反映仍漏水"),
    ),
    Case(
        "fee_paid",
        P.FEE_COLLECT,
        paid_closed(),
        lambda s, u, oid: s.fees.set_status(oid, FeeStatus.PAID, u, receipt_no="R-1"),
    ),
    Case(
        "fee_with_mgmt",
        P.FEE_COLLECT,
        paid_closed(),
        lambda s, u, oid: s.fees.set_status(oid, FeeStatus.WITH_MGMT_FEE, u),
    ),
    Case(
        "fee_back_to_unpaid",
        P.FEE_COLLECT,
        paid_closed(FeeStatus.PAID),
        lambda s, u, oid: s.fees.set_status(oid, FeeStatus.UNPAID, u),
    ),
    Case(
        "fee_waive",
        P.FEE_WAIVE,
        paid_closed(),
        lambda s, u, oid: s.fees.set_status(oid, FeeStatus.WAIVED, u, reason="老人困难户"),
    ),
    Case(
        "fee_undo_waiver",
        P.FEE_WAIVE,
        paid_closed(FeeStatus.WAIVED),
        lambda s, u, oid: s.fees.set_status(oid, FeeStatus.UNPAID, u),
    ),
    Case(
        "save_unit",
        P.MANAGE_BASE_DATA,
        nothing,
        lambda s, u, _: s.reference.save_unit(u, code="9-9-909", owner_name="钱七"),
    ),
    Case(
        "save_department",
        P.MANAGE_BASE_DATA,
        nothing,
        lambda s, u, _: s.reference.save_department(u, name="绿化部"),
    ),
    Case(
        "save_staff",
        P.MANAGE_BASE_DATA,
        nothing,
        lambda s, u, _: s.reference.save_staff(u, name="周师傅", department_id=None),
    ),
    Case(
        "save_category",
        P.MANAGE_BASE_DATA,
        nothing,
        lambda s, u, _: s.reference.save_category(u, name="门禁", kind=Kind.REPAIR),
    ),
    Case(
        "save_fee_item",
        P.MANAGE_BASE_DATA,
        nothing,
        lambda s, u, _: s.reference.save_fee_item(u, name="换灯泡", unit="个", labour="10"),
    ),
    Case(
        "save_urgency",
        P.MANAGE_SETTINGS,
        nothing,
        lambda s, u, _: s.reference.save_urgency(
            u, name="特急", arrive_minutes=10, resolve_minutes=60
        ),
    ),
    Case(
        "save_settings",
        P.MANAGE_SETTINGS,
        nothing,
        lambda s, u, _: s.reference.update_settings(u, office_name="阳光花园服务中心"),
    ),
    Case(
        "save_user",
        P.MANAGE_USERS,
        nothing,
        lambda s, u, _: s.auth.save_user(
            u,
            username="new_clerk",
            display_name="新前台",
            role=Role.RECEPTIONIST,
            password="secret123",
        ),
    ),
    Case(
        "follow_up_note",
        P.FOLLOW_UP,
        in_status(Status.DISPATCHED),
        lambda s, u, oid: s.followups.add_note(
            oid, NoteInput(NoteKind.CALL_OWNER, "师傅已到", NoteResult.ARRIVED), u
        ),
    ),
    Case(
        "print_slip",
        P.PRINT,
        in_status(Status.DISPATCHED),
        lambda s, u, oid: s.printing.preview_slip(oid, u),
    ),
]


def account(svc: Services, role: Role) -> UserRecord:
    """A user of ``role``; the technician is linked to 李师傅, who gets every dispatch the
    setups make, so their own-orders rule does not hide the role's cell."""
    name = f"m_{role.value}"
    if any(u.username == name for u in svc.auth.users()):
        return svc.auth.user(name)
    svc.auth.save_user(
        svc.auth.system_user(),
        username=name,
        display_name=f"{role.label}甲",
        role=role,
        password="secret123",
        staff_id=staff_id(svc) if role is Role.TECHNICIAN else None,
    )
    return svc.auth.user(name)


def test_cases_cover_every_guarded_permission() -> None:
    """Every permission a service call checks has at least one case here (the rest — view
    stats, audit, backup, export — are covered by their own services' tests)."""
    covered = {c.perm for c in CASES}
    assert covered >= {
        P.REGISTER,
        P.DISPATCH,
        P.REDISPATCH,
        P.RECORD_WORK,
        P.RETURN_SLIP,
        P.VISIT,
        P.CANCEL,
        P.TO_DEVELOPER,
        P.FEE_COLLECT,
        P.FEE_WAIVE,
        P.EDIT_CLOSED,
        P.REOPEN,
        P.PRINT,
        P.MANAGE_BASE_DATA,
        P.MANAGE_SETTINGS,
        P.MANAGE_USERS,
        P.FOLLOW_UP,
    }


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_cell(services, clock, role: Role, case: Case) -> None:
    user = account(services, role)
    prepared = case.setup(services, clock)
    clock.advance(minutes=5)
    if case.perm in MATRIX[role]:
        case.call(services, user, prepared)
    else:
        err = assert_refused(services, lambda: case.call(services, user, prepared), None)
        assert isinstance(err, PermissionDenied)
        assert role.label in str(err)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_from_waived_straight_to_collected_is_nobodys_alone(services, clock, role: Role) -> None:
    """减免 → 已收 needs the manager to undo the waiver and finance to collect: two people."""
    user = account(services, role)
    oid = paid_closed(FeeStatus.WAIVED)(services, clock)
    err = assert_refused(
        services,
        lambda: services.fees.set_status(oid, FeeStatus.PAID, user, receipt_no="R-3"),
        None,
    )
    assert isinstance(err, PermissionDenied)
    manager, finance = account(services, Role.MANAGER), account(services, Role.FINANCE)
    if role is Role.MANAGER:
        services.fees.set_status(oid, FeeStatus.UNPAID, manager)
        order = services.fees.set_status(oid, FeeStatus.PAID, finance, receipt_no="R-3").order
        assert order.fee_status is FeeStatus.PAID
