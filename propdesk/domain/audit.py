"""The audit log as the manager reads it: filter, entries, and Chinese names for what the
log stores as column names and codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from .enums import (
    AreaType,
    Channel,
    FeeStatus,
    Kind,
    MaterialSource,
    MatterType,
    Role,
    Satisfaction,
    Status,
)
from .money import format_yuan


@dataclass(frozen=True)
class AuditFilter:
    order_number: str = ""  # one order (by its number)
    username: str = ""  # one user (exact)
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    entity: str = ""  # one kind of record ("order", "user", ...)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    username: str
    user_name: str  # display name when the account exists, else the username
    workstation: str
    entity: str
    entity_id: int | None
    subject: str  # what was changed, for people: the order number, the unit code, ...
    field: str
    old_value: str | None
    new_value: str | None
    reason: str

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)

    @property
    def field_label(self) -> str:
        return field_label(self.entity, self.field)


ENTITY_LABELS: dict[str, str] = {
    "order": "工单",
    "user": "用户",
    "unit": "房屋",
    "staff": "人员",
    "department": "部门",
    "category": "类别",
    "urgency": "紧急程度",
    "fee_item": "收费项目",
    "settings": "系统设置",
    "export": "数据导出",
    "database": "数据库",
}

ORDER_FIELDS: dict[str, str] = {
    "number": "编号",
    "kind": "类型",
    "matter_type": "报事类型",
    "area_type": "区域",
    "channel": "来源渠道",
    "status": "状态",
    "received_at": "受理时间",
    "receiver": "受理人",
    "caller_name": "报修人",
    "phone": "联系电话",
    "unit": "房号",
    "location": "公区位置",
    "category": "类别",
    "description": "问题描述",
    "urgency": "紧急程度",
    "appointment_at": "预约时间",
    "paid": "有偿",
    "material_source": "材料提供",
    "developer_warranty": "开发商保修",
    "department": "处理部门",
    "dispatched_at": "派工时间",
    "arrive_due_at": "应到场时间",
    "arrived_at": "到达时间",
    "completed_at": "完成时间",
    "slip_returned_at": "回单时间",
    "visited_at": "回访时间",
    "closed_at": "关闭时间",
    "cancelled_at": "取消时间",
    "cancel_reason": "取消原因",
    "developer_note": "开发商处理说明",
    "work_done": "维修内容",
    "labour_fen": "人工费",
    "labour_listed_fen": "收费标准人工费",
    "material_fen": "材料费",
    "total_fen": "合计金额",
    "fee_status": "收费状态",
    "fee_paid_at": "收款日期",
    "receipt_no": "收据号",
    "fee_note": "收费备注",
    "satisfaction": "满意度",
    "is_rework": "返修",
    "reopen_count": "重开次数",
}

OTHER_FIELDS: dict[str, str] = {
    "name": "名称",
    "code": "房号",
    "building": "楼栋",
    "entrance": "单元",
    "room": "室号",
    "owner_name": "业主",
    "phone": "电话",
    "phone2": "电话2",
    "note": "备注",
    "active": "启用",
    "department": "部门",
    "is_technician": "维修人员",
    "username": "用户名",
    "display_name": "姓名",
    "role": "角色",
    "password": "密码",
    "password_hash": "密码",
    "staff": "对应人员",
    "must_change_password": "须修改密码",
    "created_at": "建立时间",
    "kind": "类型",
    "parent": "上级类别",
    "default_department": "默认部门",
    "default_urgency": "默认紧急程度",
    "arrive_minutes": "到场时限（分钟）",
    "resolve_minutes": "完成时限（分钟）",
    "is_emergency": "紧急",
    "unit": "单位",
    "labour_fen": "人工费",
    "material_fen": "材料费",
    "office_name": "服务中心名称",
    "project_name": "项目名称",
    "office_phone": "服务中心电话",
    "disclaimer_home": "入户维修须知",
    "disclaimer_common": "公区维修须知",
    "copy_count": "派工单联数",
    "copy_labels": "联名称",
    "paper_mode": "纸张",
    "idle_lock_minutes": "无操作锁定（分钟）",
    "full_export": "完整导出",
    "restore": "从备份恢复",
}

_CODES: dict[str, type[Enum]] = {
    "status": Status,
    "kind": Kind,
    "matter_type": MatterType,
    "area_type": AreaType,
    "channel": Channel,
    "fee_status": FeeStatus,
    "satisfaction": Satisfaction,
    "material_source": MaterialSource,
    "role": Role,
}

_FLAGS = {
    "paid",
    "developer_warranty",
    "is_rework",
    "active",
    "is_technician",
    "must_change_password",
    "is_emergency",
}


def field_label(entity: str, field: str) -> str:
    if entity == "order":
        return ORDER_FIELDS.get(field, field)
    if field.startswith("rules."):
        return "时限规则：" + field.removeprefix("rules.")
    return OTHER_FIELDS.get(field, field)


def value_text(entity: str, field: str, value: str | None) -> str:
    """A stored audit value as the manager reads it: codes as their Chinese labels, flags
    as 是/否, fen as yuan; ``None`` as empty."""
    if value is None:
        return ""
    enum = _CODES.get(field)
    if enum is not None and entity in ("order", "user", "category"):
        try:
            return str(getattr(enum(value), "label", value))
        except ValueError:
            return value
    if field in _FLAGS and value in ("0", "1"):
        return "是" if value == "1" else "否"
    if field.endswith("_fen") and value.lstrip("-").isdigit():
        return format_yuan(int(value))
    return value
