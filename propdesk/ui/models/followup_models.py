"""Tables of the follow-up loop: an order's timeline with its follow-up notes woven in, its
follow-up log, and the 待跟进 list of reminders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from propdesk.domain.deadlines import TimeRules
from propdesk.domain.followup import FollowUpRecord
from propdesk.domain.records import OrderEvent
from propdesk.domain.reminders import Reminder

from ..formatting import fmt_dt
from .record_model import OVERDUE_BG, OVERDUE_FG, Column, RecordTableModel

NOTE_FG = QColor("#1f4e99")


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the order's 进度: a step of the lifecycle or a follow-up note."""

    at: datetime
    step: str
    user_name: str
    status: str
    text: str
    is_note: bool = False


def _note_text(n: FollowUpRecord) -> str:
    result = f"【{n.result.label}】" if n.result else ""
    back = f"（约定回电 {n.next_at:%m-%d %H:%M}）" if n.next_at else ""
    return f"{result}{n.text}{back}"


def timeline(events: Sequence[OrderEvent], notes: Sequence[FollowUpRecord]) -> list[TimelineEntry]:
    """Steps and notes in time order (a step before a note written the same second)."""
    steps = [
        TimelineEntry(e.at, e.action_label, e.user_name, e.to_status.label, e.note) for e in events
    ]
    calls = [
        TimelineEntry(
            n.at,
            f"跟进·{n.kind.label}",
            n.user_name,
            "",
            _note_text(n),
            True,
        )
        for n in notes
    ]
    return sorted(steps + calls, key=lambda t: (t.at, t.is_note))


TIMELINE_COLUMNS: list[Column[TimelineEntry]] = [
    Column("时间", lambda t: t.at, lambda t: fmt_dt(t.at), width=130),
    Column("步骤", lambda t: t.step, width=110),
    Column("经办人", lambda t: t.user_name, width=80),
    Column("状态", lambda t: t.status, width=70),
    Column("说明", lambda t: t.text, width=320),
]

NOTE_COLUMNS: list[Column[FollowUpRecord]] = [
    Column("时间", lambda n: n.at, lambda n: fmt_dt(n.at), width=130),
    Column("方式", lambda n: n.kind.label, width=90),
    Column("结果", lambda n: n.result.label if n.result else "", width=60),
    Column("内容", lambda n: n.text, width=300),
    Column("约定回电", lambda n: n.next_at, lambda n: fmt_dt(n.next_at), width=130),
    Column("记录人", lambda n: n.user_name, width=80),
]


class TimelineModel(RecordTableModel[TimelineEntry]):
    def row_colours(self, record: TimelineEntry) -> tuple[QColor, QColor] | None:
        return (QColor("#eef3fb"), NOTE_FG) if record.is_note else None


def timeline_model(parent: QObject | None = None) -> TimelineModel:
    return TimelineModel(TIMELINE_COLUMNS, parent=parent)


def notes_model(parent: QObject | None = None) -> RecordTableModel[FollowUpRecord]:
    return RecordTableModel(NOTE_COLUMNS, parent=parent)


class RemindersModel(RecordTableModel[Reminder]):
    """The 待跟进 list: red once a reminder is ``reminder_red_minutes`` past due."""

    def __init__(self, now: datetime, rules: TimeRules, parent: QObject | None = None) -> None:
        self.now = now
        self.rules = rules
        columns: list[Column[Reminder]] = [
            Column("到期", lambda r: r.due_at, lambda r: fmt_dt(r.due_at), width=120),
            Column(
                "迟", lambda r: r.late_minutes(self.now), lambda r: r.late_text(self.now), width=100
            ),
            Column("工单", lambda r: r.number, width=90),
            Column("房号/位置", lambda r: r.place, width=90),
            Column("事项", lambda r: r.kind.label, width=90),
            Column("要做什么", lambda r: r.what, width=320),
        ]
        super().__init__(columns, parent=parent)

    def set_clock(self, now: datetime, rules: TimeRules | None = None) -> None:
        self.now = now
        if rules is not None:
            self.rules = rules
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def row_colours(self, record: Reminder) -> tuple[QColor, QColor] | None:
        return (OVERDUE_BG, OVERDUE_FG) if record.is_overdue(self.now, self.rules) else None
