"""回访: orders waiting for the return visit, the oldest first; 回访 opens the visit dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from propdesk.domain.enums import Status
from propdesk.domain.filters import OrderFilter, Sort
from propdesk.domain.permissions import Perm

from ..session import Session
from .order_queue_tab import OrderQueueTab

VISIT_COLUMNS = (
    "number",
    "received_at",
    "place",
    "caller_name",
    "phone",
    "category",
    "staff",
    "due",
    "description",
)


class VisitTab(OrderQueueTab):
    title = "回访"
    prefs_key = "visits"

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, lazy: bool = False
    ) -> None:
        super().__init__(
            session,
            VISIT_COLUMNS,
            OrderFilter(statuses=(Status.TO_VISIT,)),
            Sort("due_at", descending=False),
            "完工后待回访的工单（回访率目标100%），按回访时限排序，最早的在前；"
            "回访时限见系统设置（完工后N小时内或当日回访）。",
            parent,
            lazy=lazy,
        )

    def add_actions(self) -> None:
        from ..dialogs.visit_dialog import VisitDialog  # when the tab is built
        from .second_visits import SecondVisitQueue

        session = self.session
        self.visit_button = self.add_action("回访…", VisitDialog)
        self.visit_button.setObjectName("visitButton")
        self.visit_button.setEnabled(session.can(Perm.VISIT))
        self.second = SecondVisitQueue(session, self)
        self.layout().addWidget(self.second, 1)

    def reload(self) -> None:
        super().reload()
        self.second.reload()
