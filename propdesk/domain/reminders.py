"""What the desk must do next about an order, and when: the follow-up rules of SPEC §3a as
one pure function of (the order, its follow-up log, the office's rules, ``now``).

Each rule is a small function ``(OrderFacts, notes, rules) -> reminders``; ``RULES`` lists
them, so a new rule (a second visit, a price waiting for approval) plugs in by adding one.
A reminder is *due* from ``due_at`` on (shown on the today board and by ``propdesk
reminders``) and *overdue* (red) once ``reminder_red_minutes`` have passed without the step
that clears it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .deadlines import TimeRules, dispatch_deadline, escalation_time, visit_deadline
from .enums import Kind, LabeledEnum, MatterType, Role, Status
from .followup import CHASES, OWNER_CONTACTS, FollowUpRecord, NoteKind, NoteResult

_KIND_LABELS = {
    "escalate_dispatch": "上报工程主管",
    "dispatch_overdue": "待派工超时",
    "confirm_call": "到场确认电话",
    "recall": "再次确认电话",
    "chase": "催办",
    "escalated": "无反馈上报",
    "call_back": "约定回电",
    "complaint_contact": "投诉联系",
    "complaint_plan": "整改方案",
    "visit": "回访",
}


class ReminderKind(LabeledEnum):
    ESCALATE_DISPATCH = "escalate_dispatch"
    DISPATCH_OVERDUE = "dispatch_overdue"
    CONFIRM_CALL = "confirm_call"
    RECALL = "recall"
    CHASE = "chase"
    ESCALATED = "escalated"
    CALL_BACK = "call_back"
    COMPLAINT_CONTACT = "complaint_contact"
    COMPLAINT_PLAN = "complaint_plan"
    VISIT = "visit"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self.value]


DESK = frozenset({Role.RECEPTIONIST})
SUPERVISOR = frozenset({Role.SUPERVISOR})
SUPERVISOR_AND_MANAGER = frozenset({Role.SUPERVISOR, Role.MANAGER})


@dataclass(frozen=True)
class Reminder:
    order_id: int
    number: str
    kind: ReminderKind
    due_at: datetime
    todo: str  # what to do, in words
    roles: frozenset[Role]
    place: str = ""
    escalated: bool = False  # 升级: a repeated complaint

    def late_minutes(self, now: datetime) -> int:
        """Whole minutes past ``due_at`` (0 when not yet due)."""
        return max(0, int((now - self.due_at).total_seconds() // 60))

    def late_text(self, now: datetime) -> str:
        """``"未到期"``, ``"到期"``, ``"迟 12分钟"``, ``"迟 2小时5分"``, ``"迟 3天4小时"``."""
        if self.due_at > now:
            return "未到期"
        minutes = self.late_minutes(now)
        days, rest = divmod(minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        if days:
            return f"迟 {days}天{hours}小时"
        if hours:
            return f"迟 {hours}小时{minutes}分"
        return f"迟 {minutes}分钟" if minutes else "到期"

    def is_due(self, now: datetime) -> bool:
        return self.due_at <= now

    def is_overdue(self, now: datetime, rules: TimeRules) -> bool:
        return now >= self.due_at + timedelta(minutes=rules.reminder_red_minutes)

    def for_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def what(self) -> str:
        """What to do, in words, flagged 【升级】 for a repeated complaint."""
        return ("【升级】" if self.escalated else "") + self.todo


@dataclass(frozen=True)
class OrderFacts:
    """What the rules read of an order (its latest dispatch's times are the order's), plus
    what the service worked out around it."""

    id: int
    number: str
    place: str
    kind: Kind
    matter_type: MatterType | None
    status: Status
    received_at: datetime
    status_since: datetime
    dispatched_at: datetime | None = None
    arrive_due_at: datetime | None = None  # None: nobody is to arrive (咨询建议)
    arrived_at: datetime | None = None
    completed_at: datetime | None = None
    #: 升级: a complaint with an earlier one from the same caller phone or unit in the window
    repeat_complaint: bool = False

    @property
    def is_complaint(self) -> bool:
        return self.kind is Kind.MATTER and self.matter_type is MatterType.COMPLAINT


def is_repeat_complaint(
    received_at: datetime, earlier: Iterable[datetime], rules: TimeRules
) -> bool:
    """A complaint is 升级 when another complaint from the same caller phone or unit was
    received within ``complaint_repeat_days`` before it."""
    since = received_at - timedelta(days=rules.complaint_repeat_days)
    return any(since <= t < received_at for t in earlier)


def _after(notes: Sequence[FollowUpRecord], t: datetime) -> list[FollowUpRecord]:
    return [n for n in notes if n.at >= t]


Rule = Callable[[OrderFacts, Sequence[FollowUpRecord], TimeRules], Iterable[Reminder]]


def _make(
    facts: OrderFacts,
    kind: ReminderKind,
    due_at: datetime,
    todo: str,
    roles: frozenset[Role],
) -> Reminder:
    o = facts
    if o.repeat_complaint:
        roles = roles | {Role.MANAGER}
    return Reminder(o.id, o.number, kind, due_at, todo, roles, o.place, o.repeat_complaint)


def undispatched(
    facts: OrderFacts, notes: Sequence[FollowUpRecord], rules: TimeRules
) -> Iterable[Reminder]:
    """待派工 beyond the dispatch limit: the desk reports to the 工程主管 (cleared by an
    上报主管 note), and the order stays on the 工程主管's list until dispatched."""
    o = facts
    if o.status is not Status.PENDING:
        return
    since = o.status_since
    due = dispatch_deadline(since, rules)
    if not any(n.kind is NoteKind.ESCALATE for n in _after(notes, since)):
        yield _make(
            facts,
            ReminderKind.ESCALATE_DISPATCH,
            due,
            f"超过{rules.dispatch_minutes}分钟无人派工，跟催工程主管派工",
            DESK,
        )
    yield _make(facts, ReminderKind.DISPATCH_OVERDUE, due, "待派工已超时，请安排派工", SUPERVISOR)


