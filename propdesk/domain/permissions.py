"""Who may do what: the role × action matrix enforced by the services."""

from __future__ import annotations

from enum import StrEnum

from .enums import FeeStatus, Role, Status
from .errors import PermissionDenied
from .lifecycle import Action


class Perm(StrEnum):
    REGISTER = "register"
    DISPATCH = "dispatch"
    REDISPATCH = "redispatch"
    RECORD_WORK = "record_work"  # arrival, completion, 未完成 keyed from the slip
    RETURN_SLIP = "return_slip"
    VISIT = "visit"
    CANCEL = "cancel"
    TO_DEVELOPER = "to_developer"
    PRICE_UNLISTED = "price_unlisted"
    FEE_COLLECT = "fee_collect"
    FEE_WAIVE = "fee_waive"
    EDIT_CLOSED = "edit_closed"
    REOPEN = "reopen"
    PRINT = "print"
    VIEW_ALL_ORDERS = "view_all_orders"
    VIEW_PHONES = "view_phones"
    VIEW_STATS = "view_stats"
    EXPORT_FULL = "export_full"
    MANAGE_BASE_DATA = "manage_base_data"
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    BACKUP = "backup"
    FOLLOW_UP = "follow_up"  # write the follow-up log (跟进记录); see the desk's reminders

    @property
    def label(self) -> str:
        return PERM_LABELS[self]


PERM_LABELS: dict[Perm, str] = {
    Perm.REGISTER: "登记工单",
    Perm.DISPATCH: "派工",
    Perm.REDISPATCH: "改派",
    Perm.RECORD_WORK: "录入到场/完工",
    Perm.RETURN_SLIP: "回单",
    Perm.VISIT: "回访",
    Perm.CANCEL: "取消工单",
    Perm.TO_DEVELOPER: "转开发商",
    Perm.PRICE_UNLISTED: "核定收费标准外价格",
    Perm.FEE_COLLECT: "登记收费",
    Perm.FEE_WAIVE: "减免费用",
    Perm.EDIT_CLOSED: "修改已关闭工单",
    Perm.REOPEN: "重开工单",
    Perm.PRINT: "打印派工单",
    Perm.VIEW_ALL_ORDERS: "查看全部工单",
    Perm.VIEW_PHONES: "查看完整电话",
    Perm.VIEW_STATS: "查看统计报表",
    Perm.EXPORT_FULL: "导出完整数据",
    Perm.MANAGE_BASE_DATA: "维护基础资料",
    Perm.MANAGE_SETTINGS: "修改系统设置",
    Perm.MANAGE_USERS: "管理用户",
    Perm.VIEW_AUDIT: "查看审计日志",
    Perm.BACKUP: "备份与恢复",
    Perm.FOLLOW_UP: "记录跟进",
}

R = Role
P = Perm
_FRONT = {
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
}

MATRIX: dict[Role, frozenset[Perm]] = {
    R.RECEPTIONIST: frozenset(_FRONT),
    R.SUPERVISOR: frozenset(_FRONT | {P.REDISPATCH, P.PRICE_UNLISTED, P.VIEW_STATS}),
    R.TECHNICIAN: frozenset({P.RECORD_WORK, P.PRINT}),
    R.FINANCE: frozenset({P.FEE_COLLECT, P.VIEW_ALL_ORDERS, P.VIEW_STATS, P.PRINT}),
    R.MANAGER: frozenset(
        _FRONT
        | {
            P.REDISPATCH,
            P.PRICE_UNLISTED,
            P.FEE_WAIVE,
            P.EDIT_CLOSED,
            P.REOPEN,
            P.VIEW_STATS,
            P.EXPORT_FULL,
            P.MANAGE_BASE_DATA,
            P.VIEW_AUDIT,
            P.BACKUP,
        }
    ),
    R.ADMIN: frozenset(
        {
            P.VIEW_ALL_ORDERS,
            P.VIEW_PHONES,
            P.VIEW_STATS,
            P.MANAGE_BASE_DATA,
            P.MANAGE_SETTINGS,
            P.MANAGE_USERS,
            P.VIEW_AUDIT,
            P.BACKUP,
            P.PRINT,
        }
    ),
}


#: The permission each lifecycle step needs (the role × action part of the matrix).
ACTION_PERMS: dict[Action, Perm] = {
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


def perm_for_action(action: Action) -> Perm:
    return ACTION_PERMS[Action(action)]


def perm_for_edit(status: Status) -> Perm:
    """Correcting an order's intake fields: anyone who registers while it is open; once closed
    or cancelled only whoever may edit closed orders (经理)."""
    return P.REGISTER if Status(status).is_open else P.EDIT_CLOSED


def perms_for_fee(current: FeeStatus | None, new: FeeStatus) -> tuple[Perm, ...]:
    """The permissions (all of them) setting a fee status needs. 减免 — and undoing one, back
    to 未收 — is the manager's; 未收/已收/随管理费收取 are finance's. Going from 减免 straight to
    collected needs both: the manager undoes the waiver, then finance collects."""
    new = FeeStatus(new)
    if new is FeeStatus.WAIVED:
        return (P.FEE_WAIVE,)
    if current is FeeStatus.WAIVED:
        return (P.FEE_WAIVE,) if new is FeeStatus.UNPAID else (P.FEE_WAIVE, P.FEE_COLLECT)
    return (P.FEE_COLLECT,)


def sees_all_orders(username: str, role: Role) -> bool:
    """False for roles that see only the orders dispatched to their own staff record
    (维修工)."""
    return user_can(username, role, P.VIEW_ALL_ORDERS)


def can(role: Role, perm: Perm) -> bool:
    return perm in MATRIX[role]


def require(role: Role, perm: Perm) -> None:
    """``PermissionDenied`` in Chinese unless ``role`` holds ``perm``."""
    if not can(role, perm):
        raise PermissionDenied(f"“{role.label}”无权{perm.label}")


#: The built-in account the command line acts as by default; it may do everything.
SYSTEM_USERNAME = "system"


def user_can(username: str, role: Role, perm: Perm) -> bool:
    return username == SYSTEM_USERNAME or can(role, perm)


def require_user(username: str, role: Role, perm: Perm) -> None:
    """Like ``require`` but the built-in system account passes every check."""
    if username != SYSTEM_USERNAME:
        require(role, perm)
