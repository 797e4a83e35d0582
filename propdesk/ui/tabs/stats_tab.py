"""统计报表: pick a month; its KPI cards with last month beside them, the charts (daily volume,
by category, per technician), and the monthly workbook exported with a progress dialog.

The figures are ``StatisticsService.month`` — the same definitions and queries as the
workbook, each reproducible by the SQL in the README (统计口径)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.errors import UserError
from propdesk.domain.permissions import Perm
from propdesk.domain.records import Changes

from ..messages import show_error
from ..session import Session
from .base import LazyTabPage

if TYPE_CHECKING:  # the statistics service (openpyxl) and the charts (QtCharts): on first use
    from propdesk.services.statistics import (
        ExportProgress,
        ExportResult,
        MonthData,
        StatisticsService,
    )

    from ..export_run import ExportRunner
    from .stats_cards import KpiCard
    from .stats_charts import ChartView

CARD_COLUMNS = 9


class StatsTab(LazyTabPage):
    """Built on first show in the main window (``lazy=True``): QtCharts and the statistics
    service with its workbook writer (openpyxl) are imported then, not at start-up."""

    title = "统计报表"

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, lazy: bool = False
    ) -> None:
        super().__init__(session, parent, lazy=lazy)
        self.allowed = session.can(Perm.VIEW_STATS)
        self.data: MonthData | None = None
        self.runner: ExportRunner | None = None
        if not lazy:
            self.ensure_built()

    def build(self) -> None:
        from propdesk.services.statistics import StatisticsService

        from .stats_cards import CARD_KEYS, KpiCard
        from .stats_charts import ChartView

        session = self.session
        self.stats: StatisticsService = StatisticsService(session.services.ctx)
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        top.addWidget(QLabel("统计月份", self))
        today = session.now().date()
        self.month = QDateEdit(QDate(today.year, today.month, 1), self)
        self.month.setObjectName("statsMonth")
        self.month.setDisplayFormat("yyyy年MM月")
        self.month.setCalendarPopup(True)
        top.addWidget(self.month)
        self.prev_button = QPushButton("‹ 上月", self)
        self.next_button = QPushButton("下月 ›", self)
        refresh = QPushButton("刷新", self)
        for button in (self.prev_button, self.next_button, refresh):
            top.addWidget(button)
        top.addStretch(1)
        self.export_button = QPushButton("导出Excel…", self)
        self.export_button.setObjectName("exportMonth")
        self.export_button.setToolTip(
            "汇总、分类统计、维修人员工作量、零修及时率、有偿服务登记表、"
            "未完成工单、明细，一个月一个工作簿"
        )
        top.addWidget(self.export_button)
        layout.addLayout(top)

        self.caption = QLabel(self)
        self.caption.setObjectName("statsCaption")
        self.caption.setStyleSheet("color: #555;")
        layout.addWidget(self.caption)

        grid = QGridLayout()
        grid.setSpacing(6)
        self.cards: dict[str, KpiCard] = {}
        for i, key in enumerate(CARD_KEYS):
            card = KpiCard(key, self)
            grid.addWidget(card, i // CARD_COLUMNS, i % CARD_COLUMNS)
            self.cards[key] = card
        layout.addLayout(grid)
        #: the value label of each card (by KPI key)
        self.values = {k: c.value for k, c in self.cards.items()}

        charts = QHBoxLayout()
        self.daily: ChartView = ChartView("dailyChart", self)
        self.by_category = ChartView("categoryChart", self)
        self.by_technician = ChartView("technicianChart", self)
        charts.addWidget(self.daily, 2)
        charts.addWidget(self.by_category, 1)
        charts.addWidget(self.by_technician, 1)
        layout.addLayout(charts, 1)

        self.month.dateChanged.connect(lambda _d: self.reload())
        self.prev_button.clicked.connect(lambda: self.step_month(-1))
        self.next_button.clicked.connect(lambda: self.step_month(1))
        refresh.clicked.connect(self.reload)
        self.export_button.clicked.connect(self.export)
        if not self.allowed:
            text = f"“{session.user.role.label}”无权{Perm.VIEW_STATS.label}。"
            self.caption.setText(text)
            for w in (self.month, self.prev_button, self.next_button, refresh, self.export_button):
                w.setEnabled(False)
            for w in (*self.cards.values(), self.daily, self.by_category, self.by_technician):
                w.hide()

    def wants(self, changes: Changes) -> bool:
        return self.allowed and bool(
            changes.order_ids or changes.staff or changes.categories or changes.settings
        )

    def selected_month(self) -> date:
        d = self.month.date()
        return date(d.year(), d.month(), 1)

    def step_month(self, delta: int) -> None:
        self.month.setDate(self.month.date().addMonths(delta))

    def reload(self) -> None:
        if not self.allowed:
            return
        from propdesk.domain.kpi import previous_month

        from .stats_charts import category_chart, daily_chart, technician_chart

        month = self.selected_month()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.data = self.stats.month(month, self.session.user)
        except UserError as exc:
            show_error(self, exc)
            return
        finally:
            QApplication.restoreOverrideCursor()
        r = self.data.report
        last = previous_month(month)
        self.caption.setText(
            f"{r.title}受理工单 {r.figures.received} 张（其中取消 "
            f"{r.figures.received - r.figures.valid} 张），"
            f"与{last.year}年{last.month}月对比；统计时间 {r.as_of:%Y-%m-%d %H:%M}，"
            "未到时限的不计入及时率。鼠标停在卡片上可看口径。"
        )
        for card in self.cards.values():
            card.show_figures(r.figures, r.previous)
        self.daily.show_chart(daily_chart(r))
        self.by_category.show_chart(category_chart(r))
        self.by_technician.show_chart(technician_chart(r))
        self.next_button.setEnabled(month < self.session.now().date().replace(day=1))

    # --- export ---------------------------------------------------------------------------
    def default_file_name(self) -> str:
        m = self.selected_month()
        return f"{m.year}年{m.month:02d}月报事报修统计.xlsx"

    def export(self) -> ExportResult | None:
        """导出Excel…: ask where (in the folder used last), then write the workbook."""
        from ..export_run import ask_save_path

        path = ask_save_path(self.session, self, "导出月度统计", self.default_file_name())
        return self.export_to(path) if path is not None else None

    def export_to(self, path: Path) -> ExportResult | None:
        from ..export_run import ExportRunner

        month = self.selected_month()

        def run(target: Path, progress: ExportProgress) -> ExportResult:
            return self.stats.export_month(month, self.session.user, target, progress)

        self.runner = ExportRunner(
            self.session, self, f"正在导出{month.year}年{month.month}月统计……", run
        )
        return self.runner.run(path)
