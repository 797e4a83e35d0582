"""派工 / 改派: choose technicians (several) or a department, the time and a note."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from propdesk.domain.enums import Kind, Status
from propdesk.domain.records import OrderRecord, OrderResult

from ..session import Session
from ..widgets.staff_picker import StaffPicker
from .action_base import ActionDialog


class DispatchDialog(ActionDialog):
    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        redispatch = order.status is Status.DISPATCHED
        super().__init__(session, order, "改派" if redispatch else "派工", parent)
        ref = session.services.reference
        self.picker = StaffPicker(ref.staff(), ref.departments(), self)
        self.add_field("", self.picker, "维修人员")
        # a refusal naming 维修人员 marks and focuses the list, not the whole picker
        self.fields["维修人员"] = self.picker.staff_list
        self.fields["处理部门"] = self.picker.department
        self.picker.put_first(order.department_id)
        if order.last_dispatch is not None:
            self.picker.set_selected(order.last_dispatch.staff_ids)
        # 报事 may go to a department as a whole; a repair needs a technician chosen
        if order.kind is Kind.MATTER:
            self.picker.set_department(order.department_id)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("可填写交代事项，如带梯子、先电话联系")
        self.add_field("备注", self.note)
        self.add_time("派工时间")
        self.resize(520, 480)
        # the clerk starts by choosing who goes (Space ticks, Return dispatches), never on 派工
        self.picker.staff_list.setCurrentRow(0)
        self.picker.staff_list.setFocus()

    def perform(self) -> OrderResult:
        return self.session.services.workflow.dispatch(
            self.order.id,
            self.session.user,
            staff_ids=self.picker.selected_staff_ids(),
            department_id=self.picker.department_id(),
            at=self.time_edit.value(),
            note=self.note.text().strip(),
            expected_version=self.order.version,
        )
