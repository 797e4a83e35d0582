"""未完成: why the job was not finished and the new time agreed with the owner; the order goes
back to 待派工, or — ticked — is dispatched again at once (same order, a new dispatch record)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QCheckBox, QPlainTextEdit, QWidget

from propdesk.domain.records import OrderRecord, OrderResult

from ..session import Session
from ..widgets.staff_picker import StaffPicker
from ..widgets.time_edit import OptionalTimeEdit
from .action_base import ActionDialog


class IncompleteDialog(ActionDialog):
    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "未完成", parent)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(64)
        self.reason.setPlaceholderText("如：需购买配件、业主不在家")
        self.add_field("未完成原因*", self.reason, "未完成原因")
        tomorrow = (session.now() + timedelta(days=1)).replace(hour=9, minute=0, second=0)
        self.appointment = OptionalTimeEdit("约定", tomorrow, self)
        self.add_field("与业主约定时间", self.appointment, "新预约时间")
        self.redispatch = QCheckBox("立即重新派工（否则回到待派工，等约定时间再派）", self)
        self.redispatch.setObjectName("redispatchNow")
        self.add_field("重新派工", self.redispatch)
        ref = session.services.reference
        self.picker = StaffPicker(ref.staff(), ref.departments(), self)
        self.picker.department.setEnabled(False)
        if order.last_dispatch is not None:
            self.picker.set_selected(order.last_dispatch.staff_ids)
        self.picker.setEnabled(False)
        self.redispatch.toggled.connect(self.picker.setEnabled)
        self.add_field("派给", self.picker, "维修人员")
        self.add_time("登记时间")
        self.resize(540, 520)

    def perform(self) -> OrderResult:
        return self.session.services.workflow.incomplete(
            self.order.id,
            self.session.user,
            reason=self.reason.toPlainText(),
            new_appointment=self.appointment.value(),
            redispatch=self.redispatch.isChecked(),
            staff_ids=self.picker.selected_staff_ids() or None,
            at=self.time_edit.value(),
            expected_version=self.order.version,
        )
