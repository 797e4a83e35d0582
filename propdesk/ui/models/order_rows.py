"""Order rows (``OrderRow``) as a table: the column catalogue and deadline colours.

The model is told the time and the rules (``set_clock``); ``data()`` then colours a row red
when its next deadline has passed and amber when it is due soon.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from propdesk.domain.deadlines import TimeRules
from propdesk.domain.records import OrderRow

from ..formatting import deadline_state, fmt_deadline, fmt_dt, fmt_money, fmt_short
from .record_model import (
    OVERDUE_BG,
    OVERDUE_FG,
    SOON_BG,
    SOON_FG,
    Column,
    RecordTableModel,
)


class OrderRowsModel(RecordTableModel[OrderRow]):
    """A list of order rows with deadline colours."""

    def __init__(
        self,
        columns: Sequence[str],
        now: datetime,
        rules: TimeRules,
        *,
        parent: QObject | None = None,
    ) -> None:
        self.now = now
        self.rules = rules
        super().__init__([self._column(key) for key in columns], parent=parent)

    def set_clock(self, now: datetime, rules: TimeRules | None = None) -> None:
        """New time (minute tick): recolour and re-word deadlines without reloading."""
        self.now = now
        if rules is not None:
            self.rules = rules
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def state(self, row: OrderRow) -> str:
        return deadline_state(row.due_kind, row.due_at, self.now, self.rules)

    def row_colours(self, record: OrderRow) -> tuple[QColor, QColor] | None:
        state = self.state(record)
        if state == "overdue":
            return OVERDUE_BG, OVERDUE_FG
        if state == "soon":
            return SOON_BG, SOON_FG
        return None

    def _column(self, key: str) -> Column[OrderRow]:
        # Columns read the model's current time through ``self`` (set_clock updates it).
        catalogue: dict[str, Column[OrderRow]] = {
            "number": Column("编号", lambda r: r.number, sort_key="number", width=120),
            "number_short": Column("编号", lambda r: r.number, sort_key="number", width=84),
            "place_short": Column("房号/位置", lambda r: r.place, sort_key="place", width=96),
            "received_at": Column(
                "受理时间",
                lambda r: r.received_at,
                lambda r: fmt_dt(r.received_at),
                sort_key="received_at",
                width=130,
            ),
            "received_short": Column(
                "受理",
                lambda r: r.received_at,
                lambda r: fmt_short(r.received_at, self.now),
                sort_key="received_at",
                width=90,
            ),
            "kind": Column("类型", lambda r: r.kind.label, width=44),
            "status": Column("状态", lambda r: r.status.label, sort_key="status", width=72),
            "place": Column("房号/位置", lambda r: r.place, sort_key="place", width=110),
            "caller_name": Column(
                "报修人", lambda r: r.caller_name, sort_key="caller_name", width=70
            ),
            "phone": Column("电话", lambda r: r.phone, width=110),
            "category": Column("类别", lambda r: r.category_name, sort_key="category", width=80),
            "urgency": Column("紧急", lambda r: r.urgency_name, sort_key="urgency", width=70),
            "department": Column(
                "部门", lambda r: r.department_name, sort_key="department", width=64
            ),
            "staff": Column("维修人员", lambda r: r.staff_names, width=90),
            "description": Column("问题描述", lambda r: r.description, width=220),
            "due": Column(
                "时限",
                lambda r: r.due_at,
                lambda r: fmt_deadline(r.due_kind, r.due_at, self.now),
                sort_key="due_at",
                width=130,
            ),
            "total": Column(
                "金额",
                lambda r: r.total_fen,
                lambda r: fmt_money(r.total_fen),
                right=True,
                sort_key="total_fen",
                width=70,
            ),
            "fee_status": Column(
                "收费状态", lambda r: r.fee_status.label if r.fee_status else "", width=90
            ),
        }
        return catalogue[key]


REGISTER_COLUMNS = (
    "number",
    "received_at",
    "kind",
    "status",
    "place",
    "caller_name",
    "phone",
    "category",
    "urgency",
    "department",
    "staff",
    "due",
    "description",
)
BOARD_COLUMNS = ("number_short", "place_short", "category", "due")
HISTORY_COLUMNS = ("received_short", "category", "status", "description")
FEE_COLUMNS = (
    "number",
    "received_at",
    "status",
    "place",
    "caller_name",
    "category",
    "total",
    "fee_status",
    "description",
)
