"""A read-only table model over a list of records, described by columns.

``SortRole`` gives each cell's native value (datetime, int fen, str) for sorting;
``RecordRole`` gives the row's record. ``data()`` only reads the records it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

R = TypeVar("R")

SortRole = Qt.ItemDataRole.UserRole + 1
RecordRole = Qt.ItemDataRole.UserRole + 2

# Roles as plain ints, looked up once: Qt asks every painted cell for a dozen roles, and an
# enum attribute read per comparison is most of what ``data()`` costs.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
#: The roles ``data()`` answers; any other is ``None`` at once.
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, _BACKGROUND, _FOREGROUND, SortRole, RecordRole})

_ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its title, the native value of a record and how it reads."""

    title: str
    value: Callable[[R], Any]
    text: Callable[[R], str] | None = None
    right: bool = False
    sort_key: str | None = None  # key the query layer sorts by (paged registers)
    width: int = 0  # initial width in pixels (0: fit the content)

    def display(self, record: R) -> str:
        if self.text is not None:
            return self.text(record)
        v = self.value(record)
        return "" if v is None else str(v)


#: Row colours: overdue red, soon-due amber (text kept dark for contrast).
OVERDUE_BG = QColor("#f8d0d0")
OVERDUE_FG = QColor("#8b0000")
SOON_BG = QColor("#ffe9b3")
SOON_FG = QColor("#5c3d00")
MUTED_FG = QColor("#808080")


def _sort_value(v: Any) -> tuple[int, Any]:
    # None sorts last in ascending order; mixed types never compare.
    return (1, "") if v is None else (0, v)


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """Rows of records; subclasses may colour rows through ``row_colours``."""

    def __init__(
        self, columns: Sequence[Column[R]], records: Sequence[R] = (), parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.columns: list[Column[R]] = list(columns)
        self._records: list[R] = list(records)

    # --- records ----------------------------------------------------------------------
    def set_records(self, records: Sequence[R]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> list[R]:
        return list(self._records)

    def record(self, row: int) -> R:
        return self._records[row]

    def row_of(self, predicate: Callable[[R], bool]) -> int:
        """Row of the first record matching ``predicate``; -1 if none."""
        return next((i for i, r in enumerate(self._records) if predicate(r)), -1)

    def row_colours(self, record: R) -> tuple[QColor, QColor] | None:
        """(background, foreground) of a row, or ``None`` for the default."""
        return None

    # --- Qt model ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def record_at(self, row: int) -> R | None:
        """The record shown in ``row``, or ``None`` when there is none (no exception)."""
        return self._records[row] if 0 <= row < len(self._records) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        record = self.record_at(index.row())
        if record is None:
            return None
        column = self.columns[index.column()]
        if role == _DISPLAY:
            return column.display(record)
        if role == _ALIGNMENT:
            return _ALIGN_RIGHT if column.right else _ALIGN_LEFT
        if role in (_BACKGROUND, _FOREGROUND):
            colours = self.row_colours(record)
            if colours is None:
                return None
            return QBrush(colours[0] if role == _BACKGROUND else colours[1])
        if role == _TOOLTIP:
            text = column.display(record)
            return text if len(text) > 12 else None
        if role == SortRole:
            return column.value(record)
        return record  # RecordRole

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self.columns)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in memory by the column's native value (short lists only)."""
        if not (0 <= column < len(self.columns)):
            return
        col = self.columns[column]
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_records = [self._records[i.row()] for i in old]
        self._records.sort(
            key=lambda r: _sort_value(col.value(r)),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        positions = {id(r): i for i, r in enumerate(self._records)}
        self.changePersistentIndexList(
            old,
            [
                self.index(positions[id(r)], i.column())
                for r, i in zip(old_records, old, strict=True)
            ],
        )
        self.layoutChanged.emit()
