"""有偿收费: finance marks a paid order 已收 (receipt number, date), 随管理费收取, 减免 (reason,
manager only) or back to 未收."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from propdesk.domain.enums import FeeStatus
from propdesk.domain.money import format_yuan
from propdesk.domain.records import OrderRecord, OrderResult

from ..session import Session
from ..widgets.combos import fill, select
from .action_base import ActionDialog


class FeeStatusDialog(ActionDialog):
    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "登记收费", parent)
        amount = QLabel(
            f"￥{format_yuan(order.total_fen)}（人工 {format_yuan(order.labour_fen)}，"
            f"材料 {format_yuan(order.material_fen)}）",
            self,
        )
        self.add_field("应收金额", amount)
        self.status = QComboBox(self)
        self.status.setObjectName("feeStatus")
        fill(self.status, [(s.label, s.value) for s in FeeStatus])
        select(self.status, (order.fee_status or FeeStatus.UNPAID).value)
        self.add_field("收费状态", self.status)
        self.receipt = QLineEdit(order.receipt_no, self)
        self.receipt.setObjectName("receipt")
        self.add_field("收据号", self.receipt)
        self.reason = QLineEdit(order.fee_note, self)
        self.reason.setObjectName("reason")
        self.add_field("减免原因", self.reason)
        self.add_time("收费日期")
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()

    def set_status(self, status: FeeStatus) -> None:
        select(self.status, status.value)

    def _status_changed(self) -> None:
        status = FeeStatus(self.status.currentData())
        self.receipt.setEnabled(status in (FeeStatus.PAID, FeeStatus.WITH_MGMT_FEE))
        self.reason.setEnabled(status is FeeStatus.WAIVED)
        self.time_edit.setEnabled(status in (FeeStatus.PAID, FeeStatus.WITH_MGMT_FEE))

    def perform(self) -> OrderResult:
        return self.session.services.fees.set_status(
            self.order.id,
            FeeStatus(self.status.currentData()),
            self.session.user,
            receipt_no=self.receipt.text(),
            paid_at=self.time_edit.value(),
            reason=self.reason.text(),
            expected_version=self.order.version,
        )
