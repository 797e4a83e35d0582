"""The KPI cards of the 统计报表 tab: a figure of the month, last month's beside it, an arrow
coloured by whether the change is for the better."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from propdesk.domain.kpi import KPI_BY_KEY, Average, Figures, KpiLine, Ratio

#: The cards, in reading order (two rows of nine).
CARD_KEYS = (
    "received",
    "completed",
    "completion",
    "timely",
    "zero_repair",
    "visit",
    "visit_timely",
    "follow_up",
    "satisfaction",
    "rework",
    "pass_rate",
    "response",
    "repair_time",
    "declined",
    "outsourced",
    "collected",
    "outstanding",
    "complaint_contact",
)
#: Cards whose titles differ from the summary line's label.
CARD_TITLES = {
    "received": "本月受理",
    "response": "平均响应（分钟）",
    "repair_time": "平均维修（分钟）",
    "collected": "有偿已收（元）",
    "outstanding": "有偿未收（元）",
    "complaint_contact": "投诉处理及时率",
}
#: +1: higher is better; -1: lower is better; others neutral.
DIRECTION = {
    "completion": 1,
    "timely": 1,
    "zero_repair": 1,
    "visit": 1,
    "visit_timely": 1,
    "pass_rate": 1,
    "follow_up": 1,
    "complaint_contact": 1,
    "satisfaction": 1,
    "rework": -1,
    "response": -1,
    "repair_time": -1,
    "outstanding": -1,
}
BETTER, WORSE, NEUTRAL = "#2e7d32", "#c62828", "#757575"


def comparable(line: KpiLine, f: Figures) -> Decimal | None:
    v = line.get(f)
    if isinstance(v, Ratio):
        return v.value
    if isinstance(v, Average):
        return v.minutes
    return Decimal(v)


class KpiCard(QFrame):
    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = KPI_BY_KEY[key]
        self.setObjectName(f"card_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"QFrame#card_{key} {{ background: #f7f9fc; border: 1px solid #d5dde8; "
            "border-radius: 4px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        self.title = QLabel(CARD_TITLES.get(key, self.line.label.strip()), self)
        self.title.setStyleSheet("color: #555;")
        self.value = QLabel("—", self)
        self.value.setObjectName(f"figure_{key}")
        self.value.setStyleSheet("font-size: 20pt; font-weight: bold; color: #1f2d3d;")
        self.compare = QLabel(self)
        self.compare.setObjectName(f"last_{key}")
        for label in (self.title, self.value, self.compare):
            layout.addWidget(label)
        self.setToolTip(self.line.note)

    def show_figures(self, this: Figures, last: Figures) -> None:
        self.value.setText(self.line.text(this))
        now, before = comparable(self.line, this), comparable(self.line, last)
        arrow, colour = "", NEUTRAL
        if now is not None and before is not None and now != before:
            arrow = "▲" if now > before else "▼"
            direction = DIRECTION.get(self.line.key, 0)
            if direction:
                colour = BETTER if (now > before) == (direction > 0) else WORSE
        self.compare.setText(f"上月 {self.line.text(last)} {arrow}".rstrip())
        self.compare.setStyleSheet(f"color: {colour};")
        counts = self.line.counts(this)
        tip = self.line.explain(this)
        if counts:
            tip = f"{tip}\n本月：{counts}" if tip else f"本月：{counts}"
        self.setToolTip(tip)
