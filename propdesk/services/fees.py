"""有偿收费: finance marks paid orders collected, billed with the management fee, or waived."""

from __future__ import annotations

from datetime import datetime

from propdesk.db import orders_repo
from propdesk.db.connection import write_transaction
from propdesk.domain.enums import FeeStatus, PriceReview
from propdesk.domain.errors import UserError
from propdesk.domain.permissions import perms_for_fee
from propdesk.domain.records import Changes, OrderResult, UserRecord

from .context import ServiceContext
from .order_ops import authorize, edit, load_row, require_text

#: The fee statuses that mean money is taken (refused while a price waits for review).
COLLECTED = (FeeStatus.PAID, FeeStatus.WITH_MGMT_FEE)


class FeeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def set_status(
        self,
        order_id: int,
        status: FeeStatus,
        user: UserRecord,
        *,
        receipt_no: str = "",
        paid_at: datetime | None = None,
        reason: str = "",
        expected_version: int | None = None,
    ) -> OrderResult:
        """Only 财务 marks money collected (已收 / 随管理费收取); only 经理 waives (减免, with a
        reason). 已收 needs a receipt number."""
        if paid_at is not None and paid_at > self.ctx.now():
            raise UserError("收款日期不能晚于当前时间", "收款日期")
        with write_transaction(self.ctx.db):
            row = load_row(order_id)
            current = FeeStatus(row["fee_status"]) if row["fee_status"] else None
            for perm in perms_for_fee(current, status):
                authorize(user, perm)
            if not row["paid"]:
                raise UserError("该工单为无偿服务，无需收费", "收费状态")
            if row["price_review"] == PriceReview.PENDING.value and status in COLLECTED:
                raise UserError(
                    "该工单有收费标准外的价格（待审价），工程主管审价后才能登记收费状态", "收费状态"
                )
            fields: dict[str, object] = {"fee_status": status.value}
            note = status.label
            if status is FeeStatus.PAID:
                fields["receipt_no"] = require_text(receipt_no, "收据号", 64)
                fields["fee_paid_at"] = (paid_at or self.ctx.now()).replace(microsecond=0)
                note += f"，收据号 {fields['receipt_no']}"
            elif status is FeeStatus.WITH_MGMT_FEE:
                fields["fee_paid_at"] = (paid_at or self.ctx.now()).replace(microsecond=0)
                fields["receipt_no"] = receipt_no.strip()
            elif status is FeeStatus.WAIVED:
                reason = require_text(reason, "减免原因", 500)
                fields["fee_note"] = reason
                fields["fee_paid_at"] = None
                note += f"：{reason}"
            else:
                fields.update({"fee_paid_at": None, "receipt_no": ""})
            edit(
                self.ctx,
                row,
                user,
                fields,
                action="fee",
                expected_version=expected_version,
                note=note,
                reason=reason,
            )
            order = orders_repo.load_order(order_id)
        assert order is not None
        return OrderResult(order, Changes.orders(order_id))
