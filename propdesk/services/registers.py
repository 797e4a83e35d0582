"""Read-only queries the registers and the today board need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from propdesk.db import orders_repo, register_query
from propdesk.domain.enums import Status
from propdesk.domain.errors import NotFound, PermissionDenied
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.domain.records import OrderRecord, OrderRow, UserRecord

from .context import ServiceContext
from .visibility import Scope


@dataclass(frozen=True)
class BoardList:
    key: str
    title: str
    count: int
    rows: tuple[OrderRow, ...]


#: The today board's lists: key, title, filter builder, sort.
BOARD_TITLES = {
    "to_dispatch": "待派工",
    "overdue": "已超时",
    "not_arrived": "已派工未到场",
    "slips_out": "派工单未回",
    "to_visit": "待回访",
    "unfinished_today": "今日未完成",
}


class RegisterService:
    """Reads for one viewer: ``viewer=None`` (the command line) sees everything; a logged-in
    user sees what the permission matrix allows (维修工 only orders dispatched to them; phones
    masked for roles without ``Perm.VIEW_PHONES``). Build one per user with
    ``Services.for_viewer``."""

    def __init__(self, ctx: ServiceContext, viewer: UserRecord | None = None) -> None:
        self.ctx = ctx
        self.viewer = viewer
        self.scope = Scope.of(viewer)

    def page(
        self, f: OrderFilter, sort: Sort = Sort(), req: PageRequest = PageRequest()
    ) -> tuple[list[OrderRow], tuple[object, int] | None]:
        if self.scope.sees_nothing:
            return [], None
        rows, after = register_query.page(self.scope.order_filter(f), sort, req, self.ctx.now())
        if self.scope.mask_phones:
            rows = [self.scope.mask(r) for r in rows]
        return rows, after

    def count(self, f: OrderFilter) -> int:
        if self.scope.sees_nothing:
            return 0
        return register_query.count(self.scope.order_filter(f), self.ctx.now())

    def order(self, order_id: int) -> OrderRecord:
        order = orders_repo.load_order(order_id)
        if order is None:
            raise NotFound(f"工单不存在（id={order_id}）")
        visible = self.scope.keep([order])
        if not visible:
            assert self.viewer is not None
            raise PermissionDenied(f"“{self.viewer.role.label}”只能查看派给自己的工单")
        return visible[0]

    def orders(self, order_ids: list[int]) -> list[OrderRecord]:
        return self.scope.keep(orders_repo.load_orders(order_ids))

    def by_number(self, number: str) -> OrderRecord:
        oid = orders_repo.order_id_by_number(number)
        if oid is None:
            raise NotFound(f"工单编号“{number}”不存在")
        return self.order(oid)

    def rows(self, order_ids: list[int]) -> list[OrderRow]:
        return self.scope.keep(register_query.rows_by_ids(order_ids))

    def unit_history(self, unit_id: int, limit: int = 10) -> list[OrderRow]:
        if self.scope.staff_id is not None:
            rows, _ = self.page(OrderFilter(unit_id=unit_id), Sort(), PageRequest(limit=limit))
            return rows
        return self.scope.keep(register_query.recent_for_unit(unit_id, limit))

    def overdue_count(self) -> int:
        if self.scope.staff_id is not None:
            return self.count(OrderFilter(overdue=True))
        return register_query.overdue_count(self.ctx.now())

    def newly_overdue(self, since: datetime) -> list[OrderRow]:
        return self.scope.keep(register_query.newly_overdue(since, self.ctx.now()))

    def board_filter(self, key: str) -> tuple[OrderFilter, Sort]:
        today = self.ctx.now().date()
        oldest_first = Sort("received_at", descending=False)
        return {
            "to_dispatch": (OrderFilter(statuses=(Status.PENDING,)), oldest_first),
            "overdue": (OrderFilter(overdue=True), Sort("due_at", descending=False)),
            "not_arrived": (OrderFilter(statuses=(Status.DISPATCHED,)), Sort("due_at", False)),
            "slips_out": (OrderFilter(statuses=(Status.COMPLETED,)), Sort("due_at", False)),
            "to_visit": (OrderFilter(statuses=(Status.TO_VISIT,)), Sort("due_at", False)),
            "unfinished_today": (
                OrderFilter(
                    date_from=today,
                    date_to=today,
                    statuses=(Status.PENDING, Status.DISPATCHED, Status.IN_PROGRESS),
                ),
                oldest_first,
            ),
        }[key]

    def today_board(self, limit: int = 50) -> list[BoardList]:
        """今日工作台: each list with its full count and its first ``limit`` rows."""
        out = []
        for key, title in BOARD_TITLES.items():
            f, sort = self.board_filter(key)
            rows, _ = self.page(f, sort, PageRequest(limit=limit))
            out.append(BoardList(key, title, self.count(f), tuple(rows)))
        return out

    def day_start(self) -> datetime:
        return datetime.combine(self.ctx.now().date(), time.min)
