"""修改登记信息: correct what was taken at intake (caller, phone, place, category, urgency,
description, appointment, paid, materials, channel). Only changed fields are sent; a closed or
cancelled order needs a manager and a reason (the service decides and audits)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from propdesk.domain.enums import AreaType, MaterialSource, channel_label
from propdesk.domain.errors import UserError
from propdesk.domain.records import OrderRecord, OrderResult

from ..session import Session
from ..widgets.combos import contains_completer, fill, select
from ..widgets.time_edit import OptionalTimeEdit
from .action_base import ActionDialog


class EditOrderDialog(ActionDialog):
    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "修改登记信息", parent)
        ref = session.services.reference
        self.caller = QLineEdit(order.caller_name, self)
        self.add_field("报修人*", self.caller, "报修人")
        self.phone = QLineEdit(order.phone, self)
        self.add_field("联系电话*", self.phone, "联系电话")
        self.location = QLineEdit(order.location, self)
        if order.area_type is AreaType.COMMON:
            self.add_field("公区位置*", self.location, "公区位置")
        else:
            self.location.hide()  # an in-home order has a unit, not a location
        self.category = QComboBox(self)
        contains_completer(self.category)
        fill(self.category, [(c.path, c.id) for c in ref.categories() if c.kind is order.kind])
        select(self.category, order.category_id)
        self.add_field("类别*", self.category, "类别")
        self.urgency = QComboBox(self)
        fill(self.urgency, [(u.name, u.id) for u in ref.urgencies()])
        select(self.urgency, order.urgency_id)
        self.add_field("紧急程度*", self.urgency, "紧急程度")
        self.description = QPlainTextEdit(order.description, self)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        self.add_field("问题描述*", self.description, "问题描述")
        self.appointment = OptionalTimeEdit("预约上门", order.received_at, self)
        self.appointment.set_value(order.appointment_at)
        self.add_field("预约时间", self.appointment, "预约时间")
        self.paid = QCheckBox("有偿服务", self)
        self.paid.setChecked(order.paid)
        self.add_field("服务", self.paid, "有偿/无偿")
        self.material = QComboBox(self)
        fill(self.material, [(m.label, m.value) for m in MaterialSource])
        select(self.material, order.material_source.value)
        self.add_field("材料提供", self.material)
        self.channel = QComboBox(self)
        offered = session.settings().channel_choices
        if order.channel not in offered:  # kept as it was taken
            offered.append(order.channel)
        fill(self.channel, [(channel_label(c), c) for c in offered])
        select(self.channel, order.channel)
        self.add_field("来源渠道", self.channel)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("已关闭或已取消的工单须填写（经理）")
        self.add_field("修改原因", self.reason)
        self.resize(520, self.sizeHint().height())

    def changed_values(self) -> dict[str, Any]:
        """Only what differs from the order as loaded."""
        o = self.order
        category = self.category.findText(self.category.currentText().strip())
        current: dict[str, Any] = {
            "caller_name": self.caller.text().strip(),
            "phone": self.phone.text().strip(),
            "category_id": self.category.itemData(category) if category >= 0 else -1,
            "urgency_id": self.urgency.currentData(),
            "description": self.description.toPlainText().strip(),
            "appointment_at": self.appointment.value(),
            "paid": self.paid.isChecked(),
            "material_source": MaterialSource(self.material.currentData()),
            "channel": self.channel.currentData(),
        }
        if o.area_type is AreaType.COMMON:
            current["location"] = self.location.text().strip()
        before: dict[str, Any] = {
            "caller_name": o.caller_name,
            "phone": o.phone,
            "category_id": o.category_id,
            "urgency_id": o.urgency_id,
            "description": o.description,
            "appointment_at": o.appointment_at.replace(second=0) if o.appointment_at else None,
            "paid": o.paid,
            "material_source": o.material_source,
            "channel": o.channel,
            "location": o.location,
        }
        return {k: v for k, v in current.items() if v != before[k]}

    def perform(self) -> OrderResult:
        if not self.changed_values():
            raise UserError("没有修改任何内容")
        return self.session.services.intake.update_fields(
            self.order.id,
            self.changed_values(),
            self.session.user,
            expected_version=self.order.version,
            reason=self.reason.text(),
        )
