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
    ANSWER = "answer"
    ANSWER_CLOSE = "answer_close"
    INCOMPLETE_REDISPATCH = "incomplete_redispatch"
    OUTSOURCE = "outsource"
    OUTSOURCE_RESULT = "outsource_result"
    DECLINE = "decline"

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
    Action.ANSWER: "当场答复",
    Action.ANSWER_CLOSE: "当场答复并关闭",
    Action.INCOMPLETE_REDISPATCH: "未完成并重新派工",
    Action.OUTSOURCE: "委外",
    Action.OUTSOURCE_RESULT: "委外结果",
    Action.DECLINE: "业主拒绝备案",
}

S = Status
A = Action

#: (from status, action) -> to status. Anything not listed is illegal.
TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (S.PENDING, A.DISPATCH): S.DISPATCHED,
    (S.PENDING, A.CANCEL): S.CANCELLED,
    (S.PENDING, A.TO_DEVELOPER): S.DEVELOPER,
    (S.PENDING, A.DECLINE): S.DECLINED,
    # 报事 answered at the desk (guarded in next_status): no dispatch, no slip
    (S.PENDING, A.ANSWER): S.TO_VISIT,
    (S.PENDING, A.ANSWER_CLOSE): S.CLOSED,
    (S.DISPATCHED, A.REDISPATCH): S.DISPATCHED,
    (S.DISPATCHED, A.ARRIVE): S.IN_PROGRESS,
    (S.DISPATCHED, A.CANCEL): S.CANCELLED,
    (S.DISPATCHED, A.TO_DEVELOPER): S.DEVELOPER,
    (S.DISPATCHED, A.OUTSOURCE): S.OUTSOURCED,
    (S.DISPATCHED, A.DECLINE): S.DECLINED,
    # 报事 handled by a department without a technician (guarded in next_status)
    (S.DISPATCHED, A.COMPLETE): S.COMPLETED,
    (S.IN_PROGRESS, A.COMPLETE): S.COMPLETED,
    # 未完成 waits for the owner's new time (seed 000 §3.6.2), or goes out again at once
    (S.IN_PROGRESS, A.INCOMPLETE): S.PENDING,
    (S.IN_PROGRESS, A.INCOMPLETE_REDISPATCH): S.DISPATCHED,
    (S.IN_PROGRESS, A.TO_DEVELOPER): S.DEVELOPER,
    (S.IN_PROGRESS, A.OUTSOURCE): S.OUTSOURCED,
    (S.IN_PROGRESS, A.DECLINE): S.DECLINED,
    (S.OUTSOURCED, A.OUTSOURCE_RESULT): S.COMPLETED,
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


#: Steps only a 报事 may take: completed by a department without an arrival, or answered at
#: the desk.
MATTER_ONLY: frozenset[tuple[Status, Action]] = frozenset(
    {(S.DISPATCHED, A.COMPLETE), (S.PENDING, A.ANSWER), (S.PENDING, A.ANSWER_CLOSE)}
)


def _legal(status: Status, action: Action, kind: Kind | None) -> bool:
    return (status, action) in TRANSITIONS and (
        (status, action) not in MATTER_ONLY or kind is Kind.MATTER
    )


def allowed_actions(status: Status, kind: Kind | None = None) -> list[Action]:
    """Actions legal from ``status`` (for enabling buttons)."""
    status, kind = _coerce(status, kind)
    return [a for (frm, a) in TRANSITIONS if frm is status and _legal(status, a, kind)]


def next_status(
    status: Status, action: Action, kind: Kind | None = None, *, slip_printed: bool = True
) -> Status:
    """The status after ``action``; ``UserError`` in Chinese when the step is not allowed.

    回单 applies only to orders that had a slip printed: a 报事 completed without one (a
    department reported back by phone, seed 000 §4.4) goes straight to 待回访."""
    status, kind = _coerce(status, kind)
    action = Action(action)
    if not _legal(status, action, kind):
        raise UserError(f"工单状态为“{status.label}”，不能执行“{action.label}”")
    to = TRANSITIONS[(status, action)]
    if to is S.COMPLETED and kind is Kind.MATTER and not slip_printed:
        return S.TO_VISIT
    return to
