"""服务中心设置: the printed texts (name, disclaimers), slip copies and paper, and the time
rules of SPEC §4. Saved through ``reference.save_settings`` (audited)."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.deadlines import TimeRules
from propdesk.domain.enums import PaperMode
from propdesk.domain.errors import UserError
from propdesk.domain.permissions import Perm
from propdesk.domain.records import Changes
from propdesk.domain.setting_keys import RULE_NUMBERS, RULE_TIMES
from propdesk.domain.settings import OfficeSettings

from ..messages import show_error, show_message
from ..session import Session
from ..widgets.combos import fill, select
from ..widgets.field_error import mark_error
from .settings_paths import PathSettings

#: (TimeRules field, label, unit suffix, minimum, maximum) for the number rules.
NUMBER_RULES = tuple((k.key, k.label, k.unit, k.minimum, k.maximum) for k in RULE_NUMBERS)
TIME_RULES = tuple((k.key, k.label) for k in RULE_TIMES)


def _qtime(t: time) -> QTime:
    return QTime(t.hour, t.minute)


def _pytime(t: QTime) -> time:
    return time(t.hour(), t.minute())


class SettingsPage(QWidget):
    title = "服务中心设置"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.message: QMessageBox | None = None
        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll, 1)
        body = QWidget(scroll)
        scroll.setWidget(body)
        columns = QHBoxLayout(body)

        left = QVBoxLayout()
        office = QGroupBox("服务中心与派工单", body)
        form = QFormLayout(office)
        self.office_name = QLineEdit(body)
        self.project_name = QLineEdit(body)
        self.office_phone = QLineEdit(body)
        self.copy_count = QComboBox(body)
        fill(self.copy_count, [("四联", 4), ("三联（只印前三联）", 3)])
        self.paper_mode = QComboBox(body)
        fill(self.paper_mode, [(m.label, m.value) for m in PaperMode])
        self.idle_lock = QSpinBox(body)
        self.idle_lock.setRange(0, 240)
        self.idle_lock.setSuffix(" 分钟")
        self.idle_lock.setSpecialValueText("不锁定")
        form.addRow("服务中心名称*", self.office_name)
        form.addRow("项目名称", self.project_name)
        form.addRow("服务中心电话", self.office_phone)
        form.addRow("派工单联数", self.copy_count)
        form.addRow("纸张", self.paper_mode)
        form.addRow("无操作自动锁定", self.idle_lock)
        left.addWidget(office)
        texts = QGroupBox("免责声明（印在派工单上）", body)
        text_form = QFormLayout(texts)
        self.disclaimer_home = QPlainTextEdit(body)
        self.disclaimer_common = QPlainTextEdit(body)
        for box in (self.disclaimer_home, self.disclaimer_common):
            box.setTabChangesFocus(True)
            box.setFixedHeight(96)
        text_form.addRow("入户维修", self.disclaimer_home)
        text_form.addRow("公共部位", self.disclaimer_common)
        left.addWidget(texts)
        self.paths = PathSettings(body)
        left.addWidget(self.paths)
        left.addStretch(1)
        columns.addLayout(left, 3)

        rules_box = QGroupBox("时限规则", body)
        rules_form = QFormLayout(rules_box)
        self.numbers: dict[str, QSpinBox] = {}
        for key, label, suffix, minimum, maximum in NUMBER_RULES:
            spin = QSpinBox(body)
            spin.setRange(minimum, maximum)
            spin.setSuffix(suffix)
            rules_form.addRow(label, spin)
            self.numbers[key] = spin
        self.times: dict[str, QTimeEdit] = {}
        for key, label in TIME_RULES:
            edit = QTimeEdit(body)
            edit.setDisplayFormat("HH:mm")
            rules_form.addRow(label, edit)
            self.times[key] = edit
        note = QLabel(
            "各紧急程度的到场和完成时限在“紧急程度”页设置。修改只影响之后的新时限。", body
        )
        note.setWordWrap(True)
        rules_form.addRow(note)
        columns.addWidget(rules_box, 2)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton("放弃修改", self)
        self.save_button = QPushButton("保存设置", self)
        self.save_button.setObjectName("saveSettings")
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        editable = session.can(Perm.MANAGE_SETTINGS)
        body.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.revert_button.setEnabled(editable)
        if not editable:
            self.save_button.setToolTip(
                f"“{session.user.role.label}”无权{Perm.MANAGE_SETTINGS.label}"
            )
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.load)
        self.fields = {
            "服务中心名称": self.office_name,
            "联数": self.copy_count,
            **self.paths.fields,
        }

    def wants(self, changes: Changes) -> bool:
        return changes.settings

    def load(self) -> None:
        s = self.session.services.reference.settings()
        self.loaded = s
        self.office_name.setText(s.office_name)
        self.project_name.setText(s.project_name)
        self.office_phone.setText(s.office_phone)
        select(self.copy_count, s.copy_count)
        select(self.paper_mode, s.paper_mode.value)
        self.idle_lock.setValue(s.idle_lock_minutes)
        self.disclaimer_home.setPlainText(s.disclaimer_home)
        self.disclaimer_common.setPlainText(s.disclaimer_common)
        for key, spin in self.numbers.items():
            spin.setValue(int(getattr(s.rules, key)))
        for key, edit in self.times.items():
            edit.setTime(_qtime(getattr(s.rules, key)))
        self.paths.load(s)

    def edited(self) -> OfficeSettings:
        rules: TimeRules = replace(
            self.loaded.rules,
            **{k: spin.value() for k, spin in self.numbers.items()},
            **{k: _pytime(edit.time()) for k, edit in self.times.items()},
        )
        edited = self.paths.apply(replace(self.loaded, rules=rules))
        return replace(
            edited,
            office_name=self.office_name.text().strip(),
            project_name=self.project_name.text().strip(),
            office_phone=self.office_phone.text().strip(),
            copy_count=int(self.copy_count.currentData()),
            paper_mode=PaperMode(self.paper_mode.currentData()),
            idle_lock_minutes=self.idle_lock.value(),
            disclaimer_home=self.disclaimer_home.toPlainText().strip(),
            disclaimer_common=self.disclaimer_common.toPlainText().strip(),
        )

    def save(self) -> None:
        for w in self.fields.values():
            w.setStyleSheet("")
        try:
            changes = self.session.services.reference.save_settings(
                self.session.user, self.edited()
            )
        except UserError as exc:
            widget = self.fields.get(exc.field or "")
            if widget is not None:
                mark_error(widget)
            self.message = show_error(self, exc)
            return
        self.session.broadcast(changes)
        self.load()
        self.message = show_message(self, "设置已保存。", "服务中心设置")
