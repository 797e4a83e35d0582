"""A search box over a list of results: typing searches after a short pause (Return at once),
and Down moves into the results, as in a browser's address bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QTableView, QWidget

SEARCH_DELAY_MS = 300


class SearchBox(QLineEdit):
    """``search`` fires after the typing pauses, or on Return."""

    search = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(placeholder)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(lambda: self.search.emit(self.text().strip()))
        self.textChanged.connect(lambda _t: self.timer.start())
        self.returnPressed.connect(self.search_now)

    def search_now(self) -> None:
        self.timer.stop()
        self.search.emit(self.text().strip())


class DownIntoResults(QObject):
    """Down (or Page Down) in ``edit`` puts the focus in ``view`` on its first row (a search
    still waiting for the typing pause runs first: ``flush``)."""

    def __init__(
        self, edit: QLineEdit, view: QTableView, flush: Callable[[], None] | None = None
    ) -> None:
        super().__init__(edit)
        self.view = view
        self.flush = flush
        edit.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            if self.flush is not None:
                self.flush()
            model = self.view.model()
            if model is None or model.rowCount() == 0:
                return True
            self.view.setFocus(Qt.FocusReason.TabFocusReason)
            index = self.view.currentIndex()
            if not index.isValid() or not self.view.selectionModel().isSelected(index):
                self.view.selectRow(0)
                self.view.setCurrentIndex(model.index(0, 0))
            return True
        return False
