"""The order steps that need only a time and perhaps a text: 到场, 回单, 取消, 转开发商,
开发商处理结果, 重开."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from propdesk.domain.records import OrderRecord, OrderResult
from propdesk.services.slip_scan import scanned_number

from ..messages import show_message
from ..session import Session
from ..widgets.scan_return import ScanEdit
from ..widgets.time_edit import OptionalTimeEdit
from .action_base import ActionDialog


def _text_box(parent: QWidget, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(80)
    return box


class ArriveDialog(ActionDialog):
    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "到场", parent)
        self.add_time("到达时间")

    def perform(self) -> OrderResult:
        return self.session.services.workflow.arrive(
            self.order.id,
            self.session.user,
            at=self.time_edit.value(),
            expected_version=self.order.version,
        )


class ReturnSlipDialog(ActionDialog):
    """回单 of one order; scanning the slip's code (a scanner types the number and Return)
    confirms it is this order's slip and records it, another slip's number is refused."""

    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "回单", parent)
        self.add_time("回单时间")
        self.scan_edit = ScanEdit(self)
        self.scan_edit.setObjectName("returnScan")
        self.scan_edit.setPlaceholderText("扫描派工单条码，核对后即回单")
        self.scan_edit.scanned.connect(self._scanned)
        self.add_field("扫码回单", self.scan_edit)
        self.scan_edit.setFocus()

    def _scanned(self, text: str) -> None:
        number = scanned_number(text)
        if number != self.order.number:
            self.mark_error("扫码回单")
            self.error_box = show_message(
                self,
                f"扫到的是工单 {number or '（空）'} 的派工单，不是本工单 {self.order.number}，未回单",
            )
            return
        self.accept()

    def perform(self) -> OrderResult:
        return self.session.services.workflow.return_slip(
            self.order.id,
            self.session.user,
            at=self.time_edit.value(),
            expected_version=self.order.version,
        )


class CancelDialog(ActionDialog):
    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "取消工单", parent)
        self.reason = _text_box(self, "如：业主已自行处理、重复登记")
        self.add_field("取消原因*", self.reason, "取消原因")
        self.add_time("取消时间")

    def perform(self) -> OrderResult:
        return self.session.services.workflow.cancel(
            self.order.id,
            self.session.user,
            reason=self.reason.toPlainText(),
            at=self.time_edit.value(),
            expected_version=self.order.version,
        )


class ToDeveloperDialog(ActionDialog):
    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "转开发商", parent)
        self.note = _text_box(
            self, "开发商保修期内，转交开发商处理的说明（如维修中发现的保修缺陷）"
        )
        self.add_field("说明", self.note)
        self.contact = QLineEdit(self)
        self.contact.setPlaceholderText("开发商联系人及电话")
        self.add_field("开发商联系人", self.contact, "开发商联系人")
        self.notified = OptionalTimeEdit("已通知", session.now(), self)
        self.add_field("通知开发商时间", self.notified, "通知开发商时间")
        self.add_time("转交时间")

    def perform(self) -> OrderResult:
        return self.session.services.workflow.to_developer(
            self.order.id,
            self.session.user,
            note=self.note.toPlainText(),
            contact=self.contact.text(),
            notified_at=self.notified.value(),
            at=self.time_edit.value(),
            expected_version=self.order.version,
        )


class DeveloperResultDialog(ActionDialog):
    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "开发商处理结果", parent)
        self.result_text = _text_box(self, "开发商的处理结果")
        self.add_field("处理结果*", self.result_text, "处理结果")
        self.add_time("完成时间")

    def perform(self) -> OrderResult:
        return self.session.services.workflow.developer_result(
            self.order.id,
            self.session.user,
            result=self.result_text.toPlainText(),
            at=self.time_edit.value(),
            expected_version=self.order.version,
        )


class ReopenDialog(ActionDialog):
    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "重开工单", parent)
        self.reason = _text_box(self, "重开的原因（记入审计日志）")
        self.add_field("重开原因*", self.reason, "重开原因")

    def perform(self) -> OrderResult:
        return self.session.services.workflow.reopen(
            self.order.id,
            self.session.user,
            reason=self.reason.toPlainText(),
            expected_version=self.order.version,
        )
