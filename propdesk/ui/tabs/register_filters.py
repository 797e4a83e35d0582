"""The register's filter bar: date range, status, kind, category, department, technician,
urgency, overdue and a search box. Emits ``changed``; ``order_filter()`` reads it."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from propdesk.domain.enums import Kind, Status
from propdesk.domain.filters import OrderFilter
from propdesk.services.reference import ReferenceService

from ..widgets.combos import fill
from ..widgets.search_box import SearchBox

ALL = "全部"
OPEN = "open"
RANGES = (
    ("全部日期", "all"),
    ("今天", "today"),
    ("近7天", "week"),
    ("本月", "month"),
    ("上月", "last_month"),
    ("自定义", "custom"),
)


def date_range(key: str, today: date) -> tuple[date | None, date | None]:
    if key == "today":
        return today, today
    if key == "week":
        return today - timedelta(days=6), today
    if key == "month":
        return today.replace(day=1), today
    if key == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    return None, None


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class RegisterFilters(QWidget):
    changed = Signal()

    def __init__(
        self, reference: ReferenceService, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.reference = reference
        self.today = today
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)

        self.range = QComboBox(self)
        fill(self.range, list(RANGES))
        self.date_from = QDateEdit(_qdate(today.replace(day=1)), self)
        self.date_to = QDateEdit(_qdate(today), self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.status = QComboBox(self)
        self.status.setObjectName("statusFilter")
        fill(self.status, [(ALL, None), ("未完结", OPEN)] + [(s.label, s.value) for s in Status])
        self.kind = QComboBox(self)
        fill(self.kind, [(ALL, None)] + [(k.label, k.value) for k in Kind])
        self.urgency = QComboBox(self)
        self.overdue = QCheckBox("只看超时", self)
        self.overdue.setObjectName("overdueFilter")
        self.category = QComboBox(self)
        self.department = QComboBox(self)
        self.staff = QComboBox(self)
        self.search = SearchBox("搜索 编号/房号/姓名/电话/描述", self)
        self.search.setObjectName("search")
        self.search.setMinimumWidth(220)
        reset = QPushButton("清除筛选", self)
        self.load_choices()

        row = [
            (QLabel("受理日期"), self.range),
            (None, self.date_from),
            (QLabel("至"), self.date_to),
            (QLabel("状态"), self.status),
            (QLabel("类型"), self.kind),
            (QLabel("紧急"), self.urgency),
            (None, self.overdue),
        ]
        col = 0
        for label, widget in row:
            if label is not None:
                grid.addWidget(label, 0, col)
                col += 1
            grid.addWidget(widget, 0, col)
            col += 1
        row2 = [
            (QLabel("类别"), self.category),
            (QLabel("部门"), self.department),
            (QLabel("维修人员"), self.staff),
        ]
        col2 = 0
        for label, widget in row2:
            grid.addWidget(label, 1, col2)
            grid.addWidget(widget, 1, col2 + 1)
            col2 += 2
        grid.addWidget(self.search, 1, col2, 1, col - col2 - 1)
        grid.addWidget(reset, 1, col - 1)
        grid.setColumnStretch(col, 1)

        self.search.search.connect(lambda _t: self.changed.emit())
        self.range.currentIndexChanged.connect(self._range_changed)
        for combo in (
            self.status,
            self.kind,
            self.urgency,
            self.category,
            self.department,
            self.staff,
        ):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.date_from.dateChanged.connect(lambda _d: self.changed.emit())
        self.date_to.dateChanged.connect(lambda _d: self.changed.emit())
        self.overdue.toggled.connect(lambda _c: self.changed.emit())
        reset.clicked.connect(self.reset)

    def load_choices(self) -> None:
        """(Re)fill the reference-data combos, keeping the current choices."""
        ref = self.reference
        fill(self.urgency, [(ALL, None)] + [(u.name, u.id) for u in ref.urgencies()])
        fill(
            self.category,
            [(ALL, None)]
            + [(("　" if c.parent_id else "") + c.name, c.id) for c in ref.categories()],
        )
        fill(self.department, [(ALL, None)] + [(d.name, d.id) for d in ref.departments()])
        fill(self.staff, [(ALL, None)] + [(s.name, s.id) for s in ref.staff(active_only=False)])

    def flush_search(self) -> None:
        """Run a search still waiting for the typing pause (Down into the results)."""
        if self.search.timer.isActive():
            self.search.search_now()

    def _range_changed(self) -> None:
        key = self.range.currentData()
        custom = key == "custom"
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        if not custom:
            start, end = date_range(key, self.today)
            for edit, value in ((self.date_from, start), (self.date_to, end)):
                if value is not None:
                    edit.blockSignals(True)
                    edit.setDate(_qdate(value))
                    edit.blockSignals(False)
        self.changed.emit()

    def reset(self) -> None:
        widgets = (
            self.range,
            self.status,
            self.kind,
            self.urgency,
            self.category,
            self.department,
            self.staff,
        )
        for w in widgets:
            w.blockSignals(True)
            w.setCurrentIndex(0)
            w.blockSignals(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        for w in (self.overdue, self.search):
            w.blockSignals(True)
        self.overdue.setChecked(False)
        self.search.clear()
        for w in (self.overdue, self.search):
            w.blockSignals(False)
        self.changed.emit()

    def order_filter(self) -> OrderFilter:
        key = self.range.currentData()
        if key == "custom":
            start: date | None = _pydate(self.date_from.date())
            end: date | None = _pydate(self.date_to.date())
        else:
            start, end = date_range(key, self.today)
        status = self.status.currentData()
        kind = self.kind.currentData()
        return OrderFilter(
            date_from=start,
            date_to=end,
            statuses=(Status(status),) if status not in (None, OPEN) else (),
            open_only=status == OPEN,
            kind=Kind(kind) if kind else None,
            category_id=self.category.currentData(),
            department_id=self.department.currentData(),
            staff_id=self.staff.currentData(),
            urgency_id=self.urgency.currentData(),
            overdue=self.overdue.isChecked(),
            search=self.search.text().strip(),
        )
