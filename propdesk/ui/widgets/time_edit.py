"""Date-time fields.

``StepTimeEdit``: the time of a step, shown as now; left untouched it means "now" (``value()``
is ``None`` and the service stamps its own clock), edited it is a 补单 time the service checks.
``OptionalTimeEdit``: a time that may be absent (预约时间).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QHBoxLayout, QWidget

DISPLAY_FORMAT = "yyyy-MM-dd HH:mm"


def to_qdt(value: datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, value.second)


def from_qdt(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second())


def _edit(parent: QWidget | None) -> QDateTimeEdit:
    edit = QDateTimeEdit(parent)
    edit.setDisplayFormat(DISPLAY_FORMAT)
    edit.setCalendarPopup(True)
    return edit


class StepTimeEdit(QDateTimeEdit):
    """Defaults to ``now``; ``value()`` is ``None`` unless the user changed it (补单)."""

    def __init__(self, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setCalendarPopup(True)
        self.setToolTip("默认为当前时间；补单时可改为实际发生时间")
        self.reset(now)
        self.dateTimeChanged.connect(self._edited)

    def reset(self, now: datetime) -> None:
        self._now = now
        self.blockSignals(True)
        self.setDateTime(to_qdt(now))
        self.blockSignals(False)
        self._touched = False

    def set_value(self, value: datetime) -> None:
        """Set an explicit time (as if typed)."""
        self.setDateTime(to_qdt(value))
        self._touched = True

    def _edited(self, _value: QDateTime) -> None:
        self._touched = True

    @property
    def touched(self) -> bool:
        return self._touched

    def value(self) -> datetime | None:
        if not self._touched:
            return None
        return from_qdt(self.dateTime()).replace(second=0)


class OptionalTimeEdit(QWidget):
    """A check box that enables a date-time field; ``value()`` is ``None`` when unchecked."""

    def __init__(self, label: str, default: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(label, self)
        self.edit = _edit(self)
        self.edit.setDateTime(to_qdt(default))
        self.edit.setEnabled(False)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.setFocusProxy(self.check)

    def reset(self, default: datetime) -> None:
        self.check.setChecked(False)
        self.edit.setDateTime(to_qdt(default))

    def set_value(self, value: datetime | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDateTime(to_qdt(value))

    def value(self) -> datetime | None:
        if not self.check.isChecked():
            return None
        return from_qdt(self.edit.dateTime()).replace(second=0)
