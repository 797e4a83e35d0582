"""今日工作台: the 待跟进 list on top (``FollowUpBoard``), then six short lists (待派工, 已超时,
已派工未到场, 派工单未回, 待回访, 今日未完成), each with its count; double-click opens the order."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.permissions import Perm
from propdesk.domain.records import Changes, OrderRow
from propdesk.services.registers import BOARD_TITLES

from ..models.order_rows import BOARD_COLUMNS, OrderRowsModel
from ..session import Session
from ..widgets.record_view import RecordView
from ..widgets.scan_return import ScanReturnField
from .base import TabPage
from .followup_board import FollowUpBoard

WEEKDAYS = "一二三四五六日"
BOARD_LIMIT = 50
#: Lists drawn in red when not empty.
ALARM_KEYS = {"overdue"}


class TodayTab(TabPage):
    title = "今日工作台"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.date_label = QLabel(self)
        self.date_label.setObjectName("todayDate")
        top.addWidget(self.date_label, 1)
        new_button = QPushButton("新建工单 (Ctrl+N)", self)
        new_button.setObjectName("newOrder")
        new_button.clicked.connect(session.new_order_requested.emit)
        refresh = QPushButton("刷新 (F5)", self)
        refresh.clicked.connect(self.reload)
        top.addWidget(new_button)
        top.addWidget(refresh)
        layout.addLayout(top)
        self.scan_field = ScanReturnField(session, self)
        self.scan_field.setEnabled(session.can(Perm.RETURN_SLIP))
        layout.addWidget(self.scan_field)

        self.follow_up = FollowUpBoard(session, self)
        layout.addWidget(self.follow_up, 2)
        grid = QGridLayout()
        layout.addLayout(grid, 3)
        self.boxes: dict[str, QGroupBox] = {}
        self.models: dict[str, OrderRowsModel] = {}
        self.views: dict[str, RecordView] = {}
        self.counts: dict[str, int] = {}
        rules = session.settings().rules
        for i, (key, title) in enumerate(BOARD_TITLES.items()):
            box = QGroupBox(title, self)
            box.setObjectName(f"board_{key}")
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(4, 4, 4, 4)
            model = OrderRowsModel(BOARD_COLUMNS, session.now(), rules, parent=self)
            view = RecordView(box)
            view.setModel(model)
            view.remember_columns(session.prefs, "today")
            view.record_activated.connect(self._open)
            box_layout.addWidget(view)
            grid.addWidget(box, i // 3, i % 3)
            self.boxes[key] = box
            self.models[key] = model
            self.views[key] = view
        # 待审价: prices outside the 收费标准 wait for whoever may approve them (工程主管)
        self.price_box = QGroupBox("待审价", self)
        self.price_box.setObjectName("board_price_review")
        price_layout = QVBoxLayout(self.price_box)
        price_layout.setContentsMargins(4, 4, 4, 4)
        self.price_model = OrderRowsModel(BOARD_COLUMNS, session.now(), rules, parent=self)
        self.price_view = RecordView(self.price_box)
        self.price_view.setModel(self.price_model)
        self.price_view.record_activated.connect(self._open)
        price_layout.addWidget(self.price_view)
        grid.addWidget(self.price_box, grid.rowCount(), 0, 1, 3)
        self.price_box.setVisible(session.can(Perm.PRICE_UNLISTED))

    def wants(self, changes: Changes) -> bool:
        return bool(changes.order_ids) or changes.settings  # settings move the reminders

    def _open(self, row: OrderRow) -> None:
        self.session.open_order_requested.emit(row.id)

    def reload(self) -> None:
        now = self.session.now()
        self.loaded_day = now.date()
        self._show_date(now)
        rules = self.session.settings().rules
        self.follow_up.reload()
        for board in self.session.services.registers.today_board(limit=BOARD_LIMIT):
            model = self.models[board.key]
            model.set_clock(now, rules)
            model.set_records(board.rows)
            self.counts[board.key] = board.count
            shown = f"，显示前{len(board.rows)}条" if board.count > len(board.rows) else ""
            box = self.boxes[board.key]
            box.setTitle(f"{board.title}（{board.count}{shown}）")
            alarm = board.key in ALARM_KEYS and board.count > 0
            box.setStyleSheet("QGroupBox { color: #b00000; font-weight: bold; }" if alarm else "")
        if self.session.can(Perm.PRICE_UNLISTED):
            rows = self.session.services.paths.awaiting_price_review(self.session.user)
            self.price_model.set_clock(now, rules)
            self.price_model.set_records(rows)
            self.price_box.setTitle(f"待审价（{len(rows)}）：收费标准外的价格，请工程主管审核")

    def _show_date(self, now: datetime) -> None:
        self.date_label.setText(
            f"<span style='font-size:13pt; font-weight:bold;'>{now:%Y年%m月%d日} "
            f"星期{WEEKDAYS[now.weekday()]}</span>　当班：{self.session.user.display_name}"
        )

    def on_tick(self, now: datetime) -> None:
        if now.date() != getattr(self, "loaded_day", now.date()):
            self.reload()  # past midnight: 今日 means a new day
            return
        self._show_date(now)
        self.follow_up.on_tick(now)
        rules = self.session.settings().rules  # as changed since the last load
        for model in self.models.values():
            model.set_clock(now, rules)
