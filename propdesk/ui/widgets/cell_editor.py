"""Return in a table or list cell's editor commits the cell at once and closes the editor.

Qt's own delegate commits on the event loop's next turn (a queued call): anything that takes
the editor away first (a click on 确定 that closes the editor on losing focus) leaves that call
with an editor the view no longer has, and Qt warns "commitData called with an editor that does
not belong to this view". Committing while the key is handled, and keeping the key from the
dialog, also means Return in a cell never submits the dialog around it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QStyledItemDelegate, QWidget


class CommitOnReturn(QStyledItemDelegate):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (
            isinstance(obj, QWidget)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.commitData.emit(obj)
            self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(obj, event)
