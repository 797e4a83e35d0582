"""The 回访 tab's second-visit queue: important (重要) orders closed after their first visit,
each due a second visit within the office's days (seed 004: 30 days)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from propdesk.domain.errors import UserError
from propdesk.domain.permissions import Perm
from propdesk.domain.records import SecondVisitRow

from ..formatting import fmt_dt
from ..messages import show_error
from ..models.record_model import Column, RecordTableModel
from ..session import Session
from ..widgets.record_view import RecordView

COLUMNS: list[Column[SecondVisitRow]] = [
    Column("编号", lambda r: r.number, width=90),
    Column("房号/位置", lambda r: r.place, width=100),
    Column("报修人", lambda r: r.caller_name, width=70),
    Column("联系电话", lambda r: r.phone, width=110),
    Column("类别", lambda r: r.category_name, width=90),
    Column("首次回访", lambda r: r.closed_at, lambda r: fmt_dt(r.closed_at), width=130),
    Column("首次评价", lambda r: r.satisfaction.label if r.satisfaction else "", width=70),
    Column("二次回访时限", lambda r: r.due_at, lambda r: fmt_dt(r.due_at), width=130),
    Column("问题描述", lambda r: r.description, width=260),
]


class SecondVisitQueue(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        days = session.settings().rules.second_visit_days
        self.title = QLabel(
            f"<b>二次回访</b>　重要事项（投诉、VIP业主等）首次回访后{days}天内再回访一次", self
        )
        layout.addWidget(self.title)
        self.model: RecordTableModel[SecondVisitRow] = RecordTableModel(COLUMNS, parent=self)
        self.view = RecordView(self)
        self.view.setObjectName("secondVisits")
        self.view.setModel(self.model)
        self.view.record_activated.connect(lambda row: session.open_order_requested.emit(row.id))
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.count_label = QLabel(self)
        buttons.addWidget(self.count_label, 1)
        self.visit_button = QPushButton("二次回访…", self)
        self.visit_button.setObjectName("secondVisitButton")
        self.visit_button.setEnabled(session.can(Perm.VISIT))
        self.visit_button.clicked.connect(self.open_visit)
        buttons.addWidget(self.visit_button)
        layout.addLayout(buttons)

    def reload(self) -> None:
        if not self.session.can(Perm.VISIT):
            return
        rows = self.session.services.paths.second_visits(self.session.user)
        self.model.set_records(rows)
        self.count_label.setText(f"共 {len(rows)} 条")
        days = self.session.settings().rules.second_visit_days
        self.title.setText(
            f"<b>二次回访</b>　重要事项（投诉、VIP业主等）首次回访后{days}天内再回访一次"
        )
        if rows and self.view.current_record() is None:
            self.view.select_row(0)

    def open_visit(self) -> QWidget | None:
        from ..dialogs.visit_dialog import VisitDialog

        row = self.view.current_record()
        if not isinstance(row, SecondVisitRow):
            return None
        try:
            order = self.session.services.registers.order(row.id)
        except UserError as exc:
            show_error(self, exc)
            return None
        dialog = VisitDialog(self.session, order, self)
        dialog.succeeded.connect(lambda _r: self.reload())
        self.dialog = dialog
        dialog.open()
        return dialog
