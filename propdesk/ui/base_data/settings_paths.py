"""The 系统设置 group of issue 11: the slip's copies (order, names, paper colours), the intake's
channels and 重要 defaults, 当场答复, the arrival clock, the visit timing and the second visit.
``load(settings)`` fills it, ``apply(settings)`` returns the settings as edited."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from propdesk.domain.settings import OfficeSettings

from ..widgets.combos import fill, select
from .channel_list import ChannelList

SEP = "、"


def copies_text(settings: OfficeSettings) -> str:
    """One line per 联: ``第一联 客户，白``."""
    return "\n".join(
        f"{label}，{colour}" if colour else label for label, colour in settings.copy_labels
    )


def parse_copies(text: str) -> tuple[tuple[str, str], ...]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        label, _, colour = line.replace(",", "，").partition("，")
        out.append((label.strip(), colour.strip()))
    return tuple(out)


class PathSettings(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("派工单各联、接报与回访", parent)
        form = QFormLayout(self)
        self.copies = QPlainTextEdit(self)
        self.copies.setObjectName("copyLabels")
        self.copies.setTabChangesFocus(True)
        self.copies.setFixedHeight(84)
        self.copies.setToolTip("按打印顺序每行一联：联名称，纸色。如“第一联 客户，白”")
        form.addRow("各联（按顺序）", self.copies)
        self.channels = ChannelList(self)
        form.addRow("来源渠道", self.channels)
        self.complaints_important = QCheckBox("投诉默认标为重要", self)
        form.addRow("重要事项", self.complaints_important)
        self.vip_units = QLineEdit(self)
        self.vip_units.setObjectName("vipUnits")
        self.vip_units.setPlaceholderText("VIP业主房号，用“、”分隔；其工单默认标为重要")
        form.addRow("VIP业主房号", self.vip_units)
        self.second_visit_days = QSpinBox(self)
        self.second_visit_days.setRange(1, 365)
        self.second_visit_days.setSuffix(" 天内")
        form.addRow("重要事项二次回访", self.second_visit_days)
        self.answered_needs_visit = QCheckBox("当场答复的报事仍需回访（否则直接关闭）", self)
        form.addRow("当场答复", self.answered_needs_visit)
        self.arrival_clock = QComboBox(self)
        self.arrival_clock.setObjectName("arrivalClock")
        fill(
            self.arrival_clock,
            [("自派工时间起算", False), ("自受理时间起算（接报后N分钟内到场）", True)],
        )
        form.addRow("到场时限", self.arrival_clock)
        self.visit_timing = QComboBox(self)
        self.visit_timing.setObjectName("visitTiming")
        fill(
            self.visit_timing,
            [("完工后N小时内（见“完工后回访”）", False), ("当日回访（前台下班前）", True)],
        )
        form.addRow("回访时限", self.visit_timing)
        #: field names of the service's errors -> widgets
        self.fields = {
            "联名称": self.copies,
            "来源渠道": self.channels.list,
            "VIP业主房号": self.vip_units,
        }

    def load(self, s: OfficeSettings) -> None:
        self.copies.setPlainText(copies_text(s))
        self.channels.set_channels(s.channel_choices)
        self.complaints_important.setChecked(s.complaints_important)
        self.vip_units.setText(SEP.join(s.vip_units))
        self.second_visit_days.setValue(s.rules.second_visit_days)
        self.answered_needs_visit.setChecked(s.answered_needs_visit)
        select(self.arrival_clock, s.rules.arrival_from_received)
        select(self.visit_timing, s.rules.visit_same_day)

    def apply(self, s: OfficeSettings) -> OfficeSettings:
        """``s`` with this group's values (the channel names as listed: the service checks
        them)."""
        units = self.vip_units.text().replace(",", SEP).replace("，", SEP).split(SEP)
        return replace(
            s,
            copy_labels=parse_copies(self.copies.toPlainText()),
            channels=self.channels.channels(),
            complaints_important=self.complaints_important.isChecked(),
            vip_units=tuple(u.strip() for u in units if u.strip()),
            answered_needs_visit=self.answered_needs_visit.isChecked(),
            rules=replace(
                s.rules,
                second_visit_days=self.second_visit_days.value(),
                arrival_from_received=bool(self.arrival_clock.currentData()),
                visit_same_day=bool(self.visit_timing.currentData()),
            ),
        )
