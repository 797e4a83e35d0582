"""The role × permission matrix, cell by cell against a table written out here."""

from __future__ import annotations

import itertools
import re

import pytest

from propdesk.domain.enums import Role
from propdesk.domain.errors import PermissionDenied, UserError
from propdesk.domain.permissions import MATRIX, PERM_LABELS, Perm, can, require

P = Perm
CJK = re.compile(r"[\u4e00-\u9fff]")

#: SPEC §1 and §6 spelled out. Receptionists register, dispatch, print, key in the returned slip,
#: return slips and call back; supervisors also re-assign and price unlisted work; technicians
#: mostly work on paper; only finance marks money collected; only the manager waives fees,
#: edits closed orders and reopens them; the manager manages staff, settings and users.
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
        P.MANAGE_SETTINGS,
        P.MANAGE_USERS,
        P.VIEW_AUDIT,
        P.BACKUP,
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

#: Cells where the matrix disagrees with SPEC §1 ("经理 … manages staff, settings and users").
#: Strict: when permissions.py is fixed these turn into failures, so the marker goes too.
KNOWN_GAPS = {(Role.MANAGER, P.MANAGE_SETTINGS), (Role.MANAGER, P.MANAGE_USERS)}


def _cells() -> list[object]:
    cells: list[object] = []
    for role, perm in itertools.product(Role, Perm):
        marks = []
        if (role, perm) in KNOWN_GAPS:
            marks.append(
                pytest.mark.xfail(strict=True, reason="SPEC §1: the manager manages settings/users")
            )
        cells.append(pytest.param(role, perm, marks=marks, id=f"{role.value}-{perm.value}"))
    return cells


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


def test_matrix_matches_table_apart_from_known_gaps() -> None:
    for role in Role:
        gaps = {perm for r, perm in KNOWN_GAPS if r is role}
        assert set(MATRIX[role]) ^ EXPECTED[role] <= gaps, role


@pytest.mark.parametrize(
    ("perm", "only"),
    [
        (P.FEE_COLLECT, Role.FINANCE),
        (P.FEE_WAIVE, Role.MANAGER),
        (P.EDIT_CLOSED, Role.MANAGER),
        (P.REOPEN, Role.MANAGER),
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
