"""The order's steps after intake: dispatch, arrival, completion, 未完成, 回单, 回访, cancel,
转开发商, reopen. Each is one transaction that returns the fresh order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from propdesk.db import orders_repo, reference_repo
from propdesk.domain.deadlines import TimeRules, UrgencyRule, arrival_deadline
from propdesk.domain.enums import FeeStatus, Satisfaction, Status, VisitMethod, WorkResult
from propdesk.domain.errors import UserError
from propdesk.domain.lifecycle import Action
from propdesk.domain.money import labour_unlisted, line_amount, parse_quantity, yuan_to_fen
from propdesk.domain.permissions import Perm
from propdesk.domain.records import CompletionInput, MaterialLine, OrderResult, UserRecord

from .context import ServiceContext
from .followup_rules import require_complaint_plan
from .order_ops import (
    as_dt,
    authorize,
    order_result,
    order_step,
    require_text,
    step_time,
    urgency_rule,
)
from .order_paths import price_review_fields, slip_printed


class WorkflowService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _new_dispatch(
        self,
        row: dict[str, Any],
        user: UserRecord,
        at: datetime,
        staff_ids: Sequence[int],
        department_id: int | None,
        appointment: datetime | None,
        note: str = "",
        *,
        rule: UrgencyRule | None = None,
        rules: TimeRules | None = None,
    ) -> dict[str, Any]:
        """Insert a dispatch record; returns the order fields it implies. ``rule`` (the
        order's urgency) and ``rules`` (the office's) when the caller has read them."""
        staff_ids = list(dict.fromkeys(staff_ids))
        if not staff_ids and not department_id:
            raise UserError("请选择维修人员或处理部门", "维修人员")
        active = orders_repo.active_staff(staff_ids)
        missing = [s for s in staff_ids if s not in active]
        if missing:
            raise UserError("所选维修人员不存在或已停用", "维修人员")
        if department_id is None:
            department_id = active[staff_ids[0]][1] if staff_ids else None
        department_id = department_id or row["department"]
        if department_id is not None and not reference_repo.department_is_active(department_id):
            raise UserError("处理部门不存在或已停用", "处理部门")
        due = arrival_deadline(
            at,
            rule if rule is not None else urgency_rule(row["urgency"]),
            rules if rules is not None else self.ctx.settings().rules,
            appointment,
            as_dt(row["received_at"]),
        )
        last = orders_repo.last_dispatch_id(row["id"])
        seq = (last[1] if last else 0) + 1
        orders_repo.insert_dispatch(
            row["id"], seq, at, user.id, department_id, staff_ids, due, note
        )
        return {
            "dispatched_at": at,
            "arrive_due_at": due,
            "arrived_at": None,
            "department": department_id,
            "staff_names": "、".join(active[s][0] for s in staff_ids),
        }

    def dispatch(
        self,
        order_id: int,
        user: UserRecord,
        *,
        staff_ids: Sequence[int] = (),
        department_id: int | None = None,
        at: datetime | None = None,
        note: str = "",
        expected_version: int | None = None,
    ) -> OrderResult:
        """派工 (from 待派工) or 改派 (re-assign while 已派工): a new dispatch record."""
        with order_step(self.ctx, order_id, user, expected_version) as step:
            row = step.row
            redispatch = step.status is Status.DISPATCHED
            authorize(user, Perm.REDISPATCH if redispatch else Perm.DISPATCH)
            again = redispatch and row["dispatched_at"] is not None
            t = step.begin(
                Action.REDISPATCH if redispatch else Action.DISPATCH,
                at,
                "派工时间",
                "dispatched_at" if again else "status_since",
                "上次派工时间" if again else "受理时间",
            )
            rule = urgency_rule(row["urgency"])
            rules = self.ctx.settings().rules
            fields = self._new_dispatch(
                row,
                user,
                t,
                staff_ids,
                department_id,
                as_dt(row["appointment_at"]),
                note,
                rule=rule,
                rules=rules,
            )
            step.write(fields, note=note or fields["staff_names"], rule=rule, rules=rules)
        return order_result(order_id)

    def arrive(
        self,
        order_id: int,
        user: UserRecord,
        *,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> OrderResult:
        """到场: the technician arrived."""
        authorize(user, Perm.RECORD_WORK)
        with order_step(self.ctx, order_id, user, expected_version, own_work=True) as step:
            t = step.begin(Action.ARRIVE, at, "到达时间", "dispatched_at", "派工时间")
            last = orders_repo.last_dispatch_id(order_id)
            assert last is not None
            orders_repo.update_dispatch(last[0], {"arrived_at": t})
            step.write({"arrived_at": t})
        return order_result(order_id)

    def _materials(self, inp: CompletionInput) -> list[MaterialLine]:
        lines = []
        for i, m in enumerate(inp.materials, start=1):
            name = require_text(m.name, f"第{i}行材料名称")
            qty = parse_quantity(m.quantity, f"第{i}行数量")
            price = yuan_to_fen(m.unit_price, f"第{i}行单价")
            lines.append(
                MaterialLine(
                    name,
                    qty,
                    (m.unit or "").strip(),
                    price,
                    line_amount(qty, price),
                    m.fee_item_id,
                    m.owner_supplied,
                    m.check if m.owner_supplied else None,
                    (m.check_note or "").strip() if m.owner_supplied else "",
                )
            )
            if m.owner_supplied and m.check is None:
                raise UserError(f"第{i}行为业主自备材料，请填写第{i}行检查结果", f"第{i}行检查结果")
        return lines

    def _listed_labour(self, inp: CompletionInput) -> int:
        """The labour of the 收费标准 items the labour fee was made of."""
        items = {f.id: f for f in reference_repo.list_fee_items(False)}
        return sum(items[i].labour_fen for i in inp.labour_items if i in items)

    def complete(
        self,
        order_id: int,
        inp: CompletionInput,
        user: UserRecord,
        *,
        expected_version: int | None = None,
    ) -> OrderResult:
        """完工: work done, labour fee and material lines; the total is computed here."""
        authorize(user, Perm.RECORD_WORK)
        work_done = require_text(inp.work_done, "维修内容", 2000)
        labour = yuan_to_fen(inp.labour, "人工费")
        lines = self._materials(inp)
        material = sum(line.amount_fen for line in lines)
        with order_step(self.ctx, order_id, user, expected_version, own_work=True) as step:
            row = step.row
            arrived = bool(row["arrived_at"])
            t = step.begin(
                Action.COMPLETE,
                inp.completed_at,
                "完成时间",
                "arrived_at" if arrived else "dispatched_at",
                "到达时间" if arrived else "派工时间",
            )
            require_complaint_plan(row)
            last = orders_repo.last_dispatch_id(order_id)
            if last:
                orders_repo.update_dispatch(
                    last[0], {"finished_at": t, "result": WorkResult.DONE.value}
                )
            orders_repo.replace_materials(order_id, lines)
            total = labour + material
            listed = self._listed_labour(inp)
            fields: dict[str, Any] = {
                "completed_at": t,
                "work_done": work_done,
                "labour_fen": labour,
                "labour_listed_fen": listed,
                "material_fen": material,
                "total_fen": total,
                **price_review_fields(
                    bool(row["paid"]),
                    lines,
                    row["price_review"],
                    labour_unlisted(bool(row["paid"]), labour, listed),
                ),
            }
            if row["paid"] and not row["fee_status"]:
                fields["fee_status"] = FeeStatus.UNPAID.value
            step.write(fields, slip_printed=slip_printed(order_id))
        return order_result(order_id)

    def incomplete(
        self,
        order_id: int,
        user: UserRecord,
        *,
        reason: str,
        new_appointment: datetime | None = None,
        redispatch: bool = False,
        staff_ids: Sequence[int] | None = None,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> OrderResult:
        """未完成: close this visit with a reason. The order goes back to 待派工 with the time
        agreed with the owner (seed 000 §3.6.2); ``redispatch`` sends it out again at once
        (same number, a new dispatch record) to the same or other staff."""
        authorize(user, Perm.RECORD_WORK)
        reason = require_text(reason, "未完成原因", 500)
        action = Action.INCOMPLETE_REDISPATCH if redispatch else Action.INCOMPLETE
        with order_step(self.ctx, order_id, user, expected_version, own_work=True) as step:
            t = step.begin(action, at, "未完成登记时间", "arrived_at", "到达时间")
            if new_appointment is not None and new_appointment < t:
                raise UserError("新预约时间不能早于登记时间", "新预约时间")
            last = orders_repo.last_dispatch_id(order_id)
            assert last is not None
            previous = orders_repo.load_order(order_id)
            assert previous is not None and previous.last_dispatch is not None
            orders_repo.update_dispatch(
                last[0],
                {
                    "finished_at": t,
                    "result": WorkResult.NOT_DONE.value,
                    "incomplete_reason": reason,
                    "new_appointment_at": new_appointment,
                },
            )
            fields: dict[str, Any] = {}
            if redispatch:
                staff = list(staff_ids) if staff_ids else list(previous.last_dispatch.staff_ids)
                fields = self._new_dispatch(
                    step.row,
                    user,
                    t,
                    staff,
                    previous.last_dispatch.department_id,
                    new_appointment,
                    note=f"未完成重新派工：{reason}",
                )
            else:
                fields = {"arrived_at": None, "arrive_due_at": None}
            if new_appointment is not None:
                fields["appointment_at"] = new_appointment
            step.write(fields, note=reason)
        return order_result(order_id)

    def return_slip(
        self,
        order_id: int,
        user: UserRecord,
        *,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> OrderResult:
        """回单: the signed paper slip came back to the desk."""
        authorize(user, Perm.RETURN_SLIP)
        with order_step(self.ctx, order_id, user, expected_version) as step:
            t = step.begin(Action.RETURN_SLIP, at, "回单时间", "completed_at", "完成时间")
            step.write({"slip_returned_at": t})
        return order_result(order_id)

    def visit(
        self,
        order_id: int,
        user: UserRecord,
        *,
        method: VisitMethod,
        satisfaction: Satisfaction,
        opinion: str = "",
        reopen: bool = False,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> OrderResult:
        """回访. Closes the order; an unhappy visit may instead reopen it (待派工). A visit to
        a closed order is a follow-up (二次回访) and changes no status."""
        authorize(user, Perm.VISIT)
        opinion = (opinion or "").strip()
        if reopen and satisfaction is not Satisfaction.UNSATISFIED:
            raise UserError("只有评价为“不满意”的回访才能重开工单", "评价")
        with order_step(self.ctx, order_id, user, expected_version) as step:
            row = step.row
            if step.status is Status.CLOSED:
                if reopen:
                    raise UserError(
                        "工单已关闭，二次回访不能重开工单，请由经理执行“重开”", "重开工单"
                    )
                action = Action.FOLLOW_UP_VISIT
            else:
                action = Action.VISIT_REOPEN if reopen else Action.VISIT
            again = action is Action.FOLLOW_UP_VISIT and bool(row["visited_at"])
            t = step.begin(
                action,
                at,
                "回访时间",
                "visited_at" if again else "completed_at",
                "上次回访时间" if again else "完成时间",
            )
            orders_repo.insert_visit(
                {
                    "order": order_id,
                    "visited_at": t,
                    "method": method.value,
                    "visitor": user.id,
                    "satisfaction": satisfaction.value,
                    "opinion": opinion,
                    "reopened": reopen,
                    "follow_up": action is Action.FOLLOW_UP_VISIT,
                }
            )
            fields: dict[str, Any] = {"satisfaction": satisfaction.value}
            if action is Action.VISIT:
                fields.update({"visited_at": t, "closed_at": t})
            elif action is Action.VISIT_REOPEN:
                fields.update(
                    {
                        "visited_at": t,
                        "completed_at": None,
                        "slip_returned_at": None,
                        "arrived_at": None,
                        "reopen_count": row["reopen_count"] + 1,
                    }
                )
            note = f"{method.label}回访，{satisfaction.label}" + (f"：{opinion}" if opinion else "")
            step.write(fields, note=note)
        return order_result(order_id)

    def cancel(
        self,
        order_id: int,
        user: UserRecord,
        *,
        reason: str,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> OrderResult:
        """取消 with a reason; the order keeps its number."""
        authorize(user, Perm.CANCEL)
        reason = require_text(reason, "取消原因", 500)
        with order_step(self.ctx, order_id, user, expected_version) as step:
            t = step.begin(Action.CANCEL, at, "取消时间")
            step.write({"cancelled_at": t, "cancel_reason": reason}, note=reason)
        return order_result(order_id)

    def to_developer(
        self,
        order_id: int,
        user: UserRecord,
        *,
        note: str = "",
        contact: str = "",
        notified_at: datetime | None = None,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> OrderResult:
        """转开发商 (developer's warranty): at intake, from 待派工, or from 已派工/处理中 when
        the technician finds a warranty defect (seed 001 §4.3.4), with the developer's
        contact and when the developer was notified (default: the step's time)."""
        authorize(user, Perm.TO_DEVELOPER)
        contact = contact.strip()
        if len(contact) > 128:
            raise UserError("开发商联系人不能超过128个字", "开发商联系人")
        with order_step(self.ctx, order_id, user, expected_version) as step:
            t = step.begin(Action.TO_DEVELOPER, at, "转交时间")
            told = step_time(self.ctx, notified_at or t, None, "通知开发商时间", "")
            text = "；".join(x for x in (note.strip(), contact and f"联系人：{contact}") if x)
            step.write(
                {
                    "developer_warranty": True,
                    "developer_note": note.strip(),
                    "developer_contact": contact,
                    "developer_notified_at": told,
                },
                note=text,
            )
        return order_result(order_id)

    def developer_result(
        self,
        order_id: int,
        user: UserRecord,
        *,
        result: str,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> OrderResult:
        """The developer's result, recorded: the order waits for the return visit."""
        authorize(user, Perm.TO_DEVELOPER)
        result = require_text(result, "处理结果", 2000)
        with order_step(self.ctx, order_id, user, expected_version) as step:
            t = step.begin(Action.DEVELOPER_RESULT, at, "完成时间", "status_since", "转交时间")
            step.write({"completed_at": t, "work_done": result}, note=result)
        return order_result(order_id)

    def reopen(
        self,
        order_id: int,
        user: UserRecord,
        *,
        reason: str,
        expected_version: int | None = None,
    ) -> OrderResult:
        """经理 reopens a closed order (back to 待派工), with a reason."""
        authorize(user, Perm.REOPEN)
        reason = require_text(reason, "重开原因", 500)
        with order_step(self.ctx, order_id, user, expected_version) as step:
            step.begin(Action.REOPEN, None, "重开时间", after=None)  # now, never back-dated
            step.write(
                {
                    "closed_at": None,
                    "completed_at": None,
                    "slip_returned_at": None,
                    "arrived_at": None,
                    "visited_at": None,
                    "reopen_count": step.row["reopen_count"] + 1,
                },
                note=reason,
                reason=reason,
            )
        return order_result(order_id)
