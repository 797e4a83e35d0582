"""Column definitions of the exported tables: header, cell kind, width and how to get the value
from a record. The 明细 columns carry every header ``import-orders`` reads, so an exported
month imports back as it is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from propdesk.domain.enums import channel_label
from propdesk.domain.phone import mask_phone
from propdesk.domain.records import DetailRow
from propdesk.domain.report_rows import OpenRow, PaidRow

from .cells import display_width, yuan

R = TypeVar("R")


@dataclass(frozen=True)
class Column(Generic[R]):
    header: str
    kind: str
    width: float
    get: Callable[[R], Any]

    @property
    def fitted_width(self) -> float:
        """Wide enough for the header (Chinese counts double) and the declared width."""
        return max(self.width, display_width(self.header) + 2)


def _label(v: Any) -> str:
    return v.label if v is not None else ""


def _yes(v: bool) -> str:
    return "是" if v else "否"


def _phone_column(get: Callable[[R], str], mask: bool) -> Column[R]:
    """联系电话, masked (138****8000) for a user who may not see phone numbers."""
    return Column("联系电话", "text", 14, (lambda r: mask_phone(get(r))) if mask else get)


def detail_columns(mask_phones: bool = False) -> list[Column[DetailRow]]:
    return [
        Column("编号", "text", 12, lambda r: r.number),
        Column("状态", "text", 9, lambda r: r.status.label),
        Column("类型", "text", 6, lambda r: r.type_label),
        Column("区域", "text", 5, lambda r: r.area_type.label),
        Column("受理时间", "datetime", 16.5, lambda r: r.received_at),
        Column("受理人", "text", 10, lambda r: r.receiver_name),
        Column("来源", "text", 8, lambda r: channel_label(r.channel)),
        Column("报修人", "text", 9, lambda r: r.caller_name),
        _phone_column(lambda r: r.phone, mask_phones),
        Column("房号", "text", 10, lambda r: r.unit_code),
        Column("公区位置", "text", 14, lambda r: r.location),
        Column("类别", "text", 14, lambda r: r.category_path),
        Column("问题描述", "longtext", 36, lambda r: r.description),
        Column("紧急程度", "text", 8, lambda r: r.urgency_name),
        Column("预约时间", "datetime", 16.5, lambda r: r.appointment_at),
        Column("有偿", "text", 5, lambda r: _yes(r.paid)),
        Column("材料提供", "text", 9, lambda r: r.material_source.label),
        Column("开发商保修", "text", 6, lambda r: _yes(r.developer)),
        Column("处理部门", "text", 8, lambda r: r.department_name),
        Column("派工时间", "datetime", 16.5, lambda r: r.dispatched_at),
        Column("维修人员", "text", 12, lambda r: r.staff_names),
        Column("到场时限", "datetime", 16.5, lambda r: r.arrive_due_at),
        Column("到达时间", "datetime", 16.5, lambda r: r.arrived_at),
        Column("完成时间", "datetime", 16.5, lambda r: r.completed_at),
        Column("维修结果", "text", 6, lambda r: _label(r.result)),
        Column("未完成原因", "longtext", 14, lambda r: r.incomplete_reason),
        Column("维修内容", "longtext", 24, lambda r: r.work_done),
        Column("人工费", "yuan", 9, lambda r: yuan(r.labour_fen) if r.labour_fen else None),
        Column("材料费", "yuan", 9, lambda r: yuan(r.material_fen) if r.material_fen else None),
        Column("合计", "yuan", 9, lambda r: yuan(r.total_fen) if r.total_fen else None),
        Column("收费状态", "text", 9, lambda r: _label(r.fee_status)),
        Column("收款时间", "datetime", 16.5, lambda r: r.fee_paid_at),
        Column("收据号", "text", 12, lambda r: r.receipt_no),
        Column("回单时间", "datetime", 16.5, lambda r: r.slip_returned_at),
        Column("回访时间", "datetime", 16.5, lambda r: r.visited_at),
        Column("回访方式", "text", 6, lambda r: _label(r.visit_method)),
        Column("评价", "text", 8, lambda r: _label(r.satisfaction)),
        Column("业主意见", "longtext", 20, lambda r: r.opinion),
        Column("取消时间", "datetime", 16.5, lambda r: r.cancelled_at),
        Column("取消原因", "longtext", 14, lambda r: r.cancel_reason),
        Column("返修", "text", 5, lambda r: _yes(r.is_rework)),
        Column("备注", "longtext", 20, lambda r: r.remark),
    ]


def paid_columns(mask_phones: bool = False) -> list[Column[tuple[int, PaidRow]]]:
    """Columns of the 有偿服务登记表; records are (序号, row)."""
    return [
        Column("序号", "int", 6, lambda t: t[0]),
        Column("编号", "text", 12, lambda t: t[1].number),
        Column("受理时间", "datetime", 16.5, lambda t: t[1].received_at),
        Column("房号/位置", "text", 12, lambda t: t[1].place),
        Column("报修人", "text", 9, lambda t: t[1].caller_name),
        _phone_column(lambda t: t[1].phone, mask_phones),
        Column("维修项目", "longtext", 30, lambda t: t[1].items),
        Column("维修人员", "text", 12, lambda t: t[1].staff_names),
        Column("状态", "text", 9, lambda t: t[1].status.label),
        Column("完成时间", "datetime", 16.5, lambda t: t[1].completed_at),
        Column("人工费", "yuan", 10, lambda t: yuan(t[1].labour_fen)),
        Column("材料费", "yuan", 10, lambda t: yuan(t[1].material_fen)),
        Column("合计", "yuan", 10, lambda t: yuan(t[1].total_fen)),
        Column("收费状态", "text", 12, lambda t: _label(t[1].fee_status)),
        Column("收款时间", "datetime", 16.5, lambda t: t[1].fee_paid_at),
        Column("收据号", "text", 12, lambda t: t[1].receipt_no),
        Column("备注", "longtext", 16, lambda t: t[1].fee_note),
    ]


def open_columns(mask_phones: bool = False) -> list[Column[tuple[int, OpenRow]]]:
    """Columns of 未完成工单; records are (序号, row)."""
    return [
        Column("序号", "int", 6, lambda t: t[0]),
        Column("编号", "text", 12, lambda t: t[1].number),
        Column("受理时间", "datetime", 16.5, lambda t: t[1].received_at),
        Column("已过天数", "days", 8, lambda t: t[1].age_days),
        Column("类型", "text", 6, lambda t: t[1].kind.label),
        Column("房号/位置", "text", 12, lambda t: t[1].place),
        Column("报修人", "text", 9, lambda t: t[1].caller_name),
        _phone_column(lambda t: t[1].phone, mask_phones),
        Column("类别", "text", 14, lambda t: t[1].category_path),
        Column("紧急程度", "text", 8, lambda t: t[1].urgency_name),
        Column("问题描述", "longtext", 36, lambda t: t[1].description),
        Column("当前状态", "text", 10, lambda t: t[1].status.label),
        Column("维修人员", "text", 12, lambda t: t[1].staff_names),
        Column("处理部门", "text", 8, lambda t: t[1].department_name),
    ]


def values(columns: Sequence[Column[R]], record: R) -> list[Any]:
    return [c.get(record) for c in columns]
