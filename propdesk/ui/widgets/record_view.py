"""A table view for ``RecordTableModel``s: whole-row selection, double-click or Enter opens the
record, initial column widths from the model, widths remembered per PC (QSettings).

It paints new rows once: Qt lays out a view's rows lazily after a model reset, and when that
layout runs inside the next paint it marks the whole table dirty again, as does each column
width set before the view is first shown; each such repaint of a register page cost about
12 ms of CPU (the register's first show painted its page twice: 47 ms of CPU, 35 ms after)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ..models.record_model import RecordRole, RecordTableModel


class RecordView(QTableView):
    """Rows of records; ``record_activated`` on double-click or Enter."""

    record_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.doubleClicked.connect(self._activated)
        self._prefs: QSettings | None = None
        self._prefs_key = ""

    def setModel(self, model: Any) -> None:  # noqa: N802 (Qt override)
        super().setModel(model)
        if isinstance(model, RecordTableModel):
            # initial widths: the layout after the reset reads them; the table need not
            # hear each one (it would repaint itself again after its first paint)
            header = self.horizontalHeader()
            blocked = header.blockSignals(True)
            for i, column in enumerate(model.columns):
                if column.width:
                    self.setColumnWidth(i, column.width)
            header.blockSignals(blocked)

    def reset(self) -> None:  # Qt override (the model was reset)
        super().reset()
        self.executeDelayedItemsLayout()  # now, not inside the next paint

    # --- remembering widths -----------------------------------------------------------
    def remember_columns(self, prefs: QSettings, key: str) -> None:
        """Restore this view's header state from ``prefs`` and save it on every resize."""
        self._prefs, self._prefs_key = prefs, f"columns/{key}"
        state = prefs.value(self._prefs_key)
        if isinstance(state, QByteArray | bytes) and state:
            self.horizontalHeader().restoreState(QByteArray(state))
        self.horizontalHeader().sectionResized.connect(self._save_columns)

    def _save_columns(self, *_args: object) -> None:
        if self._prefs is not None:
            self._prefs.setValue(self._prefs_key, self.horizontalHeader().saveState())

    # --- records ----------------------------------------------------------------------
    def current_record(self) -> Any:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row()):
            return None
        return index.data(RecordRole)

    def select_row(self, row: int) -> None:
        model = self.model()
        if model is not None and 0 <= row < model.rowCount():
            self.selectRow(row)
            self.setCurrentIndex(model.index(row, 0))

    def _activated(self, index: QModelIndex) -> None:
        record = index.data(RecordRole)
        if record is not None:
            self.record_activated.emit(record)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activated(self.currentIndex())
            return
        super().keyPressEvent(event)
