"""The order's fields as a read-only grid (label: value pairs in three columns)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from propdesk.domain.enums import AreaType, Kind, channel_label
from propdesk.domain.money import format_yuan
from propdesk.domain.records import OrderRecord, OutsourceRecord

from ..formatting import fmt_deadline, fmt_dt, yes_no

COLUMNS = 3


def info_pairs(order: OrderRecord, now: datetime) -> list[tuple[str, str]]:
    """(label, value) of every field worth showing, in reading order."""
    person = "报修人" if order.kind is Kind.REPAIR else "报事人"
    place = "房号" if order.area_type is AreaType.HOME else "公区位置"
    kind = order.kind.label + (f"·{order.matter_type.label}" if order.matter_type else "")
    pairs = [
        ("类型", f"{kind}（{order.area_type.label}）"),
        ("受理时间", fmt_dt(order.received_at)),
        ("受理人", order.receiver_name),
        (person, order.caller_name),
        ("联系电话", order.phone),  # masked by the service for roles without the right
        (place, order.place),
        ("类别", order.category_name),
        ("紧急程度", order.urgency_name),
        ("处理部门", order.department_name),
        ("来源渠道", channel_label(order.channel)),
        ("预约时间", fmt_dt(order.appointment_at)),
        ("时限", fmt_deadline(order.due_kind, order.due_at, now)),
        ("有偿服务", yes_no(order.paid)),
        ("材料提供", order.material_source.label),
        ("开发商保修", yes_no(order.developer_warranty)),
        ("派工时间", fmt_dt(order.dispatched_at)),
        ("到场时间", fmt_dt(order.arrived_at)),
        ("完工时间", fmt_dt(order.completed_at)),
        ("回单时间", fmt_dt(order.slip_returned_at)),
        ("回访时间", fmt_dt(order.visited_at)),
        ("满意度", order.satisfaction.label if order.satisfaction else ""),
    ]
    if order.total_fen or order.paid:
        pairs += [
            ("人工费", format_yuan(order.labour_fen)),
            ("材料费", format_yuan(order.material_fen)),
            ("合计", format_yuan(order.total_fen)),
        ]
    if order.paid:
        pairs += [
            ("收费状态", order.fee_status.label if order.fee_status else ""),
            ("收据号", order.receipt_no),
            ("收费日期", fmt_dt(order.fee_paid_at)),
        ]
    if order.is_rework:
        pairs.append(("返修", "是（30天内同类别已修过）"))
    if order.important:
        pairs.append(("重要", "是（30天内二次回访）"))
    if order.price_review is not None:
        pairs.append(
            (
                "审价",
                order.price_review.label
                + (f"（{fmt_dt(order.price_reviewed_at)}）" if order.price_reviewed_at else ""),
            )
        )
    if order.developer_contact or order.developer_notified_at:
        pairs += [
            ("开发商联系人", order.developer_contact),
            ("通知开发商", fmt_dt(order.developer_notified_at)),
        ]
    if order.declined_at:
        pairs.append(("备案时间", fmt_dt(order.declined_at)))
    return pairs


def long_pairs(order: OrderRecord) -> list[tuple[str, str]]:
    """Free texts, each on its own full-width row."""
    out = [("问题描述", order.description)]
    for label, text in (
        ("答复内容" if order.answered_at_desk else "维修内容", order.work_done),
        ("业主拒绝原因", order.decline_reason),
        ("备注", order.remark),
        ("取消原因", order.cancel_reason),
        ("开发商说明", order.developer_note),
        ("减免原因", order.fee_note),
    ):
        if text:
            out.append((label, text))
    return out


class OrderInfo(QGroupBox):
    """Grid of the order's fields; ``show_order(order, now)`` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("工单信息", parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(4)
        self.values: dict[str, QLabel] = {}

    def _clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone now, not at the next event loop turn
                widget.deleteLater()
        self.values.clear()

    def show_order(self, order: OrderRecord, now: datetime) -> None:
        self._clear()
        pairs = info_pairs(order, now)
        for i, (label, value) in enumerate(pairs):
            row, col = divmod(i, COLUMNS)
            self._add(label, value, row, col * 2, 1)
        row = (len(pairs) + COLUMNS - 1) // COLUMNS
        for label, value in long_pairs(order):
            self._add(label, value, row, 0, COLUMNS * 2 - 1)
            row += 1
        for c in range(COLUMNS):
            self.grid.setColumnStretch(c * 2 + 1, 1)

    def show_outsourcings(self, records: Sequence[OutsourceRecord]) -> None:
        """The order's 委外 records, each on a full-width row below the fields."""
        row = self.grid.rowCount()
        for i, r in enumerate(records, start=1):
            price = f"，约定价格 {format_yuan(r.price_fen)} 元" if r.price_fen is not None else ""
            text = (
                f"{r.firm}"
                + (f"（{r.contact}）" if r.contact else "")
                + price
                + f"；{r.arranged_by_name} {fmt_dt(r.at)} 安排"
                + ("，客户已同意" if r.consent else "")
                + (
                    f"；结果（{fmt_dt(r.result_at)}）：{r.result}"
                    if r.result_at
                    else "；结果待登记"
                )
            )
            self._add("委外" if len(records) == 1 else f"委外{i}", text, row, 0, COLUMNS * 2 - 1)
            row += 1

    def _add(self, label: str, value: str, row: int, col: int, span: int) -> None:
        name = QLabel(f"{label}：", self)
        name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        name.setStyleSheet("color:#555;")
        text = QLabel(value or "—", self)
        text.setWordWrap(span > 1)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.grid.addWidget(name, row, col)
        self.grid.addWidget(text, row, col + 1, 1, span)
        self.values[label] = text
