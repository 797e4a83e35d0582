"""Tables of reference data: units, staff, departments, categories, urgencies, fee items,
user accounts."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from propdesk.domain.money import format_yuan
from propdesk.domain.records import (
    CategoryRecord,
    DepartmentRecord,
    FeeItemRecord,
    StaffRecord,
    UnitRecord,
    UrgencyRecord,
    UserRecord,
)

from ..formatting import yes_no
from .record_model import MUTED_FG, Column, RecordTableModel


def _minutes(m: int | None) -> str:
    if m is None:
        return "—"
    if m % 1440 == 0:
        return f"{m // 1440}天"
    if m % 60 == 0:
        return f"{m // 60}小时"
    return f"{m}分钟"


class ActiveAwareModel(RecordTableModel):
    """Greys out records whose ``active`` flag is off (停用)."""

    def row_colours(self, record: object) -> tuple[QColor, QColor] | None:
        if getattr(record, "active", True):
            return None
        return QColor("#f0f0f0"), MUTED_FG


def units_model(parent: QObject | None = None) -> ActiveAwareModel:
    columns: list[Column[UnitRecord]] = [
        Column("房号", lambda u: u.code, width=100),
        Column("楼栋", lambda u: u.building, width=50),
        Column("单元", lambda u: u.entrance, width=50),
        Column("房间", lambda u: u.room, width=60),
        Column("业主/住户", lambda u: u.owner_name, width=90),
        Column("电话", lambda u: u.phone, width=110),
        Column("备用电话", lambda u: u.phone2, width=110),
        Column("备注", lambda u: u.note, width=160),
        Column("状态", lambda u: "在用" if u.active else "停用", width=50),
    ]
    return ActiveAwareModel(columns, parent=parent)


def staff_model(parent: QObject | None = None) -> ActiveAwareModel:
    columns: list[Column[StaffRecord]] = [
        Column("姓名", lambda s: s.name, width=80),
        Column("部门", lambda s: s.department_name, width=80),
        Column("电话", lambda s: s.phone, width=110),
        Column("维修人员", lambda s: yes_no(s.is_technician), width=70),
        Column("状态", lambda s: "在职" if s.active else "停用", width=50),
    ]
    return ActiveAwareModel(columns, parent=parent)


def departments_model(parent: QObject | None = None) -> ActiveAwareModel:
    columns: list[Column[DepartmentRecord]] = [
        Column("部门", lambda d: d.name, width=120),
        Column("状态", lambda d: "在用" if d.active else "停用", width=50),
    ]
    return ActiveAwareModel(columns, parent=parent)


def categories_model(
    departments: Mapping[int, str], urgencies: Mapping[int, str], parent: QObject | None = None
) -> ActiveAwareModel:
    """Categories with their default department and urgency named from the given maps."""
    columns: list[Column[CategoryRecord]] = [
        Column("类别", lambda c: c.path, width=160),
        Column("类型", lambda c: c.kind.label, width=50),
        Column("事项", lambda c: c.matter_type.label if c.matter_type else "", width=70),
        Column("默认部门", lambda c: departments.get(c.default_department_id or 0, ""), width=80),
        Column("默认紧急程度", lambda c: urgencies.get(c.default_urgency_id or 0, ""), width=90),
        Column("状态", lambda c: "在用" if c.active else "停用", width=50),
    ]
    return ActiveAwareModel(columns, parent=parent)


def urgencies_model(parent: QObject | None = None) -> RecordTableModel[UrgencyRecord]:
    columns: list[Column[UrgencyRecord]] = [
        Column("名称", lambda u: u.name, width=90),
        Column(
            "到场时限",
            lambda u: u.arrive_minutes,
            lambda u: _minutes(u.arrive_minutes),
            right=True,
            width=80,
        ),
        Column(
            "完成时限",
            lambda u: u.resolve_minutes,
            lambda u: _minutes(u.resolve_minutes),
            right=True,
            width=80,
        ),
        Column("紧急", lambda u: yes_no(u.is_emergency), width=50),
    ]
    return RecordTableModel(columns, parent=parent)


def fee_items_model(parent: QObject | None = None) -> ActiveAwareModel:
    columns: list[Column[FeeItemRecord]] = [
        Column("收费项目", lambda f: f.name, width=160),
        Column("单位", lambda f: f.unit, width=50),
        Column(
            "人工费(元)",
            lambda f: f.labour_fen,
            lambda f: format_yuan(f.labour_fen),
            right=True,
            width=80,
        ),
        Column(
            "材料费(元)",
            lambda f: f.material_fen,
            lambda f: format_yuan(f.material_fen),
            right=True,
            width=80,
        ),
        Column("说明", lambda f: f.note, width=200),
        Column("状态", lambda f: "在用" if f.active else "停用", width=50),
    ]
    return ActiveAwareModel(columns, parent=parent)


def users_model(parent: QObject | None = None) -> ActiveAwareModel:
    columns: list[Column[UserRecord]] = [
        Column("用户名", lambda u: u.username, width=100),
        Column("姓名", lambda u: u.display_name, width=90),
        Column("角色", lambda u: u.role.label, width=80),
        Column("状态", lambda u: "在用" if u.active else "停用", width=50),
    ]
    return ActiveAwareModel(columns, parent=parent)
