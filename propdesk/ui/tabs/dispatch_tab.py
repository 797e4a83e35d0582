"""派工: orders waiting for dispatch (oldest first) with a dispatch panel beside them, and the
dispatched orders waiting for arrival. After a dispatch the slip goes to the printer hook
(``Session.slip_printer``) when one is installed."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.enums import Kind, Status
from propdesk.domain.errors import UserError
from propdesk.domain.filters import OrderFilter, Sort
from propdesk.domain.permissions import Perm
from propdesk.domain.records import Changes, OrderResult, OrderRow

from ..messages import show_error
from ..models.paged_orders import PagedOrderModel
from ..session import Session
from ..widgets.record_view import RecordView
from .base import LazyTabPage

PENDING_COLUMNS = (
    "number_short",
    "received_short",
    "urgency",
    "place_short",
    "category",
    "due",
    "description",
)
DISPATCHED_COLUMNS = ("number_short", "place_short", "category", "staff", "due")


class DispatchTab(LazyTabPage):
    title = "派工"

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, lazy: bool = False
    ) -> None:
        super().__init__(session, parent, lazy=lazy)
        self.last_result: OrderResult | None = None
        if not lazy:
            self.ensure_built()

    def build(self) -> None:
        # the panel's widgets when the tab is first shown, not at start-up
        from ..widgets.staff_picker import StaffPicker
        from ..widgets.time_edit import StepTimeEdit

        session = self.session
        rules = session.settings().rules
        regs = session.services.registers
        layout = QHBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        layout.addWidget(splitter)

        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.pending_box = QGroupBox("待派工", left)
        pending_layout = QVBoxLayout(self.pending_box)
        self.pending = PagedOrderModel(
            regs,
            PENDING_COLUMNS,
            session.now(),
            rules,
            order_filter=OrderFilter(statuses=(Status.PENDING,)),
            sort=Sort("received_at", descending=False),
            parent=self,
        )
        self.pending_view = RecordView(self.pending_box)
        self.pending_view.setObjectName("pendingView")
        self.pending_view.setModel(self.pending)
        self.pending_view.remember_columns(session.prefs, "dispatch_pending")
        self.pending_view.record_activated.connect(self._open)
        # selectionChanged, not currentRowChanged: a mouse click makes the row current before it
        # selects it, so the panel would read an unselected row
        self.pending_view.selectionModel().selectionChanged.connect(self._selected)
        pending_layout.addWidget(self.pending_view)
        left_layout.addWidget(self.pending_box, 3)

        self.dispatched_box = QGroupBox("已派工待到场", left)
        dispatched_layout = QVBoxLayout(self.dispatched_box)
        self.dispatched = PagedOrderModel(
            regs,
            DISPATCHED_COLUMNS,
            session.now(),
            rules,
            order_filter=OrderFilter(statuses=(Status.DISPATCHED,)),
            sort=Sort("due_at", descending=False),
            parent=self,
        )
        self.dispatched_view = RecordView(self.dispatched_box)
        self.dispatched_view.setModel(self.dispatched)
        self.dispatched_view.remember_columns(session.prefs, "dispatch_out")
        self.dispatched_view.record_activated.connect(self._open)
        dispatched_layout.addWidget(self.dispatched_view)
        reprint = QPushButton("打印所选派工单", self.dispatched_box)
        reprint.setVisible(session.can_print())
        reprint.clicked.connect(self._print_selected)
        dispatched_layout.addWidget(reprint, 0, Qt.AlignmentFlag.AlignRight)
        left_layout.addWidget(self.dispatched_box, 2)

        panel = QGroupBox("派工", splitter)
        panel_layout = QVBoxLayout(panel)
        self.summary = QLabel("在左侧选择一张待派工单", panel)
        self.summary.setObjectName("dispatchSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("background:#f3f6fa; padding:6px; border:1px solid #d5dde8;")
        panel_layout.addWidget(self.summary)
        ref = session.services.reference
        self.picker = StaffPicker(ref.staff(), ref.departments(), panel)
        self.picker.staff_list.setMaximumHeight(260)
        panel_layout.addWidget(self.picker)
        self.note = QLineEdit(panel)
        self.note.setPlaceholderText("交代事项（可空）")
        panel_layout.addWidget(self.note)
        time_row = QHBoxLayout()
        time_row.addWidget(QLabel("派工时间", panel))
        self.time_edit = StepTimeEdit(session.now(), panel)
        time_row.addWidget(self.time_edit, 1)
        panel_layout.addLayout(time_row)
        buttons = QHBoxLayout()
        self.dispatch_button = QPushButton("派工", panel)
        self.dispatch_button.setObjectName("dispatchButton")
        self.dispatch_print_button = QPushButton("派工并打印", panel)
        self.dispatch_print_button.setVisible(session.can_print())
        buttons.addStretch(1)
        buttons.addWidget(self.dispatch_button)
        buttons.addWidget(self.dispatch_print_button)
        panel_layout.addLayout(buttons)
        panel_layout.addStretch(1)
        self.dispatch_button.clicked.connect(lambda: self.dispatch_selected())
        self.dispatch_print_button.clicked.connect(lambda: self.dispatch_selected(print_slip=True))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 520])
        self.pending.counted.connect(lambda n: self.pending_box.setTitle(f"待派工（{n}）"))
        self.dispatched.counted.connect(
            lambda n: self.dispatched_box.setTitle(f"已派工待到场（{n}）")
        )
        self._selected()

    def wants(self, changes: Changes) -> bool:
        return bool(changes.order_ids) or changes.staff

    def reload(self) -> None:
        now = self.session.now()
        rules = self.session.settings().rules
        current = self.selected_row()
        for model in (self.pending, self.dispatched):
            model.set_clock(now, rules)
            model.reload()
        row = -1 if current is None else self.pending.row_of(lambda r: r.id == current.id)
        self.pending_view.select_row(row if row >= 0 else 0)
        self._selected()

    def on_tick(self, now: datetime) -> None:
        rules = self.session.settings().rules  # as changed since the last load
        for model in (self.pending, self.dispatched):
            model.set_clock(now, rules)

    # --- dispatching ------------------------------------------------------------------
    def selected_row(self) -> OrderRow | None:
        record = self.pending_view.current_record()
        return record if isinstance(record, OrderRow) else None

    def _selected(self, *_args: object) -> None:
        row = self.selected_row()
        allowed = row is not None and self.session.can(Perm.DISPATCH)
        self.dispatch_button.setEnabled(allowed)
        self.dispatch_print_button.setEnabled(allowed)
        if row is None:
            self.summary.setText("在左侧选择一张待派工单")
            return
        self.summary.setText(
            f"<b>{row.number}</b>　{row.place}　{row.caller_name}<br>"
            f"{row.category_name}　{row.urgency_name}　{row.department_name}<br>{row.description}"
        )
        depts = {d.name: d.id for d in self.session.services.reference.departments()}
        self.picker.set_selected([])
        self.picker.put_first(depts.get(row.department_name))
        # 报事 may go to a department as a whole; a repair needs a technician chosen
        matter = row.kind is Kind.MATTER
        self.picker.set_department(depts.get(row.department_name) if matter else None)
        self.note.clear()
        self.time_edit.reset(self.session.now())

    def dispatch_selected(self, print_slip: bool = False) -> OrderResult | None:
        row = self.selected_row()
        if row is None:
            return None
        try:
            result = self.session.services.workflow.dispatch(
                row.id,
                self.session.user,
                staff_ids=self.picker.selected_staff_ids(),
                department_id=self.picker.department_id(),
                at=self.time_edit.value(),
                note=self.note.text().strip(),
                expected_version=row.version,
            )
        except UserError as exc:
            show_error(self, exc)
            return None
        self.last_result = result
        self.session.broadcast(result)
        if print_slip:
            self.session.print_slip(row.id, self)
        return result

    def _print_selected(self) -> None:
        record = self.dispatched_view.current_record()
        if isinstance(record, OrderRow):
            self.session.print_slip(record.id, self)

    def _open(self, row: OrderRow) -> None:
        self.session.open_order_requested.emit(row.id)
