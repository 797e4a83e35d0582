"""The in-window notification strip: orders that just turned overdue, each with a link that
opens it. Hidden when empty."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from propdesk.domain.records import OrderRow

from .formatting import fmt_short
from .session import Session

MAX_SHOWN = 4


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

    def texts(self) -> list[str]:
        now = self.session.now()
        return [notice_text(r, now) for r in self.notices]

    def dismiss(self) -> None:
        self.notices.clear()
        self._render()

    def _render(self) -> None:
        while self.lines.count():
            item = self.lines.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone now, not at the next event loop turn
                widget.deleteLater()
        now = self.session.now()
        for row in self.notices[:MAX_SHOWN]:
            label = QLabel(f"超时提醒：{notice_text(row, now)}　<a href='{row.id}'>查看</a>", self)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.linkActivated.connect(
                lambda link: self.session.open_order_requested.emit(int(link))
            )
            self.lines.addWidget(label)
        extra = len(self.notices) - MAX_SHOWN
        if extra > 0:
            self.lines.addWidget(QLabel(f"另有 {extra} 张工单超时，见“今日工作台”", self))
        self.setVisible(bool(self.notices))
