"""The red border of a field a refusal named: drawn on that widget only (an ID selector, so a
container's children and a list's rows keep their own look and the focus stays visible), and
taken away as soon as the clerk changes the field."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

ERROR_STYLE = "border: 2px solid #c00000; background: #fff0f0;"
#: Lists and tables get the border only: a tinted background hides the current row.
VIEW_ERROR_STYLE = "border: 2px solid #c00000;"
ERROR_PROPERTY = "fieldError"


def mark_error(widget: QWidget) -> None:
    """Draw the error border on ``widget`` (not on its children)."""
    if not widget.objectName():
        widget.setObjectName(f"field{id(widget)}")
    style = VIEW_ERROR_STYLE if isinstance(widget, QAbstractItemView) else ERROR_STYLE
    widget.setStyleSheet(f"#{widget.objectName()} {{ {style} }}")
    widget.setProperty(ERROR_PROPERTY, True)
    _clear_when_edited(widget)


def clear_error(widget: QWidget) -> None:
    if widget.property(ERROR_PROPERTY):
        widget.setStyleSheet("")
        widget.setProperty(ERROR_PROPERTY, False)


def has_error(widget: QWidget) -> bool:
    return bool(widget.property(ERROR_PROPERTY))


def _clear_when_edited(widget: QWidget) -> None:
    """Connect the widget's change signal once: any edit takes the border away."""
    if widget.property("fieldErrorWatched"):
        return
    widget.setProperty("fieldErrorWatched", True)
    signals = []
    if isinstance(widget, QLineEdit):
        signals.append(widget.textChanged)
    elif isinstance(widget, QComboBox):
        signals += [widget.currentIndexChanged, widget.editTextChanged]
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        signals.append(widget.textChanged)
    elif isinstance(widget, QAbstractSpinBox):
        signals.append(widget.editingFinished)
        value_changed = getattr(widget, "dateTimeChanged", None) or getattr(
            widget, "valueChanged", None
        )
        if value_changed is not None:
            signals.append(value_changed)
    elif isinstance(widget, QAbstractButton):
        signals.append(widget.toggled)
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        signals.append(widget.model().dataChanged)
    else:
        for child in widget.findChildren(QLineEdit) + widget.findChildren(QAbstractButton):
            signal = child.textChanged if isinstance(child, QLineEdit) else child.toggled
            signals.append(signal)
    for signal in signals:
        signal.connect(lambda *_a, w=widget: clear_error(w))
