"""统计报表: a month picker and the month's order counts, each one ``registers.count`` of a
filter over orders received in that month (so every figure is reproducible in SQL)."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.enums import Kind, Status
from propdesk.domain.filters import OrderFilter
from propdesk.domain.records import Changes

from ..session import Session
from .base import TabPage


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    narrow: OrderFilter  # fields added to the month filter


FIGURES: tuple[Figure, ...] = (
    Figure("received", "本月受理", OrderFilter()),
    Figure("repair", "报修", OrderFilter(kind=Kind.REPAIR)),
    Figure("matter", "报事", OrderFilter(kind=Kind.MATTER)),
    Figure("closed", "已关闭（已回访）", OrderFilter(statuses=(Status.CLOSED,))),
    Figure("to_visit", "待回访", OrderFilter(statuses=(Status.TO_VISIT,))),
    Figure("open", "未完结", OrderFilter(open_only=True)),
    Figure("overdue", "当前超时", OrderFilter(overdue=True)),
    Figure("cancelled", "已取消", OrderFilter(statuses=(Status.CANCELLED,))),
    Figure("paid", "有偿服务", OrderFilter(paid_only=True)),
)


def month_filter(month: date, narrow: OrderFilter) -> OrderFilter:
    first = month.replace(day=1)
    last = first.replace(day=monthrange(first.year, first.month)[1])
    return replace(narrow, date_from=first, date_to=last)


class StatsTab(TabPage):
    title = "统计报表"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("统计月份", self))
        today = session.now().date()
        self.month = QDateEdit(QDate(today.year, today.month, 1), self)
        self.month.setObjectName("statsMonth")
        self.month.setDisplayFormat("yyyy年MM月")
        self.month.setCalendarPopup(True)
        top.addWidget(self.month)
        refresh = QPushButton("刷新", self)
        refresh.clicked.connect(self.reload)
        top.addWidget(refresh)
        top.addStretch(1)
        layout.addLayout(top)
        self.caption = QLabel(self)
        layout.addWidget(self.caption)

        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        for i, figure in enumerate(FIGURES):
            card = QFrame(self)
            card.setFrameShape(QFrame.Shape.StyledPanel)
            card.setStyleSheet("QFrame { background: #f7f9fc; border: 1px solid #d5dde8; }")
            card_layout = QVBoxLayout(card)
            title = QLabel(figure.title, card)
            title.setStyleSheet("border: none; color: #555;")
            value = QLabel("0", card)
            value.setObjectName(f"figure_{figure.key}")
            value.setStyleSheet("border: none; font-size: 22pt; font-weight: bold;")
            card_layout.addWidget(title)
            card_layout.addWidget(value)
            grid.addWidget(card, i // 3, i % 3)
            self.values[figure.key] = value
        layout.addLayout(grid)
        layout.addStretch(1)
        self.month.dateChanged.connect(lambda _d: self.reload())

    def wants(self, changes: Changes) -> bool:
        return bool(changes.order_ids)

    def selected_month(self) -> date:
        d = self.month.date()
        return date(d.year(), d.month(), 1)

    def reload(self) -> None:
        month = self.selected_month()
        regs = self.session.services.registers
        for figure in FIGURES:
            count = regs.count(month_filter(month, figure.narrow))
            self.values[figure.key].setText(str(count))
        self.caption.setText(f"{month:%Y年%m月}受理的工单（按受理时间统计；“当前超时”按此刻计算）")
