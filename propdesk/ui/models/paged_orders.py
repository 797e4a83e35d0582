"""A register over any number of orders: filtered and sorted in SQL, loaded a keyset page at a
time as the view scrolls (``canFetchMore``/``fetchMore``). Never holds every order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from propdesk.domain.deadlines import TimeRules
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.domain.records import OrderRow
from propdesk.services.registers import RegisterService

from .order_rows import OrderRowsModel

PAGE_SIZE = 200


class PagedOrderModel(OrderRowsModel):
    """Rows of ``registers.page(filter, sort, PageRequest(limit, after))``, page by page."""

    #: Emitted after a reload with the filter's full row count.
    counted = Signal(int)

    def __init__(
        self,
        registers: RegisterService,
        columns: Sequence[str],
        now: datetime,
        rules: TimeRules,
        *,
        order_filter: OrderFilter = OrderFilter(),  # noqa: B008
        sort: Sort = Sort(),  # noqa: B008
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(columns, now, rules, parent=parent)
        self._registers = registers
        self.order_filter = order_filter
        self.order_sort = sort
        self.page_size = page_size
        self._next: tuple[object, int] | None = None
        self._loaded = False
        self._resetting = False
        self.total = 0

    # --- loading ----------------------------------------------------------------------
    def reload(self, order_filter: OrderFilter | None = None, sort: Sort | None = None) -> None:
        """Start again from the first page (new filter or sort, or fresh data)."""
        if order_filter is not None:
            self.order_filter = order_filter
        if sort is not None:
            self.order_sort = sort
        rows, self._next = self._registers.page(
            self.order_filter, self.order_sort, PageRequest(limit=self.page_size)
        )
        self.total = self._registers.count(self.order_filter)
        self._loaded = True
        self.set_records(rows)
        self.counted.emit(self.total)

    def set_records(self, records: Sequence[OrderRow]) -> None:
        # Listeners of modelReset (item-model testers, views) may ask for more rows while the
        # reset is still being announced; the next page comes after it, never inside it.
        self._resetting = True
        try:
            super().set_records(records)
        finally:
            self._resetting = False

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None and not self._resetting

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._next is None or self._resetting:
            return
        rows, after = self._registers.page(
            self.order_filter, self.order_sort, PageRequest(limit=self.page_size, after=self._next)
        )
        self._next = after
        if not rows:
            return
        first = len(self._records)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._records.extend(rows)
        self.endInsertRows()

    # --- sorting in SQL ---------------------------------------------------------------
    def sort_key_of(self, column: int) -> str | None:
        return self.columns[column].sort_key if 0 <= column < len(self.columns) else None

    def column_of(self, sort_key: str) -> int:
        return next((i for i, c in enumerate(self.columns) if c.sort_key == sort_key), -1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.sort_key_of(column)
        if key is None:
            return  # not sortable in SQL (the view restores the indicator)
        sort = Sort(key, descending=order == Qt.SortOrder.DescendingOrder)
        if not self._loaded:
            self.order_sort = sort  # the first load (when shown) uses it
            return
        self.reload(sort=sort)
