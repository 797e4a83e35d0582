"""回访: method, 评价, the resident's words; an unhappy resident's order may be reopened.
On a closed order the same dialog records a second visit (二次回访)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QPlainTextEdit, QWidget

from propdesk.domain.enums import Satisfaction, Status, VisitMethod
from propdesk.domain.errors import UserError
from propdesk.domain.records import OrderRecord, OrderResult

from ..session import Session
from ..widgets.combos import fill, select
from .action_base import ActionDialog


class VisitDialog(ActionDialog):
    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        title = "二次回访" if order.status is Status.CLOSED else "回访"
        super().__init__(session, order, title, parent)
        self.method = QComboBox(self)
        self.method.setObjectName("method")
        fill(self.method, [(m.label, m.value) for m in VisitMethod])
        self.add_field("回访方式", self.method)
        self.satisfaction = QComboBox(self)
        self.satisfaction.setObjectName("satisfaction")
        fill(self.satisfaction, [(s.label, s.value) for s in Satisfaction])
        # nothing chosen until the resident has answered (a default inflates 满意率)
        self.satisfaction.setPlaceholderText("请选择（询问业主后）")
        self.satisfaction.setCurrentIndex(-1)
        self.add_field("评价*", self.satisfaction, "评价")
        self.opinion = QPlainTextEdit(self)
        self.opinion.setTabChangesFocus(True)
        self.opinion.setFixedHeight(70)
        self.opinion.setPlaceholderText("业主意见")
        self.add_field("业主意见", self.opinion)
        self.reopen = QCheckBox("不满意，重新派工（工单回到待派工）", self)
        self.reopen.setObjectName("reopen")
        self.reopen.setEnabled(False)
        self.reopen.setVisible(order.status is Status.TO_VISIT)
        self.add_field("", self.reopen, "重开")
        self.add_time("回访时间")
        self.satisfaction.currentIndexChanged.connect(self._satisfaction_changed)

    def set_satisfaction(self, value: Satisfaction) -> None:
        select(self.satisfaction, value.value)

    def _satisfaction_changed(self) -> None:
        unhappy = self.satisfaction.currentData() == Satisfaction.UNSATISFIED.value
        self.reopen.setEnabled(unhappy)
        if not unhappy:
            self.reopen.setChecked(False)

    def perform(self) -> OrderResult:
        if self.satisfaction.currentData() is None:
            raise UserError("请选择评价（询问业主是否满意）", "评价")
        return self.session.services.workflow.visit(
            self.order.id,
            self.session.user,
            method=VisitMethod(self.method.currentData()),
            satisfaction=Satisfaction(self.satisfaction.currentData()),
            opinion=self.opinion.toPlainText(),
            reopen=self.reopen.isChecked(),
            at=self.time_edit.value(),
            expected_version=self.order.version,
        )
