"""A tab that is a queue of orders (one fixed filter) with action buttons for the selected one:
the base of 回访 and 有偿收费."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from propdesk.domain.errors import UserError
from propdesk.domain.filters import OrderFilter, Sort
from propdesk.domain.records import OrderRecord, OrderRow

from ..messages import show_error
from ..models.paged_orders import PagedOrderModel
from ..session import Session
from ..widgets.record_view import RecordView
from .base import LazyTabPage

if TYPE_CHECKING:
    from ..dialogs.action_base import ActionDialog

DialogFactory = Callable[[Session, OrderRecord, QWidget], "ActionDialog"]


class OrderQueueTab(LazyTabPage):
    """Rows of one filter; buttons open an action dialog for the selected order. Subclasses
    add their buttons in ``add_actions`` (the content is built on first show in the main
    window)."""

    prefs_key = "queue"

    def __init__(
        self,
        session: Session,
        columns: Sequence[str],
        order_filter: OrderFilter,
        sort: Sort,
        hint: str,
        parent: QWidget | None = None,
        *,
        lazy: bool = False,
    ) -> None:
        super().__init__(session, parent, lazy=lazy)
        self.dialog: ActionDialog | None = None
        self._spec = (tuple(columns), order_filter, sort, hint)
        if not lazy:
            self.ensure_built()

    def build(self) -> None:
        session = self.session
        columns, order_filter, sort, hint = self._spec
        layout = QVBoxLayout(self)
        self.hint = QLabel(hint, self)
        layout.addWidget(self.hint)
        self.model = PagedOrderModel(
            session.services.registers,
            columns,
            session.now(),
            session.settings().rules,
            order_filter=order_filter,
            sort=sort,
            parent=self,
        )
        self.view = RecordView(self)
        self.view.setModel(self.model)
        self.view.remember_columns(session.prefs, self.prefs_key)
        self.view.record_activated.connect(lambda row: session.open_order_requested.emit(row.id))
        layout.addWidget(self.view, 1)
        self.buttons = QHBoxLayout()
        self.count_label = QLabel(self)
        self.buttons.addWidget(self.count_label, 1)
        layout.addLayout(self.buttons)
        self.model.counted.connect(lambda n: self.count_label.setText(f"共 {n} 条"))
        self.add_actions()

    def add_actions(self) -> None:
        """The subclass's buttons (``add_action``), made with the rest of the content."""

    def add_action(self, label: str, factory: DialogFactory) -> QPushButton:
        button = QPushButton(label, self)
        button.clicked.connect(lambda: self.open_dialog(factory))
        self.buttons.addWidget(button)
        return button

    def selected_row(self) -> OrderRow | None:
        record = self.view.current_record()
        return record if isinstance(record, OrderRow) else None

    def open_dialog(self, factory: DialogFactory) -> ActionDialog | None:
        """The dialog for the selected order (``None`` when nothing is selected)."""
        row = self.selected_row()
        if row is None:
            return None
        try:
            order = self.session.services.registers.order(row.id)
        except UserError as exc:
            show_error(self, exc)
            return None
        dialog = factory(self.session, order, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def reload(self) -> None:
        current = self.selected_row()
        self.model.set_clock(self.session.now(), self.session.settings().rules)
        self.model.reload()
        if current is not None:
            self.view.select_row(self.model.row_of(lambda r: r.id == current.id))
        elif self.model.rowCount():
            self.view.select_row(0)

    def on_tick(self, now: datetime) -> None:
        self.model.set_clock(now, self.session.settings().rules)  # as changed since
