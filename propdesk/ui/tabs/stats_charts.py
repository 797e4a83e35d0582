"""The charts of the 统计报表 tab (QtCharts): orders received per day, by category, and per
technician. Each is built fresh from a ``MonthReport``."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from propdesk.domain.report_rows import MonthReport

REPAIR_COLOUR, MATTER_COLOUR, DONE_COLOUR = "#4472c4", "#ed7d31", "#70ad47"


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(_font(10, bold=True))
    chart.legend().setFont(_font(8))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    return chart


def _bar_set(name: str, values: Sequence[int], colour: str) -> QBarSet:
    bars = QBarSet(name)
    bars.append([float(v) for v in values])
    bars.setColor(QColor(colour))
    bars.setBorderColor(QColor(colour))
    return bars


def _value_axis(top: int) -> QValueAxis:
    axis = QValueAxis()
    axis.setLabelFormat("%d")
    axis.setLabelsFont(_font(7.5))
    axis.setRange(0, max(top, 4))
    axis.applyNiceNumbers()  # round ticks: 0, 20, 40 … instead of 0, 19, 39 …
    return axis


def _category_axis(names: Sequence[str]) -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    axis.append(list(names))
    axis.setLabelsFont(_font(7.5))
    return axis


def daily_chart(r: MonthReport) -> QChart:
    chart = _chart(f"{r.title}每日受理量")
    series = QStackedBarSeries()
    series.append(_bar_set("报修", [d[1] for d in r.daily], REPAIR_COLOUR))
    series.append(_bar_set("报事", [d[2] for d in r.daily], MATTER_COLOUR))
    chart.addSeries(series)
    # a labelled value axis: bars stand at 0 … n-1; every day's number would not fit
    x = QCategoryAxis()
    x.setRange(-0.5, len(r.daily) - 0.5)
    x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    x.setLabelsFont(_font(7.5))
    x.setGridLineVisible(False)
    for i, (day, _repair, _matter) in enumerate(r.daily):
        if day.day == 1 or day.day % 5 == 0:
            x.append(f"{day.day}日", i)
    y = _value_axis(max((d[1] + d[2] for d in r.daily), default=0))
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)
    return chart


def _horizontal(title: str, names: Sequence[str], sets: Sequence[QBarSet]) -> QChart:
    chart = _chart(title)
    series = QHorizontalBarSeries()
    for bars in sets:
        series.append(bars)
    chart.addSeries(series)
    y = _category_axis(list(names))
    top = max((int(b.at(i)) for b in sets for i in range(b.count())), default=0)
    x = _value_axis(top)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(y)
    series.attachAxis(x)
    if len(sets) == 1:
        chart.legend().hide()
    return chart


def category_chart(r: MonthReport, limit: int = 10) -> QChart:
    """受理 by top-level category: the ``limit`` largest, largest at the top."""
    lines = sorted(r.by_root, key=lambda g: g.figures.received, reverse=True)[:limit]
    lines.reverse()  # horizontal bars draw the first category at the bottom
    return _horizontal(
        "各大类受理量",
        [g.name for g in lines],
        [_bar_set("受理", [g.figures.received for g in lines], REPAIR_COLOUR)],
    )


def technician_chart(r: MonthReport, limit: int = 12) -> QChart:
    lines = sorted(r.technicians, key=lambda g: g.figures.valid, reverse=True)[:limit]
    lines.reverse()
    return _horizontal(
        "维修人员工作量",
        [g.name for g in lines],
        [
            _bar_set("工单", [g.figures.valid for g in lines], REPAIR_COLOUR),
            _bar_set("已完成", [g.figures.completed for g in lines], DONE_COLOUR),
        ],
    )


class ChartView(QChartView):
    """A chart view that takes a new chart on each reload and lets the old one go."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)

    def show_chart(self, chart: QChart) -> None:
        old = self.chart()
        self.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
