"""The follow-up log (跟进记录): every contact the desk makes or takes about an order — the
confirmation call after dispatch, chasing the technician, escalation, the owner calling to
ask, the answer given, a complaint's 整改方案 — with an optional agreed next contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .enums import LabeledEnum

_KIND_LABELS = {
    "call_owner": "致电业主",
    "call_staff": "联系维修工",
    "chase": "催办",
    "escalate": "上报主管",
    "owner_called": "业主来电催问",
    "answer": "答复",
    "plan": "整改方案",
    "other": "其他",
}

_RESULT_LABELS = {
    "arrived": "已到场",
    "not_arrived": "未到场",
    "solved": "已解决",
    "no_answer": "未接通",
}


class NoteKind(LabeledEnum):
    CALL_OWNER = "call_owner"
    CALL_STAFF = "call_staff"
    CHASE = "chase"
    ESCALATE = "escalate"
    OWNER_CALLED = "owner_called"
    ANSWER = "answer"
    PLAN = "plan"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self.value]

    @property
    def takes_result(self) -> bool:
        """A call or a chase has an outcome (已到场/未到场/已解决/未接通); a report upwards, a
        plan or a remark has none."""
        return self in _WITH_RESULT


_WITH_RESULT = frozenset(
    {
        NoteKind.CALL_OWNER,
        NoteKind.CALL_STAFF,
        NoteKind.CHASE,
        NoteKind.OWNER_CALLED,
        NoteKind.ANSWER,
    }
)

#: Contacts with the owner (or complainant): they count as contacting the caller.
OWNER_CONTACTS = frozenset({NoteKind.CALL_OWNER, NoteKind.ANSWER})
#: Contacts with the technician's side: they count as chasing.
CHASES = frozenset({NoteKind.CHASE, NoteKind.CALL_STAFF, NoteKind.ESCALATE})


class NoteResult(LabeledEnum):
    ARRIVED = "arrived"
    NOT_ARRIVED = "not_arrived"
    SOLVED = "solved"
    NO_ANSWER = "no_answer"

    @property
    def label(self) -> str:
        return _RESULT_LABELS[self.value]


@dataclass(frozen=True)
class FollowUpRecord:
    """One line of an order's follow-up log."""

    id: int
    order_id: int
    at: datetime
    user_name: str
    kind: NoteKind
    text: str
    result: NoteResult | None = None
    next_at: datetime | None = None

    def summary(self) -> str:
        """``"致电业主·未到场：师傅堵车（约定回电 11-05 10:30）"``: one line for timelines."""
        head = self.kind.label + (f"·{self.result.label}" if self.result else "")
        tail = f"（约定回电 {self.next_at:%m-%d %H:%M}）" if self.next_at else ""
        return f"{head}：{self.text}{tail}"


@dataclass
class NoteInput:
    """What the note dialog (or ``order note``) gives; the service validates it."""

    kind: NoteKind
    text: str
    result: NoteResult | None = None
    next_at: datetime | None = None
    at: datetime | None = None  # when the contact happened (default now)
