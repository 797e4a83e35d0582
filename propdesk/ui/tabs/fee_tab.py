"""有偿收费: paid orders with their amounts and fee status; finance marks 已收 (receipt number),
随管理费收取 or 减免 (manager, with a reason)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from propdesk.domain.enums import FeeStatus
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

    def build(self) -> None:
        super().build()
        from ..widgets.search_box import DownIntoResults, SearchBox

        bar = QHBoxLayout()
        self.unpaid_only = QCheckBox("只看未收", self)
        self.unpaid_only.setObjectName("unpaidOnly")
        self.search = SearchBox("搜索 编号/房号/姓名/电话/描述", self)
        self.search.setObjectName("feeSearch")
        bar.addWidget(self.unpaid_only)
        bar.addWidget(self.search, 1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(1, bar)  # under the hint, above the rows
        self.unpaid_only.toggled.connect(lambda _c: self.apply_filter())
        self.search.search.connect(lambda _t: self.apply_filter())
        DownIntoResults(self.search, self.view, self.search.search_now)

    def apply_filter(self) -> None:
        base = self._spec[1]
        self.model.reload(
            replace(
                base,
                fee_status=FeeStatus.UNPAID if self.unpaid_only.isChecked() else None,
                search=self.search.text().strip(),
            )
        )

    def add_actions(self) -> None:
        from ..dialogs.fee_dialog import FeeStatusDialog  # when the tab is built

        session = self.session
        self.fee_button = self.add_action("登记收费…", FeeStatusDialog)
        self.fee_button.setObjectName("feeButton")
        self.fee_button.setEnabled(session.can(Perm.FEE_COLLECT) or session.can(Perm.FEE_WAIVE))
