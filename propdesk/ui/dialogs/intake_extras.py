"""The intake form's row for issue 11: 重要 (ticked by default for complaints and VIP owners, as
the office's settings say), 备注, and 当场答复 for a 报事 answered at the desk."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from propdesk.domain.settings import OfficeSettings


class IntakeExtras(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        first = QHBoxLayout()
        self.important = QCheckBox("重要（30天内二次回访）", self)
        self.important.setObjectName("important")
        self.remark = QLineEdit(self)
        self.remark.setObjectName("remark")
        self.remark.setPlaceholderText("备注（打印在派工单上，可搜索）")
        first.addWidget(self.important)
        first.addWidget(self.remark, 1)
        outer.addLayout(first)
        second = QHBoxLayout()
        self.answered = QCheckBox("当场答复（报事，不派工）", self)
        self.answered.setObjectName("answered")
        self.answer = QLineEdit(self)
        self.answer.setObjectName("answer")
        self.answer.setPlaceholderText("答复内容：咨询、建议或求助已由前台当场答复")
        self.answer.setEnabled(False)
        second.addWidget(self.answered)
        second.addWidget(self.answer, 1)
        outer.addLayout(second)
        self.answered.toggled.connect(self._answered_toggled)
        self._auto_important = True  # the box follows the office's default until clicked
        self.important.clicked.connect(lambda: setattr(self, "_auto_important", False))

    def _answered_toggled(self, on: bool) -> None:
        self.answer.setEnabled(on)
        if on:
            self.answer.setFocus()

    def set_matter(self, matter: bool) -> None:
        """当场答复 is offered for 报事 only."""
        self.answered.setEnabled(matter)
        if not matter:
            self.answered.setChecked(False)

    def suggest_important(
        self, settings: OfficeSettings, is_complaint: bool, unit_code: str
    ) -> None:
        """Tick 重要 as the office's default says, unless the clerk has chosen."""
        if self._auto_important:
            self.important.setChecked(settings.important_by_default(is_complaint, unit_code))

    def answer_text(self) -> str:
        return self.answer.text() if self.answered.isChecked() else ""

    def reset(self) -> None:
        self._auto_important = True
        self.important.setChecked(False)
        self.remark.clear()
        self.answered.setChecked(False)
        self.answer.clear()
