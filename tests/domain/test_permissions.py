"""The role × permission matrix, cell by cell against a table written out here."""

from __future__ import annotations

import itertools
import re

import pytest

from propdesk.domain.enums import FeeStatus, Role, Status
from propdesk.domain.errors import PermissionDenied, UserError
from propdesk.domain.lifecycle import TRANSITIONS, Action
from propdesk.domain.permissions import (
    ACTION_PERMS,
    MATRIX,
    PERM_LABELS,
    SYSTEM_USERNAME,
    Perm,
    can,
    perm_for_action,
    perm_for_edit,
    perms_for_fee,
    require,
    require_user,
    sees_all_orders,
    user_can,
)

P = Perm
CJK = re.compile(r"[\u4e00-\u9fff]")

#: SPEC §1 and §6 with issue 6 spelled out. Receptionists register, dispatch, print, key in the
#: returned slip, return slips and call back; supervisors also re-assign and price unlisted work;
#: technicians mostly work on paper and see only their own orders; only finance marks money
#: collected; only the manager waives fees, edits closed orders and reopens them; the manager
#: manages staff (base data) and reads the audit log; only the administrator manages users and
#: settings (issue 6 narrows SPEC §1's "manager manages settings and users"). The desk's
#: roles (前台, 工程主管, 经理) write the follow-up log (issue 12).
EXPECTED: dict[Role, set[Perm]] = {
    Role.RECEPTIONIST: {
        P.REGISTER,
        P.DISPATCH,
        P.RECORD_WORK,
        P.RETURN_SLIP,
        P.VISIT,
        P.CANCEL,
        P.TO_DEVELOPER,
        P.PRINT,
        P.VIEW_ALL_ORDERS,
        P.VIEW_PHONES,
        P.FOLLOW_UP,
    },
    Role.SUPERVISOR: {
        P.REGISTER,
        P.DISPATCH,
        P.REDISPATCH,
        P.RECORD_WORK,
        P.RETURN_SLIP,
        P.VISIT,
        P.CANCEL,
        P.TO_DEVELOPER,
        P.PRICE_UNLISTED,
        P.PRINT,
        P.VIEW_ALL_ORDERS,
        P.VIEW_PHONES,
        P.VIEW_STATS,
        P.FOLLOW_UP,
    },
    Role.TECHNICIAN: {P.RECORD_WORK, P.PRINT},
    Role.FINANCE: {P.FEE_COLLECT, P.PRINT, P.VIEW_ALL_ORDERS, P.VIEW_STATS},
    Role.MANAGER: {
        P.REGISTER,
        P.DISPATCH,
        P.REDISPATCH,
        P.RECORD_WORK,
        P.RETURN_SLIP,
        P.VISIT,
        P.CANCEL,
        P.TO_DEVELOPER,
        P.PRICE_UNLISTED,
        P.FEE_WAIVE,
        P.EDIT_CLOSED,
        P.REOPEN,
        P.PRINT,
        P.VIEW_ALL_ORDERS,
        P.VIEW_PHONES,
        P.VIEW_STATS,
        P.EXPORT_FULL,
        P.MANAGE_BASE_DATA,
        P.VIEW_AUDIT,
        P.BACKUP,
        P.FOLLOW_UP,
    },
    Role.ADMIN: {
        P.PRINT,
        P.VIEW_ALL_ORDERS,
        P.VIEW_PHONES,
        P.VIEW_STATS,
        P.MANAGE_BASE_DATA,
        P.MANAGE_SETTINGS,
        P.MANAGE_USERS,
        P.VIEW_AUDIT,
        P.BACKUP,
    },
}


def _cells() -> list[object]:
    return [
        pytest.param(role, perm, id=f"{role.value}-{perm.value}")
        for role, perm in itertools.product(Role, Perm)
    ]


def test_expected_table_names_every_role() -> None:
    assert set(EXPECTED) == set(Role) == set(MATRIX)


@pytest.mark.parametrize(("role", "perm"), _cells())
def test_cell(role: Role, perm: Perm) -> None:
    allowed = perm in EXPECTED[role]
    assert can(role, perm) is allowed
    if allowed:
        require(role, perm)
    else:
        with pytest.raises(PermissionDenied):
            require(role, perm)


def test_matrix_matches_table() -> None:
    for role in Role:
        assert set(MATRIX[role]) == EXPECTED[role], role


@pytest.mark.parametrize(
    ("perm", "only"),
    [
        (P.FEE_COLLECT, Role.FINANCE),
        (P.FEE_WAIVE, Role.MANAGER),
        (P.EDIT_CLOSED, Role.MANAGER),
        (P.REOPEN, Role.MANAGER),
        (P.EXPORT_FULL, Role.MANAGER),
        (P.MANAGE_USERS, Role.ADMIN),
        (P.MANAGE_SETTINGS, Role.ADMIN),
    ],
)
def test_exclusive_permissions(perm: Perm, only: Role) -> None:
    assert [role for role in Role if can(role, perm)] == [only]


