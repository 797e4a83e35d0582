"""审计日志 (经理、管理员): who changed what, when and from which workstation, filtered by
order number, user and dates; newest first, a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.audit import ENTITY_LABELS, AuditEntry, AuditFilter
from propdesk.domain.errors import UserError

from .messages import show_error
from .models.record_model import Column, RecordTableModel
from .screen_fit import resize_to_fit
from .session import Session
from .widgets.record_view import RecordView

PAGE = 200

AUDIT_COLUMNS: list[Column[AuditEntry]] = [
    Column("时间", lambda e: e.at, lambda e: e.at.strftime("%Y-%m-%d %H:%M:%S"), width=150),
    Column("用户", lambda e: e.user_name, width=90),
    Column("工作站", lambda e: e.workstation, width=100),
    Column("对象", lambda e: e.entity_label, width=70),
    Column("编号/名称", lambda e: e.subject, width=110),
    Column("项目", lambda e: e.field_label, width=100),
    Column("原值", lambda e: e.old_value or "", width=140),
    Column("新值", lambda e: e.new_value or "", width=140),
    Column("原因", lambda e: e.reason, width=160),
]


class AuditModel(RecordTableModel[AuditEntry]):
    """Audit entries; more pages are appended below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(AUDIT_COLUMNS, (), parent)

    def append(self, entries: Sequence[AuditEntry]) -> None:
        if not entries:
            return
        first = self.rowCount()
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        self._records.extend(entries)
        self.endInsertRows()


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class AuditDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("auditDialog")
        self.setWindowTitle("审计日志")
        self.next_before: int | None = None
        self.current = AuditFilter()

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.order_number = QLineEdit(self)
        self.order_number.setObjectName("auditOrder")
        self.order_number.setPlaceholderText("工单编号")
        self.order_number.setClearButtonEnabled(True)
        self.order_number.returnPressed.connect(self.search)
        self.user = QComboBox(self)
        self.user.setObjectName("auditUser")
        self.user.addItem("全部用户", "")
        self.entity = QComboBox(self)
        self.entity.setObjectName("auditEntity")
        self.entity.addItem("全部对象", "")
        for code, label in ENTITY_LABELS.items():
            self.entity.addItem(label, code)
        today = session.now().date()
        self.use_dates = QCheckBox("日期", self)
        self.use_dates.setObjectName("auditUseDates")
        self.date_from = QDateEdit(_qdate(today.replace(day=1)), self)
        self.date_to = QDateEdit(_qdate(today), self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.use_dates.toggled.connect(self.date_from.setEnabled)
        self.use_dates.toggled.connect(self.date_to.setEnabled)
        self.search_button = QPushButton("查询", self)
        self.search_button.setObjectName("auditSearch")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        bar.addWidget(QLabel("工单", self))
        bar.addWidget(self.order_number)
        bar.addWidget(QLabel("用户", self))
        bar.addWidget(self.user)
        bar.addWidget(self.entity)
        bar.addWidget(self.use_dates)
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel("至", self))
        bar.addWidget(self.date_to)
        bar.addWidget(self.search_button)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.model = AuditModel(self)
        self.view = RecordView(self)
        self.view.setObjectName("auditView")
        self.view.setModel(self.model)
        layout.addWidget(self.view, 1)

        foot = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setObjectName("auditStatus")
        self.more_button = QPushButton("加载更早的记录", self)
        self.more_button.setObjectName("auditMore")
        self.more_button.clicked.connect(self.load_more)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.close)
        foot.addWidget(self.status, 1)
        foot.addWidget(self.more_button)
        foot.addWidget(close)
        layout.addLayout(foot)
        resize_to_fit(self, 1180, 620)

        try:
            for user in session.services.audit_log.users(session.user):
                self.user.addItem(f"{user.display_name}（{user.username}）", user.username)
        except UserError as exc:
            show_error(self, exc)
            return
        self.search()

    def filter(self) -> AuditFilter:
        dates = self.use_dates.isChecked()
        return AuditFilter(
            order_number=self.order_number.text().strip(),
            username=str(self.user.currentData() or ""),
            entity=str(self.entity.currentData() or ""),
            date_from=_pydate(self.date_from.date()) if dates else None,
            date_to=_pydate(self.date_to.date()) if dates else None,
        )

    def search(self) -> None:
        """Run the filter from the first (newest) page."""
        try:
            f = self.filter()
            page = self.session.services.audit_log.page(self.session.user, f, limit=PAGE)
        except UserError as exc:
            show_error(self, exc)
            return
        self.current = f
        self.model.set_records(page.entries)
        self.next_before = page.next_before
        self._show_status()

    def load_more(self) -> None:
        if self.next_before is None:
            return
        try:
            page = self.session.services.audit_log.page(
                self.session.user, self.current, limit=PAGE, before_id=self.next_before
            )
        except UserError as exc:
            show_error(self, exc)
            return
        self.model.append(page.entries)
        self.next_before = page.next_before
        self._show_status()

    def _show_status(self) -> None:
        n = self.model.rowCount()
        more = self.next_before is not None
        self.status.setText(
            f"显示 {n} 条" + ("（还有更早的记录）" if more else "") if n else "没有符合条件的记录"
        )
        self.more_button.setEnabled(more)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        # Enter in the filters searches; it must not close the dialog
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.search()
            return
        super().keyPressEvent(event)
