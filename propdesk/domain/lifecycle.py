"""The order lifecycle of SPEC §3: one transition table, checked by ``next_status``."""

from __future__ import annotations

from enum import StrEnum

from .enums import Kind, Status
from .errors import UserError


class Action(StrEnum):
    DISPATCH = "dispatch"
    REDISPATCH = "redispatch"
    ARRIVE = "arrive"
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"
    RETURN_SLIP = "return_slip"
    VISIT = "visit"
    VISIT_REOPEN = "visit_reopen"
    FOLLOW_UP_VISIT = "follow_up_visit"
    REOPEN = "reopen"
    CANCEL = "cancel"
    TO_DEVELOPER = "to_developer"
    DEVELOPER_RESULT = "developer_result"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: dict[Action, str] = {
    Action.DISPATCH: "派工",
    Action.REDISPATCH: "改派",
    Action.ARRIVE: "到场",
    Action.COMPLETE: "完工",
    Action.INCOMPLETE: "未完成",
    Action.RETURN_SLIP: "回单",
    Action.VISIT: "回访",
    Action.VISIT_REOPEN: "回访不满意重开",
    Action.FOLLOW_UP_VISIT: "二次回访",
    Action.REOPEN: "重开",
    Action.CANCEL: "取消",
    Action.TO_DEVELOPER: "转开发商",
    Action.DEVELOPER_RESULT: "开发商处理结果",
}

S = Status
A = Action

#: (from status, action) -> to status. Anything not listed is illegal.
TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (S.PENDING, A.DISPATCH): S.DISPATCHED,
    (S.PENDING, A.CANCEL): S.CANCELLED,
    (S.PENDING, A.TO_DEVELOPER): S.DEVELOPER,
    (S.DISPATCHED, A.REDISPATCH): S.DISPATCHED,
    (S.DISPATCHED, A.ARRIVE): S.IN_PROGRESS,
    (S.DISPATCHED, A.CANCEL): S.CANCELLED,
    # 报事 handled by a department without a technician (guarded in next_status)
    (S.DISPATCHED, A.COMPLETE): S.COMPLETED,
    (S.IN_PROGRESS, A.COMPLETE): S.COMPLETED,
    (S.IN_PROGRESS, A.INCOMPLETE): S.DISPATCHED,
    (S.COMPLETED, A.RETURN_SLIP): S.TO_VISIT,
    (S.DEVELOPER, A.DEVELOPER_RESULT): S.TO_VISIT,
    (S.TO_VISIT, A.VISIT): S.CLOSED,
    (S.TO_VISIT, A.VISIT_REOPEN): S.PENDING,
    (S.CLOSED, A.FOLLOW_UP_VISIT): S.CLOSED,
    (S.CLOSED, A.REOPEN): S.PENDING,
}


def _coerce(status: Status | str, kind: Kind | str | None) -> tuple[Status, Kind | None]:
    # The database stores plain codes; accept them as well as members.
    return Status(status), (Kind(kind) if kind is not None else None)


def allowed_actions(status: Status, kind: Kind | None = None) -> list[Action]:
    """Actions legal from ``status`` (for enabling buttons)."""
    status, kind = _coerce(status, kind)
    result = []
    for (frm, action), _to in TRANSITIONS.items():
        if frm is not status:
            continue
        if (frm, action) == (S.DISPATCHED, A.COMPLETE) and kind is not Kind.MATTER:
            continue
        result.append(action)
    return result


def next_status(status: Status, action: Action, kind: Kind | None = None) -> Status:
    """The status after ``action``; ``UserError`` in Chinese when the step is not allowed."""
    status, kind = _coerce(status, kind)
    action = Action(action)
    to = TRANSITIONS.get((status, action))
    if to is None or ((status, action) == (S.DISPATCHED, A.COMPLETE) and kind is not Kind.MATTER):
        raise UserError(f"工单状态为“{status.label}”，不能执行“{action.label}”")
    return to
