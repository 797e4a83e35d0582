"""The frame every order-step dialog shares: the order in one line, a form, the step time
(now by default, editable for 补单), OK/Cancel.

OK calls ``perform()`` (one service call with ``expected_version``). A ``UserError`` is shown in
a message box, the named field is highlighted and everything typed stays; a ``ConflictError``
(someone else changed the order) closes the dialog and asks the owner to reload. Dialogs are
opened with ``open()``: no nested event loop, so tests drive them directly.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.errors import ConflictError, UserError
from propdesk.domain.records import OrderRecord, OrderResult

from ..messages import show_error
from ..session import Session
from ..widgets.field_error import clear_error, mark_error
from ..widgets.time_edit import StepTimeEdit


class ActionDialog(QDialog):
    """Base class: subclasses add fields to ``self.form`` and implement ``perform``."""

    succeeded = Signal(object)  # OrderResult
    conflicted = Signal()

    def __init__(
        self, session: Session, order: OrderRecord, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.order = order
        self.result_value: OrderResult | None = None
        self.error_box: QMessageBox | None = None
        self.fields: dict[str, QWidget] = {}
        self.first_field_focused = False
        self.setWindowTitle(f"{title} — {order.number}")
        self.setObjectName(f"action_{title}")
        layout = QVBoxLayout(self)
        summary = QLabel(
            f"<b>{order.number}</b>　{order.place}　{order.category_name}　{order.status.label}"
            f"<br>{order.description}",
            self,
        )
        summary.setWordWrap(True)
        summary.setStyleSheet("background:#f3f6fa; padding:6px; border:1px solid #d5dde8;")
        layout.addWidget(summary)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(title)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    # --- building ---------------------------------------------------------------------
    def add_field(self, label: str, widget: QWidget, name: str | None = None) -> QWidget:
        """Add a row; ``name`` is the field name a service's ``UserError`` uses."""
        self.form.addRow(label, widget)
        self.fields[name or label.rstrip("*：: ")] = widget
        if not self.first_field_focused and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            widget.setFocus()  # the dialog opens in its first field, never on its OK button
            self.first_field_focused = True
        return widget

    def add_time(self, label: str) -> StepTimeEdit:
        self.time_edit = StepTimeEdit(self.session.now(), self)
        self.add_field(label, self.time_edit)
        return self.time_edit

    # --- running ----------------------------------------------------------------------
    def perform(self) -> OrderResult:
        raise NotImplementedError

    def mark_error(self, field: str | None) -> None:
        for widget in self.fields.values():
            clear_error(widget)
        widget = self.fields.get(field or "")
        if widget is None and field:
            # "第2行单价" and similar name a part of a composite field
            widget = next((w for name, w in self.fields.items() if name in field), None)
        if widget is not None:
            mark_error(widget)
            widget.setFocus()

    def _stale(self) -> bool:
        try:
            current = self.session.services.registers.order(self.order.id)
        except UserError:
            return False
        return current.version != self.order.version

    def _conflict(self, exc: ConflictError) -> None:
        show_error(self.parentWidget(), exc)
        self.conflicted.emit()
        self.reject()

    def accept(self) -> None:
        try:
            result = self.perform()
        except ConflictError as exc:
            self._conflict(exc)
            return
        except UserError as exc:
            if self._stale():
                # refused because the order moved on elsewhere: say so, not the side effect
                self._conflict(ConflictError())
                return
            self.mark_error(exc.field)
            self.error_box = show_error(self, exc)
            return
        self.result_value = result
        self.session.broadcast(result)
        self.succeeded.emit(result)
        super().accept()
