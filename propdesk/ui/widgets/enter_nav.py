"""Enter moves to the next field (as Tab does), so a clerk can fill a form without the mouse.

Shift+Enter still makes a new line in multi-line fields; an open completer or combo popup keeps
Enter for choosing an item.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QWidget


class EnterMovesFocus(QObject):
    """Event filter: install on each input widget of a form (``install``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._combo_of_popup: dict[QObject, QComboBox] = {}

    def install(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)
            if isinstance(widget, QComboBox) and widget.lineEdit() is not None:
                widget.lineEdit().installEventFilter(self)
                completer = widget.completer()
                if completer is not None:
                    # an open completer list gets the keys: Return with nothing highlighted
                    # must still take the typed text (or its only match) and move on
                    completer.popup().installEventFilter(self)
                    self._combo_of_popup[completer.popup()] = widget

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False  # shortcuts such as Ctrl+Enter
        if isinstance(obj, QPlainTextEdit) and mods & Qt.KeyboardModifier.ShiftModifier:
            return False
        combo = self._combo_of_popup.get(obj)
        if combo is not None and isinstance(obj, QAbstractItemView):
            if obj.currentIndex().isValid():
                return False  # Enter picks the highlighted item
            obj.hide()
            obj = combo
        if isinstance(obj, QLineEdit):
            completer = obj.completer()
            if completer is not None and completer.popup().isVisible():
                if completer.popup().currentIndex().isValid():
                    return False  # Enter picks the highlighted item
                completer.popup().hide()
        if isinstance(obj, QComboBox) and obj.view().isVisible():
            return False
        target = (
            obj.parentWidget()
            if isinstance(obj, QLineEdit) and isinstance(obj.parentWidget(), QComboBox)
            else obj
        )
        if isinstance(target, QComboBox) and target.isEditable():
            # let the combo take the typed text (an exact item, or the completer's only
            # match) as its choice before moving on
            i = target.findText(target.currentText(), Qt.MatchFlag.MatchFixedString)
            if i < 0:
                i = _only_completion(target)
            if i >= 0:
                target.setCurrentIndex(i)
        if isinstance(target, QWidget):
            tab = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
            QCoreApplication.sendEvent(target, tab)
            return True
        return False


def _only_completion(combo: QComboBox) -> int:
    """The item index of the completer's single match for the typed text, else -1."""
    completer = combo.completer()
    text = combo.currentText().strip()
    if completer is None or not text:
        return -1
    completer.setCompletionPrefix(text)
    if completer.completionCount() != 1:
        return -1
    return combo.findText(completer.currentCompletion(), Qt.MatchFlag.MatchFixedString)
