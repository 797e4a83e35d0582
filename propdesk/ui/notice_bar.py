"""The in-window notification strip: orders that just turned overdue, each with a link that
opens it. Hidden when empty."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from propdesk.domain.records import OrderRow
from propdesk.domain.reminders import Reminder

from .formatting import fmt_short
from .session import Session

MAX_SHOWN = 4


def reminder_text(r: Reminder) -> str:
    """``"工单 2026000012（1-1-101）到场确认电话：致电业主确认…，到期 10:15"``."""
    return f"工单 {r.number}（{r.place}）{r.kind.label}：{r.what}，到期 {r.due_at:%H:%M}"


def notice_text(row: OrderRow, now: datetime) -> str:
    kind = row.due_kind.label if row.due_kind else ""
    return (
        f"工单 {row.number}（{row.place} {row.category_name}）{kind}已超时，"
        f"时限 {fmt_short(row.due_at, now)}"
    )


class NoticeBar(QFrame):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.notices: list[OrderRow] = []
        self.reminders: list[Reminder] = []
        self.setObjectName("noticeBar")
        self.setStyleSheet(
            "#noticeBar { background: #fde2e2; border: 1px solid #d9534f; }"
            "#noticeBar QLabel { color: #8b0000; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.lines = QVBoxLayout()
        layout.addLayout(self.lines, 1)
        close = QPushButton("知道了", self)
        close.setObjectName("dismissNotices")
        close.clicked.connect(self.dismiss)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def add(self, rows: Sequence[OrderRow]) -> None:
        self.notices = list(rows) + self.notices
        self._render()

    def add_reminders(self, reminders: Sequence[Reminder]) -> None:
        self.reminders = list(reminders) + self.reminders
        self._render()

    def texts(self) -> list[str]:
        now = self.session.now()
        return [notice_text(r, now) for r in self.notices] + [
            reminder_text(r) for r in self.reminders
        ]

    def dismiss(self) -> None:
        self.notices.clear()
        self.reminders.clear()
        self._render()

    def _render(self) -> None:
        while self.lines.count():
            item = self.lines.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone now, not at the next event loop turn
                widget.deleteLater()
        now = self.session.now()
        for reminder in self.reminders[:MAX_SHOWN]:
            label = QLabel(
                f"跟进提醒：{reminder_text(reminder)}　<a href='{reminder.order_id}/"
                f"{reminder.kind.value}'>处理</a>",
                self,
            )
            label.setTextFormat(Qt.TextFormat.RichText)
            label.linkActivated.connect(self._follow_up)
            self.lines.addWidget(label)
        for row in self.notices[: max(0, MAX_SHOWN - len(self.reminders))]:
            label = QLabel(f"超时提醒：{notice_text(row, now)}　<a href='{row.id}'>查看</a>", self)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.linkActivated.connect(
                lambda link: self.session.open_order_requested.emit(int(link))
            )
            self.lines.addWidget(label)
        extra = len(self.notices) + len(self.reminders) - MAX_SHOWN
        if extra > 0:
            self.lines.addWidget(QLabel(f"另有 {extra} 条提醒，见“今日工作台”", self))
        self.setVisible(bool(self.notices or self.reminders))

    def _follow_up(self, link: str) -> None:
        order_id, kind = link.split("/", 1)
        self.session.follow_up_requested.emit(int(order_id), kind)
