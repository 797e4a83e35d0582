"""A small edit dialog described by fields (text, multi-line, choice, check box, number). OK
calls ``save(values)``; a ``UserError`` names and highlights the field and keeps the input."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.errors import UserError
from propdesk.domain.records import Changes

from ..messages import show_error
from ..session import Session
from ..widgets.combos import fill, select
from ..widgets.field_error import mark_error


@dataclass
class FormField:
    key: str
    label: str
    kind: str = "text"  # text, password, multiline, choice, check, int, optional_int
    value: Any = None
    choices: Sequence[tuple[str, Any]] = field(default_factory=tuple)
    required: bool = False
    error_names: tuple[str, ...] = ()  # UserError field names that mean this field
    maximum: int = 100000


def _widget(f: FormField, parent: QWidget) -> QWidget:
    if f.kind in ("text", "password"):
        w = QLineEdit("" if f.value is None else str(f.value), parent)
        if f.kind == "password":
            w.setEchoMode(QLineEdit.EchoMode.Password)
        return w
    if f.kind == "multiline":
        box = QPlainTextEdit("" if f.value is None else str(f.value), parent)
        box.setTabChangesFocus(True)
        box.setFixedHeight(90)
        return box
    if f.kind == "choice":
        combo = QComboBox(parent)
        fill(combo, f.choices)
        select(combo, f.value)
        return combo
    if f.kind == "check":
        check = QCheckBox(parent)
        check.setChecked(bool(f.value))
        return check
    if f.kind in ("int", "optional_int"):
        spin = QSpinBox(parent)
        spin.setRange(0 if f.kind == "optional_int" else 1, f.maximum)
        if f.kind == "optional_int":
            spin.setSpecialValueText("无")
        spin.setValue(int(f.value or 0))
        return spin
    raise ValueError(f"unknown field kind {f.kind}")


def _read(f: FormField, w: QWidget) -> Any:
    if isinstance(w, QLineEdit):
        return w.text()
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText()
    if isinstance(w, QComboBox):
        return w.currentData()
    if isinstance(w, QCheckBox):
        return w.isChecked()
    if isinstance(w, QSpinBox):
        value = w.value()
        return None if f.kind == "optional_int" and value == 0 else value
    raise TypeError(type(w))


class FormDialog(QDialog):
    """Edit one record; ``save(values) -> Changes`` is the service call."""

    def __init__(
        self,
        session: Session,
        title: str,
        fields: Sequence[FormField],
        save: Callable[[dict[str, Any]], Changes],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.save = save
        self.specs = list(fields)
        self.error_box: QMessageBox | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.widgets: dict[str, QWidget] = {}
        for f in self.specs:
            w = _widget(f, self)
            w.setObjectName(f.key)
            self.widgets[f.key] = w
            form.addRow(f.label + ("*" if f.required else ""), w)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {f.key: _read(f, self.widgets[f.key]) for f in self.specs}

    def set_value(self, key: str, value: Any) -> None:
        w = self.widgets[key]
        if isinstance(w, QLineEdit):
            w.setText(str(value))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(str(value))
        elif isinstance(w, QComboBox):
            select(w, value)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value or 0))

    def accept(self) -> None:
        for w in self.widgets.values():
            w.setStyleSheet("")
        try:
            changes = self.save(self.values())
        except UserError as exc:
            for f in self.specs:
                names = (f.label, *f.error_names)
                if exc.field and any(name == exc.field for name in names):
                    mark_error(self.widgets[f.key])
                    self.widgets[f.key].setFocus()
            self.error_box = show_error(self, exc)
            return
        self.session.broadcast(changes)
        super().accept()
