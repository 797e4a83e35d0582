"""报事报修: every order, filtered and sorted in SQL and loaded a page at a time as the clerk
scrolls; overdue rows red, soon-due amber; the row count of the whole filter."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from propdesk.domain.filters import OrderFilter, Sort
from propdesk.domain.records import Changes, OrderRow

from ..models.order_rows import REGISTER_COLUMNS
from ..models.paged_orders import PagedOrderModel
from ..session import Session
from ..widgets.record_view import RecordView
from ..widgets.search_box import DownIntoResults
from .base import LazyTabPage


class RegisterTab(LazyTabPage):
    title = "报事报修"

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, lazy: bool = False
    ) -> None:
        super().__init__(session, parent, lazy=lazy)
        if not lazy:
            self.ensure_built()

    def build(self) -> None:
        from .register_filters import RegisterFilters  # its combos and date edits: when built

        session = self.session
        layout = QVBoxLayout(self)
        self.filters = RegisterFilters(session.services.reference, session.now().date(), self)
        layout.addWidget(self.filters)
        self.model = PagedOrderModel(
            session.services.registers,
            REGISTER_COLUMNS,
            session.now(),
            session.settings().rules,
            sort=Sort("received_at", descending=True),
            parent=self,
        )
        self.view = RecordView(self)
        self.view.setObjectName("registerView")
        self.view.setModel(self.model)
        self.view.remember_columns(session.prefs, "register")
        header = self.view.horizontalHeader()
        header.setSortIndicator(self.model.column_of("received_at"), Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.view.record_activated.connect(self._open)
        layout.addWidget(self.view, 1)
        DownIntoResults(self.filters.search, self.view, self.filters.flush_search)

        bottom = QHBoxLayout()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("registerCount")
        bottom.addWidget(self.count_label, 1)
        legend = QLabel(
            "<span style='background:#f8d0d0; color:#8b0000;'>&nbsp;红色：已超时&nbsp;</span>　"
            "<span style='background:#ffe9b3; color:#5c3d00;'>&nbsp;黄色：即将到期&nbsp;</span>",
            self,
        )
        bottom.addWidget(legend)
        new_button = QPushButton("新建工单 (Ctrl+N)", self)
        new_button.clicked.connect(session.new_order_requested.emit)
        bottom.addWidget(new_button)
        # 导出Excel (issue 5): the view as filtered and sorted, with the 明细 columns
        self.export_button = QPushButton("导出Excel…", self)
        self.export_button.setObjectName("registerExport")
        self.export_button.clicked.connect(self.export_view)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)
        self.filters.changed.connect(self.reload)
        self.model.counted.connect(self._show_count)

    def wants(self, changes: Changes) -> bool:
        if self.built and (changes.staff or changes.categories or changes.settings):
            self.filters.load_choices()  # (an unbuilt tab loads them when built)
        return bool(changes.order_ids) or changes.staff or changes.categories

    def current_filter(self) -> OrderFilter:
        return self.filters.order_filter()

    def reload(self) -> None:
        self.model.set_clock(self.session.now(), self.session.settings().rules)
        self.model.reload(self.current_filter())

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if self.model.sort_key_of(column) is None:
            # this column is not sortable in SQL: put the indicator back
            current = self.model.column_of(self.model.order_sort.key)
            previous = (
                Qt.SortOrder.DescendingOrder
                if self.model.order_sort.descending
                else Qt.SortOrder.AscendingOrder
            )
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(current, previous)
            header.blockSignals(False)

    def export_view(self) -> None:
        from ..export_orders import export_orders

        export_orders(self.session, self.current_filter(), self.model.order_sort, self, "工单")

    def _show_count(self, total: int) -> None:
        self.count_label.setText(f"共 {total} 条工单")

    def _open(self, row: OrderRow) -> None:
        self.session.open_order_requested.emit(row.id)

    def on_tick(self, now: datetime) -> None:
        self.filters.today = now.date()  # 今天/本月 follow the clock past midnight
        self.model.set_clock(now, self.session.settings().rules)  # as changed since
