"""A register over any number of orders: filtered and sorted in SQL, loaded a keyset page at a
time as the view scrolls (``canFetchMore``/``fetchMore``), and holding at most ``MAX_PAGES``
pages of rows however far the clerk scrolls.

For every page reached the model remembers the keyset cursor the page starts after (page 0
starts after ``None``), its first row and its length — a few numbers per page. The rows
themselves live in a small LRU cache of pages; a row whose page was dropped is read again
with one keyset query (``registers.page(filter, sort, PageRequest(length, after=cursor))``)
and the least recently used page goes. ``rowCount`` is the number of rows reached so far, so
rows never move under a view or its selection until the next ``reload``.

A page read again may come back shorter (orders closed or deleted meanwhile): its missing
rows show empty cells and ``record()`` raises ``IndexError`` for them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from propdesk.domain.deadlines import TimeRules
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.domain.records import OrderRow
from propdesk.services.registers import RegisterService

from .order_rows import OrderRowsModel

PAGE_SIZE = 200

#: Pages of rows held at most (``MAX_PAGES * page_size`` rows: 1,600 with the default).
MAX_PAGES = 8

Cursor = tuple[object, int]


class PagedOrderModel(OrderRowsModel):
    """Rows of ``registers.page(filter, sort, PageRequest(limit, after))``, page by page, at
    most ``MAX_PAGES`` pages of them in memory."""

    #: Emitted after a reload with the filter's full row count.
    counted = Signal(int)

    #: Pages held at most (a class constant; tests may lower it on an instance).
    MAX_PAGES = MAX_PAGES

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
        # per page reached: the cursor it starts after, its first row, its length
        self._afters: list[Cursor | None] = []
        self._firsts: list[int] = []
        self._lengths: list[int] = []
        self._reached = 0
        self._next: Cursor | None = None
        self._cache: OrderedDict[int, list[OrderRow]] = OrderedDict()
        self._loaded = False
        self._busy = False
        self.total = 0
        #: Most rows held at once since this model was made (for tests and the benchmark).
        self.peak_held = 0

    # --- what is held -----------------------------------------------------------------
    @property
    def bound(self) -> int:
        """Most rows this model will hold at once."""
        return self.MAX_PAGES * max(self.page_size, max(self._lengths, default=0))

    def held(self) -> int:
        """Rows in memory now (at most ``bound``)."""
        return sum(len(rows) for rows in self._cache.values())

    def held_pages(self) -> list[int]:
        """Numbers of the pages in memory, least recently used first."""
        return list(self._cache)

    def _keep(self, page: int, rows: list[OrderRow]) -> None:
        self._cache[page] = rows
        self._cache.move_to_end(page)
        while len(self._cache) > max(1, self.MAX_PAGES):
            self._cache.popitem(last=False)
        self.peak_held = max(self.peak_held, self.held())

    def _page_of(self, row: int) -> int:
        return bisect_right(self._firsts, row) - 1

    def _read_page(self, page: int) -> list[OrderRow]:
        """Page ``page`` again by its cursor: one keyset query, never more than its length."""
        length = self._lengths[page]
        rows, _after = self._registers.page(
            self.order_filter, self.order_sort, PageRequest(limit=length, after=self._afters[page])
        )
        return list(rows[:length])

    def _rows(self, page: int) -> list[OrderRow]:
        rows = self._cache.get(page)
        if rows is None:
            rows = self._read_page(page)
            self._keep(page, rows)
        else:
            self._cache.move_to_end(page)
        return rows

    # --- records ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._reached

    def record_at(self, row: int) -> OrderRow | None:
        if not 0 <= row < self._reached:
            return None
        page = self._page_of(row)
        rows = self._rows(page)
        offset = row - self._firsts[page]
        return rows[offset] if offset < len(rows) else None

    def record(self, row: int) -> OrderRow:
        record = self.record_at(row)
        if record is None:
            raise IndexError(f"no order in row {row}")
        return record

    def records(self) -> list[OrderRow]:
        """Every row reached so far, in order. Pages not held are read again for this list
        and not kept (one query each) — callers wanting the filter's rows ask the service."""
        out: list[OrderRow] = []
        for page in range(len(self._afters)):
            rows = self._cache.get(page)
            out.extend(rows if rows is not None else self._read_page(page))
        return out

    def row_of(self, predicate: Callable[[OrderRow], bool]) -> int:
        """Row of the first held record matching ``predicate``; -1 if none is held (after a
        reload only the first page is held)."""
        for page in sorted(self._cache):
            for offset, record in enumerate(self._cache[page]):
                if predicate(record):
                    return self._firsts[page] + offset
        return -1

    def set_records(self, records: Sequence[OrderRow]) -> None:
        """Show ``records`` as the only page (nothing more to fetch)."""
        self._reset(list(records), None)

    # --- loading ----------------------------------------------------------------------
    def reload(self, order_filter: OrderFilter | None = None, sort: Sort | None = None) -> None:
        """Start again from the first page (new filter or sort, or fresh data)."""
        if order_filter is not None:
            self.order_filter = order_filter
        if sort is not None:
            self.order_sort = sort
        rows, after = self._registers.page(
            self.order_filter, self.order_sort, PageRequest(limit=self.page_size)
        )
        self.total = self._registers.count(self.order_filter)
        self._loaded = True
        self._reset(list(rows), after)
        self.counted.emit(self.total)

    def _reset(self, rows: list[OrderRow], after: Cursor | None) -> None:
        # Listeners of modelReset (item-model testers, views) may ask for more rows while the
        # reset is still being announced; the next page comes after it, never inside it.
        self._busy = True
        try:
            self.beginResetModel()
            self._cache.clear()
            self._afters, self._firsts, self._lengths = [], [], []
            self._reached = 0
            self._next = None
            if rows:
                self._add_page(None, rows)
                self._next = after
            self.endResetModel()
        finally:
            self._busy = False

    def _add_page(self, starts_after: Cursor | None, rows: list[OrderRow]) -> None:
        self._afters.append(starts_after)
        self._firsts.append(self._reached)
        self._lengths.append(len(rows))
        self._reached += len(rows)
        self._keep(len(self._afters) - 1, rows)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None and not self._busy

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._next is None or self._busy:
            return
        starts_after = self._next
        rows, after = self._registers.page(
            self.order_filter,
            self.order_sort,
            PageRequest(limit=self.page_size, after=starts_after),
        )
        self._next = after if rows else None
        if not rows:
            return
        # Listeners of rowsAboutToBeInserted/rowsInserted may ask for more at once: the next
        # page comes after this insertion, never inside it (as for a reset).
        self._busy = True
        try:
            first = self._reached
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._add_page(starts_after, list(rows))
            self.endInsertRows()
        finally:
            self._busy = False

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
