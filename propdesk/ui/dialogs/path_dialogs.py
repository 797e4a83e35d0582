"""The dialogs of the lifecycle's side paths (issue 11): 当场答复, 委外 and its result, 业主拒绝
(已备案), 审价 and 重要/备注."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from propdesk.domain.money import format_yuan
from propdesk.domain.records import OrderRecord, OrderResult

from ..session import Session
from .action_base import ActionDialog


def _text_box(parent: QWidget, placeholder: str, height: int = 80) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class AnswerDialog(ActionDialog):
    """当场答复 a waiting 报事 (no dispatch, no slip)."""

    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "当场答复", parent)
        self.answer = _text_box(self, "向业主答复的内容")
        self.add_field("答复内容*", self.answer, "答复内容")
        self.add_time("答复时间")

    def perform(self) -> OrderResult:
        return self.session.services.paths.answer(
            self.order.id,
            self.session.user,
            answer=self.answer.toPlainText(),
            at=self.time_edit.value(),
            expected_version=self.order.version,
        )


class OutsourceDialog(ActionDialog):
    """委外: the firm, its contact, the agreed price, and the customer's consent."""

    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "委外", parent)
        self.firm = QLineEdit(self)
        self.firm.setPlaceholderText("如：电梯维保公司、玻璃公司")
        self.add_field("委外单位*", self.firm, "委外单位")
        self.contact = QLineEdit(self)
        self.contact.setPlaceholderText("联系人及电话")
        self.add_field("联系人", self.contact, "委外联系人")
        self.price = QLineEdit(self)
        self.price.setPlaceholderText("元，可不填")
        self.add_field("约定价格", self.price, "委外价格")
        self.consent = QCheckBox("客户已同意委外处理", self)
        self.add_field("客户同意*", self.consent, "客户同意")
        self.add_time("委外时间")

    def perform(self) -> OrderResult:
        return self.session.services.paths.outsource(
            self.order.id,
            self.session.user,
            firm=self.firm.text(),
            contact=self.contact.text(),
            price=self.price.text(),
            consent=self.consent.isChecked(),
            at=self.time_edit.value(),
            expected_version=self.order.version,
        )


class OutsourceResultDialog(ActionDialog):
    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "委外结果", parent)
        self.result_text = _text_box(self, "委外单位的处理结果")
        self.add_field("处理结果*", self.result_text, "委外处理结果")
        self.add_time("完成时间")

    def perform(self) -> OrderResult:
        return self.session.services.paths.outsource_result(
            self.order.id,
            self.session.user,
            result=self.result_text.toPlainText(),
            at=self.time_edit.value(),
            expected_version=self.order.version,
        )


class DeclineDialog(ActionDialog):
    """The owner declines the price or the repair: closed on record (已备案)."""

    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "业主拒绝备案", parent)
        self.reason = _text_box(self, "如：业主不同意收费、业主不需要维修")
        self.add_field("拒绝原因*", self.reason, "业主拒绝原因")
        self.add_time("备案时间")

    def perform(self) -> OrderResult:
        return self.session.services.paths.decline(
            self.order.id,
            self.session.user,
            reason=self.reason.toPlainText(),
            at=self.time_edit.value(),
            expected_version=self.order.version,
        )


#: how the 审价 dialog marks a price outside the 收费标准 (red, as a refused field)
OUTSIDE = '<span style="color:#c00000;">（收费标准外）</span>'


class ApprovePriceDialog(ActionDialog):
    """The 工程主管 approves the fee lines priced outside the 收费标准."""

    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "审价", parent)
        unlisted = order.unlisted_lines
        lines = "<br>".join(
            f"{m.name} {m.quantity}{m.unit} × {format_yuan(m.unit_price_fen)} 元"
            + (f"{OUTSIDE}" if i in unlisted else "")
            for i, m in enumerate(order.materials, start=1)
        )
        labour = f"人工费 {format_yuan(order.labour_fen)} 元"
        if order.labour_unlisted:
            assert order.labour_listed_fen is not None
            labour += (
                f"{OUTSIDE}（收费标准人工 {format_yuan(order.labour_listed_fen)} 元）"
                if order.labour_listed_fen
                else OUTSIDE
            )
        summary = QLabel(
            f"{labour}<br>{lines}<br><b>合计 {format_yuan(order.total_fen)} 元</b>",
            self,
        )
        summary.setObjectName("priceSummary")
        summary.setWordWrap(True)
        self.add_field("收费明细", summary)

    def perform(self) -> OrderResult:
        return self.session.services.paths.approve_price(
            self.order.id, self.session.user, expected_version=self.order.version
        )


class NotesDialog(ActionDialog):
    """重要 flag and the free 备注."""

    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "重要/备注", parent)
        self.important = QCheckBox("重要（30天内二次回访）", self)
        self.important.setChecked(order.important)
        self.add_field("重要", self.important)
        self.remark = _text_box(self, "备注（打印在派工单上）")
        self.remark.setPlainText(order.remark)
        self.add_field("备注", self.remark)

    def perform(self) -> OrderResult:
        return self.session.services.paths.set_notes(
            self.order.id,
            self.session.user,
            important=self.important.isChecked(),
            remark=self.remark.toPlainText(),
            expected_version=self.order.version,
        )