def after_dispatch(
    facts: OrderFacts, notes: Sequence[FollowUpRecord], rules: TimeRules
) -> Iterable[Reminder]:
    """到场确认电话 at dispatch + ``first_call_minutes``, cleared by a 致电业主 note that got
    through; 未接通 or 未到场 makes the next call due ``first_call_minutes`` after it, and 未到场
    makes a 催办 due at once (cleared by chasing or a recorded arrival). No arrival,
    completion nor note by dispatch + ``escalate_minutes``: the desk chases and the order
    shows as escalated to the 工程主管 and the manager."""
    o = facts
    dispatched = o.dispatched_at
    if o.status not in (Status.DISPATCHED, Status.IN_PROGRESS) or dispatched is None:
        return
    since = _after(notes, dispatched)
    calls = [n for n in since if n.kind is NoteKind.CALL_OWNER]
    arrived = o.arrived_at is not None
    if o.arrive_due_at is not None:
        if not calls:
            yield _make(
                facts,
                ReminderKind.CONFIRM_CALL,
                dispatched + timedelta(minutes=rules.first_call_minutes),
                "致电业主确认维修人员是否到场",
                DESK,
            )
        else:
            last = calls[-1]
            if last.result in (NoteResult.NOT_ARRIVED, NoteResult.NO_ANSWER) and not arrived:
                yield _make(
                    facts,
                    ReminderKind.RECALL,
                    last.at + timedelta(minutes=rules.first_call_minutes),
                    "再次致电业主确认到场",
                    DESK,
                )
            if last.result is NoteResult.NOT_ARRIVED and not arrived:
                chased = any(n.kind in CHASES for n in _after(notes, last.at) if n is not last)
                if not chased:
                    yield _make(
                        facts,
                        ReminderKind.CHASE,
                        last.at,
                        "维修人员未到场：向工程部落实到场时间并致歉",
                        DESK,
                    )
    if o.status is Status.DISPATCHED and not since:
        due = escalation_time(dispatched, rules)
        hours = _duration(rules.escalate_minutes)
        yield _make(facts, ReminderKind.CHASE, due, f"派工{hours}无反馈：向派工班组长催办", DESK)
        yield _make(
            facts,
            ReminderKind.ESCALATED,
            due,
            f"派工{hours}无反馈（已上报），请跟进",
            SUPERVISOR_AND_MANAGER,
        )


def call_back(
    facts: OrderFacts, notes: Sequence[FollowUpRecord], rules: TimeRules
) -> Iterable[Reminder]:
    """The latest note's agreed next contact falls due at that time (cleared by any later
    note). Only while the order is open."""
    if not facts.status.is_open or not notes:
        return
    last = notes[-1]
    if last.next_at is not None:
        yield _make(facts, ReminderKind.CALL_BACK, last.next_at, f"按约定回电：{last.text}", DESK)


def complaint(
    facts: OrderFacts, notes: Sequence[FollowUpRecord], rules: TimeRules
) -> Iterable[Reminder]:
    """投诉: contact the complainant and submit a 整改方案 within ``complaint_contact_hours``
    of receiving it (a repeated complaint goes to the manager as well)."""
    o = facts
    if not o.is_complaint or not o.status.is_open:
        return
    due = o.received_at + timedelta(hours=rules.complaint_contact_hours)
    if not any(n.kind in OWNER_CONTACTS for n in notes):
        yield _make(
            facts,
            ReminderKind.COMPLAINT_CONTACT,
            due,
            f"{rules.complaint_contact_hours}小时内联系投诉人核实情况",
            DESK,
        )
    if o.completed_at is None and not any(n.kind is NoteKind.PLAN for n in notes):
        yield _make(facts, ReminderKind.COMPLAINT_PLAN, due, "提交整改方案", DESK)


def visit_due(
    facts: OrderFacts, notes: Sequence[FollowUpRecord], rules: TimeRules
) -> Iterable[Reminder]:
    """待回访: the return visit falls due at the end of the visit rule."""
    o = facts
    if o.status is not Status.TO_VISIT:
        return
    base = o.completed_at or o.status_since
    who = "投诉人确认整改结果" if facts.is_complaint else "业主了解满意度"
    yield _make(facts, ReminderKind.VISIT, visit_deadline(base, rules), f"回访{who}", DESK)


RULES: tuple[Rule, ...] = (undispatched, after_dispatch, call_back, complaint, visit_due)


def reminders(
    facts: OrderFacts,
    notes: Sequence[FollowUpRecord],
    rules: TimeRules,
    now: datetime,
    *,
    upcoming: bool = False,
) -> list[Reminder]:
    """The order's reminders due at ``now`` (with ``upcoming``: also those due later), in
    due order. ``notes`` in time order."""
    ordered = sorted(notes, key=lambda n: (n.at, n.id))
    out = [r for rule in RULES for r in rule(facts, ordered, rules)]
    if not upcoming:
        out = [r for r in out if r.is_due(now)]
    return sorted(out, key=lambda r: (r.due_at, r.number, r.kind.value))


def _duration(minutes: int) -> str:
    if minutes % 60 == 0:
        return f"{minutes // 60}小时"
    return f"{minutes}分钟"
