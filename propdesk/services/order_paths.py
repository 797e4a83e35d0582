"""The lifecycle's side paths (SPEC §3, issue 11): 当场答复 at the desk, 委外 to an outside
firm and its result, the owner declining (已备案), the 工程主管's price review (待审价), and
the order's 重要 flag and 备注. Each step is one transaction that returns the fresh order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from propdesk.db import outsource_repo, print_log, second_visit_query
from propdesk.domain.deadlines import second_visit_deadline
from propdesk.domain.enums import MatterType, PriceReview
from propdesk.domain.errors import UserError
from propdesk.domain.lifecycle import Action
from propdesk.domain.money import unlisted_price_lines, yuan_to_fen
from propdesk.domain.permissions import Perm, user_can
from propdesk.domain.phone import mask_phone
from propdesk.domain.records import (
    MaterialLine,
    OrderResult,
    OrderRow,
    OutsourceRecord,
    SecondVisitRow,
    UserRecord,
)

from .context import ServiceContext
from .followup_rules import require_complaint_plan
from .order_ops import authorize, order_result, order_step, require_text
from .registers import RegisterService


def slip_printed(order_id: int) -> bool:
    """Whether a slip of the order was ever printed (only then does it wait for a 回单)."""
    return bool(print_log.printed_slips([order_id]))


def price_review_fields(
    paid: bool, lines: Sequence[MaterialLine], current: str | None, labour_unlisted: bool = False
) -> dict[str, Any]:
    """``price_review`` after a completion: 待审价 when a fee line (or the labour fee) is
    priced outside the 收费标准; an approval already given stays only while none is."""
    if labour_unlisted or unlisted_price_lines(paid, lines):
        return {"price_review": PriceReview.PENDING.value, "price_reviewed_at": None}
    return {} if current == PriceReview.APPROVED.value else {"price_review": None}


def answer_fields(answer: str, at: datetime) -> dict[str, Any]:
    """The order fields of a 报事 answered at the desk: completed by the receiving clerk at
    once, the answer kept as the work done."""
    return {"completed_at": at, "work_done": answer}


def answer_action(needs_visit: bool, matter_type: str | None) -> Action:
    """当场答复 closes at once only where the office says answers need no visit, and never for
    a complaint: a complaint is closed only when the complainant confirms (the visit)."""
    if needs_visit or matter_type == MatterType.COMPLAINT.value:
        return Action.ANSWER
    return Action.ANSWER_CLOSE


class PathsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def answer(
        self,
        order_id: int,
        user: UserRecord,
        *,
        answer: str,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> OrderResult:
        """当场答复 a waiting 报事: completed by the clerk at once; it then waits for the
        return visit, or closes where the office's setting says answers need none."""
        authorize(user, Perm.REGISTER)
        answer = require_text(answer, "答复内容", 2000)
        with order_step(self.ctx, order_id, user, expected_version) as step:
            settings = self.ctx.settings()
            action = answer_action(settings.answered_needs_visit, step.row["matter_type"])
            t = step.begin(action, at, "答复时间", "status_since", "受理时间")
            require_complaint_plan(step.row, "当场答复")
            fields = answer_fields(answer, t)
            if action is Action.ANSWER_CLOSE:
                fields["closed_at"] = t
            step.write(fields, note=answer, rules=settings.rules)
        return order_result(order_id)

    # --- 委外 --------------------------------------------------------------------------

    def outsource(
        self,
        order_id: int,
        user: UserRecord,
        *,
        firm: str,
        contact: str = "",
        price: str = "",
        consent: bool = True,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> OrderResult:
        """委外: the job goes to a specialist firm, arranged by ``user`` with the customer's
        consent (seed 004 §4.1.2 C). The order stays 已委外 until the firm's result."""
        authorize(user, Perm.DISPATCH)
        firm = require_text(firm, "委外单位", 128)
        contact = contact.strip()
        if len(contact) > 128:
            raise UserError("委外联系人不能超过128个字", "委外联系人")
        price_fen = yuan_to_fen(price, "委外价格") if price.strip() else None
        if not consent:
            raise UserError("委外须经客户同意，请确认客户已同意", "客户同意")
        with order_step(self.ctx, order_id, user, expected_version) as step:
            t = step.begin(Action.OUTSOURCE, at, "委外时间")
            outsource_repo.insert(order_id, t, firm, contact, price_fen, user.id, consent)
            price_text = f"，约定价格 {price.strip()} 元" if price_fen is not None else ""
            note = f"{firm}" + (f"（{contact}）" if contact else "") + price_text + "，客户已同意"
            step.write({}, note=note)
        return order_result(order_id)

    def outsource_result(
        self,
        order_id: int,
        user: UserRecord,
        *,
        result: str,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> OrderResult:
        """The firm's result: the order is completed, then waits for its 回单 where a slip was
        printed (a 报事 without one goes to 待回访)."""
        authorize(user, Perm.RECORD_WORK)
        result = require_text(result, "委外处理结果", 2000)
        with order_step(self.ctx, order_id, user, expected_version) as step:
            t = step.begin(Action.OUTSOURCE_RESULT, at, "完成时间", "status_since", "委外时间")
            records = outsource_repo.of_order(order_id)
            assert records, "an outsourced order has its record"
            outsource_repo.record_result(records[-1].id, result, t)
            step.write(
                {"completed_at": t, "work_done": f"{records[-1].firm}：{result}"},
                note=result,
                slip_printed=slip_printed(order_id),
            )
        return order_result(order_id)

    def outsourcings(self, order_id: int) -> list[OutsourceRecord]:
        """The order's 委外 records, oldest first."""
        return outsource_repo.of_order(order_id)

    # --- 已备案 -------------------------------------------------------------------------

    def decline(
        self,
        order_id: int,
        user: UserRecord,
        *,
        reason: str,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> OrderResult:
        """The owner declines the price or the repair: closed on record as 已备案 with the
        reason (seed 002: 交还客户服务部备案). Not completed."""
        authorize(user, Perm.CANCEL)
        reason = require_text(reason, "业主拒绝原因", 500)
        with order_step(self.ctx, order_id, user, expected_version) as step:
            t = step.begin(Action.DECLINE, at, "备案时间")
            step.write({"declined_at": t, "decline_reason": reason}, note=reason)
        return order_result(order_id)

    # --- 待审价 -------------------------------------------------------------------------

    def approve_price(
        self, order_id: int, user: UserRecord, *, expected_version: int | None = None
    ) -> OrderResult:
        """The 工程主管 approves the prices outside the 收费标准: finance may then collect."""
        authorize(user, Perm.PRICE_UNLISTED)
        with order_step(self.ctx, order_id, user, expected_version) as step:
            if step.row["price_review"] != PriceReview.PENDING.value:
                raise UserError("该工单没有待审核的价格，不能执行“审价”", "审价")
            step.edit(
                {"price_review": PriceReview.APPROVED.value, "price_reviewed_at": self.ctx.now()},
                action="approve_price",
                note="收费标准外价格已审核",
            )
        return order_result(order_id)

    # --- 重要: the second visit ------------------------------------------------------------

    def second_visits(self, user: UserRecord) -> list[SecondVisitRow]:
        """The second-visit queue of the 回访 tab: important orders closed after their first
        visit, with no follow-up yet, each due ``second_visit_days`` after closing."""
        authorize(user, Perm.VISIT)
        rules = self.ctx.settings().rules
        with self.ctx.db.atomic():
            rows = second_visit_query.due_second_visits()
        hide = not user_can(user.username, user.role, Perm.VIEW_PHONES)
        return [
            replace(
                r,
                due_at=second_visit_deadline(r.closed_at, rules),
                phone=mask_phone(r.phone) if hide else r.phone,
            )
            for r in rows
        ]

    def awaiting_price_review(self, user: UserRecord) -> list[OrderRow]:
        """待审价: the orders whose prices outside the 收费标准 wait for the 工程主管 (for the
        today board of whoever may approve them), the longest waiting first."""
        authorize(user, Perm.PRICE_UNLISTED)
        with self.ctx.db.atomic():
            ids = second_visit_query.awaiting_price_review()
        return RegisterService(self.ctx, viewer=user).rows(ids)

    # --- 重要 and 备注 --------------------------------------------------------------------

    def set_notes(
        self,
        order_id: int,
        user: UserRecord,
        *,
        important: bool | None = None,
        remark: str | None = None,
        expected_version: int | None = None,
    ) -> OrderResult:
        """Change the 重要 flag and/or the free 备注 (audited)."""
        fields: dict[str, Any] = {}
        if remark is not None:
            remark = remark.strip()
            if len(remark) > 1000:
                raise UserError("备注不能超过1000个字", "备注")
            fields["remark"] = remark
        if important is not None:
            fields["important"] = important
        if not fields:
            raise UserError("没有要修改的内容")
        with order_step(self.ctx, order_id, user, expected_version) as step:
            authorize(user, Perm.REGISTER if step.status.is_open else Perm.EDIT_CLOSED)
            step.edit(fields, action="notes", note="修改重要/备注")
        return order_result(order_id)
