"""Tables of one order's parts: timeline, dispatches, material lines, visits."""

from __future__ import annotations

from PySide6.QtCore import QObject

from propdesk.domain.money import format_yuan
from propdesk.domain.records import DispatchRecord, MaterialLine, OrderEvent, VisitRecord

from ..formatting import fmt_dt
from .record_model import Column, RecordTableModel

EVENT_COLUMNS: list[Column[OrderEvent]] = [
    Column("时间", lambda e: e.at, lambda e: fmt_dt(e.at), width=130),
    Column("步骤", lambda e: e.action_label, width=90),
    Column("经办人", lambda e: e.user_name, width=80),
    Column("状态", lambda e: e.to_status.label, width=80),
    Column("说明", lambda e: e.note, width=260),
]

DISPATCH_COLUMNS: list[Column[DispatchRecord]] = [
    Column("次", lambda d: d.seq, right=True, width=30),
    Column("派工时间", lambda d: d.dispatched_at, lambda d: fmt_dt(d.dispatched_at), width=130),
    Column("派工人", lambda d: d.dispatcher_name, width=70),
    Column("部门", lambda d: d.department_name, width=64),
    Column("维修人员", lambda d: "、".join(d.staff_names), width=100),
    Column("到场时限", lambda d: d.arrive_due_at, lambda d: fmt_dt(d.arrive_due_at), width=130),
    Column("到场", lambda d: d.arrived_at, lambda d: fmt_dt(d.arrived_at), width=130),
    Column("结束", lambda d: d.finished_at, lambda d: fmt_dt(d.finished_at), width=130),
    Column("结果", lambda d: d.result.label if d.result else "", width=60),
    Column("未完成原因", lambda d: d.incomplete_reason, width=160),
]

MATERIAL_COLUMNS: list[Column[MaterialLine]] = [
    Column("名称", lambda m: m.name, width=160),
    Column("数量", lambda m: m.quantity, lambda m: str(m.quantity), right=True, width=60),
    Column("单位", lambda m: m.unit, width=50),
    Column(
        "单价",
        lambda m: m.unit_price_fen,
        lambda m: format_yuan(m.unit_price_fen),
        right=True,
        width=80,
    ),
    Column(
        "金额", lambda m: m.amount_fen, lambda m: format_yuan(m.amount_fen), right=True, width=80
    ),
    Column("业主自备检查", lambda m: m.check_text, width=140),
]

VISIT_COLUMNS: list[Column[VisitRecord]] = [
    Column("回访时间", lambda v: v.visited_at, lambda v: fmt_dt(v.visited_at), width=130),
    Column("方式", lambda v: v.method.label, width=50),
    Column("回访人", lambda v: v.visitor_name, width=80),
    Column("评价", lambda v: v.satisfaction.label, width=70),
    Column("业主意见", lambda v: v.opinion, width=240),
    Column(
        "备注", lambda v: "重开" if v.reopened else ("二次回访" if v.follow_up else ""), width=70
    ),
]


def events_model(parent: QObject | None = None) -> RecordTableModel[OrderEvent]:
    return RecordTableModel(EVENT_COLUMNS, parent=parent)


def dispatches_model(parent: QObject | None = None) -> RecordTableModel[DispatchRecord]:
    return RecordTableModel(DISPATCH_COLUMNS, parent=parent)


def materials_model(parent: QObject | None = None) -> RecordTableModel[MaterialLine]:
    return RecordTableModel(MATERIAL_COLUMNS, parent=parent)


def visits_model(parent: QObject | None = None) -> RecordTableModel[VisitRecord]:
    return RecordTableModel(VISIT_COLUMNS, parent=parent)
