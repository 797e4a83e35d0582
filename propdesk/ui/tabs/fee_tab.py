"""有偿收费: paid orders with their amounts and fee status; finance marks 已收 (receipt number),
随管理费收取 or 减免 (manager, with a reason)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from propdesk.domain.filters import OrderFilter, Sort
from propdesk.domain.permissions import Perm

from ..models.order_rows import FEE_COLUMNS
from ..session import Session
from .order_queue_tab import OrderQueueTab


class FeeTab(OrderQueueTab):
    title = "有偿收费"
    prefs_key = "fees"

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, lazy: bool = False
    ) -> None:
        super().__init__(
            session,
            FEE_COLUMNS,
            OrderFilter(paid_only=True),
            Sort("received_at", True),
            "有偿服务工单。只有财务登记已收/随管理费收取；减免须经理操作并填写原因。",
            parent,
            lazy=lazy,
        )

    def add_actions(self) -> None:
        from ..dialogs.fee_dialog import FeeStatusDialog  # when the tab is built

        session = self.session
        self.fee_button = self.add_action("登记收费…", FeeStatusDialog)
        self.fee_button.setObjectName("feeButton")
        self.fee_button.setEnabled(session.can(Perm.FEE_COLLECT) or session.can(Perm.FEE_WAIVE))
