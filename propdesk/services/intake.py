"""Registering orders (接报) and correcting their intake fields."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from propdesk.db import orders_repo, reference_repo
from propdesk.db.connection import write_transaction
from propdesk.domain.deadlines import arrival_deadline
from propdesk.domain.enums import AreaType, FeeStatus, Kind, MatterType, Status
from propdesk.domain.errors import UserError
from propdesk.domain.lifecycle import Action
from propdesk.domain.permissions import Perm
from propdesk.domain.phone import check_phone
from propdesk.domain.records import (
    Changes,
    OrderInput,
    OrderResult,
    OrderWarning,
    UnitRecord,
    UserRecord,
)

from . import audit
from .context import ServiceContext
from .followup_rules import require_complaint_plan
from .order_ops import (
    TIME_FORMAT,
    as_dt,
    authorize,
    deadline_fields,
    edit,
    load_row,
    require_text,
    transition,
    urgency_rule,
)
from .order_paths import answer_action, answer_fields

#: Intake fields a correction may change, with their Chinese labels.
EDITABLE_FIELDS = {
    "caller_name": "报修人",
    "phone": "联系电话",
    "location": "公区位置",
    "description": "问题描述",
    "category_id": "类别",
    "urgency_id": "紧急程度",
    "appointment_at": "预约时间",
    "paid": "有偿/无偿",
    "material_source": "材料提供",
    "channel": "来源渠道",
}


class IntakeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- warnings shown while typing -------------------------------------------------

    def warnings_for(
        self,
        unit_id: int | None,
        category_id: int | None,
        at: datetime | None = None,
        rework_days: int | None = None,
    ) -> list[OrderWarning]:
        """重复报修 (open order, same unit and category) and 返修 (same category completed in
        the 30 days before ``at``, default now — a 补单 is judged at its 受理时间) warnings —
        never a block."""
        if not unit_id or not category_id:
            return []
        out = []
        open_numbers = orders_repo.open_same_category(unit_id, category_id)
        if open_numbers:
            out.append(
                OrderWarning(
                    "duplicate",
                    f"重复报修：该房号已有同类别未完结工单 {'、'.join(open_numbers[:3])}",
                    tuple(open_numbers),
                )
            )
        days = rework_days if rework_days is not None else self.ctx.settings().rules.rework_days
        until = at or self.ctx.now()
        since = until - timedelta(days=days)
        done = orders_repo.completed_same_category_since(unit_id, category_id, since, until)
        done = [n for n in done if n not in open_numbers]
        if done:
            out.append(
                OrderWarning(
                    "rework",
                    f"返修：该房号{days}天内已修过同类别 {'、'.join(done[:3])}",
                    tuple(done),
                )
            )
        return out

    # --- register --------------------------------------------------------------------

    def _resolve_unit(self, code: str) -> UnitRecord:
        code = require_text(code, "房号")
        unit = reference_repo.get_unit_by_code(code)
        if unit is None:
            raise UserError(f"房号“{code}”不在房屋台账中，请核对或先在基础资料中添加", "房号")
        return unit

    def register(self, inp: OrderInput, user: UserRecord) -> OrderResult:
        """Validate and save a new order; returns it with any non-blocking warnings."""
        authorize(user, Perm.REGISTER)
        ctx = self.ctx
        now = ctx.now()
        person = "报修人" if inp.kind is Kind.REPAIR else "报事人"
        received_at = (inp.received_at or now).replace(microsecond=0)
        if received_at > now:
            raise UserError(f"受理时间不能晚于当前时间（{now:{TIME_FORMAT}}）", "受理时间")
        caller = require_text(inp.caller_name, person, 64)
        phone = check_phone(require_text(inp.phone, "联系电话"))
        require_text(phone.text, "联系电话", 32)  # the column holds 32
        unit: UnitRecord | None = None
        location = ""
        if inp.area_type is AreaType.HOME:
            unit = self._resolve_unit(inp.unit_code)
        else:
            location = require_text(inp.location, "公区位置", 128)
        if not inp.category_id:
            raise UserError("请选择类别", "类别")
        category = reference_repo.get_category(inp.category_id)
        if category is None:
            raise UserError("类别不存在或已停用", "类别")
        if category.kind is not inp.kind:
            raise UserError(
                f"类别“{category.path}”属于{category.kind.label}，与类型“{inp.kind.label}”不符",
                "类别",
            )
        description = require_text(inp.description, "问题描述", 2000)
        urgency_id = inp.urgency_id or category.default_urgency_id
        urgency = reference_repo.get_urgency(urgency_id) if urgency_id else None
        if urgency is None:
            raise UserError("请选择紧急程度", "紧急程度")
        appointment = inp.appointment_at.replace(microsecond=0) if inp.appointment_at else None
        if appointment is not None and appointment < received_at:
            raise UserError("预约时间不能早于受理时间", "预约时间")

        remark = (inp.remark or "").strip()
        if len(remark) > 1000:
            raise UserError("备注不能超过1000个字", "备注")
        answer = (inp.answer or "").strip()
        if answer and inp.kind is not Kind.MATTER:
            raise UserError("只有报事可以当场答复，报修须派工", "当场答复")
        if answer and inp.developer_warranty:
            raise UserError("转开发商的工单不能当场答复", "当场答复")
        if len(answer) > 2000:
            raise UserError("答复内容不能超过2000个字", "答复内容")

        with write_transaction(ctx.db):
            settings = ctx.settings()
            rules = settings.rules
            channel = (
                settings.channel_of(inp.channel)
                if inp.channel
                else settings.default_channel(received_at)
            )
            important = inp.important
            if important is None:
                is_complaint = (inp.matter_type or category.matter_type) is MatterType.COMPLAINT
                important = settings.important_by_default(
                    inp.kind is Kind.MATTER and is_complaint, unit.code if unit else ""
                )
            warnings = self.warnings_for(
                unit.id if unit else None, category.id, received_at, rules.rework_days
            )
            if phone.warning:
                warnings.append(OrderWarning("phone", phone.warning))
            number = orders_repo.next_number(received_at.year)
            matter = inp.matter_type or category.matter_type
            fields: dict[str, Any] = {
                "number": number,
                "kind": inp.kind.value,
                "matter_type": matter.value if matter and inp.kind is Kind.MATTER else None,
                "area_type": inp.area_type.value,
                "channel": channel,
                "status": Status.PENDING.value,
                "status_since": received_at,
                "received_at": received_at,
                "receiver": user.id,
                "caller_name": caller,
                "phone": phone.text,
                "unit": unit.id if unit else None,
                "location": location,
                "category": category.id,
                "description": description,
                "urgency": urgency_id,
                "appointment_at": appointment,
                "paid": inp.paid,
                "material_source": inp.material_source.value,
                "developer_warranty": inp.developer_warranty,
                "department": category.default_department_id,
                "fee_status": FeeStatus.UNPAID.value if inp.paid else None,
                "is_rework": any(w.code == "rework" for w in warnings),
                "important": important,
                "remark": remark,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            fields.update(deadline_fields(ctx, fields, urgency.rule, rules))
            order_id = orders_repo.insert_order(fields)
            orders_repo.insert_event(
                order_id, received_at, user.id, "register", None, Status.PENDING
            )
            audit.write(ctx, user, "order", order_id, {}, {"number": number}, now)
            if inp.developer_warranty:
                row = load_row(order_id)
                transition(
                    ctx,
                    row,
                    Action.TO_DEVELOPER,
                    user,
                    received_at,
                    {},
                    note="开发商保修",
                    rule=urgency.rule,
                    rules=rules,
                )
            elif answer:
                # a new complaint has no 整改方案 yet: refused (issue 12's rule), nothing written
                require_complaint_plan(load_row(order_id), "当场答复")
                action = answer_action(settings.answered_needs_visit, fields["matter_type"])
                extra = answer_fields(answer, received_at)
                if action is Action.ANSWER_CLOSE:
                    extra["closed_at"] = received_at
                transition(
                    ctx,
                    load_row(order_id),
                    action,
                    user,
                    received_at,
                    extra,
                    note=answer,
                    rule=urgency.rule,
                    rules=rules,
                )
            order = orders_repo.load_order(order_id, just_created=True)
        assert order is not None
        return OrderResult(order, Changes.orders(order_id), tuple(warnings))

    # --- corrections -----------------------------------------------------------------

    def _moved_arrival(self, row: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
        """A new appointment or urgency while dispatched moves the arrival deadline of the
        current dispatch (kept on the dispatch record and the order)."""
        merged = {**row, **fields}
        dispatched_at = as_dt(merged["dispatched_at"])
        if dispatched_at is None:
            return {}
        due = arrival_deadline(
            dispatched_at,
            urgency_rule(merged["urgency"]),
            self.ctx.settings().rules,
            as_dt(merged["appointment_at"]),
            as_dt(merged["received_at"]),
        )
        last = orders_repo.last_dispatch_id(row["id"])
        if last is not None:
            orders_repo.update_dispatch(last[0], {"arrive_due_at": due})
        return {"arrive_due_at": due}

    def update_fields(
        self,
        order_id: int,
        values: dict[str, Any],
        user: UserRecord,
        *,
        expected_version: int | None = None,
        reason: str = "",
    ) -> OrderResult:
        """Correct intake fields (keys of ``EDITABLE_FIELDS``). A closed or cancelled order
        only by a manager, with a reason; every change audited."""
        unknown = set(values) - set(EDITABLE_FIELDS)
        if unknown:
            raise UserError(f"不能修改字段：{'、'.join(sorted(unknown))}")
        with write_transaction(self.ctx.db):
            row = load_row(order_id)
            status = Status(row["status"])
            if status.is_open:
                authorize(user, Perm.REGISTER)
            else:
                authorize(user, Perm.EDIT_CLOSED)
                reason = require_text(reason, "修改原因")
            fields: dict[str, Any] = {}
            for key, value in values.items():
                label = EDITABLE_FIELDS[key]
                if key == "caller_name" and row["kind"] == Kind.MATTER.value:
                    label = "报事人"
                if key in ("caller_name", "description", "location"):
                    if key == "location" and row["area_type"] != AreaType.COMMON.value:
                        continue
                    # same limits as register (PostgreSQL refuses longer values)
                    max_len = {"caller_name": 64, "location": 128, "description": 2000}[key]
                    fields[key] = require_text(value, label, max_len)
                elif key == "phone":
                    phone_text = check_phone(require_text(value, label)).text
                    fields[key] = require_text(phone_text, label, 32)
                elif key == "category_id":
                    category = next(
                        (c for c in reference_repo.list_categories() if c.id == value), None
                    )
                    if category is None:
                        raise UserError("类别不存在或已停用", label)
                    if category.kind.value != row["kind"]:
                        raise UserError(
                            f"类别“{category.path}”属于{category.kind.label}，"
                            f"与类型“{Kind(row['kind']).label}”不符",
                            label,
                        )
                    fields["category"] = value
                    if category.kind is Kind.MATTER and category.matter_type is not None:
                        fields["matter_type"] = category.matter_type.value
                elif key == "urgency_id":
                    if reference_repo.get_urgency(value) is None:
                        raise UserError("紧急程度不存在", label)
                    fields["urgency"] = value
                elif key == "appointment_at":
                    if value is not None and value < row["received_at"]:
                        raise UserError("预约时间不能早于受理时间", label)
                    fields[key] = value
                elif key == "channel":
                    if value != row["channel"]:
                        fields[key] = self.ctx.settings().channel_of(str(value))
                elif key == "paid":
                    fields[key] = bool(value)
                    if value and not row["fee_status"]:
                        fields["fee_status"] = FeeStatus.UNPAID.value
                    if not value:
                        fields["fee_status"] = None
                else:
                    fields[key] = getattr(value, "value", value)
            if status is Status.DISPATCHED and ("appointment_at" in fields or "urgency" in fields):
                fields.update(self._moved_arrival(row, fields))
            edit(
                self.ctx,
                row,
                user,
                fields,
                action="edit",
                expected_version=expected_version,
                note="修改登记信息",
                reason=reason,
            )
            order = orders_repo.load_order(order_id)
        assert order is not None
        return OrderResult(order, Changes.orders(order_id))
