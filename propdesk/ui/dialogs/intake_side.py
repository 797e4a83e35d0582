"""Beside the intake form: the chosen unit, warnings (重复报修 / 返修) and the unit's recent
orders (double-click opens one)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from propdesk.domain.deadlines import TimeRules
from propdesk.domain.records import OrderRow, OrderWarning, UnitRecord

from ..models.order_rows import HISTORY_COLUMNS, OrderRowsModel
from ..widgets.record_view import RecordView

WARNING_STYLE = (
    "background:#fff3cd; color:#5c3d00; border:1px solid #e0b000; padding:6px; font-weight:bold;"
)


class IntakeSide(QWidget):
    def __init__(self, now: datetime, rules: TimeRules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        unit_box = QGroupBox("房屋信息", self)
        unit_layout = QVBoxLayout(unit_box)
        self.unit_label = QLabel("输入房号后显示住户和该房号的近期工单", unit_box)
        self.unit_label.setObjectName("unitInfo")
        self.unit_label.setWordWrap(True)
        unit_layout.addWidget(self.unit_label)
        layout.addWidget(unit_box)

        self.warnings = QLabel(self)
        self.warnings.setObjectName("intakeWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.hide()
        layout.addWidget(self.warnings)

        history_box = QGroupBox("该房号近期工单", self)
        history_layout = QVBoxLayout(history_box)
        self.history = OrderRowsModel(HISTORY_COLUMNS, now, rules, parent=self)
        self.history_view = RecordView(history_box)
        self.history_view.setObjectName("unitHistory")
        self.history_view.setModel(self.history)
        history_layout.addWidget(self.history_view)
        layout.addWidget(history_box, 1)

    def show_unit(self, unit: UnitRecord | None, typed: str = "") -> None:
        if unit is None:
            self.unit_label.setText(
                f"房号“{typed}”不在房屋台账中" if typed else "输入房号后显示住户和该房号的近期工单"
            )
            return
        phones = "、".join(p for p in (unit.phone, unit.phone2) if p) or "—"
        note = f"<br>备注：{unit.note}" if unit.note else ""
        self.unit_label.setText(
            f"<b>{unit.code}</b>　住户：{unit.owner_name or '—'}　电话：{phones}{note}"
        )

    def show_history(self, rows: Sequence[OrderRow], now: datetime) -> None:
        self.history.set_clock(now)
        self.history.set_records(rows)

    def show_warnings(self, warnings: Sequence[OrderWarning]) -> None:
        if not warnings:
            self.warnings.hide()
            self.warnings.clear()
            return
        self.warnings.setText("\n".join(f"⚠ {w.message}" for w in warnings))
        self.warnings.show()

    def warning_text(self) -> str:
        return self.warnings.text() if not self.warnings.isHidden() else ""