def test_require_refuses_in_chinese() -> None:
    with pytest.raises(PermissionDenied) as info:
        require(Role.RECEPTIONIST, P.FEE_COLLECT)
    assert isinstance(info.value, UserError)
    assert str(info.value) == "“前台”无权登记收费"


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_refusal_names_role_and_permission(role: Role) -> None:
    for perm in Perm:
        if can(role, perm):
            continue
        with pytest.raises(PermissionDenied) as info:
            require(role, perm)
        message = str(info.value)
        assert role.label in message and perm.label in message and "无权" in message


def test_every_permission_has_a_distinct_chinese_label() -> None:
    assert set(PERM_LABELS) == set(Perm)
    labels = [p.label for p in Perm]
    assert all(CJK.search(label) for label in labels)
    assert len(set(labels)) == len(labels)


# --- role × action × status ---------------------------------------------------------------

#: The permission each lifecycle step needs, written out independently of ``ACTION_PERMS``.
EXPECTED_ACTION_PERMS = {
    Action.DISPATCH: P.DISPATCH,
    Action.REDISPATCH: P.REDISPATCH,
    Action.ARRIVE: P.RECORD_WORK,
    Action.COMPLETE: P.RECORD_WORK,
    Action.INCOMPLETE: P.RECORD_WORK,
    Action.RETURN_SLIP: P.RETURN_SLIP,
    Action.VISIT: P.VISIT,
    Action.VISIT_REOPEN: P.VISIT,
    Action.FOLLOW_UP_VISIT: P.VISIT,
    Action.REOPEN: P.REOPEN,
    Action.CANCEL: P.CANCEL,
    Action.TO_DEVELOPER: P.TO_DEVELOPER,
    Action.DEVELOPER_RESULT: P.TO_DEVELOPER,
    Action.ANSWER: P.REGISTER,
    Action.ANSWER_CLOSE: P.REGISTER,
    Action.INCOMPLETE_REDISPATCH: P.RECORD_WORK,
    Action.OUTSOURCE: P.DISPATCH,
    Action.OUTSOURCE_RESULT: P.RECORD_WORK,
    Action.DECLINE: P.CANCEL,
}


def test_every_action_has_its_permission() -> None:
    assert set(ACTION_PERMS) == set(Action) == set(EXPECTED_ACTION_PERMS)
    for action in Action:
        assert perm_for_action(action) is EXPECTED_ACTION_PERMS[action]
        assert perm_for_action(action.value) is EXPECTED_ACTION_PERMS[action]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("role", "frm", "action"),
    [
        pytest.param(role, frm, action, id=f"{role.value}-{frm.value}-{action.value}")
        for role in Role
        for (frm, action) in TRANSITIONS
    ],
)
def test_role_action_status_cell(role: Role, frm: Status, action: Action) -> None:
    """Each legal (status, action) step is allowed exactly to the roles holding its
    permission."""
    allowed = EXPECTED_ACTION_PERMS[action] in EXPECTED[role]
    assert can(role, perm_for_action(action)) is allowed


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
def test_editing_an_order_needs_edit_closed_once_it_is_closed(status: Status) -> None:
    expected = (
        P.REGISTER
        if status not in (Status.CLOSED, Status.DECLINED, Status.CANCELLED)
        else P.EDIT_CLOSED
    )
    assert perm_for_edit(status) is expected
    editors = {role for role in Role if can(role, perm_for_edit(status))}
    if expected is P.EDIT_CLOSED:
        assert editors == {Role.MANAGER}
    else:
        assert editors == {Role.RECEPTIONIST, Role.SUPERVISOR, Role.MANAGER}


@pytest.mark.parametrize("current", [None, *FeeStatus], ids=lambda s: getattr(s, "value", "none"))
@pytest.mark.parametrize("new", list(FeeStatus), ids=lambda s: s.value)
def test_fee_status_cells(current: FeeStatus | None, new: FeeStatus) -> None:
    """Finance sets 未收/已收/随管理费收取; a waiver — and undoing one, back to 未收 — is the
    manager's; from 减免 straight to collected needs both, so no single role may."""
    perms = set(perms_for_fee(current, new))
    if new is FeeStatus.WAIVED or (current, new) == (FeeStatus.WAIVED, FeeStatus.UNPAID):
        expected, who = {P.FEE_WAIVE}, {Role.MANAGER}
    elif current is FeeStatus.WAIVED:
        expected, who = {P.FEE_WAIVE, P.FEE_COLLECT}, set()
    else:
        expected, who = {P.FEE_COLLECT}, {Role.FINANCE}
    assert perms == expected
    assert {role for role in Role if all(can(role, p) for p in perms)} == who


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_only_technicians_are_limited_to_their_own_orders(role: Role) -> None:
    assert sees_all_orders("someone", role) is (role is not Role.TECHNICIAN)


def test_the_system_account_passes_every_check() -> None:
    for role, perm in itertools.product(Role, Perm):
        assert user_can(SYSTEM_USERNAME, role, perm)
        require_user(SYSTEM_USERNAME, role, perm)
    assert sees_all_orders(SYSTEM_USERNAME, Role.TECHNICIAN)
    with pytest.raises(PermissionDenied):
        require_user("system2", Role.TECHNICIAN, P.MANAGE_USERS)
